"""`g40kg query` on the embedded store: a named query with its -p values, rendered.

The table format stays rdflib-free (g40kg.query.embedded); the other formats go through the
backend and the W3C result writers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pyoxigraph import Store

from g40kg.query.binding import inject_values_text
from g40kg.query.bounded import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from g40kg.query.embedded import check_form, display, execute
from g40kg.query.text_table import one_line, table

if TYPE_CHECKING:
    from g40kg.query.library import NamedQuery


def run_embedded(
    store: Store,
    query: NamedQuery,
    given: Mapping[str, str],
    fmt: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    allow_remote: bool = False,
) -> str:
    """query with the given -p values on the project's store, rendered in fmt, within timeout
    seconds and memory_mb megabytes (g40kg.query.bounded); a SERVICE reaches the network only
    with allow_remote (g40kg.query.embedded.execute)."""
    if fmt != "table":
        from g40kg.query.backends import OxigraphBackend
        from g40kg.query.library import resolve_params
        from g40kg.query.results import check_format, render

        check_format(fmt)
        bindings = resolve_params(query, given)
        backend = OxigraphBackend(
            store, timeout=timeout, memory_mb=memory_mb, allow_remote=allow_remote
        )
        return render(backend.run(query.text, bindings), fmt)
    from g40kg.query.library import resolve_param_texts

    text = inject_values_text(query.text, resolve_param_texts(query, given))
    check_form(text)
    answer = execute(store, text, timeout=timeout, memory_mb=memory_mb, allow_remote=allow_remote)
    if isinstance(answer, bool):
        return ("yes" if answer else "no") + "\n"
    variables, rows = answer
    return table(variables, [[one_line(display(t), "\\n") for t in row] for row in rows])
