"""The reference engine: pyshacl on an rdflib graph made from the store (`validate --engine
pyshacl`), its report turned into the findings the default engine gives."""

from __future__ import annotations

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph

from g40kg.project.load import Project
from g40kg.project.namespaces import SH
from g40kg.project.shapes_checks import parse_turtle
from g40kg.project.store_graph import to_oxigraph
from g40kg.shacl.findings import Finding, finding, order, short
from g40kg.shacl.prepared_queries import parse_once


def owner(graph: Graph, node: object) -> object:
    """The named subject a blank node hangs under (a selector's annotation, say)."""
    seen: set[object] = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(graph.subjects(None, node), None)
        if parent is None:
            break
        node = parent
    return node


def named_shape(shapes: Graph, shape: object) -> object:
    """The named node shape a property shape (a blank node) belongs to."""
    if isinstance(shape, BNode):
        parent = next(shapes.subjects(SH.property, shape), None)
        if parent is not None:
            return parent
    return shape


def run_shacl(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    with parse_once():
        conforms, report, _text = shacl_validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=False,
            allow_warnings=True,
        )
    return bool(conforms), report


def shapes_graph(project: Project) -> Graph:
    """The shapes files, parsed by rdflib (checked already by the input checks)."""
    shapes = Graph()
    for one in project.inputs.of_role("shapes"):
        shapes += parse_turtle(project.inputs.path(one), one.data.decode("utf-8"))
    return shapes


def pyshacl_findings(project: Project) -> list[Finding]:
    """Every finding of pyshacl on the project's graph (made from the store)."""
    data, shapes = project.rdflib_graph(), shapes_graph(project)
    _conforms, report = run_shacl(data, shapes)
    found = []
    # Only the report's own results: pyshacl nests the results of sh:node in sh:detail.
    for result in report.objects(None, SH.result):
        named_focus = owner(data, report.value(result, SH.focusNode))
        severity = short(report.value(result, SH.resultSeverity)).removeprefix("sh:")
        messages = sorted({str(m) for m in report.objects(result, SH.resultMessage)})
        found.append(
            finding(
                project,
                to_oxigraph(named_focus),
                path=report.value(result, SH.resultPath),
                value=report.value(result, SH.value),
                message=" / ".join(messages),
                severity=severity,
                shape=named_shape(shapes, report.value(result, SH.sourceShape)),
                component=short(report.value(result, SH.sourceConstraintComponent)),
            )
        )
    return sorted(set(found), key=order)
