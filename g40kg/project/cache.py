"""What is kept between commands: a folder per content of the inputs under .g40kg-cache/.

python -m g40kg.project.cache query vng-committees     # the cached path, timed by benchmarks/
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from pyoxigraph import Store

from g40kg.project.files import write_atomically
from g40kg.project.paths import CACHE_DIR
from g40kg.project.store import build_store, term_text

GUARD_DIR = "query-guard"  # g40kg.query.guard_cache keeps its markers there, across store keys
READY = "ready"
KEY = re.compile(r"[0-9a-f]{32}")  # a store folder's name (content_key)


def key_files(root: Path) -> list[Path]:
    """Every file the cache key covers: the inputs and any other file under data/.

    Why more than input_files: the loader refuses a stray file in data/ (a .json, say), so
    adding one must change the key and make the next command check the inputs again."""
    onto = sorted((root / "ontology").rglob("*.ttl"))
    data = sorted(
        p for p in (root / "data").rglob("*") if p.is_file() and not p.name.startswith(".")
    )
    return onto + data


def file_digests(root: Path) -> dict[str, str]:
    """sha256 of every key file, by path relative to root (g40kg.shacl.incremental's manifest)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in key_files(root)
    }


def content_key(root: Path, digests: dict[str, str] | None = None) -> str:
    """sha256 over every key file's relative path and content (any edit gives a new key)."""
    digest = hashlib.sha256()
    for rel, file_digest in (digests if digests is not None else file_digests(root)).items():
        digest.update(rel.encode() + b"\0")
        digest.update(bytes.fromhex(file_digest))
    return digest.hexdigest()[:32]


def cache_folder(root: Path, digests: dict[str, str] | None = None) -> Path:
    """The cache folder of root's current inputs."""
    return root / CACHE_DIR / content_key(root, digests)


def cached_store(
    root: Path,
    build: Callable[[Path], Store] | None = None,
    digests: dict[str, str] | None = None,
) -> tuple[Store, Path]:
    """The store of the current inputs (in memory) and their cache folder.

    The store is parsed by pyoxigraph for each command: at a million triples that takes about
    3 s, where pyoxigraph's on-disk store (RocksDB) answered the named queries 4-30 times
    slower (benchmarks/run.py, groups fast-queries and disk-queries). What
    is expensive is kept under the folder instead: the verdict of the input checks
    (`ready`), the validation findings (g40kg.shacl.incremental) and the query guard's verdicts.

    build(root) returns the store and raises InputError for inputs that must be refused; the
    default is g40kg.project.input_checks.build_checked (the loader's refusals, file:line). It runs
    when the folder is not marked ready; a refusal leaves no folder behind, so the next
    command checks again. digests: file_digests(root), when the caller has them already."""
    folder = cache_folder(root, digests)
    if (folder / READY).exists():
        return build_store(root), folder
    if build is None:
        from g40kg.project.input_checks import build_checked as build
    store = build(root)
    mark_ready(folder)
    return store, folder


def mark_ready(folder: Path) -> None:
    """Mark the inputs of folder checked; drop the folders of earlier inputs."""
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / READY, "ok\n")
    for old in folder.parent.iterdir():  # keep only the current key's folder (and other caches)
        if old != folder and KEY.fullmatch(old.name):
            shutil.rmtree(old, ignore_errors=True)


def run_named_query(root: Path, name: str) -> tuple[list[str], list[list[str]]]:
    """Run queries/<name>.rq (no parameters) on the cached store: (columns, rows as text)."""
    store, _ = cached_store(root)
    text = (root / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    solutions = store.query(text, use_default_graph_as_union=True)
    columns = [v.value for v in solutions.variables]
    rows = [[term_text(row[c]) for c in columns] for row in solutions]
    return columns, rows


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "query":
        print("usage: python -m g40kg.project.store query NAME", file=sys.stderr)
        return 2
    root = Path(os.environ.get("G40KG_ROOT") or Path.cwd())
    columns, rows = run_named_query(root, argv[1])
    out = ["\t".join(columns)] + ["\t".join(r) for r in rows]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
