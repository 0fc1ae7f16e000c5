"""An on-disk copy of the last validated graph, so that re-validation at scale skips the parse.

Why: after an edit to one annotation file, re-validating what it affects takes a fraction of
a second, but building the in-memory store first takes 2.7 s at a million triples (the whole
`validate` process: 3.7 s, against a target of 2 s). pyoxigraph's on-disk store (RocksDB)
opens in a few hundredths of a second; measured at 1M (benchmarks/run.py, cli-revalidate),
replacing the edited file's graph in it and re-checking the focus nodes it affects takes
about half a second. It is slower to query than the in-memory store and takes seconds to
build, so it serves this one job only, and only for graphs of MIN_QUADS quads or more; queries
and full validations stay in memory.

`.g40kg-cache/validation-store/` holds the store; `validation-store.json` names the inputs
it mirrors (state_key of their digests). The marker is removed before the
store is changed and written again once it mirrors the new inputs, so an interrupted run, or a
refusal half-way, leaves a store that is never used again: the next full run rebuilds it.
Another `g40kg validate` using or rebuilding the copy at the same time is not waited for:
the process that does not get the lock (`validation-store.lock`, flock) validates in memory
and leaves the copy alone.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import RdfFormat, Store, parse

from g40kg.project.cache import READY, file_digests, mark_ready
from g40kg.project.files import write_atomically
from g40kg.project.paths import CACHE_DIR
from g40kg.project.store import RELATIVE_BASE, TEXT_FILE, build_store, graph_of, term_text

if TYPE_CHECKING:
    from g40kg.shacl.engine import Result, ShapesGraph
    from g40kg.shacl.pyshacl_engine import Finding

FOLDER = "validation-store"
MARKER = "validation-store.json"
LOCK = "validation-store.lock"
#: Below this many quads the in-memory store is built in well under a second: no copy kept.
MIN_QUADS = 200_000
#: Edited files over this share of the data's bytes touch much of the graph: re-checking that
#: node by node on disk is slower than a full run in memory (a 100 MB file, say).
MAX_SHARE = 0.1


def _folder(root: Path) -> Path:
    return root / CACHE_DIR / FOLDER


def _marker(root: Path) -> Path:
    return root / CACHE_DIR / MARKER


@contextmanager
def exclusive(root: Path) -> Iterator[bool]:
    """Hold the copy's lock while the block runs; yields False (nothing held) if another
    process holds it, or where flock does not exist (the copy is then never used)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: validate in memory only
        yield False
        return
    path = root / CACHE_DIR / LOCK
    created = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    except BaseException:
        if created:  # refused inputs leave no .g40kg-cache/ behind, not even the lock
            shutil.rmtree(path.parent, ignore_errors=True)
        raise


def file_digest(path: Path) -> str | None:
    """sha256 of path as g40kg.project.store.file_digests takes it (None: no such file)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def state_key(digests: dict[str, str]) -> str:
    """A key of the inputs' digests in any order (a manifest read back is sorted by path)."""
    return hashlib.sha256(json.dumps(digests, sort_keys=True).encode()).hexdigest()


def mirrored_key(root: Path) -> str | None:
    """The state_key of the inputs the kept store holds, or None if it cannot be trusted."""
    try:
        return json.loads(_marker(root).read_text(encoding="utf-8"))["key"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def open_kept(root: Path, key: str) -> Store | None:
    """The kept store if it mirrors the inputs of key and no other process has it open."""
    if mirrored_key(root) != key:
        return None
    try:
        return Store(str(_folder(root)))
    except OSError:  # RocksDB's lock: another g40kg process is using it
        return None


def forget(root: Path) -> None:
    """Stop trusting the kept store (before it is changed, or when it is out of date)."""
    _marker(root).unlink(missing_ok=True)


def mark(root: Path, key: str) -> None:
    write_atomically(_marker(root), json.dumps({"key": key}) + "\n")


def keep(root: Path, digests: dict[str, str], quads: int) -> None:
    """After a run on the inputs of digests in memory: rebuild the kept store if the graph is large.

    A store another process holds open is left alone (and not trusted)."""
    forget(root)
    shutil.rmtree(_folder(root), ignore_errors=True)
    if quads < MIN_QUADS or not mostly_small_files(root):
        return
    try:
        store = build_store(root, _folder(root))  # the bulk loader; flushed
    except OSError:  # RocksDB's lock: another g40kg process is using it
        return
    del store  # closed: the next process opens it
    if file_digests(root) == digests:  # no file edited while the copy was built
        mark(root, state_key(digests))


def mostly_small_files(root: Path) -> bool:
    """Whether most of the data is in files small enough to re-validate on the copy.

    Why: a project of one large file (say 100 MB) never edits under MAX_SHARE of its data;
    a copy of it would cost seconds to build after every run and never be used."""
    sizes = [p.stat().st_size for p in (root / "data").rglob("*.ttl")]
    small = sum(size for size in sizes if size <= MAX_SHARE * sum(sizes))
    return small * 2 >= sum(sizes)


def small_edit(root: Path, changed: list[str], old_bytes: int) -> bool:
    """Whether the edited files, old (old_bytes) and new, are at most MAX_SHARE of the data."""
    data = sum(p.stat().st_size for p in (root / "data").rglob("*.ttl"))
    new = sum((root / rel).stat().st_size for rel in changed if (root / rel).exists())
    return new + old_bytes <= MAX_SHARE * 2 * data


def text_pairs_kept(store: Store, rels: list[str]) -> set[tuple[str, str]]:
    """(source, text file) pairs stated in the kept graphs of rels."""
    pairs = set()
    for rel in rels:
        for quad in store.quads_for_pattern(None, TEXT_FILE, None, graph_of(rel)):
            pairs.add((term_text(quad.subject), term_text(quad.object)))
    return pairs


def text_pairs_new(root: Path, rels: list[str]) -> set[tuple[str, str]]:
    """(source, text file) pairs stated in the files rels as they are now."""
    pairs = set()
    for rel in rels:
        path = root / rel
        if not path.exists():
            continue
        for quad in parse(path=str(path), format=RdfFormat.TURTLE, base_iri=RELATIVE_BASE):
            if quad.predicate == TEXT_FILE:
                pairs.add((term_text(quad.subject), term_text(quad.object)))
    return pairs


def same_texts(store: Store, root: Path, rels: list[str]) -> bool:
    """Whether the edits leave every source naming the same text file.

    Why: the kept store holds each text under the sources that name it (g40kg.project.store.
    load_texts); an edit that changes which source names which text is left to a full run."""
    return text_pairs_kept(store, rels) == text_pairs_new(root, rels)


def revalidate_kept(
    root: Path,
    folder: Path,
    digests: dict[str, str],
    shapes: Callable[[], ShapesGraph],
    to_finding_in: Callable[[Store], Callable[[Result], Finding]],
) -> list[Finding] | None:
    """The findings for the current inputs, re-validated on the kept store, or None when only
    the in-memory path is right (no usable copy, no earlier run, not a small data edit).

    The new inputs are checked first (a refusal leaves the copy as it was); then the copy is
    marked untrusted, the edited files' graphs are replaced in it, what they affect is
    re-checked, and the copy is marked as mirroring the new inputs."""
    from g40kg.project.check_cache import Verdicts
    from g40kg.project.input_checks import check_inputs
    from g40kg.shacl.incremental import (
        BLOBS,
        changed_files,
        finding_order,
        previous_run,
        revalidate_files,
        save,
    )

    before = previous_run(root)
    if before is None:
        return None
    old_digests, previous = before
    changed = changed_files(old_digests, digests)
    if not changed or not all(iri for iri, _ in previous):
        return None
    blobs = root / CACHE_DIR / BLOBS
    old_bytes = [blobs / f"{old_digests[rel]}.ttl" for rel in changed if rel in old_digests]
    if not all(b.exists() for b in old_bytes):
        return None
    if not small_edit(root, changed, sum(b.stat().st_size for b in old_bytes)):
        return None
    store = open_kept(root, state_key(old_digests))
    if store is None:
        return None
    verdicts = None
    if not (folder / READY).exists():  # the loader's refusals, as on every new input
        verdicts = Verdicts(root)
        check_inputs(root, verdicts)
    if not same_texts(store, root, changed):
        return None
    if verdicts is not None:  # g40:textFile values unchanged: checked when they were new
        mark_ready(folder)
        verdicts.commit()
    forget(root)
    kept = revalidate_files(
        root,
        store,
        shapes(),
        previous,
        changed,
        old_digests,
        to_finding_in(store),
        restore_old=False,
    )
    save(root, folder, kept, digests)
    store.flush()
    if all(file_digest(root / rel) == digests.get(rel) for rel in changed):  # read as hashed
        mark(root, state_key(digests))
    return sorted({f for _, f in kept}, key=finding_order)
