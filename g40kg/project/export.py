"""`g40kg export`: the merged graph in a stable form, byte-identical for the same input."""

from __future__ import annotations

import json

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from g40kg.project.namespaces import GRAPH, PREFIXES
from g40kg.project.turtle_writer import Layout, serialise

FORMATS = ("ttl", "nt", "nq", "jsonld")
MAIN_GRAPH = GRAPH["g40kg"]


def canonical(graph: Graph) -> Graph:
    """Blank nodes relabelled from their content, so labels do not depend on parse order."""
    return to_canonical_graph(graph)


def _sorted_lines(text: str) -> str:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def serialise_graph(graph: Graph, fmt: str) -> str:
    graph = canonical(graph)
    if fmt == "nt":
        return _sorted_lines(graph.serialize(format="nt"))
    if fmt == "nq":
        nt = _sorted_lines(graph.serialize(format="nt"))
        return "".join(line[: -len(" .")] + f" <{MAIN_GRAPH}> .\n" for line in nt.splitlines())
    if fmt == "ttl":
        return serialise(graph, Layout(prefixes=dict(PREFIXES)))
    if fmt == "jsonld":
        data = json.loads(graph.serialize(format="json-ld", auto_compact=False))
        for node in data:
            for values in node.values():
                if isinstance(values, list):
                    values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        data.sort(key=lambda node: node.get("@id", ""))
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
