"""What add-source, quote and suggest share: slugs, the prefixes of an annotation file, finding
a source from what a person types, and Turtle snippets in exactly the form `g40kg fmt` writes
(so a pasted block is already canonical)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from g40kg.project.errors import UsageError
from g40kg.project.names import fold
from g40kg.project.namespaces import CNT, G40, PREFIXES, SRC
from g40kg.project.turtle_writer import Layout, Writer, serialise

# The prefix set of the worked example (data/annotations/002_e13bc018be1931a8.ttl): every new
# annotation file starts with it, so any block from the docs can be pasted without edits.
ANNOTATION_PREFIXES: tuple[str, ...] = (
    "ann",
    "basis",
    "body",
    "dcterms",
    "event",
    "fact",
    "g40",
    "gm",
    "oa",
    "org",
    "person",
    "place",
    "prog",
    "prov",
    "rdfs",
    "role",
    "schema",
    "skos",
    "src",
    "theme",
    "xsd",
)
APOSTROPHES = "'’‘`´"


def annotation_prefixes() -> dict[str, str]:
    return {name: PREFIXES[name] for name in ANNOTATION_PREFIXES}


def slugify(text: str, max_length: int = 0) -> str:
    """Lower-case ASCII with hyphens (é → e, ı → i, ß → ss, thema’s → themas), cut at a hyphen
    to max_length. Letters fold as `g40kg find` folds them (g40kg.project.names.fold), so the IRI
    of "Mehmet Aydın" is person:mehmet-aydin, not person:mehmet-aydn."""
    ascii_text = fold(text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(f"[{APOSTROPHES}]", "", ascii_text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if max_length and len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")


def short_name(node: URIRef, prefixes: dict[str, str] | None = None) -> str:
    """The prefixed name of node (an annotation file's prefixes by default), else <IRI>."""
    return Writer(Graph(), prefixes or PREFIXES).name(node)


def expand_name(value: str, what: str) -> URIRef:
    """A prefixed name (body:vng) or full IRI (with or without <>) as given on the command line."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE):
        return URIRef(value)
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    raise UsageError(
        f"{what} {value!r}: write a prefixed name such as body:vng or src:almere-2022 "
        f"(known prefixes: {', '.join(sorted(PREFIXES))}) or a full IRI"
    )


def turtle_block(graph: Graph, prefixes: dict[str, str] | None = None) -> str:
    """The canonical Turtle of graph's subjects, without the @prefix lines (names with an
    annotation file's prefixes, or with the prefixes given)."""
    text = serialise(graph, Layout(prefixes=prefixes or annotation_prefixes()))
    body = [line for line in text.splitlines() if not line.startswith("@prefix ")]
    while body and not body[0]:
        body.pop(0)
    return "\n".join(body) + "\n"


@dataclass(frozen=True)
class SourceRef:
    """A source of the graph and its text, as the annotation commands need them."""

    iri: URIRef
    text_file: str
    text: str

    @property
    def name(self) -> str:
        return short_name(self.iri)

    @property
    def slug(self) -> str:
        iri = str(self.iri)
        local = iri[len(str(SRC)) :] if iri.startswith(str(SRC)) else iri.rsplit("/", 1)[-1]
        return slugify(local) or "source"

    @property
    def number(self) -> str:
        return self.text_file.split("_", 1)[0]

    def label(self) -> str:
        return f"{self.name} (data/texts/{self.text_file})"


def sources(graph: Graph) -> list[SourceRef]:
    """Every source with a loaded text, in the order of their text files."""
    found = []
    for source in graph.subjects(RDF.type, G40.Source):
        text_file, text = graph.value(source, G40.textFile), graph.value(source, CNT.chars)
        if isinstance(source, URIRef) and text_file is not None and text is not None:
            found.append(SourceRef(source, str(text_file), str(text)))
    return sorted(found, key=lambda s: (s.text_file, str(s.iri)))


def find_source(graph: Graph, spec: str) -> SourceRef:
    """The source SOURCE names: src:slug or its IRI, its text file (name, stem or path), or
    the file's number (005 or 5)."""
    known = sources(graph)
    spec = spec.strip()
    wanted: list[SourceRef] = []
    if spec.isdigit():
        wanted = [s for s in known if s.number.isdigit() and int(s.number) == int(spec)]
    elif ":" in spec and not spec.endswith((".txt", ".ttl")):
        iri = expand_name(spec, "SOURCE")
        wanted = [s for s in known if s.iri == iri]
    else:
        name = Path(spec).name
        wanted = [s for s in known if name in (s.text_file, Path(s.text_file).stem)]
        if not wanted and name.endswith(".ttl"):
            wanted = [s for s in known if Path(s.text_file).stem == Path(name).stem]
    if len(wanted) == 1:
        return wanted[0]
    listing = "; ".join(f"{s.number} = {s.name}" for s in known) or "none"
    if not wanted:
        raise UsageError(f"SOURCE {spec!r}: no such source (known: {listing})")
    raise UsageError(f"SOURCE {spec!r} names more than one source: write its src: name")
