"""A pyoxigraph store of the project, built once and kept on disk until an input file changes.

Why: every `g40kg query` used to parse all Turtle with rdflib and build the graph again (and
rdflib itself takes half a second to import). The store is kept under
`.g40kg-cache/<sha256 of every input file's path and content>/`, so a repeated command opens it
and runs the query at once; any edit to ontology/, data/ or a text gives a new key and a fresh
build. Each input file is its own named graph (`urn:g40kg:file:<path>`), so one file can be
replaced without rebuilding the rest (g40kg.fast_validation.revalidate). This module imports
pyoxigraph only: rdflib and pyshacl stay unloaded on the cached path.

    python -m g40kg.store_cache query vng-committees     # the cached path, timed by benchmarks/
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store

from .errors import InputError

CACHE_DIR = ".g40kg-cache"
GUARD_DIR = "query-guard"  # g40kg.guard_cache keeps its markers there, across store keys
READY = "ready"
G40 = "https://w3id.org/g40kg/def#"
CNT_CHARS = NamedNode("http://www.w3.org/2011/content#chars")
TEXT_FILE = NamedNode(G40 + "textFile")
COMPUTED = NamedNode(G40 + "computedSha256")
# The loader's base for relative IRIs (g40kg.loader.RELATIVE_BASE): the same IRIs result.
RELATIVE_BASE = "https://relative-iri.invalid/g40kg/"


def graph_of(rel: str) -> NamedNode:
    """The named graph holding the triples of one input file (path relative to the root)."""
    return NamedNode("urn:g40kg:file:" + rel)


def input_files(root: Path) -> list[Path]:
    """Every file the graph is built from: ontology and data Turtle, the source texts."""
    onto = sorted((root / "ontology").rglob("*.ttl"))
    data = sorted((root / "data").rglob("*.ttl"))
    texts = sorted((root / "data" / "texts").glob("*.txt"))
    return onto + data + texts


def is_shapes(root: Path, path: Path) -> bool:
    return path.parent == root / "ontology" and path.name.startswith("shapes")


def key_files(root: Path) -> list[Path]:
    """Every file the cache key covers: the inputs and any other file under data/.

    Why more than input_files: the loader refuses a stray file in data/ (a .json, say), so
    adding one must change the key and make the next command check the inputs again."""
    onto = sorted((root / "ontology").rglob("*.ttl"))
    data = sorted(
        p for p in (root / "data").rglob("*") if p.is_file() and not p.name.startswith(".")
    )
    return onto + data


def content_key(root: Path) -> str:
    """sha256 over every key file's relative path and content (any edit gives a new key)."""
    digest = hashlib.sha256()
    for path in key_files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def mask_emails(text: str) -> str:
    from .texts import mask_emails as mask  # stdlib-only module

    return mask(text)


def load_file(store: Store, root: Path, path: Path) -> None:
    """Put one input file's triples into its named graph (a text: its cnt:chars and sha256)."""
    rel = str(path.relative_to(root))
    graph = graph_of(rel)
    if path.suffix == ".ttl":
        try:
            store.load(
                path=str(path), format=RdfFormat.TURTLE, base_iri=RELATIVE_BASE, to_graph=graph
            )
        except MemoryError as exc:  # pyoxigraph refuses a single term over 16 MiB
            raise InputError(path, None, f"too large for the store: {exc}") from exc
        return
    raw = path.read_bytes()
    sources = [q.subject for q in store.quads_for_pattern(None, TEXT_FILE, Literal(path.name))]
    for source in dict.fromkeys(sources):
        store.add(Quad(source, CNT_CHARS, Literal(mask_emails(raw.decode("utf-8"))), graph))
        store.add(Quad(source, COMPUTED, Literal(hashlib.sha256(raw).hexdigest()), graph))


def build_store(root: Path, path: Path | None = None) -> Store:
    """A store of the project's data graph (ontology without shapes, data, texts)."""
    store = Store(str(path)) if path else Store()
    files = [p for p in input_files(root) if not is_shapes(root, p)]
    for file in files:  # Turtle first (texts need their g40:textFile triples)
        if file.suffix == ".ttl":
            load_file(store, root, file)
    for file in files:
        if file.suffix == ".txt":
            load_file(store, root, file)
    store.flush()
    return store


def cached_store(root: Path, check: Callable[[Path], object] | None = None) -> tuple[Store, Path]:
    """The on-disk store for the current inputs, built if no store has their key yet.

    check runs before a build and raises for inputs that must be refused (the CLI passes
    g40kg.loader.load: syntax errors, misspelled terms, refused shapes); a store is only ever
    written for inputs that passed it, so a cache hit needs no check again."""
    folder = root / CACHE_DIR / content_key(root)
    if not (folder / READY).exists():
        if check is not None:
            check(root)
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="build-", dir=folder.parent))
        store = build_store(root, tmp / "store")
        del store
        (tmp / READY).write_text("ok\n")
        try:
            os.rename(tmp, folder)
        except OSError:  # another process finished first: use its store
            shutil.rmtree(tmp, ignore_errors=True)
        for old in folder.parent.iterdir():  # keep only the current key
            if old != folder and not old.name.startswith("build-") and old.name != GUARD_DIR:
                shutil.rmtree(old, ignore_errors=True)
    return Store.read_only(str(folder / "store")), folder


def shapes_texts(root: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((root / "ontology").glob("shapes*.ttl"))]


def term_text(term: object) -> str:
    if term is None:
        return ""
    return getattr(term, "value", str(term))


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
        print("usage: python -m g40kg.store_cache query NAME", file=sys.stderr)
        return 2
    root = Path(os.environ.get("G40KG_ROOT") or Path.cwd())
    columns, rows = run_named_query(root, argv[1])
    out = ["\t".join(columns)] + ["\t".join(r) for r in rows]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
