"""Size limits on a Turtle file, checked before rdflib parses it.

Why: rdflib's Turtle parser takes time quadratic in the length of a long (triple-quoted)
string that spans lines: 4 MB of such a literal takes about 16 s, 50 MB would take most of an
hour. Annotation files are tens of kilobytes and quotes a few sentences, so a file or a long
string far larger than that is a mistake or an attack; it is refused at once, naming file and
line. Both limits are configurable through the environment for deliberate large inputs (the
benchmarks under benchmarks/).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import InputError, UsageError

FILE_LIMIT_ENV = "G40KG_MAX_TURTLE_MB"
LITERAL_LIMIT_ENV = "G40KG_MAX_LONG_STRING_KB"
# Below pyoxigraph's 16 MiB token buffer: no single term of a file under it can overflow it.
DEFAULT_FILE_MB = 16.0
DEFAULT_LONG_STRING_KB = 256.0
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


def check_turtle_size(path: Path | str, text: str) -> None:
    """InputError if text is over the file limit or holds a long string over the string limit."""
    file_limit = _limit(FILE_LIMIT_ENV, DEFAULT_FILE_MB, 1_000_000)
    if len(text) > file_limit or len(text.encode("utf-8")) > file_limit:
        size = len(text.encode("utf-8"))
        raise InputError(
            path,
            None,
            f"{size:,} bytes is over the limit of {file_limit:,} for one Turtle file "
            f"(set ${FILE_LIMIT_ENV} to raise it)",
        )
    string_limit = _limit(LITERAL_LIMIT_ENV, DEFAULT_LONG_STRING_KB, 1_000)
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
