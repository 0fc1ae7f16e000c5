"""Timelines of terms of office: one static SVG bar per mandate, fuzzy where time is uncertain.

Why static SVG: the report site works offline and without script. Each bar spans what the
derived bounds (g40kg.project.time_bounds) allow: solid where the term certainly held, hatched
where it may have held (a start or end known only to a year, a month or an observation window),
fading out at an open start or end. Each bar links to the rows of its evidence on the page, and
the list under the chart says the same in words, so a term is never read off a picture alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rdflib import Graph
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from g40kg.project.namespaces import G40
from g40kg.site.html import esc

WIDTH = 760
LABEL = 230
ROW = 22
AXIS = 24
NONE = '<p class="note">None recorded.</p>\n'


@dataclass(frozen=True)
class Term:
    """One mandate as the timeline draws it."""

    node: Node
    holder: Node
    body: Node
    role: str
    period: str
    order: int
    start_earliest: date | None
    start_latest: date | None
    end_earliest: date | None
    end_latest: date | None
    evidence: tuple[Node, ...]


def _day(graph: Graph, node: Node, prop: Node) -> date | None:
    value = graph.value(node, prop)
    return date.fromisoformat(str(value)) if value is not None else None


def _role(graph: Graph, role: Node) -> str:
    labels = {getattr(v, "language", None): str(v) for v in graph.objects(role, SKOS.prefLabel)}
    return labels.get("nl") or labels.get("en") or str(role).rsplit("/", 1)[-1]


def terms(graph: Graph, *, body: Node | None = None, holder: Node | None = None) -> list[Term]:
    """The mandates of one body or one holder, in time order."""
    prop, value = (G40.seatBody, body) if body is not None else (G40.holder, holder)
    found = []
    for node in set(graph.subjects(prop, value)):
        order = graph.value(node, G40.timeOrder)
        found.append(
            Term(
                node=node,
                holder=graph.value(node, G40.holder),
                body=graph.value(node, G40.seatBody),
                role=_role(graph, graph.value(node, G40.seatRole)),
                period=str(graph.value(node, G40.period) or ""),
                order=int(order) if order is not None else 0,
                start_earliest=_day(graph, node, G40.startEarliest),
                start_latest=_day(graph, node, G40.startLatest),
                end_earliest=_day(graph, node, G40.endEarliest),
                end_latest=_day(graph, node, G40.endLatest),
                evidence=tuple(sorted(graph.objects(node, G40.evidence), key=str)),
            )
        )
    return sorted(found, key=lambda t: (t.order, str(t.node)))


def _range(items: list[Term]) -> tuple[date, date]:
    days = [
        d
        for t in items
        for d in (t.start_earliest, t.start_latest, t.end_earliest, t.end_latest)
        if d is not None
    ]
    first = min(days, default=date(2020, 1, 1))
    last = max(days, default=date(2024, 12, 31))
    return date(first.year - 1, 1, 1), date(last.year + 1, 12, 31)


def _defs(prefix: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#dbe6f3"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#3b6ea5" stroke-width="2"/></pattern>'
        f'<linearGradient id="{prefix}-fade-in"><stop offset="0" stop-color="#3b6ea5" '
        'stop-opacity="0"/><stop offset="1" stop-color="#3b6ea5" stop-opacity="0.45"/>'
        "</linearGradient>"
        f'<linearGradient id="{prefix}-fade-out"><stop offset="0" stop-color="#3b6ea5" '
        'stop-opacity="0.45"/><stop offset="1" stop-color="#3b6ea5" stop-opacity="0"/>'
        "</linearGradient></defs>"
    )


def _segments(t: Term, x: object, lo: date, hi: date) -> list[tuple[float, float, str]]:
    """(x from, x to, kind) of one bar: fade (open end), hatch (may hold), solid (holds),
    window (held on some day in it: an observation)."""
    to_x = x  # type: ignore[assignment]
    se, sl, ee, el = t.start_earliest, t.start_latest, t.end_earliest, t.end_latest
    first, last = se or lo, el or hi
    # A latest start that is only the latest end (or an earliest end that is only the earliest
    # start) says nothing of when the term held.
    sl = sl if sl != el else None
    ee = ee if ee != se else None
    start_kind = "fade-in" if se is None else "hatch"
    end_kind = "fade-out" if el is None else "hatch"
    if sl is not None and ee is not None:
        middle = "solid" if sl <= ee else "window"
        cuts = [(first, min(sl, ee), start_kind), (min(sl, ee), max(sl, ee), middle)]
        cuts.append((max(sl, ee), last, end_kind))
    elif sl is not None or ee is not None:
        cut = sl if sl is not None else ee
        cuts = [(first, cut, start_kind), (cut, last, end_kind)]  # type: ignore[list-item]
    else:
        cuts = [(first, last, "hatch")]
    parts = [(to_x(a), to_x(b), kind) for a, b, kind in cuts]  # type: ignore[operator]
    return [(a, b, k) for a, b, k in parts if b > a]


FILL = {"solid": "#3b6ea5", "window": "#8fb0d3"}


def timeline(
    graph: Graph,
    items: list[Term],
    label: object,
    anchor: object,
    prefix: str,
    caption: str,
) -> str:
    """An SVG chart and a list in words of items; label(term) names a bar, anchor(fact) is the
    href of a fact's evidence (or None)."""
    if not items:
        return NONE
    lo, hi = _range(items)
    span = (hi - lo).days or 1

    def x(day: date) -> float:
        return round(LABEL + (WIDTH - LABEL - 10) * (day - lo).days / span, 1)

    height = AXIS + ROW * len(items) + 6
    svg = [
        f'<svg class="timeline" role="img" aria-label="{esc(caption)}" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
        _defs(prefix),
    ]
    for year in range(lo.year, hi.year + 1):
        gx = x(date(year, 1, 1))
        svg.append(
            f'<line x1="{gx}" y1="{AXIS - 6}" x2="{gx}" y2="{height}" stroke="#ddd"/>'
            f'<text x="{gx + 2}" y="{AXIS - 10}" font-size="10" fill="#555">{year}</text>'
        )
    words = []
    for row, t in enumerate(items):
        y = AXIS + row * ROW
        name = str(label(t))  # type: ignore[operator]
        target = next((a for f in t.evidence if (a := anchor(f))), None)  # type: ignore[operator]
        bar = [f"<title>{esc(name)}: {esc(t.period)}</title>\n"]
        for a, b, kind in _segments(t, x, lo, hi):
            fill = FILL.get(kind) or f"url(#{prefix}-{kind})"
            bar.append(
                f'<rect class="{kind}" x="{a}" y="{y + 3}" width="{round(b - a, 1)}" '
                f'height="{ROW - 8}" fill="{fill}"/>'
            )
        shape = "".join(bar)
        if target:
            shape = f'<a href="{esc(target)}">{shape}</a>'
        svg.append(
            f'<g class="term"><text x="4" y="{y + 15}" font-size="11">{esc(name)}</text>{shape}</g>'
        )
        link = f'<a href="{esc(target)}">evidence</a>' if target else "no evidence on this page"
        words.append(f"<li>{esc(name)}: term of office {esc(t.period)} ({link})</li>\n")
    svg.append("</svg>")
    legend = (
        '<p class="note">Solid: certainly in office. Light solid: in office on some day in '
        "this window (an observation). Hatched: may have been in office (a date known only to "
        "its year or month, or bounded by another term). Fading: start or end not given.</p>\n"
    )
    return (
        f'<figure class="timeline">{"".join(svg)}<figcaption>{esc(caption)}</figcaption>'
        f'</figure>\n{legend}<ul class="terms">\n{"".join(words)}</ul>\n'
    )


def label_of(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    value = graph.value(node, RDFS.label)
    return str(value) if value is not None else str(node).rsplit("/", 1)[-1]
