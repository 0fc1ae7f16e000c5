"""The analyst's verbs: queries, query, sparql, publish and serve.

Why one module: they share how a backend is chosen (the embedded store, or --endpoint) and how
results are written; the work itself is in queries, binding, backends, results and publish.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from g40kg.cli.validity import add_strict_option, warn_if_invalid
from g40kg.project.errors import InputError, UsageError

if TYPE_CHECKING:
    from g40kg.project.load import Project
    from g40kg.query.backends import Backend
    from g40kg.query.library import NamedQuery

EXIT_OK = 0
PASSWORD_ENV = "G40KG_ENDPOINT_PASSWORD"
#: Seconds after which `publish` takes another publish's temporary graph or lock claim for
#: abandoned (g40kg.query.publish.publish's sweep_after).
SWEEP_ENV = "G40KG_PUBLISH_SWEEP_AFTER"
# Spelled out for the help texts, so that `g40kg --help` need not import rdflib; the tests
# check them against g40kg.project.export.MAIN_GRAPH and the modules' DEFAULT_TIMEOUT (and
# g40kg.query.bounded's DEFAULT_TIMEOUT and DEFAULT_MEMORY_MB).
GRAPH = "https://w3id.org/g40kg/graph/g40kg"
QUERY_TIMEOUT = 30.0
EMBEDDED_TIMEOUT = 10.0
EMBEDDED_MEMORY_MB = 2048
SERVE_TIMEOUT = 30
PUBLISH_TIMEOUT = 300.0


def _endpoint(args: argparse.Namespace) -> Backend:
    """The endpoint named by --endpoint."""
    from g40kg.query.backends import DEFAULT_TIMEOUT, EndpointBackend

    timeout = args.timeout if args.timeout is not None else DEFAULT_TIMEOUT
    return EndpointBackend(args.endpoint, timeout=timeout, default_graph=args.graph)


def _guard(project: Project | None, text: str, source: Path | str, allow_remote: bool) -> None:
    """The query guard; a text that passed it for these inputs and this code is not parsed again."""
    from g40kg.project.sparql_guard import check_query

    kept = project.kept if project is not None else None
    check_query(text, source, allow_remote=allow_remote, kept=kept)


def _run_and_print(args: argparse.Namespace, query: NamedQuery) -> int:
    from g40kg.query.library import resolve_params, split_assignments

    allow_remote = getattr(args, "allow_remote", False)
    given = split_assignments(args.param)
    if not args.endpoint:  # the project's store
        if args.graph:
            raise UsageError("--graph chooses a graph on a server: it needs --endpoint")
        from g40kg.project.load import open_project
        from g40kg.query.bounded import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
        from g40kg.query.run import run_embedded

        timeout = DEFAULT_TIMEOUT if args.timeout is None else args.timeout
        memory_mb = DEFAULT_MEMORY_MB if args.memory is None else args.memory
        if not timeout > 0:
            raise UsageError(f"--timeout {timeout}: give a number of seconds above 0")
        if memory_mb <= 0:
            raise UsageError(f"--memory {memory_mb}: give a number of megabytes above 0")
        project = open_project()
        _guard(project, query.text, query.path, allow_remote)
        output = run_embedded(
            project.store,
            query,
            given,
            args.format,
            timeout=timeout,
            memory_mb=memory_mb,
            allow_remote=allow_remote,
        )
        warn_if_invalid(project, args.strict)
        sys.stdout.write(output)
        return EXIT_OK
    from g40kg.query.results import check_format, render

    check_format(args.format)
    if args.memory is not None:
        raise UsageError("--memory bounds the embedded store; a server sets its own limits")
    _guard(None, query.text, query.path, allow_remote)
    bindings = resolve_params(query, given)
    result = _endpoint(args).run(query.text, bindings)
    sys.stdout.write(render(result, args.format))
    return EXIT_OK


def cmd_queries(args: argparse.Namespace) -> int:
    from g40kg.query.library import load_queries

    queries = load_queries()
    width = max((len(name) for name in queries), default=0)
    for name, query in queries.items():
        print(f"{name.ljust(width)}  {query.summary}")
        for param in query.params:
            print(f"{' ' * width}    -p {param.describe()}")
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from g40kg.query.library import get_query

    return _run_and_print(args, get_query(args.name))


def cmd_sparql(args: argparse.Namespace) -> int:
    from g40kg.query.library import parse_query

    if args.file == "-":
        path, text = Path("<stdin>"), sys.stdin.read()
    else:
        path = Path(args.file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(path, None, f"cannot read the query: {exc}") from exc
    return _run_and_print(args, parse_query(path, text, named=False))


def cmd_publish(args: argparse.Namespace) -> int:
    from g40kg.project.export import MAIN_GRAPH, export
    from g40kg.project.load import open_project
    from g40kg.query.endpoint import Endpoint
    from g40kg.query.publish import DEFAULT_TIMEOUT, publish

    auth = None
    if args.user:
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            raise UsageError(f"--user {args.user}: set the password in ${PASSWORD_ENV}")
        auth = (args.user, password)
    for option, url in (("--endpoint", args.endpoint), ("--update-endpoint", args.update_endpoint)):
        if url and not url.startswith(("http://", "https://")):
            raise UsageError(f"{option} {url!r}: give an http:// or https:// URL")
    endpoint = Endpoint(
        name=args.endpoint,
        query_url=args.query_endpoint or "",
        update_url=args.update_endpoint,
        graph_store_url=args.endpoint,
        auth=auth,
        auth_scheme=args.auth,
    )
    timeout = args.timeout if args.timeout is not None else DEFAULT_TIMEOUT
    if timeout <= 0:
        raise UsageError(f"--timeout {timeout}: give a number of seconds above 0")
    sweep_after = None
    if os.environ.get(SWEEP_ENV):
        try:
            sweep_after = float(os.environ[SWEEP_ENV])
        except ValueError:
            sweep_after = -1.0
        if not 0 <= sweep_after < float("inf"):
            raise UsageError(f"${SWEEP_ENV} {os.environ[SWEEP_ENV]!r}: give a number of seconds")
    project = open_project()
    warn_if_invalid(project, args.strict)
    ntriples = export(project.store, "nt")
    graph = args.graph or MAIN_GRAPH
    done = publish(endpoint, ntriples, graph, timeout=timeout, sweep_after=sweep_after)
    check = "; the server holds them all" if done.checked else ""
    print(f"published {done.triples} triples to <{done.graph}> ({done.method}){check}")
    return EXIT_OK


def _stop_on_sigterm(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def cmd_serve(args: argparse.Namespace) -> int:
    from g40kg.project.export import export
    from g40kg.project.load import open_project
    from g40kg.query.servers import ServerNotFoundError, oxigraph_server

    if args.port is not None and not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: give a port number from 1 to 65535")
    timeout = SERVE_TIMEOUT if args.timeout is None else args.timeout
    if timeout <= 0:
        raise UsageError(f"--timeout {timeout}: give a whole number of seconds above 0")
    project = open_project()
    warn_if_invalid(project, args.strict)
    ntriples = export(project.store, "nt")
    triples = ntriples.count(b"\n")
    # Ctrl-C and SIGTERM both stop it, also when started with SIGINT ignored (nohup, a
    # script's trap, a test runner's worker): Python then leaves SIGINT ignored.
    signal.signal(signal.SIGINT, _stop_on_sigterm)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    # A closed terminal (SIGHUP) stops it too, so the Oxigraph child never outlives it holding
    # the port; under nohup SIGHUP stays ignored.
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        signal.signal(signal.SIGHUP, _stop_on_sigterm)
    with tempfile.TemporaryDirectory(prefix="g40kg-serve-") as folder:
        data = Path(folder) / "g40kg.nt"
        data.write_bytes(ntriples)
        try:
            served = oxigraph_server(data, port=args.port, read_only=True, timeout_s=timeout)
            with served as endpoint:
                base = endpoint.query_url.rsplit("/", 1)[0]
                print(f"Oxigraph serves the graph ({triples} triples) at {base}/", flush=True)
                print(
                    f"SPARQL endpoint: {endpoint.query_url} (read-only: updates and Graph Store "
                    f"writes are refused; each query may run {timeout} s); stop with Ctrl-C",
                    flush=True,
                )
                while True:
                    time.sleep(3600)
        except KeyboardInterrupt:
            print("stopped", flush=True)
        except ServerNotFoundError as exc:
            raise UsageError(str(exc)) from exc
        except RuntimeError as exc:  # the server did not start: port taken, bad data
            raise UsageError(f"the server did not start: {exc}") from exc
    return EXIT_OK


def _add_backend_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter declared in the query's header (repeat for several)",
    )
    sub.add_argument(
        "--format", default="table", help="table (default), csv, tsv, json (W3C results) or md"
    )
    sub.add_argument("--endpoint", metavar="URL", help="a SPARQL endpoint instead of the graph")
    sub.add_argument(
        "--graph", metavar="IRI", help="with --endpoint: query this named graph as default graph"
    )
    sub.add_argument(
        "--timeout",
        type=float,
        metavar="S",
        help=f"seconds the query may run (default {EMBEDDED_TIMEOUT:g}; with --endpoint "
        f"{QUERY_TIMEOUT:g}, also sent to the server as Virtuoso's `timeout` parameter)",
    )
    sub.add_argument(
        "--memory",
        type=int,
        metavar="MB",
        help=f"megabytes the embedded store may use for the query (default {EMBEDDED_MEMORY_MB})",
    )
    sub.add_argument(
        "--allow-remote",
        action="store_true",
        help="run a query with SERVICE or FROM (it may read other servers); refused by default",
    )
    add_strict_option(sub)


def register(verbs: Any) -> None:
    """Add the verbs to the `g40kg` command's subparsers."""

    def verb(name: str, help_text: str, func: Any) -> argparse.ArgumentParser:
        sub = verbs.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(func=func)
        return sub

    verb("queries", "List the named queries of queries/ with their parameters.", cmd_queries)

    sub = verb("query", "Run a named query of queries/ (see `g40kg queries`).", cmd_query)
    sub.add_argument("name", help="the query's name: its file name without .rq")
    _add_backend_options(sub)

    sub = verb("sparql", "Run a SPARQL SELECT or ASK query from a file or - (stdin).", cmd_sparql)
    sub.add_argument("file", help="the .rq file, or - to read standard input")
    _add_backend_options(sub)

    sub = verb(
        "publish",
        "Replace a named graph on a server with the exported graph (Graph Store protocol PUT "
        "to a temporary graph, then MOVE, or without --update-endpoint a PUT, under a lock, so "
        "that concurrent publishes never mix); on failure the old graph stays. A temporary "
        "graph or lock claim left by a killed publish is swept once older than "
        f"${SWEEP_ENV} seconds (default: 6 x --timeout, at least an hour; for claims "
        "5 x --timeout + 60).",
        cmd_publish,
    )
    sub.add_argument("--endpoint", required=True, metavar="URL", help="the Graph Store endpoint")
    sub.add_argument(
        "--graph",
        metavar="IRI",
        help="the graph to replace (default: the g40kg graph, " + GRAPH + ")",
    )
    sub.add_argument(
        "--update-endpoint",
        metavar="URL",
        help="the SPARQL Update endpoint; without it the graph is replaced by a second PUT "
        "(a publish killed during that PUT can leave the target incomplete)",
    )
    sub.add_argument(
        "--query-endpoint", metavar="URL", help="a SPARQL query endpoint to check the result with"
    )
    sub.add_argument("--user", help=f"user name; the password is read from ${PASSWORD_ENV}")
    sub.add_argument("--auth", choices=("basic", "digest"), default="basic")
    sub.add_argument(
        "--timeout",
        type=float,
        metavar="S",
        help=f"seconds allowed per request (default {PUBLISH_TIMEOUT:g})",
    )
    add_strict_option(sub)

    sub = verb(
        "serve",
        "Serve the graph read-only with Oxigraph on 127.0.0.1 (SPARQL endpoint and query UI; "
        "updates are refused) until Ctrl-C.",
        cmd_serve,
    )
    sub.add_argument("--port", type=int, help="the port (default: a free one)")
    sub.add_argument(
        "--timeout",
        type=int,
        metavar="S",
        help=f"seconds the server lets each query run (default {SERVE_TIMEOUT})",
    )
    add_strict_option(sub)
