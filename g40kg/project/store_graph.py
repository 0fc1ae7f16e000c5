"""A read-only view of the project's pyoxigraph store through the rdflib Graph methods g40kg reads.

Why: the network projections (g40kg.network.projections) read the graph through rdflib's Graph API,
and rdflib needs a minute and 2 GB to parse a million triples before the first projection
starts. The store (g40kg.project.load.open_project) already holds the same triples. Asking
the store once per call costs ~17 µs (a Python iterator over RocksDB), and a projection makes
millions of such calls at 1M triples, so StoreGraph reads a predicate's triples the first time
it is asked about and keeps them in two dicts (subject → objects, object → subjects): one scan
per predicate, then dict look-ups, cheaper than rdflib's own in-memory store.

Terms come back as rdflib terms, converted once each (a cache keyed by the pyoxigraph term):
IRIs as URIRef, blank nodes as BNode with the store's id (the same node is the same BNode for
the life of the StoreGraph), literals with their language or datatype, plain xsd:string ones
without a datatype as the Turtle parser gives them. A triple held in several named graphs (one
per input file) is given once, as in the rdflib graph the loader merges.

Known differences, all from the store keeping literals in canonical form: an xsd:decimal loses
trailing zeros ("1.50" comes back "1.5"), a language tag comes back in lower case ("nl-NL" as
"nl-nl"; g40kg.network.projections compares tags case-insensitively) and "x"^^xsd:string comes back
as the plain "x" (the same text; rdflib holds them unequal). Other types come out as rdflib writes
them ("007"^^xsd:integer as "7", a dateTime's Z as +00:00 in both). No projection reads a decimal or
tells the two strings apart; tests/network/test_network_store.py compares every projection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

if TYPE_CHECKING:
    from rdflib import Graph

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_VALUE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#value")
_EMPTY: tuple[Node, ...] = ()

Pattern = tuple[Node | None, Node | None, Node | None]
Triple = tuple[Node, Node, Node]


class StoreGraph:
    """The union of a pyoxigraph store's graphs, read with rdflib's Graph methods (read only)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._terms: dict[object, Node] = {}
        self._forward: dict[Node, dict[Node, tuple[Node, ...]]] = {}  # p → s → objects
        self._backward: dict[Node, dict[Node, tuple[Node, ...]]] = {}  # p → o → subjects

    # --- terms ---------------------------------------------------------------------------

    def term(self, term: object) -> Node:
        """The rdflib term for a pyoxigraph term (cached: the same object each time)."""
        found = self._terms.get(term)
        if found is None:
            found = self._terms[term] = to_rdflib(term)
        return found

    # --- per-predicate indexes --------------------------------------------------------------

    def _index(self, predicate: Node) -> dict[Node, tuple[Node, ...]]:
        """subject → objects of predicate, read from the store on first use."""
        index = self._forward.get(predicate)
        if index is None:
            index = self._forward[predicate] = self._read_predicate(predicate)
        return index

    def _read_predicate(self, predicate: Node) -> dict[Node, tuple[Node, ...]]:
        pattern = to_oxigraph(predicate)
        if not isinstance(pattern, ox.NamedNode):
            return {}  # only IRIs are predicates
        # A SELECT yields rows ~2.5x faster than quads_for_pattern yields quads (no graph name
        # and no Quad object per triple). str(NamedNode) is its N-Triples form, <…> escaped.
        rows = self.store.query(
            f"SELECT ?s ?o WHERE {{ ?s {pattern} ?o }}", use_default_graph_as_union=True
        )
        grouped: dict[Node, dict[Node, None]] = {}
        terms = self._terms
        with paused_gc():
            for row in rows:
                found_s, found_o = row[0], row[1]
                subject = terms.get(found_s)
                if subject is None:
                    subject = terms[found_s] = to_rdflib(found_s)
                obj = terms.get(found_o)
                if obj is None:
                    obj = terms[found_o] = to_rdflib(found_o)
                objects = grouped.get(subject)
                if objects is None:
                    objects = grouped[subject] = {}
                objects[obj] = None  # an ordered set: a triple in several graphs comes once
            return {s: tuple(objects) for s, objects in grouped.items()}

    def _reverse(self, predicate: Node) -> dict[Node, tuple[Node, ...]]:
        """object → subjects of predicate, from the forward index."""
        index = self._backward.get(predicate)
        if index is None:
            grouped: dict[Node, list[Node]] = {}
            for subject, objects in self._index(predicate).items():
                for obj in objects:
                    grouped.setdefault(obj, []).append(subject)
            index = self._backward[predicate] = {o: tuple(s) for o, s in grouped.items()}
        return index

    def prefetch(self, *predicates: Node) -> None:
        """Read these predicates now (a benchmark can time the reading apart from the rest)."""
        for predicate in predicates:
            self._index(predicate)

    # --- the rdflib Graph methods -------------------------------------------------------------

    def triples(self, pattern: Pattern) -> Iterator[Triple]:
        subject, predicate, obj = pattern
        if predicate is None:
            yield from self._scan(subject, obj)
            return
        if subject is not None:
            objects = self._index(predicate).get(subject, _EMPTY)
            if obj is None:
                for found in objects:
                    yield subject, predicate, found
            elif obj in objects:
                yield subject, predicate, obj
        elif obj is not None:
            for found in self._reverse(predicate).get(obj, _EMPTY):
                yield found, predicate, obj
        else:
            for found_s, objects in self._index(predicate).items():
                for found_o in objects:
                    yield found_s, predicate, found_o

    def _scan(self, subject: Node | None, obj: Node | None) -> Iterator[Triple]:
        """Triples with any predicate: straight from the store, each triple once."""
        s = to_oxigraph(subject) if subject is not None else None
        o = to_oxigraph(obj) if obj is not None else None
        if (subject is not None and s is None) or (obj is not None and o is None):
            return
        seen: set[Triple] = set()
        for quad in self.store.quads_for_pattern(s, None, o, None):
            triple = self.term(quad.subject), self.term(quad.predicate), self.term(quad.object)
            if triple not in seen:  # once, though several named graphs hold it
                seen.add(triple)
                yield triple

    def __contains__(self, triple: Pattern) -> bool:
        return next(self.triples(triple), None) is not None

    def __iter__(self) -> Iterator[Triple]:
        return self.triples((None, None, None))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def objects(
        self, subject: Node | None = None, predicate: Node | None = None, unique: bool = False
    ) -> Iterator[Node]:
        if subject is not None and predicate is not None:
            return iter(self._index(predicate).get(subject, _EMPTY))
        found = (o for _s, _p, o in self.triples((subject, predicate, None)))
        return iter(dict.fromkeys(found)) if unique else found

    def subjects(
        self, predicate: Node | None = None, object: Node | None = None, unique: bool = False
    ) -> Iterator[Node]:
        if predicate is not None and object is not None:
            return iter(self._reverse(predicate).get(object, _EMPTY))
        found = (s for s, _p, _o in self.triples((None, predicate, object)))
        return iter(dict.fromkeys(found)) if unique else found

    def predicates(
        self, subject: Node | None = None, object: Node | None = None, unique: bool = False
    ) -> Iterator[Node]:
        found = (p for _s, p, _o in self.triples((subject, None, object)))
        return iter(dict.fromkeys(found)) if unique else found

    def subject_objects(
        self, predicate: Node | None = None, unique: bool = False
    ) -> Iterator[tuple[Node, Node]]:
        found = ((s, o) for s, _p, o in self.triples((None, predicate, None)))
        return iter(dict.fromkeys(found)) if unique else found

    def subject_predicates(
        self, object: Node | None = None, unique: bool = False
    ) -> Iterator[tuple[Node, Node]]:
        found = ((s, p) for s, p, _o in self.triples((None, None, object)))
        return iter(dict.fromkeys(found)) if unique else found

    def predicate_objects(
        self, subject: Node | None = None, unique: bool = False
    ) -> Iterator[tuple[Node, Node]]:
        found = ((p, o) for _s, p, o in self.triples((subject, None, None)))
        return iter(dict.fromkeys(found)) if unique else found

    def value(
        self,
        subject: Node | None = None,
        predicate: Node | None = RDF_VALUE,
        object: Node | None = None,
        default: Node | None = None,
        any: bool = True,
    ) -> Node | None:
        """As rdflib's Graph.value: the one missing term of a triple (any=False: must be one)."""
        if (
            (subject is None and predicate is None)
            or (subject is None and object is None)
            or (predicate is None and object is None)
        ):
            return None
        if object is None:
            values = self.objects(subject, predicate)
        elif subject is None:
            values = self.subjects(predicate, object)
        elif predicate is None:
            values = self.predicates(subject, object)
        else:  # rdflib fails here too (with an UnboundLocalError)
            raise ValueError("value() needs one of subject, predicate and object left open")
        found = next(values, None)
        if found is None:
            return default
        if not any and next(values, None) is not None:
            from rdflib.exceptions import UniquenessError

            raise UniquenessError(f"more than one value for ({subject}, {predicate}, {object})")
        return found

    def transitive_objects(
        self, subject: Node, predicate: Node, remember: dict[Node, int] | None = None
    ) -> Iterator[Node]:
        """subject, then everything reachable along predicate (as rdflib: each node once)."""
        return _walk(subject, self._index(predicate), {} if remember is None else remember)

    def transitive_subjects(
        self, predicate: Node, object: Node, remember: dict[Node, int] | None = None
    ) -> Iterator[Node]:
        """object, then everything that reaches it along predicate (each node once)."""
        return _walk(object, self._reverse(predicate), {} if remember is None else remember)


def _walk(start: Node, edges: dict, seen: dict[Node, int]) -> Iterator[Node]:
    """Depth-first from start along edges, each node once, in rdflib's order."""
    stack = [start]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen[node] = 1
        yield node
        stack.extend(reversed(edges.get(node, _EMPTY)))


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a large structure is built.

    Why: building the indexes and a projection makes hundreds of thousands of containers, and
    each time their count passes a threshold CPython walks every live one; at 1M triples that
    was a third of the time. Nothing built here is cyclic garbage: refcounting frees it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def to_rdflib(term: object) -> Node:
    """One pyoxigraph term as the rdflib term the Turtle parser would give."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"no rdflib term for {term!r}")


def to_oxigraph(term: Node) -> object | None:
    """The pyoxigraph term to look an rdflib term up with (None: it cannot be in the store)."""
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
    except ValueError:  # not a valid IRI, blank node id or language tag: not in the store
        return None
    return None


def as_graph(graph: Graph | StoreGraph | ox.Store) -> Graph | StoreGraph:
    """An rdflib Graph or a StoreGraph as given; a pyoxigraph Store wrapped in a StoreGraph."""
    if isinstance(graph, ox.Store):
        return StoreGraph(graph)
    return graph
