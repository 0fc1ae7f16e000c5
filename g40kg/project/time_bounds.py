"""Mandates as uncertain intervals: the bounds on each term's start and end, computed once.

Why computed and stored, not queried: the rules (a date's precision, an observation window,
"eerder", a successor in a single-seat post) need interval arithmetic that portable SPARQL
cannot express on every engine (rdflib, pyoxigraph, Oxigraph, Virtuoso). They are computed
here, after the store is built, into one named graph (DERIVED_GRAPH), so every verb, every
query and every export sees the same derived triples, each bound naming the facts that gave
it (g40:<side>GivenBy).

A mandate is one term of one holder in one role of one body. Hand-written g40:Mandate nodes
(data/mandates/) group the per-source org:Membership facts that are one term (g40:evidence);
every membership with a role that no mandate lists is a mandate of its own here. Per mandate:

- a stated g40:startDate/g40:endDate at precision p bounds the start/end to the days of p;
- g40:endNotAfter D (a bound the source gives, not an end): the end is no later than D's last day;
- an observation (g40:date, or g40:earliestDate..g40:latestDate) says the term held on some day
  in that window: start <= its last day, end >= its first day;
- g40:endedBefore F: the term had ended before the day fact F was observed ("eerder");
  g40:startedBefore F: it had begun before ("al eerder gekozen");
- g40:follows M: this term came after term M (a re-election, or a successor named elsewhere);
- in a single-seat post (the role is g40:singleSeat true) a term that certainly began before
  another term of another holder ended must have ended before that term began: the
  predecessor's end is bounded by the successor's start (g40:succeededBy names the pair).

The one rule that reads the bounds (held: certain, possible or neither on a day or in a window)
is here too; queries/as-of.rq and the views' page script (g40kg.network.page_script) make the
same four comparisons, and fact_bounds gives a fact outside any term (an affiliation, an event,
a participation) its bounds by the same rules.
"""

from __future__ import annotations

import calendar
import functools
import gc
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from pyoxigraph import Literal, NamedNode, Quad, Store

G40 = "https://w3id.org/g40kg/def#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")
XSD_BOOLEAN = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
MANDATE_NS = "https://w3id.org/g40kg/id/mandate/"
#: The named graph of every derived triple: export, stats and the site can tell them apart.
DERIVED_GRAPH = NamedNode("urn:g40kg:derived")
SIDES = ("startEarliest", "startLatest", "endEarliest", "endLatest")

FACTS = f"""
PREFIX g40: <{G40}>
PREFIX org: <{ORG}>
SELECT ?fact ?member ?body ?role ?start ?end ?bound ?date ?earliest ?latest WHERE {{
  ?fact org:member ?member ; org:organization ?body ; org:role ?role .
  OPTIONAL {{ ?fact g40:startDate ?start }}
  OPTIONAL {{ ?fact g40:endDate ?end }}
  OPTIONAL {{ ?fact g40:endNotAfter ?bound }}
  OPTIONAL {{ ?fact g40:date ?date }}
  OPTIONAL {{ ?fact g40:earliestDate ?earliest }}
  OPTIONAL {{ ?fact g40:latestDate ?latest }}
}}"""
OBSERVED = f"""
PREFIX g40: <{G40}>
SELECT ?fact ?date ?earliest ?latest WHERE {{
  ?fact g40:date|g40:earliestDate ?any .
  OPTIONAL {{ ?fact g40:date ?date }}
  OPTIONAL {{ ?fact g40:earliestDate ?earliest }}
  OPTIONAL {{ ?fact g40:latestDate ?latest }}
}}"""
LINKS = f"""
PREFIX g40: <{G40}>
SELECT ?mandate ?link ?target WHERE {{
  ?mandate a g40:Mandate ; ?link ?target .
  VALUES ?link {{ g40:evidence g40:endedBefore g40:startedBefore g40:follows }}
}}"""
SINGLE_SEAT = f"""
PREFIX g40: <{G40}>
SELECT ?role WHERE {{ ?role g40:singleSeat true }}"""


@dataclass(frozen=True)
class Day:
    """A day bound with the text of the date it came from (its precision) and the facts."""

    day: date
    text: str
    given_by: tuple[str, ...]


def _first_day(text: str) -> date | None:
    parts = text.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _last_day(text: str) -> date | None:
    parts = text.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 12, 31)
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            return date(year, month, calendar.monthrange(year, month)[1])
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


@dataclass
class Window:
    """A date or range as written: some day between first and last."""

    first_text: str
    last_text: str

    @property
    def text(self) -> str:
        if self.first_text == self.last_text:
            return self.first_text
        return f"between {self.first_text} and {self.last_text}"


@dataclass
class Fact:
    iri: str
    member: str
    body: str
    role: str
    start: str | None = None
    end: str | None = None
    observed: Window | None = None
    end_bound: str | None = None  # g40:endNotAfter


@dataclass
class Mandate:
    iri: str
    facts: list[Fact]
    hand_written: bool
    ended_before: list[str] = field(default_factory=list)
    started_before: list[str] = field(default_factory=list)
    follows: list[str] = field(default_factory=list)
    bounds: dict[str, Day | None] = field(default_factory=lambda: dict.fromkeys(SIDES))
    notes: dict[str, str] = field(default_factory=dict)
    succeeded_by: set[str] = field(default_factory=set)

    @property
    def seat(self) -> tuple[str, str]:
        return (self.facts[0].body, self.facts[0].role)

    @property
    def holder(self) -> str:
        return self.facts[0].member


def _tighten(m: Mandate, side: str, bound: Day | None) -> bool:
    """Narrow one side of m's bounds with bound; True if it changed."""
    if bound is None:
        return False
    old = m.bounds[side]
    lower = side.endswith("Earliest")
    if old is None or (bound.day > old.day if lower else bound.day < old.day):
        m.bounds[side] = bound
        return True
    return False


def _window(row: dict[str, str]) -> Window | None:
    if row.get("date"):
        return Window(row["date"], row["date"])
    if row.get("earliest") and row.get("latest"):
        return Window(row["earliest"], row["latest"])
    return None


def _rows(store: Store, text: str) -> list[dict[str, str]]:
    solutions = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: t.value for n, t in zip(names, s, strict=True) if t is not None} for s in solutions]


def _day(text: str, first: bool, given_by: tuple[str, ...]) -> Day | None:
    day = _first_day(text) if first else _last_day(text)
    return None if day is None else Day(day, text, given_by)


def _frame(m: Mandate, observed: dict[str, Window]) -> None:
    """Bounds from stated starts and ends and the words that bound them, not observations."""
    for f in m.facts:
        if f.start:
            _tighten(m, "startEarliest", _day(f.start, True, (f.iri,)))
            _tighten(m, "startLatest", _day(f.start, False, (f.iri,)))
        if f.end:
            _tighten(m, "endEarliest", _day(f.end, True, (f.iri,)))
            _tighten(m, "endLatest", _day(f.end, False, (f.iri,)))
        if f.end_bound:
            _tighten(m, "endLatest", _day(f.end_bound, False, (f.iri,)))
    for iri in m.ended_before:
        seen = observed.get(iri)
        if seen is not None:
            _tighten(m, "endLatest", _day(seen.last_text, False, (iri,)))
    for iri in m.started_before:
        seen = observed.get(iri)
        if seen is not None:
            _tighten(m, "startLatest", _day(seen.last_text, False, (iri,)))


def _observations(m: Mandate) -> None:
    """Each observation of the term: it held on some day in the window."""
    for f in m.facts:
        if f.observed is None or f.iri in m.ended_before:
            continue
        _tighten(m, "startLatest", _day(f.observed.last_text, False, (f.iri,)))
        _tighten(m, "endEarliest", _day(f.observed.first_text, True, (f.iri,)))


def _start_before_end(m: Mandate) -> bool:
    """A term starts before it ends: each side bounds the other."""
    changed = _tighten(m, "startLatest", m.bounds["endLatest"])
    return _tighten(m, "endEarliest", m.bounds["startEarliest"]) or changed


def _certain(m: Mandate) -> tuple[date, date] | None:
    """The days on which m held for every reading of its evidence, if any."""
    start, end = m.bounds["startLatest"], m.bounds["endEarliest"]
    if start is None or end is None or start.day > end.day:
        return None
    return (start.day, end.day)


def overlap_is_certain(a: Mandate, b: Mandate) -> bool:
    """Both certainly held on some same day: a conflict in a single seat (reported by
    g40sh:SingleSeatShape), which no inference may paper over."""
    da, db = _certain(a), _certain(b)
    return da is not None and db is not None and max(da[0], db[0]) <= min(da[1], db[1])


def conflict(m: Mandate) -> bool:
    """The evidence admits no reading: a bound on one side passes the other bound."""
    se, sl, ee, el = (m.bounds[s] for s in SIDES)
    pairs = ((se, sl), (ee, el), (se, el))
    return any(lo is not None and hi is not None and lo.day > hi.day for lo, hi in pairs)


def _precedes(a: Mandate, b: Mandate) -> tuple[str, ...] | None:
    """The facts showing a's term began before b's ended (so, in one seat, a came first)."""
    a_start, b_end = a.bounds["startLatest"], b.bounds["endEarliest"]
    if a_start is not None and b_end is not None and a_start.day < b_end.day:
        return a_start.given_by + b_end.given_by
    return None


def _succession(pred: Mandate, succ: Mandate, order: tuple[str, ...]) -> bool:
    """pred's term ended before succ's began: each bounds the other, naming both facts."""
    changed = False
    start = succ.bounds["startLatest"]
    if start is not None:
        bound = Day(start.day, start.text, _unique(start.given_by + order))
        changed = _tighten(pred, "endLatest", bound)
    end = pred.bounds["endEarliest"]
    if end is not None:
        bound = Day(end.day, end.text, _unique(end.given_by + order))
        changed = _tighten(succ, "startEarliest", bound) or changed
    if succ.holder != pred.holder:
        pred.succeeded_by.add(succ.iri)
    return changed


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _propagate(mandates: dict[str, Mandate], single_seat: set[str]) -> None:
    """Apply the order between terms (declared, or inferred in a single seat) to a fixpoint."""
    seats: dict[tuple[str, str], list[Mandate]] = {}
    for m in mandates.values():
        if m.seat[1] in single_seat:
            seats.setdefault(m.seat, []).append(m)
    for _round in range(len(mandates) + 1):
        changed = False
        for m in mandates.values():
            changed = _start_before_end(m) or changed
            for earlier in m.follows:
                if earlier in mandates:
                    changed = _succession(mandates[earlier], m, ()) or changed
        for group in seats.values():
            changed = _seat_round(group) or changed
        if not changed:
            return


def _may_pair(a: Mandate, b: Mandate) -> bool:
    return a is not b and a.holder != b.holder and not overlap_is_certain(a, b)


def _day_of(m: Mandate, side: str, missing: date) -> date:
    bound = m.bounds[side]
    return missing if bound is None else bound.day


def _pair(a: Mandate, b: Mandate) -> bool:
    return _succession(a, b, _precedes(a, b) or ())


def _seat_round(group: list[Mandate]) -> bool:
    """One pass of the single-seat rule over one seat in O(n log n): a precedes b when
    a.startLatest < b.endEarliest; each b's start is bounded by the latest earliest end among
    its predecessors, each a's end by the earliest latest start among its successors. Where
    that best candidate may not be paired (the same holder, or a certain overlap, which
    validate reports), the candidates are tried in order."""
    changed = False
    starts = sorted(
        (m for m in group if m.bounds["startLatest"] is not None),
        key=lambda m: _day_of(m, "startLatest", date.max),
    )
    start_days = [_day_of(m, "startLatest", date.max) for m in starts]
    best_pred: list[Mandate] = []  # best_pred[k]: the latest earliest end among starts[:k+1]
    for m in starts:
        better = not best_pred or _day_of(m, "endEarliest", date.min) > _day_of(
            best_pred[-1], "endEarliest", date.min
        )
        best_pred.append(m if better else best_pred[-1])
    ends = sorted(
        (m for m in group if m.bounds["endEarliest"] is not None),
        key=lambda m: _day_of(m, "endEarliest", date.min),
    )
    end_days = [_day_of(m, "endEarliest", date.min) for m in ends]
    best_succ: list[Mandate] = list(ends)  # best_succ[k]: earliest latest start in ends[k:]
    for k in range(len(ends) - 2, -1, -1):
        if _day_of(best_succ[k + 1], "startLatest", date.max) < _day_of(
            ends[k], "startLatest", date.max
        ):
            best_succ[k] = best_succ[k + 1]
    for b in ends:
        k = bisect_left(start_days, _day_of(b, "endEarliest", date.min))
        if k == 0:
            continue
        if _may_pair(best_pred[k - 1], b):
            changed = _pair(best_pred[k - 1], b) or changed
            continue
        order = sorted(starts[:k], key=lambda m: _day_of(m, "endEarliest", date.min))
        a = next((m for m in reversed(order) if _may_pair(m, b)), None)
        changed = (a is not None and _pair(a, b)) or changed
    for a in starts:
        k = bisect_right(end_days, _day_of(a, "startLatest", date.max))
        if k == len(ends):
            continue
        if _may_pair(a, best_succ[k]):
            changed = _pair(a, best_succ[k]) or changed
            continue
        order = sorted(ends[k:], key=lambda m: _day_of(m, "startLatest", date.max))
        b = next((m for m in order if _may_pair(a, m)), None)
        changed = (b is not None and _pair(a, b)) or changed
    return changed


def _note(m: Mandate, side: str) -> str:
    """Why one side of the term is uncertain, in plain words (the reason a day is `possible`)."""
    earliest, latest = m.bounds[f"{side}Earliest"], m.bounds[f"{side}Latest"]
    word = "start" if side == "start" else "end"
    if earliest is None and latest is None:
        return f"{word} not given in any text"
    if earliest is None:
        return f"{word} not given (by {latest.text})"  # type: ignore[union-attr]
    if latest is None:
        return f"open {word}: not given (not before {earliest.text})"
    if earliest.day == latest.day:
        return f"{word} {latest.text}"
    if earliest.text == latest.text:
        return f"{word} some day in {latest.text}"
    return f"{word} some day between {earliest.text} and {latest.text}"


def period(m: Mandate) -> str:
    """The term in plain words: "from 2022, until at least 2024"."""
    if conflict(m):
        return "the evidence conflicts: no start and end fit every fact (see g40kg validate)"
    se, sl, ee, el = (m.bounds[s] for s in SIDES)
    one_window = sl is not None and ee is not None and sl.given_by == ee.given_by
    if se is None and el is None and one_window and len(sl.given_by) == 1:  # type: ignore[union-attr]
        if ee.text != sl.text:  # type: ignore[union-attr]
            held = f"held on some day between {ee.text} and {sl.text}"  # type: ignore[union-attr]
        elif ee.day == sl.day:  # type: ignore[union-attr]
            held = f"held on {ee.text}"  # a day: "some day in 2025-05-14" would mislead
        else:
            held = f"held on some day in {ee.text}"
        return f"{held}; start and end not given"
    if se is None and (sl is None or sl == el):  # a latest start that is only the latest end
        start = "from an unknown date"
    elif se is None:
        start = f"from no later than {sl.text}"  # type: ignore[union-attr]
    elif sl is None:
        start = f"from no earlier than {se.text}"
    elif se.text == sl.text:
        start = f"from {se.text}"
    else:
        start = f"from between {se.text} and {sl.text}"
    if el is None and (ee is None or (se is not None and ee.day == se.day)):
        end = "end not given"
    elif el is None:
        end = f"until at least {ee.text}"  # type: ignore[union-attr]
    elif ee is None:
        end = f"until no later than {el.text}"
    elif ee.text == el.text:
        end = f"until {el.text}"
    else:
        end = f"until between {ee.text} and {el.text}"
    return f"{start}, {end}"


def _order_key(m: Mandate) -> str:
    for side in ("startEarliest", "startLatest", "endEarliest", "endLatest"):
        bound = m.bounds[side]
        if bound is not None:
            return bound.day.isoformat()
    return "9999-12-31"


def _sort_key(m: Mandate) -> tuple[str, ...]:
    return (_order_key(m), m.seat[0], m.seat[1], m.holder, m.iri)


def time_order(mandates: list[Mandate]) -> dict[str, int]:
    """Each mandate's place in time: by earliest start (else latest start), and a term that
    an earlier term must precede (g40:follows, single-seat succession) always after it; terms
    that begin alike, with no order between them, share their place."""
    by_iri = {m.iri: m for m in mandates}
    before: dict[str, set[str]] = {m.iri: set() for m in mandates}
    for m in mandates:
        before[m.iri].update(f for f in m.follows if f in by_iri)
        for later in m.succeeded_by:
            before[later].add(m.iri)
    order: dict[str, int] = {}

    def place(m: Mandate, path: frozenset[str]) -> None:
        for earlier in sorted((by_iri[i] for i in before[m.iri]), key=_sort_key):
            if earlier.iri not in order and earlier.iri not in path:
                place(earlier, path | {m.iri})
        if m.iri not in order:
            order[m.iri] = len(order)

    for m in sorted(mandates, key=_sort_key):
        place(m, frozenset())
    # Terms that begin alike and need no order between them share a place, so that a query's
    # next sort key (the holder's name) orders them, not the IRIs that broke the tie above.
    shared: dict[str, int] = {}
    rank, key, group = -1, None, set()
    for iri in sorted(order, key=order.__getitem__):
        this = _order_key(by_iri[iri])
        if this != key or before[iri] & group:
            rank, key, group = rank + 1, this, set()
        group.add(iri)
        shared[iri] = rank
    return shared


def derive(store: Store) -> list[Mandate]:
    """Compute every mandate's bounds from the store's facts (no writes)."""
    facts: dict[str, Fact] = {}
    for row in _rows(store, FACTS):
        fact = facts.setdefault(
            row["fact"], Fact(row["fact"], row["member"], row["body"], row["role"])
        )
        fact.start = fact.start or row.get("start")
        fact.end = fact.end or row.get("end")
        fact.end_bound = fact.end_bound or row.get("bound")
        fact.observed = fact.observed or _window(row)
    observed = {r["fact"]: w for r in _rows(store, OBSERVED) if (w := _window(r)) is not None}
    links: dict[str, dict[str, list[str]]] = {}
    for row in _rows(store, LINKS):
        by_link = links.setdefault(row["mandate"], {})
        by_link.setdefault(row["link"].removeprefix(G40), []).append(row["target"])
    mandates: dict[str, Mandate] = {}
    claimed: set[str] = set()
    for iri, by_link in sorted(links.items()):
        evidence = [facts[f] for f in sorted(by_link.get("evidence", [])) if f in facts]
        if not evidence:
            continue
        claimed.update(f.iri for f in evidence)
        mandates[iri] = Mandate(
            iri,
            evidence,
            True,
            ended_before=sorted(by_link.get("endedBefore", [])),
            started_before=sorted(by_link.get("startedBefore", [])),
            follows=sorted(by_link.get("follows", [])),
        )
    for iri in sorted(set(facts) - claimed):
        own = MANDATE_NS + "fact-" + iri.rstrip("/").rsplit("/", 1)[-1]
        mandates[own] = Mandate(own, [facts[iri]], False)
    single_seat = {r["role"] for r in _rows(store, SINGLE_SEAT)}
    for m in mandates.values():
        _frame(m, observed)
    for m in mandates.values():
        _observations(m)
    _propagate(mandates, single_seat)
    for m in mandates.values():
        m.notes = {side: _note(m, side) for side in ("start", "end")}
        if conflict(m):
            words = "the evidence conflicts: no reading fits every fact (g40kg validate names them)"
            m.notes = {"start": words, "end": words}
    return list(mandates.values())


@functools.cache
def _g40(name: str) -> NamedNode:
    return NamedNode(G40 + name)


def _quads(m: Mandate, order: int) -> list[Quad]:
    subject = NamedNode(m.iri)

    def quad(name: str, value: NamedNode | Literal) -> Quad:
        return Quad(subject, _g40(name), value, DERIVED_GRAPH)

    quads = [
        quad("holder", NamedNode(m.holder)),
        quad("seatBody", NamedNode(m.seat[0])),
        quad("seatRole", NamedNode(m.seat[1])),
        quad("period", Literal(period(m))),
        quad("startNote", Literal(m.notes["start"])),
        quad("endNote", Literal(m.notes["end"])),
        quad("timeOrder", Literal(str(order), datatype=XSD_INTEGER)),
    ]
    if not m.hand_written:
        quads.append(Quad(subject, RDF_TYPE, _g40("Mandate"), DERIVED_GRAPH))
        quads.append(quad("evidence", NamedNode(m.facts[0].iri)))
    made = "false" if m.hand_written else "true"
    quads.append(quad("derivedMandate", Literal(made, datatype=XSD_BOOLEAN)))
    conflicts = conflict(m)
    for side in SIDES:
        bound = m.bounds[side]
        if bound is None or (conflicts and side in ("startLatest", "endEarliest")):
            continue  # a term whose evidence conflicts is never `certain`
        quads.append(quad(side, Literal(bound.day.isoformat(), datatype=XSD_DATE)))
        given_by = _g40(side + "GivenBy")
        quads.extend(Quad(subject, given_by, NamedNode(f), DERIVED_GRAPH) for f in bound.given_by)
    quads.extend(quad("succeededBy", NamedNode(s)) for s in sorted(m.succeeded_by))
    return quads


def add_time_bounds(store: Store) -> None:
    """Write every mandate's derived bounds into DERIVED_GRAPH (replacing what was there)."""
    store.clear_graph(DERIVED_GRAPH)
    enabled = gc.isenabled()
    gc.disable()  # some hundred thousand objects, no cycles: collections only cost time
    try:
        mandates = derive(store)
        order = time_order(mandates)
        quads = [q for m in mandates for q in _quads(m, order[m.iri])]
    finally:
        if enabled:
            gc.enable()
    if quads:
        store.extend(quads)


@dataclass(frozen=True)
class Bounds:
    """A term's (or a fact's) start and end as intervals, None where the evidence gives none,
    and why each side is uncertain in words (the reason a day is only `possible`)."""

    start_earliest: date | None = None
    start_latest: date | None = None
    end_earliest: date | None = None
    end_latest: date | None = None
    start_note: str = ""
    end_note: str = ""

    @property
    def dated(self) -> bool:
        return any(d is not None for d in self.days())

    def days(self) -> tuple[date | None, date | None, date | None, date | None]:
        return (self.start_earliest, self.start_latest, self.end_earliest, self.end_latest)


def held(bounds: Bounds, first: date, last: date) -> str | None:
    """The three-valued rule on the window [first, last] (one day for `as-of`): "certain" if,
    on every reading of the evidence, the term held on some day of the window (its latest start
    is on or before the window's last day and its earliest end on or after its first day);
    "possible" if on some reading (its earliest start is not after the window, its latest end
    not before it); None if on none. (A tie whose evidence gives no date at all is not put to
    this rule: no date control shows it, g40kg.network.projections.periods.)

    queries/as-of.rq and the views' page script (periodState in g40kg.network.page_script)
    make exactly these comparisons; tests check that they agree."""
    if bounds.start_earliest is not None and bounds.start_earliest > last:
        return None
    if bounds.end_latest is not None and bounds.end_latest < first:
        return None
    sure_from, sure_to = bounds.start_latest, bounds.end_earliest
    if sure_from is not None and sure_to is not None and sure_from <= last and sure_to >= first:
        return "certain"
    return "possible"


def fact_bounds(
    start: str | None = None,
    end: str | None = None,
    observed: Window | None = None,
    end_bound: str | None = None,
    happened: bool = False,
) -> Bounds:
    """The bounds of one fact that no term of office gathers (an affiliation, a participation,
    an event), by the rules of derive(): a stated start or end at its precision, g40:endNotAfter,
    and its date or window either as an observation (held on some day in it: an affiliation, a
    participation in a programme) or, where happened, as the time the thing took place (an
    event, and a participation in one, began and ended within it)."""
    m = Mandate("", [Fact("", "", "", "", start, end, observed, end_bound)], False)
    _frame(m, {})
    if happened and observed is not None:
        _tighten(m, "startEarliest", _day(observed.first_text, True, ()))
        _tighten(m, "startLatest", _day(observed.last_text, False, ()))
        _tighten(m, "endEarliest", _day(observed.first_text, True, ()))
        _tighten(m, "endLatest", _day(observed.last_text, False, ()))
    else:
        _observations(m)
    while _start_before_end(m):
        pass
    if conflict(m):
        words = "the evidence conflicts: no reading fits every fact"
        return Bounds(*_days(m, "startEarliest", "endLatest"), start_note=words, end_note=words)
    return Bounds(*_days(m, *SIDES), start_note=_note(m, "start"), end_note=_note(m, "end"))


def _days(m: Mandate, *sides: str) -> tuple[date | None, ...]:
    """The days of the given sides in SIDES order, None for a side not given."""
    return tuple(
        (m.bounds[s].day if m.bounds[s] is not None and s in sides else None)  # type: ignore[union-attr]
        for s in SIDES
    )
