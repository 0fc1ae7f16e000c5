"""`g40kg stats`: how much the graph holds, per class and per source, read off the store.

Every fact (a node with prov:wasDerivedFrom) is counted under the source texts whose
annotations it was derived from and under the reference documents it was derived from
directly, so the lines add up to the total (a fact with evidence in two places is said so).
"""

from __future__ import annotations

from collections import defaultdict

from pyoxigraph import Store

from g40kg.project.prefixes import compact

PREFIXES = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX g40: <https://w3id.org/g40kg/def#>
"""
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
CLASSES = """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class }
GROUP BY ?class"""
SOURCES = (
    PREFIXES
    + """SELECT DISTINCT ?source ?title ?kind WHERE {
    { ?source a g40:Source . BIND("source" AS ?kind) }
    UNION { ?source a g40:ReferenceSource . BIND("reference" AS ?kind) }
    OPTIONAL { ?source dct:title ?title }
}"""
)
# Where each fact comes from: a source text through an annotation, or a document directly.
ORIGINS = (
    PREFIXES
    + """SELECT DISTINCT ?fact ?origin WHERE {
    ?fact prov:wasDerivedFrom ?from .
    OPTIONAL { ?from oa:hasTarget/oa:hasSource ?text }
    BIND(COALESCE(?text, ?from) AS ?origin)
}"""
)
ANNOTATIONS = (
    PREFIXES
    + """SELECT ?source (COUNT(DISTINCT ?ann) AS ?n) WHERE {
    ?ann oa:hasTarget/oa:hasSource ?source } GROUP BY ?source"""
)


def _rows(store: Store, query: str) -> list[tuple]:
    solutions = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [tuple(row[n] for n in names) for row in solutions]


def short(term: object) -> str:
    iri = getattr(term, "value", str(term))
    name = compact(iri)
    return name if name != iri else f"<{iri}>"


def stats_text(store: Store) -> str:
    """The report `g40kg stats` prints."""
    (total,) = _rows(store, TRIPLES)[0]
    lines = [f"triples: {total.value}", "", "instances per class:"]
    classes = sorted((short(c), int(n.value)) for c, n in _rows(store, CLASSES))
    lines += [f"  {n:6d}  {name}" for name, n in classes]
    origins: dict[str, set[str]] = defaultdict(set)
    for fact, origin in _rows(store, ORIGINS):
        origins[str(fact)].add(short(origin))
    per_origin: dict[str, int] = defaultdict(int)
    for places in origins.values():
        for place in places:
            per_origin[place] += 1
    annotations = {short(s): int(n.value) for s, n in _rows(store, ANNOTATIONS)}
    sources = sorted(
        (kind.value, short(s), t.value if t else "") for s, t, kind in _rows(store, SOURCES)
    )
    shared = sum(1 for places in origins.values() if len(places) > 1)
    lines += ["", f"facts (nodes with provenance): {len(origins)}"]
    if shared:
        lines.append(
            f"  of which {shared} have evidence in more than one place (listed under each)"
        )
    for kind, heading in (("source", "source texts"), ("reference", "reference documents")):
        lines += ["", f"{heading}: facts, annotations, title"]
        for _kind, name, title in (s for s in sources if s[0] == kind):
            notes = f"  annotations {annotations.get(name, 0)}" if kind == "source" else ""
            lines.append(f"  {name}  facts {per_origin.pop(name, 0)}{notes}  {title}")
    if per_origin:  # derived from something that is neither a source nor a reference document
        lines += ["", "facts derived from elsewhere:"]
        lines += [f"  {name}  facts {n}" for name, n in sorted(per_origin.items())]
    return "\n".join(lines)
