"""Limits on single terms of a Turtle file, checked before any parser sees it.

Why limits on terms, not on files: a 100 MB file of ordinary triples is a large project, not
an attack, and both paths read it (pyoxigraph in seconds, rdflib slowly). What does not scale
is one term: rdflib's Turtle parser takes time quadratic in the length of a long
(triple-quoted) string that spans lines (4 MB of such a literal takes about 16 s, 50 MB would
take most of an hour), and pyoxigraph's parser holds a single term in a buffer of at most
16 MiB. Annotation files quote a few sentences, so a long string over 256 KB (configurable for
deliberate large inputs) or a term over 16 MiB (the store cannot hold it) is refused at once,
naming the file (and the line where it is known).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from g40kg.project.errors import InputError, UsageError

LITERAL_LIMIT_ENV = "G40KG_MAX_LONG_STRING_KB"
DEFAULT_LONG_STRING_KB = 256.0
#: pyoxigraph's token buffer: no IRI or literal can be longer than this many bytes.
TERM_LIMIT_BYTES = 16 * 1024 * 1024
LONG_QUOTE = re.compile(r'"""|\'\'\'')


def _limit(name: str, default: float, scale: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return int(default * scale)
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise UsageError(f"${name}={raw!r}: give a number above 0")
    return int(value * scale)


def term_too_large(path: Path | str) -> InputError:
    """The refusal of a file holding an IRI or literal over TERM_LIMIT_BYTES."""
    return InputError(
        path,
        None,
        f"a single term (literal or IRI) is over the limit of {TERM_LIMIT_BYTES:,} bytes "
        "that the store can hold",
    )


def check_term_sizes(path: Path | str, chars: int, terms: Iterable[str]) -> None:
    """InputError if one of terms (of a parsed file of chars characters) is over the limit.

    A character takes at most 4 bytes in UTF-8: a file of up to a quarter of the limit in
    characters cannot hold such a term, so it is not scanned."""
    if 4 * chars <= TERM_LIMIT_BYTES:
        return
    for term in terms:
        if 4 * len(term) > TERM_LIMIT_BYTES and len(term.encode("utf-8")) > TERM_LIMIT_BYTES:
            raise term_too_large(path)


def long_string_limit() -> int:
    """Characters a long (triple-quoted) string may have: $G40KG_MAX_LONG_STRING_KB or 256 KB."""
    return _limit(LITERAL_LIMIT_ENV, DEFAULT_LONG_STRING_KB, 1_000)


def check_turtle_size(path: Path | str, text: str) -> None:
    """InputError if text holds a long (triple-quoted) string over the string limit."""
    string_limit = long_string_limit()
    if len(text) <= string_limit:
        return
    # Pair the triple quotes in order; a quote inside a comment can only make a span longer,
    # and spans this long do not occur in real annotation files.
    opening: re.Match[str] | None = None
    for match in LONG_QUOTE.finditer(text):
        if opening is None:
            opening = match
        elif match.group() == opening.group():
            if match.start() - opening.end() > string_limit:
                line = text.count("\n", 0, opening.start()) + 1
                raise InputError(
                    path,
                    line,
                    f"a long string of {match.start() - opening.end():,} characters is over the "
                    f"limit of {string_limit:,} (set ${LITERAL_LIMIT_ENV} to raise it)",
                )
            opening = None
