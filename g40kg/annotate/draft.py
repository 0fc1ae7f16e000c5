"""`g40kg draft`: the Turtle of a fact from a quote and a few options, so that nobody writes
annotations, facts or entity stubs by hand: the annotation (offsets and context worked out),
the fact (a mandate, an affiliation, a participation, or a mention of an entity) with the
source's date, and a stub for each entity that does not exist yet (README's IRI patterns).
Printed by default; written (then `fmt`) only with --write."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS, SKOS

from g40kg.annotate.annotation_file import SourceRef, expand_name, slugify, turtle_block
from g40kg.annotate.find import EXACT, INITIALS, find
from g40kg.annotate.fmt import run_fmt
from g40kg.annotate.quote import annotation_graph, annotation_iri, find_passage, shown
from g40kg.project import paths
from g40kg.project.errors import InputError, UsageError
from g40kg.project.namespaces import BASIS, BODY, FACT, G40, OA, PERSON, ROLE

# kind → (class, the agent's property, the body's property, needs a role)
KINDS: dict[str, tuple[URIRef, URIRef, URIRef | None, bool]] = {
    "mandate": (ORG.Membership, ORG.member, ORG.organization, True),
    "affiliation": (G40.Affiliation, ORG.member, ORG.organization, False),
    "participation": (G40.Participation, G40.agent, G40.activity, True),
    "mention": (G40.MentionAnnotation, OA.hasBody, None, False),
}
DATES = (G40.date, G40.earliestDate, G40.latestDate)


@dataclass
class Request:
    """What the analyst gives: the passage, the kind of fact and its parts (names or IRIs)."""

    passage: str
    kind: str
    agent: str
    body: str | None = None
    role: str | None = None
    basis: str = "stated"
    agent_type: str = "person"
    body_type: str = "organisation"
    fact_name: str | None = None


@dataclass
class Draft:
    graph: Graph
    annotation: URIRef
    fact: URIRef | None
    stubs: list[URIRef] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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


def resolve(graph: Graph, name: str, kind: str, what: str, draft: Draft) -> URIRef:
    """An entity for name: an IRI or prefixed name as given, the one entity find names
    exactly (or by initials), or a stub with the IRI pattern when none does."""
    if ":" in name and " " not in name.strip():
        iri = expand_name(name, what)
        if not set(graph.predicate_objects(iri)) and iri not in draft.stubs:
            raise UsageError(f"{what} {name!r}: no such entity in the graph (g40kg find NAME)")
        return iri
    hits = [h for h in find(graph, name) if h.how in (EXACT, INITIALS)]
    if len(hits) == 1:
        return hits[0].entity.iri
    if len(hits) > 1:
        names = ", ".join(f"{h.entity.iri.n3()} ({h.entity.labels[0]})" for h in hits)
        raise UsageError(f"{what} {name!r} names several entities: {names}; give the IRI")
    namespace = PERSON if kind == "person" else BODY
    iri = namespace[slugify(name)]
    if (iri, None, None) in graph:
        raise UsageError(f"{what} {name!r}: {iri.n3()} exists under another name; give the IRI")
    draft.graph.add((iri, RDF.type, FOAF.Person if kind == "person" else ORG.Organization))
    draft.graph.add((iri, RDFS.label, Literal(name, lang=None if kind == "person" else "nl")))
    if kind == "person":
        draft.graph.add((iri, FOAF.name, Literal(name)))
    draft.stubs.append(iri)
    draft.notes.append(f"new entity {iri.n3()}: check its type and label (g40kg find found none)")
    return iri


def draft_fact(graph: Graph, source: SourceRef, request: Request) -> Draft:
    """The annotation, the fact and the stubs for request, checked before anything is shown."""
    if request.kind not in KINDS:
        raise UsageError(f"--kind {request.kind!r}: one of {', '.join(KINDS)}")
    cls, agent_prop, body_prop, needs_role = KINDS[request.kind]
    places = find_passage(source.text, request.passage)
    if not places:
        raise UsageError(
            f"QUOTE {shown(request.passage)} is not in {source.label()}: "
            f"g40kg quote {source.name} '…' shows the closest passages"
        )
    if len(places) > 1:
        raise UsageError(
            f"QUOTE {shown(request.passage)} occurs {len(places)} times in {source.label()}: "
            "quote a longer passage that occurs once"
        )
    roles = scheme_terms(graph, str(ROLE))
    bases = scheme_terms(graph, str(BASIS))
    how_role = "To add a role, see docs/ADDING_A_SOURCE.md (Roles)."
    role = one_of(request.role, roles, "--role", how_role) if request.role else None
    basis = one_of(request.basis, bases, "--basis", "Bases are fixed: see docs/ANNOTATING.md.")
    if needs_role and role is None:
        raise UsageError(f"--kind {request.kind} needs --role (valid: {', '.join(roles)})")
    if body_prop is not None and not request.body:
        raise UsageError(f"--kind {request.kind} needs --body (the organisation or activity)")
    taken = set(graph.subjects())
    ann = annotation_iri(source, request.passage, taken)
    draft = Draft(annotation_graph(ann, source.iri, request.passage, places[0]), ann, None)
    agent = resolve(graph, request.agent, request.agent_type, "--agent", draft)
    if request.kind == "mention":
        draft.graph.set((ann, RDF.type, G40.MentionAnnotation))
        draft.graph.add((ann, OA.hasBody, agent))
        return draft
    body = resolve(graph, request.body or "", request.body_type, "--body", draft)
    name = request.fact_name or "-".join(
        p for p in (source.slug, local(agent), role or request.kind, local(body)) if p
    )
    fact, n = FACT[slugify(name, 80)], 1
    while fact in taken:
        n += 1
        fact = FACT[f"{slugify(name, 80)}-{n}"]
    draft.fact = fact
    g = draft.graph
    g.add((fact, RDF.type, cls))
    g.add((fact, agent_prop, agent))
    assert body_prop is not None
    g.add((fact, body_prop, body))
    if role:
        g.add((fact, ORG.role, ROLE[role]))
    g.add((fact, G40.basis, BASIS[basis]))
    g.add((fact, PROV.wasDerivedFrom, ann))
    if cls != G40.Participation:
        for prop in DATES:  # the source's own date: when it observed the mandate
            for value in graph.objects(source.iri, prop):
                g.add((fact, prop, value))
    return draft


def local(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def render(draft: Draft) -> str:
    notes = "".join(f"# {note}\n" for note in draft.notes)
    return notes + turtle_block(draft.graph)


def annotation_file(source: SourceRef, root: Path) -> Path:
    """data/annotations/<the text file's stem>.ttl: where add-source put the source."""
    return paths.data_dir(root) / "annotations" / (Path(source.text_file).stem + ".ttl")


def write_draft(source: SourceRef, draft: Draft, root: Path | None = None) -> Path:
    """Append the block to the source's annotation file and run fmt; if fmt refuses (or the
    graph no longer loads), put the file back as it was and raise."""
    root = root or paths.project_root()
    path = annotation_file(source, root)
    if not path.is_file():
        raise UsageError(f"{path}: the annotation file of {source.name} does not exist")
    before = path.read_bytes()
    path.write_bytes(before + b"\n" + render(draft).encode("utf-8"))
    try:
        result = run_fmt(root)
    except (InputError, UsageError):
        path.write_bytes(before)
        raise
    if result.problems:
        path.write_bytes(before)
        raise UsageError("fmt refused the drafted block: " + "; ".join(result.problems))
    return path
