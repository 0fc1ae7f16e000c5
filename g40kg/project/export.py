"""`g40kg export`: the merged graph from the store, byte-identical for the same input.

Why not rdflib's canonicalisation: it took most of the 3.6 s of an export of the corpus and does
not finish at a million triples. Blank nodes get labels from their content instead (colour
refinement over their edges, both ways); where blank nodes form trees, as `[ ... ]` in
hand-written Turtle does, nodes left with equal labels are numbered in the order of their places
in the tree (`_places`), so that the same graph gives the same bytes. Only where blank nodes
share structure in another way (a blank node reached twice, or a cycle of them) and refinement
leaves a tie is rdflib's canonical labelling used.

Why N-Triples lines, not pyoxigraph terms: at a million triples, making a Python object of each
triple and str() of each to sort them took longer than all the rest; the store writes each
graph as N-Triples, whose lines are exactly str(triple) + " .", and they are relabelled and
sorted as bytes (the same order as before), then parsed once for the Turtle writer.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

from pyoxigraph import DefaultGraph, RdfFormat, Store, parse, serialize

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


def _lines(store: Store) -> tuple[list[bytes], dict[bytes, tuple[bytes, bytes, bytes]]]:
    """The store's triples (every graph) as N-Triples lines without the newline: those with no
    blank node (a triple in several graphs is there as often) and, each once, those with one
    with their terms.

    Written by pyoxigraph graph by graph: a line is `str(triple) + " ."` (one space between
    the terms, the object last), so sorting lines sorts as sorting the triples by str did
    (a line's " ." sorts before any character that could follow a whole term)."""
    plain: list[bytes] = []
    blank: dict[bytes, tuple[bytes, bytes, bytes]] = {}
    for graph in (DefaultGraph(), *store.named_graphs()):
        data = store.dump(format=RdfFormat.N_TRIPLES, from_graph=graph) or b""
        lines = data.split(b"\n")
        if lines[-1] == b"":  # after the last newline
            lines.pop()
        if b"_:" not in data:
            plain.extend(lines)
            continue
        for line in lines:
            if b"_:" in line:  # maybe a blank node (or "_:" inside a literal)
                terms = _terms(line)
                if terms[0][:2] == b"_:" or terms[2][:2] == b"_:":
                    blank[line] = terms
                    continue
            plain.append(line)
    return plain, blank


def _terms(line: bytes) -> tuple[bytes, bytes, bytes]:
    """(subject, predicate, object) of an N-Triples line as written by pyoxigraph.

    A subject or predicate holds no space (an IRI or a blank node label; a triple term is
    never a subject), so the object is the rest of the line before " ."."""
    s, p, rest = line.split(b" ", 2)
    return s, p, rest[:-2]


def _labels(edges: list[tuple[bytes, bytes, bytes]]) -> dict[bytes, bytes] | None:
    """A content-derived label per blank node, or None where a tie might not be harmless.

    edges are the (subject, predicate, object) terms, as N-Triples, of every triple with a
    blank subject or object. A node's colour in each round is the sha256 of its sorted edges,
    `> {p} {o}` out then `< {s} {p}` in, a blank neighbour named by its colour of the round
    before (`_:` + colour; the empty colour in the first round)."""
    # Per node: edges out to and in from terms that are not blank (the same text in every
    # round), edges out to blank nodes (b"> p _:", o) and in from them (s, b" p").
    node: dict[bytes, tuple[list[bytes], list[bytes], list[tuple], list[tuple]]] = {}
    in_count: dict[bytes, int] = defaultdict(int)
    parent: dict[bytes, bytes] = {}  # the subject of a node's (last) incoming edge

    def entry(b: bytes) -> tuple[list[bytes], list[bytes], list[tuple], list[tuple]]:
        found = node.get(b)
        if found is None:
            found = node[b] = ([], [], [], [])
        return found

    for s, p, o in edges:
        iri = p[1:-1]
        if s[:2] == b"_:":
            if o[:2] == b"_:":
                entry(s)[2].append((b"> " + iri + b" _:", o))
                entry(o)[3].append((s, b" " + iri))
            else:
                entry(s)[0].append(b"> " + iri + b" " + o)
        else:
            entry(o)[1].append(b"< " + s + b" " + iri)
        if o[:2] == b"_:":
            in_count[o] += 1
            parent[o] = s
    if not node:
        return {}
    sha256 = hashlib.sha256
    steady: dict[bytes, bytes] = {}  # the colour of a node with no blank neighbour
    moving = []
    for b, (fixed_out, fixed_in, outs, ins) in node.items():
        fixed_out.sort()
        fixed_in.sort()
        if outs or ins:
            moving.append((b, fixed_out, fixed_in, outs, ins))
        else:
            steady[b] = sha256(b"\n".join(fixed_out + fixed_in)).hexdigest()[:20].encode()
    colour = dict.fromkeys(node, b"")
    classes = 1
    for _ in range(ROUNDS):
        new = dict(steady)
        for b, fixed_out, fixed_in, outs, ins in moving:
            text = fixed_out
            if outs:
                text = fixed_out + [head + colour[o] for head, o in outs]
                text.sort()
            if ins:
                inward = fixed_in + [b"< _:" + colour[s] + tail for s, tail in ins]
                inward.sort()
                text = text + inward
            else:
                text = text + fixed_in
            new[b] = sha256(b"\n".join(text)).hexdigest()[:20].encode()
        colour = new
        count = len(set(colour.values()))
        if count == classes or count == len(node):
            break
        classes = count
    members: dict[bytes, list[bytes]] = defaultdict(list)
    for b, c in colour.items():
        members[c].append(b)
    if len(members) < len(node):  # ties
        if not _is_forest(node, in_count, parent):
            return None
        place = _places(node, parent)
        for tied in members.values():
            tied.sort(key=place.__getitem__)
    labels: dict[bytes, bytes] = {}
    for c, tied in members.items():
        for k, b in enumerate(tied):
            labels[b] = b"_:b" + c + (b"n%d" % k if k else b"")
    return labels


def _places(node: dict[bytes, tuple], parent: dict[bytes, bytes]) -> dict[bytes, bytes]:
    """Where each blank node of a forest stands, as a digest that orders tied nodes.

    Why: nodes that refinement leaves tied are numbered in the order of their places, and a
    node's place extends its parent's (the edge in, the node's whole subtree), so a parent's
    number decides its children's: two identical `[ ... [ ... ] ]` under one subject may be
    numbered either way round, and either way gives the same bytes. (Numbered independently,
    the inner nodes could be paired with the other outer node, and two runs differed.) Only
    siblings with identical subtrees share a place before their rank is added, and those are
    interchangeable with all they hold."""
    sha256 = hashlib.sha256
    children: dict[bytes, list[tuple[bytes, bytes]]] = defaultdict(list)  # (head, child)
    for b, (_fixed_out, _fixed_in, outs, _ins) in node.items():
        for head, o in outs:
            children[b].append((head, o))
    subtree: dict[bytes, bytes] = {}  # the exact content below a node, bottom-up
    for start in node:
        stack = [start]
        while stack:
            b = stack[-1]
            if b in subtree:
                stack.pop()
                continue
            waiting = [o for _head, o in children[b] if o not in subtree]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            text = node[b][0] + [head + subtree[o] for head, o in children[b]]
            subtree[b] = sha256(b"\n".join(sorted(text))).hexdigest().encode()
    edge_in: dict[bytes, bytes] = {}  # the edge into a node as "< s p" (s blank: "< _: p")
    for b, (_fixed_out, fixed_in, _outs, ins) in node.items():
        if fixed_in:
            edge_in[b] = fixed_in[0]
        elif ins:
            edge_in[b] = b"< _:" + ins[0][1]
    place: dict[bytes, bytes] = {}
    level = sorted(b for b in node if b not in parent or parent[b][:2] != b"_:")
    while level:
        by_key: dict[bytes, list[bytes]] = defaultdict(list)
        for b in level:
            up = place[parent[b]] if b in parent and parent[b][:2] == b"_:" else b""
            by_key[sha256(up + b"|" + edge_in.get(b, b"") + b"|" + subtree[b]).digest()].append(b)
        for key, same in by_key.items():
            for rank, b in enumerate(same):
                place[b] = sha256(key + b"%d" % rank).digest()
        level = [o for b in level for _head, o in children[b]]
    return place


def _is_forest(
    nodes: Iterable[bytes], in_count: dict[bytes, int], parent: dict[bytes, bytes]
) -> bool:
    """Whether every blank node is reached by at most one edge and none lies on a cycle."""
    if any(in_count.get(b, 0) > 1 for b in nodes):
        return False
    for start in nodes:
        seen, node = {start}, start
        while node in parent and parent[node][:2] == b"_:":
            node = parent[node]
            if node in seen:
                return False
            seen.add(node)
    return True


def _rdflib_canonical(lines: Iterable[bytes]) -> list[bytes]:
    """rdflib's canonical form, for the blank-node structures refinement cannot settle."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    original = Graph().parse(data=b"\n".join(lines).decode("utf-8"), format="nt")
    data = to_canonical_graph(original).serialize(format="nt", encoding="utf-8")
    triples = {q.triple for q in parse(input=data, format=RdfFormat.N_TRIPLES)}
    return [str(t).encode("utf-8") + b" ." for t in triples]


def canonical_lines(store: Store) -> list[bytes]:
    """The store's triples (every graph, each once), blank nodes relabelled, sorted, as
    N-Triples lines without the newline."""
    enabled = gc.isenabled()
    gc.disable()  # millions of short-lived containers, no cycles: collections only cost time
    try:
        return _canonical_lines(store)
    finally:
        if enabled:
            gc.enable()


def _canonical_lines(store: Store) -> list[bytes]:
    plain, blank = _lines(store)
    edges = list(blank.values())
    labels = _labels(edges)
    if labels is None:
        return sorted(_rdflib_canonical([*set(plain), *blank]))
    del blank
    plain.extend(b" ".join((labels.get(s, s), p, labels.get(o, o))) + b" ." for s, p, o in edges)
    plain.sort()
    return [line for line, _same in groupby(plain)]  # a triple in several graphs once


def _sorted_prefixes(data: bytes) -> bytes:
    """Turtle with its leading @prefix lines in one order, whatever order the writer keeps."""
    end = 0
    while data.startswith(b"@prefix ", end):
        newline = data.find(b"\n", end)
        if newline < 0:
            return b"\n".join(sorted(data.split(b"\n")))
        end = newline + 1
    if end == 0:
        return data
    return b"\n".join(sorted(data[: end - 1].split(b"\n"))) + b"\n" + data[end:]


def export(store: Store, fmt: str) -> bytes:
    """The graph in fmt (ttl, nt, nq, jsonld), the same bytes for the same input."""
    lines = canonical_lines(store)
    if fmt == "nt":
        return b"".join(line + b"\n" for line in lines)
    if fmt == "nq":
        graph = b" <" + MAIN_GRAPH.encode() + b"> .\n"
        return b"".join(line[:-2] + graph for line in lines)
    triples = (
        q.triple for q in parse(input=b"\n".join(lines), format=RdfFormat.N_TRIPLES, lenient=True)
    )
    data = serialize(triples, format=FORMATS[fmt], prefixes=dict(PREFIXES)) or b""
    if fmt == "ttl":
        data = _sorted_prefixes(data)
    elif fmt == "jsonld":  # one node a line or so, not one line of megabytes
        data = (json.dumps(json.loads(data), indent=1, ensure_ascii=False) + "\n").encode()
    return data
