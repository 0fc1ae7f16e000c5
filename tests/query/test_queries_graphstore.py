"""Write requests carry their credentials from the first byte (basic, or digest after a HEAD).

A tiny http.server on 127.0.0.1 plays a server that, like Virtuoso, answers 401 to a request
without valid credentials and reads no body; it records what arrived.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import threading
import urllib.request
from collections.abc import Iterator

import pytest

from g40kg.query import graph_store as graphstore
from g40kg.query.endpoint import Endpoint, GraphStoreError

USER, PASSWORD, REALM, NONCE = "dba", "s3cret", "SPARQL", "4f1c0e"
BIG = b"".join(b'<http://ex/s%d> <http://ex/p> "v%d" .\n' % (i, i) for i in range(30000))


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


class Guarded(http.server.BaseHTTPRequestHandler):
    """/basic wants basic credentials, /digest digest ones; both count the body bytes."""

    seen: list[tuple[str, str, int]] = []

    def log_message(self, *args: object) -> None:
        pass

    def refuse(self, challenge: str) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", challenge)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        if self.path.startswith("/basic"):
            token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            return header == f"Basic {token}"
        if not header.startswith("Digest "):
            return False
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(header[7:]))
        ha1 = md5(f"{USER}:{REALM}:{PASSWORD}")
        ha2 = md5(f"{self.command}:{fields['uri']}")
        expected = md5(f"{ha1}:{NONCE}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}")
        return fields["uri"] == self.path and fields["response"] == expected

    def handle_any(self) -> None:
        if not self.authorised():
            self.seen.append((self.command, "refused", 0))
            if self.path.startswith("/basic"):
                self.refuse(f'Basic realm="{REALM}"')
            else:
                self.refuse(f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm="MD5"')
            return
        size = len(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        self.seen.append((self.command, "accepted", size))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_PUT = do_POST = do_DELETE = handle_any


@pytest.fixture
def server() -> Iterator[str]:
    Guarded.seen = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Guarded)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def endpoint(base: str, scheme: str, password: str = PASSWORD) -> Endpoint:
    return Endpoint(
        name="guarded",
        query_url="",
        update_url=f"{base}/{scheme}/update",
        graph_store_url=f"{base}/{scheme}/store",
        auth=(USER, password),
        auth_scheme=scheme,  # type: ignore[arg-type]
    )


def test_the_digest_response_matches_rfc_2617s_example(monkeypatch) -> None:
    monkeypatch.setattr(graphstore.secrets, "token_hex", lambda _n: "0a4f113b")
    challenge = graphstore.parse_challenge(
        'Digest realm="testrealm@host.com", qop="auth,auth-int", '
        'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'
    )
    header = graphstore.digest_authorization(
        challenge, "GET", "http://host.com/dir/index.html", "Mufasa", "Circle Of Life"
    )
    assert header == (
        'Digest username="Mufasa", realm="testrealm@host.com", '
        'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", '
        'response="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", '
        'opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001, algorithm=MD5'
    )


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ('Basic realm="x"', "not a digest challenge"),
        ('Digest realm="x", nonce="n", algorithm="SHA-256"', "only MD5"),
        ('Digest realm="x", nonce="n", qop="auth-int"', "only auth"),
    ],
)
def test_challenges_it_cannot_answer_are_refused(header: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        challenge = graphstore.parse_challenge(header)
        graphstore.digest_authorization(challenge, "PUT", "http://h/x", "u", "p")


def test_a_large_put_with_digest_gets_through_in_one_authorised_request(server: str) -> None:
    status = graphstore.put_graph(endpoint(server, "digest"), BIG, "http://ex/g", timeout=30)
    assert status == 201
    assert len(BIG) > 1_000_000
    assert Guarded.seen == [("HEAD", "refused", 0), ("PUT", "accepted", len(BIG))]


def test_a_large_put_with_basic_credentials_sends_them_at_once(server: str) -> None:
    status = graphstore.put_graph(endpoint(server, "basic"), BIG, "http://ex/g", timeout=30)
    assert status == 201
    assert Guarded.seen == [("PUT", "accepted", len(BIG))]


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_updates_and_deletes_are_authorised_too(server: str, scheme: str) -> None:
    target = endpoint(server, scheme)
    assert graphstore.update(target, "DROP SILENT GRAPH <http://ex/g>", timeout=30) == 201
    assert graphstore.delete_graph(target, "http://ex/g", timeout=30) == 201
    assert [(m, verdict) for m, verdict, _ in Guarded.seen if verdict == "accepted"] == [
        ("POST", "accepted"),
        ("DELETE", "accepted"),
    ]


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_a_wrong_password_is_an_http_401_error(server: str, scheme: str) -> None:
    wrong = endpoint(server, scheme, "wrong")
    with pytest.raises(
        GraphStoreError, match="PUT of <http://ex/g> failed with HTTP 401"
    ) as raised:
        graphstore.put_graph(wrong, b'<http://ex/a> <http://ex/p> "x" .\n', "http://ex/g", 30)
    assert raised.value.status == 401
