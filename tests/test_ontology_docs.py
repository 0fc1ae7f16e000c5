"""The ontology documents itself: every local class and property has nl and en labels and a
comment, and the ontology header has title, description, version and licence."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from g40kg.project.namespaces import G40

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "g40kg.ttl"
GRAPH = Graph().parse(ONTOLOGY, format="turtle")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
TERMS = sorted(
    {s for t in TERM_TYPES for s in GRAPH.subjects(RDF.type, t) if isinstance(s, URIRef)}
)


def test_the_ontology_declares_the_terms_the_data_uses() -> None:
    local = {str(t)[len(str(G40)) :] for t in TERMS if str(t).startswith(str(G40))}
    # A sample of the terms the model rests on; the loader refuses any undeclared g40: term.
    assert {
        "Source",
        "Fact",
        "Affiliation",
        "Participation",
        "ThemeGroup",
        "basis",
        "date",
        "earliestDate",
        "latestDate",
        "startDate",
        "endDate",
        "sha256",
    } <= local


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t).rsplit("/", 1)[-1])
def test_every_class_and_property_has_nl_and_en_labels_and_a_comment(term: URIRef) -> None:
    languages = {label.language for label in GRAPH.objects(term, RDFS.label)}
    assert {"nl", "en"} <= languages, f"{term}: labels in {languages}"
    assert GRAPH.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"


def test_ontology_header() -> None:
    ontology = URIRef("https://w3id.org/g40kg/def")
    assert (ontology, RDF.type, OWL.Ontology) in GRAPH
    for prop in (DCTERMS.title, DCTERMS.description, OWL.versionInfo, DCTERMS.license):
        assert GRAPH.value(ontology, prop) is not None, prop
