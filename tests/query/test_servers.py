"""Real Oxigraph and Virtuoso servers: start, load through the Graph Store protocol, query.

These tests never skip: a missing server program makes them fail with the install hint from
g40kg.query.servers (run `bash scripts/install.sh --test`).
"""

from __future__ import annotations

import contextlib
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from g40kg.query.servers import (
    Endpoint,
    GraphStoreError,
    load_graph_via_gsp,
    oxigraph_server,
    virtuoso_server,
)

GRAPH = "https://w3id.org/g40kg/graph/test"
EX = "https://w3id.org/g40kg/test/"

TWO_TRIPLES = (
    f'<{EX}gemeente-amsterdam> <{EX}naam> "Gemeente Amsterdam" .\n'
    f"<{EX}gemeente-amsterdam> <{EX}pijler> <{EX}economie-en-werk> .\n"
).encode()
ONE_TRIPLE = f'<{EX}gemeente-utrecht> <{EX}naam> "Gemeente Utrecht" .\n'.encode()

SELECT_GRAPH = f"""
SELECT ?s ?p ?o WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o
"""

ServerFactory = Callable[..., AbstractContextManager[Endpoint]]
SERVERS: dict[str, ServerFactory] = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}


@pytest.fixture(params=sorted(SERVERS))
def server(request: pytest.FixtureRequest) -> Iterator[Endpoint]:
    with SERVERS[request.param]() as endpoint:
        yield endpoint


def select_rows(endpoint: Endpoint) -> list[tuple[str, str, str]]:
    """The (s, p, o) values in the test graph, via SPARQLWrapper against the query endpoint."""
    sparql = SPARQLWrapper(endpoint.query_url)
    sparql.setQuery(SELECT_GRAPH)
    sparql.setReturnFormat(JSON)
    result = sparql.queryAndConvert()
    assert isinstance(result, dict)
    return [
        (row["s"]["value"], row["p"]["value"], row["o"]["value"])
        for row in result["results"]["bindings"]
    ]


def port_of(endpoint: Endpoint) -> int:
    port = urlsplit(endpoint.query_url).port
    assert port is not None
    return port


def listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of sockets listening on port."""
    addresses: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError), open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                address, port_hex = fields[1].rsplit(":", 1)
                if fields[3] == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                    addresses.add(address)
    return addresses


def test_gsp_put_then_select_then_replace(server: Endpoint) -> None:
    assert load_graph_via_gsp(server, TWO_TRIPLES, GRAPH) in (200, 201, 204)
    assert select_rows(server) == [
        (f"{EX}gemeente-amsterdam", f"{EX}naam", "Gemeente Amsterdam"),
        (f"{EX}gemeente-amsterdam", f"{EX}pijler", f"{EX}economie-en-werk"),
    ]

    # PUT replaces the whole graph: the two earlier triples must be gone.
    assert load_graph_via_gsp(server, ONE_TRIPLE, GRAPH) in (200, 201, 204)
    assert select_rows(server) == [
        (f"{EX}gemeente-utrecht", f"{EX}naam", "Gemeente Utrecht"),
    ]


def test_listens_on_loopback_only(server: Endpoint) -> None:
    assert urlsplit(server.query_url).hostname == "127.0.0.1"
    # 0100007F is 127.0.0.1 in /proc/net/tcp byte order; 00000000 would be 0.0.0.0.
    assert listening_addresses(port_of(server)) == {"0100007F"}


def test_invalid_ntriples_raise_with_status(server: Endpoint) -> None:
    with pytest.raises(GraphStoreError) as raised:
        load_graph_via_gsp(server, b"this is not N-Triples\n", GRAPH)
    assert raised.value.status is not None and 400 <= raised.value.status < 600
    assert str(raised.value.status) in str(raised.value)
    assert server.name in str(raised.value)


def test_virtuoso_writes_need_the_generated_dba_password() -> None:
    with virtuoso_server() as endpoint:
        assert endpoint.auth is not None and endpoint.auth_scheme == "digest"
        assert endpoint.auth[1] != "dba"
        wrong = Endpoint(
            name=endpoint.name,
            query_url=endpoint.query_url,
            update_url=endpoint.update_url,
            graph_store_url=endpoint.graph_store_url,
            auth=("dba", "dba"),
            auth_scheme="digest",
        )
        with pytest.raises(GraphStoreError) as raised:
            load_graph_via_gsp(wrong, ONE_TRIPLE, GRAPH)
        assert raised.value.status == 401


@pytest.mark.parametrize("name", sorted(SERVERS))
def test_process_stops_even_when_the_block_raises(name: str) -> None:
    with pytest.raises(ZeroDivisionError), SERVERS[name]() as endpoint:
        port = port_of(endpoint)
        _ = 1 / 0
    assert listening_addresses(port) == set()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(endpoint.query_url, timeout=5)


@pytest.mark.parametrize("name", sorted(SERVERS))
def test_start_failure_names_the_server_and_quotes_its_log(name: str) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        busy = blocker.getsockname()[1]
        with pytest.raises(RuntimeError, match=name) as raised, SERVERS[name](port=busy):
            pass
    message = str(raised.value)
    assert "Last lines of" in message
    assert ("in use" in message) if name == "oxigraph" else ("Failed HTTP listen" in message)


def test_oxigraph_loads_a_data_file_before_serving(tmp_path: Path) -> None:
    data = tmp_path / "data.nt"
    data.write_bytes(TWO_TRIPLES)
    with oxigraph_server(data, data_graph=GRAPH) as endpoint:
        assert len(select_rows(endpoint)) == 2
