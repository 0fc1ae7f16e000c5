"""Find quotes in source texts, so that nobody has to count code points by hand.

An annotation may give only oa:exact (plus oa:prefix/oa:suffix where the passage occurs more
than once); `g40kg fmt` then writes or corrects its oa:TextPositionSelector.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyoxigraph import BlankNode, NamedNode
from pyoxigraph import Literal as OxLiteral

if TYPE_CHECKING:
    from rdflib import Graph

    Term = NamedNode | BlankNode | OxLiteral

OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
CNT_CHARS = "http://www.w3.org/2011/content#chars"


def occurrences(text: str, exact: str) -> list[int]:
    """Every start offset (code points) of exact in text, overlapping ones included."""
    found, start = [], text.find(exact)
    while start >= 0 and exact:
        found.append(start)
        start = text.find(exact, start + 1)
    return found


def locate(
    text: str, exact: str, prefix: str | None = None, suffix: str | None = None
) -> list[int]:
    """Starts of exact that also fit the given prefix and suffix."""
    return [
        s
        for s in occurrences(text, exact)
        if (prefix is None or text[:s].endswith(prefix))
        and (suffix is None or text[s + len(exact) :].startswith(suffix))
    ]


@dataclass
class SelectorProblem:
    annotation: str
    exact: str
    message: str


class TripleSet:
    """One file's triples as pyoxigraph terms, with the few look-ups fill_positions needs
    (the rdflib Graph methods of the same names), so that fmt needs no rdflib graph."""

    def __init__(self, triples: Iterable[tuple[Term, Term, Term]] = ()) -> None:
        self.triples: dict[tuple[Term, Term, Term], None] = {}
        self.index: dict[tuple[Term, Term], list[Term]] = {}
        for triple in triples:
            self.add(triple)

    def __iter__(self) -> Iterator[tuple[Term, Term, Term]]:
        return iter(list(self.triples))

    def __len__(self) -> int:
        return len(self.triples)

    def objects(self, subject: Term, predicate: Term) -> list[Term]:
        return list(self.index.get((subject, predicate), ()))

    def value(self, subject: Term, predicate: Term) -> Term | None:
        found = self.index.get((subject, predicate))
        return found[0] if found else None

    def subject_objects(self, predicate: Term) -> list[tuple[Term, Term]]:
        return [(s, o) for s, p, o in self.triples if p == predicate]

    def add(self, triple: tuple[Term, Term, Term]) -> None:
        if triple not in self.triples:
            self.triples[triple] = None
            self.index.setdefault(triple[:2], []).append(triple[2])

    def set(self, triple: tuple[Term, Term, Term]) -> None:
        for old in self.index.pop(triple[:2], []):
            del self.triples[(*triple[:2], old)]
        self.add(triple)


def _vocabulary(graph: object) -> dict[str, object]:
    """The terms fill_positions uses, as the graph's library makes them."""
    local = ("hasTarget", "hasSource", "hasSelector", "exact", "prefix", "suffix", "start", "end")
    local += ("TextQuoteSelector", "TextPositionSelector")
    iris = {name: OA + name for name in local} | {"type": RDF_TYPE}
    if isinstance(graph, TripleSet):
        terms: dict[str, object] = {k: NamedNode(v) for k, v in iris.items()}
        terms["blank"] = BlankNode
        terms["integer"] = lambda n: OxLiteral(str(n), datatype=NamedNode(XSD_INTEGER))
        return terms
    from rdflib import BNode, Literal, URIRef

    names: dict[str, object] = {k: URIRef(v) for k, v in iris.items()}
    names["blank"] = BNode
    names["integer"] = lambda n: Literal(n, datatype=URIRef(XSD_INTEGER))
    return names


def _text(term: object) -> str:
    return getattr(term, "value", None) if isinstance(term, OxLiteral | NamedNode) else str(term)


def _integer(term: object) -> int | None:
    try:
        return int(_text(term))
    except ValueError:
        return None


def _selectors(graph: Graph | TripleSet, target: object, v: dict) -> tuple[object, object]:
    quote = position = None
    for selector in graph.objects(target, v["hasSelector"]):
        kinds = set(graph.objects(selector, v["type"]))
        if v["TextQuoteSelector"] in kinds:
            quote = selector
        if v["TextPositionSelector"] in kinds:
            position = selector
    return quote, position


def fill_positions(file_graph: Graph | TripleSet, texts: dict[str, str]) -> list[SelectorProblem]:
    """Add or correct position selectors in file_graph in place; return what could not be done.

    texts: each source's text by the source's IRI."""
    v = _vocabulary(file_graph)
    problems = []
    pairs = sorted(file_graph.subject_objects(v["hasTarget"]), key=lambda at: tuple(map(str, at)))
    for annotation, target in pairs:
        source = file_graph.value(target, v["hasSource"])
        quote, position = _selectors(file_graph, target, v)
        if quote is None or source is None or _text(source) not in texts:
            continue
        exact = file_graph.value(quote, v["exact"])
        if exact is None:
            continue
        exact_text = _text(exact)
        prefix = file_graph.value(quote, v["prefix"])
        suffix = file_graph.value(quote, v["suffix"])
        before = prefix and _text(prefix)
        after = suffix and _text(suffix)
        text = texts[_text(source)]
        if position is not None:
            s = _integer(file_graph.value(position, v["start"]))
            e = _integer(file_graph.value(position, v["end"]))
            found = s is not None and e is not None and text[s:e] == exact_text
            if found and s in locate(text, exact_text, before, after):
                continue
        starts = locate(text, exact_text, before, after)
        if len(starts) != 1:
            what = "not found in" if not starts else f"found {len(starts)} times in"
            hint = "" if not starts else " (add oa:prefix or oa:suffix to pick one)"
            message = f"quote {what} {_text(source)}{hint}"
            problems.append(SelectorProblem(_text(annotation), exact_text, message))
            continue
        if position is None:
            position = v["blank"]()
            file_graph.add((target, v["hasSelector"], position))
            file_graph.add((position, v["type"], v["TextPositionSelector"]))
        file_graph.set((position, v["start"], v["integer"](starts[0])))
        file_graph.set((position, v["end"], v["integer"](starts[0] + len(exact_text))))
    return problems


def source_texts(data: Graph) -> dict[str, str]:
    """Each source's text (cnt:chars) by the source's IRI."""
    from rdflib import URIRef

    chars = URIRef(CNT_CHARS)
    return {str(s): str(t) for s, t in data.subject_objects(chars) if isinstance(s, URIRef)}
