"""`g40kg serve` is read-only and says so: updates and Graph Store writes are refused, and the
served graph keeps its triple count.

The reproduction of issue 15: an `INSERT DATA` to /update got HTTP 204 and changed the graph.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from g40kg.query.backends import EndpointBackend
from g40kg.query.servers import free_port

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# No proxy from the environment: the request goes straight to 127.0.0.1.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, int, str]]:
    """A running `g40kg serve`: its base URL, the triple count it announced, its second line."""
    port = free_port()
    command = [sys.executable, "-m", "g40kg.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first, second = process.stdout.readline(), process.stdout.readline()
        match = re.fullmatch(r"Oxigraph serves the graph \((\d+) triples\) at (\S+)/\n", first)
        assert match, (first, process.stderr.read() if process.poll() is not None else "")
        yield match.group(2), int(match.group(1)), second
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def count(base: str) -> int:
    result = EndpointBackend(f"{base}/query", timeout=30).run(COUNT, {})
    return int(result.rows[0][0])


def status_of(method: str, url: str, body: bytes | None, content_type: str | None) -> int:
    headers = {"Content-Type": content_type} if content_type else {}
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with OPENER.open(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        assert exc.read() == b"The server is read-only"
        return exc.code


def test_serve_says_it_is_read_only(served: tuple[str, int, str]) -> None:
    base, _triples, second = served
    assert second == (
        f"SPARQL endpoint: {base}/query (read-only: updates and Graph Store writes are refused; "
        "each query may run 30 s); stop with Ctrl-C\n"
    )


INSERT = "INSERT DATA { <urn:g40kg:x> <urn:g40kg:y> <urn:g40kg:z> }"
WRITES = {
    "update-insert": (
        "POST",
        "/update",
        urllib.parse.urlencode({"update": INSERT}).encode(),
        "application/x-www-form-urlencoded",
    ),
    "update-clear": (
        "POST",
        "/update",
        urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
        "application/x-www-form-urlencoded",
    ),
    "update-direct": ("POST", "/update", INSERT.encode(), "application/sparql-update"),
    "store-post": (
        "POST",
        "/store?default",
        b"<urn:a> <urn:b> <urn:c> .\n",
        "application/n-triples",
    ),
    "store-put": ("PUT", "/store?default", b"<urn:a> <urn:b> <urn:c> .\n", "application/n-triples"),
    "store-delete": ("DELETE", "/store?default", None, None),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_every_write_is_refused_and_the_graph_stays(
    served: tuple[str, int, str], write: str
) -> None:
    base, triples, _second = served
    assert count(base) == triples
    method, path, body, content_type = WRITES[write]
    assert status_of(method, base + path, body, content_type) == 403
    assert count(base) == triples


def test_serve_refuses_a_timeout_that_is_not_positive(capsys: pytest.CaptureFixture[str]) -> None:
    from g40kg.cli import main

    assert main(["serve", "--timeout", "0"]) == 2
    assert capsys.readouterr().err == "error: --timeout 0: give a whole number of seconds above 0\n"
