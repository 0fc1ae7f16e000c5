"""What of a Turtle file's text its graph does not hold: comments, prefixes, language-tag case.

Why a lexer of its own: `g40kg fmt` rewrites a file from its graph and must put every comment
back where it stood. Reading comments line by line went wrong on strings: a `#` line inside a
`'''` string was taken for a comment, and a comment after a string ending in `\"\"\"` was lost.
Here the whole text is cut into Turtle's tokens (strings by the grammar's own rules, as
pyoxigraph reads them), so a `#` is a comment exactly when the parser skips it.

A comment belongs to the statement it stands above (a block comment of that statement's
subject) or, inside a statement, to the predicate it stands above (or, inside a nested
`[ ... ]`, to the predicate whose object that is). Comments before the first statement form
the header; comments after the last statement, and those of a statement whose subject is a
blank node, the trailer. Standard library only: `fmt --check` imports no rdflib.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from g40kg.project.errors import InputError

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
TOKEN = re.compile(  # each token with the spaces before it (fewer matches to loop over)
    r"[ \t]*(?:(?P<nl>\r\n|\n|\r)"
    r"|(?P<comment>#[^\r\n]*)"
    r'|(?P<string>"""(?:(?:""|")?(?:[^"\\]|\\[\s\S]))*"""'
    r"|'''(?:(?:''|')?(?:[^'\\]|\\[\s\S]))*'''"
    r'|"(?:[^"\\\r\n]|\\[\s\S])*"'
    r"|'(?:[^'\\\r\n]|\\[\s\S])*')"
    rf"|(?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)"
    r"|(?P<at>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<punct>\^\^|[\[\]();,])"
    r"|(?P<word>(?:[^\s<>\"'#\[\]();,\\^@]|\\[\s\S])+)"
    r"|(?P<ws>[ \t]+)"
    r"|(?P<other>[\s\S]))"
)
LOCAL_ESCAPE = re.compile(r"\\(.)")
UCHAR = re.compile(_UCHAR)


def _unescape_iri(iri: str) -> str:
    return UCHAR.sub(lambda m: chr(int(m.group(0)[2:], 16)), iri)


@dataclass
class Layout:
    """A file's prefixes and comments, keyed by subject (and predicate) IRI; language tags as
    the file spells them (pyoxigraph gives them in lower case)."""

    prefixes: dict[str, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)
    comments: dict[str, list[str]] = field(default_factory=dict)
    predicate_comments: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    trailer: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    nesting: int = 0  # the deepest `[ ... ]` or `( ... )`

    def all_comments(self) -> list[str]:
        found = [c for c in self.header if c]
        for group in (*self.comments.values(), *self.predicate_comments.values()):
            found += group
        return found + self.trailer


class _Reader:
    """One pass over the tokens, tracking statements, brackets and the current predicate."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.layout = Layout()
        self.pending: list[str] = []  # comments waiting for the next statement or predicate
        self.seen_code = False
        self.statement: str | None = None  # None, "directive", "sparql-directive", "triples"
        self.directive: list[str] = []
        self.subject: str | None = None
        self.predicate: str | None = None
        self.expect_predicate = False
        self.depth = 0
        self.last_was_string = False

    def resolve(self, kind: str, value: str) -> str | None:
        """The IRI a subject or predicate token names, or None (a blank node, a literal)."""
        if kind == "iri":
            return _unescape_iri(value[1:-1])
        if value == "a":
            return RDF_TYPE
        prefix, colon, local = value.partition(":")
        if not colon or prefix.startswith("_") or prefix not in self.layout.prefixes:
            return None
        return self.layout.prefixes[prefix] + LOCAL_ESCAPE.sub(r"\1", local)

    def attach(self, subject: str | None, predicate: str | None) -> None:
        if not self.pending:
            return
        if subject is None:
            self.layout.trailer += self.pending
        elif predicate is None:
            self.layout.comments.setdefault(subject, []).extend(self.pending)
        else:
            key = (subject, predicate)
            self.layout.predicate_comments.setdefault(key, []).extend(self.pending)
        self.pending = []

    def blank_line(self) -> None:
        if not self.seen_code and self.pending and self.statement is None:
            self.layout.header += self.pending + [""]
            self.pending = []

    def end_statement(self) -> None:
        if self.statement == "triples":
            self.attach(self.subject, self.predicate)
        elif self.statement in ("directive", "sparql-directive"):
            self.directive_done()
        self.statement, self.subject, self.predicate, self.depth = None, None, None, 0

    def directive_done(self) -> None:
        words = self.directive
        if len(words) >= 3 and words[0].lower() in ("@prefix", "prefix"):
            self.layout.prefixes[words[1][:-1]] = _unescape_iri(words[2][1:-1])

    def start(self, kind: str, value: str) -> None:
        if kind in ("at", "word") and value.lower() in ("@prefix", "@base", "prefix", "base"):
            if not self.seen_code:
                self.layout.header += self.pending
                self.pending = []
            self.seen_code = True
            self.statement = "directive" if value.startswith("@") else "sparql-directive"
            self.directive = [value]
            return
        self.seen_code = True
        self.statement = "triples"
        self.subject = self.resolve(kind, value) if kind in ("iri", "word") else None
        self.attach(self.subject, None)
        self.expect_predicate = True
        if value in ("[", "("):
            self.depth = 1
            self.subject = None

    def code(self, kind: str, value: str) -> None:
        if self.statement is None:
            self.start(kind, value)
            return
        if self.statement != "triples":
            self.directive.append(value)
            sparql_done = self.statement == "sparql-directive" and kind == "iri"
            if sparql_done or value == ".":
                self.end_statement()
            return
        if value in ("[", "("):
            self.depth += 1
            self.layout.nesting = max(self.layout.nesting, self.depth)
        elif value in ("]", ")"):
            self.depth -= 1
        elif self.depth > 0:
            self.attach(self.subject, self.predicate)  # inside an object: its predicate's
        elif value == ";":
            self.expect_predicate = True
        elif value == ".":
            self.end_statement()
        elif self.expect_predicate and kind in ("iri", "word"):
            self.predicate = self.resolve(kind, value)
            self.expect_predicate = False
            self.attach(self.subject, self.predicate)

    def comment(self, value: str) -> None:
        self.pending.append(value.rstrip())
        if self.statement == "triples" and self.depth > 0 and self.predicate is not None:
            self.attach(self.subject, self.predicate)


def _words(value: str) -> list[str]:
    """A word token split into itself and the statement-ending dots it swallowed (no Turtle
    token ends in a dot: `1.` is the integer 1, `ex:a.` the name ex:a, then the end)."""
    stripped = value.rstrip(".")
    return ([stripped] if stripped else []) + ["."] * (len(value) - len(stripped))


def read_layout(path: str, text: str) -> Layout:
    """Collect prefixes, comments and language-tag spellings of text (valid Turtle).

    Refuses a comment after code on the same line: fmt writes one statement line per
    predicate and object, so such a comment would have no line of its own to stay on."""
    reader = _Reader(path)
    layout = reader.layout
    line, line_has_code, line_empty = 1, False, True
    for match in TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        value = match.group(kind)
        if kind == "nl":
            if line_empty:
                reader.blank_line()
            line, line_has_code, line_empty = line + 1, False, True
            continue
        if kind == "ws":
            continue
        line_empty = False
        if kind == "comment":
            if line_has_code:
                raise InputError(
                    path,
                    line,
                    "a comment after code on the same line: put it on its own line "
                    "above the statement, so that g40kg fmt can keep it",
                )
            reader.comment(value)
            continue
        line_has_code = True
        if kind == "at" and reader.last_was_string:
            tag = value[1:]
            layout.tags.setdefault(tag.lower(), tag)
            reader.last_was_string = False
            continue
        reader.last_was_string = kind == "string"
        if kind == "word" and value[-1] == ".":
            for word in _words(value):
                reader.code(kind, word)
        else:
            reader.code(kind, value)
        if kind == "string" and len(value) > 5:
            line += value.count("\n") + value.count("\r") - value.count("\r\n")
    if reader.statement is not None:
        reader.end_statement()
    layout.trailer += reader.pending
    while layout.header and layout.header[-1] == "":
        layout.header.pop()
    return layout
