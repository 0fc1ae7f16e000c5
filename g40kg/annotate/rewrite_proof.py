"""Proof that a rewritten Turtle file holds exactly the intended triples, compared as terms.

Why not rdflib's isomorphism on every file: it compared literals by value (so `1.5e3` and
`"1500.0"` passed as equal) and it canonicalises the whole graph, which took most of the
2.9 s of `fmt --check`. Here both texts are parsed by pyoxigraph, which keeps each literal's
lexical form and datatype, and each triple is written as N-Triples. Blank nodes get no labels:
where they form trees, as hand-written `[ ... ]` always do (each used as an object at most once,
no cycle), a blank node is written as its whole content, sorted — a canonical form, so two
graphs are isomorphic exactly when their sorted lists are equal. Only a graph whose blank
nodes are shared or cyclic (written with `_:labels`) falls back to rdflib's isomorphism, on
graphs whose literals are replaced by one IRI per distinct N-Triples literal, so that it too
compares terms, not values.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import BlankNode, Literal, NamedNode

Term = NamedNode | BlankNode | Literal
Triple = tuple[Term, Term, Term]


def tree_form(triples: Iterable[Triple]) -> list[str] | None:
    """The sorted N-Triples of triples with each blank node written as its content, or None
    where blank nodes are shared or cyclic."""
    index: dict[Term, list[tuple[Term, Term]]] = {}
    uses: dict[BlankNode, int] = {}
    for s, p, o in triples:
        index.setdefault(s, []).append((p, o))
        if isinstance(o, BlankNode):
            uses[o] = uses.get(o, 0) + 1
            if uses[o] > 1:
                return None
    written: dict[BlankNode, str] = {}
    visiting: set[BlankNode] = set()

    def content(node: Term) -> str | None:
        if not isinstance(node, BlankNode):
            return str(node)
        if node in written:
            return written[node]
        if node in visiting:
            return None
        visiting.add(node)
        parts = []
        for p, o in index.get(node, []):
            part = content(o)
            if part is None:
                return None
            parts.append(f"{p} {part}")
        written[node] = "[" + " ; ".join(sorted(parts)) + "]"
        return written[node]

    form = []
    for subject, pairs in index.items():
        if isinstance(subject, BlankNode):
            if subject in uses:
                continue  # written inside the triple that uses it
            root = content(subject)
            if root is None:
                return None
            form.append(root)
            continue
        for p, o in pairs:
            part = content(o)
            if part is None:
                return None
            form.append(f"{subject} {p} {part}")
    blank_subjects = {s for s in index if isinstance(s, BlankNode)}
    if not blank_subjects <= set(written):  # a cycle no root reaches
        return None
    return sorted(form)


def same_graph(first: list[Triple], second: list[Triple]) -> bool:
    """Whether the two graphs are equal term for term, up to blank-node labels."""
    a, b = tree_form(first), tree_form(second)
    if a is not None and b is not None:
        return a == b
    if len(set(first)) != len(set(second)):
        return False
    return _isomorphic_terms(first, second)


def _isomorphic_terms(first: list[Triple], second: list[Triple]) -> bool:
    from rdflib import BNode, Graph, URIRef
    from rdflib.compare import isomorphic

    literals: dict[str, URIRef] = {}

    def as_rdflib(term: Term) -> object:
        if isinstance(term, BlankNode):
            return BNode(term.value)
        if isinstance(term, Literal):  # one IRI per literal term: compared as written
            return literals.setdefault(str(term), URIRef(f"urn:g40kg:literal:{len(literals)}"))
        return URIRef(term.value)

    graphs = []
    for triples in (first, second):
        graph = Graph()
        for triple in triples:
            graph.add(tuple(as_rdflib(t) for t in triple))  # type: ignore[arg-type]
        graphs.append(graph)
    return isomorphic(graphs[0], graphs[1])
