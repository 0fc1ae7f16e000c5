"""The entities of a drafted fact: a name resolved exactly as `g40kg find` resolves it, a stub
of a chosen class only when find finds nothing (or the analyst says --new), and the type
checks that keep a drafted block valid. A look-alike never becomes a silent duplicate."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS

from g40kg.annotate.annotation_file import expand_name, short_name, slugify
from g40kg.annotate.find import EXACT, INITIALS, Hit, entities, find
from g40kg.project.errors import UsageError
from g40kg.project.names import name_key
from g40kg.project.namespaces import BODY, EVENT, G40, OA, PERSON, PROG, TOOIONT

PILLAR = BODY["g40-pijler-economie-en-werk"]  # the pillar a new theme group belongs to
ORGANISATION_TYPES = (ORG.Organization,)
AGENT_TYPES = (FOAF.Person, ORG.Organization)
ACTIVITY_TYPES = (G40.Event, G40.Programme)
LOCATION_TYPES = (G40.Place, TOOIONT.Gemeente)
# Not something a text names: a mention's body is none of these.
NOT_ENTITY_TYPES = (
    OA.Annotation,
    G40.Source,
    G40.ReferenceSource,
    ORG.Membership,
    G40.Participation,
    G40.Mandate,
    G40.NameJudgement,
)
# The short type words of --agent-type/--body-type: (namespace of the stub, its class).
TYPE_WORDS: dict[str, tuple[Namespace, URIRef | None]] = {
    "person": (PERSON, FOAF.Person),
    "organisation": (BODY, ORG.Organization),
    "theme-group": (BODY, G40.ThemeGroup),
    "event": (EVENT, None),  # the class is --class, one of the event classes
    "programme": (PROG, G40.Programme),
}


@dataclass
class Stubs:
    """What resolving names adds: stub triples, the stubs' IRIs and a note on each."""

    graph: Graph
    annotation: URIRef
    basis: URIRef
    iris: list[URIRef] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StubDetails:
    """What an event or programme stub needs besides its name: class, dates, location."""

    event_class: URIRef | None = None
    dates: tuple[tuple[URIRef, Literal], ...] = ()
    location: URIRef | None = None


def subclasses(graph: Graph, top: URIRef) -> list[URIRef]:
    """The ontology's g40: classes under top (transitively), sorted: the valid stub classes."""
    found = {
        c
        for c in graph.transitive_subjects(RDFS.subClassOf, top)
        if isinstance(c, URIRef) and c != top and str(c).startswith(str(G40))
    }
    return sorted(found)


def local(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def choose_class(graph: Graph, value: str, valid: list[URIRef], what: str) -> URIRef:
    """One of the valid classes, named by local name (Conference) or g40:Conference; else a
    UsageError listing them and the nearest."""
    names = {local(c): c for c in valid}
    wanted = value.split(":", 1)[1] if value.startswith("g40:") else value
    if wanted in names:
        return names[wanted]
    near = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.5)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    raise UsageError(f"{what} {value!r} is not an event class{hint} (valid: {', '.join(names)})")


def stub_type(graph: Graph, value: str, what: str) -> tuple[Namespace, URIRef | None]:
    """The namespace and class of a stub for --agent-type/--body-type: a type word (person,
    organisation, theme-group, event, programme) or an organisation class of the ontology."""
    if value in TYPE_WORDS:
        return TYPE_WORDS[value]
    classes = {local(c): c for c in subclasses(graph, ORG.Organization)}
    wanted = value.split(":", 1)[1] if value.startswith("g40:") else value
    if wanted in classes:
        return BODY, classes[wanted]
    valid = [*TYPE_WORDS, *classes]
    near = difflib.get_close_matches(wanted, valid, n=1, cutoff=0.5)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    raise UsageError(
        f"{what} {value!r} is not a stub type{hint} (valid: {', '.join(TYPE_WORDS)}, or an "
        f"organisation class: {', '.join(classes)})"
    )


def described(hits: list[Hit]) -> str:
    """The candidates as one line: "person:x (Name, close spelling); …"."""
    return "; ".join(f"{short_name(h.entity.iri)} ({h.entity.labels[0]}, {h.how})" for h in hits)


def exact_hits(hits: list[Hit]) -> list[Hit]:
    return [h for h in hits if h.how in (EXACT, INITIALS)]


def given_iri(graph: Graph, value: str, what: str, stubs: Stubs) -> URIRef | None:
    """The entity a prefixed name or IRI names (it must exist), or None for a plain name."""
    if ":" not in value or " " in value.strip():
        return None
    iri = expand_name(value, what)
    if not set(graph.predicate_objects(iri)) and iri not in stubs.iris:
        raise UsageError(f"{what} {value!r}: no such entity in the graph (g40kg find NAME)")
    return iri


def resolve(
    graph: Graph,
    value: str,
    what: str,
    kind: str,
    stubs: Stubs,
    details: StubDetails,
    new: bool,
    fits: Fits | None = None,
) -> URIRef:
    """The entity value names: an IRI as given; the one entity find names exactly (name,
    alias, abbreviation, initials); a stub when find finds nothing, or with --new. Several
    exact matches, or only close or partial ones, stop with the candidates listed: those of
    the types the place takes (fits: an organisation for a mandate's body), when any are."""
    iri = given_iri(graph, value, what, stubs)
    if iri is not None:
        return iri
    hits = find(graph, value)
    exact = exact_hits(hits)
    if len(exact) == 1:
        return exact[0].entity.iri
    if hits and not new:
        shown, only = fitting(graph, exact or hits, fits)
        how = "names several entities" if exact else "is no entity's exact name; g40kg find finds"
        which = f" ({what} {short_name(shown[0].entity.iri)})" if len(shown) == 1 else ""
        raise UsageError(
            f"{what} {value!r} {how}{only}: {described(shown)}; give the IRI of the one "
            f"meant{which}, or pass --new to create a new entity on purpose"
        )
    return make_stub(graph, value, what, kind, stubs, details, hits)


@dataclass(frozen=True)
class Fits:
    """The classes an entity's place takes, and what to call them ("organisations")."""

    classes: tuple[URIRef, ...]
    called: str


def fitting(graph: Graph, hits: list[Hit], fits: Fits | None) -> tuple[list[Hit], str]:
    """The candidates of the types the place takes, and " (organisations only; 7 of other
    types left out)"; all of them, and "", when none (or all) fit."""
    if fits is None:
        return hits, ""
    kept = [h for h in hits if is_a(graph, Graph(), h.entity.iri, fits.classes)]
    if not kept or len(kept) == len(hits):
        return hits, ""
    return kept, f" ({fits.called} only; {len(hits) - len(kept)} of other types left out)"


def make_stub(
    graph: Graph,
    name: str,
    what: str,
    kind: str,
    stubs: Stubs,
    details: StubDetails,
    hits: list[Hit],
) -> URIRef:
    """A stub for a name find does not resolve, with the README's IRI pattern and a note
    that says truthfully what find found."""
    namespace, cls = stub_type(graph, kind, f"{what}-type")
    slug = slugify(name)
    if not slug:
        raise UsageError(
            f"{what} {name!r}: the name has no letters or digits an IRI can be made of; "
            "give a name in Latin letters, or the IRI of an existing entity"
        )
    iri = namespace[slug]
    if (iri, None, None) in graph or iri in stubs.iris:
        raise UsageError(
            f"{what} {name!r}: {short_name(iri)} exists under another name; give its IRI "
            f"({what} {short_name(iri)})"
        )
    add_stub_triples(stubs, iri, name, kind, cls, details, what)
    stubs.iris.append(iri)
    found = f"g40kg find {name!r} found no entity"
    if namesakes := same_surname(graph, name) if kind == "person" else []:
        found += f" (the same surname: {namesakes}: a different person?)"
    if hits:
        found = f"made with --new although g40kg find {name!r} found {described(hits)}"
    types = ", ".join(short_name(t) for t in sorted(stubs.graph.objects(iri, RDF.type)))
    stubs.notes.append(f"new entity {short_name(iri)} ({types}): {found}; check its label")
    return iri


def same_surname(graph: Graph, name: str) -> str:
    """People whose last name word is this name's, which find does not count as a match when
    the initial differs ("J. Visscher" and Mirjam Visscher): named beside the new stub, so that
    the analyst sees the person who may be meant."""
    words = name_key(name).split()
    if len(words) < 2:
        return ""
    found = [
        f"{short_name(e.iri)} ({e.labels[0] if e.labels else short_name(e.iri)})"
        for e in entities(graph)
        if e.is_person and any(name_key(n).split()[-1:] == words[-1:] for n in e.names())
    ]
    return ", ".join(sorted(found))


def add_stub_triples(
    stubs: Stubs,
    iri: URIRef,
    name: str,
    kind: str,
    cls: URIRef | None,
    details: StubDetails,
    what: str,
) -> None:
    """The triples of a stub of the given kind; events and programmes are facts, so they
    carry the basis and the annotation too (EventShape: an event needs a date)."""
    g = stubs.graph
    if kind == "person":
        g.add((iri, RDF.type, FOAF.Person))
        g.add((iri, FOAF.name, Literal(name)))
        g.add((iri, RDFS.label, Literal(name)))
        return
    if kind == "event":
        if details.event_class is None:
            raise UsageError(f"{what}-type event needs --class, the class of the new event")
        if not details.dates:
            raise UsageError(
                f"{what}-type event needs --date (or --date-from and --date-to): "
                "an event is valid only with the date it took place"
            )
        cls = details.event_class
    assert cls is not None
    g.add((iri, RDF.type, cls))
    g.add((iri, RDFS.label, Literal(name, lang="nl")))
    if cls == G40.ThemeGroup:
        g.add((iri, ORG.unitOf, PILLAR))
    if kind in ("event", "programme"):
        g.add((iri, G40.basis, stubs.basis))
        g.add((iri, PROV.wasDerivedFrom, stubs.annotation))
        for prop, value in details.dates:
            g.add((iri, prop, value))
    if kind == "event" and details.location is not None:
        g.add((iri, URIRef("https://schema.org/location"), details.location))


def is_a(graph: Graph, extra: Graph, iri: URIRef, classes: tuple[URIRef, ...]) -> bool:
    """Whether iri has a type (in graph or in the drafted stubs) under one of classes."""
    types = set(graph.objects(iri, RDF.type)) | set(extra.objects(iri, RDF.type))
    return any(
        cls in set(graph.transitive_objects(t, RDFS.subClassOf)) for t in types for cls in classes
    )


def type_names(graph: Graph, extra: Graph, iri: URIRef) -> str:
    types = set(graph.objects(iri, RDF.type)) | set(extra.objects(iri, RDF.type))
    return ", ".join(sorted(short_name(t) for t in types)) or "untyped"


def check_type(
    graph: Graph,
    extra: Graph,
    iri: URIRef,
    what: str,
    classes: tuple[URIRef, ...],
    expected: str,
) -> None:
    """Refuse (before anything is written) an entity of the wrong type for its place."""
    if not is_a(graph, extra, iri, classes):
        raise UsageError(
            f"{what} {short_name(iri)} is typed {type_names(graph, extra, iri)}: {expected}"
        )


def check_entity(graph: Graph, extra: Graph, iri: URIRef, what: str) -> None:
    """A mention's body is something a text names, not an annotation, source or fact record."""
    if is_a(graph, extra, iri, NOT_ENTITY_TYPES):
        raise UsageError(
            f"{what} {short_name(iri)} is typed {type_names(graph, extra, iri)}: a mention's body "
            "is an entity (a person, organisation, place, theme, event or programme)"
        )
