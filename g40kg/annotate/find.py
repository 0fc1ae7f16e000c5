"""`g40kg find`: look an entity up by name, alias, abbreviation or a close spelling, so that
nobody greps the Turtle files for an IRI; with where each entity is used, so that a reader
sees at once whether it is the one meant."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, PROV, RDF, RDFS, SKOS

from g40kg.annotate.annotation_file import short_name
from g40kg.annotate.names import (
    initials_key,
    is_abbreviation,
    is_initialled,
    name_key,
    name_variants,
)
from g40kg.project.namespaces import G40, OA, TOOIONT

NAME_PROPERTIES = (RDFS.label, FOAF.name, SKOS.prefLabel, SKOS.altLabel)
OFFICIAL = (TOOIONT.officieleNaamInclSoort,)
# What `find` calls an entity: a thing a text names. Not a mandate, fact, annotation, source,
# ontology term or role; themes only when asked (`find --themes`).
ENTITY_QUERY = """
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX g40: <https://w3id.org/g40kg/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX theme: <https://w3id.org/g40kg/id/theme/>
SELECT DISTINCT ?entity ?kind WHERE {
    { ?entity a foaf:Person . BIND("person" AS ?kind) }
    UNION { ?entity a/rdfs:subClassOf* org:Organization . BIND("organisation" AS ?kind) }
    UNION { ?entity a/rdfs:subClassOf* schema:Place . BIND("place" AS ?kind) }
    UNION { ?entity a/rdfs:subClassOf* g40:Event . BIND("event" AS ?kind) }
    UNION { ?entity a/rdfs:subClassOf* g40:Programme . BIND("programme" AS ?kind) }
    UNION { ?entity skos:inScheme theme:scheme . BIND("theme" AS ?kind) }
}
"""
CLOSE = 0.8
NEAREST = 5

# How a name matched, best first.
EXACT, INITIALS, WORDS, CLOSE_SPELLING = "name", "initials", "words", "close spelling"
RANK = {EXACT: 0, INITIALS: 1, WORDS: 2, CLOSE_SPELLING: 3}


@dataclass
class Entity:
    """A named node of the graph with its names and types."""

    iri: URIRef
    types: list[URIRef]
    labels: list[str]
    aliases: list[str]

    def names(self) -> list[str]:
        return self.labels + self.aliases

    @property
    def is_person(self) -> bool:
        return FOAF.Person in self.types


@dataclass
class Hit:
    entity: Entity
    how: str
    matched: str
    uses: list[str] = field(default_factory=list)


def entities(graph: Graph, themes: bool = False) -> list[Entity]:
    """Every person, organisation, place, event or programme with a name (rdfs:label,
    foaf:name, skos:prefLabel), and the themes when asked; aliases are skos:altLabel, the
    official TOOI name and the short forms a text uses ("ministerie van SZW")."""
    kinds = {row.entity: str(row.kind) for row in graph.query(ENTITY_QUERY)}
    found = []
    for subject in sorted(kinds):
        if not isinstance(subject, URIRef) or (kinds[subject] == "theme" and not themes):
            continue
        labels: list[str] = []
        for prop in (RDFS.label, FOAF.name, SKOS.prefLabel):
            labels += [str(o) for o in graph.objects(subject, prop) if str(o) not in labels]
        if not labels:
            continue
        aliases = {
            str(o) for prop in (SKOS.altLabel, *OFFICIAL) for o in graph.objects(subject, prop)
        }
        aliases |= set(name_variants(labels + sorted(aliases)))
        types = sorted(t for t in graph.objects(subject, RDF.type) if isinstance(t, URIRef))
        found.append(Entity(subject, types, labels, sorted(aliases - set(labels))))
    return found


def contradicts(query: str, name: str) -> bool:
    """Whether query's initial is not the first letter of a person's name ("J. Visscher" is
    not Mirjam Visscher, however close the spelling)."""
    key, other = name_key(query), name_key(name)
    return is_initialled(query) and len(other.split()) >= 2 and key[:1] != other[:1]


def match(query: str, entity: Entity) -> tuple[str, str] | None:
    """(how, which name) when query names entity, else None."""
    key = name_key(query)
    if not key:
        return None
    best: tuple[str, str] | None = None
    for name in entity.names():
        how = None
        if name_key(name) == key:
            how = EXACT
        elif (
            entity.is_person
            and (is_initialled(query) or is_initialled(name))
            and initials_key(query) == initials_key(name) is not None
        ):
            how = INITIALS
        if how is None and entity.is_person and contradicts(query, name):
            continue
        if how is None and not is_abbreviation(query):
            words = set(name_key(name).split())
            if set(key.split()) <= words and len(key) >= 3:
                how = WORDS
            elif difflib.SequenceMatcher(None, key, name_key(name)).ratio() >= CLOSE:
                how = CLOSE_SPELLING
        if how and (best is None or RANK[how] < RANK[best[0]]):
            best = (how, name)
    return best


def find(graph: Graph, query: str, themes: bool = False) -> list[Hit]:
    """The entities query names, by how well: exact (folded) names first, then initials,
    then every word of the query in a name, then close spellings; ties by IRI."""
    hits = []
    for entity in entities(graph, themes):
        found = match(query, entity)
        if found:
            hits.append(Hit(entity, found[0], found[1]))
    if any(h.how in (EXACT, INITIALS) for h in hits):
        hits = [h for h in hits if h.how in (EXACT, INITIALS)]
    hits.sort(key=lambda h: (RANK[h.how], str(h.entity.iri)))
    for hit in hits:
        hit.uses = uses(graph, hit.entity.iri)
    return hits


def uses(graph: Graph, node: URIRef) -> list[str]:
    """Where node is used: "fact:x org:member (src:y)" for each statement about it. Terms of
    office (g40:Mandate) are left out: the loader derives their holder, body and role from the
    facts listed here, and a term has no source of its own."""
    lines = []
    for subject, prop in sorted(graph.subject_predicates(node)):
        if prop == RDF.type or (subject, RDF.type, G40.Mandate) in graph:
            continue
        sources = sorted(
            {
                short_name(src)
                for ann in graph.objects(subject, PROV.wasDerivedFrom)
                for target in graph.objects(ann, OA.hasTarget)
                for src in graph.objects(target, OA.hasSource)
            }
            | {short_name(subject_src) for subject_src in _annotation_sources(graph, subject)}
        )
        where = f" ({', '.join(sources)})" if sources else ""
        lines.append(f"{short_name(subject)} {short_name(prop)}{where}")
    return lines


def _annotation_sources(graph: Graph, node: URIRef) -> list[URIRef]:
    """The source of node when node itself is an annotation (a body of a mention)."""
    targets = graph.objects(node, OA.hasTarget)
    return [src for t in targets for src in graph.objects(t, OA.hasSource)]


def nearest(
    graph: Graph, query: str, limit: int = NEAREST, themes: bool = False
) -> list[tuple[str, Entity]]:
    """The entities' names most like query (difflib), for the message when nothing matches."""
    by_key: dict[str, tuple[str, Entity]] = {}
    for entity in entities(graph, themes):
        for name in entity.names():
            by_key.setdefault(name_key(name), (name, entity))
    close = difflib.get_close_matches(name_key(query), list(by_key), n=limit, cutoff=0.5)
    return [by_key[k] for k in close]


def render(query: str, hits: list[Hit]) -> str:
    lines = [f"{len(hits)} entit{'y' if len(hits) == 1 else 'ies'} for {query!r}:"]
    for hit in hits:
        entity = hit.entity
        types = ", ".join(short_name(t) for t in entity.types) or "(no type)"
        lines.append("")
        lines.append(f"{short_name(entity.iri)}  {types}")
        lines.append(f"  IRI      {entity.iri}")
        lines.append(f"  label    {' | '.join(entity.labels)}")
        if entity.aliases:
            lines.append(f"  alias    {' | '.join(entity.aliases)}")
        if hit.how != EXACT or hit.matched not in entity.labels:
            lines.append(f"  matched  {hit.matched!r} ({hit.how})")
        if hit.uses:
            lines.append(f"  used in  {hit.uses[0]}")
            lines += [f"           {use}" for use in hit.uses[1:]]
        else:
            lines.append("  used in  nothing yet")
    return "\n".join(lines) + "\n"


def render_none(query: str, near: list[tuple[str, Entity]]) -> str:
    lines = [f"no entity is named {query!r}"]
    if near:
        lines.append("nearest names:")
        lines += [f"  {name}  {short_name(entity.iri)}" for name, entity in near]
    return "\n".join(lines) + "\n"
