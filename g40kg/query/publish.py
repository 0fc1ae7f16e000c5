"""`g40kg publish`: put the exported graph into a named graph of a SPARQL server, all or nothing,
also when several publishes run at once.

Why not one PUT: a Graph Store PUT that fails half-way is not always undone. Virtuoso 7 answers
HTTP 500 to N-Triples with a syntax error near the end but keeps the triples before it, and the
graph's previous content is gone. So the data goes to a fresh temporary graph first
(`<target>-g40kg-upload-<unix time>-<random>`); only when that PUT succeeded does it replace the
target.

Why a lock: a server's update transactions need not be serialisable. Two `MOVE <temp> TO
<target>` at once on Oxigraph both clear the target and both insert, leaving a mix of the two
graphs. So, with a SPARQL Update endpoint, the MOVE runs under a lock kept in the control graph
CONTROL: a publish adds its claim (one triple) and reads the graph back (Graph Store GET); it
holds the lock only when its claim is the only live one, else it withdraws the claim and tries
again after a random pause. Of any set of publishes at most one sees only its own claim, so at
most one MOVEs at a time, and the target is always exactly one published graph. A claim older
than the stale age (a publish that was killed) is withdrawn by the next publish.

Temporary graphs are recorded in CONTROL when made and removed on failure; a publish killed
half-way leaves its temporary graph, which the next publish drops once it is older than the
sweep age (younger ones may belong to a publish that is still running).

Without an update endpoint, the target is replaced by a second PUT of the same bytes, then the
temporary graph deleted: a failure during that PUT can leave the target half-written, and
concurrent publishes are not protected. Give an update endpoint to avoid both.

If the server can be queried, the target's triple count is checked against the upload.
"""

from __future__ import annotations

import contextlib
import random
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef

from g40kg.project.errors import UsageError
from g40kg.query import graph_store as graphstore
from g40kg.query.backends import EndpointBackend, EndpointError
from g40kg.query.binding import check_iri, sparql_term
from g40kg.query.endpoint import Endpoint, GraphStoreError

#: Seconds allowed for each upload or update request.
DEFAULT_TIMEOUT = 300.0
#: The graph that holds the lock claims and the record of temporary graphs.
CONTROL = "urn:g40kg:publish"
UPLOAD = "urn:g40kg:publish#upload"
CLAIM = "urn:g40kg:publish#claim"
CLAIM_PREFIX = "urn:g40kg:publish:claim:"
UPLOAD_INFIX = "-g40kg-upload-"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
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


def _entry(subject: str, kind: str, created: int) -> str:
    return f'<{subject}> <{kind}> "{created}"^^<{XSD_INTEGER}> .'


def _insert(endpoint: Endpoint, triple: str, timeout: float) -> None:
    graphstore.update(endpoint, f"INSERT DATA {{ GRAPH <{CONTROL}> {{ {triple} }} }}", timeout)


def _delete(endpoint: Endpoint, triple: str, timeout: float) -> None:
    graphstore.update(endpoint, f"DELETE DATA {{ GRAPH <{CONTROL}> {{ {triple} }} }}", timeout)


def control_entries(endpoint: Endpoint, timeout: float) -> list[tuple[str, str, int]]:
    """(subject, kind, created) of every claim and upload record in CONTROL, oldest first."""
    body = graphstore.get_graph(endpoint, CONTROL, timeout)
    graph = Graph()
    try:  # N-Triples as asked for; Turtle, its superset, also reads servers that send that
        graph.parse(data=body.decode("utf-8"), format="turtle")
    except Exception as exc:  # noqa: BLE001 - rdflib raises assorted errors on bad input
        raise GraphStoreError(f"{endpoint.name}: <{CONTROL}> is not readable: {exc}", None) from exc
    found = []
    for subject, kind, created in graph:
        if str(kind) in (UPLOAD, CLAIM) and isinstance(created, Literal):
            with contextlib.suppress(ValueError, TypeError):
                found.append((str(subject), str(kind), int(created)))
    return sorted(found, key=lambda e: (e[2], e[0]))


def sweep(endpoint: Endpoint, timeout: float, *, older_than: float) -> list[str]:
    """Drop the temporary graphs and withdraw the lock claims recorded in CONTROL that are
    older than older_than seconds (left by publishes that were killed); their IRIs."""
    now = time.time()
    swept = []
    for subject, kind, created in control_entries(endpoint, timeout):
        if now - created < older_than:
            continue
        if kind == UPLOAD:
            graphstore.update(endpoint, f"DROP SILENT GRAPH <{subject}>", timeout)
        _delete(endpoint, _entry(subject, kind, created), timeout)
        swept.append(subject)
    return swept


@contextlib.contextmanager
def publish_lock(
    endpoint: Endpoint, timeout: float, *, stale_after: float, wait: float
) -> Iterator[None]:
    """Hold the publish lock of the server for the block (see the module's docstring);
    PublishError if another publish holds it for more than wait seconds."""
    deadline = time.monotonic() + wait
    while True:
        sweep_claims(endpoint, timeout, stale_after)
        claim = _entry(f"{CLAIM_PREFIX}{secrets.token_hex(8)}", CLAIM, int(time.time()))
        _insert(endpoint, claim, timeout)
        live = [e for e in control_entries(endpoint, timeout) if e[1] == CLAIM]
        if [_entry(*e) for e in live] == [claim]:
            break
        _delete(endpoint, claim, timeout)
        if time.monotonic() > deadline:
            raise PublishError(
                f"another publish to this server held its lock for more than {wait:g} s"
            )
        time.sleep(random.uniform(0.05, 0.5))  # noqa: S311 - a pause, not a secret
    try:
        yield
    finally:
        with contextlib.suppress(GraphStoreError):
            _delete(endpoint, claim, timeout)


def sweep_claims(endpoint: Endpoint, timeout: float, stale_after: float) -> None:
    """Withdraw lock claims older than stale_after seconds (their publish was killed)."""
    now = time.time()
    for subject, kind, created in control_entries(endpoint, timeout):
        if kind == CLAIM and now - created >= stale_after:
            _delete(endpoint, _entry(subject, kind, created), timeout)


def publish(
    endpoint: Endpoint,
    ntriples: bytes,
    graph_iri: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    sweep_after: float | None = None,
) -> Published:
    """Replace graph_iri on the server with ntriples; on failure the old graph stays.

    sweep_after: the age in seconds from which another publish's temporary graph counts as
    abandoned (default: six times the timeout, at least an hour). The count check needs
    endpoint.query_url; an empty one (the CLI without --query-endpoint) skips it."""
    target = sparql_term(URIRef(check_iri(graph_iri, "--graph")))
    created = int(time.time())
    temporary = f"{graph_iri}{UPLOAD_INFIX}{created}-{secrets.token_hex(8)}"
    moved = sparql_term(URIRef(temporary))
    record = _entry(temporary, UPLOAD, created)
    locked = bool(endpoint.update_url)
    if sweep_after is None:
        sweep_after = max(6 * timeout, 3600.0)
    try:
        if locked:
            _insert(endpoint, record, timeout)
            sweep(endpoint, timeout, older_than=sweep_after)
        graphstore.put_graph(endpoint, ntriples, temporary, timeout)
    except GraphStoreError as exc:
        _forget(endpoint, temporary, record if locked else None, timeout)
        raise PublishError(f"upload failed; <{graph_iri}> was left as it was.\n{exc}") from exc
    sent = count_triples(ntriples)
    try:
        if locked:
            method = "temporary graph, then SPARQL Update MOVE"
            wait = 2 * timeout + 60
            with publish_lock(endpoint, timeout, stale_after=wait, wait=wait + timeout):
                graphstore.update(endpoint, f"MOVE {moved} TO {target}", timeout)
                _forget(endpoint, None, record, timeout)
                checked = _check(endpoint, graph_iri, sent, timeout)
        else:
            method = "temporary graph, then Graph Store PUT"
            graphstore.put_graph(endpoint, ntriples, graph_iri, timeout)
            _discard(endpoint, temporary, timeout)
            checked = _check(endpoint, graph_iri, sent, timeout)
    except GraphStoreError as exc:
        _forget(endpoint, temporary, record if locked else None, timeout)
        left = "was left as it was" if locked else "may be incomplete"
        raise PublishError(f"replacing <{graph_iri}> failed; it {left}.\n{exc}") from exc
    except BaseException:
        _forget(endpoint, temporary, record if locked else None, timeout)
        raise
    return Published(graph_iri, sent, method, checked)


def _forget(endpoint: Endpoint, temporary: str | None, record: str | None, timeout: float) -> None:
    """Drop the temporary graph and its record in CONTROL, best effort."""
    if temporary is not None:
        _discard(endpoint, temporary, timeout)
    if record is not None:
        with contextlib.suppress(GraphStoreError):
            _delete(endpoint, record, timeout)


def _check(endpoint: Endpoint, graph_iri: str, sent: int, timeout: float) -> bool:
    """Whether the target's triple count was checked (PublishError when it differs)."""
    if not endpoint.query_url:
        return False
    found = graph_size(endpoint, graph_iri, timeout)
    if found != sent:
        raise PublishError(f"sent {sent} triples to <{graph_iri}> but the server holds {found}")
    return True
