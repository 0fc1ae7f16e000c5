"""The source pages of the report site: each text with its annotations highlighted in place.

Why: the graph's promise is that every fact can be traced to the words it comes from. The page
shows the text as the graph holds it (cnt:chars, e-mail local parts masked), escaped, with a
<mark> for every oa:TextPositionSelector span (site_marks handles nesting and overlap), and
below it every annotation with the facts derived from it and links to the pages that use them.
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS, SDO
from rdflib.term import Node

from g40kg.project.namespaces import CNT, G40
from g40kg.site import cells as cells
from g40kg.site.facts import Fact, Placement
from g40kg.site.html import definition_list, esc, href, page, table
from g40kg.site.marks import Highlight, highlight
from g40kg.site.sitemap import SiteMap


def describe(site: SiteMap, path: str, fact: Fact) -> str:
    """One line for a fact: who, role, where or what, when, and a link to its full row."""
    if fact.kind in ("event", "programme"):
        text = f"{fact.kind}: {site.link(path, fact.node)} ({cells.when(fact)})"
    else:
        text = (
            f"{esc(fact.kind)}: {site.link(path, fact.subject)} — {esc(fact.role)} — "
            f"{site.link(path, fact.target)} ({cells.when(fact)})"
        )
    home = site.fact_home(fact)
    if home is not None and fact.kind not in ("event", "programme"):
        text += f' · <a href="{esc(href(path, *home))}">details</a>'
    return text


#: Mark kinds, strongest first: a span carrying several facts is marked by the first of them.
MARK_KINDS: tuple[tuple[str, str], ...] = (
    ("mandate", "mandates"),
    ("participation", "participations"),
    ("event", "events and programmes"),
    ("mention", "mentions only"),
)
FACT_KIND_TO_MARK = {
    "mandate": "mandate",
    "affiliation": "mandate",
    "participation": "participation",
    "event": "event",
    "programme": "event",
}


def mark_kind(site: SiteMap, annotation: Node) -> str:
    """What a marked span carries: a mandate, a participation, an event, or only a mention."""
    kinds = {
        FACT_KIND_TO_MARK.get(f.kind, "event") for f in site.catalogue.derived.get(annotation, [])
    }
    for kind, _words in MARK_KINDS:
        if kind in kinds:
            return kind
    return "mention"


def kind_control(counts: dict[str, int]) -> str:
    """Radio buttons that show one kind of mark at a time (CSS only: the site has no script).

    The inputs are siblings of the text, so a rule like `#kind-mandate:checked ~ .text mark`
    reaches the marks."""
    parts = [
        '<span class="kinds">Show:</span> <input type="radio" name="kind" id="kind-all" '
        'class="kind-radio" checked><label class="kinds" for="kind-all">all</label>'
    ]
    for kind, words in MARK_KINDS:
        parts.append(
            f'<input type="radio" name="kind" id="kind-{kind}" class="kind-radio">'
            f'<label class="kinds" for="kind-{kind}"><span class="swatch k-{kind}">'
            f"{esc(words)}</span> ({counts.get(kind, 0)})</label>"
        )
    return "\n".join(parts) + "\n"


def plain(site: SiteMap, fact: Fact) -> str:
    """The same line as plain text, for a mark's tooltip."""
    label = site.catalogue.label
    if fact.kind in ("event", "programme"):
        return f"{fact.kind}: {label(fact.node)}"
    return f"{label(fact.subject)} — {fact.role} — {label(fact.target)}"


def _annotations(site: SiteMap, source: Node) -> list[Placement]:
    """The source's annotations: those with a mark in text order, then the others."""
    found = [p for p in site.catalogue.annotations if p.source == source]
    return sorted(
        found,
        key=lambda p: (not site.placed(p), p.start or 0, -(p.end or 0), str(p.node)),
    )


def _entry(site: SiteMap, path: str, number: int, placement: Placement) -> str:
    catalogue = site.catalogue
    node = placement.node
    if site.placed(placement):
        where = f' <a href="#{esc(site.mark_anchor(node))}">in the text ↑</a>'
    else:
        where = ' <span class="note">(no position in the text)</span>'
    lines = []
    facts = catalogue.derived.get(node, [])
    bodies = catalogue.mentioned.get(node, [])
    if bodies:
        lines.append("names: " + ", ".join(site.link(path, b) for b in bodies))
    lines += [describe(site, path, f) for f in facts]
    items = "".join(f"<li>{line}</li>" for line in lines)
    listed = f"<ul>{items}</ul>" if items else ' <span class="note">(no fact)</span>'
    kind = mark_kind(site, node)
    return (
        f'<li id="{esc(site.annotation_anchor(node))}" value="{number}">'
        f'<span class="swatch k-{kind}">{esc(records(kind, len(facts), len(bodies)))}</span> '
        f"<q>{esc(placement.quote)}</q>{where}{listed}</li>\n"
    )


def records(kind: str, facts: int, names: int) -> str:
    """What an annotation records, in words."""
    if kind == "mention":
        return f"mentions {names} {'entity' if names == 1 else 'entities'}, records no fact"
    what = {"mandate": "a mandate", "participation": "a participation", "event": "an activity"}
    more = f" and {facts - 1} more fact{'s' if facts > 2 else ''}" if facts > 1 else ""
    return f"records {what[kind]}{more}"


def source_page(site: SiteMap, source: Node) -> tuple[str, str]:
    """(path, HTML) of one source text's page."""
    catalogue = site.catalogue
    graph = catalogue.graph
    path = site.page_of(source) or ""
    placements = _annotations(site, source)
    numbers = {p.node: i for i, p in enumerate(placements, start=1)}
    text = graph.value(source, CNT.chars)
    marks = []
    for placement in placements:
        if not site.placed(placement):
            continue
        node = placement.node
        what = [plain(site, f) for f in catalogue.derived.get(node, [])]
        what += [f"names {catalogue.label(b)}" for b in catalogue.mentioned.get(node, [])]
        title = f"[{numbers[node]}] " + ("; ".join(what) or "no fact drawn from this passage")
        marks.append(
            Highlight(
                placement.start or 0,
                placement.end or 0,
                site.mark_anchor(node),
                title,
                site.annotation_anchor(node),
                numbers[node],
                mark_kind(site, node),
            )
        )
    span = catalogue.reader.span(source)
    url = graph.value(source, SDO.url)
    themes = sorted(catalogue.label(t) for t in graph.objects(source, DCTERMS.subject))
    facts = {f.node for p in placements for f in catalogue.derived.get(p.node, [])}
    body = definition_list(
        [
            ("IRI", f"<code>{esc(source)}</code>"),
            (
                "published by",
                ", ".join(site.link(path, n) for n in graph.objects(source, DCTERMS.publisher)),
            ),
            ("date", esc(span.text)),
            ("how dated", esc("; ".join(str(e) for e in graph.objects(source, G40.dateEvidence)))),
            ("address", f"<code>{esc(url)}</code>" if url is not None else ""),
            ("text file", esc("; ".join(str(f) for f in graph.objects(source, G40.textFile)))),
            ("themes", esc(", ".join(themes))),
            ("annotations", f"{len(placements)} ({len(marks)} marked in the text)"),
            ("facts", str(len(facts))),
        ]
    )
    body += "<h2>Text</h2>\n"
    if text is None:
        body += '<p class="note">The graph holds no text for this source.</p>\n'
    else:
        marked, _skipped = highlight(str(text), marks)
        counts: dict[str, int] = {}
        for mark in marks:
            counts[mark.kind] = counts.get(mark.kind, 0) + 1
        body += kind_control(counts)
        body += f'<div class="text" id="text">{marked}</div>\n'
        body += '<p class="note">E-mail addresses are masked as in the graph.</p>\n'
    body += "<h2>Annotations and the facts drawn from them</h2>\n"
    entries = "".join(_entry(site, path, numbers[p.node], p) for p in placements)
    body += f"<ol>\n{entries}</ol>\n" if entries else '<p class="note">None.</p>\n'
    return path, page(path, catalogue.label(source), body)


def sources_index(site: SiteMap) -> tuple[str, str]:
    catalogue = site.catalogue
    path = "sources/index.html"
    rows = []
    for source in catalogue.sources:
        count = sum(1 for p in catalogue.annotations if p.source == source)
        rows.append(
            ("", [site.link(path, source), esc(catalogue.reader.span(source).text), str(count)])
        )
    body = table(["Title", "Date", "Annotations"], rows)
    return path, page(path, "Sources", body)


def source_pages(site: SiteMap) -> dict[str, str]:
    pages = dict(source_page(site, s) for s in site.catalogue.sources)
    pages.update([sources_index(site)])
    return pages
