"""Each person's and organisation's names as keys under find's normalisation, derived once into
a named graph of their own (NAME_KEYS_GRAPH), for g40sh:DuplicateNameShape.

Why derived, not computed in the shape: SPARQL has no Unicode decomposition, so a shape can fold
only the accented letters it lists, and "Dušan Petrović" would not be "Dusan Petrovic" there
while `g40kg find` (g40kg.project.names) says it is. Here every name (rdfs:label, foaf:name and
the aliases, skos:altLabel) gets g40:nameKey, its name_key; a person's name of two words or more
also g40:initialsKey, the key with the first name cut to its initial ("m visscher" for Mirjam
Visscher), so the shape compares literals only. Municipalities (tooiont:Gemeente) get no keys:
the TOOI register has no duplicates.

Why a graph of their own: time_bounds.add_time_bounds clears its graph (DERIVED_GRAPH) when it
runs, and export, stats and the site can tell these keys (a means of the check) from the data.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad, Store

from g40kg.project.names import initials_key, name_key
from g40kg.project.time_bounds import G40

NAME_KEY = NamedNode(G40 + "nameKey")
INITIALS_KEY = NamedNode(G40 + "initialsKey")
#: The named graph of the keys.
NAME_KEYS_GRAPH = NamedNode("urn:g40kg:name-keys")

NAMES = """
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX tooiont: <https://identifier.overheid.nl/tooi/def/ont/>
SELECT DISTINCT ?entity ?person ?name WHERE {
    {
        ?entity a foaf:Person .
        BIND (true AS ?person)
    } UNION {
        ?class rdfs:subClassOf* org:Organization .
        ?entity a ?class .
        FILTER NOT EXISTS { ?entity a tooiont:Gemeente }
        BIND (false AS ?person)
    }
    FILTER (isIRI(?entity))
    ?entity rdfs:label|foaf:name|skos:altLabel ?name .
}"""


def keys(entity: str, name: str, person: bool) -> Iterable[tuple[NamedNode, str]]:
    """(property, key) for one name of entity: its name key, and a person's initials key
    where that differs (an initialled name is its own initials key)."""
    key = name_key(name)
    if not key:
        return []
    found = [(NAME_KEY, key)]
    initials = initials_key(name) if person else None
    if initials and initials != key:
        found.append((INITIALS_KEY, initials))
    return found


def add_name_keys(store: Store) -> None:
    """Write g40:nameKey and g40:initialsKey of every person and organisation into
    NAME_KEYS_GRAPH (replacing what was there)."""
    store.clear_graph(NAME_KEYS_GRAPH)
    quads = set()
    for row in store.query(NAMES, use_default_graph_as_union=True):
        entity, person, name = row["entity"], row["person"].value == "true", row["name"].value
        for prop, key in keys(entity.value, name, person):
            quads.add(Quad(entity, prop, Literal(key), NAME_KEYS_GRAPH))
    if quads:
        store.extend(sorted(quads, key=str))
