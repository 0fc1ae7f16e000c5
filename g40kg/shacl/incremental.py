"""Validation results kept per content of the inputs, and re-validation of what an edit touches.

Why: a repeated `g40kg validate` on unchanged inputs should neither parse nor validate again,
and after editing one annotation file only the focus nodes that file can affect need checking
(at 1M triples a full run takes seconds, the affected part a fraction of one). The cache
folder of the current inputs (g40kg.project.store) keeps:

- `findings.json`: the findings, each with the IRI of its named focus node;
- `manifest.json`: sha256 of every input file, to see which files changed since;

and, across keys, `last-validation/` (the same two files of the last run, whatever its key)
and `blobs/<sha256>.ttl`: the Turtle of every data file validated, so that the old content of
an edited file is at hand to see what it affected.

Re-validation replaces the changed files' named graphs in the store one by one, collects the
focus nodes the old and the new triples can affect (g40kg.shacl.engine.replace_graph, as
fast_validation.revalidate does), validates those again and keeps every other finding. A
change to the ontology, the shapes or a source text, or to more than MAX_CHANGED files, gets a
full run instead.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from pyoxigraph import BlankNode, NamedNode, Store

from g40kg.project.files import write_atomically
from g40kg.project.paths import CACHE_DIR
from g40kg.project.store import graph_of, load_turtle
from g40kg.shacl.engine import (
    Result,
    ShapesGraph,
    owner,
    recheck,
    replace_graph,
    validate_store,
)
from g40kg.shacl.pyshacl_engine import Finding

FINDINGS = "findings.json"
LAST = "last-validation"
MANIFEST = "manifest.json"
BLOBS = "blobs"
MAX_CHANGED = 10
#: One finding and the IRI of its named focus node ("" when the focus hangs under no IRI).
Kept = tuple[str, Finding]


def load_findings(folder: Path) -> list[Kept] | None:
    """The findings saved for these inputs, or None if they were never validated."""
    path = folder / FINDINGS
    if not path.exists():
        return None
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [(row["iri"], Finding(**row["finding"])) for row in rows]


def save(root: Path, folder: Path, kept: list[Kept], files: dict[str, str]) -> None:
    """Findings, manifest and the data files' Turtle, for the next (incremental) run."""
    blobs = folder.parent / BLOBS
    blobs.mkdir(exist_ok=True)
    for rel, digest in files.items():
        blob = blobs / f"{digest}.ttl"
        if rel.endswith(".ttl") and rel.startswith("data/") and not blob.exists():
            write_atomically(blob, (root / rel).read_text(encoding="utf-8"))
    live = {f"{d}.ttl" for d in files.values()}
    for blob in blobs.iterdir():  # only the current inputs' blobs are ever needed again
        if blob.name not in live:
            blob.unlink(missing_ok=True)
    rows = [{"iri": iri, "finding": asdict(f)} for iri, f in sorted(kept, key=_order)]
    for target in (folder, folder.parent / LAST):  # this key's, and the last one for edits
        target.mkdir(parents=True, exist_ok=True)
        write_atomically(target / MANIFEST, json.dumps(files, indent=1, sort_keys=True) + "\n")
        write_atomically(target / FINDINGS, json.dumps(rows, ensure_ascii=False, indent=1) + "\n")


def finding_order(f: Finding) -> tuple[str, ...]:
    """The order g40kg.shacl.pyshacl_engine prints findings in."""
    return (f.file, f.focus, f.shape, f.message, f.value)


def _order(row: Kept) -> tuple[str, ...]:
    f = row[1]
    return (*finding_order(f), f.path, f.component, f.label, f.severity, row[0])


def previous_run(root: Path) -> tuple[dict[str, str], list[Kept]] | None:
    """Manifest and findings of the last validation of this project, if any."""
    last = root / CACHE_DIR / LAST
    kept = load_findings(last)
    if kept is None or not (last / MANIFEST).exists():
        return None
    return json.loads((last / MANIFEST).read_text(encoding="utf-8")), kept


def changed_files(old: dict[str, str], new: dict[str, str]) -> list[str] | None:
    """The data Turtle files that differ, or None when only a full run is correct."""
    changed = sorted(rel for rel in old.keys() | new.keys() if old.get(rel) != new.get(rel))
    if len(changed) > MAX_CHANGED:
        return None
    if any(not (rel.startswith("data/") and rel.endswith(".ttl")) for rel in changed):
        return None  # ontology, shapes, texts or another file: a full run
    return changed


def iri_of(store: Store, result: Result) -> str:
    focus = owner(store, result.focus)
    return "" if isinstance(focus, BlankNode) else getattr(focus, "value", "")


def revalidate_files(
    root: Path,
    store: Store,
    shapes: ShapesGraph,
    previous: list[Kept],
    changed: list[str],
    old: dict[str, str],
    to_finding,
    *,
    restore_old: bool = True,
) -> list[Kept]:
    """previous updated for the edits of `changed`.

    restore_old: the store holds the new content already (built from the files), so each
    changed graph is first put back to its old content (from the blob), then replaced by the
    new content, so that the focus nodes the old triples touched are found too. False: the
    store still holds the old content (g40kg.shacl.kept_store's kept copy)."""
    blobs = root / CACHE_DIR / BLOBS
    touched: set = set()
    for rel in changed:
        graph = graph_of(rel)
        if restore_old:
            store.remove_graph(graph) if store.contains_named_graph(graph) else None
        if restore_old and rel in old:
            load_turtle(store, root, blobs / f"{old[rel]}.ttl", graph=graph)
        new_file = root / rel
        load_new = (lambda f=new_file: load_turtle(store, root, f)) if new_file.exists() else None
        touched |= replace_graph(store, graph, load_new)
    named = {t.value for t in touched if isinstance(t, NamedNode)}
    kept = [(iri, f) for iri, f in previous if iri not in named]
    return kept + [(iri_of(store, r), to_finding(r)) for r in recheck(store, shapes, touched)]


def _blob_of(blobs: Path, old: dict[str, str], rel: str) -> bool:
    """Whether the old content of rel is at hand (a file added since needs none)."""
    return rel not in old or (blobs / f"{old[rel]}.ttl").exists()


def validated(
    root: Path, folder: Path, files: dict[str, str], store: Store, shapes: ShapesGraph, to_finding
) -> list[Finding]:
    """The findings of inputs not validated before (files: their digests): re-validated from
    the last run where only a few data files changed, else a full run; saved either way."""
    before = previous_run(root)
    changed = changed_files(before[0], files) if before else None
    blobs = root / CACHE_DIR / BLOBS
    usable = (
        before is not None
        and changed is not None
        and all(_blob_of(blobs, before[0], rel) for rel in changed)
        and all(iri for iri, _ in before[1])
    )
    if usable:
        kept = revalidate_files(root, store, shapes, before[1], changed, before[0], to_finding)
    else:
        kept = [(iri_of(store, r), to_finding(r)) for r in validate_store(store, shapes)]
    save(root, folder, kept, files)
    return sorted({f for _, f in kept}, key=finding_order)
