"""Validate the graph with pyshacl and turn its report into lines a person can act on."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS

from g40kg.project.namespaces import PREFIXES, SH
from g40kg.project.rdflib_loader import LoadedGraph
from g40kg.shacl.prepared_queries import parse_once


@dataclass(frozen=True)
class Finding:
    """One validation result, with the file that holds the offending node."""

    file: str
    focus: str
    label: str
    path: str
    value: str
    message: str
    severity: str
    shape: str
    component: str

    def as_text(self) -> str:
        parts = [f"{self.file}: {self.severity}: {self.focus}"]
        if self.label:
            parts[0] += f' ("{self.label}")'
        if self.path:
            parts.append(f"path {self.path}")
        if self.value:
            parts.append(f"value {self.value}")
        parts.append(self.message)
        return " | ".join(parts)


def short(node: object) -> str:
    """A prefixed name where a project prefix fits, else the N-Triples form."""
    if isinstance(node, URIRef):
        iri = str(node)
        best = max(
            ((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)),
            key=lambda item: len(item[1]),
            default=None,
        )
        if best:
            return f"{best[0]}:{iri[len(best[1]) :]}"
        return f"<{iri}>"
    if isinstance(node, Literal):
        text = str(node)
        return repr(text if len(text) <= 80 else text[:77] + "...")
    if isinstance(node, BNode):
        return "[]"
    return "" if node is None else str(node)


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


def label_of(graph: Graph, node: object) -> str:
    for prop in (RDFS.label, FOAF.name, SKOS.prefLabel, DCTERMS.title):
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return ""


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


def findings_from_report(loaded: LoadedGraph, report: Graph) -> list[Finding]:
    rows = []
    # Only the report's own results: pyshacl nests the results of sh:node in sh:detail.
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        named_focus = owner(loaded.data, focus)
        shape = named_shape(loaded.shapes, report.value(result, SH.sourceShape))
        rows.append(
            Finding(
                file=loaded.file_of(named_focus) or "(generated)",
                focus=short(named_focus) if named_focus is not focus else short(focus),
                label=label_of(loaded.data, named_focus),
                path=short(report.value(result, SH.resultPath)),
                value=short(report.value(result, SH.value)),
                message=" / ".join(
                    sorted({str(m) for m in report.objects(result, SH.resultMessage)})
                ),
                severity=short(report.value(result, SH.resultSeverity)).replace("sh:", ""),
                shape=short(shape),
                component=short(report.value(result, SH.sourceConstraintComponent)),
            )
        )
    return sorted(set(rows), key=lambda f: (f.file, f.focus, f.shape, f.message, f.value))


def validate(loaded: LoadedGraph) -> tuple[bool, list[Finding]]:
    """Validate the loaded graph against its shapes; return (conforms, findings)."""
    conforms, report = run_shacl(loaded.data, loaded.shapes)
    return conforms, findings_from_report(loaded, report)


def render(findings: list[Finding], conforms: bool, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(
            {"conforms": conforms, "results": [asdict(f) for f in findings]},
            indent=2,
            ensure_ascii=False,
        )
    lines = [f.as_text() for f in findings]
    violations = sum(f.severity == "Violation" for f in findings)
    warnings = len(findings) - violations
    # Warnings (a possible duplicate) are shown, but only violations fail (exit 1).
    if conforms:
        more = f" ({warnings} warning(s) above)" if warnings else ""
        return "\n".join([*lines, "conforms: the graph satisfies every shape" + more])
    more = f", {warnings} warning(s)" if warnings else ""
    return "\n".join([*lines, f"{violations} violation(s){more}"])
