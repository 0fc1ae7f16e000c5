"""The fast validator (pyoxigraph) finds exactly what pyshacl finds.

Compared as sets of (focus, named shape, constraint component): a blank-node focus counts as
the named node it hangs under, a property shape as the node shape that has it (sh:property).
On the corpus, on every example pair of tests/shapes/ and after an incremental re-validation.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store
from rdflib import BNode, Graph
from rdflib.namespace import RDF

from g40kg.project.namespaces import SH
from g40kg.project.store import build_store, graph_of, shapes_texts
from g40kg.shacl.engine import ShapesGraph, key_of, revalidate, validate_store
from g40kg.shacl.pyshacl_engine import run_shacl

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "tests" / "shapes"
BASE = EXAMPLES / "base.ttl"
ONTOLOGY = (REPO / "ontology" / "g40kg.ttl", REPO / "ontology" / "vocabularies.ttl")
SHAPES = REPO / "ontology" / "shapes.ttl"
Key = tuple[str, str, str]


@cache
def shapes_rdflib() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@cache
def shapes_fast() -> ShapesGraph:
    return ShapesGraph.from_turtle(shapes_texts(REPO))


def pyshacl_keys(data: Graph, shapes: Graph) -> set[Key]:
    _conforms, report = run_shacl(data, shapes)
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    keys = set()
    for result in report.objects(node, SH.result):
        focus = report.value(result, SH.focusNode)
        while isinstance(focus, BNode):
            focus = next(data.subjects(None, focus))
        source = report.value(result, SH.sourceShape)
        named = shapes.value(predicate=SH.property, object=source) or source
        component = str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        keys.add((str(focus) if not isinstance(focus, BNode) else "_:", str(named), component))
    return keys


def fast_keys(store: Store) -> set[Key]:
    shapes = shapes_fast()
    return {key_of(store, shapes, r) for r in validate_store(store, shapes)}


def example_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.glob("*.ttl") if p != BASE)


@pytest.mark.parametrize("delta", [None, *example_files()], ids=lambda p: p.name if p else "base")
def test_same_findings_as_pyshacl_on_shape_examples(delta: Path | None) -> None:
    files = [*ONTOLOGY, BASE] + ([delta] if delta else [])
    data = Graph()
    store = Store()
    for path in files:
        data.parse(path, format="turtle")
        store.load(path=str(path), format=RdfFormat.TURTLE, to_graph=NamedNode(path.as_uri()))
    expected = pyshacl_keys(data, shapes_rdflib())
    assert fast_keys(store) == expected
    if delta is not None and ".invalid" in delta.name:
        assert expected, "an invalid example must give findings"


def test_same_findings_as_pyshacl_on_the_corpus() -> None:
    from g40kg.project.rdflib_loader import load

    loaded = load(REPO)
    assert fast_keys(build_store(REPO)) == pyshacl_keys(loaded.data, loaded.shapes)


def test_incremental_revalidation_equals_a_full_run(tmp_path: Path) -> None:
    store = build_store(REPO)
    shapes = shapes_fast()
    before = validate_store(store, shapes)
    annotation = sorted((REPO / "data" / "annotations").glob("*.ttl"))[0]
    rel = str(annotation.relative_to(REPO))
    text = annotation.read_text(encoding="utf-8")
    # Break one quote and drop the first membership's member: two kinds of new findings.
    broken = text.replace('oa:exact "', 'oa:exact "XX', 1).replace("org:member ", "org:xmember ", 1)
    assert broken != text
    after = revalidate(store, shapes, before, graph_of(rel), broken)
    full = validate_store(store, shapes)
    assert {key_of(store, shapes, r) for r in after} == {key_of(store, shapes, r) for r in full}
    assert len(full) > len(before)
    # And back: the edit undone gives the original (empty) result again.
    restored = revalidate(store, shapes, after, graph_of(rel), text)
    assert {key_of(store, shapes, r) for r in restored} == {
        key_of(store, shapes, r) for r in before
    }
