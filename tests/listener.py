"""A local TCP listener that records every connection: the witness that nothing was fetched.

Why a real socket and not a mocked urllib: rdflib, SPARQLWrapper, pyshacl and Chromium each
open connections their own way; only a port that counts what reaches it sees them all. It
answers every request with an empty SPARQL result, so that a client that does connect (the
positive control) finishes instead of hanging.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

EMPTY_RESULT = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
    b"Content-Length: "
    + str(len(EMPTY_RESULT)).encode()
    + b"\r\nConnection: close\r\n\r\n"
    + EMPTY_RESULT
)


@dataclass
class Listener:
    """The port listened on and the first bytes of every request that came in."""

    port: int
    requests: list[bytes] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _serve(server: socket.socket, listener: Listener, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            connection, _address = server.accept()
        except (TimeoutError, OSError):
            continue
        with connection:
            connection.settimeout(2)
            try:
                listener.requests.append(connection.recv(4096))
                connection.sendall(RESPONSE)
            except OSError:
                listener.requests.append(b"<connection>")


@contextmanager
def listening() -> Iterator[Listener]:
    """A Listener on a free 127.0.0.1 port, served by a thread until the block ends."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.1)
    listener = Listener(server.getsockname()[1])
    stop = threading.Event()
    thread = threading.Thread(target=_serve, args=(server, listener, stop), daemon=True)
    thread.start()
    try:
        yield listener
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()
