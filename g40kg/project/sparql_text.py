"""Find places in SPARQL query text without a full parser: the query form and the outermost
WHERE clause's opening brace.

Why: parameters are sent to remote endpoints as a VALUES clause inserted right after that brace,
and a brace, keyword or `#` inside a string, IRI or comment must never be mistaken for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from g40kg.project.errors import UsageError

# An IRIREF per the SPARQL grammar; a `<` that does not start one is the less-than operator.
IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD")


def skip_string(text: str, i: int) -> int:
    """Index just past the string literal starting at text[i] (a quote character)."""
    quote = text[i]
    long_quote = quote * 3
    if text.startswith(long_quote, i):
        end, j = long_quote, i + 3
    else:
        end, j = quote, i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(end, j):
            return j + len(end)
        if len(end) == 1 and text[j] in "\r\n":
            break
        j += 1
    raise UsageError("SPARQL text has an unterminated string literal")


def _pieces(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of each brace or parenthesis ("punct"), bare word ("word") and
    variable ("var") outside strings, IRIs and comments; everything else is skipped."""
    i = 0
    while i < len(text):
        char = text[i]
        if char == "#":
            newline = text.find("\n", i)
            i = len(text) if newline < 0 else newline + 1
        elif char in "\"'":
            i = skip_string(text, i)
        elif char == "<" and (match := IRIREF.match(text, i)):
            i = match.end()
        elif char in "?$" and (match := WORD.match(text, i + 1)):
            yield i, match.end(), "var"
            i = match.end()
        elif char in "{}()":
            yield i, i + 1, "punct"
            i += 1
        elif match := WORD.match(text, i):
            # A prefixed name (body:vng) is one token: its parts are never keywords.
            end = match.end()
            while end < len(text) and (text[end].isalnum() or text[end] in "_-.:%"):
                end += 1
            yield i, end, "word"
            i = end
        else:
            i += 1


def tokens(text: str) -> Iterator[tuple[int, str]]:
    """Yield (index, token) for braces, parentheses and bare words outside strings, IRIs,
    comments and variables."""
    for start, end, kind in _pieces(text):
        if kind != "var":
            yield start, text[start:end]


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; UsageError for an update or unreadable text."""
    for _index, token in tokens(text):
        word = token.upper()
        if word in QUERY_FORMS:
            return word
        if word in UPDATE_WORDS:
            raise UsageError(f"this is a SPARQL update ({word}); only queries are run")
    raise UsageError("no SELECT, ASK, CONSTRUCT or DESCRIBE found in the SPARQL text")


def outermost_where_brace(text: str) -> int:
    """Index of the `{` that opens the outermost WHERE clause (the keyword may be omitted)."""
    form = query_form(text)
    braces = parens = 0
    where_seen = False
    for index, token in tokens(text):
        if token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        elif token == "}":
            braces -= 1
        elif token == "{":
            if braces == 0 and parens == 0 and (where_seen or form != "CONSTRUCT"):
                return index
            braces += 1
        elif braces == 0 and parens == 0 and token.upper() == "WHERE":
            where_seen = True
    raise UsageError("no WHERE clause found in the SPARQL text")


def this_as_variable(text: str) -> str:
    """text with SHACL's pre-bound `$this` written `?this` where it is a variable: never inside
    a string, an IRI or a comment (a textual replace turned "price in $this currency" into
    another string)."""
    out, start = [], 0
    for begin, end, kind in _pieces(text):
        if kind == "var" and text[begin:end] == "$this":
            out.append(text[start:begin] + "?")
            start = begin + 1
    return "".join(out) + text[start:]


#: Keywords a SHACL-SPARQL constraint may not use here: VALUES, MINUS and `AS $this` the SHACL
#: spec forbids (they defeat pre-binding $this); LIMIT and OFFSET would cut the rows of all
#: focus nodes at once, as g40kg runs a constraint's query once for all of them.
NOT_IN_CONSTRAINTS = ("VALUES", "MINUS", "LIMIT", "OFFSET")


def constraint_misuse(text: str) -> str | None:
    """The first construct of NOT_IN_CONSTRAINTS (or `AS $this`) in text, outside strings,
    IRIs and comments; None if there is none."""
    for index, token in tokens(text):
        word = token.upper()
        if word in NOT_IN_CONSTRAINTS:
            return word
        if word == "AS" and re.match(r"\s*[?$]this\b", text[index + 2 :]):
            return "AS $this"
    return None
