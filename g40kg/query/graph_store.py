"""Write requests to a SPARQL server (Graph Store PUT, POST and DELETE, SPARQL Update) that carry
their credentials from the first byte.

Why not urllib's auth handlers (as g40kg.query.servers.load_graph_via_gsp uses): they send each
request without credentials and answer the 401 challenge. Virtuoso answers 401 as soon as it
has the headers and closes the connection, so a body of more than about 200 kB (the exported
graph is several times that) fails with a broken pipe before any answer can be read. Here a
bodiless HEAD fetches the digest challenge first, and the real request carries a computed
Authorization header (RFC 7616, MD5 with qop=auth, as Virtuoso offers); basic credentials are
sent at once.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import urllib.error
import urllib.parse
import urllib.request

from g40kg.query.endpoint import Endpoint, GraphStoreError

# No proxies from the environment: writes go straight to the server the user named.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def parse_challenge(header: str) -> dict[str, str]:
    """The fields of a `Digest k="v", …` WWW-Authenticate header, keys in lower case."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        raise ValueError(f"not a digest challenge: {header!r}")
    items = urllib.request.parse_http_list(rest)
    return {k.lower(): v for k, v in urllib.request.parse_keqv_list(items).items()}


def digest_authorization(
    challenge: dict[str, str], method: str, url: str, user: str, password: str
) -> str:
    """The Authorization header answering challenge for one request (MD5, qop=auth or none)."""
    algorithm = challenge.get("algorithm", "MD5")
    if algorithm.upper() != "MD5":
        raise ValueError(f"digest algorithm {algorithm} is not supported (only MD5)")
    realm, nonce = challenge["realm"], challenge["nonce"]
    parts = urllib.parse.urlsplit(url)
    uri = parts.path + (f"?{parts.query}" if parts.query else "")
    ha1 = _md5(f"{user}:{realm}:{password}")
    ha2 = _md5(f"{method}:{uri}")
    fields = {"username": user, "realm": realm, "nonce": nonce, "uri": uri}
    qops = [q.strip() for q in challenge.get("qop", "").split(",") if q.strip()]
    if "auth" in qops:
        cnonce, count = secrets.token_hex(8), "00000001"
        fields["response"] = _md5(f"{ha1}:{nonce}:{count}:{cnonce}:auth:{ha2}")
        fields.update(cnonce=cnonce)
        unquoted = f", qop=auth, nc={count}"
    elif qops:
        raise ValueError(f"digest qop {challenge['qop']!r} is not supported (only auth)")
    else:
        fields["response"] = _md5(f"{ha1}:{nonce}:{ha2}")
        unquoted = ""
    if "opaque" in challenge:
        fields["opaque"] = challenge["opaque"]
    quoted = ", ".join(f'{k}="{v}"' for k, v in fields.items())
    return f"Digest {quoted}{unquoted}, algorithm=MD5"


def _challenge(url: str, timeout: float) -> dict[str, str] | None:
    """The digest challenge a bodiless HEAD of url gets, or None if it gets none."""
    try:
        with _OPENER.open(urllib.request.Request(url, method="HEAD"), timeout=timeout):
            return None
    except urllib.error.HTTPError as exc:
        header = exc.headers.get("WWW-Authenticate", "")
        return parse_challenge(header) if exc.code == 401 and header else None


def authorization(endpoint: Endpoint, method: str, url: str, timeout: float) -> str | None:
    """The Authorization header for a request to url, or None when the endpoint has no auth."""
    if endpoint.auth is None:
        return None
    user, password = endpoint.auth
    if endpoint.auth_scheme == "basic":
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return f"Basic {token}"
    challenge = _challenge(url, timeout)
    return (
        None if challenge is None else digest_authorization(challenge, method, url, *endpoint.auth)
    )


def send(
    endpoint: Endpoint,
    method: str,
    url: str,
    what: str,
    *,
    body: bytes | None = None,
    content_type: str | None = None,
    timeout: float,
) -> int:
    """Send one request with its credentials; the HTTP status, or GraphStoreError saying what."""
    return exchange(
        endpoint, method, url, what, body=body, content_type=content_type, timeout=timeout
    )[0]


def exchange(
    endpoint: Endpoint,
    method: str,
    url: str,
    what: str,
    *,
    body: bytes | None = None,
    content_type: str | None = None,
    accept: str | None = None,
    timeout: float,
) -> tuple[int, bytes]:
    """send, also returning the answer's body."""
    headers = {"Content-Type": content_type} if content_type else {}
    if accept:
        headers["Accept"] = accept
    try:
        header = authorization(endpoint, method, url, timeout)
        if header:
            headers["Authorization"] = header
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        with _OPENER.open(request, timeout=timeout) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        answer = exc.read().decode("utf-8", errors="replace")[:1000]
        raise GraphStoreError(
            f"{endpoint.name}: {what} failed with HTTP {exc.code} {exc.reason}:\n{answer}", exc.code
        ) from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, BrokenPipeError | ConnectionResetError):
            raise GraphStoreError(
                f"{endpoint.name}: {what} was cut off: the server closed the connection before "
                "taking the whole request (are the credentials right?)",
                None,
            ) from exc
        raise GraphStoreError(f"{endpoint.name}: {what} got no answer: {exc}", None) from exc


def put_graph(endpoint: Endpoint, ntriples: bytes, graph_iri: str, timeout: float) -> int:
    """Graph Store PUT: replace graph_iri with the N-Triples document."""
    return send(
        endpoint,
        "PUT",
        endpoint.graph_url(graph_iri),
        f"Graph Store PUT of <{graph_iri}>",
        body=ntriples,
        content_type="application/n-triples",
        timeout=timeout,
    )


def post_graph(endpoint: Endpoint, ntriples: bytes, graph_iri: str, timeout: float) -> int:
    """Graph Store POST: add the N-Triples document to graph_iri (merge)."""
    return send(
        endpoint,
        "POST",
        endpoint.graph_url(graph_iri),
        f"Graph Store POST to <{graph_iri}>",
        body=ntriples,
        content_type="application/n-triples",
        timeout=timeout,
    )


def get_graph(endpoint: Endpoint, graph_iri: str, timeout: float) -> bytes:
    """Graph Store GET of one named graph as N-Triples; b"" when the server has no such graph."""
    url = endpoint.graph_url(graph_iri)
    try:
        return exchange(
            endpoint,
            "GET",
            url,
            f"Graph Store GET of <{graph_iri}>",
            accept="application/n-triples",
            timeout=timeout,
        )[1]
    except GraphStoreError as exc:
        if exc.status == 404:
            return b""
        raise


def delete_graph(endpoint: Endpoint, graph_iri: str, timeout: float) -> int:
    """Graph Store DELETE of one named graph."""
    url = endpoint.graph_url(graph_iri)
    return send(endpoint, "DELETE", url, f"Graph Store DELETE of <{graph_iri}>", timeout=timeout)


def update(endpoint: Endpoint, operation: str, timeout: float) -> int:
    """POST one SPARQL Update operation, form-encoded (SPARQL 1.1 Protocol)."""
    if not endpoint.update_url:
        raise GraphStoreError(f"{endpoint.name}: no SPARQL Update endpoint", None)
    return send(
        endpoint,
        "POST",
        endpoint.update_url,
        f"SPARQL Update {operation!r}",
        body=urllib.parse.urlencode({"update": operation}).encode("ascii"),
        content_type="application/x-www-form-urlencoded",
        timeout=timeout,
    )
