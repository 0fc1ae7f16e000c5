"""Refuse, before it runs, a query that would read the network or change a graph.

Why a parser and not a pattern: rdflib's embedded store fetches every SERVICE IRI it meets (and
a remote endpoint may do the same, or load a FROM IRI), whatever its spelling: lower case,
`SERVICE SILENT`, a variable (`SERVICE ?x`), a prefixed name, nested in OPTIONAL, UNION,
EXISTS or a sub-query. rdflib's own SPARQL parser finds them all in its parse tree; a regular
expression would either miss some or refuse a query that merely mentions the word in a string.
Updates (LOAD, INSERT, DELETE, CLEAR, DROP, CREATE, ADD, MOVE, COPY) are never run by
`g40kg query`/`sparql`: they are recognised by rdflib's update parser.

Text rdflib cannot parse (an engine's extension) falls back to the keyword scan of
g40kg.project.sparql_text, which skips strings, IRIs and comments: a bare SERVICE or FROM is
refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pyparsing import ParseBaseException
from pyparsing.results import ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from g40kg.project.errors import InputError
from g40kg.project.sparql_text import UPDATE_WORDS, tokens

#: The parse-tree nodes that read another dataset, and the keyword that starts each in the text.
REMOTE_NODES = {"ServiceGraphPattern": "SERVICE", "DatasetClause": "FROM"}
ALLOW_HINT = "pass --allow-remote if you mean it"


def _nodes(tree: object) -> Iterator[CompValue]:
    """Every CompValue of a parse tree, depth first (lists, ParseResults and dict values)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _line_of_keyword(text: str, keyword: str) -> int | None:
    """1-based line of the first bare keyword (outside strings, IRIs, comments) in text."""
    for index, token in tokens(text):
        if token.upper() == keyword:
            return text.count("\n", 0, index) + 1
    return None


def _describe(node: CompValue) -> str:
    if node.name == "ServiceGraphPattern":
        term = node.get("term")
        if isinstance(term, CompValue):  # a prefixed name
            term = f"{term.get('prefix') or ''}:{term.get('localname') or ''}"
        elif term is not None and hasattr(term, "n3"):
            term = term.n3()
        return f"SERVICE {term}"
    kind = "default" if "default" in node else "named"  # CompValue.get() is not dict.get()
    return f"{'FROM' if kind == 'default' else 'FROM NAMED'} <{node[kind]}>"


def remote_reads(text: str) -> list[tuple[str, str]]:
    """(keyword, what) for each SERVICE and FROM/FROM NAMED in the query text, in tree order.

    Raises ParseBaseException when rdflib cannot parse text as a query."""
    found = [
        (REMOTE_NODES[node.name], _describe(node))
        for node in _nodes(parseQuery(text))
        if node.name in REMOTE_NODES
    ]
    return sorted(found, key=lambda pair: (pair[0] != "FROM", pair[1]))


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except ParseBaseException:
        return False
    return True


def _fallback(text: str) -> list[tuple[str, str]]:
    """The bare SERVICE/FROM/update keywords of text rdflib cannot parse."""
    found = []
    for _index, token in tokens(text):
        word = token.upper()
        if word in ("SERVICE", "FROM") or word in UPDATE_WORDS:
            found.append((word, word))
    return found


def _parse_or_none(text: str) -> list[tuple[str, str]] | None:
    """remote_reads(text), or None when rdflib cannot parse text as a query."""
    try:
        return remote_reads(text)
    except ParseBaseException:
        return None


def check_query(text: str, source: Path | str, *, allow_remote: bool = False) -> None:
    """InputError naming source and line if text is an update, or reads a remote dataset
    (SERVICE, FROM, FROM NAMED) while allow_remote is off; else nothing."""
    reads = _parse_or_none(text)
    if reads is None:
        reads = _fallback(text)
        updates = [word for word, _what in reads if word in UPDATE_WORDS]
        if updates or _is_update(text):
            word = updates[0] if updates else "update"
            raise InputError(
                source,
                _line_of_keyword(text, word),
                f"this is a SPARQL update ({word}): g40kg never runs updates",
            )
    if reads and not allow_remote:
        keyword, what = reads[0]
        raise InputError(
            source,
            _line_of_keyword(text, keyword),
            f"{what} would read another dataset over the network; refused ({ALLOW_HINT})",
        )
