"""The fast validator (pyoxigraph) finds exactly what pyshacl finds.

Compared as sets of (focus, named shape, constraint component): a blank-node focus counts as
the named node it hangs under, a property shape as the node shape that has it (sh:property).
On the corpus, on every example pair of tests/shapes/ and after an incremental re-validation.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, NamedNode, RdfFormat, Store
from rdflib import BNode, Graph
from rdflib.namespace import RDF

from g40kg.project.inputs import read_inputs
from g40kg.project.load import open_project
from g40kg.project.namespaces import SH
from g40kg.project.store import shapes_texts
from g40kg.shacl.engine import Result, ShapesGraph, owner, validate_store
from g40kg.shacl.pyshacl_engine import run_shacl, shapes_graph
from tests.derived_keys import add_keys

REPO = Path(__file__).resolve().parents[2]
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
    return ShapesGraph.from_turtle(shapes_texts(read_inputs(REPO)))


def key_of(store: Store, shapes: ShapesGraph, result: Result) -> tuple[str, str, str]:
    """(named focus, named shape, component) as strings: the comparison key with pyshacl."""
    focus = owner(store, result.focus)
    return (
        focus.value if not isinstance(focus, BlankNode) else "_:",
        str(shapes.named_shape(result.shape).value),
        result.component,
    )


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


def engine_keys(store: Store) -> set[Key]:
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
    add_keys(store, data)  # derived by the loader in a project (g40kg.project.name_keys)
    expected = pyshacl_keys(data, shapes_rdflib())
    assert engine_keys(store) == expected
    if delta is not None and ".invalid" in delta.name:
        assert expected, "an invalid example must give findings"


def test_same_findings_as_pyshacl_on_the_corpus() -> None:
    project = open_project(REPO)
    expected = pyshacl_keys(project.rdflib_graph(), shapes_graph(project))
    assert engine_keys(project.store) == expected
