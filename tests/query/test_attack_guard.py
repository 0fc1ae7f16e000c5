"""The query guard parses, or refuses: no keyword scan, no traceback, no engine past the bounds.

Each hostile text points at a local listener: a refusal is exit 2 with the guard's message, and
the listener sees no connection, on the embedded store and with --endpoint (where the listener
itself stands in for the server, so even forwarding the text would show).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run_cli
from listener import Listener

from g40kg.project.sparql_guard import MAX_NESTING, MAX_OPERATORS, MAX_QUERY_BYTES

BACKENDS = ["embedded", "endpoint"]
ESCAPE_REFUSAL = (
    "codepoint escape '\\\\u': engines read these differently (before or after parsing), so "
    "such a query is refused; write the character itself\n"
)


def sparql(
    tmp_path: Path, text: str, backend: str, listener: Listener, *more: str
) -> tuple[int, str, str]:
    path = tmp_path / "hostile.rq"
    path.write_text(text, encoding="utf-8")
    extra = ["--endpoint", f"{listener.url}/endpoint"] if backend == "endpoint" else []
    return run_cli("sparql", str(path), *extra, *more)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("remote", ["SERVICE <{url}/sparql> {{ ?x ?y ?z }}", "FROM"])
def test_escaped_hash_does_not_hide_service_or_from(
    listener: Listener, tmp_path: Path, backend: str, remote: str
) -> None:
    """The reproduction of issue 15: `\\u0061#` in an IRI once made the scan skip the rest."""
    head = 'SELECT * {from} WHERE {{ BIND("x\\u00000022" AS ?q) BIND(<http://e.org/\\u0061#> AS ?i)'
    if remote == "FROM":
        text = (head + " ?x ?y ?z }}").format(from_=None, **{"from": f"FROM <{listener.url}/g>"})
    else:
        text = (head + " " + remote + " }}").format(url=listener.url, **{"from": ""})
    status, out, err = sparql(tmp_path, text, backend, listener)
    assert (status, out, err) == (2, "", f"error: {tmp_path / 'hostile.rq'}:1: {ESCAPE_REFUSAL}")
    assert listener.requests == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_text_the_parser_cannot_read_is_refused_with_its_message(
    listener: Listener, tmp_path: Path, backend: str
) -> None:
    text = f"SELECT * WHERE {{ ?s ?p ?o . NOT SPARQL\n SERVICE <{listener.url}/s> {{ ?a ?b ?c }} }}"
    status, out, err = sparql(tmp_path, text, backend, listener)
    assert (status, out) == (2, "")
    assert err == (
        f"error: {tmp_path / 'hostile.rq'}:1: SPARQL syntax error: Expected SelectQuery "
        "(line 1, column 29)\n"
    )
    assert listener.requests == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_hash_in_an_iri_before_service(listener: Listener, tmp_path: Path, backend: str) -> None:
    """rdflib's parser stumbles over `<…#>` before a SERVICE (pyoxigraph runs it): refused with
    the parser's message, never let through."""
    service = f"SERVICE <{listener.url}/s> {{ ?a ?b ?c }}"
    text = f"SELECT * WHERE {{ BIND(<http://e.org/a#> AS ?i) {service} }}"
    status, out, err = sparql(tmp_path, text, backend, listener)
    assert (status, out) == (2, "")
    assert err == (
        f"error: {tmp_path / 'hostile.rq'}:1: SPARQL syntax error: Expected SelectQuery "
        "(line 1, column 48)\n"
    )
    assert listener.requests == []


def guard_cases() -> dict[str, tuple[str, str]]:
    """Text, and the refusal after `error: FILE`, of each text that once crashed something."""
    deep = "SELECT * WHERE " + "{ " * (MAX_NESTING + 1) + "?s ?p ?o" + " }" * (MAX_NESTING + 1)
    unions = "SELECT * WHERE { " + " UNION ".join(["{ }"] * 1500) + " }"
    return {
        "big-escape": (
            'SELECT * WHERE { BIND("\\uFFFFFFFF" AS ?q) }',
            f":1: {ESCAPE_REFUSAL}",
        ),
        "100000-braces": (
            "SELECT * WHERE " + "{" * 100_000,
            f": the query has 100015 bytes; at most {MAX_QUERY_BYTES} are run\n",
        ),
        "10000-unions": (
            "SELECT * WHERE { " + "UNION".join(["{}"] * 10_000) + " }",
            f": the query has 70014 bytes; at most {MAX_QUERY_BYTES} are run\n",
        ),
        "deep-nesting": (
            deep,
            f":1: braces, brackets and parentheses nest {MAX_NESTING + 1} deep; "
            f"at most {MAX_NESTING}\n",
        ),
        "1500-unions": (
            unions,
            f": the query has 3001 groups and operators; at most {MAX_OPERATORS}\n",
        ),
        "unterminated": (
            'SELECT * WHERE {\n BIND("x AS ?q) }',
            ":2: SPARQL text has an unterminated string literal\n",
        ),
    }


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", sorted(guard_cases()))
def test_guard_failures_are_refusals(
    listener: Listener, tmp_path: Path, backend: str, case: str
) -> None:
    text, refusal = guard_cases()[case]
    status, out, err = sparql(tmp_path, text, backend, listener)
    assert (status, out, err) == (2, "", f"error: {tmp_path / 'hostile.rq'}{refusal}")
    assert listener.requests == []


def test_a_query_within_the_bounds_still_runs(tmp_path: Path, listener: Listener) -> None:
    """The bounds leave room: 30-deep braces and 600 UNIONs run and answer."""
    deep = "SELECT ?x WHERE " + "{ " * 30 + 'BIND("deep" AS ?x)' + " }" * 30
    status, out, err = sparql(tmp_path, deep, "embedded", listener, "--format", "csv")
    assert (status, out, err) == (0, "x\r\ndeep\r\n", "")
    unions = "SELECT (COUNT(*) AS ?n) WHERE { " + " UNION ".join(["{ }"] * 600) + " }"
    status, out, err = sparql(tmp_path, unions, "embedded", listener, "--format", "csv")
    assert (status, out, err) == (0, "n\r\n600\r\n", "")


def test_a_parser_that_overflows_is_a_refusal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, listener: Listener
) -> None:
    """Whatever the parser raises (here the RecursionError rdflib gives near 30 nested
    parentheses) is a refusal with exit 2, never a traceback."""
    from rdflib.plugins.sparql import parser

    def overflow(_text: str) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(parser, "parseQuery", overflow)
    status, out, err = sparql(tmp_path, "SELECT * WHERE { }", "embedded", listener)
    assert (status, out, err) == (
        2,
        "",
        f"error: {tmp_path / 'hostile.rq'}: the query nests too deeply for the SPARQL parser\n",
    )


def test_a_shape_with_an_escape_is_refused_at_load(listener: Listener, project_copy: Path) -> None:
    """The default validation engine runs SHACL-SPARQL on pyoxigraph: the guard checks it too."""
    shapes = project_copy / "ontology" / "shapes.ttl"
    text = shapes.read_text(encoding="utf-8")
    shape = (
        "\ng40sh:EscapeShape a sh:NodeShape ;\n    sh:targetClass foaf:Person ;\n"
        '    sh:sparql [ sh:message "escaped" ;\n        sh:select """SELECT $this ?escaped\n'
        '        WHERE { BIND("\\\\u0022" AS ?escaped) $this ?p ?o }""" ] .\n'
    )
    shapes.write_text(text + shape, encoding="utf-8")
    line = (text + shape).count("\n", 0, (text + shape).index("SELECT $this ?escaped")) + 1
    status, _out, err = run_cli("validate")
    assert (status, err) == (
        2,
        f"error: {shapes}:{line}: SHACL-SPARQL constraint refused: {ESCAPE_REFUSAL}",
    )
    assert listener.requests == []


MESSAGE_NO_NETWORK = (
    "the embedded store cannot run this query: it tried to reach the network (SERVICE), which "
    "it may not without --allow-remote (Too many open files (os error 24))"
)
#: A SERVICE text, and what the embedded engine gives for it past the guard: the refusal, or
#: for SILENT the one empty solution that SPARQL defines for a service that failed.
PAST_THE_GUARD = {
    "select": ("SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", MESSAGE_NO_NETWORK),
    "ask": ("ASK {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", MESSAGE_NO_NETWORK),
    "silent": (
        "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
        (("o", "p", "s"), ((None, None, None),)),
    ),
}


@pytest.mark.parametrize("case", sorted(PAST_THE_GUARD))
def test_the_embedded_engine_opens_no_connection_even_past_the_guard(
    listener: Listener, case: str
) -> None:
    """pyoxigraph runs SERVICE with an HTTP client of its own and parses with its own parser;
    called directly, without the guard, it still cannot connect (g40kg.query.bounded)."""
    from pyoxigraph import Store

    from g40kg.project.errors import UsageError
    from g40kg.query.embedded import execute

    text, expected = PAST_THE_GUARD[case]
    try:
        got: object = execute(Store(), text.format(url=listener.url))
    except UsageError as exc:
        got = str(exc)
    assert (got, listener.requests) == (expected, [])


def test_the_embedded_engine_connects_with_allow_remote(listener: Listener) -> None:
    """The positive control: this pyoxigraph does run SERVICE, so the refusal above is real."""
    from pyoxigraph import Store

    from g40kg.query.embedded import execute

    text = PAST_THE_GUARD["select"][0].format(url=listener.url)
    assert execute(Store(), text, allow_remote=True) == (("o", "p", "s"), ((None, None, None),))
    assert [request.split(b"\r\n")[0] for request in listener.requests] == [
        b"POST /sparql HTTP/1.1"
    ]
