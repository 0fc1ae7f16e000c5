"""The name keys the loader derives (g40kg.project.name_keys), added to a graph that the shape
tests build without the loader, so that g40sh:DuplicateNameShape sees what it sees in a project."""

from __future__ import annotations

from pyoxigraph import RdfFormat, Store
from rdflib import Graph

from g40kg.project.name_keys import NAME_KEYS_GRAPH, add_name_keys
from g40kg.project.store_graph import to_rdflib


def add_keys(store: Store, data: Graph | None = None) -> None:
    """Derive the name keys into store (as the loader does), and copy them into data if given."""
    add_name_keys(store)
    if data is not None:
        for quad in store.quads_for_pattern(None, None, None, NAME_KEYS_GRAPH):
            data.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))


def with_name_keys(data: Graph) -> Graph:
    """data with the name keys of its people and organisations added."""
    store = Store()
    store.load(data.serialize(format="nt").encode("utf-8"), format=RdfFormat.N_TRIPLES)
    add_keys(store, data)
    return data
