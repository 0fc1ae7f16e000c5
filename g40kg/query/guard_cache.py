"""Remember which query texts passed the query guard, so a repeated command skips the check.

The guard parses with rdflib's SPARQL parser, and importing rdflib costs more than the whole
cached query. A text that passed once (same text, same --allow-remote, same GUARD_VERSION) and
then ran passes again: its sha256 is kept as an empty marker file in the cache folder, written
only after the query ran. Refusals are never cached.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from g40kg.project.cache import GUARD_DIR
from g40kg.project.sparql_guard import GUARD_VERSION


def _marker(text: str, allow_remote: bool, cache_dir: Path) -> Path:
    key = hashlib.sha256(f"{GUARD_VERSION}\n{allow_remote}\n{text}".encode()).hexdigest()
    return cache_dir / GUARD_DIR / key


def check_query_once(text: str, source: Path | str, *, allow_remote: bool, cache_dir: Path) -> None:
    """query_guard.check_query, skipped for a text that passed and ran before."""
    if _marker(text, allow_remote, cache_dir).is_file():
        return
    from g40kg.project.sparql_guard import check_query

    check_query(text, source, allow_remote=allow_remote)


def remember_passed(text: str, *, allow_remote: bool, cache_dir: Path) -> None:
    """Record that text passed the guard and ran (call after the query succeeded)."""
    marker = _marker(text, allow_remote, cache_dir)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass  # a read-only checkout still answers, only without the shortcut
