"""The query pages of the report site: each named query's text, header and result tables.

Why the examples: a query with a required parameter has no result by itself; its header's
`#+ example:` lines show the values its author meant to be tried, so the page runs the query
with its defaults and with the parameters of every example (each distinct set once).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from g40kg.project.cache import Kept
from g40kg.project.errors import InputError, UsageError
from g40kg.project.sparql_guard import check_query
from g40kg.query.backends import Backend
from g40kg.query.library import NamedQuery, resolve_params, split_assignments
from g40kg.query.results import QueryResult, display
from g40kg.site.html import definition_list, esc, link, page, table
from g40kg.site.sitemap import SiteMap


@dataclass(frozen=True)
class Run:
    """One run of a query: the parameters given, and its result or why it could not run."""

    given: dict[str, str]
    result: QueryResult | None
    error: str


def example_params(example: str) -> dict[str, str]:
    """The -p NAME=VALUE assignments of one `g40kg query …` example line."""
    words = shlex.split(example)
    given: list[str] = []
    for index, word in enumerate(words):
        if word in ("-p", "--param") and index + 1 < len(words):
            given.append(words[index + 1])
        elif word.startswith("--param="):
            given.append(word.partition("=")[2])
    return split_assignments(given)


def runs(query: NamedQuery, backend: Backend, kept: Kept | None = None) -> list[Run]:
    """The query with its defaults (if it needs nothing) and with each example's parameters."""
    try:
        check_query(query.text, query.path, kept=kept)  # never SERVICE, FROM or updates
    except (InputError, UsageError) as exc:
        return [Run({}, None, str(exc))]
    candidates: list[dict[str, str]] = []
    if not any(p.required for p in query.params):
        candidates.append({})
    for example in query.examples:
        try:
            candidates.append(example_params(example))
        except (UsageError, ValueError) as exc:
            return [Run({}, None, f"example {example!r}: {exc}")]
    done: list[Run] = []
    seen: list[dict[str, Identifier]] = []
    for given in candidates:
        try:
            bindings = resolve_params(query, given)
        except UsageError as exc:
            done.append(Run(given, None, str(exc)))
            continue
        if bindings in seen:
            continue
        seen.append(bindings)
        try:
            done.append(Run(given, backend.run(query.text, bindings), ""))
        except UsageError as exc:
            done.append(Run(given, None, str(exc)))
    if not done:
        done.append(Run({}, None, "the query needs parameters and its header gives no example"))
    return done


def result_table(site: SiteMap, path: str, result: QueryResult) -> str:
    """A result as a table: IRIs with a page on the site become links, and so do names that
    pick out one entity with a page (a person, a body, an activity, a source); all else is
    text."""
    if result.boolean is not None:
        return f"<p>Answer: <strong>{'yes' if result.boolean else 'no'}</strong></p>\n"
    rows = []
    for row in result.rows:
        cells = []
        for term in row:
            named = site.named(str(term)) if isinstance(term, Literal) else None
            if isinstance(term, URIRef) and site.page_of(term):
                cells.append(site.link(path, term, display(term)))
            elif named is not None:
                cells.append(site.link(path, named, display(term)))
            else:
                cells.append(esc(display(term)))
        rows.append(("", cells))
    count = len(result.rows)
    note = f'<p class="note">{count} row{"" if count == 1 else "s"}</p>\n'
    return table(result.variables, rows) + note


def query_page(
    site: SiteMap, query: NamedQuery, backend: Backend, kept: Kept | None = None
) -> tuple[str, str, list[str]]:
    """(path, HTML, problems) of one query's page; problems are the runs that failed."""
    path = f"queries/{query.name}.html"
    params = "".join(f"<li>{esc(p.describe())}</li>" for p in query.params)
    body = f"<p>{esc(query.summary)}</p>\n"
    body += definition_list(
        [
            ("what the rows mean", esc(query.description)),
            ("parameters", f"<ul>{params}</ul>" if params else ""),
            ("file", f"<code>queries/{esc(query.path.name)}</code>"),
        ]
    )
    problems = []
    for number, run in enumerate(runs(query, backend, kept), start=1):
        shown = ", ".join(f"{k} = {v}" for k, v in run.given.items()) or "the defaults"
        body += f'<h2 id="run-{number}">Result with {esc(shown)}</h2>\n'
        if run.result is None:
            body += f'<p class="error">Could not run: {esc(run.error)}</p>\n'
            problems.append(f"query {query.name} ({shown}): {run.error}")
        else:
            body += result_table(site, path, run.result)
    body += f"<h2>SPARQL</h2>\n<pre><code>{esc(query.text)}</code></pre>\n"
    return path, page(path, f"Query: {query.name}", body), problems


def query_pages(
    site: SiteMap, queries: dict[str, NamedQuery], backend: Backend, kept: Kept | None = None
) -> tuple[dict[str, str], list[str]]:
    """Every query page and the list page, by path; and the problems met while running them."""
    pages: dict[str, str] = {}
    problems: list[str] = []
    rows = []
    for name, query in queries.items():
        path, text, found = query_page(site, query, backend, kept)
        pages[path] = text
        problems += found
        rows.append(("", [link("queries/index.html", path, name), esc(query.summary)]))
    index = "queries/index.html"
    body = "<p>The named queries of <code>queries/</code>, run on the graph this site shows.</p>\n"
    pages[index] = page(index, "Named queries", body + table(["Query", "Summary"], rows))
    return pages, problems
