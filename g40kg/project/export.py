"""`g40kg export`: the merged graph from the store, byte-identical for the same input.

Why not rdflib's canonicalisation: it took most of the 3.6 s of an export of the corpus and does
not finish at a million triples. Blank nodes get labels from their content instead (colour
refinement over their edges, both ways); where blank nodes form trees, as `[ ... ]` in
hand-written Turtle does, nodes left with equal labels are interchangeable and any order gives
the same bytes. Only where blank nodes share structure in another way (a blank node reached
twice, or a cycle of them) and refinement leaves a tie is rdflib's canonical labelling used.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, Store, Triple, parse, serialize

from g40kg.project.errors import UsageError
from g40kg.project.prefixes import PREFIXES

FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "nq": RdfFormat.N_QUADS}
FORMATS["jsonld"] = RdfFormat.JSON_LD
EXTENSIONS = {".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".jsonld": "jsonld", ".json": "jsonld"}
MAIN_GRAPH = "https://w3id.org/g40kg/graph/g40kg"
ROUNDS = 8


def format_for(output: str | None, given: str | None) -> str:
    """The export format: --format, else the output file's extension, else Turtle.

    A --format that contradicts the extension is refused (a .nt file holding Turtle)."""
    suffix = Path(output).suffix.lower() if output else ""
    implied = EXTENSIONS.get(suffix)
    if given and implied and given != implied:
        raise UsageError(f"--format {given} does not fit {output!r} ({suffix} is {implied})")
    if given:
        return given
    if output and suffix and implied is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise UsageError(f"{output!r}: give --format, or a file name ending in {known}")
    return implied or "ttl"


def _triples(store: Store) -> set[Triple]:
    return {quad.triple for quad in store}


def _labels(triples: set[Triple]) -> dict[BlankNode, str] | None:
    """A content-derived label per blank node, or None where a tie might not be harmless."""
    out: dict[BlankNode, list[tuple[str, object]]] = defaultdict(list)
    inc: dict[BlankNode, list[tuple[object, str]]] = defaultdict(list)
    for s, p, o in triples:
        if isinstance(s, BlankNode):
            out[s].append((p.value, o))
        if isinstance(o, BlankNode):
            inc[o].append((s, p.value))
    nodes = set(out) | set(inc)
    if not nodes:
        return {}
    colour = dict.fromkeys(nodes, "")

    def name(term: object) -> str:
        return "_:" + colour[term] if isinstance(term, BlankNode) else str(term)

    classes = 1
    for _ in range(ROUNDS):
        colour = {
            b: hashlib.sha256(
                "\n".join(
                    sorted(f"> {p} {name(o)}" for p, o in out[b])
                    + sorted(f"< {name(s)} {p}" for s, p in inc[b])
                ).encode()
            ).hexdigest()[:20]
            for b in nodes
        }
        count = len(set(colour.values()))
        if count == classes or count == len(nodes):
            break
        classes = count
    if len(set(colour.values())) < len(nodes) and not _is_forest(nodes, inc, out):
        return None
    labels: dict[BlankNode, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for b in sorted(nodes, key=colour.__getitem__):
        labels[b] = f"b{colour[b]}" + (f"n{seen[colour[b]]}" if seen[colour[b]] else "")
        seen[colour[b]] += 1
    return labels


def _is_forest(nodes: set, inc: dict, out: dict) -> bool:
    """Whether every blank node is reached by at most one edge and none lies on a cycle."""
    if any(len(inc[b]) > 1 for b in nodes):
        return False
    for start in nodes:
        seen, node = {start}, start
        while inc[node] and isinstance(inc[node][0][0], BlankNode):
            node = inc[node][0][0]
            if node in seen:
                return False
            seen.add(node)
    return True


def _rdflib_canonical(triples: set[Triple]) -> list[Triple]:
    """rdflib's canonical form, for the blank-node structures refinement cannot settle."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    original = Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    data = to_canonical_graph(original).serialize(format="nt", encoding="utf-8")
    return [q.triple for q in parse(input=data, format=RdfFormat.N_TRIPLES)]


def canonical_triples(store: Store) -> list[Triple]:
    """The store's triples (every graph, each once), blank nodes relabelled, sorted."""
    triples = _triples(store)
    labels = _labels(triples)
    if labels is None:
        return sorted(_rdflib_canonical(triples), key=str)

    def term(t: object) -> object:
        return BlankNode(labels[t]) if isinstance(t, BlankNode) else t

    return sorted((Triple(term(s), p, term(o)) for s, p, o in triples), key=str)


def export(store: Store, fmt: str) -> bytes:
    """The graph in fmt (ttl, nt, nq, jsonld), the same bytes for the same input."""
    triples = canonical_triples(store)
    if fmt == "nq":
        graph = NamedNode(MAIN_GRAPH)
        quads: Iterable[Triple | Quad] = (Quad(s, p, o, graph) for s, p, o in triples)
    else:
        quads = triples
    prefixes = dict(PREFIXES) if fmt in ("ttl", "jsonld") else None
    data = serialize(quads, format=FORMATS[fmt], prefixes=prefixes) or b""
    if fmt == "ttl":  # the prefix lines in one order, whatever order the writer keeps them in
        lines = data.split(b"\n")
        head = 0
        while head < len(lines) and lines[head].startswith(b"@prefix "):
            head += 1
        data = b"\n".join(sorted(lines[:head]) + lines[head:])
    elif fmt == "jsonld":  # one node a line or so, not one line of megabytes
        data = (json.dumps(json.loads(data), indent=1, ensure_ascii=False) + "\n").encode()
    return data
