"""The query pages of the report site: each named query's text, header and result tables.

Why the examples: a query with a required parameter has no result by itself; its header's
`#+ example:` lines show the values its author meant to be tried, so the page runs the query
with its defaults and with the parameters of every example (each distinct set once).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from g40kg.project.cache import Kept
from g40kg.project.errors import InputError, UsageError
from g40kg.project.sparql_guard import check_query
from g40kg.query.backends import Backend
from g40kg.query.bounded import in_background
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


def runs(
    query: NamedQuery, backend: Backend, kept: Kept | None = None, checked: bool = False
) -> list[Run]:
    """The query with its defaults (if it needs nothing) and with each example's parameters
    (checked: the guard has passed the text already)."""
    if not checked:
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


def all_runs(
    queries: dict[str, NamedQuery], backend: Backend, kept: Kept | None = None
) -> dict[str, list[Run]]:
    """The runs of every query, one query after the other."""
    return {name: runs(query, backend, kept) for name, query in queries.items()}


def all_runs_in_background(
    queries: dict[str, NamedQuery], backend: Backend, kept: Kept | None = None
) -> Callable[[], dict[str, list[Run]]]:
    """all_runs, started in a child process while the site's other pages are built; returns
    the function that waits for the runs. The guard runs here first (what it keeps is written
    by this process only); the child runs each query within its own bounds."""
    refused: dict[str, list[Run]] = {}
    for name, query in queries.items():
        try:
            check_query(query.text, query.path, kept=kept)  # never SERVICE, FROM or updates
        except (InputError, UsageError) as exc:
            refused[name] = [Run({}, None, str(exc))]
    passed = {name: query for name, query in queries.items() if name not in refused}
    pending = in_background(
        lambda: {name: runs(query, backend, checked=True) for name, query in passed.items()}
    )

    def collect() -> dict[str, list[Run]]:
        done = pending()
        return {name: refused[name] if name in refused else done[name] for name in queries}

    return collect


def query_page(site: SiteMap, query: NamedQuery, done: list[Run]) -> tuple[str, str, list[str]]:
    """(path, HTML, problems) of one query's page from its runs; problems: the runs that
    failed."""
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
    for number, run in enumerate(done, start=1):
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
    site: SiteMap, queries: dict[str, NamedQuery], done: dict[str, list[Run]]
) -> tuple[dict[str, str], list[str]]:
    """Every query page and the list page, by path, from the runs of each query; and the
    problems met while running them."""
    pages: dict[str, str] = {}
    problems: list[str] = []
    rows = []
    for name, query in queries.items():
        path, text, found = query_page(site, query, done[name])
        pages[path] = text
        problems += found
        rows.append(("", [link("queries/index.html", path, name), esc(query.summary)]))
    index = "queries/index.html"
    body = "<p>The named queries of <code>queries/</code>, run on the graph this site shows.</p>\n"
    pages[index] = page(index, "Named queries", body + table(["Query", "Summary"], rows))
    return pages, problems
