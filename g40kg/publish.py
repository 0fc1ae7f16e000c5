"""`g40kg publish`: put the exported graph into a named graph of a SPARQL server, all or nothing.

Why not one PUT: a Graph Store PUT that fails half-way is not always undone. Virtuoso 7 answers
HTTP 500 to N-Triples with a syntax error near the end but keeps the triples before it, and the
graph's previous content is gone. So the data goes to a fresh temporary graph first; only when
that PUT succeeded does it replace the target:

* with a SPARQL Update endpoint: `MOVE <temporary> TO <target>`, one update request that the
  server applies as a whole (Oxigraph and Virtuoso both do);
* without one: a second PUT of the same bytes to the target (which the first PUT showed the server
  accepts), then a Graph Store DELETE of the temporary graph. A server or network failure during
  that second PUT can still leave the target half-written; give an update endpoint to avoid it.

If the server can be queried, the target's triple count is checked against the upload.
"""

from __future__ import annotations

import contextlib
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from rdflib import Literal, URIRef

from .backends import EndpointBackend, EndpointError
from .binding import check_iri, sparql_term
from .errors import UsageError
from .servers import Endpoint, GraphStoreError, load_graph_via_gsp

#: Seconds allowed for each upload or update request.
DEFAULT_TIMEOUT = 300.0

COUNT_QUERY = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"


class PublishError(UsageError):
    """The graph could not be published; the message says whether the target was left as it was."""


@dataclass(frozen=True)
class Published:
    """What publish did: the target graph, the triples sent and how they were put in place."""

    graph: str
    triples: int
    method: str
    checked: bool


def count_triples(ntriples: bytes) -> int:
    """Triples in an N-Triples document: its lines that are neither blank nor comments."""
    return sum(1 for line in ntriples.splitlines() if line.strip() and not line.startswith(b"#"))


def _opener(endpoint: Endpoint, url: str) -> urllib.request.OpenerDirector:
    """urllib without environment proxies, answering the endpoint's basic or digest challenge."""
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if endpoint.auth is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, *endpoint.auth)
        if endpoint.auth_scheme == "digest":
            handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
        else:
            handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))
    return urllib.request.build_opener(*handlers)


def _send(endpoint: Endpoint, request: urllib.request.Request, what: str, timeout: float) -> None:
    try:
        with _opener(endpoint, request.full_url).open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", errors="replace")[:500]
        raise GraphStoreError(
            f"{endpoint.name}: {what} failed with HTTP {exc.code}: {body}", exc.code
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise GraphStoreError(f"{endpoint.name}: {what} got no answer: {exc}", None) from exc


def sparql_update(endpoint: Endpoint, update: str, timeout: float = DEFAULT_TIMEOUT) -> None:
    """POST one SPARQL Update (SPARQL 1.1 protocol, form-encoded) to endpoint.update_url."""
    if not endpoint.update_url:
        raise UsageError("no update endpoint given")
    request = urllib.request.Request(
        endpoint.update_url,
        data=urllib.parse.urlencode({"update": update}).encode("ascii"),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    _send(endpoint, request, f"SPARQL Update {update!r}", timeout)


def delete_graph(endpoint: Endpoint, graph_iri: str, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Graph Store DELETE of one named graph."""
    request = urllib.request.Request(endpoint.graph_url(graph_iri), method="DELETE")
    _send(endpoint, request, f"Graph Store DELETE of <{graph_iri}>", timeout)


def _discard(endpoint: Endpoint, graph_iri: str, timeout: float) -> None:
    """Remove a temporary graph, best effort: publishing already failed or succeeded."""
    with contextlib.suppress(GraphStoreError):
        delete_graph(endpoint, graph_iri, timeout)


def graph_size(endpoint: Endpoint, graph_iri: str, timeout: float) -> int:
    """Triples in one named graph, asked through the query endpoint."""
    backend = EndpointBackend(endpoint.query_url, timeout=timeout, default_graph=graph_iri)
    result = backend.run(COUNT_QUERY, {})
    value = result.rows[0][0] if result.rows else None
    if not isinstance(value, Literal):
        raise EndpointError(f"{endpoint.query_url} gave no triple count for <{graph_iri}>")
    return int(value)


def publish(
    endpoint: Endpoint, ntriples: bytes, graph_iri: str, *, timeout: float = DEFAULT_TIMEOUT
) -> Published:
    """Replace graph_iri on the server with ntriples; on failure the old graph stays."""
    target = sparql_term(URIRef(check_iri(graph_iri, "--graph")))
    temporary = f"{graph_iri}-upload-{secrets.token_hex(8)}"
    try:
        load_graph_via_gsp(endpoint, ntriples, temporary, timeout=timeout)
    except GraphStoreError as exc:
        _discard(endpoint, temporary, timeout)
        raise PublishError(f"upload failed; <{graph_iri}> was left as it was.\n{exc}") from exc
    try:
        if endpoint.update_url:
            method = "temporary graph, then SPARQL Update MOVE"
            sparql_update(endpoint, f"MOVE <{temporary}> TO {target}", timeout)
        else:
            method = "temporary graph, then Graph Store PUT"
            load_graph_via_gsp(endpoint, ntriples, graph_iri, timeout=timeout)
    except GraphStoreError as exc:
        _discard(endpoint, temporary, timeout)
        left = "was left as it was" if endpoint.update_url else "may be incomplete"
        raise PublishError(f"replacing <{graph_iri}> failed; it {left}.\n{exc}") from exc
    if not endpoint.update_url:
        _discard(endpoint, temporary, timeout)
    sent = count_triples(ntriples)
    checked = False
    if endpoint.query_url:
        found = graph_size(endpoint, graph_iri, timeout)
        if found != sent:
            raise PublishError(f"sent {sent} triples to <{graph_iri}> but the server holds {found}")
        checked = True
    return Published(graph_iri, sent, method, checked)
