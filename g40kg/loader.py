"""Parse the repository's Turtle files and source texts into one graph, never from the network.

Every failure is an InputError naming file and line; nothing is written while loading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from . import paths
from .errors import InputError, line_of
from .input_limits import check_turtle_size
from .namespaces import CNT, G40, SH
from .texts import mask_emails, read_text
from .vocabulary import ontology_terms, terms_of, unknown_term

# A base IRI no real data uses: any IRI resolved against it was relative in the file.
RELATIVE_BASE = "https://relative-iri.invalid/g40kg/"
RELATIVE_HOST = "https://relative-iri.invalid/"
IRI_IN_TEXT = re.compile(r"<([^<>\"\s]*)>")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass
class LoadedGraph:
    """The merged data graph, the shapes graph and where each subject was written."""

    root: Path
    data: Graph
    shapes: Graph
    origin: dict[URIRef, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def file_of(self, node: object) -> str | None:
        return self.origin.get(node) if isinstance(node, URIRef) else None


def _bad_syntax_line(exc: BadSyntax) -> int:
    return int(getattr(exc, "lines", 0)) + 1


def parse_turtle(path: Path, text: str | None = None) -> Graph:
    """Parse one Turtle file; refuse syntax errors, relative IRIs and non-Turtle content."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(path, None, "not UTF-8 text") from exc
    check_turtle_size(path, text)
    stripped = text.lstrip()
    if stripped.startswith("<?xml") or stripped.startswith("<rdf:RDF"):
        raise InputError(path, 1, "this is RDF/XML, not Turtle: g40kg reads only Turtle")
    if stripped.startswith(("{", "[")) and ('"@context"' in text or '"@id"' in text):
        raise InputError(path, 1, "this is JSON-LD, not Turtle: g40kg reads only Turtle")
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle", publicID=RELATIVE_BASE)
    except BadSyntax as exc:
        raise InputError(path, _bad_syntax_line(exc), f"Turtle syntax error: {exc._why}") from exc
    except Exception as exc:  # rdflib raises assorted errors for malformed literals etc.
        raise InputError(path, None, f"Turtle error: {exc}") from exc
    for term in terms_of(graph):
        if str(term).startswith(RELATIVE_HOST):
            relative = (
                str(term)[len(RELATIVE_BASE) :] if str(term).startswith(RELATIVE_BASE) else ""
            )
            line = _relative_line(text, relative)
            raise InputError(path, line, f"relative IRI <{relative}>: write a full IRI")
    return graph


def _relative_line(text: str, relative: str) -> int | None:
    """Line of the IRI reference that resolved to relative (or of the first one with no scheme)."""
    first_without_scheme = None
    for match in IRI_IN_TEXT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match.group(1) == relative:
            return line
        if first_without_scheme is None and not SCHEME.match(match.group(1)):
            first_without_scheme = line
    return first_without_scheme


def check_data_folder(root: Path) -> None:
    """Only Turtle under data/ and plain text under data/texts/; anything else is refused."""
    data = paths.data_dir(root)
    texts = paths.texts_dir(root)
    for path in sorted(data.rglob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix == ".ttl":
            continue
        if path.parent == texts and path.suffix == ".txt":
            continue
        raise InputError(
            path,
            None,
            "unexpected file in data/: annotations must be Turtle (.ttl) and "
            "source texts .txt files in data/texts/",
        )


def check_terms(path: Path, text: str, graph: Graph, g40_terms: frozenset[str]) -> None:
    for term in sorted(terms_of(graph)):
        message = unknown_term(term, g40_terms)
        if message:
            local = str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            line = line_of(text, str(term)) or _line_of_local(text, local)
            raise InputError(path, line, message)


def _line_of_local(text: str, local: str) -> int | None:
    match = re.search(r":" + re.escape(local) + r"(?![\w-])", text)
    return text.count("\n", 0, match.start()) + 1 if match else None


# SHACL-AF terms pyshacl ignores unless advanced mode is on: a shape using one would silently
# check nothing, so it is refused.
ADVANCED_TERMS = (
    "rule",
    "SPARQLTarget",
    "SPARQLTargetType",
    "target",
    "SPARQLFunction",
    "expression",
    "JSConstraint",
    "js",
    "TripleRule",
    "SPARQLRule",
    "condition",
)
SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
# A dataset clause: FROM (NAMED) followed by an IRI (to name its line in the shapes file).
FROM = re.compile(r"\bFROM\s+(?:NAMED\s+)?<", re.IGNORECASE)


def check_shapes(path: Path, text: str, graph: Graph) -> None:
    """Refuse shapes that would reach the network or be silently ignored."""
    for term in ADVANCED_TERMS:
        if any(True for _ in graph.triples((None, SH[term], None))):
            raise InputError(
                path,
                line_of(text, f"sh:{term}"),
                f"sh:{term} is an advanced SHACL feature g40kg does not enable: it would be "
                "ignored, so the shape would check nothing",
            )
    for prop in (SH.select, SH.ask):
        for query in graph.objects(None, prop):
            if SERVICE.search(str(query)):
                raise InputError(
                    path,
                    _line_of_pattern(text, SERVICE),
                    "SERVICE in a SHACL-SPARQL constraint: validation never reads the network",
                )
            if _reads_remote(str(query)):
                raise InputError(
                    path,
                    _line_of_pattern(text, FROM),
                    "FROM in a SHACL-SPARQL constraint: validation never reads the network",
                )


def _reads_remote(query: str) -> bool:
    """Whether rdflib's parser finds SERVICE or FROM in a constraint's query (g40kg.query_guard)."""
    from pyparsing import ParseBaseException

    from .query_guard import remote_reads

    try:
        return bool(remote_reads(query))
    except ParseBaseException:
        return False  # pyshacl cannot run it either: it reports the syntax error itself


def _line_of_pattern(text: str, pattern: re.Pattern[str]) -> int | None:
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def add_source_texts(root: Path, data: Graph, origin: dict[URIRef, str]) -> None:
    """Attach each source's text (e-mail local parts masked) and its actual sha256."""
    for source, file_name in sorted(data.subject_objects(G40.textFile)):
        declared_in = origin.get(source, "data/")
        name = str(file_name)
        if "/" in name or "\\" in name or name.startswith("."):
            raise InputError(declared_in, None, f"g40:textFile {name!r} must be a bare file name")
        path = paths.texts_dir(root) / name
        if not path.is_file():
            raise InputError(declared_in, None, f"source text data/texts/{name} does not exist")
        text, digest = read_text(path)
        data.add((source, CNT.chars, Literal(mask_emails(text))))
        data.add((source, G40.computedSha256, Literal(digest)))


def load(root: Path | None = None) -> LoadedGraph:
    """Load ontology/ and data/ of root into a data graph and a shapes graph."""
    root = root or paths.project_root()
    if not paths.ontology_dir(root).is_dir() or not paths.data_dir(root).is_dir():
        raise InputError(root, None, "no ontology/ and data/ here: run g40kg in the repository")
    check_data_folder(root)
    shapes_set = set(paths.shapes_files(root))
    parsed: list[tuple[Path, str, Graph]] = []
    for path in paths.turtle_files(root):
        text = path.read_text(encoding="utf-8") if path.suffix == ".ttl" else ""
        parsed.append((path, text, parse_turtle(path, text)))
    ontology = Graph()
    for path, _text, graph in parsed:
        if path.parent == paths.ontology_dir(root) and path not in shapes_set:
            ontology += graph
    g40_terms = ontology_terms(ontology)
    data, shapes = Graph(), Graph()
    origin: dict[URIRef, str] = {}
    for path, text, graph in parsed:
        check_terms(path, text, graph, g40_terms)
        rel = str(path.relative_to(root))
        if path in shapes_set:
            check_shapes(path, text, graph)
            shapes += graph
            continue
        data += graph
        for subject in graph.subjects(unique=True):
            if isinstance(subject, URIRef):
                origin.setdefault(subject, rel)
    add_source_texts(root, data, origin)
    return LoadedGraph(root, data, shapes, origin, [p for p, _, _ in parsed])
