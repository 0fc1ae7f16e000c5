"""Findings: one validation result as a line a person can act on, from either engine.

Why one module for both engines: `g40kg validate` must print the same findings whether the
default engine (g40kg.shacl.engine, on the store) or pyshacl (g40kg.shacl.pyshacl_engine) found
them, so both hand their results here as terms, and the file, label and short names are read
off the same store. The findings of the default engine are kept per state of the inputs
(g40kg.project.cache): a repeated `validate` prints them without validating again.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass

from pyoxigraph import NamedNode, Store

from g40kg.project.cache import Kept
from g40kg.project.load import Project
from g40kg.project.prefixes import compact

SH = "http://www.w3.org/ns/shacl#"
LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)
# A namespace with at most this many defined IRIs (the roles, the bases) is listed whole in a
# finding about an IRI of it that nothing defines.
FEW = 40


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
    """A prefixed name or <IRI>, a quoted literal, [] for a blank node; rdflib or pyoxigraph."""
    kind = type(node).__name__
    if node is None:
        return ""
    if kind in ("BNode", "BlankNode"):
        return "[]"
    if kind == "Literal":  # rdflib's Literal is a str; pyoxigraph's has .value
        text = str(node) if isinstance(node, str) else node.value  # type: ignore[attr-defined]
        return repr(text if len(text) <= 80 else text[:77] + "...")
    if kind not in ("URIRef", "NamedNode"):
        return str(node)
    iri = str(node) if isinstance(node, str) else node.value  # type: ignore[attr-defined]
    name = compact(iri)
    return name if name != iri else f"<{iri}>"


def label_of(store: Store, node: object) -> str:
    if not isinstance(node, NamedNode):
        return ""
    for prop in LABELS:
        for quad in store.quads_for_pattern(node, NamedNode(prop), None):
            return quad.object.value
    return ""


def order(f: Finding) -> tuple[str, ...]:
    return (f.file, f.focus, f.shape, f.message, f.value)


def finding(
    project: Project,
    named_focus: object,
    *,
    path: object,
    value: object,
    message: str,
    severity: str,
    shape: object,
    component: str,
) -> Finding:
    """A finding about named_focus (a pyoxigraph term: the named node a blank node hangs under)."""
    return Finding(
        file=project.file_of(named_focus) or "(generated)",
        focus=short(named_focus),
        label=label_of(project.store, named_focus),
        path=short(path),
        value=short(value),
        message=message + nearest_hint(project.store, value),
        severity=severity,
        shape=short(shape),
        component=component,
    )


def nearest_hint(store: Store, value: object) -> str:
    """For a value IRI that nothing defines (a misspelled role:trekkr), the nearest IRI of its
    namespace of the type most of them have (org:Role) and, when there are few, all of them:
    the shape's message alone does not say which names are valid."""
    if type(value).__name__ == "URIRef":  # from pyshacl's report
        value = NamedNode(str(value))
    if not isinstance(value, NamedNode) or next(store.quads_for_pattern(value, None, None), None):
        return ""
    namespace = value.value[: max(value.value.rfind("/"), value.value.rfind("#")) + 1]
    defined = defined_in(store, namespace)
    if not defined:
        return ""
    by_local = {iri[len(namespace) :]: iri for iri in defined}
    near = difflib.get_close_matches(value.value[len(namespace) :], list(by_local), 1, 0.6)
    hint = f" {short(value)} is not defined"
    hint += f"; did you mean {short(NamedNode(by_local[near[0]]))}?" if near else "."
    if len(defined) <= FEW:
        hint += f" Defined: {', '.join(short(NamedNode(iri)) for iri in defined)}."
    return hint


def defined_in(store: Store, namespace: str) -> list[str]:
    """The IRIs of namespace that have the type most of its typed IRIs have, sorted."""
    if not namespace:
        return []
    query = (
        "SELECT ?s ?type WHERE { ?s a ?type . "
        f"FILTER (isIRI(?s) && STRSTARTS(STR(?s), {json.dumps(namespace)})) }}"
    )
    by_type: dict[str, set[str]] = {}
    for row in store.query(query, use_default_graph_as_union=True):
        by_type.setdefault(row["type"].value, set()).add(row["s"].value)
    if not by_type:
        return []
    return sorted(max(by_type.values(), key=len))


def conforms(findings: list[Finding]) -> bool:
    """Only a Violation makes the graph not conform (warnings and infos are reported)."""
    return not any(f.severity == "Violation" for f in findings)


def kept_findings(kept: Kept) -> list[Finding] | None:
    """The default engine's findings kept for these inputs, if any (None: validate again).

    Why they can be printed without building the store: a kept finding holds all that is
    printed of it (file, label, short names, message), and it was found on the store built
    from exactly the bytes, code and limits that key the kept file."""
    rows = kept.get("findings")
    if isinstance(rows, list):
        try:
            return [Finding(**row) for row in rows]
        except TypeError:
            pass  # kept by an older layout: validate again
    return None


def validate(project: Project) -> list[Finding]:
    """The findings of the default engine, kept per state of the inputs."""
    kept = kept_findings(project.kept)
    if kept is not None:
        return kept
    findings = sorted(set(engine_findings(project)), key=order)
    project.kept.put("findings", [asdict(f) for f in findings])
    return findings


def engine_findings(project: Project) -> list[Finding]:
    """Every finding of the default engine: the shapes compiled to SPARQL on the store."""
    from g40kg.project.store import shapes_texts
    from g40kg.shacl.engine import ShapesGraph, owner, validate_store

    shapes = ShapesGraph.from_turtle(shapes_texts(project.inputs))
    found = []
    for result in validate_store(project.store, shapes):
        severity = shapes.value(result.shape, "severity")
        found.append(
            finding(
                project,
                owner(project.store, result.focus),
                path=shapes.value(result.shape, "path"),
                value=result.value,
                message=result.message,
                severity=severity.value.removeprefix(SH) if severity else "Violation",
                shape=shapes.named_shape(result.shape),
                component="sh:" + result.component,
            )
        )
    return found


def render(findings: list[Finding], fmt: str) -> str:
    ok = conforms(findings)
    if fmt == "json":
        rows = [asdict(f) for f in findings]
        return json.dumps({"conforms": ok, "results": rows}, indent=2, ensure_ascii=False)
    lines = [f.as_text() for f in findings]
    violations = sum(f.severity == "Violation" for f in findings)
    warnings = len(findings) - violations
    # Warnings (a possible duplicate) are shown, but only violations fail (exit 1).
    if ok:
        more = f" ({warnings} warning(s) above)" if warnings else ""
        return "\n".join([*lines, "conforms: the graph satisfies every shape" + more])
    more = f", {warnings} warning(s)" if warnings else ""
    return "\n".join([*lines, f"{violations} violation(s){more}"])
