"""Every embedded query runs under a time limit and a memory bound; past either, a clear error.

The reproductions of issue 15: a three-way cartesian COUNT ran for minutes, a two-way cartesian
SELECT grew to gigabytes, ten thousand UNIONs killed the process with SIGSEGV. Here each ends in
exit 2 with a message that names the bound and the option, and the same process answers the
next query. With --endpoint, Virtuoso's answer cut off at the time limit is refused, not shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run_cli

from g40kg.cli import query as cli_query
from g40kg.project.load import open_project
from g40kg.query import bounded
from g40kg.query.bounded import QueryLimitError, run_bounded
from g40kg.query.embedded import execute
from g40kg.query.servers import virtuoso_server

REPO = Path(__file__).resolve().parents[2]
CARTESIAN_3 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n"
CARTESIAN_2 = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }\n"
TIMED_OUT = "error: the query ran longer than 1 s and was stopped (--timeout to allow more)\n"


def query_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "heavy.rq"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_a_cartesian_count_is_stopped_at_the_time_limit(tmp_path: Path, fmt: str) -> None:
    """Both the table path and the other formats (through OxigraphBackend) are bounded."""
    before = run_cli("query", "vng-committees")
    assert before[0] == 0
    status, out, err = run_cli(
        "sparql", query_file(tmp_path, CARTESIAN_3), "--timeout", "1", "--format", fmt
    )
    assert (status, out, err) == (2, "", TIMED_OUT)
    assert run_cli("query", "vng-committees") == before  # the process still answers


def test_a_named_query_is_bounded_too() -> None:
    status, out, err = run_cli("query", "co-membership", "--timeout", "0.001")
    assert (status, out) == (2, "")
    assert err == (
        "error: the query ran longer than 0.001 s and was stopped (--timeout to allow more)\n"
    )


def test_a_cartesian_select_is_stopped_at_the_memory_bound(tmp_path: Path) -> None:
    path = query_file(tmp_path, CARTESIAN_2)
    status, out, err = run_cli("sparql", path, "--memory", "64", "--timeout", "120")
    assert (status, out, err) == (
        2,
        "",
        "error: the query needed more than 64 MB of memory and was stopped "
        "(--memory to allow more)\n",
    )


def test_an_engine_crash_is_an_error_and_the_process_lives_on() -> None:
    """Ten thousand UNIONs overflow pyoxigraph's stack; the guard refuses them before they get
    here (tests/query/test_attack_guard.py), so this calls the bounded runner directly."""
    store = open_project(REPO).store
    text = "SELECT * WHERE { " + "UNION".join(["{}"] * 12_000) + " }"
    with pytest.raises(QueryLimitError) as caught:
        execute(store, text)
    assert str(caught.value) == (
        "the embedded store crashed on this query (SIGSEGV; a query built of very many nested "
        "or chained parts can overflow its stack)"
    )
    assert execute(store, "ASK { }") is True


def test_errors_of_the_query_come_back_as_they_were(tmp_path: Path) -> None:
    with pytest.raises(ZeroDivisionError):
        run_bounded(lambda: 1 / 0)
    assert run_bounded(lambda: ("rows", [1, 2])) == ("rows", [1, 2])


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--timeout", "0"], "error: --timeout 0.0: give a number of seconds above 0\n"),
        (["--memory", "0"], "error: --memory 0: give a number of megabytes above 0\n"),
        (
            ["--memory", "100", "--endpoint", "http://127.0.0.1:9/sparql"],
            "error: --memory bounds the embedded store; a server sets its own limits\n",
        ),
    ],
)
def test_bad_bounds_are_refused(tmp_path: Path, option: list[str], message: str) -> None:
    status, out, err = run_cli("sparql", query_file(tmp_path, "ASK { }"), *option)
    assert (status, out, err) == (2, "", message)


def test_the_help_texts_state_the_real_defaults() -> None:
    assert cli_query.EMBEDDED_TIMEOUT == bounded.DEFAULT_TIMEOUT
    assert cli_query.EMBEDDED_MEMORY_MB == bounded.DEFAULT_MEMORY_MB


def test_virtuoso_stopped_at_its_limit_is_refused_not_shown(tmp_path: Path) -> None:
    """Virtuoso reads the `timeout` parameter and then answers HTTP 200 with the rows found so
    far (an "anytime" answer); that is a wrong answer, so it is refused."""
    from g40kg.query import graph_store

    triples = "".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(3000)).encode()
    with virtuoso_server() as endpoint:
        graph_store.put_graph(endpoint, triples, "urn:g", 60)
        argv = ["sparql", query_file(tmp_path, CARTESIAN_3), "--endpoint", endpoint.query_url]
        status, out, err = run_cli(*argv, "--timeout", "6")
    assert (status, out) == (2, "")
    assert err.startswith(
        f"error: SPARQL endpoint {endpoint.query_url} stopped the query at its time limit and "
        "sent incomplete results (X-SQL-State S1TAT: RC...: Returning incomplete results, "
        "query interrupted by result timeout."
    ), err
    assert err.endswith("; refused (--timeout to allow more)\n"), err


def test_work_in_the_background_gives_what_it_gives_here() -> None:
    store = open_project(REPO).store
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    pending = bounded.in_background(lambda: execute(store, count))
    assert pending() == execute(store, count)


def test_work_whose_result_cannot_come_back_is_done_here() -> None:
    """A result the child cannot send (a function does not pickle): the work runs here."""
    pending = bounded.in_background(lambda: lambda: 42)
    assert pending()() == 42
