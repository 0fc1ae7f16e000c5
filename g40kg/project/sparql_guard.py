"""Refuse, before it runs, a query that would read the network, change a graph or overwhelm an
engine.

Why a parser and not a pattern: an engine fetches every SERVICE IRI it meets (and a remote
endpoint may load a FROM IRI), whatever its spelling: lower case, `SERVICE SILENT`, a variable,
a prefixed name, nested in OPTIONAL, UNION, EXISTS or a sub-query. rdflib's SPARQL parser finds
them all in its parse tree. Text it cannot parse is refused with its message, never scanned for
keywords: a scanner and an engine that read the text differently let a SERVICE through.

Why codepoint escapes (\\uXXXX, \\UXXXXXXXX) are refused: engines disagree on them. rdflib
decodes them before parsing, as the SPARQL spec says; pyoxigraph decodes them only inside
strings and IRIs, so `"\\u0022"` ends a string for one and not for the other, and the two see
different queries. A query file is UTF-8: the character itself can always be written.

Why bounds: ten thousand UNIONs crash pyoxigraph (and the Oxigraph server) with a stack
overflow, and a hundred nested braces crash rdflib's parser. Size, nesting depth and the number
of operators are checked on the text before any parser or engine sees it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from g40kg.project.cache import Kept
from g40kg.project.errors import InputError, UsageError
from g40kg.project.sparql_text import IRIREF, WORD, skip_string, tokens

#: Bytes of UTF-8 a query may have (the largest named query has 3.5 kB).
MAX_QUERY_BYTES = 64 * 1024
#: Depth of nested braces, brackets and parentheses (rdflib's parser overflows near 60).
MAX_NESTING = 32
#: Groups, calls and operators (pyoxigraph overflows its stack near 10,000 UNIONs).
MAX_OPERATORS = 2000

#: The parse-tree nodes that read another dataset, and the keyword that starts each in the text.
REMOTE_NODES = {"ServiceGraphPattern": "SERVICE", "DatasetClause": "FROM"}
REMOTE_WORDS = ("SERVICE", "FROM")
ALLOW_HINT = "pass --allow-remote if you mean it"
ESCAPE = re.compile(r"\\[uU]")
OPERATOR_WORDS = {"UNION", "MINUS", "OPTIONAL", "FILTER", "BIND", "EXISTS", "SERVICE", "GRAPH"}


class GuardRefusal(Exception):
    """Why the guard refuses a text, and on which line (None: the whole text)."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Shape:
    """What the scan of a query's text found: its deepest nesting and its operator count."""

    depth: int
    depth_line: int
    operators: int


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def scan_shape(text: str) -> Shape:
    """Nesting depth and operators outside strings, IRIs and comments (GuardRefusal for an
    unterminated string). Cheap and iterative: it runs before any parser."""
    depth = deepest = operators = 0
    deepest_at = 0
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        if char == "#":
            newline = text.find("\n", i)
            i = end if newline < 0 else newline + 1
            continue
        if char in "\"'":
            try:
                i = skip_string(text, i)
            except UsageError as exc:
                raise GuardRefusal(_line(text, i), str(exc)) from None
            continue
        if char == "<" and (match := IRIREF.match(text, i)):
            i = match.end()
            continue
        if char in "{([":
            depth += 1
            operators += 1
            if depth > deepest:
                deepest, deepest_at = depth, i
        elif char in "})]":
            depth -= 1
        elif char in "|&" and text.startswith(char * 2, i):
            operators += 1
            i += 1
        elif char in "+-*/=!<>":
            operators += 1
        elif match := WORD.match(text, i):
            stop = match.end()
            while stop < end and (text[stop].isalnum() or text[stop] in "_-.:%"):
                stop += 1
            if text[i:stop].upper() in OPERATOR_WORDS:
                operators += 1
            i = stop
            continue
        i += 1
    return Shape(deepest, _line(text, deepest_at), operators)


def check_bounds(text: str) -> None:
    """GuardRefusal for a text too large, too deep, too long or with codepoint escapes."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise GuardRefusal(None, f"the query has {size} bytes; at most {MAX_QUERY_BYTES} are run")
    if match := ESCAPE.search(text):
        raise GuardRefusal(
            _line(text, match.start()),
            f"codepoint escape {text[match.start() : match.start() + 2]!r}: engines read these "
            "differently (before or after parsing), so such a query is refused; write the "
            "character itself",
        )
    shape = scan_shape(text)
    if shape.depth > MAX_NESTING:
        raise GuardRefusal(
            shape.depth_line,
            f"braces, brackets and parentheses nest {shape.depth} deep; at most {MAX_NESTING}",
        )
    if shape.operators > MAX_OPERATORS:
        raise GuardRefusal(
            None,
            f"the query has {shape.operators} groups and operators; at most {MAX_OPERATORS}",
        )


def _nodes(tree: object) -> Iterator[object]:
    """Every CompValue of a parse tree, depth first (lists, ParseResults and dict values)."""
    from pyparsing.results import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

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
    try:
        for index, token in tokens(text):
            if token.upper() == keyword:
                return _line(text, index)
    except UsageError:
        return None
    return None


def _describe(node: object) -> str:
    from rdflib.plugins.sparql.parserutils import CompValue

    assert isinstance(node, CompValue)
    if node.name == "ServiceGraphPattern":
        term = node.get("term")
        if isinstance(term, CompValue):  # a prefixed name
            term = f"{term.get('prefix') or ''}:{term.get('localname') or ''}"
        elif term is not None and hasattr(term, "n3"):
            term = term.n3()
        return f"SERVICE {term}"
    kind = "default" if "default" in node else "named"  # CompValue.get() is not dict.get()
    return f"{'FROM' if kind == 'default' else 'FROM NAMED'} <{node[kind]}>"


def _parser_message(exc: BaseException) -> tuple[int | None, str]:
    """The line and message of a parser failure, in words."""
    from pyparsing import ParseBaseException

    if isinstance(exc, ParseBaseException):
        return exc.lineno, f"SPARQL syntax error: {exc.msg} (line {exc.lineno}, column {exc.col})"
    if isinstance(exc, RecursionError):
        return None, "the query nests too deeply for the SPARQL parser"
    return None, f"the SPARQL parser cannot read the query: {exc}"


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001 - any failure means: not a readable update
        return False
    return True


def parse_checked(text: str) -> list[tuple[str, str]]:
    """(keyword, what) for each SERVICE and FROM/FROM NAMED of a query, FROM first; GuardRefusal
    when the text is beyond the bounds, an update, or not parsed by rdflib."""
    from rdflib.plugins.sparql.parser import parseQuery

    check_bounds(text)
    try:
        tree = parseQuery(text)
    except Exception as exc:  # noqa: BLE001 - pyparsing, rdflib and Python raise assorted errors
        # Refused either way; the keyword only makes the message say why.
        word = _first_update_word(text)
        if word or _is_update(text):
            word = word or "update"
            raise GuardRefusal(
                _line_of_keyword(text, word),
                f"this is a SPARQL update ({word}): g40kg never runs updates",
            ) from None
        line, message = _parser_message(exc)
        raise GuardRefusal(line, message) from None
    found = [
        (REMOTE_NODES[node.name], _describe(node))  # type: ignore[attr-defined]
        for node in _nodes(tree)
        if getattr(node, "name", None) in REMOTE_NODES
    ]
    return sorted(found, key=lambda pair: (pair[0] != "FROM", pair[1]))


def _first_update_word(text: str) -> str | None:
    """The first bare update keyword (outside strings, IRIs and comments), if any."""
    from g40kg.project.sparql_text import UPDATE_WORDS

    try:
        return next((t.upper() for _i, t in tokens(text) if t.upper() in UPDATE_WORDS), None)
    except UsageError:
        return None


def remote_reads(text: str) -> list[tuple[str, str]]:
    """(keyword, what) for each SERVICE and FROM/FROM NAMED in the query text, FROM first.

    Raises GuardRefusal when the guard cannot vouch for the text (see parse_checked)."""
    return parse_checked(text)


def check_query(
    text: str, source: Path | str, *, allow_remote: bool = False, kept: Kept | None = None
) -> None:
    """InputError naming source and line if text is beyond the bounds, unparsable, an update,
    or reads a remote dataset (SERVICE, FROM, FROM NAMED) while allow_remote is off.

    kept: the project's kept verdicts; a text that passed for the same inputs and the same code
    (the kept file's key covers both) is not parsed again (the parse costs a quarter second)."""
    key = hashlib.sha256(f"{allow_remote}\n{text}".encode()).hexdigest()
    passed = (kept.get("guard") or {}) if kept is not None else {}
    if passed.get(key) is True:
        return
    _check(text, source, allow_remote)
    if kept is not None:
        kept.put("guard", {**passed, key: True})


def _check(text: str, source: Path | str, allow_remote: bool) -> None:
    try:
        reads = parse_checked(text)
    except GuardRefusal as refusal:
        raise InputError(source, refusal.line, refusal.message) from None
    except Exception as exc:  # noqa: BLE001 - a guard failure is a refusal, never a traceback
        raise InputError(source, None, f"the query guard failed on this text: {exc!r}") from None
    if not reads and not allow_remote:
        # Belt and braces: a bare SERVICE or FROM that rdflib's parse tree lacks (the parsers
        # disagree) is refused too; this scan never lets anything through on its own.
        bare = next((t.upper() for _i, t in tokens(text) if t.upper() in REMOTE_WORDS), None)
        if bare:
            reads = [(bare, bare)]
    if reads and not allow_remote:
        keyword, what = reads[0]
        raise InputError(
            source,
            _line_of_keyword(text, keyword),
            f"{what} would read another dataset over the network; refused ({ALLOW_HINT})",
        )
