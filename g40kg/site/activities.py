"""The events page and the programmes page of the report site: one section per activity.

Why one page each rather than a page per activity: events and programmes are facts, each with
a handful of participants; one page in time order lets an analyst read the pillar's year at a
glance, and every other page links to an activity's own section by its anchor.
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS, SDO
from rdflib.term import Node

from g40kg.project.namespaces import G40
from g40kg.site import cells as cells
from g40kg.site.entities import NONE, RowIds
from g40kg.site.facts import Fact
from g40kg.site.html import definition_list, esc, page, table
from g40kg.site.sitemap import SiteMap


def _links(site: SiteMap, path: str, node: Node, prop: Node, inverse: bool = False) -> str:
    graph = site.catalogue.graph
    found = graph.subjects(prop, node) if inverse else graph.objects(node, prop)
    label = site.catalogue.label
    return ", ".join(site.link(path, n) for n in sorted(set(found), key=lambda n: (label(n), n)))


def _section(site: SiteMap, path: str, fact: Fact, ids: RowIds) -> str:
    catalogue = site.catalogue
    node = fact.node
    themes = sorted(catalogue.label(t) for t in catalogue.graph.objects(node, DCTERMS.subject))
    level = catalogue.reader.first(node, G40.level)
    details = definition_list(
        [
            ("type", esc(catalogue.reader.subtype(node))),
            ("when", cells.when(fact)),
            ("level", esc(catalogue.label(level)) if level is not None else ""),
            ("where", _links(site, path, node, SDO.location)),
            ("organised by", _links(site, path, node, SDO.organizer)),
            ("written by", _links(site, path, node, SDO.author)),
            ("part of", _links(site, path, node, SDO.superEvent)),
            ("parts", _links(site, path, node, SDO.superEvent, inverse=True)),
            ("themes", esc(", ".join(themes))),
            ("basis", esc(fact.basis)),
            ("source", cells.quotes_and_notes(site, path, fact)),
        ]
    )
    parts = catalogue.facts_where("target", node, ("participation",))
    rows = [
        (
            ids.take(site.fact_anchor(p)),
            [
                esc(p.role),
                site.link(path, p.subject),
                esc(p.basis),
                cells.evidence(site, path, p.evidence),
            ],
        )
        for p in parts
    ]
    who = table(["Role", "Who", "Basis", "Source and quote"], rows) if rows else NONE
    anchor = ids.take(site.fact_anchor(fact))
    return (
        f'<section id="{esc(anchor)}">\n<h2>{esc(catalogue.label(node))}</h2>\n{details}'
        f"<h3>Taking part</h3>\n{who}</section>\n"
    )


def activity_page(site: SiteMap, kind: str) -> tuple[str, str]:
    """(path, HTML) of events.html (kind "event") or programmes.html (kind "programme")."""
    facts = site.catalogue.events if kind == "event" else site.catalogue.programmes
    path = "events.html" if kind == "event" else "programmes.html"
    title = "Events" if kind == "event" else "Programmes"
    ids = RowIds()
    intro = f"<p>{len(facts)} {title.lower()} in time order (undated ones last).</p>\n"
    sections = "".join(_section(site, path, f, ids) for f in facts)
    return path, page(path, title, intro + contents(site, path, facts) + sections)


def contents(site: SiteMap, path: str, facts: list[Fact]) -> str:
    """The table of contents: each activity's name and time, linking to its section."""
    seen: set[str] = set()
    items = []
    for fact in facts:
        anchor = site.fact_anchor(fact)
        if anchor in seen:
            continue
        seen.add(anchor)
        when = f' <span class="note">({esc(fact.span.text)})</span>' if fact.span.text else ""
        items.append(
            f'<li><a href="#{esc(anchor)}">{esc(site.catalogue.label(fact.node))}</a>{when}</li>'
        )
    return '<h2 id="contents">Contents</h2>\n<ol class="toc">\n' + "\n".join(items) + "\n</ol>\n"
