"""Parse the repository's Turtle files and source texts into one graph, never from the network.

Every failure is an InputError naming file and line; nothing is written while loading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from g40kg.project import paths
from g40kg.project.errors import InputError, line_of
from g40kg.project.input_limits import check_term_sizes, check_turtle_size
from g40kg.project.namespaces import CNT, G40, SH
from g40kg.project.texts import is_bare_name, mask_emails, read_text
from g40kg.project.turtle_checks import (
    RELATIVE_BASE,
    RELATIVE_HOST,
    check_data_folder,
    check_format,
    decode_turtle,
    relative_error,
    relative_part,
    term_line,
)
from g40kg.project.vocabulary import ontology_terms, terms_of, unknown_term


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
        text = decode_turtle(path, path.read_bytes())
    check_turtle_size(path, text)
    check_format(path, text)
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle", publicID=RELATIVE_BASE)
    except BadSyntax as exc:
        raise InputError(path, _bad_syntax_line(exc), f"Turtle syntax error: {exc._why}") from exc
    except Exception as exc:  # rdflib raises assorted errors for malformed literals etc.
        raise InputError(path, None, f"Turtle error: {exc}") from exc
    check_term_sizes(path, len(text), (str(t) for triple in graph for t in triple))
    for term in terms_of(graph):
        if str(term).startswith(RELATIVE_HOST):
            raise relative_error(path, text, relative_part(str(term)))
    return graph


def check_terms(path: Path, text: str, graph: Graph, g40_terms: frozenset[str]) -> None:
    for term in sorted(terms_of(graph)):
        message = unknown_term(term, g40_terms)
        if message:
            raise InputError(path, term_line(text, str(term)), message)


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
            if _reads_remote(path, text, str(query)):
                raise InputError(
                    path,
                    _line_of_pattern(text, FROM),
                    "FROM in a SHACL-SPARQL constraint: validation never reads the network",
                )


def _reads_remote(path: Path, text: str, query: str) -> bool:
    """Whether rdflib's parser finds SERVICE or FROM in a constraint's query; InputError when
    the query guard refuses it (g40kg.project.sparql_guard): the default engine runs the text on
    pyoxigraph, which must never see a query the guard could not read."""
    from g40kg.project.sparql_guard import GuardRefusal, remote_reads

    try:
        return bool(remote_reads(query))
    except GuardRefusal as refusal:
        first = query.strip().splitlines()[0] if query.strip() else query
        raise InputError(
            path, line_of(text, first), f"SHACL-SPARQL constraint refused: {refusal.message}"
        ) from None


def _line_of_pattern(text: str, pattern: re.Pattern[str]) -> int | None:
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def add_source_texts(root: Path, data: Graph, origin: dict[URIRef, str]) -> None:
    """Attach each source's text (e-mail local parts masked) and its actual sha256."""
    for source, file_name in sorted(data.subject_objects(G40.textFile)):
        declared_in = origin.get(source, "data/")
        name = str(file_name)
        if not is_bare_name(name):
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
        text = decode_turtle(path, path.read_bytes())
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
