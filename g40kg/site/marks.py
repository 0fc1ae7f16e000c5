"""A source text as HTML with one <mark> per annotated span, nested or overlapping.

Why this is its own module: spans from oa:TextPositionSelector may nest (a mention inside a
quoted sentence) or cross (one ends inside another), but HTML elements can only nest. Spans
that nest become nested <mark> elements, so that each mark's text is exactly its quote. Where
two spans cross, the one that would stay open is closed at the boundary and reopened right
after it (a continuation piece, without the id), so the markup is always well formed and
every character of every span is inside a mark of that span. The links to the annotations
are put after the outermost mark closes, never inside a mark, so they do not change any
mark's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from g40kg.site.html import esc


@dataclass(frozen=True)
class Highlight:
    """One annotated span: code-point offsets (end exclusive), the anchor id of its first
    piece, a tooltip, and the anchor and number of the reference link that follows it."""

    start: int
    end: int
    key: str
    title: str
    ref: str
    number: int
    kind: str = ""  # mandate, participation, event or mention: the mark's class k-KIND

    def fits(self, length: int) -> bool:
        return 0 <= self.start < self.end <= length


def _open(h: Highlight, first: bool) -> str:
    kind = f"k-{h.kind}" if h.kind else ""
    if first:
        classes = f' class="{esc(kind)}"' if kind else ""
        return f'<mark id="{esc(h.key)}"{classes} title="{esc(h.title)}">'
    classes = f"cont {kind}".strip()
    return f'<mark class="{esc(classes)}" data-of="{esc(h.key)}" title="{esc(h.title)}">'


def _refs(group: list[Highlight]) -> str:
    links = "".join(f'<a href="#{esc(h.ref)}">[{h.number}]</a>' for h in group)
    return f'<sup class="refs">{links}</sup>'


def highlight(text: str, spans: Sequence[Highlight]) -> tuple[str, list[Highlight]]:
    """text as escaped HTML with the spans marked; also the spans that do not fit the text."""
    placed = sorted((h for h in spans if h.fits(len(text))), key=lambda h: (h.start, -h.end, h.key))
    skipped = [h for h in spans if not h.fits(len(text))]
    starts: dict[int, list[Highlight]] = {}
    for h in placed:
        starts.setdefault(h.start, []).append(h)
    bounds = sorted({0, len(text)} | {h.start for h in placed} | {h.end for h in placed})
    stack: list[Highlight] = []
    group: list[Highlight] = []
    out: list[str] = []
    for index, position in enumerate(bounds):
        ending = [i for i, h in enumerate(stack) if h.end == position]
        if ending:
            # Close everything down to the lowest span that ends here; reopen the others.
            lowest = ending[0]
            reopen = sorted((h for h in stack[lowest:] if h.end != position), key=lambda h: -h.end)
            out.append("</mark>" * (len(stack) - lowest))
            del stack[lowest:]
            for h in reopen:
                out.append(_open(h, first=False))
                stack.append(h)
        if not stack and group:
            out.append(_refs(group))
            group = []
        for h in starts.get(position, []):
            out.append(_open(h, first=True))
            stack.append(h)
            group.append(h)
        if index + 1 < len(bounds):
            out.append(esc(text[position : bounds[index + 1]]))
    return "".join(out), skipped
