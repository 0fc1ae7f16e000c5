"""Write a graph as canonical, diff-friendly Turtle that keeps the file's own comments.

Canonical form: the file's header comment, its prefixes sorted, then one block per named
subject sorted by name; `a` first, then one predicate-object pair per line, sorted; blank nodes
used once are nested as `[ … ]`, lists as `( … )`. A comment stays with the statement or the
predicate it stood above (g40kg.project.turtle_layout) and moves with it.

Literals keep their exact lexical form, datatype and language tag (as the file spells it):
the writer works on pyoxigraph's terms, which keep what the file wrote, where rdflib's parser
would rewrite `"INF"^^xsd:double` as `"inf"` or drop a date's time zone. An rdflib graph
(the callers that build one: add-source, quote, export) is taken term by term.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import BlankNode, Literal, NamedNode

from g40kg.project.turtle_layout import Layout, read_layout

__all__ = ["Layout", "Writer", "read_layout", "serialise", "to_oxigraph"]

INDENT = "    "
PLAIN_INTEGER = re.compile(r"[+-]?[0-9]+")
PN_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE, RDF_FIRST, RDF_REST = (NamedNode(RDF + n) for n in ("type", "first", "rest"))
RDF_NIL = NamedNode(RDF + "nil")
Term = NamedNode | BlankNode | Literal
OXIGRAPH = frozenset((NamedNode, BlankNode, Literal))


def to_oxigraph(term: object) -> Term:
    """term as a pyoxigraph term (an rdflib term is taken by its text)."""
    if isinstance(term, NamedNode | BlankNode | Literal):
        return term
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdflibLiteral

    if isinstance(term, URIRef):
        return NamedNode(str(term))
    if isinstance(term, BNode):
        return BlankNode(str(term))
    if isinstance(term, RdflibLiteral):
        if term.language:
            return Literal(str(term), language=term.language)
        if term.datatype:
            return Literal(str(term), datatype=NamedNode(str(term.datatype)))
        return Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class Writer:
    """Serialise one graph in the canonical form, given the file's prefixes (and the spelling
    of its language tags)."""

    def __init__(
        self,
        graph: Iterable[tuple[object, object, object]],
        prefixes: dict[str, str],
        tags: dict[str, str] | None = None,
    ) -> None:
        self.prefixes = dict(sorted(prefixes.items()))
        self.by_length = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        self.namespaces = {ns: prefix for prefix, ns in reversed(self.by_length)}
        self.tags = tags or {}
        self.index: dict[Term, dict[NamedNode, list[Term]]] = {}
        self.refs: dict[BlankNode, int] = defaultdict(int)
        for triple in graph:
            s, p, o = (
                triple if all(type(t) in OXIGRAPH for t in triple) else map(to_oxigraph, triple)
            )
            objects = self.index.setdefault(s, {}).setdefault(p, [])
            if o not in objects:
                objects.append(o)
                if isinstance(o, BlankNode):
                    self.refs[o] += 1
        self.names: dict[NamedNode, str] = {}
        self.keys: dict[BlankNode, str] = {}
        self.literals: dict[Literal, str] = {}
        self.labels: dict[BlankNode, str] = {}

    def name(self, node: object) -> str:
        known = self.names.get(node)  # type: ignore[arg-type]
        if known is not None:
            return known
        node = to_oxigraph(node)
        iri = node.value
        written = None
        for prefix, ns in self.by_length:
            if iri.startswith(ns) and PN_LOCAL.fullmatch(iri[len(ns) :]):
                written = f"{prefix}:{iri[len(ns) :]}"
                break
        if written is None and iri in self.namespaces:
            written = f"{self.namespaces[iri]}:"
        if written is None:
            written = "<" + iri.replace(">", "\\u003E") + ">"
        self.names[node] = written  # type: ignore[index]
        return written

    @staticmethod
    def visible(text: str) -> str:
        """Escape invisible characters (non-breaking spaces, controls) as \\uXXXX."""
        if text.isprintable():  # no character of Unicode's "Other" or "Separator" but space
            return text
        return "".join(
            ch
            if ch.isprintable() or ch in "\n\t"
            else f"\\u{ord(ch):04X}"
            if ord(ch) <= 0xFFFF
            else f"\\U{ord(ch):08X}"
            for ch in text
        )

    def literal(self, lit: object) -> str:
        """lit in Turtle with its exact lexical form: bare only for an integer or boolean
        whose lexical form Turtle reads back as it is (`+5`, `007`, `true`)."""
        written = self.literals.get(lit)  # type: ignore[arg-type]
        if written is None:
            lit = to_oxigraph(lit)
            written = self.literals[lit] = self.write_literal(lit)  # type: ignore[index]
        return written

    def write_literal(self, lit: Literal) -> str:
        text, datatype = lit.value, lit.datatype.value
        if datatype == XSD + "integer" and PLAIN_INTEGER.fullmatch(text):
            return text
        if datatype == XSD + "boolean" and text in ("true", "false"):
            return text
        if "\n" in text:
            body = text.replace("\\", "\\\\")
            if body.endswith('"'):  # before the closing quotes: escaped first, so that a
                body = body[:-1] + '\\"'  # trailing run of quotes is not escaped twice
            body = body.replace('"""', '\\"\\"\\"')
            out = f'"""{self.visible(body)}"""'
        else:
            out = '"' + (
                text.replace("\\", "\\\\")
                .replace('"', '\\"')
                .replace("\r", "\\r")
                .replace("\t", "\\t")
            )
            out = '"' + self.visible(out[1:]) + '"'
        if lit.language:
            return f"{out}@{self.tags.get(lit.language, lit.language)}"
        if datatype != XSD + "string":
            return f"{out}^^{self.name(lit.datatype)}"
        return out

    def value(self, node: Term, predicate: NamedNode) -> Term | None:
        objects = self.index.get(node, {}).get(predicate, [])
        return objects[0] if objects else None

    def is_list(self, node: BlankNode) -> bool:
        seen = set()
        cursor: Term = node
        while cursor != RDF_NIL:
            if not isinstance(cursor, BlankNode) or cursor in seen:
                return False
            seen.add(cursor)
            pairs = self.index.get(cursor, {})
            if set(pairs) != {RDF_FIRST, RDF_REST} or any(len(v) != 1 for v in pairs.values()):
                return False
            if self.refs[cursor] != 1:
                return False
            cursor = pairs[RDF_REST][0]
        return True

    def label(self, node: BlankNode) -> str:
        """`_:bN`, numbered in the order of writing: the file's own labels (and pyoxigraph's
        random ones for `[ ... ]`) would make the text depend on the parse."""
        return self.labels.setdefault(node, f"_:b{len(self.labels)}")

    def inlinable(self, node: BlankNode) -> bool:
        return self.refs[node] == 1

    def term(self, node: Term, depth: int, stack: frozenset[BlankNode]) -> str:
        if isinstance(node, NamedNode):
            return self.name(node)
        if isinstance(node, Literal):
            return self.literal(node)
        if node in stack or not self.inlinable(node):
            return self.label(node)
        if self.is_list(node):
            items = []
            cursor: Term = node
            while cursor != RDF_NIL:
                first = self.index[cursor][RDF_FIRST][0]
                items.append(self.term(first, depth, stack | {node}))
                cursor = self.index[cursor][RDF_REST][0]
            return "( " + " ".join(items) + " )"
        return self.nested(node, depth, stack)

    def nested(self, node: BlankNode, depth: int, stack: frozenset[BlankNode]) -> str:
        body = self.predicate_lines(node, depth + 1, stack | {node})
        if not body:
            return "[]"
        flat = "[ " + " ; ".join(line.strip() for line in body) + " ]"
        if all("\n" not in line for line in body) and len(flat) + len(INDENT) * depth <= 90:
            return flat
        pad = INDENT * depth
        return "[\n" + " ;\n".join(body) + "\n" + pad + "]"

    def predicate_lines(self, subject: Term, depth: int, stack: frozenset[BlankNode]) -> list[str]:
        return [line for _p, line in self.predicate_pairs(subject, depth, stack)]

    def predicate_pairs(
        self, subject: Term, depth: int, stack: frozenset[BlankNode]
    ) -> list[tuple[NamedNode, str]]:
        """(predicate, its line) for each predicate-object pair of subject, in canonical order."""
        pad = INDENT * depth
        pairs = self.index.get(subject, {})
        lines = []
        types = sorted(pairs.get(RDF_TYPE, []), key=self.sort_key)
        if types:
            written = " , ".join(self.term(t, depth, stack) for t in types)
            lines.append((RDF_TYPE, pad + "a " + written))
        for pred in sorted((p for p in pairs if p != RDF_TYPE), key=self.name):
            for obj in sorted(pairs[pred], key=self.sort_key):
                lines.append((pred, f"{pad}{self.name(pred)} {self.term(obj, depth, stack)}"))
        return lines

    def sort_key(self, node: Term) -> tuple[int, str]:
        if isinstance(node, NamedNode):
            return (0, self.name(node))
        if isinstance(node, Literal):
            return (1, self.literal(node))
        # blank nodes: order by their content so the output does not depend on labels
        return (2, self.content_key(node, frozenset()))

    def content_key(self, node: Term, stack: frozenset[Term]) -> str:
        if not isinstance(node, BlankNode):
            return self.sort_key(node)[1]
        if node in stack:
            return "_"
        if not stack and node in self.keys:
            return self.keys[node]
        parts = []
        for p, objects in self.index.get(node, {}).items():
            for o in objects:
                parts.append(self.name(p) + " " + self.content_key(o, stack | {node}))
        key = "[" + ";".join(sorted(parts)) + "]"
        if not stack:
            self.keys[node] = key
        return key

    def subjects(self) -> list[Term]:
        """Named subjects by name, then the blank nodes no nesting reaches (by content, then
        the file's order): those used as an object never or more than once, then any left in
        a cycle."""
        named = sorted((s for s in self.index if isinstance(s, NamedNode)), key=self.name)
        blank = [s for s in self.index if isinstance(s, BlankNode)]
        loose = sorted(
            (s for s in blank if not self.inlinable(s)),
            key=self.sort_key,  # a stable sort: equal content stays in the file's order
        )
        reached = self.reached(named + loose) | set(loose)
        cycles = sorted((s for s in blank if s not in reached), key=self.sort_key)
        while cycles:  # a cycle of blank nodes each used once: written from its first label
            loose.append(cycles[0])
            reached |= self.reached([cycles[0]]) | {cycles[0]}
            cycles = [s for s in cycles if s not in reached]
        return named + loose

    def reached(self, roots: list[Term]) -> set[Term]:
        """The blank nodes written nested under roots."""
        seen: set[Term] = set()
        todo = list(roots)
        while todo:
            node = todo.pop()
            for objects in self.index.get(node, {}).values():
                for o in objects:
                    if isinstance(o, BlankNode) and self.inlinable(o) and o not in seen:
                        seen.add(o)
                        todo.append(o)
        return seen


def placed(layout: Layout, writer: Writer) -> tuple[dict[str, list[str]], dict, list[str]]:
    """Where serialise puts layout's comments: (above a subject's block, above a predicate's
    first line, at the end). A predicate's comments whose line heads the block go above the
    block; a subject not written as a block (none, or a blank node) sends them to the end."""
    blocks: dict[str, list[str]] = {}
    predicates: dict[tuple[str, str], list[str]] = {}
    orphans: list[str] = []
    heads: dict[str, str | None] = {}
    for subject in writer.index:
        if isinstance(subject, NamedNode):
            keys = writer.index[subject]
            first = RDF_TYPE if RDF_TYPE in keys else min(keys, key=writer.name)
            heads[subject.value] = first.value
    for key, comments in layout.comments.items():
        if key in heads:
            blocks.setdefault(key, []).extend(comments)
        else:
            orphans += comments
    for (subject, predicate), comments in layout.predicate_comments.items():
        if subject not in heads:
            orphans += comments
        elif (
            predicate == heads[subject]
            or NamedNode(predicate) not in writer.index[NamedNode(subject)]
        ):
            blocks.setdefault(subject, []).extend(comments)
        else:
            predicates.setdefault((subject, predicate), []).extend(comments)
    return blocks, predicates, orphans + layout.trailer


def serialise(graph: Iterable[tuple[object, object, object]], layout: Layout) -> str:
    """The canonical text of graph, with the layout's header, prefixes and comments."""
    writer = Writer(graph, layout.prefixes, layout.tags)
    blocks, predicates, trailer = placed(layout, writer)
    out: list[str] = []
    if layout.header:
        out.extend(layout.header)
    for prefix, ns in writer.prefixes.items():
        out.append(f"@prefix {prefix}: <{ns}> .")
    for subject in writer.subjects():
        out.append("")
        root = frozenset((subject,)) if isinstance(subject, BlankNode) else frozenset()
        pairs = writer.predicate_pairs(subject, 1, root)  # a blank root: `_:label` inside it
        if isinstance(subject, NamedNode):
            out.extend(blocks.get(subject.value, []))
            head = writer.name(subject)
        elif writer.refs[subject] == 0:
            head = writer.nested(subject, 0, frozenset())
            out.append(head + " .")
            continue
        else:
            head = writer.label(subject)
        for i, (pred, line) in enumerate(pairs):
            end = " ;" if i < len(pairs) - 1 else " ."
            if i == 0:
                out.append(head + " " + line.lstrip() + end)
                continue
            if pairs[i - 1][0] != pred:
                key = (subject.value, pred.value)
                out.extend(INDENT + c for c in predicates.get(key, []))
            out.append(line + end)
    if trailer:
        out.append("")
        out.extend(trailer)
    return "\n".join(out) + "\n"
