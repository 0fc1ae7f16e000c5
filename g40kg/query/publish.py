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
from dataclasses import dataclass

from rdflib import Literal, URIRef

from g40kg.project.errors import UsageError
from g40kg.query import graph_store as graphstore
from g40kg.query.backends import EndpointBackend, EndpointError
from g40kg.query.binding import check_iri, sparql_term
from g40kg.query.endpoint import Endpoint, GraphStoreError

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


def _discard(endpoint: Endpoint, graph_iri: str, timeout: float) -> None:
    """Remove a temporary graph, best effort: publishing already failed or succeeded."""
    with contextlib.suppress(GraphStoreError):
        graphstore.delete_graph(endpoint, graph_iri, timeout)


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
    """Replace graph_iri on the server with ntriples; on failure the old graph stays.

    The count check needs endpoint.query_url; an empty one (the CLI without --query-endpoint)
    skips it."""
    target = sparql_term(URIRef(check_iri(graph_iri, "--graph")))
    temporary = f"{graph_iri}-upload-{secrets.token_hex(8)}"
    moved = sparql_term(URIRef(temporary))
    try:
        graphstore.put_graph(endpoint, ntriples, temporary, timeout)
    except GraphStoreError as exc:
        _discard(endpoint, temporary, timeout)
        raise PublishError(f"upload failed; <{graph_iri}> was left as it was.\n{exc}") from exc
    try:
        if endpoint.update_url:
            method = "temporary graph, then SPARQL Update MOVE"
            graphstore.update(endpoint, f"MOVE {moved} TO {target}", timeout)
        else:
            method = "temporary graph, then Graph Store PUT"
            graphstore.put_graph(endpoint, ntriples, graph_iri, timeout)
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
