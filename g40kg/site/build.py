"""The browsable report site: every page built in memory, written to a folder beside the target
and renamed into place at the end, so that a failed build never leaves half a site.

What it holds: index.html; a page per named query (queries/), the network views (views/,
written by g40kg.network.views exactly as `g40kg view --all`), a page per person (people/) and per
organisation (organisations/), events.html and programmes.html, a page per source text with
its annotations highlighted (sources/) and the ontology documentation (ontology.html). Links
are relative and no page asks another host for anything, so the folder works offline, from a
file:// URL or any static web server.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from g40kg.network.projections import PROJECTIONS
from g40kg.network.projections import project as projection
from g40kg.network.views import SiteLinks
from g40kg.network.views import write_site as write_views
from g40kg.project.cache import Kept
from g40kg.project.errors import UsageError
from g40kg.project.load import Project
from g40kg.query.library import NamedQuery, load_queries
from g40kg.site.activities import activity_page
from g40kg.site.entities import entity_pages
from g40kg.site.facts import Catalogue
from g40kg.site.html import GENERATOR, SECTIONS, esc, href, link, page, table
from g40kg.site.ontology import ontology_page
from g40kg.site.queries import all_runs_in_background, query_pages
from g40kg.site.sitemap import SiteMap
from g40kg.site.sources import source_pages
from g40kg.site.themes import theme_pages

SAFE_PAGE = re.compile(r"[A-Za-z0-9-]+(/[A-Za-z0-9-]+)?\.html")
FEATURED_QUERY = "vng-committees"


@dataclass(frozen=True)
class Built:
    """The pages by path (relative to the site root), the views, and what went wrong."""

    pages: dict[str, str]
    views: dict[str, nx.Graph]
    problems: list[str]
    links: SiteLinks = SiteLinks()
    kept: Kept | None = None  # where the views' layouts are kept for these inputs


def view_links(site: SiteMap) -> SiteLinks:
    """The site's menu and every node's page, as links from a view in views/."""
    here = "views/view.html"
    nav = tuple((href(here, target), text) for target, text in SECTIONS)
    pages = {str(node): href(here, *place) for node, place in site.places.items()}
    return SiteLinks(nav, pages)


def index_page(
    site: SiteMap, queries: dict[str, NamedQuery], views: dict[str, nx.Graph], invalid: int = 0
) -> str:
    catalogue = site.catalogue
    path = "index.html"
    body = ""
    if invalid:
        body += (
            f'<p class="invalid"><strong>This graph fails validation ({invalid} '
            "violation(s)):</strong> some pages may rest on wrong data. Run "
            "<code>g40kg validate</code> to see why.</p>\n"
        )
    body += (
        "<p>The actors and themes of the G40 city network's pillar Economie en Werk, drawn by "
        "hand from public source texts: every fact links to the sentence it comes from.</p>\n"
    )
    if FEATURED_QUERY in queries:
        question = queries[FEATURED_QUERY]
        body += "<h2>The committee question</h2>\n"
        body += f"<p>{link(path, f'queries/{FEATURED_QUERY}.html', question.summary)}</p>\n"
    sections = [
        ("people/index.html", "People", len(catalogue.people)),
        ("organisations/index.html", "Organisations", len(catalogue.organisations)),
        ("events.html", "Events", len(catalogue.events)),
        ("programmes.html", "Programmes", len(catalogue.programmes)),
        ("themes/index.html", "Themes", len(catalogue.themes)),
        ("sources/index.html", "Source texts", len(catalogue.sources)),
        ("queries/index.html", "Named queries", len(queries)),
        ("views/index.html", "Network views", len(views)),
        ("ontology.html", "Ontology and shapes", None),
    ]
    rows = [
        ("", [link(path, target, title), "" if n is None else str(n)])
        for target, title, n in sections
    ]
    body += "<h2>Contents</h2>\n" + table(["Section", "Count"], rows)
    body += "<h2>Source texts</h2>\n<ul>\n"
    body += "".join(f"<li>{site.link(path, s)}</li>\n" for s in catalogue.sources) + "</ul>\n"
    body += "<h2>Named queries</h2>\n<ul>\n"
    body += "".join(
        f"<li>{link(path, f'queries/{name}.html', name)}: {esc(q.summary)}</li>\n"
        for name, q in queries.items()
    )
    body += "</ul>\n"
    return page(path, "g40kg: pillar Economie en Werk", body)


def build(project: Project, invalid: int = 0) -> Built:
    """Every page of the site, in memory (invalid: the violations validation found, said on
    the index page)."""
    from g40kg.query.backends import OxigraphBackend

    queries = load_queries(project.root)
    # The queries run in a child, on the other core, while this process builds the pages.
    ran = all_runs_in_background(queries, OxigraphBackend(project.store), project.kept)
    graph = project.rdflib_graph()
    site = SiteMap(Catalogue(graph))
    pages = entity_pages(site)
    pages.update([activity_page(site, "event"), activity_page(site, "programme")])
    pages.update(source_pages(site))
    pages.update(theme_pages(site))
    pages.update([ontology_page(project.inputs)])
    views = {name: projection(graph, name) for name in PROJECTIONS}
    query_html, problems = query_pages(site, queries, ran())
    pages.update(query_html)
    pages["index.html"] = index_page(site, queries, views, invalid)
    return Built(pages, views, problems, view_links(site), project.kept)


def is_site(folder: Path) -> bool:
    """Whether folder holds a site this command wrote (its index names the generator)."""
    index = folder / "index.html"
    try:
        return f'<meta name="generator" content="{GENERATOR}">' in index.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def check_target(folder: Path) -> None:
    """Refuse to replace anything but a missing or empty folder or an earlier site."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise UsageError(f"-o {folder}: exists and is not a folder")
    if any(folder.iterdir()) and not is_site(folder):
        raise UsageError(
            f"-o {folder}: the folder holds other files; give a new or empty folder "
            "(an earlier site written by `g40kg site` is replaced)"
        )


def _sweep_leftovers(folder: Path) -> None:
    """Remove the hidden folders a `site` killed half-way left beside folder: those whose
    process (its id is in the name) no longer runs; a running build's are left alone."""
    pattern = re.compile(rf"\.{re.escape(folder.name)}\.(?:build|old)-(\d+)-.*")
    if not folder.parent.is_dir():
        return
    for path in folder.parent.iterdir():
        match = pattern.fullmatch(path.name)
        if match and path.is_dir() and not _running(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _stage(folder: Path, built: Built) -> Path:
    """Write everything into a new hidden folder beside folder; return it."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(folder)
    staging = Path(
        tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.build-{os.getpid()}-")
    )
    try:
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        for relative, text in sorted(built.pages.items()):
            if not SAFE_PAGE.fullmatch(relative):
                raise ValueError(f"unsafe page path {relative!r}")
            target = staging / relative
            target.parent.mkdir(exist_ok=True)
            target.write_text(text, encoding="utf-8")
        write_views(staging / "views", built.views, links=built.links, kept=built.kept)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _swap(staging: Path, folder: Path) -> None:
    """Put staging where folder is; an earlier site is moved aside first and removed last."""
    if not folder.exists():
        os.replace(staging, folder)
        return
    old = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.old-{os.getpid()}-"))
    os.replace(folder, old)
    try:
        os.replace(staging, folder)
    except BaseException:
        os.replace(old, folder)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write(folder: Path, built: Built) -> list[Path]:
    """Write the site to folder (replacing an earlier site there); the files written."""
    check_target(folder)
    staging = _stage(folder, built)
    _swap(staging, folder)
    return sorted(p for p in folder.rglob("*") if p.is_file())
