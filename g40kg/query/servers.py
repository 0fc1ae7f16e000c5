"""Start and stop real SPARQL servers (Oxigraph, Virtuoso) for tests and the CLI.

Why real servers: the knowledge graph is meant to be published on ordinary triple stores, and
engines disagree on details (literal datatypes, result limits, authentication, Graph Store
protocol support).  Tests that only use rdflib in memory would not notice those differences,
so these context managers run the actual server binaries on throw-away databases.

Every server is bound to 127.0.0.1 only, on a free port, with its data in a temporary directory
that is removed afterwards.  The process is always terminated, also when the body of the
``with`` block raises.  When a server does not come up in time, a ``RuntimeError`` names the
server and quotes the tail of its log, so a CI failure can be diagnosed from the message alone.

Oxigraph (``oxigraph`` command from the ``oxigraph`` PyPI package, ``oxigraph serve``):

* query ``http://127.0.0.1:PORT/query``, update ``/update``, Graph Store protocol ``/store``
  (``?graph=IRI``).  No authentication.

Virtuoso Open Source 7 (``virtuoso-t`` from the Debian package ``virtuoso-opensource``):

* query ``http://127.0.0.1:PORT/sparql`` (anonymous, read-only: the ``SPARQL`` user).
* Graph Store protocol ``/sparql-graph-crud-auth`` (``?graph=IRI``) and update ``/sparql-auth``
  with HTTP *digest* authentication as ``dba``.  The anonymous ``/sparql-graph-crud`` answers
  ``403 SQ110 Permission denied`` on writes; rather than granting ``SPARQL_UPDATE`` to the
  anonymous user (which would let any local process write), each instance gets a fresh random
  ``dba`` password, set through ``isql-vt`` right after start-up; it is in ``Endpoint.auth``.
  SPARQLWrapper: ``setHTTPAuth(DIGEST)`` and ``setCredentials(*endpoint.auth)``; urllib:
  ``HTTPDigestAuthHandler`` (see ``load_graph_via_gsp``).
* ``PUT`` with ``Content-Type: application/n-triples`` replaces the named graph (201 when the
  graph is new, 200 when it existed).
* The ISQL (SQL) port is a second free port on 127.0.0.1; the Unix socket is disabled.
* Query results differ from Oxigraph in small ways: JSON results use the SPARQL 1.0 binding type
  ``typed-literal`` for datatyped literals, and an explicit ``xsd:string`` datatype is reported
  (Oxigraph reports a plain literal).  An update answers with a result document, not an empty
  body.
* ``ResultSetMaxRows`` is raised to 1,000,000 because Virtuoso silently truncates larger results
  (default 10,000); no query time limit is set because on time-out Virtuoso returns *partial*
  results instead of an error.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from g40kg.query.endpoint import Endpoint, GraphStoreError

__all__ = [
    "Endpoint",
    "GraphStoreError",
    "ServerNotFoundError",
    "free_port",
    "load_graph_via_gsp",
    "oxigraph_server",
    "virtuoso_server",
]

#: Seconds to wait for a server to answer its first query.
OXIGRAPH_START_TIMEOUT = 30.0
VIRTUOSO_START_TIMEOUT = 60.0
#: Seconds to wait for a graceful shutdown before the process is killed.
STOP_TIMEOUT = 15.0
#: Lines of the server log quoted in start-up errors.
LOG_TAIL_LINES = 40

INSTALL_HINT = "install it with `bash scripts/install.sh --test`"

# Direct connections only: a proxy from the environment (http_proxy) must never see requests to
# our private 127.0.0.1 servers, and would usually not be able to reach them anyway.
_NO_PROXY = urllib.request.ProxyHandler({})


class ServerNotFoundError(RuntimeError):
    """The server program is not installed; the message says how to install it."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    The port is released before the server binds it, so another process could take it in
    between; the server then fails to bind, exits, and the start-up check reports its log.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _find_program(name: str, extra: list[Path], what: str) -> str:
    """Absolute path of a server program, or ServerNotFoundError naming what to install."""
    for candidate in extra:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise ServerNotFoundError(f"{what}: program {name!r} not found on PATH; {INSTALL_HINT}")


def _oxigraph_program() -> str:
    # Prefer the command installed next to the running interpreter (same venv / pyenv version),
    # then whatever is on PATH.
    return _find_program(
        "oxigraph", [Path(sys.executable).parent / "oxigraph"], "Oxigraph (PyPI package oxigraph)"
    )


def _virtuoso_programs() -> tuple[str, str]:
    """Paths of virtuoso-t (the server) and isql-vt (its SQL client), both from Debian."""
    what = "Virtuoso (Debian package virtuoso-opensource)"
    server = _find_program("virtuoso-t", [Path("/usr/bin/virtuoso-t")], what)
    isql = _find_program("isql-vt", [Path(server).parent / "isql-vt"], what)
    return server, isql


def _log_tail(log_path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(no log: {exc})"
    tail = text.splitlines()[-lines:]
    return "\n".join(tail) if tail else "(log is empty)"


def _stop_with_parent() -> None:
    """In the server's process before it starts: SIGTERM when the process that started it dies
    (Linux prctl PR_SET_PDEATHSIG), so a server outlives no `g40kg serve` or test, even one
    killed with SIGKILL. Elsewhere nothing (the context managers still stop it)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, int(signal.SIGTERM))  # 1 = PR_SET_PDEATHSIG


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate gracefully (SIGTERM), then kill; always reap the process."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            process.wait()


def _answers(url: str) -> bool:
    """True when a GET of url returns 200 (the server is up and SPARQL works)."""
    opener = urllib.request.build_opener(_NO_PROXY)
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with opener.open(request, timeout=2) as response:
            response.read()
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait_until_ready(
    name: str,
    process: subprocess.Popen[bytes],
    probe_url: str,
    log_path: Path,
    timeout: float,
) -> None:
    """Poll probe_url until it answers; fail fast if the process dies, or after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        code = process.poll()
        if code is not None:
            raise RuntimeError(
                f"{name} exited with code {code} before it answered at {probe_url}.\n"
                f"Last lines of {log_path.name}:\n{_log_tail(log_path)}"
            )
        if _answers(probe_url):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"{name} did not answer at {probe_url} within {timeout:.0f} s.\n"
                f"Last lines of {log_path.name}:\n{_log_tail(log_path)}"
            )
        time.sleep(0.2)


def _ask_url(query_url: str) -> str:
    return f"{query_url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"


@contextlib.contextmanager
def oxigraph_server(
    data_file: Path | None = None,
    port: int | None = None,
    *,
    data_graph: str | None = None,
    read_only: bool = False,
    timeout_s: int | None = None,
) -> Iterator[Endpoint]:
    """Run ``oxigraph serve`` on 127.0.0.1 with a temporary store; yield its Endpoint.

    ``data_file`` (N-Triples, Turtle, ... chosen by file extension) is bulk-loaded with
    ``oxigraph load`` before the server starts, into ``data_graph`` or the default graph.
    ``read_only`` runs ``oxigraph serve-read-only``: every update and Graph Store write is
    refused (the Endpoint has no update_url). ``timeout_s`` is the server's own time limit for
    each SPARQL query (``--timeout-s``).
    """
    program = _oxigraph_program()
    port = port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="g40kg-oxigraph-"))
    store = workdir / "store"
    log_path = workdir / "oxigraph.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        if data_file is not None:
            command = [program, "load", "--location", str(store), "--file", str(data_file)]
            if data_graph is not None:
                command += ["--graph", data_graph]
            loaded = subprocess.run(command, capture_output=True, text=True, check=False)
            if loaded.returncode != 0:
                raise RuntimeError(
                    f"oxigraph load of {data_file} failed (exit {loaded.returncode}):\n"
                    f"{(loaded.stderr or loaded.stdout)[-4000:]}"
                )
        base = f"http://127.0.0.1:{port}"
        store.mkdir(exist_ok=True)
        command = [program, "serve-read-only" if read_only else "serve", "--location", str(store)]
        command += ["--bind", f"127.0.0.1:{port}"]
        if timeout_s is not None:
            command += ["--timeout-s", str(timeout_s)]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_stop_with_parent,
            )
        endpoint = Endpoint(
            name="oxigraph",
            query_url=f"{base}/query",
            update_url=None if read_only else f"{base}/update",
            graph_store_url=f"{base}/store",
        )
        _wait_until_ready(
            "oxigraph", process, _ask_url(endpoint.query_url), log_path, OXIGRAPH_START_TIMEOUT
        )
        yield endpoint
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def _virtuoso_ini(workdir: Path, http_port: int, isql_port: int) -> str:
    """A minimal virtuoso.ini: everything under workdir, listeners on 127.0.0.1 only.

    Based on the Debian default ini, without the [Zero Config], [URIQA] and [Plugins]
    sections and without SSL ports, so the server opens exactly two sockets.
    """
    d = workdir
    return f"""\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
AllowOSCalls = 0
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/vsp
MaxClientConnections = 10
ServerThreads = 10
EnabledDavVSP = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
"""


def _isql(
    isql: str, isql_port: int, password: str, statement: str, purpose: str, log_path: Path
) -> None:
    """Run one SQL statement as dba through isql-vt; RuntimeError naming purpose on error.

    The password is always hex, so it needs no quoting in SQL or on the command line.
    """
    done = subprocess.run(
        [isql, f"127.0.0.1:{isql_port}", "dba", password, statement],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in output:
        raise RuntimeError(
            f"virtuoso: isql-vt could not {purpose} (exit {done.returncode}):\n"
            f"{output[-2000:]}\nLast lines of {log_path.name}:\n{_log_tail(log_path)}"
        )


@contextlib.contextmanager
def virtuoso_server(port: int | None = None) -> Iterator[Endpoint]:
    """Run Virtuoso (``virtuoso-t``) on 127.0.0.1 with a fresh database; yield its Endpoint.

    ``port`` is the HTTP port; the ISQL port is always a free one.  Writes go through
    ``/sparql-graph-crud-auth`` and ``/sparql-auth`` with digest auth (``Endpoint.auth``).
    """
    server, isql = _virtuoso_programs()
    http_port = port or free_port()
    isql_port = free_port()
    while isql_port == http_port:
        isql_port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="g40kg-virtuoso-"))
    (workdir / "vsp").mkdir()
    ini = workdir / "virtuoso.ini"
    ini.write_text(_virtuoso_ini(workdir, http_port, isql_port), encoding="utf-8")
    # virtuoso-t +foreground also writes its log to stdout; the ErrorLogFile has the same lines.
    log_path = workdir / "virtuoso.stdout.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [server, "+foreground", "+configfile", str(ini)],
                cwd=workdir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_stop_with_parent,
            )
        base = f"http://127.0.0.1:{http_port}"
        query_url = f"{base}/sparql"
        _wait_until_ready(
            "virtuoso", process, _ask_url(query_url), log_path, VIRTUOSO_START_TIMEOUT
        )
        # A new database has the well-known password dba/dba; replace it before anything else.
        password = secrets.token_hex(16)
        change = f"EXEC=USER_SET_PASSWORD('dba', '{password}');"
        _isql(isql, isql_port, "dba", change, "set the dba password", log_path)
        # isql-vt exits 0 even when the statement fails, but a bad login exits non-zero:
        # logging in with the new password is the real check that the change took effect.
        _isql(isql, isql_port, password, "EXEC=SELECT 1;", "log in as dba", log_path)
        yield Endpoint(
            name="virtuoso",
            query_url=query_url,
            update_url=f"{base}/sparql-auth",
            graph_store_url=f"{base}/sparql-graph-crud-auth",
            auth=("dba", password),
            auth_scheme="digest",
        )
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def load_graph_via_gsp(
    endpoint: Endpoint, ntriples: bytes, graph_iri: str, *, timeout: float = 300.0
) -> int:
    """Replace named graph graph_iri with the N-Triples ntriples (Graph Store protocol PUT).

    Standard library only. Returns the HTTP status (201 created, 200/204 replaced); raises
    GraphStoreError with the status and the start of the server's answer otherwise. The
    request itself lives in graphstore (digest credentials sent with the body, which large
    uploads to Virtuoso need).
    """
    from g40kg.query.graph_store import put_graph  # graphstore imports this module

    status = put_graph(endpoint, ntriples, graph_iri, timeout)
    if status not in (200, 201, 204):
        raise GraphStoreError(
            f"{endpoint.name}: Graph Store PUT of <{graph_iri}> answered HTTP {status}", status
        )
    return status
