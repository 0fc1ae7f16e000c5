"""A `g40kg publish` process killed (SIGKILL) while its temporary graph is on the server leaves
the target exactly as it was, and the next publish removes what it left.

The reproduction of issue 15: "a publish killed half-way leaves its temporary upload graph on
the server for ever". Here the real command runs as a child process against a real Oxigraph
server, with an update endpoint (MOVE) and without one (Graph Store PUT).

Why the test holds the publish lock while the child runs: it makes the moment of the kill
certain rather than a race. The child has uploaded its temporary graph (the test sees it on the
server) and cannot have touched the target yet (it waits for the lock), so the kill lands in
the window between the two, whatever the size of the graph and the speed of the machine. The
child may die with a lock claim of its own posted; the next publish ends that claim because
G40KG_PUBLISH_SWEEP_AFTER makes it stale after a second, as it makes the temporary graph.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from expected_queries import REPO, corpus_copy
from test_publish_concurrency import graph_of, named_graphs, triples

from g40kg.project.export import export
from g40kg.project.load import open_project
from g40kg.query import graph_store
from g40kg.query.endpoint import Endpoint
from g40kg.query.publish import (
    CONTROL,
    UPLOAD,
    UPLOAD_INFIX,
    control_entries,
    count_triples,
    publish,
    publish_lock,
)
from g40kg.query.servers import oxigraph_server

TARGET = "http://ex/graph/killed"
EARLIER = graph_of("earlier", 50)
#: How long the test waits for the child to upload its temporary graph before it gives up.
UPLOAD_WAIT = 60.0


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_copy(REPO, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def ntriples(project: Path) -> bytes:
    return export(open_project(project).store, "nt")  # what the command sends


@pytest.fixture(params=["move", "put"])
def endpoint(request: pytest.FixtureRequest) -> Iterator[Endpoint]:
    with oxigraph_server() as server:
        yield server if request.param == "move" else dataclasses.replace(server, update_url=None)


def command(endpoint: Endpoint) -> list[str]:
    argv = [sys.executable, "-m", "g40kg.cli", "publish", "--endpoint", endpoint.graph_store_url]
    argv += ["--graph", TARGET, "--query-endpoint", endpoint.query_url, "--timeout", "30"]
    if endpoint.update_url:
        argv += ["--update-endpoint", endpoint.update_url]
    return argv


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "G40KG_PUBLISH_SWEEP_AFTER"}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return {**env, **extra}


def canonical(ntriples: bytes) -> set[ox.Quad]:
    """The triples of an N-Triples document with canonical blank node labels (the server
    relabels them), so that two documents are the same graph exactly when these are equal."""
    dataset = ox.Dataset(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def temporary_graphs(endpoint: Endpoint) -> list[str]:
    return [g for g in named_graphs(endpoint) if g.startswith(f"{TARGET}{UPLOAD_INFIX}")]


def kill_after_upload(endpoint: Endpoint, project: Path) -> str:
    """Run the command until its temporary graph is on the server, SIGKILL it there; the
    temporary graph's IRI."""
    with publish_lock(endpoint, 30, stale_after=600, wait=5):
        child = subprocess.Popen(
            command(endpoint),
            cwd=project,
            env=environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + UPLOAD_WAIT
            while not (found := temporary_graphs(endpoint)):
                assert child.poll() is None, child.communicate()[1]
                assert time.monotonic() < deadline, "the command uploaded nothing"
                time.sleep(0.05)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            if child.poll() is None:
                child.kill()
            child.communicate()
    assert child.returncode == -signal.SIGKILL
    (temporary,) = found
    return temporary


def test_a_killed_publish_leaves_the_target_and_the_next_one_sweeps(
    endpoint: Endpoint, project: Path, ntriples: bytes
) -> None:
    publish(endpoint, EARLIER, TARGET, timeout=30)
    earlier = {line.strip() for line in EARLIER.splitlines()}

    temporary = kill_after_upload(endpoint, project)
    assert triples(endpoint, TARGET) == earlier  # exactly the earlier graph
    assert len(triples(endpoint, temporary)) == count_triples(ntriples)
    assert named_graphs(endpoint) == sorted([CONTROL, TARGET, temporary])
    created = int(temporary.removeprefix(f"{TARGET}{UPLOAD_INFIX}").split("-")[0])
    uploads = [e for e in control_entries(endpoint, 30) if e[1] == UPLOAD]
    assert uploads == [(temporary, UPLOAD, created)]

    time.sleep(1.1)  # the leftovers become older than the sweep age of one second
    done = subprocess.run(
        command(endpoint),
        cwd=project,
        env=environment(G40KG_PUBLISH_SWEEP_AFTER="1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    method = "SPARQL Update MOVE" if endpoint.update_url else "Graph Store PUT"
    assert done.stdout == (
        f"published {count_triples(ntriples)} triples to <{TARGET}> "
        f"(temporary graph, then {method}); the server holds them all\n"
    )
    on_server = canonical(graph_store.get_graph(endpoint, TARGET, 30))
    assert (len(on_server), on_server) == (count_triples(ntriples), canonical(ntriples))
    assert named_graphs(endpoint) == sorted([TARGET, *([] if endpoint.update_url else [CONTROL])])
    assert control_entries(endpoint, 30) == []


def test_a_sweep_age_that_is_no_number_is_refused(project: Path) -> None:
    argv = [sys.executable, "-m", "g40kg.cli", "publish", "--endpoint", "http://127.0.0.1:9/store"]
    done = subprocess.run(
        argv,
        cwd=project,
        env=environment(G40KG_PUBLISH_SWEEP_AFTER="soon"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert "$G40KG_PUBLISH_SWEEP_AFTER 'soon': give a number of seconds" in done.stderr
