"""Every named node shape of ontology/shapes.ttl has a valid and an invalid example.

The examples in tests/shapes/ are deltas: each is added to tests/shapes/base.ttl (a minimal
valid graph) and to ontology/g40kg.ttl and ontology/vocabularies.ttl, then validated against
ontology/shapes.ttl. `<Shape>.valid.ttl` must conform; `<Shape>.invalid*.ttl` must violate
that shape and no other, and says in its header what it expects:

    # expect-focus: <IRI>            (one line per focus node; a blank node counts as the
                                      named node it hangs under)
    # expect-component: sh:<Name>    (one line per constraint component)
    # expect-count: <n>              (optional: number of results)
    # expect-message: <text>         (optional: every result has a message containing it)
    # expect-severity: sh:Warning    (optional: the shape's results are warnings, so the graph
                                      still conforms; default sh:Violation)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from g40kg.project.namespaces import G40SH, PREFIXES, SH
from g40kg.shacl.prepared_queries import parse_once
from g40kg.shacl.pyshacl_engine import run_shacl
from tests.derived_keys import with_name_keys

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "tests" / "shapes"
BASE = EXAMPLES / "base.ttl"
ONTOLOGY = (REPO / "ontology" / "g40kg.ttl", REPO / "ontology" / "vocabularies.ttl")
SHAPES = REPO / "ontology" / "shapes.ttl"

EXAMPLE_NAME = re.compile(r"^(?P<shape>\w+Shape)\.(?P<kind>valid|invalid(?:-\d+)?)\.ttl$")
EXPECT_LINE = re.compile(r"^#\s*expect-(?P<key>[a-z]+):\s*(?P<value>.*?)\s*$")


def expand(name: str) -> URIRef:
    """A full IRI, or a prefixed name with a project prefix (sh:, g40sh:, ann: …)."""
    if "://" in name:
        return URIRef(name)
    prefix, local = name.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


@pytest.fixture(autouse=True)
def parse_each_sparql_query_once() -> Iterator[None]:
    """Speed only: the package's own parse-once wrapper around pyshacl's SPARQL queries."""
    with parse_once():
        yield


@cache
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@cache
def base_graph() -> Graph:
    graph = Graph()
    for path in (*ONTOLOGY, BASE):
        graph.parse(path, format="turtle")
    return graph


def named_node_shapes() -> set[URIRef]:
    return {
        s
        for s in shapes_graph().subjects(RDF.type, SH.NodeShape)
        if isinstance(s, URIRef) and s.startswith(str(G40SH))
    }


def example_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.glob("*.ttl") if p != BASE)


def examples(kind: str) -> list[Path]:
    return [
        p
        for p in example_files()
        if (m := EXAMPLE_NAME.match(p.name)) and m["kind"].split("-")[0] == kind
    ]


def shape_of_file(path: Path) -> URIRef:
    match = EXAMPLE_NAME.match(path.name)
    assert match, f"{path.name} is not named <Shape>.valid.ttl or <Shape>.invalid[-n].ttl"
    return G40SH[match["shape"]]


@dataclass(frozen=True)
class Result:
    shape: URIRef
    focus: object
    component: URIRef
    messages: frozenset[str]
    severity: URIRef


def validate_with(delta: Path | None) -> tuple[bool, list[Result]]:
    data = Graph()
    data += base_graph()
    if delta is not None:
        data.parse(delta, format="turtle")
    with_name_keys(data)  # derived by the loader in a project (g40kg.project.name_keys)
    conforms, report = run_shacl(data, shapes_graph())
    return conforms, [to_result(data, report, r) for r in top_level_results(report)]


def top_level_results(report: Graph) -> list[object]:
    """The report's own results, not the nested ones pyshacl adds as sh:detail."""
    (report_node,) = report.subjects(RDF.type, SH.ValidationReport)
    return list(report.objects(report_node, SH.result))


def to_result(data: Graph, report: Graph, result: object) -> Result:
    return Result(
        shape=owning_shape(report, result),
        focus=named_owner(data, report.value(result, SH.focusNode)),
        component=report.value(result, SH.sourceConstraintComponent),
        # A SPARQL result of a shape with its own sh:message carries both messages.
        messages=frozenset(str(m) for m in report.objects(result, SH.resultMessage)),
        severity=report.value(result, SH.resultSeverity),
    )


def owning_shape(report: Graph, result: object) -> object:
    """The named node shape a result comes from.

    A property shape (blank node) belongs to the node shape that has it as sh:property; a
    failed sh:node constraint is the referenced shape's (g40sh:NameHistoryShape), whose own
    findings pyshacl nests as sh:detail.
    """
    shapes = shapes_graph()
    source = report.value(result, SH.sourceShape)
    if report.value(result, SH.sourceConstraintComponent) == SH.NodeConstraintComponent:
        nested = shapes.value(source, SH.node)
        details = list(report.objects(result, SH.detail))
        assert details, "a failed sh:node constraint reports why (sh:detail)"
        assert {owning_shape(report, d) for d in details} == {nested}
        return nested
    return shapes.value(predicate=SH.property, object=source) or source


def named_owner(data: Graph, node: object) -> object:
    """A blank node (a selector, a name-history entry) as the named node it hangs under."""
    while isinstance(node, BNode):
        node = next(data.subjects(None, node))
    return node


def expectations(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = EXPECT_LINE.match(line)
        if match:
            found.setdefault(match["key"], []).append(match["value"])
    return found


def test_base_alone_conforms() -> None:
    conforms, results = validate_with(None)
    assert results == []
    assert conforms


def test_every_named_node_shape_has_a_valid_and_an_invalid_example() -> None:
    shapes = named_node_shapes()
    assert G40SH.NameHistoryShape in shapes  # a shape used only through sh:node
    valid = [shape_of_file(p) for p in examples("valid")]
    invalid = {shape_of_file(p) for p in examples("invalid")}
    assert len(valid) == len(shapes)
    assert set(valid) == shapes
    assert invalid == shapes


def test_every_example_file_is_named_after_a_shape() -> None:
    shapes = named_node_shapes()
    for path in example_files():
        assert shape_of_file(path) in shapes, f"{path.name}: no such shape in {SHAPES.name}"


@pytest.mark.parametrize("path", examples("valid"), ids=lambda p: p.name)
def test_valid_example_conforms(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 0
    conforms, results = validate_with(path)
    assert results == []
    assert conforms


@pytest.mark.parametrize("path", examples("invalid"), ids=lambda p: p.name)
def test_invalid_example_violates_only_its_shape(path: Path) -> None:
    expected = expectations(path)
    assert set(expected) <= {"focus", "component", "count", "message", "severity"}, expected
    assert expected.get("focus") and expected.get("component"), f"{path.name}: no expect- lines"
    severity = expand(expected.get("severity", ["sh:Violation"])[0])
    conforms, results = validate_with(path)
    # Only a violation makes the graph not conform (g40kg validate runs with warnings allowed).
    assert conforms is (severity != SH.Violation)
    assert {r.severity for r in results} == {severity}, results
    assert {r.shape for r in results} == {shape_of_file(path)}, results
    assert {r.focus for r in results} == {expand(f) for f in expected["focus"]}, results
    assert {r.component for r in results} == {expand(c) for c in expected["component"]}, results
    if "count" in expected:
        assert len(results) == int(expected["count"][0]), results
    for text in expected.get("message", []):
        assert all(any(text in m for m in r.messages) for r in results), results
