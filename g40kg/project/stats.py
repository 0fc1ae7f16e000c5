"""`g40kg stats`: how much the graph holds, per class and per source."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF

from g40kg.project.namespaces import G40
from g40kg.shacl.pyshacl_engine import short

FACTS_PER_SOURCE = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?source (COUNT(DISTINCT ?fact) AS ?facts) (COUNT(DISTINCT ?ann) AS ?annotations) WHERE {
    ?ann oa:hasTarget/oa:hasSource ?source .
    OPTIONAL { ?fact prov:wasDerivedFrom ?ann }
} GROUP BY ?source ORDER BY ?source
"""


def class_counts(graph: Graph) -> Counter[str]:
    counts: Counter[str] = Counter()
    for _s, cls in graph.subject_objects(RDF.type):
        counts[short(cls)] += 1
    return counts


def stats_text(graph: Graph) -> str:
    lines = [f"triples: {len(graph)}", "", "instances per class:"]
    for name, count in sorted(class_counts(graph).items()):
        lines.append(f"  {count:6d}  {name}")
    facts = {s for s in graph.subjects(PROV.wasDerivedFrom, None)}
    lines += ["", f"facts (nodes with provenance): {len(facts)}", "", "sources:"]
    for source in sorted(graph.subjects(RDF.type, G40.Source)):
        lines.append(f"  {short(source)}  {graph.value(source, DCTERMS.title)}")
    lines += ["", "facts and annotations per source:"]
    for row in graph.query(FACTS_PER_SOURCE):
        lines.append(f"  {short(row.source)}  facts {row.facts}  annotations {row.annotations}")
    return "\n".join(lines)
