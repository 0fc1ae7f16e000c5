"""What is kept between commands: one file of verdicts per state of the inputs.

Why one kind of kept state: every verdict here is a pure function of the input bytes (and of the
code that made it), so it is keyed by the sha256 of exactly the bytes that were checked and
parsed (g40kg.project.inputs) and can never describe other inputs. Entries: `checked` (the input
checks passed), `findings` (what validation found), `guard` (query texts that passed the query
guard) and `layouts` (the views' layouts, each under a digest of all the layout reads:
g40kg.network.layout). The key covers the code too (g40kg's own source files and the versions of
pyoxigraph, rdflib and pyshacl) and the checks' settings (the long-string limit): an upgrade, an
edit of the checks or a lower limit never reuses a verdict.

The file `.g40kg-cache/<key>.json` carries a sha256 of its own body: a truncated, garbled or
hand-edited file is discarded with one line on stderr and rebuilt, never trusted. Writes are
atomic (a temporary file renamed into place): a command killed at any moment, or two at once,
leave either the old file or a whole new one. `G40KG_NO_CACHE=1` (or `g40kg --no-cache`)
bypasses it: nothing is read or written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from g40kg.project.files import write_atomically
from g40kg.project.paths import CACHE_DIR

NO_CACHE_ENV = "G40KG_NO_CACHE"
KEPT_FILE = re.compile(r"[0-9a-f]{32}\.json")
#: Folders and files of earlier layouts (per-file verdicts, re-validation copies): removed.
LEGACY = re.compile(
    r"[0-9a-f]{32}|checked-files|last-validation|blobs|validation-store.*|query-guard"
)


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def _sealed(body: dict[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, ensure_ascii=True)
    return json.dumps({"body": body, "sha256": hashlib.sha256(text.encode()).hexdigest()})


def _opened(text: str) -> dict[str, Any]:
    """The body of a kept file; ValueError if it is not whole and unchanged."""
    outer = json.loads(text)
    body = outer["body"]
    if not isinstance(body, dict):
        raise ValueError("not an object")
    check = json.dumps(body, sort_keys=True, ensure_ascii=True)
    if hashlib.sha256(check.encode()).hexdigest() != outer["sha256"]:
        raise ValueError("checksum mismatch")
    return body


@functools.cache
def code_fingerprint() -> bytes:
    """sha256 of what made the verdicts: g40kg's source files and the libraries' versions."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in ("pyoxigraph", "rdflib", "pyshacl"):
        digest.update(f"{name}={version(name)}\0".encode())
    return digest.digest()


class Kept:
    """The kept verdicts of one state of the inputs (or none, with the cache bypassed)."""

    def __init__(self, root: Path, inputs_key: str) -> None:
        from g40kg.project.input_limits import long_string_limit  # $G40KG_MAX_LONG_STRING_KB

        settings = f"{inputs_key}\0{long_string_limit()}".encode()
        key = hashlib.sha256(code_fingerprint() + settings).hexdigest()[:32]
        self.folder = root / CACHE_DIR
        self.path = self.folder / f"{key}.json"
        self.key = key
        self.on = enabled()
        self.body: dict[str, Any] = self._read() if self.on else {}

    def _read(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self._discard(f"unreadable ({exc.strerror or exc})")
            return {}
        try:
            body = _opened(text)
            if body.get("key") != self.key:
                raise ValueError("kept for other inputs")
            return body
        except (ValueError, KeyError, TypeError) as exc:
            self._discard(f"damaged ({exc})")
            return {}

    def _discard(self, why: str) -> None:
        print(f"g40kg: discarded {self.path} ({why}); it is rebuilt", file=sys.stderr)
        with contextlib.suppress(OSError):
            if self.path.is_dir():
                shutil.rmtree(self.path)
            else:
                self.path.unlink()

    def get(self, name: str) -> Any:
        return self.body.get(name)

    def put(self, name: str, value: Any) -> None:
        """Keep value under name (atomically; a read-only checkout just keeps nothing)."""
        if not self.on:
            return
        self.body[name] = value
        self.body["key"] = self.key
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, _sealed(self.body) + "\n")
            self._sweep()
        except OSError:
            pass

    def _sweep(self) -> None:
        """Drop what was kept for earlier inputs, and earlier layouts of the cache."""
        for old in self.folder.iterdir():
            if old == self.path:
                continue
            if KEPT_FILE.fullmatch(old.name):
                old.unlink(missing_ok=True)
            elif LEGACY.fullmatch(old.name):
                shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(True)
