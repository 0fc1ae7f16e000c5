"""Projections of the knowledge graph into networkx graphs, and the metrics computed on them.

In RDF a mandate, participation or event is a node with provenance; an analyst wants people
and bodies as nodes and the facts as labelled edges. Each projection here makes that turn and
keeps, on every edge, its role, its time in words, the source title and the verbatim quote, so
that any view or export still says where a tie comes from. Every projection can be restricted
to one date (`as_of`) or a range of years. The graphs are built in sorted order, so the same
input gives the same graph, the same layout seed and the same communities. A projection reads
an rdflib Graph or the project's pyoxigraph store
(g40kg.project.store_graph.StoreGraph, what the view verbs use); both give the same graph, node for
node and edge for edge.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SDO, SKOS
from rdflib.term import Node

from g40kg.project.errors import UsageError
from g40kg.project.namespaces import G40, OA, PREFIXES, THEME, TOOIONT
from g40kg.project.store_graph import StoreGraph, as_graph, paused_gc
from g40kg.project.time_bounds import Bounds, fact_bounds, held
from g40kg.project.time_bounds import Window as Seen

if TYPE_CHECKING:
    from pyoxigraph import Store

#: What a projection reads: an rdflib Graph, or the project's store
# (g40kg.project.store_graph).
Source = Graph | StoreGraph

#: Node types, in the order a node's classes are tested (a municipality is an organisation too).
KIND_CLASSES: tuple[tuple[URIRef, str], ...] = (
    (FOAF.Person, "person"),
    (TOOIONT.Gemeente, "municipality"),
    (TOOIONT.Ministerie, "ministry"),
    (ORG.Organization, "organisation"),
    (G40.Event, "event"),
    (SDO.Event, "event"),
    (G40.Programme, "programme"),
    (SDO.Place, "place"),
)
TYPES: tuple[str, ...] = (
    "person",
    "municipality",
    "ministry",
    "organisation",
    "event",
    "programme",
    "place",
    "theme",
    "other",
)
ACTOR_TYPES = frozenset({"person", "municipality", "ministry", "organisation"})
BODY_TYPES = ACTOR_TYPES - {"person"}
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, FOAF.name, SDO.name, DCTERMS.title)
LANGUAGE_ORDER = {"nl": 0, None: 1, "en": 2}
NO_ROLE = "verbonden"  # an affiliation (or membership) whose post the text does not name
LEXICAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
LOUVAIN_SEED = 42
# Co-membership joins every two members of a body: 1.3k members give 0.9M ties. Past this many
# (person, person, body) triples the graph needs several GB (each tie keeps its quotes) and no
# browser draws it: refused with a hint instead of running out of memory (issue #7: a generated
# 1M-triple project has 9.6M and was killed at 20 GB).
MAX_COMEMBERSHIP_PAIRS = 1_000_000


class TooLarge(UsageError):
    """A projection refused for its size: `view NAME` stops on it, `view --all` skips it."""


@dataclass(frozen=True)
class Window:
    """A time filter: a fact stays when its known time overlaps [first, last]."""

    first: date
    last: date
    text: str

    @classmethod
    def on(cls, day: date) -> Window:
        return cls(day, day, f"as of {day.isoformat()}")

    @classmethod
    def years(cls, first: int, last: int) -> Window:
        if last < first:
            raise UsageError(f"year range {first}-{last} ends before it starts")
        text = f"in {first}" if first == last else f"in {first}-{last}"
        return cls(date(first, 1, 1), date(last, 12, 31), text)


def make_window(as_of: date | None = None, years: tuple[int, int] | None = None) -> Window | None:
    """One window from the two ways of asking; both at once is a usage error."""
    if as_of is not None and years is not None:
        raise UsageError("give either a date (as of) or a year range, not both")
    if as_of is not None:
        return Window.on(as_of)
    if years is not None:
        return Window.years(*years)
    return None


def parse_as_of(text: str) -> date:
    """An ISO date YYYY-MM-DD from the command line."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of {text!r} is not a date: write YYYY-MM-DD") from None


def parse_years(text: str) -> tuple[int, int]:
    """YYYY or YYYY-YYYY from the command line."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", text.strip())
    if not match:
        raise UsageError(f"--years {text!r} is not a year range: write YYYY or YYYY-YYYY")
    first = int(match[1])
    last = int(match[2]) if match[2] else first
    Window.years(first, last)  # checks the order
    return first, last


def date_bounds(value: Node | None) -> tuple[date, date] | None:
    """First and last day a date of the given precision (day, month or year) covers."""
    if value is None:
        return None
    match = LEXICAL_DATE.match(str(value))
    if not match:
        return None
    try:
        year = int(match[1])
        if match[3]:
            day = date(year, int(match[2]), int(match[3]))
            return day, day
        if match[2]:
            month = int(match[2])
            last_day = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last_day)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


@dataclass(frozen=True)
class Span:
    """What a fact says about when it held, in words and in days: first..last, the days its
    own dates cover (a stated start to a stated end, else its date or window; what the site
    sorts by), and bounds, the uncertain start and end by the rules of
    g40kg.project.time_bounds, which every time filter and the views' date control read."""

    first: date | None
    last: date | None
    text: str
    bounds: Bounds = Bounds()
    placed: bool = False  # some evidence places it in time (else no date control shows it)

    @property
    def dated(self) -> bool:
        return self.first is not None or self.last is not None


UNDATED = Span(None, None, "")


def _text(value: Node | None) -> str | None:
    return None if value is None else str(value)


def short(node: Node) -> str:
    """A prefixed name where a project prefix fits, else the IRI."""
    iri = str(node)
    fits = [(prefix, ns) for prefix, ns in PREFIXES.items() if iri.startswith(ns)]
    if not fits:
        return iri
    prefix, ns = max(fits, key=lambda item: len(item[1]))
    return f"{prefix}:{iri[len(ns) :]}"


def _language(value: Node) -> str | None:
    """A literal's language tag in lower case (tags are case-insensitive; the store lowers them)."""
    lang = value.language if isinstance(value, Literal) else None
    return lang.lower() if lang else None


def _language_rank(literal: Node) -> tuple[int, str]:
    return LANGUAGE_ORDER.get(_language(literal), 3), str(literal)


Evidence = tuple[tuple[str, str], ...]  # (source title, quote) pairs, sorted


class T:
    """The terms the projections read, made once.

    Why: every attribute of an rdflib namespace builds a new URIRef (~1.5 µs), and a look-up
    keyed by a fresh URIRef compares strings in Python; a projection at 1M triples asks for
    these a million times."""

    activity = G40.activity
    agent = G40.agent
    altLabel = SKOS.altLabel
    notation = SKOS.notation
    unitOf = ORG.unitOf
    holder = G40.holder
    evidence = G40.evidence
    seatBody = G40.seatBody
    seatRole = G40.seatRole
    singleSeat = G40.singleSeat
    startEarliest = G40.startEarliest
    startLatest = G40.startLatest
    endEarliest = G40.endEarliest
    endLatest = G40.endLatest
    endNotAfter = G40.endNotAfter
    startNote = G40.startNote
    endNote = G40.endNote
    basis = G40.basis
    containedInPlace = SDO.containedInPlace
    date = G40.date
    earliestDate = G40.earliestDate
    endDate = G40.endDate
    Event = G40.Event
    exact = OA.exact
    hasSelector = OA.hasSelector
    hasSource = OA.hasSource
    hasTarget = OA.hasTarget
    inScheme = SKOS.inScheme
    label = RDFS.label
    latestDate = G40.latestDate
    location = SDO.location
    member = ORG.member
    Membership = ORG.Membership
    nameHistory = G40.nameHistory
    nameValidFrom = G40.nameValidFrom
    nameValidUntil = G40.nameValidUntil
    organization = ORG.organization
    Organization = ORG.Organization
    organizer = SDO.organizer
    Participation = G40.Participation
    role = ORG.role
    scheme = THEME.scheme
    startDate = G40.startDate
    subClassOf = RDFS.subClassOf
    subject = DCTERMS.subject
    superEvent = SDO.superEvent
    type = RDF.type
    wasDerivedFrom = PROV.wasDerivedFrom


class Reader:
    """Reads types, labels, times and provenance off the RDF graph, each once."""

    def __init__(self, graph: Source | Store, as_of: date | None = None) -> None:
        self.graph = as_graph(graph)
        self.as_of = as_of
        self._supers: dict[Node, frozenset[Node]] = {}
        self._labels: dict[Node, str] = {}

    def superclasses(self, cls: Node) -> frozenset[Node]:
        if cls not in self._supers:
            self._supers[cls] = frozenset(self.graph.transitive_objects(cls, T.subClassOf))
        return self._supers[cls]

    def instances(self, cls: URIRef) -> list[Node]:
        """Every node typed with cls or one of its subclasses, sorted."""
        classes = set(self.graph.transitive_subjects(T.subClassOf, cls))
        found = {s for c in classes for s in self.graph.subjects(T.type, c)}
        return sorted(found, key=str)

    def kind(self, node: Node) -> str:
        classes: set[Node] = set()
        for cls in self.graph.objects(node, T.type):
            classes |= self.superclasses(cls)
        for cls, kind in KIND_CLASSES:
            if cls in classes:
                return kind
        if (node, T.inScheme, T.scheme) in self.graph:
            return "theme"
        return "other"

    def subtype(self, node: Node) -> str:
        """The English label of the node's most specific class (pillar, theme group …)."""
        direct = set(self.graph.objects(node, T.type))
        specific = [c for c in direct if not any(c in self.superclasses(o) for o in direct - {c})]
        names = sorted(name for c in specific if (name := self._english_label(c)))
        return names[0] if names else self.kind(node)

    def _english_label(self, cls: Node) -> str | None:
        found = [
            str(value) for value in self.graph.objects(cls, T.label) if _language(value) == "en"
        ]
        return min(found, default=None)

    def label(self, node: Node) -> str:
        if node not in self._labels:
            self._labels[node] = self._historic_name(node) or self._plain_label(node)
        return self._labels[node]

    def _plain_label(self, node: Node) -> str:
        for prop in LABEL_PROPERTIES:
            values = sorted(self.graph.objects(node, prop), key=_language_rank)
            if values:
                return str(values[0])
        return short(node)

    def _historic_name(self, node: Node) -> str | None:
        """The name in force on the as-of date (ministries change names; TOOI keeps one IRI).

        Where entries overlap, the one that started last wins (then the greatest label): the
        choice never depends on the order the graph happens to list them in."""
        if self.as_of is None:
            return None
        in_force: list[tuple[date, str]] = []
        for entry in self.graph.objects(node, T.nameHistory):
            since = date_bounds(self.first(entry, T.nameValidFrom))
            until = date_bounds(self.first(entry, T.nameValidUntil))
            if (since is None or since[0] <= self.as_of) and (
                until is None or self.as_of <= until[1]
            ):
                in_force.append((since[0] if since else date.min, self._plain_label(entry)))
        return max(in_force)[1] if in_force else None

    def first(self, subject: Node, prop: URIRef) -> Node | None:
        return min(self.graph.objects(subject, prop), key=str, default=None)

    def first_subject(self, prop: URIRef, value: Node) -> Node | None:
        return min(self.graph.subjects(prop, value), key=str, default=None)

    def span(self, fact: Node, happened: bool | None = None) -> Span:
        """Start/end where stated, else the date or range on which the source saw the fact,
        with its bounds (g40kg.project.time_bounds.fact_bounds). happened: the date is when the
        fact took place (an event, a participation in one), not an observation of it; by
        default, for events."""
        start, end = self.first(fact, T.startDate), self.first(fact, T.endDate)
        when = self.first(fact, T.date)
        earliest, latest = self.first(fact, T.earliestDate), self.first(fact, T.latestDate)
        seen_from = when if when is not None else earliest
        seen_until = when if when is not None else latest
        first_b = date_bounds(start if start is not None else seen_from)
        last_b = date_bounds(end if end is not None else seen_until)
        words: list[str] = []
        if start is not None and end is not None:
            words.append(f"{start} – {end}")
        elif start is not None:
            words.append(f"from {start}")
        elif end is not None:
            words.append(f"until {end}")
        if when is not None:
            words.append(f"seen {when}" if words else str(when))
        elif earliest is not None or latest is not None:
            words.append(f"between {earliest or '?'} and {latest or '?'}")
        seen = (
            Seen(str(seen_from), str(seen_until))
            if seen_from is not None and seen_until is not None
            else None
        )
        bound = self.first(fact, T.endNotAfter)
        if happened is None:
            happened = self.kind(fact) == "event"
        bounds = fact_bounds(
            _text(start), _text(end), seen, _text(bound), happened=happened and seen is not None
        )
        return Span(
            first_b[0] if first_b else None,
            last_b[1] if last_b else None,
            "; ".join(words),
            bounds,
            bounds.dated,
        )

    def participation_span(self, part: Node, activity: Node) -> Span:
        """A participation's own time, else its activity's: in an event, the date is when it
        took place; in a programme, when a source observed it."""
        span = self.span(part, happened=self.kind(activity) == "event")
        return span if span.dated else self.span(activity)

    def term_bounds(self, term: Node) -> Bounds:
        """A term of office's derived bounds and notes (g40kg.project.time_bounds, written into
        the store's derived graph when the project is loaded)."""
        return Bounds(
            _bound(self, term, T.startEarliest),
            _bound(self, term, T.startLatest),
            _bound(self, term, T.endEarliest),
            _bound(self, term, T.endLatest),
            str(self.first(term, T.startNote) or ""),
            str(self.first(term, T.endNote) or ""),
        )

    def tie_span(self, fact: Node) -> Span:
        """A membership's words and days, with the bounds of its term of office where one
        gathers it (the same bounds `as-of` reads), else its own (an affiliation)."""
        span = self.span(fact, happened=False)
        term = self.first_subject(T.evidence, fact)
        if term is None:
            return span
        return Span(span.first, span.last, span.text, self.term_bounds(term), True)

    def other_names(self, node: Node, label: str) -> tuple[str, ...]:
        """Every other name of node (skos:altLabel, skos:notation, other labels), sorted."""
        found = {
            str(value)
            for prop in (*LABEL_PROPERTIES, T.altLabel, T.notation)
            for value in self.graph.objects(node, prop)
        }
        return tuple(sorted(found - {label}))

    def short_name(self, node: Node, label: str) -> str:
        """The shortest skos:notation or skos:altLabel (EKEM, VNG, G40) where it is clearly
        shorter than the label (at most three quarters of it), else ""."""
        names = {str(v) for p in (T.notation, T.altLabel) for v in self.graph.objects(node, p)}
        shortest = min(names, key=lambda n: (len(n), n), default="")
        return shortest if shortest and len(shortest) <= 0.75 * len(label) else ""

    def evidence(self, fact: Node) -> Evidence:
        """(source title, quote) for each annotation or reference the fact is derived from."""
        found: set[tuple[str, str]] = set()
        for origin in self.graph.objects(fact, T.wasDerivedFrom):
            targets = list(self.graph.objects(origin, T.hasTarget))
            if not targets:
                found.add((self.label(origin), ""))
            for target in targets:
                source = self.first(target, T.hasSource)
                title = self.label(source) if source is not None else short(origin)
                quotes = [
                    str(exact)
                    for selector in self.graph.objects(target, T.hasSelector)
                    for exact in self.graph.objects(selector, T.exact)
                ]
                found.update((title, quote) for quote in quotes or [""])
        return tuple(sorted(found))

    def role(self, fact: Node) -> str:
        roles = sorted(self.label(r) for r in self.graph.objects(fact, T.role))
        return ", ".join(roles) if roles else NO_ROLE

    def node_attrs(self, node: Node) -> dict[str, object]:
        """Label and type of an entity; events and programmes also carry their time and quotes."""
        kind = self.kind(node)
        label = self.label(node)
        names = self.other_names(node, label)
        attrs: dict[str, object] = {
            "label": label,
            "short": self.short_name(node, label) if kind != "person" else "",
            "names": names,
            "type": kind,
            "subtype": self.subtype(node),
            "iri": str(node),
            "unit_of": str(self.first(node, T.unitOf) or ""),
            "time": "",
        }
        if kind in ("event", "programme"):
            attrs["time"] = self.span(node).text
        attrs.update(evidence_attrs(self.evidence(node) if kind in ("event", "programme") else ()))
        return attrs

    def add_node(self, graph: nx.Graph, node: Node) -> str:
        key = str(node)
        if key not in graph:
            graph.add_node(key, **self.node_attrs(node))
        return key

    def add_edge(
        self,
        graph: nx.MultiDiGraph,
        source: Node,
        target: Node,
        key: str,
        role: str,
        fact: Node | None,
        span: Span,
        evidence: Evidence,
        **extra: object,
    ) -> None:
        u, v = self.add_node(graph, source), self.add_node(graph, target)
        basis = self.first(fact, T.basis) if fact is not None else None
        graph.add_edge(
            u,
            v,
            key=key,
            role=role,
            fact=str(fact) if fact is not None else "",
            basis=self.label(basis) if basis is not None else "",
            **span_attrs(span),
            **evidence_attrs(evidence),
            **extra,
        )


def _iso(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def bounds_attrs(bounds: Bounds) -> dict[str, str]:
    """A tie's bounds as flat strings (ISO days, "" where not given), for exports and pages."""
    return {
        "start_earliest": _iso(bounds.start_earliest),
        "start_latest": _iso(bounds.start_latest),
        "end_earliest": _iso(bounds.end_earliest),
        "end_latest": _iso(bounds.end_latest),
        "start_note": bounds.start_note,
        "end_note": bounds.end_note,
    }


def span_attrs(span: Span) -> dict[str, object]:
    periods = [period_of(span.bounds)] if span.placed else []
    return {"time": span.text, **bounds_attrs(span.bounds), "periods": periods}


#: A period as the page script reads it: [earliest start, latest end, latest start, earliest
#: end, why the start is uncertain, why the end is]: possible on a day between the first two,
#: certain on a day between the next two (g40kg.project.time_bounds.held).
PERIOD_KEYS = (
    "start_earliest",
    "end_latest",
    "start_latest",
    "end_earliest",
    "start_note",
    "end_note",
)


def period_of(bounds: Bounds) -> list[str]:
    attrs = bounds_attrs(bounds)
    return [attrs[key] for key in PERIOD_KEYS]


def bounds_of(period: list[str]) -> Bounds:
    """The inverse of period_of."""
    days = [date.fromisoformat(d) if d else None for d in period[:4]]
    return Bounds(days[0], days[2], days[3], days[1], period[4], period[5])


def periods(data: dict[str, object]) -> list[list[str]]:
    """An edge's periods (PERIOD_KEYS); a tie merged from several mandates or shared bodies
    has one each, a tie whose evidence gives no date at all none (no date control shows it)."""
    return [list(p) for p in data.get("periods", ())]  # type: ignore[union-attr]


def tie_state(data: dict[str, object], window: Window | None) -> str | None:
    """certain, possible or None for a tie under a window (certain without one): the best
    state of any of its periods, as the page's date control computes it."""
    if window is None:
        return "certain"
    found = {held(bounds_of(p), window.first, window.last) for p in periods(data)}
    return "certain" if "certain" in found else ("possible" if "possible" in found else None)


def evidence_attrs(evidence: Evidence) -> dict[str, object]:
    """Flat source and quote strings for exports, and the pairs for tooltips."""
    titles = list(dict.fromkeys(title for title, _ in evidence))
    quotes = list(dict.fromkeys(quote for _, quote in evidence if quote))
    return {"source": "; ".join(titles), "quote": "\n".join(quotes), "evidence": evidence}


def new_graph(factory: type[nx.Graph], name: str, window: Window | None) -> nx.Graph:
    graph = factory()
    graph.graph.update(
        name=name,
        title=PROJECTIONS[name].title,
        description=PROJECTIONS[name].description,
        window=window.text if window else "",
    )
    return graph


def _kept(span: Span, window: Window | None) -> str | None:
    """certain, possible or None (not shown) for a fact's span under a window; certain
    without one."""
    if window is None:
        return "certain"
    return held(span.bounds, window.first, window.last) if span.placed else None


def actor_network(
    graph: Source, *, as_of: date | None = None, years: tuple[int, int] | None = None
) -> nx.MultiDiGraph:
    """People and bodies joined by their mandates (member → organisation, one edge per fact)."""
    window = make_window(as_of, years)
    reader = Reader(graph, as_of)
    net = new_graph(nx.MultiDiGraph, "actors", window)
    for fact in reader.instances(T.Membership):
        member = reader.first(fact, T.member)
        body = reader.first(fact, T.organization)
        if member is None or body is None:
            continue
        # A term of office's derived bounds (as `as-of` reads them), else the fact's own.
        span = reader.tie_span(fact)
        certainty = _kept(span, window)
        if certainty is None:
            continue
        role = reader.role(fact)
        reader.add_edge(
            net,
            member,
            body,
            f"membership {fact}",
            role,
            fact,
            span,
            reader.evidence(fact),
            certainty=certainty,
        )
    return net


def _merge_edge(graph: nx.Graph, u: str, v: str, data: dict[str, object]) -> None:
    """Fold one more mandate into an undirected person–body edge."""
    if not graph.has_edge(u, v):
        graph.add_edge(
            u,
            v,
            roles=[],
            times=[],
            facts=[],
            evidence=(),
            periods=[],
            sure=[],
        )
    edge = graph.edges[u, v]
    edge["periods"] += periods(data)
    edge["roles"].append(data["role"])
    edge["times"].append(data["time"])
    edge["facts"].append(data["fact"])
    edge["sure"].append(data.get("certainty", "certain"))
    edge["evidence"] = tuple(sorted(set(edge["evidence"]) | set(data["evidence"])))


def _finish_edges(graph: nx.Graph) -> None:
    """Turn the lists of merged mandates into flat, exportable attributes."""
    for _u, _v, edge in graph.edges(data=True):
        roles, times = edge.pop("roles"), edge.pop("times")
        edge["role"] = ", ".join(sorted(set(roles)))
        edge["time"] = "; ".join(dict.fromkeys(t for t in times if t))
        edge["fact"] = " ".join(edge.pop("facts"))
        edge["mandates"] = len(roles)
        edge["certainty"] = "certain" if "certain" in edge.pop("sure") else "possible"
        edge.update(evidence_attrs(edge["evidence"]))


def person_body_graph(
    graph: Source, *, as_of: date | None = None, years: tuple[int, int] | None = None
) -> nx.Graph:
    """Bipartite: people (bipartite=0) and the bodies they hold mandates in (bipartite=1)."""
    actors = actor_network(graph, as_of=as_of, years=years)
    net = new_graph(nx.Graph, "bodies", make_window(as_of, years))
    for u, v, data in actors.edges(data=True):
        if actors.nodes[u]["type"] != "person" or actors.nodes[v]["type"] not in BODY_TYPES:
            continue
        net.add_node(u, **actors.nodes[u], bipartite=0)
        net.add_node(v, **actors.nodes[v], bipartite=1)
        _merge_edge(net, u, v, data)
    _finish_edges(net)
    return net


@dataclass(frozen=True)
class Term:
    """One mandate of a person in a body: its role (None for an affiliation) and bounds."""

    role: Node | None
    bounds: Bounds


def _bound(reader: Reader, node: Node, prop: URIRef) -> date | None:
    value = reader.first(node, prop)
    return date.fromisoformat(str(value)) if value is not None else None


def _terms(reader: Reader, person: Node, body: Node, edge: dict[str, object]) -> list[Term]:
    """The person's terms in the body, with the bounds the person–body tie carries (the
    derived bounds of each term of office, or an affiliation's own)."""
    roles = {
        str(m): reader.first(m, T.seatRole)
        for m in reader.graph.subjects(T.seatBody, body)
        if (m, T.holder, person) in reader.graph
    }
    found: list[Term] = []
    for fact in str(edge.get("fact", "")).split():
        term = reader.first_subject(T.evidence, URIRef(fact))
        role = roles.get(str(term)) if term is not None else None
        found.append(Term(role, reader.tie_span(URIRef(fact)).bounds))
    return list(dict.fromkeys(found))


def _latest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return max(known) if known else None


def _earliest(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def together(a: Bounds, b: Bounds) -> Bounds | None:
    """The time two terms both held, as bounds of its own (None if they cannot overlap): it
    starts when the later of the two starts and ends when the earlier ends. The rule of
    time_bounds.held on it is the rule on both terms at once: certain on a day both certainly
    held, possible on a day both possibly held. Where no day is certain for both (the latest
    start after the earliest end), the period is never certain."""
    low = _latest(a.start_earliest, b.start_earliest)
    high = _earliest(a.end_latest, b.end_latest)
    if low is not None and high is not None and low > high:
        return None
    sure_from = (
        None
        if None in (a.start_latest, b.start_latest)
        else _latest(a.start_latest, b.start_latest)
    )
    sure_to = (
        None
        if None in (a.end_earliest, b.end_earliest)
        else _earliest(a.end_earliest, b.end_earliest)
    )
    start_note = "; ".join(dict.fromkeys(n for n in (a.start_note, b.start_note) if n))
    end_note = "; ".join(dict.fromkeys(n for n in (a.end_note, b.end_note) if n))
    if sure_from is not None and sure_to is not None and sure_from > sure_to:
        sure_from = sure_to = None
        start_note = end_note = f"no day on which both certainly held ({start_note}; {end_note})"
    return Bounds(low, sure_from, sure_to, high, start_note, end_note)


def _period(bounds: Bounds) -> str:
    low, high = bounds.start_earliest, bounds.end_latest
    if low is None and high is None:
        return "at any time the texts allow"
    if low is None:
        return f"until {high.isoformat()}"  # type: ignore[union-attr]
    if high is None:
        return f"from {low.isoformat()}"
    return f"from {low.isoformat()} until {high.isoformat()}"


def co_membership_graph(
    graph: Source, *, as_of: date | None = None, years: tuple[int, int] | None = None
) -> nx.Graph:
    """People linked by the bodies they share; weight = number of shared bodies. A tie only
    where two of their terms in a body can overlap (two holders of one single seat never do),
    with that period on the tie (its bounds: together)."""
    bipartite = person_body_graph(graph, as_of=as_of, years=years)
    net = new_graph(nx.Graph, "comembership", make_window(as_of, years))
    people = sorted(n for n, d in bipartite.nodes(data=True) if d["bipartite"] == 0)
    bodies = sorted(n for n, d in bipartite.nodes(data=True) if d["bipartite"] == 1)
    pairs = sum(d * (d - 1) // 2 for d in (bipartite.degree(b) for b in bodies))
    if pairs > MAX_COMEMBERSHIP_PAIRS:
        window = f" {net.graph['window']}" if net.graph["window"] else ""
        raise TooLarge(
            f"the co-membership network{window} would need {pairs} ties (one per two members "
            f"of a body, more than {MAX_COMEMBERSHIP_PAIRS}): too large to build or draw; "
            "narrow it with --as-of DATE or --years YYYY[-YYYY], or use the bodies network"
        )
    for person in people:
        attrs = {k: v for k, v in bipartite.nodes[person].items() if k != "bipartite"}
        net.add_node(person, **attrs)
    reader = Reader(graph)
    window = make_window(as_of, years)
    for body in bodies:
        members = sorted(bipartite.neighbors(body))
        body_node = URIRef(body)
        terms = {m: _terms(reader, URIRef(m), body_node, bipartite.edges[m, body]) for m in members}
        label = bipartite.nodes[body]["label"]
        for a, b in combinations(members, 2):
            found = []
            for ta in terms[a]:
                for tb in terms[b]:
                    if ta.role is not None and ta.role == tb.role and _single_seat(reader, ta.role):
                        continue  # two holders of one single seat never sit together
                    both = together(ta.bounds, tb.bounds)
                    if both is None:
                        continue
                    if window is None:  # certain: some day on which both certainly held
                        sure = None not in (both.start_latest, both.end_earliest)
                        state: str | None = "certain" if sure else "possible"
                    else:
                        state = held(both, window.first, window.last)
                    if state is not None:
                        found.append((state, both))
            if not found:
                continue
            if not net.has_edge(a, b):
                net.add_edge(a, b, shared=[], evidence=(), periods=[], spans=[], certainties=[])
            edge = net.edges[a, b]
            edge["certainties"] += [state for state, _both in found]
            spans = dict.fromkeys(_period(both) for _state, both in found)
            edge["spans"].append(f"{label}: {'; '.join(spans)}")
            edge["shared"].append(label)
            both_evidence = set(bipartite.edges[a, body]["evidence"]) | set(
                bipartite.edges[b, body]["evidence"]
            )
            edge["evidence"] = tuple(sorted(set(edge["evidence"]) | both_evidence))
            edge["periods"] += [period_of(both) for _state, both in found]
    for _a, _b, edge in net.edges(data=True):
        shared = edge.pop("shared")
        certainty = "certain" if "certain" in edge.pop("certainties") else "possible"
        edge.update(weight=len(shared), bodies="; ".join(shared), role="; ".join(shared))
        edge.update(time="; ".join(edge.pop("spans")), certainty=certainty)
        edge.update(**evidence_attrs(edge["evidence"]))
    return net


def _single_seat(reader: Reader, role: Node) -> bool:
    return (role, T.singleSeat, None) in reader.graph


def _subjects(reader: Reader, activity: Node) -> list[Node]:
    return sorted(reader.graph.objects(activity, T.subject), key=str)


def organisation_theme_graph(
    graph: Source, *, as_of: date | None = None, years: tuple[int, int] | None = None
) -> nx.MultiDiGraph:
    """Organisations → themes: a body's own subjects, and those of what it organises or joins."""
    window = make_window(as_of, years)
    reader = Reader(graph, as_of)
    net = new_graph(nx.MultiDiGraph, "themes", window)
    # A body's own subjects carry no time: a time filter leaves them out, like any undated fact.
    for body in reader.instances(T.Organization) if window is None else []:
        if reader.kind(body) not in BODY_TYPES:
            continue
        for theme in _subjects(reader, body):
            reader.add_edge(
                net, body, theme, f"subject {body} {theme}", "onderwerp", None, UNDATED, ()
            )
    for event in reader.instances(T.Event):
        span = reader.span(event)
        if not _kept(span, window):
            continue
        for body in sorted(reader.graph.objects(event, T.organizer), key=str):
            if reader.kind(body) not in BODY_TYPES:
                continue
            for theme in _subjects(reader, event):
                key = f"organizer {event} {body} {theme}"
                via = reader.label(event)
                evidence = reader.evidence(event)
                reader.add_edge(
                    net, body, theme, key, "organisator", event, span, evidence, via=via
                )
    for part in reader.instances(T.Participation):
        agent, activity = reader.first(part, T.agent), reader.first(part, T.activity)
        if agent is None or activity is None or reader.kind(agent) not in BODY_TYPES:
            continue
        span = reader.participation_span(part, activity)
        if not _kept(span, window):
            continue
        evidence = tuple(sorted(set(reader.evidence(part)) | set(reader.evidence(activity))))
        for theme in _subjects(reader, activity):
            key = f"participation {part} {theme}"
            role, via = reader.role(part), reader.label(activity)
            reader.add_edge(net, agent, theme, key, role, part, span, evidence, via=via)
    return net


def event_graph(
    graph: Source, *, as_of: date | None = None, years: tuple[int, int] | None = None
) -> nx.MultiDiGraph:
    """Events with their places, organisers, speakers and other participants."""
    window = make_window(as_of, years)
    reader = Reader(graph, as_of)
    net = new_graph(nx.MultiDiGraph, "events", window)
    kept: set[Node] = set()
    for event in reader.instances(T.Event):
        span = reader.span(event)
        if not _kept(span, window):
            continue
        kept.add(event)
        reader.add_node(net, event)
        evidence = reader.evidence(event)
        links = (
            (T.location, "locatie", False),
            (T.organizer, "organisator", True),
            (T.superEvent, "onderdeel van", False),
        )
        for prop, role, inward in links:
            for other in sorted(reader.graph.objects(event, prop), key=str):
                source, target = (other, event) if inward else (event, other)
                key = f"{short(prop)} {event} {other}"
                reader.add_edge(net, source, target, key, role, event, span, evidence)
    for part in reader.instances(T.Participation):
        agent, activity = reader.first(part, T.agent), reader.first(part, T.activity)
        if agent is None or activity not in kept:
            continue
        span = reader.participation_span(part, activity)
        if not _kept(span, window):
            continue
        key = f"participation {part}"
        reader.add_edge(
            net, agent, activity, key, reader.role(part), part, span, reader.evidence(part)
        )
    for place in sorted(n for n, d in net.nodes(data=True) if d["type"] == "place"):
        for town in sorted(reader.graph.objects(URIRef(place), T.containedInPlace), key=str):
            key = f"containedInPlace {place} {town}"
            reader.add_edge(net, URIRef(place), town, key, "ligt in", None, UNDATED, ())
    return net


def full_graph(
    graph: Source, *, as_of: date | None = None, years: tuple[int, int] | None = None
) -> nx.MultiDiGraph:
    """Mandates, themes and events in one graph: the base for the ego network of any entity."""
    graph = as_graph(graph)  # a Store is wrapped once: the three parts share what it read
    parts = [
        actor_network(graph, as_of=as_of, years=years),
        organisation_theme_graph(graph, as_of=as_of, years=years),
        event_graph(graph, as_of=as_of, years=years),
    ]
    net = nx.compose_all(parts)
    net.graph.clear()
    net.graph.update(new_graph(nx.MultiDiGraph, "full", make_window(as_of, years)).graph)
    return net


Builder = Callable[..., nx.Graph]


@dataclass(frozen=True)
class Projection:
    """A named projection: how to build it and how to call it on a page."""

    build: Builder
    title: str
    description: str


PROJECTIONS: dict[str, Projection] = {
    "actors": Projection(
        actor_network,
        "Actor network",
        "people, organisations, municipalities and ministries joined by their mandates",
    ),
    "bodies": Projection(
        person_body_graph, "People and bodies", "bipartite: each person and the bodies they sit in"
    ),
    "comembership": Projection(
        co_membership_graph,
        "Co-membership",
        "people joined by the bodies they share (weight: number of shared bodies)",
    ),
    "themes": Projection(
        organisation_theme_graph,
        "Organisations and themes",
        "bodies and the themes of what they organise, join or work on",
    ),
    "events": Projection(
        event_graph, "Events", "events with their places, organisers, speakers and participants"
    ),
    "full": Projection(full_graph, "Everything", "mandates, themes and events in one graph"),
}


def project(
    graph: Source | Store,
    name: str,
    *,
    as_of: date | None = None,
    years: tuple[int, int] | None = None,
) -> nx.Graph:
    """The named projection; an unknown name is a usage error that lists the known ones.

    graph: an rdflib Graph, a pyoxigraph Store (g40kg.project.load.open_project) or a
    g40kg.project.store_graph.StoreGraph over one; the same data gives the same networkx graph. To
    build several projections from one store, wrap it once (StoreGraph(store)) and pass that: the
    predicates it has read stay in memory for the next projection."""
    if name not in PROJECTIONS:
        known = ", ".join(PROJECTIONS)
        raise UsageError(f"unknown network {name!r}: choose one of {known}")
    with paused_gc():
        return PROJECTIONS[name].build(as_graph(graph), as_of=as_of, years=years)


def _expand(text: str) -> str:
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return text


def resolve_node(net: nx.Graph, entity: str) -> str:
    """A node of net named by IRI, prefixed name (person:frank-den-brok), its label or a
    name the view shows or searches (a short name such as G40 or EKEM), case ignored."""
    for candidate in (entity, _expand(entity)):
        if candidate in net:
            return candidate
    wanted = entity.strip().casefold()
    matches = sorted(n for n, d in net.nodes(data=True) if d["label"].casefold() == wanted)
    if not matches:
        matches = sorted(
            n
            for n, d in net.nodes(data=True)
            if wanted in {str(x).casefold() for x in (d.get("short", ""), *d.get("names", ()))}
        )
    if len(matches) == 1:
        return matches[0]
    name = net.graph.get("name", "")
    if matches:
        listed = ", ".join(short(URIRef(m)) for m in matches)
        raise UsageError(f"entity {entity!r} is ambiguous in the {name} network: {listed}")
    raise UsageError(
        f"unknown entity {entity!r}: not in the {name} network"
        f"{' ' + net.graph['window'] if net.graph.get('window') else ''}; "
        "give an IRI, a prefixed name (person:frank-den-brok), a label or a short name"
    )


def ego_network(net: nx.Graph, entity: str, radius: int = 1) -> nx.Graph:
    """The entity and everything within radius steps of it, ignoring edge direction."""
    if radius < 0:
        raise UsageError(f"radius {radius} must be 0 or more")
    centre = resolve_node(net, entity)
    within = set(nx.ego_graph(net, centre, radius=radius, undirected=True))
    # In net's own order: ego_graph's order follows a set's, which changes with the hash seed,
    # and so would the page (and the key its layout is kept under).
    # (Not net.subgraph: its view walks a set of the kept nodes.)
    ego = net.__class__()
    ego.add_nodes_from((node, data) for node, data in net.nodes(data=True) if node in within)
    if net.is_multigraph():
        ego.add_edges_from(
            (u, v, key, data)
            for u, v, key, data in net.edges(keys=True, data=True)
            if u in within and v in within
        )
    else:
        ego.add_edges_from(
            (u, v, data) for u, v, data in net.edges(data=True) if u in within and v in within
        )
    ego.graph.update(
        net.graph,
        focus=centre,
        radius=radius,
        title=f"{net.graph.get('title', '')} around {net.nodes[centre]['label']} (radius {radius})",
    )
    return ego


def simple_undirected(net: nx.Graph) -> nx.Graph:
    """One undirected edge per pair; weight = the number (or total weight) of ties."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(net.nodes))
    for u, v, data in sorted(net.edges(data=True), key=lambda e: (e[0], e[1])):
        if u == v:
            continue
        weight = data.get("weight", 1)
        if simple.has_edge(u, v):
            simple.edges[u, v]["weight"] += weight
        else:
            simple.add_edge(u, v, weight=weight)
    return simple


@dataclass(frozen=True)
class Metrics:
    """Degree (distinct neighbours), betweenness (brokers) and communities of one graph."""

    degree: dict[str, int]
    betweenness: dict[str, float]
    communities: list[list[str]]


def compute_metrics(net: nx.Graph, seed: int = LOUVAIN_SEED) -> Metrics:
    """Exact betweenness and Louvain communities with a fixed seed: reruns agree."""
    simple = simple_undirected(net)
    degree = dict(simple.degree())
    betweenness = nx.betweenness_centrality(simple, normalized=True) if len(simple) else {}
    if simple.number_of_edges():
        found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    else:
        found = [{n} for n in simple.nodes]
    communities = sorted(
        (sorted(c, key=lambda n: (net.nodes[n]["label"], n)) for c in found),
        key=lambda c: (-len(c), net.nodes[c[0]]["label"], c[0]),
    )
    return Metrics(degree, betweenness, communities)


def top(net: nx.Graph, values: dict[str, float], n: int) -> list[tuple[str, float]]:
    """The n highest values, ties broken by label so the list is stable."""
    ranked = sorted(
        values.items(), key=lambda item: (-item[1], net.nodes[item[0]]["label"], item[0])
    )
    return ranked[:n]


def _node_line(net: nx.Graph, node: str) -> str:
    data = net.nodes[node]
    return f"{data['label']} ({data['type']})"


def stats_text(net: nx.Graph, top_n: int = 10) -> str:
    """The report of `g40kg network stats`: top actors per metric and the communities."""
    metrics = compute_metrics(net)
    header = net.graph.get("title", "")
    if net.graph.get("window"):
        header += f" ({net.graph['window']})"
    lines = [header, f"nodes: {net.number_of_nodes()}  edges: {net.number_of_edges()}", ""]
    lines.append(f"degree (distinct neighbours), top {top_n}:")
    for node, value in top(net, metrics.degree, top_n):
        lines.append(f"  {int(value):4d}  {_node_line(net, node)}")
    lines += ["", f"betweenness (brokers between parts of the network), top {top_n}:"]
    for node, value in top(net, metrics.betweenness, top_n):
        lines.append(f"  {value:.3f}  {_node_line(net, node)}")
    lines += ["", f"communities (Louvain, seed {LOUVAIN_SEED}): {len(metrics.communities)}"]
    for number, members in enumerate(metrics.communities[:top_n], start=1):
        lines.append(f"  {number:3d}. {len(members)} members:")  # one a line: names hold commas
        lines += [f"         {net.nodes[m]['label']}" for m in members[:top_n]]
        if len(members) > top_n:
            lines.append(f"         … and {len(members) - top_n} more")
    return "\n".join(lines)


SCALARS = (str, int, float, bool)


def _scalar_attrs(attrs: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in attrs.items() if isinstance(v, SCALARS)}


def exportable(net: nx.Graph) -> nx.Graph:
    """A copy holding only the scalar attributes that GraphML and GEXF can store."""
    copy = net.__class__()
    copy.graph.update(_scalar_attrs(net.graph))
    copy.add_nodes_from((n, _scalar_attrs(d)) for n, d in net.nodes(data=True))
    if net.is_multigraph():
        copy.add_edges_from(
            (u, v, k, _scalar_attrs(d)) for u, v, k, d in net.edges(keys=True, data=True)
        )
    else:
        copy.add_edges_from((u, v, _scalar_attrs(d)) for u, v, d in net.edges(data=True))
    return copy


EXPORT_FORMATS: dict[str, Callable[[nx.Graph], Iterable[str]]] = {
    "graphml": nx.generate_graphml,
    "gexf": nx.generate_gexf,
}


def export_text(net: nx.Graph, fmt: str) -> str:
    """The graph as GraphML or GEXF text."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(
            f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}"
        )
    return "\n".join(EXPORT_FORMATS[fmt](exportable(net))) + "\n"
