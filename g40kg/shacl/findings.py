"""`g40kg validate` on the cached pyoxigraph store: fast_validation's results as Finding rows.

Why: pyshacl (g40kg.shacl.pyshacl_engine) takes minutes at 100k triples; g40kg.shacl.engine finds
the same results in a fraction of that. This module turns them into the rows
g40kg.shacl.pyshacl_engine writes (file, focus, label, path, value, message, severity, shape,
component), so that the output of `g40kg validate` does not depend on the engine
(tests/test_fast_cli.py compares both on the corpus and on a broken copy). The loader's refusals
are made, with pyoxigraph, the first time the inputs are seen (g40kg.project.input_checks via
g40kg.project.store), so bad input is refused exactly as with pyshacl; findings are kept per
content of the inputs and re-checked only where an edit reaches (g40kg.shacl.incremental), at scale
on a kept on-disk copy of the last validated graph (g40kg.shacl.kept_store) instead of a fresh
in-memory parse.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Store

from g40kg.project.cache import cache_folder, cached_store, file_digests
from g40kg.project.store import file_order, first_file, shapes_texts
from g40kg.query.text_table import compact
from g40kg.shacl.engine import Result, ShapesGraph, owner
from g40kg.shacl.pyshacl_engine import Finding

SH = "http://www.w3.org/ns/shacl#"
LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)


def short(node: object) -> str:
    """As g40kg.shacl.pyshacl_engine.short: prefixed name or <IRI>, quoted literal, [] for a blank
    node."""
    if isinstance(node, NamedNode):
        name = compact(node.value)
        return name if name != node.value else f"<{node.value}>"
    if isinstance(node, Literal):
        text = node.value
        return repr(text if len(text) <= 80 else text[:77] + "...")
    if isinstance(node, BlankNode):
        return "[]"
    return ""


def file_of(store: Store, order: dict[str, int], node: object) -> str:
    return first_file(store, order, node) or "(generated)"


def label_of(store: Store, node: object) -> str:
    if isinstance(node, Literal):
        return ""
    for prop in LABELS:
        for quad in store.quads_for_pattern(node, NamedNode(prop), None):
            return quad.object.value
    return ""


def finding(store: Store, shapes: ShapesGraph, order: dict[str, int], result: Result) -> Finding:
    named_focus = owner(store, result.focus)
    severity = shapes.value(result.shape, "severity")
    path = shapes.value(result.shape, "path")
    return Finding(
        file=file_of(store, order, named_focus),
        focus=short(named_focus),
        label=label_of(store, named_focus),
        path=short(path),
        value=short(result.value),
        message=result.message,
        severity=severity.value.removeprefix(SH) if severity else "Violation",
        shape=short(shapes.named_shape(result.shape)),
        component="sh:" + result.component,
    )


def validate_project(root: Path) -> tuple[bool, list[Finding]]:
    """(conforms, findings) for root, like g40kg.shacl.pyshacl_engine.validate(load(root)).

    Unchanged inputs give the saved findings without parsing; after an edit to a few data
    files only what they affect is validated again (g40kg.shacl.incremental)."""
    from g40kg.shacl.incremental import finding_order, load_findings
    from g40kg.shacl.kept_store import exclusive, keep, revalidate_kept

    digests = file_digests(root)
    folder = cache_folder(root, digests)
    saved = load_findings(folder)
    if saved is not None:
        findings = sorted({f for _, f in saved}, key=finding_order)
    else:
        order = file_order(root)

        @cache
        def shapes() -> ShapesGraph:  # parsed only once the input checks have passed
            return ShapesGraph.from_turtle(shapes_texts(root))

        def to_finding_in(store: Store) -> Callable[[Result], Finding]:
            return lambda r: finding(store, shapes(), order, r)

        with exclusive(root) as kept:  # the on-disk copy, for no other process at once
            findings = None
            if kept:
                findings = revalidate_kept(root, folder, digests, shapes, to_finding_in)
            if findings is None:
                findings, quads = in_memory(root, digests, shapes, to_finding_in)
                if kept:
                    keep(root, digests, quads)  # after the in-memory store is freed
    # pyshacl runs with allow_warnings: only a Violation makes the graph not conform.
    return not any(f.severity == "Violation" for f in findings), findings


def in_memory(
    root: Path,
    digests: dict[str, str],
    shapes: Callable[[], ShapesGraph],
    to_finding_in: Callable[[Store], Callable[[Result], Finding]],
) -> tuple[list[Finding], int]:
    """Findings on the in-memory store (full, or re-validated from the last run), and its size."""
    from g40kg.shacl.incremental import validated

    store, folder = cached_store(root, digests=digests)  # the input checks, if not made yet
    findings = validated(root, folder, digests, store, shapes(), to_finding_in(store))
    return findings, len(store)
