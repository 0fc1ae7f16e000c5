"""The ontology page of the report site, generated from ontology/*.ttl with rdflib.

Why not pyLODE: its current release on PyPI (3.4.1) fails on import (its version module reads a
pyproject.toml that the wheel does not ship), and `site` would need it at run time. This page
lists every class, property and individual of ontology/ with its Dutch and English labels,
comment, domain, range and superclasses, every controlled vocabulary with its concepts, and
every shape with its targets, its constraints and the message each one reports.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from g40kg.project.inputs import Inputs
from g40kg.project.namespaces import SH
from g40kg.project.shapes_checks import parse_turtle
from g40kg.query.results import compact
from g40kg.site.html import Names, definition_list, esc, page

PATH = "ontology.html"
TERM_KINDS: tuple[tuple[URIRef, str], ...] = (
    (OWL.Class, "Classes"),
    (OWL.ObjectProperty, "Object properties"),
    (OWL.DatatypeProperty, "Datatype properties"),
    (OWL.NamedIndividual, "Individuals"),
)
PATH_OPERATORS = {
    SH.zeroOrMorePath: "*",
    SH.oneOrMorePath: "+",
    SH.zeroOrOnePath: "?",
}
SKIPPED = {SH.path, SH.message, RDF.type}
MAX_DEPTH = 4


def read_ontology(inputs: Inputs) -> tuple[Graph, Graph]:
    """The ontology files (terms and vocabularies) and the shapes files, parsed by rdflib."""
    terms, shapes = Graph(), Graph()
    for one in inputs.of_role("ontology", "shapes"):
        graph = parse_turtle(inputs.path(one), one.data.decode("utf-8"))
        if one.role == "shapes":
            shapes += graph
        else:
            terms += graph
    return terms, shapes


def _literals(graph: Graph, node: Node, prop: URIRef) -> list[Literal]:
    values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)]
    return sorted(values, key=lambda v: (v.language or "", str(v)))


class OntologyPage:
    """Renders the page; term and shape anchors are assigned before any section is written."""

    def __init__(self, terms: Graph, shapes: Graph) -> None:
        self.terms, self.shapes = terms, shapes
        self.documented: dict[Node, str] = {}
        self.rendered: set[Node] = set()
        names = Names(lower=False)
        found = {s for kind, _ in TERM_KINDS for s in terms.subjects(RDF.type, kind)}
        found |= set(terms.subjects(RDF.type, SKOS.ConceptScheme))
        found |= set(terms.subjects(SKOS.inScheme, None))
        for node in sorted((n for n in found if isinstance(n, URIRef)), key=compact):
            self.documented[node] = "t-" + names.name(compact(str(node)))
        self.shape_nodes = sorted(
            (
                n
                for n in set(shapes.subjects(RDF.type, SH.NodeShape))
                | set(shapes.subjects(RDF.type, SH.PropertyShape))
                if isinstance(n, URIRef)
            ),
            key=compact,
        )
        shape_names = Names(lower=False)
        for node in self.shape_nodes:
            self.documented[node] = "s-" + shape_names.name(compact(str(node)))

    def ref(self, node: Node) -> str:
        """A term as a link to its section when this page documents it, else as code."""
        if isinstance(node, URIRef):
            text = esc(compact(str(node)))
            anchor = self.documented.get(node)
            return (
                f'<a href="#{esc(anchor)}"><code>{text}</code></a>'
                if anchor
                else f"<code>{text}</code>"
            )
        return esc(self.value(self.terms, node))

    def refs(self, nodes: Iterable[Node]) -> str:
        return ", ".join(self.ref(n) for n in sorted(set(nodes), key=str))

    def value(self, graph: Graph, node: Node, depth: int = 0) -> str:
        """A term as plain text: prefixed names, literals, lists ( … ) and nodes [ p: o ]."""
        if isinstance(node, URIRef):
            return compact(str(node))
        if isinstance(node, Literal):
            return str(node)
        if depth >= MAX_DEPTH:
            return "[…]"
        if (node, RDF.first, None) in graph:
            return (
                "( "
                + " ".join(self.value(graph, i, depth + 1) for i in Collection(graph, node))
                + " )"
            )
        inner = "; ".join(  # sorted as printed: blank nodes' labels differ from run to run
            sorted(
                f"{compact(str(p))} {self.value(graph, o, depth + 1)}"
                for p, o in graph.predicate_objects(node)
            )
        )
        return f"[ {inner} ]"

    def path(self, node: Node, depth: int = 0) -> str:
        """A SHACL property path in SPARQL syntax: a/b, ^a, (a|b), a*."""
        graph = self.shapes
        if isinstance(node, URIRef) or depth >= MAX_DEPTH:
            return compact(str(node))
        if (node, RDF.first, None) in graph:
            return "/".join(self.path(i, depth + 1) for i in Collection(graph, node))
        inverse = graph.value(node, SH.inversePath)
        if inverse is not None:
            return "^" + self.path(inverse, depth + 1)
        alternatives = graph.value(node, SH.alternativePath)
        if alternatives is not None:
            items = Collection(graph, alternatives)
            return "(" + "|".join(self.path(i, depth + 1) for i in items) + ")"
        for operator, mark in PATH_OPERATORS.items():
            inner = graph.value(node, operator)
            if inner is not None:
                return self.path(inner, depth + 1) + mark
        return self.value(graph, node, depth)

    def term_section(self, node: URIRef) -> str:
        """One term's section; a term listed under two headings is written under the first."""
        if node in self.rendered:
            return ""
        self.rendered.add(node)
        g = self.terms
        items: list[tuple[str, str]] = [("IRI", f"<code>{esc(node)}</code>")]
        items.append(("type", self.refs(g.objects(node, RDF.type))))
        for prop, name in ((RDFS.label, "label"), (SKOS.prefLabel, "label")):
            for value in _literals(g, node, prop):
                items.append((f"{name} ({value.language or '-'})", esc(value)))
        for prop, name in ((RDFS.comment, "comment"), (SKOS.definition, "definition")):
            for value in _literals(g, node, prop):
                items.append((f"{name} ({value.language or '-'})", esc(value)))
        items += [
            ("subclass of", self.refs(g.objects(node, RDFS.subClassOf))),
            ("subclasses", self.refs(g.subjects(RDFS.subClassOf, node))),
            ("domain", self.refs(g.objects(node, RDFS.domain))),
            ("range", self.refs(g.objects(node, RDFS.range))),
            ("properties with this domain", self.refs(g.subjects(RDFS.domain, node))),
            ("properties with this range", self.refs(g.subjects(RDFS.range, node))),
            ("in scheme", self.refs(g.objects(node, SKOS.inScheme))),
            ("concepts", self.refs(g.subjects(SKOS.inScheme, node))),
            ("checked by", self.refs(self.shapes.subjects(SH.targetClass, node))),
        ]
        anchor = self.documented[node]
        return (
            f'<section id="{esc(anchor)}">\n<h3><code>{esc(compact(str(node)))}</code></h3>\n'
            f"{definition_list(items)}</section>\n"
        )

    def messages(self, node: Node) -> str:
        found = _literals(self.shapes, node, SH.message)
        return "<br>".join(esc(m) for m in found)

    def constraints(self, node: Node) -> str:
        # Sorted by what is printed: blank nodes' own labels differ from run to run.
        return "<br>".join(
            sorted(
                f"{esc(compact(str(p)))} {esc(self.value(self.shapes, o))}"
                for p, o in self.shapes.predicate_objects(node)
                if p not in SKIPPED
            )
        )

    def shape_section(self, shape: URIRef) -> str:
        g = self.shapes
        targets = []
        for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            for target in sorted(g.objects(shape, prop), key=str):
                targets.append(f"{esc(compact(str(prop)))} {self.ref(target)}")
        own = [
            (p, o)
            for p, o in g.predicate_objects(shape)
            if p not in SKIPPED | {SH.property, SH.sparql, SH.targetClass, SH.targetNode}
            and p not in (SH.targetSubjectsOf, SH.targetObjectsOf, RDFS.label, RDFS.comment)
        ]
        items = [
            ("targets", "<br>".join(targets)),
            ("comment", esc("; ".join(str(c) for c in _literals(g, shape, RDFS.comment)))),
            ("node constraints", "<br>".join(sorted(
                f"{esc(compact(str(p)))} {esc(self.value(g, o))}" for p, o in own
            ))),
            ("message", self.messages(shape)),
        ]  # fmt: skip
        # Rows in the order of what they print (path first): property shapes and SPARQL
        # constraints are blank nodes, whose labels differ from run to run.
        rows = sorted(
            (
                self.path_of(prop),
                f"<tr><td><code>{esc(self.path_of(prop))}</code></td>"
                f"<td>{self.constraints(prop)}</td><td>{self.messages(prop)}</td></tr>",
            )
            for prop in g.objects(shape, SH.property)
        )
        rows += sorted(
            (
                "",
                f"<tr><td>SPARQL</td><td><details><summary>query</summary>"
                f"<pre><code>{esc(g.value(sparql, SH.select) or '')}</code></pre></details></td>"
                f"<td>{self.messages(sparql)}</td></tr>",
            )
            for sparql in g.objects(shape, SH.sparql)
        )
        checks = ""
        if rows:
            checks = (
                "<table>\n<thead><tr><th>Path</th><th>Constraint</th><th>Message</th></tr>"
                "</thead>\n<tbody>\n"
                + "\n".join(row for _path, row in rows)
                + "\n</tbody>\n</table>\n"
            )
        anchor = self.documented[shape]
        return (
            f'<section id="{esc(anchor)}">\n<h3><code>{esc(compact(str(shape)))}</code></h3>\n'
            f"{definition_list(items)}{checks}</section>\n"
        )

    def path_of(self, node: Node) -> str:
        path = self.shapes.value(node, SH.path)
        return self.path(path) if path is not None else ""

    def header(self) -> str:
        g = self.terms
        parts = []
        for onto in sorted(g.subjects(RDF.type, OWL.Ontology), key=str):
            items: list[tuple[str, str]] = [("IRI", f"<code>{esc(onto)}</code>")]
            for prop, name in (
                (DCTERMS.title, "title"),
                (DCTERMS.description, "description"),
                (RDFS.comment, "comment"),
                (OWL.versionInfo, "version"),
            ):
                for value in _literals(g, onto, prop):
                    lang = f" ({value.language})" if value.language else ""
                    items.append((name + lang, esc(value)))
            licence = g.value(onto, DCTERMS.license)
            if licence is not None:
                items.append(("licence", f"<code>{esc(licence)}</code>"))
            parts.append(definition_list(items))
        return "".join(parts)

    def render(self) -> str:
        body = self.header()
        contents = []
        sections = []
        for kind, title in TERM_KINDS:
            nodes = sorted(
                (n for n in self.terms.subjects(RDF.type, kind) if isinstance(n, URIRef)),
                key=compact,
            )
            anchor = "h-" + title.lower().replace(" ", "-")
            contents.append(f'<li><a href="#{anchor}">{esc(title)}</a> ({len(nodes)})</li>')
            sections.append(f'<h2 id="{anchor}">{esc(title)}</h2>\n')
            sections += [self.term_section(n) for n in nodes]
        schemes = sorted(self.terms.subjects(RDF.type, SKOS.ConceptScheme), key=str)
        contents.append(f'<li><a href="#h-vocabularies">Vocabularies</a> ({len(schemes)})</li>')
        sections.append('<h2 id="h-vocabularies">Vocabularies</h2>\n')
        for scheme in schemes:
            if isinstance(scheme, URIRef):
                sections.append(self.term_section(scheme))
                concepts = sorted(self.terms.subjects(SKOS.inScheme, scheme), key=compact)
                sections += [self.term_section(c) for c in concepts if isinstance(c, URIRef)]
        contents.append(f'<li><a href="#h-shapes">SHACL shapes</a> ({len(self.shape_nodes)})</li>')
        sections.append('<h2 id="h-shapes">SHACL shapes</h2>\n')
        sections += [self.shape_section(s) for s in self.shape_nodes]
        body += "<ul>\n" + "\n".join(contents) + "\n</ul>\n" + "".join(sections)
        return page(PATH, "Ontology", body)


def ontology_page(inputs: Inputs) -> tuple[str, str]:
    """(path, HTML) of the ontology documentation of the project's ontology/."""
    terms, shapes = read_ontology(inputs)
    return PATH, OntologyPage(terms, shapes).render()
