"""Find quotes in source texts, so that nobody has to count code points by hand.

An annotation may give only oa:exact (plus oa:prefix/oa:suffix where the passage occurs more
than once); `g40kg fmt` then writes or corrects its oa:TextPositionSelector.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from g40kg.project.namespaces import CNT, OA


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


def _selectors(graph: Graph, target: object) -> tuple[object | None, object | None]:
    quote = position = None
    for selector in graph.objects(target, OA.hasSelector):
        kinds = set(graph.objects(selector, RDF.type))
        if OA.TextQuoteSelector in kinds:
            quote = selector
        if OA.TextPositionSelector in kinds:
            position = selector
    return quote, position


def fill_positions(file_graph: Graph, texts: dict[URIRef, str]) -> list[SelectorProblem]:
    """Add or correct position selectors in file_graph in place; return what could not be done."""
    problems = []
    for annotation, target in sorted(file_graph.subject_objects(OA.hasTarget)):
        source = file_graph.value(target, OA.hasSource)
        quote, position = _selectors(file_graph, target)
        if quote is None or source not in texts:
            continue
        exact = file_graph.value(quote, OA.exact)
        if exact is None:
            continue
        prefix = file_graph.value(quote, OA.prefix)
        suffix = file_graph.value(quote, OA.suffix)
        text = texts[source]
        if position is not None:
            start = file_graph.value(position, OA.start)
            end = file_graph.value(position, OA.end)
            if start is not None and end is not None:
                s, e = int(start), int(end)
                if text[s:e] == str(exact) and s in locate(
                    text, str(exact), prefix and str(prefix), suffix and str(suffix)
                ):
                    continue
        starts = locate(text, str(exact), prefix and str(prefix), suffix and str(suffix))
        if len(starts) != 1:
            what = "not found in" if not starts else f"found {len(starts)} times in"
            hint = "" if not starts else " (add oa:prefix or oa:suffix to pick one)"
            problems.append(
                SelectorProblem(str(annotation), str(exact), f"quote {what} {source}{hint}")
            )
            continue
        if position is None:
            position = BNode()
            file_graph.add((target, OA.hasSelector, position))
            file_graph.add((position, RDF.type, OA.TextPositionSelector))
        file_graph.set((position, OA.start, Literal(starts[0], datatype=XSD.integer)))
        file_graph.set(
            (position, OA.end, Literal(starts[0] + len(str(exact)), datatype=XSD.integer))
        )
    return problems


def source_texts(data: Graph) -> dict[URIRef, str]:
    return {s: str(t) for s, t in data.subject_objects(CNT.chars) if isinstance(s, URIRef)}
