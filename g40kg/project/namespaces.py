"""The namespaces of the graph, in one place so that code, queries and Turtle agree."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

BASE = "https://w3id.org/g40kg/"
G40 = Namespace(BASE + "def#")
G40SH = Namespace(BASE + "shapes#")
PERSON = Namespace(BASE + "id/person/")
BODY = Namespace(BASE + "id/org/")
PLACE = Namespace(BASE + "id/place/")
EVENT = Namespace(BASE + "id/event/")
PROG = Namespace(BASE + "id/programme/")
THEME = Namespace(BASE + "id/theme/")
ROLE = Namespace(BASE + "id/role/")
BASIS = Namespace(BASE + "id/basis/")
FACT = Namespace(BASE + "id/fact/")
# Reviewed same/different decisions on look-alike names (data/judgements.ttl).
JUDGEMENT = Namespace(BASE + "id/judgement/")
MANDATE = Namespace(BASE + "id/mandate/")
SRC = Namespace(BASE + "id/source/")
ANN = Namespace(BASE + "id/annotation/")
REF = Namespace(BASE + "id/reference/")
GRAPH = Namespace(BASE + "graph/")
GM = Namespace("https://identifier.overheid.nl/tooi/id/gemeente/")
MNRE = Namespace("https://identifier.overheid.nl/tooi/id/ministerie/")
TOOIONT = Namespace("https://identifier.overheid.nl/tooi/def/ont/")
OA = Namespace("http://www.w3.org/ns/oa#")
CNT = Namespace("http://www.w3.org/2011/content#")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: Prefix bindings used for output (export, fmt, query headers), in a stable order.
PREFIXES: dict[str, str] = {
    "ann": str(ANN),
    "basis": str(BASIS),
    "body": str(BODY),
    "cnt": str(CNT),
    "dcterms": str(DCTERMS),
    "event": str(EVENT),
    "fact": str(FACT),
    "foaf": str(FOAF),
    "g40": str(G40),
    "g40sh": str(G40SH),
    "gm": str(GM),
    "judgement": str(JUDGEMENT),
    "mandate": str(MANDATE),
    "mnre": str(MNRE),
    "oa": str(OA),
    "org": str(ORG),
    "owl": str(OWL),
    "person": str(PERSON),
    "place": str(PLACE),
    "prog": str(PROG),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "ref": str(REF),
    "role": str(ROLE),
    "schema": str(SDO),
    "sh": str(SH),
    "skos": str(SKOS),
    "src": str(SRC),
    "theme": str(THEME),
    "tooiont": str(TOOIONT),
    "xsd": str(XSD),
}


def turtle_prefixes() -> str:
    """Every project prefix as Turtle @prefix lines (for generated and test Turtle)."""
    return "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in PREFIXES.items())
