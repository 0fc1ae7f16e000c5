"""What the report site shows, read off the graph once: entities, facts and their evidence.

Why a catalogue of plain records: the person, organisation, event and source pages all show
the same facts from different sides (a mandate is on its member's page, on its organisation's
page and under its quote in the source text). Reading each fact once, with its time in its
real precision (network.Reader.span) and every quote with the annotation it comes from, keeps
those pages in agreement and lets every page link to the same anchors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rdflib import Graph, Literal
from rdflib.namespace import FOAF, ORG, PROV, RDF, SKOS
from rdflib.term import Node

from g40kg.network.projections import BODY_TYPES, Reader, Span
from g40kg.project.namespaces import G40, OA, THEME

KINDS = ("mandate", "affiliation", "participation", "event", "programme")


@dataclass(frozen=True)
class Evidence:
    """One origin of a fact: an annotation's quote in a source text, or a reference list."""

    annotation: Node
    source: Node | None
    title: str
    quote: str
    reference: bool


@dataclass(frozen=True)
class Fact:
    """A mandate, affiliation or participation (subject → target with a role), or an event or
    programme (subject and target are the node itself)."""

    node: Node
    kind: str
    subject: Node
    target: Node
    role: str
    role_note: str
    span: Span
    basis: str
    notes: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    @property
    def order(self) -> tuple[date, date, str, str]:
        """Time order: by the first day the fact may have held, then the last; undated last."""
        return (self.span.first or date.max, self.span.last or date.max, self.role, str(self.node))


@dataclass(frozen=True)
class Placement:
    """Where an annotation sits in its source text (None where no usable position is given)."""

    node: Node
    source: Node | None
    start: int | None
    end: int | None
    quote: str


def _int(value: Node | None) -> int | None:
    if isinstance(value, Literal):
        try:
            return int(value.toPython())
        except (TypeError, ValueError):
            return None
    return None


class Catalogue:
    """Every entity and fact the site has pages or rows for, sorted, with reverse indexes."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.reader = reader = Reader(graph)
        self.people = self._by_label(reader.instances(FOAF.Person))
        self.organisations = self._by_label(
            n for n in reader.instances(ORG.Organization) if reader.kind(n) in BODY_TYPES
        )
        self.sources = self._by_label(reader.instances(G40.Source))
        self.themes = self._by_label(
            n
            for n in reader.graph.subjects(SKOS.inScheme, THEME.scheme)
            if reader.kind(n) == "theme"
        )
        self.annotations = [self._placement(a) for a in reader.instances(OA.Annotation)]
        facts = [self._membership(f) for f in reader.instances(ORG.Membership)]
        facts += [self._participation(f) for f in reader.instances(G40.Participation)]
        facts += [self._activity(n, "event") for n in reader.instances(G40.Event)]
        facts += [self._activity(n, "programme") for n in reader.instances(G40.Programme)]
        self.facts = sorted((f for f in facts if f is not None), key=lambda f: f.order)
        self.events = [f for f in self.facts if f.kind == "event"]
        self.programmes = [f for f in self.facts if f.kind == "programme"]
        self.derived: dict[Node, list[Fact]] = defaultdict(list)
        for fact in self.facts:
            for origin in dict.fromkeys(e.annotation for e in fact.evidence):
                self.derived[origin].append(fact)
        self.mentions: dict[Node, list[Evidence]] = defaultdict(list)
        self.mentioned: dict[Node, list[Node]] = defaultdict(list)
        for annotation in reader.instances(G40.MentionAnnotation):
            for body in sorted(graph.objects(annotation, OA.hasBody), key=str):
                self.mentions[body].extend(self.evidence_of(annotation))
                self.mentioned[annotation].append(body)

    ALT_LABELS = (SKOS.altLabel, SKOS.notation)

    def label(self, node: Node) -> str:
        return self.reader.label(node)

    def _by_label(self, nodes: Iterable[Node]) -> list[Node]:
        return sorted(set(nodes), key=lambda n: (self.label(n).casefold(), str(n)))

    def evidence_of(self, origin: Node) -> list[Evidence]:
        """The quotes of one annotation (one per target), or the reference list it names."""
        targets = sorted(self.graph.objects(origin, OA.hasTarget), key=str)
        if not targets:
            return [Evidence(origin, origin, self.label(origin), "", True)]
        found = []
        for target in targets:
            source = self.graph.value(target, OA.hasSource)
            title = self.label(source) if source is not None else ""
            quotes = sorted(
                str(exact)
                for selector in self.graph.objects(target, OA.hasSelector)
                for exact in self.graph.objects(selector, OA.exact)
            )
            found += [Evidence(origin, source, title, q, False) for q in quotes or [""]]
        return found

    def evidence(self, node: Node) -> tuple[Evidence, ...]:
        """Quotes in the order a reader meets them: by source, then by place in its text."""
        origins = sorted(self.graph.objects(node, PROV.wasDerivedFrom), key=self._text_order)
        return tuple(e for origin in origins for e in self.evidence_of(origin))

    def _text_order(self, origin: Node) -> tuple[str, int, str]:
        placed = self._placement(origin)
        start = placed.start if placed.start is not None else -1
        return (str(placed.source or ""), start, str(origin))

    def _notes(self, node: Node) -> tuple[str, ...]:
        return tuple(sorted(str(n) for n in self.graph.objects(node, SKOS.editorialNote)))

    def _basis(self, node: Node) -> str:
        basis = self.reader.first(node, G40.basis)
        return self.label(basis) if basis is not None else ""

    def _role_note(self, node: Node) -> str:
        return "; ".join(sorted(str(n) for n in self.graph.objects(node, G40.roleNote)))

    def _membership(self, node: Node) -> Fact | None:
        member = self.reader.first(node, ORG.member)
        body = self.reader.first(node, ORG.organization)
        if member is None or body is None:
            return None
        kind = "affiliation" if (node, RDF.type, G40.Affiliation) in self.graph else "mandate"
        role = self.reader.role(node)
        return Fact(
            node,
            kind,
            member,
            body,
            role,
            self._role_note(node),
            self.reader.span(node),
            self._basis(node),
            self._notes(node),
            self.evidence(node),
        )

    def _participation(self, node: Node) -> Fact | None:
        agent = self.reader.first(node, G40.agent)
        activity = self.reader.first(node, G40.activity)
        if agent is None or activity is None:
            return None
        span = self.reader.span(node)
        if not span.dated:
            span = self.reader.span(activity)
        return Fact(
            node,
            "participation",
            agent,
            activity,
            self.reader.role(node),
            self._role_note(node),
            span,
            self._basis(node),
            self._notes(node),
            self.evidence(node),
        )

    def _activity(self, node: Node, kind: str) -> Fact:
        return Fact(
            node,
            kind,
            node,
            node,
            "",
            "",
            self.reader.span(node),
            self._basis(node),
            self._notes(node),
            self.evidence(node),
        )

    def _placement(self, node: Node) -> Placement:
        target = self.reader.first(node, OA.hasTarget)
        source = self.graph.value(target, OA.hasSource) if target is not None else None
        start = end = None
        quote = ""
        for selector in sorted(self.graph.objects(target, OA.hasSelector), key=str):
            if (selector, RDF.type, OA.TextPositionSelector) in self.graph:
                start = _int(self.graph.value(selector, OA.start))
                end = _int(self.graph.value(selector, OA.end))
            exact = self.graph.value(selector, OA.exact)
            if exact is not None:
                quote = str(exact)
        return Placement(node, source, start, end, quote)

    def facts_where(self, role: str, node: Node, kinds: tuple[str, ...]) -> list[Fact]:
        """Facts of the given kinds whose subject (role="subject") or target is node."""
        return [f for f in self.facts if f.kind in kinds and getattr(f, role) == node]
