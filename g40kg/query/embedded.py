"""Queries on the project's pyoxigraph store, without importing rdflib.

Why: importing rdflib alone takes half a second, more than the whole query on the corpus. The
store comes from g40kg.project.load (the one load path), parameters are
bound as a VALUES clause written by g40kg.query.binding (pyoxigraph's own substitution refuses
variables that are not in the SELECT list) and the default `table` format is printed by
g40kg.query.text_table. Other formats go through g40kg.query.backends.OxigraphBackend and
g40kg.query.results, which import rdflib; the rows are the same.
"""

from __future__ import annotations

from pyoxigraph import BlankNode, NamedNode, QueryBoolean, Store

from g40kg.project.errors import UsageError
from g40kg.project.prefixes import compact
from g40kg.project.sparql_text import query_form
from g40kg.query.bounded import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, run_bounded

#: A SELECT answer: variable names and rows of pyoxigraph terms (None where unbound).
Rows = tuple[tuple[str, ...], tuple[tuple[object, ...], ...]]


def check_form(text: str) -> None:
    """Only SELECT and ASK give result tables (the same refusal as g40kg.query.backends)."""
    form = query_form(text)
    if form not in ("SELECT", "ASK"):
        raise UsageError(f"only SELECT and ASK queries give result tables; this is {form}")


def execute(
    store: Store,
    text: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    allow_remote: bool = False,
) -> Rows | bool:
    """Run text on the union of the store's graphs: (variables, rows) or an ASK's boolean,
    within timeout seconds and memory_mb megabytes (g40kg.query.bounded).

    Unless allow_remote, the engine can open no connection: pyoxigraph would run a SERVICE
    with its own HTTP client, whatever the query guard (rdflib's parser) made of the text;
    here that SERVICE fails (g40kg.query.bounded runs it where no socket can be opened)."""
    return run_bounded(
        lambda: _answer(store, text, allow_remote),
        timeout=timeout,
        memory_mb=memory_mb,
        allow_remote=allow_remote,
    )


def _answer(store: Store, text: str, allow_remote: bool) -> Rows | bool:
    try:
        answer = store.query(text, use_default_graph_as_union=True)
        if isinstance(answer, QueryBoolean):
            return bool(answer)
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(solution[v] for v in variables) for solution in answer)
    except (SyntaxError, OSError, ValueError, TypeError) as exc:  # parse and evaluation errors
        if not allow_remote and "os error 24" in str(exc):  # EMFILE: the refused socket
            raise UsageError(
                "the embedded store cannot run this query: it tried to reach the network "
                f"(SERVICE), which it may not without --allow-remote ({exc})"
            ) from exc
        raise UsageError(f"the embedded store cannot run this query: {exc}") from exc
    return variables, rows


def display(term: object) -> str:
    """As g40kg.query.results.display: prefixed IRI, literal's text, `_:` blank node; '' if
    unbound."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return compact(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(getattr(term, "value", term))
