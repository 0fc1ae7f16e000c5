"""Refuse terms that no vocabulary defines: a misspelled sh:, org: or g40: term is an error.

SHACL ignores triples it does not understand, and RDF accepts any IRI, so a typo such as
`sh:minCont` or `org:memberof` would otherwise pass silently.
"""

from __future__ import annotations

import difflib
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
)

from g40kg.project.namespaces import CNT, G40, OA, SH, TOOIONT

# Terms of the W3C Web Annotation vocabulary the graph may use.
OA_TERMS = frozenset(
    "Annotation TextQuoteSelector TextPositionSelector SpecificResource hasTarget hasSource "
    "hasSelector hasBody exact prefix suffix start end motivatedBy identifying describing "
    "tagging commenting classifying linking".split()
)
CNT_TERMS = frozenset("chars ContentAsText characterEncoding".split())
# The TOOI ontology has no machine-readable term list here; these are the terms in use.
TOOI_TERMS = frozenset(
    "Gemeente Ministerie gemeentecode officieleNaamInclSoort officieleNaamExclSoort".split()
)
DEFINED: tuple[type[DefinedNamespace], ...] = (DCTERMS, FOAF, ORG, OWL, PROV, SDO, SKOS, RDF, RDFS)


@cache
def shacl_terms() -> frozenset[str]:
    """Local names of the SHACL vocabulary, read from the copy pyshacl ships.

    The file is found without importing pyshacl (a second or so on the store build path)."""
    spec = find_spec("pyshacl")
    if spec is None or spec.origin is None:
        raise ImportError("pyshacl (a dependency of g40kg) is not installed")
    shacl_ttl = Path(spec.origin).parent / "assets" / "shacl.ttl"
    graph = Graph().parse(shacl_ttl, format="turtle")
    return frozenset(str(s)[len(str(SH)) :] for s in graph.subjects() if str(s).startswith(str(SH)))


def _known_in(namespace: type[DefinedNamespace], local: str) -> bool:
    return local in getattr(namespace, "__annotations__", {}) or local in getattr(
        namespace, "_extras", []
    )


Known = frozenset[str] | type[DefinedNamespace]


def _checks(g40_terms: frozenset[str]) -> list[tuple[str, Known, str]]:
    """(namespace, its terms, its name) of every checked namespace."""
    checks: list[tuple[str, Known, str]] = [
        (str(SH), shacl_terms(), "SHACL"),
        (str(G40), g40_terms, "the g40kg ontology (ontology/g40kg.ttl)"),
        (str(OA), OA_TERMS, "the Web Annotation vocabulary"),
        (str(CNT), CNT_TERMS, "Content in RDF"),
        (str(TOOIONT), TOOI_TERMS, "the TOOI terms g40kg uses"),
    ]
    return checks + [(str(ns._NS), ns, ns.__name__) for ns in DEFINED]


def checked_namespaces() -> tuple[str, ...]:
    """Every namespace whose terms unknown_term checks: an IRI outside them is never refused."""
    return tuple(base for base, _known, _name in _checks(frozenset()))


def _local_names(known: Known) -> list[str]:
    if isinstance(known, frozenset):
        return sorted(known)
    return sorted({*getattr(known, "__annotations__", {}), *getattr(known, "_extras", [])})


def nearest_term(local: str, known: Known) -> str | None:
    """The defined local name closest to local (difflib), for "did you mean …?"."""
    names = _local_names(known)
    by_fold = {name.casefold(): name for name in names}
    if local.casefold() in by_fold:
        return by_fold[local.casefold()]
    close = difflib.get_close_matches(local, names, n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_term(term: URIRef | str, g40_terms: frozenset[str]) -> str | None:
    """Return a message if term lies in a checked namespace but is not defined there, with the
    nearest defined term when one is close."""
    iri = str(term)
    if iri.startswith(str(XSD)):
        return None  # datatypes are checked by the shapes (sh:datatype) and by rdflib
    for base, known, name in _checks(g40_terms):
        if iri.startswith(base):
            local = iri[len(base) :]
            ok = local in known if isinstance(known, frozenset) else _known_in(known, local)
            if ok:
                return None
            near = nearest_term(local, known)
            hint = f"; did you mean <{base}{near}>?" if near else ""
            return f"unknown term <{iri}>: not defined in {name}{hint}"
    return None


def ontology_terms(ontology: Graph) -> frozenset[str]:
    """Local names of the g40: terms the ontology declares (with a type)."""
    base = str(G40)
    return frozenset(
        str(s)[len(base) :]
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(base)
    )


def terms_of(graph: Graph) -> set[URIRef]:
    return {t for triple in graph for t in triple if isinstance(t, URIRef)}
