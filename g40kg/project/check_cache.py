"""Verdicts of the per-file input checks, kept by file content, so that an edit re-checks one file.

Why: the input checks (g40kg.project.input_checks) parse every Turtle file once more than the store
build does; at a million triples that pass took 2-3 s of the first command after any edit,
while the edit touched one file. A file's own checks (UTF-8, long strings, RDF/XML or JSON-LD,
syntax, term size, relative IRIs) depend only on its bytes and the check settings; what the
cross-file check (unknown vocabulary terms) needs of it is the set of IRIs it uses in checked
namespaces. Both are kept here, under `.g40kg-cache/checked-files/<key>.json`, the key a
sha256 of the file's bytes, its role (ontology or data) and the settings (checked namespaces,
term limits, the versions of rdflib, pyshacl and pyoxigraph, VERSION). The unknown-term check
itself still runs on every file's kept terms, so a change to the vocabulary is never missed;
a shapes file's verdict also covers the ontology files' content, whose g40: terms its own
check uses.

Verdicts are written only when every check of the run has passed (commit), so a refused input
leaves nothing behind, and verdicts of files no longer present are removed then.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from g40kg.project.files import write_atomically
from g40kg.project.input_limits import TERM_LIMIT_BYTES, long_string_limit
from g40kg.project.paths import CACHE_DIR

FOLDER = "checked-files"
#: Raise when a per-file check changes, so that older verdicts are not trusted.
VERSION = "1"


def settings(bases: tuple[str, ...]) -> bytes:
    """What a verdict depends on besides the file itself.

    The versions of rdflib (it parses the shapes) and pyshacl (its copy of the SHACL terms
    decides which sh: terms are known) count too: an upgrade checks every file again."""
    from importlib.metadata import version

    limit = long_string_limit()
    libraries = [version(name) for name in ("rdflib", "pyshacl", "pyoxigraph")]
    return json.dumps([VERSION, sorted(bases), limit, TERM_LIMIT_BYTES, libraries]).encode()


def verdict_key(setting: bytes, role: str, *contents: bytes) -> str:
    digest = hashlib.sha256(setting + b"\0" + role.encode() + b"\0")
    for content in contents:
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


class Verdicts:
    """The kept verdicts of one project; new ones wait for commit()."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR / FOLDER
        self.pending: dict[str, dict[str, list[str]]] = {}
        self.used: set[str] = set()

    def get(self, key: str) -> dict[str, list[str]] | None:
        """The kept verdict (what later checks need of the file), or None to check it."""
        self.used.add(key)
        try:
            return json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):  # absent, or unreadable: check the file again
            return None

    def put(self, key: str, verdict: dict[str, list[str]]) -> None:
        self.used.add(key)
        self.pending[key] = verdict

    def commit(self) -> None:
        """Write the new verdicts and drop those of files no longer among the inputs."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for key, verdict in self.pending.items():
            write_atomically(self.folder / f"{key}.json", json.dumps(verdict) + "\n")
        self.pending.clear()
        for old in self.folder.glob("*.json"):
            if old.stem not in self.used:
                old.unlink(missing_ok=True)
