"""Every named query gives the same rows on the embedded store, Oxigraph and Virtuoso.

Both servers run on 127.0.0.1 (g40kg.query.servers) with the graph published by `g40kg publish`'s
code. Rows are compared as multisets of the values' strings (the lexical forms the W3C CSV
results format gives), so only what the results formats leave open is normalised: Virtuoso's
`typed-literal` and explicit xsd:string, and row order among equal sort keys.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import signal
import subprocess
import sys
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from expected_queries import REPO, cases, corpus_copy, params_of
from rdflib import Literal

from g40kg.cli import main
from g40kg.project.export import MAIN_GRAPH, export
from g40kg.project.load import open_project, rdflib_data
from g40kg.query.backends import EndpointBackend, RdflibBackend
from g40kg.query.endpoint import Endpoint
from g40kg.query.library import load_queries, resolve_params
from g40kg.query.publish import PublishError, count_triples, graph_size, publish
from g40kg.query.results import QueryResult
from g40kg.query.servers import free_port, oxigraph_server, virtuoso_server

ENGINES = ("oxigraph", "virtuoso")
INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
GRAPH = str(MAIN_GRAPH)
# One set of parameters per case, the cases of test_queries_corpus (tests/expected/queries/);
# queries without parameters run once with none.
CASES = [(name, params_of(key)) for name, key in cases()]
HOSTILE = [
    'EKEM" } UNION { ?s ?p ?o } #',
    "EKEM\\u0022 } UNION { ?s ?p ?o } #",
    "EKEM' } UNION { ?s ?p ?o } #",
    'EKEM"""} UNION { ?s ?p ?o } #',
    'EKEM\\\\" } UNION { ?s ?p ?o } #',
]


def multiset(result: QueryResult) -> Counter[tuple[str, ...]]:
    return Counter(tuple("" if t is None else str(t) for t in row) for row in result.rows)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus (the five corpus sources only), as the expected rows of the cases are."""
    return corpus_copy(REPO, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def graph(corpus: Path):
    return rdflib_data(corpus)


@pytest.fixture(scope="module")
def ntriples(corpus: Path) -> bytes:
    return export(open_project(corpus).store, "nt")  # the bytes `publish` sends


@pytest.fixture(scope="module")
def servers(ntriples: bytes) -> Iterator[dict[str, Endpoint]]:
    """Oxigraph and Virtuoso with the graph published in the g40kg named graph."""
    with contextlib.ExitStack() as stack:
        running = {
            "oxigraph": stack.enter_context(oxigraph_server()),
            "virtuoso": stack.enter_context(virtuoso_server()),
        }
        for endpoint in running.values():
            done = publish(endpoint, ntriples, GRAPH)
            assert (done.triples, done.checked) == (count_triples(ntriples), True)
        yield running


def remote(servers: dict[str, Endpoint], engine: str) -> EndpointBackend:
    return EndpointBackend(servers[engine].query_url, timeout=60, default_graph=GRAPH)


def test_every_named_query_has_a_case() -> None:
    assert {name for name, _ in CASES} == set(load_queries())


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_same_rows_on_every_engine(
    servers: dict[str, Endpoint], graph, engine: str, name: str, params: dict[str, str]
) -> None:
    query = load_queries()[name]
    bindings = resolve_params(query, params)
    expected = RdflibBackend(graph).run(query.text, bindings)
    got = remote(servers, engine).run(query.text, bindings)
    assert got.variables == expected.variables
    assert multiset(got) == multiset(expected)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_adds_no_rows_on_a_server(
    servers: dict[str, Endpoint], engine: str, value: str
) -> None:
    query = load_queries()["members"]
    backend = remote(servers, engine)
    assert backend.run(query.text, resolve_params(query, {"organisation": value})).rows == ()
    honest = backend.run(query.text, resolve_params(query, {"organisation": "EKEM"}))
    assert sorted(str(row[1]) for row in honest.rows) == ["Frank den Brok", "Yvonne Salvino"]


@pytest.mark.parametrize("engine", ENGINES)
def test_cli_query_on_an_endpoint_prints_what_the_embedded_store_prints(
    servers: dict[str, Endpoint], engine: str, capsys
) -> None:
    assert main(["query", "vng-committees", "--format", "csv"]) == 0
    embedded = capsys.readouterr().out
    argv = ["query", "vng-committees", "--format", "csv", "--endpoint"]
    assert main([*argv, servers[engine].query_url, "--graph", GRAPH]) == 0
    assert capsys.readouterr().out == embedded


SMALL = b'<http://ex/a> <http://ex/p> "one" .\n<http://ex/b> <http://ex/p> "two" .\n'
OTHER = b'<http://ex/c> <http://ex/p> "three" .\n'
# Large enough that Virtuoso has stored part of it before it meets the error at the end.
BROKEN = b"".join(b'<http://ex/s%d> <http://ex/p> "v%d" .\n' % (i, i) for i in range(3000))
BROKEN += b'<http://ex/bad> <http://ex/p> "unterminated .\n'


def variants(endpoint: Endpoint) -> dict[str, Endpoint]:
    """The endpoint with its update URL (MOVE) and without (second PUT)."""
    return {"move": endpoint, "put": dataclasses.replace(endpoint, update_url=None)}


def graphs_named(endpoint: Endpoint, start: str) -> list[str]:
    """The named graphs whose IRI starts with start (temporary graphs are target + "-upload-…")."""
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?start)) }"
    rows = (
        EndpointBackend(endpoint.query_url, timeout=30).run(query, {"start": Literal(start)}).rows
    )
    return sorted(str(row[0]) for row in rows)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("how", ["move", "put"])
def test_publish_replaces_the_graph_and_leaves_no_temporary_graph(
    servers: dict[str, Endpoint], engine: str, how: str
) -> None:
    endpoint = variants(servers[engine])[how]
    target = f"http://ex/graph/replace-{how}"
    assert publish(endpoint, SMALL, target).triples == 2
    done = publish(endpoint, OTHER, target)
    assert (done.triples, done.checked) == (1, True)
    assert (
        done.method
        == {
            "move": "temporary graph, then SPARQL Update MOVE",
            "put": "temporary graph, then Graph Store PUT",
        }[how]
    )
    rows = EndpointBackend(endpoint.query_url, timeout=30, default_graph=target).run(
        "SELECT ?o WHERE { ?s ?p ?o }", {}
    )
    assert rows.rows == ((Literal("three"),),)
    assert graphs_named(endpoint, target) == [target]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("how", ["move", "put"])
def test_a_failed_upload_leaves_the_previous_graph_in_place(
    servers: dict[str, Endpoint], engine: str, how: str
) -> None:
    endpoint = variants(servers[engine])[how]
    target = f"http://ex/graph/keep-{how}"
    publish(endpoint, SMALL, target)
    with pytest.raises(PublishError, match=f"upload failed; <{target}> was left as it was"):
        publish(endpoint, BROKEN, target)
    assert graph_size(endpoint, target, 30) == 2
    assert graphs_named(endpoint, target) == [target]


def test_wrong_credentials_leave_the_graph_in_place(servers: dict[str, Endpoint]) -> None:
    endpoint = servers["virtuoso"]
    target = "http://ex/graph/credentials"
    publish(endpoint, SMALL, target)
    wrong = dataclasses.replace(endpoint, auth=("dba", "not-the-password"))
    with pytest.raises(PublishError, match="failed with HTTP 401") as raised:
        publish(wrong, OTHER, target)
    assert f"<{target}> was left as it was" in str(raised.value)
    assert graph_size(endpoint, target, 30) == 2


def test_wrong_credentials_with_a_large_upload_say_what_probably_happened(
    servers: dict[str, Endpoint], ntriples: bytes
) -> None:
    """Virtuoso answers 401 before it reads the body and closes the connection; whether the
    client still reads that 401 or only sees the broken pipe is a race, so both are allowed,
    each with a message that points at the credentials."""
    endpoint = servers["virtuoso"]
    target = "http://ex/graph/credentials-large"
    publish(endpoint, SMALL, target)
    wrong = dataclasses.replace(endpoint, auth=("dba", "not-the-password"))
    with pytest.raises(PublishError) as raised:
        publish(wrong, ntriples, target)
    last = str(raised.value).splitlines()[1]
    assert last.endswith(
        (
            "failed with HTTP 401 Unauthorized:",
            "taking the whole request (are the credentials right?)",
        )
    )
    assert graph_size(endpoint, target, 30) == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_publish_verb_puts_the_exported_graph_on_the_server(
    servers: dict[str, Endpoint], ntriples: bytes, engine: str, monkeypatch, capsys
) -> None:
    endpoint = servers[engine]
    target = "http://ex/graph/cli"
    argv = ["publish", "--endpoint", endpoint.graph_store_url, "--graph", target]
    argv += ["--update-endpoint", str(endpoint.update_url), "--query-endpoint", endpoint.query_url]
    if endpoint.auth:
        argv += ["--user", endpoint.auth[0], "--auth", endpoint.auth_scheme]
        monkeypatch.setenv("G40KG_ENDPOINT_PASSWORD", endpoint.auth[1])
    assert main(argv) == 0
    assert capsys.readouterr().out == (
        f"published {count_triples(ntriples)} triples to <{target}> "
        "(temporary graph, then SPARQL Update MOVE); the server holds them all\n"
    )


def test_publish_verb_wants_the_password_in_the_environment(monkeypatch, capsys) -> None:
    monkeypatch.delenv("G40KG_ENDPOINT_PASSWORD", raising=False)
    argv = ["publish", "--endpoint", "http://127.0.0.1:9/store", "--user", "dba"]
    assert main(argv) == 2
    assert "--user dba: set the password in $G40KG_ENDPOINT_PASSWORD" in capsys.readouterr().err


def test_serve_answers_queries_and_its_ui_until_interrupted(graph) -> None:
    port = free_port()
    command = [sys.executable, "-m", "g40kg.cli", "serve", "--port", str(port)]
    # Started with SIGINT ignored, as nohup or a test runner's worker starts it: Ctrl-C (SIGINT)
    # must stop it all the same (Python leaves an ignored SIGINT ignored).
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert (
            first
            == f"Oxigraph serves the graph ({len(graph)} triples) at http://127.0.0.1:{port}/\n"
        )
        backend = EndpointBackend(f"http://127.0.0.1:{port}/query", timeout=30)
        count = backend.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {})
        assert int(count.rows[0][0]) == len(graph)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            assert page.status == 200
            assert page.headers.get_content_type() == "text/html"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert out.endswith("stopped\n")
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query", timeout=5)


def test_serve_refuses_a_port_out_of_range(capsys) -> None:
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port 70000: give a port number from 1 to 65535" in capsys.readouterr().err


def test_results_json_from_a_server_is_rendered_as_w3c_json(
    servers: dict[str, Endpoint], monkeypatch, capsys
) -> None:
    """Virtuoso's SPARQL 1.0 `typed-literal` comes out as a W3C `literal` with a datatype."""
    endpoint = servers["virtuoso"]
    target = "http://ex/graph/json"
    publish(endpoint, SMALL, target)
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    argv = ["sparql", "-", "--format", "json", "--endpoint", endpoint.query_url]
    assert main([*argv, "--graph", target]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "head": {"vars": ["n"]},
        "results": {"bindings": [{"n": {"type": "literal", "value": "2", "datatype": INTEGER}}]},
    }


def test_publish_verb_refuses_a_graph_that_is_no_iri(capsys) -> None:
    argv = ["publish", "--endpoint", "http://127.0.0.1:9/store", "--graph", "my graph"]
    assert main(argv) == 2
    assert "--graph: 'my graph' is not an IRI (it contains ' ')" in capsys.readouterr().err
