"""Source texts: read verbatim, hash, and mask e-mail addresses before they enter the graph."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from g40kg.project.errors import InputError

# The local part of an address identifies a person; the domain is kept as evidence of an
# affiliation. Masking keeps every character offset unchanged.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+(?=@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
MASK = "*"


def is_bare_name(name: str) -> bool:
    """Whether a g40:textFile value names a file in data/texts/ itself (no path, not hidden)."""
    return not ("/" in name or "\\" in name or name.startswith("."))


def decode_text(path: Path | str, raw: bytes) -> str:
    """raw as text; InputError naming the line if it is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, line, "source text is not valid UTF-8") from exc


def read_text(path: Path) -> tuple[str, str]:
    """Return (text, sha256 hex) of a UTF-8 text file, exactly as stored."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read source text: {exc.strerror}") from exc
    return decode_text(path, raw), hashlib.sha256(raw).hexdigest()


def mask_emails(text: str) -> str:
    """Replace the local part of every e-mail address with MASK characters of equal length.

    A text without "@" has none (the pattern needs one): returned as it is, without the
    pattern's scan of every word (a third of a second over the texts of a million triples)."""
    if "@" not in text:
        return text
    return EMAIL.sub(lambda m: MASK * len(m.group(0)), text)


def contains_email(text: str) -> bool:
    return EMAIL.search(text) is not None
