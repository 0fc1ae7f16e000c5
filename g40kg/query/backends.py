"""Where a query runs: the project's store, rdflib's engine or a remote endpoint, one interface.

Why several: analysts use the graph without a server (the pyoxigraph store: OxigraphBackend),
the graph is published on real triple stores, and rdflib's engine is the reference the
cross-engine tests compare with; all must give the same rows for the same query and parameters.
rdflib binds parameters with initBindings; a remote endpoint (SPARQLWrapper has no binding)
gets them as a VALUES clause (g40kg.query.binding.inject_values), with the same meaning as long as a
query uses its parameters only outside sub-queries (tests check both ways on every query).
"""

from __future__ import annotations

import http.client
import json
import urllib.error
from collections.abc import Mapping
from typing import Any, Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier, Variable
from SPARQLWrapper import JSON, POST, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from g40kg.project.errors import UsageError
from g40kg.project.sparql_text import query_form
from g40kg.query.binding import inject_values
from g40kg.query.results import QueryResult

#: Seconds a remote endpoint may take to connect and to send each part of its answer.
DEFAULT_TIMEOUT = 30.0


# What each SPARQLWrapper exception (raised on an HTTP error status) means, in words.
SPARQLWRAPPER_ERRORS = {
    "QueryBadFormed": "rejected the query as malformed (HTTP 400)",
    "Unauthorized": "needs credentials (HTTP 401)",
    "EndPointNotFound": "does not exist (HTTP 404)",
    "URITooLong": "found the request too long (HTTP 414)",
    "EndPointInternalError": "failed with a server error (HTTP 500)",
}


class EndpointError(UsageError):
    """A remote endpoint is down, failed or answered garbage (the CLI exits 2 with the message)."""


class Backend(Protocol):
    """Runs SELECT and ASK queries with parameter bindings."""

    description: str

    def run(self, text: str, bindings: Mapping[str, Identifier]) -> QueryResult: ...


def _check_form(text: str) -> str:
    form = query_form(text)
    if form not in ("SELECT", "ASK"):
        raise UsageError(f"only SELECT and ASK queries give result tables; this is {form}")
    return form


class RdflibBackend:
    """An rdflib graph in memory: the reference engine the tests compare the others with."""

    description = "rdflib graph"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def run(self, text: str, bindings: Mapping[str, Identifier]) -> QueryResult:
        _check_form(text)
        try:
            result = self.graph.query(text, initBindings=dict(bindings))
            if result.type == "ASK":
                return QueryResult((), (), bool(result.askAnswer))
            variables = tuple(str(v) for v in result.vars or ())
            # rdflib evaluates lazily: errors surface while the rows are read.
            rows = tuple(tuple(row.get(Variable(v)) for v in variables) for row in result.bindings)
        except Exception as exc:  # pyparsing and rdflib raise assorted errors on bad SPARQL
            raise UsageError(f"the embedded store cannot run this query: {exc}") from exc
        return QueryResult(variables, rows)


class OxigraphBackend:
    """The project's pyoxigraph store (the embedded store every verb uses), queried over all
    its graphs.

    Parameters are bound as a VALUES clause, as for an endpoint: pyoxigraph's own
    substitution refuses variables that are not in the SELECT list. The query runs in
    g40kg.query.embedded.execute, the same code as the rdflib-free table path of `g40kg query`,
    within its time limit and memory bound (g40kg.query.bounded), and unable to reach the
    network unless allow_remote."""

    description = "embedded store"

    def __init__(
        self,
        store: Any,
        *,
        timeout: float | None = None,
        memory_mb: int | None = None,
        allow_remote: bool = False,
    ) -> None:
        from g40kg.query.bounded import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT

        self.store = store
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        self.memory_mb = DEFAULT_MEMORY_MB if memory_mb is None else memory_mb
        self.allow_remote = allow_remote

    def run(self, text: str, bindings: Mapping[str, Identifier]) -> QueryResult:
        from g40kg.query.embedded import execute

        _check_form(text)
        text = inject_values(text, bindings)
        answer = execute(
            self.store,
            text,
            timeout=self.timeout,
            memory_mb=self.memory_mb,
            allow_remote=self.allow_remote,
        )
        if isinstance(answer, bool):
            return QueryResult((), (), answer)
        variables, rows = answer
        return QueryResult(variables, tuple(tuple(rdflib_term(t) for t in row) for row in rows))


def rdflib_term(term: Any) -> Identifier | None:
    """The rdflib term of a pyoxigraph term (None stays None: an unbound variable)."""
    from pyoxigraph import BlankNode, NamedNode

    if term is None:
        return None
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value != str(XSD.string):
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return Literal(term.value)


def term_from_json(value: Mapping[str, Any]) -> Identifier:
    """An RDF term from one SPARQL results JSON binding (also Virtuoso's `typed-literal`)."""
    kind, text = value["type"], value["value"]
    if not isinstance(text, str):
        raise ValueError(f"binding value {text!r} is not a string")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(text, lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != str(XSD.string):
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise ValueError(f"unknown binding type {kind!r}")


def result_from_json(data: Any) -> QueryResult:
    """A QueryResult from parsed SPARQL results JSON; ValueError where it is not that."""
    if not isinstance(data, dict) or "head" not in data:
        raise ValueError("no `head` object")
    if "boolean" in data:
        if not isinstance(data["boolean"], bool):
            raise ValueError("`boolean` is not true or false")
        return QueryResult((), (), data["boolean"])
    variables = data["head"].get("vars")
    bindings = data.get("results", {}).get("bindings")
    if not isinstance(variables, list) or not isinstance(bindings, list):
        raise ValueError("no `head.vars` list or no `results.bindings` list")
    rows = []
    for binding in bindings:
        if not isinstance(binding, dict):
            raise ValueError("a binding is not an object")
        rows.append(tuple(term_from_json(binding[v]) if v in binding else None for v in variables))
    return QueryResult(tuple(variables), tuple(rows))


class EndpointBackend:
    """A SPARQL 1.1 protocol endpoint over HTTP, asked for SPARQL results JSON."""

    def __init__(
        self, url: str, *, timeout: float = DEFAULT_TIMEOUT, default_graph: str | None = None
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"--endpoint {url!r}: give an http:// or https:// URL")
        if timeout <= 0:
            raise UsageError(f"--timeout {timeout}: give a number of seconds above 0")
        self.url = url
        self.timeout = timeout
        self.default_graph = default_graph
        self.description = f"endpoint {url}"

    def _fail(self, why: str) -> EndpointError:
        return EndpointError(f"SPARQL endpoint {self.url} {why}")

    def run(self, text: str, bindings: Mapping[str, Identifier]) -> QueryResult:
        _check_form(text)
        wrapper = SPARQLWrapper(self.url)
        wrapper.setQuery(inject_values(text, bindings))
        wrapper.setReturnFormat(JSON)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setTimeout(self.timeout)
        # Virtuoso reads `timeout` (milliseconds) as the query's time limit; Oxigraph ignores
        # it. Half the time, so that the server's answer (incomplete rows, refused below) comes
        # before the client stops waiting.
        wrapper.addParameter("timeout", str(max(1, round(self.timeout * 500))))
        if self.default_graph:
            wrapper.addDefaultGraph(self.default_graph)
        try:
            response = wrapper.query().response
            body = response.read()
            incomplete = response.headers.get("X-SQL-State")
        except SPARQLWrapperException as exc:
            what = SPARQLWRAPPER_ERRORS.get(type(exc).__name__, "refused the query")
            raise self._fail(f"{what}: {_server_says(exc)}") from exc
        except urllib.error.HTTPError as exc:
            raise self._fail(f"answered HTTP {exc.code} {exc.reason}") from exc
        except TimeoutError as exc:
            raise self._fail(f"did not answer within {self.timeout:g} s") from exc
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise self._fail(f"did not answer within {self.timeout:g} s") from exc
            raise self._fail(f"is not reachable: {reason}") from exc
        except (http.client.HTTPException, OSError) as exc:
            raise self._fail(f"broke off the answer: {exc!r}") from exc
        if incomplete:  # Virtuoso's "anytime" answer: the rows found before its time limit
            message = " ".join(str(response.headers.get("X-SQL-Message", "")).split())[:300]
            raise self._fail(
                f"stopped the query at its time limit and sent incomplete results "
                f"(X-SQL-State {incomplete}: {message}); refused (--timeout to allow more)"
            )
        try:
            return result_from_json(json.loads(body.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError, ValueError, KeyError, TypeError) as exc:
            start = body[:200].decode("utf-8", errors="replace")
            raise self._fail(
                f"answered something that is not SPARQL results JSON ({exc}); it begins: {start!r}"
            ) from exc


def _server_says(exc: SPARQLWrapperException) -> str:
    """The start of the server's answer that SPARQLWrapper kept (its whole page otherwise)."""
    text = str(exc).split("Response:", 1)[-1].strip()
    if text.startswith(("b'", 'b"')):  # SPARQLWrapper formats the body as a bytes repr
        text = text[2:-1].replace("\\n", " ")
    return " ".join(text.split())[:300]
