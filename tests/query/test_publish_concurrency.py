"""`publish` is all or nothing under concurrency, and cleans up after a publish that was killed.

The reproduction of issue 15: two publishes at once against one Oxigraph server left the target
a mix of both graphs (Oxigraph runs concurrent MOVEs side by side: both clear the target, both
insert). Here the target is always exactly one of the published graphs, with an update endpoint
(MOVE) and without one (Graph Store PUT under the same lock, kept by POST and GET only), and a
temporary graph left by a killed publish is dropped by the next one once it is old enough,
never while it may still be in use.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator

import pytest

from g40kg.query import graph_store
from g40kg.query.endpoint import Endpoint
from g40kg.query.publish import (
    CLAIM,
    CLAIM_PREFIX,
    CONTROL,
    UPLOAD,
    UPLOAD_INFIX,
    Published,
    PublishError,
    _entry,
    _insert,
    control_entries,
    publish,
    publish_lock,
)
from g40kg.query.servers import oxigraph_server

TARGET = "http://ex/graph/concurrent"
SIZE_A, SIZE_B = 8_000, 5_000


def graph_of(prefix: str, size: int) -> bytes:
    return "".join(f"<urn:{prefix}:{i}> <urn:p> <urn:o:{i}> .\n" for i in range(size)).encode()


def triples(endpoint: Endpoint, graph_iri: str) -> set[bytes]:
    body = graph_store.get_graph(endpoint, graph_iri, 60)
    return {line.strip() for line in body.splitlines() if line.strip()}


def named_graphs(endpoint: Endpoint) -> list[str]:
    from g40kg.query.backends import EndpointBackend

    rows = EndpointBackend(endpoint.query_url, timeout=60).run(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", {}
    )
    return [str(row[0]) for row in rows.rows]


@pytest.fixture(params=["move", "put"])
def endpoint(request: pytest.FixtureRequest) -> Iterator[Endpoint]:
    """A fresh Oxigraph server, with its update endpoint (MOVE) or without (Graph Store only)."""
    with oxigraph_server() as server:
        yield server if request.param == "move" else dataclasses.replace(server, update_url=None)


def left_behind(endpoint: Endpoint) -> list[str]:
    """The named graphs besides the target: none with an update endpoint, which deletes what
    ended; without one, CONTROL, which keeps every claim and record with its end marker."""
    return [] if endpoint.update_url else [CONTROL]


def publish_at_once(endpoint: Endpoint, graphs: dict[str, bytes]) -> dict[str, object]:
    """Publish every graph to TARGET, each from its own thread, all at once; what each gave."""
    done: dict[str, object] = {}
    start = threading.Barrier(len(graphs))

    def run(name: str) -> None:
        start.wait()
        try:
            done[name] = publish(endpoint, graphs[name], TARGET, timeout=60)
        except BaseException as exc:  # noqa: BLE001 - reported by the caller's assert
            done[name] = exc

    threads = [threading.Thread(target=run, args=(name,)) for name in graphs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done


def test_two_publishes_at_once_leave_exactly_one_graph(endpoint: Endpoint) -> None:
    graphs = {"a": graph_of("a", SIZE_A), "b": graph_of("b", SIZE_B)}
    expected = {name: {line.strip() for line in data.splitlines()} for name, data in graphs.items()}
    for _round in range(3):
        done = publish_at_once(endpoint, graphs)
        assert {name: type(result) for name, result in done.items()} == {
            "a": Published,
            "b": Published,
        }, done
        found = triples(endpoint, TARGET)
        assert found in (expected["a"], expected["b"]), len(found)
        assert named_graphs(endpoint) == sorted([TARGET, *left_behind(endpoint)])
        assert control_entries(endpoint, 60) == []  # no temporary graph, no claim left


def test_four_publishes_at_once_without_an_update_endpoint_leave_exactly_one_graph() -> None:
    """The Graph Store path alone: four graphs of different sizes, four rounds; the target
    always holds exactly one of them, each publish says it checked the count."""
    sizes = {"a": 6_000, "b": 4_000, "c": 3_000, "d": 2_000}
    graphs = {name: graph_of(name, size) for name, size in sizes.items()}
    expected = {name: {line.strip() for line in data.splitlines()} for name, data in graphs.items()}
    with oxigraph_server() as server:
        endpoint = dataclasses.replace(server, update_url=None)
        for _round in range(4):
            done = publish_at_once(endpoint, graphs)
            assert {name: (type(r), getattr(r, "triples", None)) for name, r in done.items()} == {
                name: (Published, size) for name, size in sizes.items()
            }, done
            assert {r.method for r in done.values()} == {  # type: ignore[attr-defined]
                "temporary graph, then Graph Store PUT"
            }
            assert {r.checked for r in done.values()} == {True}  # type: ignore[attr-defined]
            found = triples(endpoint, TARGET)
            assert found in expected.values(), len(found)  # the graphs share no triple
            assert named_graphs(endpoint) == sorted([TARGET, CONTROL])
            assert control_entries(endpoint, 60) == []


def test_a_killed_publish_is_swept_by_the_next_one_when_old_enough(endpoint: Endpoint) -> None:
    """What a publish killed after its upload leaves: a temporary graph and its record. The
    next publish drops the one older than the sweep age and keeps the young one, which may
    belong to a publish still running."""
    now = int(time.time())
    old = f"{TARGET}{UPLOAD_INFIX}{now - 7200}-0000000000000000"
    young = f"{TARGET}{UPLOAD_INFIX}{now}-1111111111111111"
    for graph_iri, created in ((old, now - 7200), (young, now)):
        _insert(endpoint, _entry(graph_iri, UPLOAD, created), 60)
        graph_store.put_graph(endpoint, graph_of("left", 10), graph_iri, 60)
    assert named_graphs(endpoint) == sorted([CONTROL, old, young])
    publish(endpoint, graph_of("c", 5), TARGET, timeout=60, sweep_after=3600)
    assert named_graphs(endpoint) == sorted([CONTROL, TARGET, young])
    assert control_entries(endpoint, 60) == [(young, UPLOAD, now)]
    assert triples(endpoint, old) == set()
    assert triples(endpoint, TARGET) == {line.strip() for line in graph_of("c", 5).splitlines()}


def test_a_stale_lock_claim_is_withdrawn_and_a_live_one_waited_for(endpoint: Endpoint) -> None:
    now = int(time.time())
    stale = _entry(f"{CLAIM_PREFIX}stale", CLAIM, now - 10_000)
    _insert(endpoint, stale, 60)
    with publish_lock(endpoint, 60, stale_after=600, wait=5):
        (claim,) = control_entries(endpoint, 60)
        assert claim[0].startswith(CLAIM_PREFIX) and claim[0] != f"{CLAIM_PREFIX}stale"
        second = publish_lock(endpoint, 60, stale_after=600, wait=1)
        with pytest.raises(PublishError) as raised, second:
            pass
        assert str(raised.value) == "another publish to this server held its lock for more than 1 s"
        assert control_entries(endpoint, 60) == [claim]
    assert control_entries(endpoint, 60) == []


@pytest.mark.parametrize("short_puts", [1, 2])
def test_a_target_put_that_comes_out_short_is_repeated_once(
    monkeypatch: pytest.MonkeyPatch, short_puts: int
) -> None:
    """Without an update endpoint the target is PUT under the lock and its triples counted; a
    PUT the server took only half of (here: sent half) is repeated once, then refused."""
    data = graph_of("whole", 100)
    real = graph_store.put_graph
    cut: list[str] = []

    def put(endpoint: Endpoint, ntriples: bytes, graph_iri: str, timeout: float) -> int:
        if graph_iri == TARGET and len(cut) < short_puts:
            cut.append(graph_iri)
            ntriples = b"".join(ntriples.splitlines(keepends=True)[:50])
        return real(endpoint, ntriples, graph_iri, timeout)

    monkeypatch.setattr(graph_store, "put_graph", put)
    with oxigraph_server() as server:
        endpoint = dataclasses.replace(server, update_url=None)
        if short_puts == 1:
            done = publish(endpoint, data, TARGET, timeout=60)
            assert (done.triples, done.checked) == (100, True)
            assert triples(endpoint, TARGET) == {line.strip() for line in data.splitlines()}
        else:
            with pytest.raises(PublishError) as raised:
                publish(endpoint, data, TARGET, timeout=60)
            assert (
                str(raised.value) == f"sent 100 triples to <{TARGET}> twice but the server holds 50"
            )
            assert len(triples(endpoint, TARGET)) == 50
        assert cut == [TARGET] * short_puts
        assert named_graphs(endpoint) == sorted([CONTROL, TARGET])
        assert control_entries(endpoint, 60) == []
