"""A page per theme of the report site: what the bodies, activities and texts say about it.

Why: the pillar's work is organised by theme (skos concepts of the theme scheme); an analyst who
follows a theme wants in one place the bodies that work on it, the events and programmes about
it (with their time), and the source texts that treat it, each linking to its own page.
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS
from rdflib.term import Node

from g40kg.site import cells as cells
from g40kg.site.html import esc, href, page, table
from g40kg.site.sitemap import SiteMap


def theme_page(site: SiteMap, theme: Node) -> tuple[str, str]:
    """(path, HTML) of one theme's page."""
    catalogue = site.catalogue
    graph = catalogue.graph
    path = site.page_of(theme) or ""
    about = set(graph.subjects(DCTERMS.subject, theme))
    label = catalogue.label
    body = ""
    others = sorted(
        {str(v) for p in catalogue.ALT_LABELS for v in graph.objects(theme, p)} - {label(theme)}
    )
    if others:
        body += f'<p class="meta">also called: {esc("; ".join(others))}</p>\n'
    bodies = [n for n in catalogue.organisations if n in about]
    body += f"<h2>Bodies working on it ({len(bodies)})</h2>\n"
    body += (
        "<ul>" + "".join(f"<li>{site.link(path, n)}</li>" for n in bodies) + "</ul>\n"
        if bodies
        else '<p class="note">None.</p>\n'
    )
    for title, facts in (("Events", catalogue.events), ("Programmes", catalogue.programmes)):
        kept = [f for f in facts if f.node in about]
        body += f"<h2>{title} ({len(kept)})</h2>\n"
        rows = [
            ("", [site.link(path, f.node), cells.when(f)]) for f in kept if site.places.get(f.node)
        ]
        body += table(["Name", "When"], rows) if rows else '<p class="note">None.</p>\n'
    texts = [n for n in catalogue.sources if n in about]
    body += f"<h2>Source texts ({len(texts)})</h2>\n"
    body += (
        "<ul>" + "".join(f"<li>{site.link(path, n)}</li>" for n in texts) + "</ul>\n"
        if texts
        else '<p class="note">None.</p>\n'
    )
    return path, page(path, f"Theme: {label(theme)}", body)


def themes_index(site: SiteMap) -> tuple[str, str]:
    catalogue = site.catalogue
    path = "themes/index.html"
    rows = []
    for theme in catalogue.themes:
        count = len(set(catalogue.graph.subjects(DCTERMS.subject, theme)))
        place = site.places[theme]
        rows.append(
            (
                "",
                [
                    f'<a href="{esc(href(path, *place))}">{esc(catalogue.label(theme))}</a>',
                    str(count),
                ],
            )
        )
    body = (
        "<p>The themes of the pillar, with how many bodies, activities and texts treat each.</p>\n"
    )
    return path, page(path, "Themes", body + table(["Theme", "Treated by"], rows))


def theme_pages(site: SiteMap) -> dict[str, str]:
    pages = dict(theme_page(site, t) for t in site.catalogue.themes)
    pages.update([themes_index(site)])
    return pages
