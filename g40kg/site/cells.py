"""Table cells for facts, shared by every page that lists them: time, role, quotes, notes.

Why shared: a mandate reads the same on its person's page, its organisation's page and under
its quote in the source text, with the same words for its time and the same quote links.
"""

from __future__ import annotations

from collections.abc import Iterable

from g40kg.site.facts import Evidence, Fact
from g40kg.site.html import esc, href
from g40kg.site.sitemap import SiteMap

UNDATED = "not dated"


def when(fact: Fact) -> str:
    return esc(fact.span.text) if fact.span.text else f'<span class="note">{UNDATED}</span>'


def observed(fact: Fact) -> str:
    """A membership fact's time as what it is: a stated start or end, or the day or window on
    which one source observed it, never worded like a term of office (g40kg.site.timelines)."""
    text = fact.span.text
    if not text:
        return f'<span class="note">{UNDATED}</span>'
    parts = []
    for part in text.split("; "):
        if part.startswith("seen "):
            part = "observed " + part.removeprefix("seen ")
        elif part.startswith("between "):
            part = "observed " + part
        elif not (part.startswith(("from ", "until ")) or " – " in part):
            part = "observed in " + part
        parts.append(part)
    return esc("; ".join(parts))


def role(fact: Fact) -> str:
    text = esc(fact.role)
    if fact.role_note:
        text += f' <span class="note">(“{esc(fact.role_note)}”)</span>'
    return text


def evidence(site: SiteMap, page: str, items: Iterable[Evidence]) -> str:
    """Each quote in quotation marks with a link to it in its source text; reference lists."""
    parts = []
    for item in dict.fromkeys(items):
        if item.reference:
            parts.append(f'<p class="evidence">reference list: {esc(item.title)}</p>')
            continue
        place = site.quote_place(item.annotation)
        title = esc(item.title or "source")
        document = f'<a href="{esc(href(page, *place))}">{title}</a>' if place else title
        quote = f"<q>{esc(item.quote)}</q> — " if item.quote else ""
        parts.append(f'<p class="evidence">{quote}{document}</p>')
    return "".join(parts)


def notes(fact: Fact) -> str:
    return "".join(f'<p class="note">{esc(n)}</p>' for n in fact.notes)


def quotes_and_notes(site: SiteMap, page: str, fact: Fact) -> str:
    return evidence(site, page, fact.evidence) + notes(fact)
