"""Turtle read with rdflib: the shapes files (as pyshacl reads them), and their checks.

The data itself is read by pyoxigraph (g40kg.project.input_checks, g40kg.project.store); rdflib
parses only what a library needs as an rdflib graph. Every failure is an InputError naming file
and line.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from g40kg.project.errors import InputError, line_of
from g40kg.project.input_limits import check_term_sizes, check_turtle_size
from g40kg.project.namespaces import SH
from g40kg.project.turtle_checks import (
    RELATIVE_BASE,
    RELATIVE_HOST,
    check_format,
    decode_turtle,
    relative_error,
    relative_part,
    term_line,
)
from g40kg.project.vocabulary import terms_of, unknown_term


def _bad_syntax_line(exc: BadSyntax) -> int:
    return int(getattr(exc, "lines", 0)) + 1


def parse_turtle(path: Path, text: str | None = None) -> Graph:
    """Parse one Turtle file; refuse syntax errors, relative IRIs and non-Turtle content."""
    if text is None:
        text = decode_turtle(path, path.read_bytes())
    check_turtle_size(path, text)
    check_format(path, text)
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle", publicID=RELATIVE_BASE)
    except BadSyntax as exc:
        raise InputError(path, _bad_syntax_line(exc), f"Turtle syntax error: {exc._why}") from exc
    except Exception as exc:  # rdflib raises assorted errors for malformed literals etc.
        raise InputError(path, None, f"Turtle error: {exc}") from exc
    check_term_sizes(path, len(text), (str(t) for triple in graph for t in triple))
    for term in terms_of(graph):
        if str(term).startswith(RELATIVE_HOST):
            raise relative_error(path, text, relative_part(str(term)))
    return graph


def check_terms(path: Path, text: str, graph: Graph, g40_terms: frozenset[str]) -> None:
    for term in sorted(terms_of(graph)):
        message = unknown_term(term, g40_terms)
        if message:
            raise InputError(path, term_line(text, str(term)), message)


# SHACL-AF terms pyshacl ignores unless advanced mode is on: a shape using one would silently
# check nothing, so it is refused.
ADVANCED_TERMS = (
    "rule",
    "SPARQLTarget",
    "SPARQLTargetType",
    "target",
    "SPARQLFunction",
    "expression",
    "JSConstraint",
    "js",
    "TripleRule",
    "SPARQLRule",
    "condition",
)
SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
# A dataset clause: FROM (NAMED) followed by an IRI (to name its line in the shapes file).
FROM = re.compile(r"\bFROM\s+(?:NAMED\s+)?<", re.IGNORECASE)


def check_shapes(path: Path, text: str, graph: Graph, declared: Graph | None = None) -> None:
    """Refuse shapes that would reach the network or be silently ignored. declared: where the
    sh:prefixes of a constraint are looked up (all the shapes files, as both engines read them;
    default: this file)."""
    for term in ADVANCED_TERMS:
        if any(True for _ in graph.triples((None, SH[term], None))):
            raise InputError(
                path,
                line_of(text, f"sh:{term}"),
                f"sh:{term} is an advanced SHACL feature g40kg does not enable: it would be "
                "ignored, so the shape would check nothing",
            )
    for prop in (SH.select, SH.ask):
        for node, query in graph.subject_objects(prop):
            if SERVICE.search(str(query)):
                raise InputError(
                    path,
                    _line_of_pattern(text, SERVICE),
                    "SERVICE in a SHACL-SPARQL constraint: validation never reads the network",
                )
            if _reads_remote(path, text, str(query)):
                raise InputError(
                    path,
                    _line_of_pattern(text, FROM),
                    "FROM in a SHACL-SPARQL constraint: validation never reads the network",
                )
            _check_parses(path, text, graph if declared is None else declared, node, prop, query)


INLINE_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*:)", re.IGNORECASE)
PREFIXED = re.compile(r"(?<![\w?$:])([A-Za-z][\w-]*):[A-Za-z_]")


def _check_parses(
    path: Path, text: str, graph: Graph, node: object, prop: object, literal: object
) -> None:
    """Refuse a constraint whose query, with the prefixes its sh:prefixes declare and $this as
    ?this (as both engines run it), pyoxigraph cannot parse: an undeclared prefix is found
    here, naming the line, not as a traceback in the middle of validation."""
    from pyoxigraph import QueryBoolean, QuerySolutions, Store

    from g40kg.project.sparql_text import constraint_misuse, this_as_variable

    query = str(literal)
    first = query.strip().splitlines()[0] if query.strip() else query
    lines = []
    for holder in graph.objects(node, SH.prefixes):  # type: ignore[arg-type]
        for declaration in graph.objects(holder, SH.declare):
            prefix = graph.value(declaration, SH.prefix)
            namespace = graph.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise InputError(
                    path,
                    line_of(text, "sh:declare"),
                    "a sh:declare needs both sh:prefix and sh:namespace",
                )
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    misuse = constraint_misuse(query)
    if misuse:
        raise InputError(
            path,
            line_of(text, first),
            f"SHACL-SPARQL constraint uses {misuse}, which g40kg does not run in a constraint "
            "(VALUES, MINUS and AS $this the SHACL spec forbids; LIMIT and OFFSET would apply "
            "to all focus nodes at once)",
        )
    runnable = "\n".join([*lines, this_as_variable(query)])
    try:
        answer = Store().query(runnable)  # an empty store: only the parse does any work
    except SyntaxError as exc:
        message = " ".join(str(exc).split())[:300]
        at = re.search(r"error at (\d+):", message)
        where = int(at.group(1)) - len(lines) if at else 1  # the line within the query
        if "Prefix not found" in message:
            declared = {line.split()[1] for line in lines} | set(INLINE_PREFIX.findall(query))
            used = sorted(set(PREFIXED.findall(re.sub(r"<[^>]*>|\"[^\"]*\"", "", query))))
            missing = [f"{name}:" for name in used if f"{name}:" not in declared]
            if missing:
                message = (
                    f"it uses the prefix {', '.join(missing)} that neither the query nor the "
                    "sh:prefixes of the constraint declare (add a sh:declare)"
                )
        raise InputError(
            path,
            _query_line(text, first, where),
            f"SHACL-SPARQL constraint does not parse: {message}",
        ) from None
    wanted, kind, form = (
        ("sh:ask", "an ASK", QueryBoolean)
        if prop == SH.ask
        else ("sh:select", "a SELECT", QuerySolutions)
    )
    if not isinstance(answer, form):
        raise InputError(
            path,
            line_of(text, first),
            f"SHACL-SPARQL constraint: the query of {wanted} must be {kind} query",
        )


def _query_line(text: str, first: str, line: int) -> int | None:
    """The file's line of the query's line-th line (the query starts where first is)."""
    start = line_of(text, first)
    return None if start is None else start + max(line, 1) - 1


def _reads_remote(path: Path, text: str, query: str) -> bool:
    """Whether rdflib's parser finds SERVICE or FROM in a constraint's query; InputError when
    the query guard refuses it (g40kg.project.sparql_guard): the default engine runs the text on
    pyoxigraph, which must never see a query the guard could not read."""
    from g40kg.project.sparql_guard import GuardRefusal, remote_reads

    try:
        return bool(remote_reads(query))
    except GuardRefusal as refusal:
        first = query.strip().splitlines()[0] if query.strip() else query
        at = re.search(r"\(line (\d+),", refusal.message)
        raise InputError(
            path,
            _query_line(text, first, int(at.group(1)) if at else 1),
            f"SHACL-SPARQL constraint refused: {refusal.message}",
        ) from None


def _line_of_pattern(text: str, pattern: re.Pattern[str]) -> int | None:
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None
