"""Write a graph as canonical, diff-friendly Turtle that keeps the file's own comments.

Canonical form: the file's header comment, its prefixes sorted, then one block per named
subject sorted by name; `a` first, then one predicate-object pair per line, sorted; blank nodes
used once are nested as `[ … ]`, lists as `( … )`. A comment line belongs to the subject block
below it (or, inside a block, to that block) and moves with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from g40kg.project.errors import InputError

PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>\s*\.?\s*$")
INDENT = "    "
PLAIN_INTEGER = re.compile(r"^[+-]?[0-9]+$")
PN_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")


@dataclass
class Layout:
    """What of a file's text the graph does not hold: prefixes and comments."""

    prefixes: dict[str, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)
    comments: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    trailer: list[str] = field(default_factory=list)


def _code_comment_start(line: str) -> int | None:
    """Index of a '#' that starts a comment after code on this line, or None."""
    in_string: str | None = None
    in_iri = False
    i = 0
    while i < len(line):
        ch = line[i]
        if in_string:
            if ch == "\\":
                i += 2
                continue
            if line.startswith(in_string, i):
                i += len(in_string)
                in_string = None
                continue
        elif in_iri:
            in_iri = ch != ">"
        elif ch == "<":
            in_iri = True
        elif line.startswith('"""', i) or line.startswith("'''", i):
            in_string = line[i : i + 3]
            i += 3
            continue
        elif ch in "\"'":
            in_string = ch
        elif ch == "#":
            return i
        i += 1
    return None


def read_layout(path: str, text: str) -> Layout:
    """Collect prefixes and comments, attaching each comment to the block it stands in or above."""
    layout = Layout()
    pending: list[str] = []
    seen_code = False
    in_long_string = False
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_long_string:
            in_long_string = line.count('"""') % 2 == 0
            continue
        stripped = line.strip()
        if not stripped:
            if not seen_code and pending:
                layout.header.extend(pending + [""])
                pending = []
            continue
        if stripped.startswith("#"):
            pending.append(stripped)
            continue
        match = PREFIX_LINE.match(line)
        if match:
            if not seen_code:
                layout.header.extend(pending)
                pending = []
            layout.prefixes[match.group(1) or ""] = match.group(2)
            seen_code = True
            continue
        seen_code = True
        if line.count('"""') % 2 == 1:
            in_long_string = True
        elif _code_comment_start(line) is not None:
            raise InputError(
                path,
                number,
                "a comment after code on the same line: put it on its own line "
                "above the statement, so that g40kg fmt can keep it",
            )
        if not line[0].isspace() and not line.startswith(("]", ")")):
            current = line.split()[0]
        if pending:
            layout.comments[current or ""].extend(pending)
            pending = []
    layout.trailer = pending
    while layout.header and layout.header[-1] == "":
        layout.header.pop()
    return layout


class Writer:
    """Serialise one graph in the canonical form, given the file's prefixes."""

    def __init__(self, graph: Graph, prefixes: dict[str, str]) -> None:
        self.graph = graph
        self.prefixes = dict(sorted(prefixes.items()))
        self.by_length = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        self.refs: dict[BNode, int] = defaultdict(int)
        for _s, _p, o in graph:
            if isinstance(o, BNode):
                self.refs[o] += 1

    def name(self, node: URIRef) -> str:
        iri = str(node)
        for prefix, ns in self.by_length:
            if iri.startswith(ns) and PN_LOCAL.match(iri[len(ns) :]):
                return f"{prefix}:{iri[len(ns) :]}"
        if iri in {ns for _p, ns in self.by_length}:
            prefix = next(p for p, ns in self.by_length if ns == iri)
            return f"{prefix}:"
        return "<" + iri.replace(">", "\\u003E") + ">"

    @staticmethod
    def visible(text: str) -> str:
        """Escape invisible characters (non-breaking spaces, controls) as \\uXXXX."""
        return "".join(
            ch
            if ch in "\n\t" or ch == " " or unicodedata.category(ch)[0] not in "ZC"
            else f"\\u{ord(ch):04X}"
            if ord(ch) <= 0xFFFF
            else f"\\U{ord(ch):08X}"
            for ch in text
        )

    def literal(self, lit: Literal) -> str:
        if lit.datatype == XSD.integer and PLAIN_INTEGER.match(str(lit)):
            return str(lit)
        if lit.datatype == XSD.boolean and str(lit) in ("true", "false"):
            return str(lit)
        text = str(lit)
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
            return f"{out}@{lit.language}"
        if lit.datatype and lit.datatype != XSD.string:
            return f"{out}^^{self.name(lit.datatype)}"
        return out

    def is_list(self, node: BNode) -> bool:
        seen = set()
        while node != RDF.nil:
            if not isinstance(node, BNode) or node in seen:
                return False
            seen.add(node)
            preds = sorted(set(self.graph.predicates(node, None)))
            if (
                preds != sorted([RDF.first, RDF.rest])
                or len(list(self.graph.objects(node, RDF.first))) != 1
            ):
                return False
            if self.refs[node] != 1:
                return False
            node = self.graph.value(node, RDF.rest)
        return True

    def inlinable(self, node: BNode) -> bool:
        return self.refs[node] == 1

    def term(self, node: object, depth: int, stack: frozenset[BNode]) -> str:
        if isinstance(node, URIRef):
            return self.name(node)
        if isinstance(node, Literal):
            return self.literal(node)
        assert isinstance(node, BNode)
        if node in stack or not self.inlinable(node):
            return f"_:{node}"
        if self.is_list(node):
            items = []
            cursor = node
            while cursor != RDF.nil:
                items.append(self.term(self.graph.value(cursor, RDF.first), depth, stack | {node}))
                cursor = self.graph.value(cursor, RDF.rest)
            return "( " + " ".join(items) + " )"
        body = self.predicate_lines(node, depth + 1, stack | {node})
        if not body:
            return "[]"
        flat = "[ " + " ; ".join(line.strip() for line in body) + " ]"
        if all("\n" not in line for line in body) and len(flat) + len(INDENT) * depth <= 90:
            return flat
        pad = INDENT * depth
        return "[\n" + " ;\n".join(body) + "\n" + pad + "]"

    def predicate_lines(self, subject: object, depth: int, stack: frozenset[BNode]) -> list[str]:
        pad = INDENT * depth
        lines = []
        types = sorted(self.graph.objects(subject, RDF.type), key=self.sort_key)
        if types:
            lines.append(pad + "a " + " , ".join(self.term(t, depth, stack) for t in types))
        preds = sorted(
            (p for p in set(self.graph.predicates(subject, None)) if p != RDF.type),
            key=lambda p: self.name(p),
        )
        for pred in preds:
            objects = sorted(self.graph.objects(subject, pred), key=self.sort_key)
            for obj in objects:
                lines.append(f"{pad}{self.name(pred)} {self.term(obj, depth, stack)}")
        return lines

    def sort_key(self, node: object) -> tuple[int, str]:
        if isinstance(node, URIRef):
            return (0, self.name(node))
        if isinstance(node, Literal):
            return (1, self.literal(node))
        # blank nodes: order by their content so the output does not depend on labels
        return (2, self.content_key(node, frozenset()))

    def content_key(self, node: object, stack: frozenset[object]) -> str:
        if not isinstance(node, BNode):
            return self.sort_key(node)[1]
        if node in stack:
            return "_"
        parts = []
        for p, o in sorted(self.graph.predicate_objects(node), key=lambda po: str(po)):
            parts.append(self.name(p) + " " + self.content_key(o, stack | {node}))
        return "[" + ";".join(sorted(parts)) + "]"

    def subjects(self) -> list[object]:
        named = {s for s in self.graph.subjects() if isinstance(s, URIRef)}
        loose = {s for s in self.graph.subjects() if isinstance(s, BNode) and not self.inlinable(s)}
        return sorted(named, key=self.name) + sorted(loose, key=self.sort_key)


def serialise(graph: Graph, layout: Layout) -> str:
    """The canonical text of graph, with the layout's header, prefixes and comments."""
    writer = Writer(graph, layout.prefixes)
    out: list[str] = []
    if layout.header:
        out.extend(layout.header)
    for prefix, ns in writer.prefixes.items():
        out.append(f"@prefix {prefix}: <{ns}> .")
    orphan_comments = dict(layout.comments)
    for subject in writer.subjects():
        out.append("")
        if isinstance(subject, URIRef):
            key = writer.name(subject)
            out.extend(orphan_comments.pop(key, []))
            head = key
        else:
            head = f"_:{subject}"
        lines = writer.predicate_lines(subject, 1, frozenset())
        out.append(head + " " + lines[0].lstrip() + (" ;" if len(lines) > 1 else " ."))
        for i, line in enumerate(lines[1:], start=1):
            out.append(line + (" ;" if i < len(lines) - 1 else " ."))
    leftovers = [c for comments in orphan_comments.values() for c in comments] + layout.trailer
    if leftovers:
        out.append("")
        out.extend(leftovers)
    return "\n".join(out) + "\n"
