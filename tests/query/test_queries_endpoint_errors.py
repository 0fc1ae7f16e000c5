"""A remote endpoint that is down, fails, hangs or answers garbage gives one clear error, in time.

A tiny http.server on 127.0.0.1 (in a thread) plays the misbehaving endpoint.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from g40kg.cli import main
from g40kg.query.backends import EndpointBackend, EndpointError

TIMEOUT = 2.0
QUERY = "SELECT ?s WHERE { ?s ?p ?o }"
JSON = "application/sparql-results+json"


class Misbehaving(http.server.BaseHTTPRequestHandler):
    """Answers by path: /500, /garbage, /html, /no-bindings, /hang, /ok."""

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def answer(self, status: int, body: bytes, content_type: str = JSON) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        path = self.path.split("?")[0]
        if path == "/500":
            self.answer(500, b"Virtuoso 42000 Error SR185: out of memory", "text/plain")
        elif path == "/garbage":
            self.answer(200, b'{"head": {"vars": ["s"]}, "results": {"bindings": [')
        elif path == "/html":
            self.answer(200, b"<html><body>Welcome to nginx!</body></html>", "text/html")
        elif path == "/no-bindings":
            self.answer(200, b'{"head": {"vars": ["s"]}, "results": {"rows": []}}')
        elif path == "/bad-term":
            self.answer(200, b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {}}]}}')
        elif path == "/hang":
            time.sleep(TIMEOUT * 3)
            self.answer(200, b'{"head": {"vars": []}, "results": {"bindings": []}}')
        elif path == "/ok":
            row = b'{"s": {"type": "uri", "value": "http://ex/a"}}'
            self.answer(200, b'{"head": {"vars": ["s"]}, "results": {"bindings": [' + row + b"]}}")
        else:
            self.answer(404, b"no such endpoint", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Misbehaving)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(url: str) -> tuple[str, float]:
    """The EndpointError message for a query to url, and how long it took."""
    start = time.monotonic()
    with pytest.raises(EndpointError) as raised:
        EndpointBackend(url, timeout=TIMEOUT).run(QUERY, {})
    return str(raised.value), time.monotonic() - start


def test_a_working_endpoint_gives_its_rows(server: str) -> None:
    result = EndpointBackend(f"{server}/ok", timeout=TIMEOUT).run(QUERY, {})
    assert result.variables == ("s",)
    assert [str(row[0]) for row in result.rows] == ["http://ex/a"]


def test_an_endpoint_that_is_down(server: str) -> None:
    url = f"http://127.0.0.1:{closed_port()}/sparql"
    message, took = run(url)
    assert message == f"SPARQL endpoint {url} is not reachable: [Errno 111] Connection refused"
    assert took < TIMEOUT


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "/500",
            "failed with a server error (HTTP 500): Virtuoso 42000 Error SR185: out of memory",
        ),
        ("/missing", "does not exist (HTTP 404): no such endpoint"),
        ("/garbage", "answered something that is not SPARQL results JSON (Expecting value"),
        ("/html", "answered something that is not SPARQL results JSON (Expecting value"),
        (
            "/no-bindings",
            "answered something that is not SPARQL results JSON (no `head.vars` list or no "
            "`results.bindings` list)",
        ),
        ("/bad-term", "answered something that is not SPARQL results JSON ('type')"),
    ],
)
def test_an_endpoint_that_fails_or_answers_garbage(server: str, path: str, message: str) -> None:
    text, took = run(f"{server}{path}")
    assert text.startswith(f"SPARQL endpoint {server}{path} {message}")
    assert took < TIMEOUT


def test_garbage_is_quoted_so_the_user_sees_what_came_back(server: str) -> None:
    text, _ = run(f"{server}/html")
    assert text.endswith("it begins: '<html><body>Welcome to nginx!</body></html>'")


def test_an_endpoint_that_hangs_times_out(server: str) -> None:
    text, took = run(f"{server}/hang")
    assert text == f"SPARQL endpoint {server}/hang did not answer within 2 s"
    assert TIMEOUT - 0.2 < took < TIMEOUT + 1.5


def test_the_cli_exits_2_with_the_message(server: str, capsys) -> None:
    argv = ["query", "events", "--endpoint", f"{server}/500", "--timeout", "2"]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"error: SPARQL endpoint {server}/500 failed with a server error (HTTP 500): "
        "Virtuoso 42000 Error SR185: out of memory\n"
    )


def test_a_zero_timeout_is_refused(capsys) -> None:
    assert main(["query", "events", "--endpoint", "http://127.0.0.1:9/q", "--timeout", "0"]) == 2
    assert "--timeout 0.0: give a number of seconds above 0" in capsys.readouterr().err
