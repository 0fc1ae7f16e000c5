"""`g40kg draft`: the Turtle of a fact from a quote and a few options, so that nobody writes
annotations, facts or entity stubs by hand: the annotation (offsets and context worked out),
the fact (a mandate, an affiliation, a participation, an event, a programme, or a mention of
an entity), and a stub for each entity that does not exist yet (README's IRI patterns).
Everything is checked before anything is shown: names resolve as `g40kg find` resolves them,
types fit their place, and a fact already recorded is refused. Printed by default; written
(then the annotation file formatted) only with --write."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from g40kg.annotate.add_source import date_values
from g40kg.annotate.annotation_file import (
    SourceRef,
    annotation_prefixes,
    short_name,
    slugify,
    turtle_block,
)
from g40kg.annotate.draft_entities import (
    ACTIVITY_TYPES,
    AGENT_TYPES,
    LOCATION_TYPES,
    ORGANISATION_TYPES,
    Fits,
    StubDetails,
    Stubs,
    add_stub_triples,
    check_entity,
    check_type,
    choose_class,
    described,
    exact_hits,
    given_iri,
    resolve,
    subclasses,
)
from g40kg.annotate.find import find
from g40kg.annotate.fmt import run_fmt
from g40kg.annotate.names import name_key
from g40kg.annotate.quote import (
    Occurrence,
    annotation_graph,
    annotation_iri,
    find_passage,
    shown,
)
from g40kg.project import paths
from g40kg.project.errors import InputError, UsageError
from g40kg.project.namespaces import ANN, BASIS, EVENT, FACT, G40, OA, PREFIXES, PROG, ROLE
from g40kg.project.turtle_layout import read_layout

# kind → (class, the agent's property, the body's property)
KINDS: dict[str, tuple[URIRef, URIRef | None, URIRef | None]] = {
    "mandate": (ORG.Membership, ORG.member, ORG.organization),
    "affiliation": (G40.Affiliation, ORG.member, ORG.organization),
    "participation": (G40.Participation, G40.agent, G40.activity),
    "mention": (G40.MentionAnnotation, OA.hasBody, None),
    "event": (G40.Event, None, None),
    "programme": (G40.Programme, None, None),
}
# The options of each kind (Request fields); any other one given is refused, not ignored.
STUB_OPTIONS = {"event_class", "date", "date_from", "date_to", "location"}
FACT_OPTIONS = {"agent", "body", "basis", "agent_type", "body_type", "name", "new"}
DATE_OPTIONS = {"date", "date_from", "date_to"}
OPTIONS: dict[str, set[str]] = {
    "mandate": FACT_OPTIONS | {"role"} | DATE_OPTIONS,
    "affiliation": FACT_OPTIONS | DATE_OPTIONS,
    "participation": FACT_OPTIONS | {"role"} | STUB_OPTIONS,
    "mention": {"agent", "agent_type", "name", "new"},
    "event": {"label", "basis", "name"} | STUB_OPTIONS,
    "programme": {"label", "basis", "name", "date", "date_from", "date_to"},
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "mandate": ("agent", "body", "role"),
    "affiliation": ("agent", "body"),
    "participation": ("agent", "body", "role"),
    "mention": ("agent",),
    "event": ("label",),  # --class and a date: checked with the list of classes
    "programme": ("label",),
}
OPTION_NAMES = {
    "agent": "--agent",
    "body": "--body",
    "role": "--role",
    "basis": "--basis",
    "agent_type": "--agent-type",
    "body_type": "--body-type",
    "name": "--name",
    "new": "--new",
    "label": "--label",
    "event_class": "--class",
    "date": "--date",
    "date_from": "--date-from",
    "date_to": "--date-to",
    "location": "--location",
}
# The IRI of what --name names, per kind: (namespace, prefix).
NAMED = {"mention": (ANN, "ann"), "event": (EVENT, "event"), "programme": (PROG, "prog")}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATES = (G40.date, G40.earliestDate, G40.latestDate)
# A drafted block may name a stub's FOAF terms and a ministry (TOOI): the annotation file's
# prefixes, foaf and mnre (write_draft declares the ones the file lacks).
DRAFT_PREFIXES = {**annotation_prefixes(), "foaf": str(FOAF), "mnre": PREFIXES["mnre"]}


@dataclass
class Request:
    """What the analyst gives: the passage, the kind of fact and its parts (names or IRIs).
    None means "not given", so that an option a kind does not take can be refused."""

    passage: str
    kind: str
    agent: str | None = None
    body: str | None = None
    role: str | None = None
    basis: str | None = None
    agent_type: str | None = None
    body_type: str | None = None
    name: str | None = None
    new: bool = False
    label: str | None = None
    event_class: str | None = None
    date: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    location: str | None = None


@dataclass
class Draft:
    graph: Graph
    annotation: URIRef
    fact: URIRef | None
    stubs: list[URIRef] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def scheme_terms(graph: Graph, namespace: str) -> list[str]:
    """Local names of the concepts of a scheme (role:…, basis:…) the vocabulary defines."""
    return sorted(
        str(s)[len(namespace) :]
        for s in set(graph.subjects(SKOS.inScheme, None))
        if str(s).startswith(namespace) and not str(s).endswith("/scheme")
    )


def one_of(value: str, valid: list[str], what: str, how_to_add: str) -> str:
    """value when valid lists it; else a UsageError listing the valid ones and the nearest."""
    local = value.split(":", 1)[1] if ":" in value and not value.startswith("http") else value
    local = local.rsplit("/", 1)[-1]
    if local in valid:
        return local
    near = difflib.get_close_matches(local, valid, n=1, cutoff=0.5)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    raise UsageError(
        f"{what} {value!r} is not defined{hint} (valid: {', '.join(valid)}). {how_to_add}"
    )


def check_options(request: Request, roles: list[str]) -> None:
    """Refuse an option the kind does not take (it would be silently ignored) and name the
    missing ones (with the valid roles when --role is missing)."""
    if request.kind not in KINDS:
        raise UsageError(f"--kind {request.kind!r}: one of {', '.join(KINDS)}")
    allowed = OPTIONS[request.kind]
    for one in fields(Request):
        value = getattr(request, one.name)
        if one.name in ("passage", "kind") or value in (None, False) or one.name in allowed:
            continue
        takes = ", ".join(OPTION_NAMES[o] for o in OPTION_NAMES if o in allowed)
        raise UsageError(
            f"--kind {request.kind} takes no {OPTION_NAMES[one.name]} (it would be ignored); "
            f"its options: {takes}"
        )
    missing = [OPTION_NAMES[o] for o in REQUIRED[request.kind] if not getattr(request, o)]
    if missing:
        valid = f" (valid roles: {', '.join(roles)})" if "--role" in missing else ""
        raise UsageError(f"--kind {request.kind} needs {' and '.join(missing)}{valid}")


def place_passage(source: SourceRef, passage: str) -> Occurrence:
    """The one place of passage in the text, or a UsageError saying why not."""
    places = find_passage(source.text, passage)
    if not places:
        raise UsageError(
            f"QUOTE {shown(passage)} is not in {source.label()}: "
            f"g40kg quote {source.name} '…' shows the closest passages"
        )
    if len(places) > 1:
        raise UsageError(
            f"QUOTE {shown(passage)} occurs {len(places)} times in {source.label()}: "
            "quote a longer passage that occurs once"
        )
    return places[0]


def explicit_name(graph: Graph, value: str, kind: str) -> URIRef:
    """The IRI --name gives: NAME or PREFIX:NAME (the kind's prefix), lower-case letters,
    digits and hyphens, not taken; refused otherwise (never slugified silently)."""
    namespace, prefix = NAMED.get(kind, (FACT, "fact"))
    wanted, _colon, local = value.partition(":") if ":" in value else ("", "", value)
    if wanted and wanted != prefix:
        raise UsageError(f"--name {value!r}: --kind {kind} takes {prefix}:NAME")
    if not SLUG.match(local):
        raise UsageError(
            f"--name {value!r}: write lower-case letters, digits and hyphens ({prefix}:NAME)"
        )
    iri = namespace[local]
    if (iri, None, None) in graph:
        raise UsageError(f"--name {value!r}: {prefix}:{local} exists already")
    return iri


def numbered(namespace: Namespace, base: str, taken: set[URIRef]) -> URIRef:
    """namespace[base], numbered on (-2, -3 …) when taken."""
    iri, n = namespace[base], 1
    while iri in taken:
        n += 1
        iri = namespace[f"{base}-{n}"]
    return iri


def stub_details(graph: Graph, request: Request, stubs: Stubs) -> StubDetails:
    """The event class, dates and location an event or programme (or its stub) gets."""
    classes = subclasses(graph, G40.Event)
    event_class = None
    if request.event_class:
        event_class = choose_class(graph, request.event_class, classes, "--class")
    needs_class = request.kind == "event" or request.body_type == "event"
    if needs_class and event_class is None:
        names = ", ".join(str(c).rsplit("#", 1)[-1] for c in classes)
        what = "--kind event" if request.kind == "event" else "--body-type event"
        raise UsageError(f"{what} needs --class, the event's class (valid: {names})")
    dates = date_values(
        request.date, request.date_from, request.date_to, ("--date", "--date-from", "--date-to")
    )
    if needs_class and not dates:
        what = "--kind event" if request.kind == "event" else "--body-type event"
        raise UsageError(
            f"{what} needs --date (or --date-from and --date-to): an event is valid only "
            "with the date it took place (g40sh:EventShape)"
        )
    location = resolve_location(graph, request.location, stubs) if request.location else None
    return StubDetails(event_class, tuple(dates), location)


def resolve_location(graph: Graph, value: str, stubs: Stubs) -> URIRef:
    """The place or municipality --location names (as find resolves it); never a stub."""
    iri = given_iri(graph, value, "--location", stubs)
    if iri is None:
        hits = find(graph, value)
        exact = exact_hits(hits)
        if len(exact) != 1:
            found = described(exact or hits) or "no entity"
            raise UsageError(
                f"--location {value!r}: g40kg find finds {found}; give the IRI of a "
                "municipality (gm:…) or place (place:…)"
            )
        iri = exact[0].entity.iri
    check_type(graph, stubs.graph, iri, "--location", LOCATION_TYPES, LOCATION_EXPECTED)
    return iri


# The candidates a relation's agent or body lists when its name is ambiguous.
AGENTS = Fits(AGENT_TYPES, "persons and organisations")
ORGANISATIONS = Fits(ORGANISATION_TYPES, "organisations")
ACTIVITIES = Fits(ACTIVITY_TYPES, "events and programmes")
LOCATION_EXPECTED = "an event's location is a municipality (gm:…) or a place (g40:Place)"
EXPECTED = {
    ("mandate", "--agent"): "a mandate's member is a person or organisation",
    ("mandate", "--body"): (
        "a mandate's body (org:organization) is an organisation (incl. a municipality or ministry)"
    ),
    ("affiliation", "--agent"): "an affiliation's member is a person or organisation",
    ("affiliation", "--body"): (
        "an affiliation's body (org:organization) is an organisation (incl. a municipality "
        "or ministry)"
    ),
    ("participation", "--agent"): "a participation's agent is a person or organisation",
    ("participation", "--body"): (
        "a participation's activity (g40:activity) is an event or programme"
    ),
}


def draft_fact(graph: Graph, source: SourceRef, request: Request) -> Draft:
    """The annotation, the fact and the stubs for request, checked before anything is shown."""
    check_options(request, scheme_terms(graph, str(ROLE)))
    place = place_passage(source, request.passage)
    role = checked_role(graph, request.role)
    basis = one_of(
        request.basis or "stated",
        scheme_terms(graph, str(BASIS)),
        "--basis",
        "Bases are fixed: see docs/ANNOTATING.md.",
    )
    taken = set(graph.subjects())
    existing = annotation_at(graph, source.iri, place)
    if request.kind == "mention" and request.name:
        if existing is not None:
            raise UsageError(
                f"--name {request.name!r}: the passage is annotated already as "
                f"{short_name(existing)} (one annotation per span): leave out --name"
            )
        ann = explicit_name(graph, request.name, "mention")
    elif existing is not None:
        ann = existing
    else:
        ann = annotation_iri(source, request.passage, taken)
    if existing is None:
        draft = Draft(annotation_graph(ann, source.iri, request.passage, place), ann, None)
    else:  # one annotation per span (g40sh:OneAnnotationPerSpanShape): the fact derives from it
        draft = Draft(Graph(), ann, None)
    stubs = Stubs(draft.graph, ann, BASIS[basis])
    if existing is not None:
        stubs.notes.append(
            f"the passage is annotated already: {short_name(existing)}; the fact derives from it"
            if request.kind != "mention"
            else f"the passage is annotated already: {short_name(existing)} links the name too"
        )
    details = stub_details(graph, request, stubs)
    if request.kind in ("event", "programme"):
        draft_activity(graph, request, draft, stubs, details, taken)
    elif request.kind == "mention":
        draft_mention(graph, source, request, draft, stubs, details)
    else:
        draft_relation(graph, source, request, draft, stubs, details, (role, basis, taken))
    draft.stubs, draft.notes = stubs.iris, stubs.notes
    return draft


def annotation_at(graph: Graph, source: URIRef, place: Occurrence) -> URIRef | None:
    """The annotation of exactly this span of source, if there is one (there is at most one:
    g40sh:OneAnnotationPerSpanShape)."""
    for selector in graph.subjects(OA.start, Literal(place.start, datatype=XSD.integer)):
        if graph.value(selector, OA.end) != Literal(place.end, datatype=XSD.integer):
            continue
        for target in graph.subjects(OA.hasSelector, selector):
            if (target, OA.hasSource, source) in graph:
                for annotation in graph.subjects(OA.hasTarget, target):
                    return annotation  # type: ignore[return-value]
    return None


def checked_role(graph: Graph, value: str | None) -> str | None:
    if value is None:
        return None
    how = "To add a role, see docs/ADDING_A_SOURCE.md (Roles)."
    return one_of(value, scheme_terms(graph, str(ROLE)), "--role", how)


def draft_activity(
    graph: Graph,
    request: Request,
    draft: Draft,
    stubs: Stubs,
    details: StubDetails,
    taken: set,
) -> None:
    """An event or programme of its own (a fact node: label, basis, annotation, dates)."""
    label = " ".join((request.label or "").split())
    same = exact_hits(find(graph, label))
    if same:
        raise UsageError(
            f"--label {label!r}: g40kg find names {described(same)} already; draft a "
            "participation in it (--body IRI), or give the new one another label"
        )
    namespace, _prefix = NAMED[request.kind]
    if request.name:
        iri = explicit_name(graph, request.name, request.kind)
    elif not slugify(label):
        raise UsageError(f"--label {label!r}: give a label with letters or digits")
    else:
        iri = numbered(namespace, slugify(label, 80), taken)
    cls = details.event_class if request.kind == "event" else G40.Programme
    add_stub_triples(stubs, iri, label, request.kind, cls, details, "--kind")
    draft.fact = iri


def draft_mention(
    graph: Graph,
    source: SourceRef,
    request: Request,
    draft: Draft,
    stubs: Stubs,
    details: StubDetails,
) -> None:
    """A g40:MentionAnnotation whose body is the entity --agent names."""
    agent_type = request.agent_type or "person"
    agent = resolve(graph, request.agent or "", "--agent", agent_type, stubs, details, request.new)
    check_entity(graph, stubs.graph, agent, "--agent")
    before = recorded_mention(graph, source.iri, request.passage, agent)
    if before is not None:
        raise UsageError(
            f"{short_name(before)} already links {short_name(agent)} to this passage: "
            "nothing to draft"
        )
    draft.graph.set((draft.annotation, RDF.type, G40.MentionAnnotation))
    draft.graph.add((draft.annotation, OA.hasBody, agent))
    warn_if_absent(graph, draft, request, agent)


def draft_relation(
    graph: Graph,
    source: SourceRef,
    request: Request,
    draft: Draft,
    stubs: Stubs,
    details: StubDetails,
    settings: tuple[str | None, str, set],
) -> None:
    """A mandate, affiliation or participation: agent, body, role, basis, annotation."""
    role, basis, taken = settings
    cls, agent_prop, body_prop = KINDS[request.kind]
    assert agent_prop is not None and body_prop is not None
    agent_type = request.agent_type or "person"
    agent = resolve(
        graph, request.agent or "", "--agent", agent_type, stubs, details, request.new, AGENTS
    )
    body = resolve_body(graph, request, stubs, details)
    for iri, what, classes in (
        (agent, "--agent", AGENT_TYPES),
        (body, "--body", ACTIVITY_TYPES if request.kind == "participation" else ORGANISATION_TYPES),
    ):
        check_type(graph, stubs.graph, iri, what, classes, EXPECTED[(request.kind, what)])
    if request.kind == "participation":
        check_stub_options(request, body, stubs)
    before = recorded_fact(graph, source.iri, request.passage, (cls, agent, body, role))
    if before is not None:
        raise UsageError(
            f"{short_name(before)} already records this (same kind, agent, body, role and "
            "passage): nothing to draft"
        )
    if request.name:
        fact = explicit_name(graph, request.name, request.kind)
    else:
        parts = (source.slug, local(agent), role or request.kind, local(body))
        fact = numbered(FACT, slugify("-".join(p for p in parts if p), 80), taken)
    draft.fact = fact
    g = draft.graph
    g.add((fact, RDF.type, cls))
    g.add((fact, agent_prop, agent))
    g.add((fact, body_prop, body))
    if role:
        g.add((fact, ORG.role, ROLE[role]))
    g.add((fact, G40.basis, BASIS[basis]))
    g.add((fact, PROV.wasDerivedFrom, draft.annotation))
    if cls != G40.Participation:
        for prop, value in observed(graph, source, details):
            g.add((fact, prop, value))
    warn_if_absent(graph, draft, request, agent)


def observed(graph: Graph, source: SourceRef, details: StubDetails) -> list[tuple[URIRef, Node]]:
    """A mandate's or affiliation's date: --date (or the range) as given, else the source's
    own date, the day it observed the fact; refused when neither exists (MandateTimeShape)."""
    if details.dates:
        return list(details.dates)
    dates = [(prop, value) for prop in DATES for value in graph.objects(source.iri, prop)]
    if not dates:
        raise UsageError(
            f"{source.name} has no date, and a mandate or affiliation needs the date it was "
            "observed (g40sh:MandateTimeShape): give --date or --date-from/--date-to"
        )
    return dates  # type: ignore[return-value]


def resolve_body(graph: Graph, request: Request, stubs: Stubs, details: StubDetails) -> URIRef:
    """The body; a participation's new activity needs --body-type event or programme."""
    value = request.body or ""
    body_type = request.body_type or "organisation"
    new_activity = (
        request.kind == "participation"
        and request.body_type is None
        and given_iri(graph, value, "--body", stubs) is None
    )
    if new_activity:
        hits = find(graph, value)
        if len(exact_hits(hits)) != 1 and (request.new or not hits):
            raise UsageError(
                f"--body {value!r}: no activity of that name exists; to create it give "
                "--body-type event (with --class and --date) or --body-type programme"
            )
    fits = ACTIVITIES if request.kind == "participation" else ORGANISATIONS
    return resolve(graph, value, "--body", body_type, stubs, details, request.new, fits)


def check_stub_options(request: Request, body: URIRef, stubs: Stubs) -> None:
    """--class, --date… and --location describe a new activity: refused when none is made."""
    used = [OPTION_NAMES[o] for o in sorted(STUB_OPTIONS) if getattr(request, o)]
    if used and body not in stubs.iris:
        raise UsageError(
            f"{', '.join(used)} describe a new activity, but --body is {short_name(body)}, "
            "which exists: leave them out"
        )


def passage_of(graph: Graph, annotation: URIRef, source: URIRef) -> set[str]:
    """The quoted passages of annotation in source."""
    return {
        str(exact)
        for target in graph.objects(annotation, OA.hasTarget)
        if (target, OA.hasSource, source) in graph
        for selector in graph.objects(target, OA.hasSelector)
        for exact in graph.objects(selector, OA.exact)
    }


def recorded_fact(
    graph: Graph,
    source: URIRef,
    passage: str,
    parts: tuple[URIRef, URIRef, URIRef, str | None],
) -> URIRef | None:
    """A fact already recorded with the same class, agent, body and role, from an annotation
    of the same passage of the same source (so re-running a draft adds no duplicate)."""
    cls, agent, body, role = parts
    _cls, agent_prop, body_prop = next(v for v in KINDS.values() if v[0] == cls)
    for fact in sorted(graph.subjects(RDF.type, cls)):
        if (fact, agent_prop, agent) not in graph or (fact, body_prop, body) not in graph:
            continue
        if set(graph.objects(fact, ORG.role)) != ({ROLE[role]} if role else set()):
            continue
        derived = graph.objects(fact, PROV.wasDerivedFrom)
        if any(passage in passage_of(graph, ann, source) for ann in derived):
            return fact  # type: ignore[return-value]
    return None


def recorded_mention(graph: Graph, source: URIRef, passage: str, body: URIRef) -> URIRef | None:
    """A mention of the same passage of the same source that already links body."""
    for ann in sorted(graph.subjects(OA.hasBody, body)):
        if passage in passage_of(graph, ann, source):
            return ann  # type: ignore[return-value]
    return None


def warn_if_absent(graph: Graph, draft: Draft, request: Request, agent: URIRef) -> None:
    """A warning when none of the agent's names (nor a person's surname) is in the quote:
    the fact would rest on a passage that does not name its agent."""
    names = [request.agent or ""] if " " in (request.agent or "").strip() else []
    for prop in (RDFS.label, FOAF.name, SKOS.prefLabel, SKOS.altLabel):
        names += [str(o) for o in graph.objects(agent, prop)]
        names += [str(o) for o in draft.graph.objects(agent, prop)]
    person = (agent, RDF.type, FOAF.Person) in graph or (agent, RDF.type, FOAF.Person) in (
        draft.graph
    )
    words = f" {name_key(request.passage)} "
    for name in filter(None, (name_key(n) for n in names)):
        if f" {name} " in words or (person and f" {name.split()[-1]} " in words):
            return
    draft.warnings.append(
        f"--agent {request.agent!r} ({short_name(agent)}) does not occur in the quote: "
        "is it the right passage?"
    )


def local(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def render(draft: Draft) -> str:
    notes = "".join(f"# {note}\n" for note in draft.notes)
    return notes + turtle_block_of(draft.graph)


def turtle_block_of(graph: Graph) -> str:
    return turtle_block(graph, DRAFT_PREFIXES)


def annotation_file(source: SourceRef, root: Path) -> Path:
    """data/annotations/<the text file's stem>.ttl: where add-source put the source."""
    return paths.data_dir(root) / "annotations" / (Path(source.text_file).stem + ".ttl")


def missing_prefixes(file_text: str, path: Path, block: str) -> str:
    """@prefix lines for the prefixes block uses that the file does not declare (fmt moves
    them to the top with the others)."""
    declared = read_layout(str(path), file_text).prefixes
    lines = [
        f"@prefix {name}: <{PREFIXES[name]}> .\n"
        for name in DRAFT_PREFIXES
        if name not in declared and re.search(rf"(?<![\w:/#.-]){name}:", block)
    ]
    return "".join(lines)


def write_draft(source: SourceRef, draft: Draft, root: Path | None = None) -> Path:
    """Append the block to the source's annotation file and format that file alone; if fmt
    refuses (or the graph no longer loads), put the file back as it was and raise."""
    root = root or paths.project_root()
    path = annotation_file(source, root)
    if not path.is_file():
        raise UsageError(f"{path}: the annotation file of {source.name} does not exist")
    before = path.read_bytes()
    block = render(draft)
    prefixes = missing_prefixes(before.decode("utf-8"), path, block)
    path.write_bytes(before + b"\n" + (prefixes + block).encode("utf-8"))
    try:
        result = run_fmt(root, only=path)
    except (InputError, UsageError):
        path.write_bytes(before)
        raise
    if result.problems:
        path.write_bytes(before)
        raise UsageError("fmt refused the drafted block: " + "; ".join(result.problems))
    return path
