"""`g40kg publish`: put the exported graph into a named graph of a SPARQL server, all or nothing,
also when several publishes run at once.

Why not one PUT: a Graph Store PUT that fails half-way is not always undone. Virtuoso 7 answers
HTTP 500 to N-Triples with a syntax error near the end but keeps the triples before it, and the
graph's previous content is gone. So the data goes to a fresh temporary graph first
(`<target>-g40kg-upload-<unix time>-<random>`); only when the server has taken all of it there
does the target change.

Why a lock: a server's update transactions need not be serialisable. Two `MOVE <temp> TO
<target>` at once on Oxigraph both clear the target and both insert, leaving a mix of the two
graphs; two PUTs at once can mix the same way. So the target is replaced under a lock kept in
the control graph CONTROL, written with Graph Store POST (which adds triples) and read with
Graph Store GET, so that it also works without an update endpoint:

- a publish POSTs its claim `<claim:random> CLAIM "<unix time>"`, then GETs CONTROL;
- a claim is live unless an end marker for it is in CONTROL (`<claim:…> WITHDRAWN …`) or,
  with an update endpoint, its triple was deleted instead, or it is older than the stale age
  (its publish was killed);
- the publish holds the lock when its own claim is the only live one; otherwise it withdraws
  its claim and tries again after a random pause. It ends its claim when done.

Why at most one publish holds the lock: suppose P and Q hold it at overlapping times, and
look at the reads that let them (each the last of its publish's tries). Say Q's read began
after P's read began (one of the two did). P's claim was acknowledged before P's read began,
so before Q's read: Q's GET saw it, unless it was ended or stale by then. P ends that claim
only when its hold is over, and Q's read came before Q's hold, which began before P's hold was
over; a claim turns stale only after the stale age, which is longer than any hold. So Q saw a
live claim besides its own and did not hold the lock: a contradiction. This needs only that a
GET sees every POST acknowledged before it began (each request one transaction, as on Oxigraph
and Virtuoso), and clocks of the publishing machines that agree to well within the stale age.
Two publishes that keep seeing each other both withdraw; their random pauses part them.

Under the lock: with an update endpoint, `MOVE <temp> TO <target>`; without one, a Graph Store
PUT of the target with the bytes the temporary graph has just taken, its triple count checked
(through the query endpoint, or a GET when there is none) and the PUT repeated once if the
count is wrong or the PUT failed. A publish killed during that PUT can leave the target
incomplete until the next publish: only an update endpoint (MOVE) avoids that window.

Temporary graphs are recorded in CONTROL (`<temp> UPLOAD "<unix time>"`) before they are made,
and removed, their record ended (`<temp> DONE …`), when the publish finishes or fails. A
publish killed half-way leaves its temporary graph and record; the next publish deletes the
graph and ends the record once it is older than the sweep age (younger ones may belong to a
publish that is still running).

Ended entries: with an update endpoint their triples are deleted (DELETE DATA), and a sweep
also deletes entries ended by markers. Without one, CONTROL only grows, by a few triples per
publish (and two per retry of the lock); it is read at every try of the lock.

With an update endpoint the target's triple count is checked against the upload when the
server can be queried; without one it is always checked, as said above.
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
#: End markers: a claim withdrawn (or released), a temporary graph removed.
WITHDRAWN = "urn:g40kg:publish#withdrawn"
DONE = "urn:g40kg:publish#done"
CLAIM_PREFIX = "urn:g40kg:publish:claim:"
UPLOAD_INFIX = "-g40kg-upload-"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
COUNT_QUERY = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"
MOVED = "temporary graph, then SPARQL Update MOVE"
PUT = "temporary graph, then Graph Store PUT"

Entry = tuple[str, str, int]


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


def _read_graph(endpoint: Endpoint, graph_iri: str, timeout: float) -> Graph:
    """One named graph through Graph Store GET (empty when the server has none)."""
    body = graphstore.get_graph(endpoint, graph_iri, timeout)
    graph = Graph()
    try:  # N-Triples as asked for; Turtle, its superset, also reads servers that send that
        graph.parse(data=body.decode("utf-8"), format="turtle")
    except Exception as exc:  # noqa: BLE001 - rdflib raises assorted errors on bad input
        raise GraphStoreError(
            f"{endpoint.name}: <{graph_iri}> is not readable: {exc}", None
        ) from exc
    return graph


def _size(endpoint: Endpoint, graph_iri: str, timeout: float) -> int:
    """Triples in one named graph: through the query endpoint, else a Graph Store GET."""
    if endpoint.query_url:
        return graph_size(endpoint, graph_iri, timeout)
    return len(_read_graph(endpoint, graph_iri, timeout))


def _entry(subject: str, kind: str, created: int) -> str:
    return f'<{subject}> <{kind}> "{created}"^^<{XSD_INTEGER}> .'


def _insert(endpoint: Endpoint, triple: str, timeout: float) -> None:
    """Add one triple to CONTROL (Graph Store POST)."""
    graphstore.post_graph(endpoint, f"{triple}\n".encode(), CONTROL, timeout)


def _delete(endpoint: Endpoint, triples: str, timeout: float) -> None:
    graphstore.update(endpoint, f"DELETE DATA {{ GRAPH <{CONTROL}> {{ {triples} }} }}", timeout)


def _end(endpoint: Endpoint, entry: Entry, timeout: float) -> None:
    """End a claim or an upload record: delete its triple, or without an update endpoint add
    its end marker (WITHDRAWN for a claim, DONE for an upload)."""
    if endpoint.update_url:
        _delete(endpoint, _entry(*entry), timeout)
    else:
        marker = WITHDRAWN if entry[1] == CLAIM else DONE
        _insert(endpoint, _entry(entry[0], marker, int(time.time())), timeout)


def _control(endpoint: Endpoint, timeout: float) -> tuple[list[Entry], list[Entry]]:
    """The claims and upload records in CONTROL, and the end markers."""
    entries, markers = [], []
    for subject, kind, created in _read_graph(endpoint, CONTROL, timeout):
        if str(kind) in (UPLOAD, CLAIM, WITHDRAWN, DONE) and isinstance(created, Literal):
            with contextlib.suppress(ValueError, TypeError):
                found = (str(subject), str(kind), int(created))
                (markers if found[1] in (WITHDRAWN, DONE) else entries).append(found)
    return sorted(entries, key=lambda e: (e[2], e[0])), markers


def control_entries(endpoint: Endpoint, timeout: float) -> list[Entry]:
    """(subject, kind, created) of every claim and upload record in CONTROL that has not been
    ended, oldest first."""
    entries, markers = _control(endpoint, timeout)
    ended = {subject for subject, _, _ in markers}
    return [e for e in entries if e[0] not in ended]


def sweep(endpoint: Endpoint, timeout: float, *, older_than: float, keep: str = "") -> list[str]:
    """Drop the temporary graphs recorded in CONTROL that are older than older_than seconds
    (left by publishes that were killed), except keep, and end their records; their IRIs.
    With an update endpoint, also delete the entries ended by markers, and the markers."""
    now = time.time()
    entries, markers = _control(endpoint, timeout)
    ended = {subject for subject, _, _ in markers}
    swept = []
    for entry in entries:
        subject, kind, created = entry
        if subject in ended or kind != UPLOAD or subject == keep or now - created < older_than:
            continue
        try:
            graphstore.delete_graph(endpoint, subject, timeout)
        except GraphStoreError as exc:
            if exc.status != 404:
                raise
        _end(endpoint, entry, timeout)
        swept.append(subject)
    done = [_entry(*e) for e in entries + markers if e[0] in ended]
    if endpoint.update_url and done:
        _delete(endpoint, " ".join(done), timeout)
    return swept


@contextlib.contextmanager
def publish_lock(
    endpoint: Endpoint, timeout: float, *, stale_after: float, wait: float
) -> Iterator[None]:
    """Hold the publish lock of the server for the block (see the module's docstring);
    PublishError if another publish holds it for more than wait seconds. Claims older than
    stale_after seconds (their publish was killed) are ended on the way."""
    deadline = time.monotonic() + wait
    while True:
        claim = (f"{CLAIM_PREFIX}{secrets.token_hex(8)}", CLAIM, int(time.time()))
        _insert(endpoint, _entry(*claim), timeout)
        now, others = time.time(), []
        for entry in control_entries(endpoint, timeout):
            if entry[1] != CLAIM or entry[0] == claim[0]:
                continue
            if now - entry[2] >= stale_after:
                _end(endpoint, entry, timeout)
            else:
                others.append(entry)
        if not others:
            break
        _end(endpoint, claim, timeout)
        if time.monotonic() > deadline:
            raise PublishError(
                f"another publish to this server held its lock for more than {wait:g} s"
            )
        time.sleep(random.uniform(0.05, 0.5))  # noqa: S311 - a pause, not a secret
    try:
        yield
    finally:
        with contextlib.suppress(GraphStoreError):
            _end(endpoint, claim, timeout)


def publish(
    endpoint: Endpoint,
    ntriples: bytes,
    graph_iri: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    sweep_after: float | None = None,
) -> Published:
    """Replace graph_iri on the server with ntriples; on failure the old graph stays (without
    an update endpoint, unless the failure came while the target itself was being PUT).

    sweep_after: the age in seconds from which another publish's temporary graph or lock claim
    counts as abandoned; it must be longer than any publish takes (default: six times the
    timeout, at least an hour, for temporary graphs; five times the timeout plus a minute for
    claims). With an update endpoint the target's triple count is checked when
    endpoint.query_url is set; without one it is always checked (by a Graph Store GET when
    query_url is empty)."""
    target = sparql_term(URIRef(check_iri(graph_iri, "--graph")))
    created = int(time.time())
    temporary = f"{graph_iri}{UPLOAD_INFIX}{created}-{secrets.token_hex(8)}"
    upload = (temporary, UPLOAD, created)
    if sweep_after is None:
        uploads_after, claims_after = max(6 * timeout, 3600.0), 5 * timeout + 60
    else:
        uploads_after = claims_after = sweep_after
    try:
        _insert(endpoint, _entry(*upload), timeout)
        sweep(endpoint, timeout, older_than=uploads_after, keep=temporary)
        graphstore.put_graph(endpoint, ntriples, temporary, timeout)
    except GraphStoreError as exc:
        _forget(endpoint, upload, timeout)
        raise PublishError(f"upload failed; <{graph_iri}> was left as it was.\n{exc}") from exc
    sent = count_triples(ntriples)
    lock = publish_lock(endpoint, timeout, stale_after=claims_after, wait=claims_after + timeout)
    moved = False
    try:
        with lock:
            if endpoint.update_url:
                method = MOVED
                temp = sparql_term(URIRef(temporary))
                graphstore.update(endpoint, f"MOVE {temp} TO {target}", timeout)
                moved = True
                checked = _check(endpoint, graph_iri, sent, timeout)
            else:
                method, checked = PUT, _replace(endpoint, ntriples, graph_iri, sent, timeout)
    except GraphStoreError as exc:
        raise PublishError(
            f"replacing <{graph_iri}> failed; it was left as it was.\n{exc}"
        ) from exc
    finally:
        _forget(endpoint, upload, timeout, drop=not moved)
    return Published(graph_iri, sent, method, checked)


def _replace(
    endpoint: Endpoint, ntriples: bytes, graph_iri: str, sent: int, timeout: float
) -> bool:
    """Under the lock, without an update endpoint: PUT the target and count its triples; once
    more if the PUT failed or the count is wrong. PublishError when the second try fails too."""
    for attempt in (1, 2):
        try:
            graphstore.put_graph(endpoint, ntriples, graph_iri, timeout)
            found = _size(endpoint, graph_iri, timeout)
        except (GraphStoreError, EndpointError) as exc:
            if attempt == 2:
                raise PublishError(
                    f"replacing <{graph_iri}> failed twice; it may be incomplete.\n{exc}"
                ) from exc
            continue
        if found == sent:
            return True
        if attempt == 2:
            raise PublishError(
                f"sent {sent} triples to <{graph_iri}> twice but the server holds {found}"
            )
    raise AssertionError("unreachable")


def _forget(endpoint: Endpoint, upload: Entry, timeout: float, *, drop: bool = True) -> None:
    """Drop the temporary graph and end its record in CONTROL, best effort."""
    if drop:
        _discard(endpoint, upload[0], timeout)
    with contextlib.suppress(GraphStoreError):
        _end(endpoint, upload, timeout)


def _check(endpoint: Endpoint, graph_iri: str, sent: int, timeout: float) -> bool:
    """Whether the target's triple count was checked (PublishError when it differs)."""
    if not endpoint.query_url:
        return False
    found = graph_size(endpoint, graph_iri, timeout)
    if found != sent:
        raise PublishError(f"sent {sent} triples to <{graph_iri}> but the server holds {found}")
    return True
