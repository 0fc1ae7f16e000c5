"""The project's prefixes as plain strings, importable without rdflib.

Why a module of its own: `g40kg query` on the cached store must not import rdflib (half a
second). g40kg.project.namespaces keeps the rdflib Namespaces and its own PREFIXES;
tests/query/test_query_store.py checks that both maps are equal.
"""

from __future__ import annotations

#: Prefix bindings used for output (export, fmt, query headers, tables), in a stable order.
PREFIXES: dict[str, str] = {
    "ann": "https://w3id.org/g40kg/id/annotation/",
    "basis": "https://w3id.org/g40kg/id/basis/",
    "body": "https://w3id.org/g40kg/id/org/",
    "cnt": "http://www.w3.org/2011/content#",
    "dcterms": "http://purl.org/dc/terms/",
    "event": "https://w3id.org/g40kg/id/event/",
    "fact": "https://w3id.org/g40kg/id/fact/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "g40": "https://w3id.org/g40kg/def#",
    "g40sh": "https://w3id.org/g40kg/shapes#",
    "gm": "https://identifier.overheid.nl/tooi/id/gemeente/",
    "judgement": "https://w3id.org/g40kg/id/judgement/",
    "mandate": "https://w3id.org/g40kg/id/mandate/",
    "mnre": "https://identifier.overheid.nl/tooi/id/ministerie/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "person": "https://w3id.org/g40kg/id/person/",
    "place": "https://w3id.org/g40kg/id/place/",
    "prog": "https://w3id.org/g40kg/id/programme/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "ref": "https://w3id.org/g40kg/id/reference/",
    "role": "https://w3id.org/g40kg/id/role/",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "src": "https://w3id.org/g40kg/id/source/",
    "theme": "https://w3id.org/g40kg/id/theme/",
    "tooiont": "https://identifier.overheid.nl/tooi/def/ont/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def compact(iri: str) -> str:
    """iri as a prefixed name where a project prefix fits (longest namespace wins)."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"
