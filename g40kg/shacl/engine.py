"""SHACL validation of the g40kg shapes on a pyoxigraph store, every focus node at once.

Why not pyshacl: pyshacl walks every focus node in Python over rdflib and runs each
SHACL-SPARQL query once per focus node; at a million triples that is hours. Here every
constraint is evaluated for all focus nodes at once: values come from pyoxigraph's indexes
(one scan per predicate), classes from one scan of rdf:type plus the rdfs:subClassOf closure,
and each sh:sparql SELECT runs once with $this free (its rows are then kept for the targets).

Supported: targetClass, targetSubjectsOf, targetNode, targetObjectsOf; predicate, sequence,
inverse, alternative and */+/? paths; class, datatype, nodeKind, pattern(+flags), in,
minLength, maxLength, min/maxInclusive/Exclusive, languageIn, uniqueLang, minCount, maxCount,
equals, disjoint, lessThan, lessThanOrEquals, or, and, not, xone, node, qualifiedValueShape
(min/max), sparql SELECT with $this. Anything else in a shape raises UnsupportedShape, so
nothing is silently skipped. Results are one per value node (per focus node for counts, per
row for SPARQL), as pyshacl reports them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store, parse

from g40kg.project.sparql_text import this_as_variable

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = NamedNode(RDF + "type")
SUBCLASS = NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
FIRST, REST, NIL = NamedNode(RDF + "first"), NamedNode(RDF + "rest"), NamedNode(RDF + "nil")

Term = NamedNode | BlankNode | Literal
# {?name} or {$name} in a SHACL-SPARQL message: the row's value of that variable.
TEMPLATE_VAR = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")

# Parameters that are not constraints of their own (they qualify one) or carry no check.
IGNORED = {
    "path",
    "message",
    "name",
    "description",
    "order",
    "group",
    "severity",
    "deactivated",
    "flags",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint",
    "targetClass",
    "targetSubjectsOf",
    "targetObjectsOf",
    "targetNode",
    "property",
    "declare",
    "prefixes",
    "defaultValue",
}


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature this validator does not implement."""


@dataclass(frozen=True)
class Result:
    """One validation result: the constraint's shape (a property shape may be a blank node)."""

    focus: Term
    shape: Term
    component: str  # local name, e.g. "ClassConstraintComponent"
    value: Term | None
    message: str


def sh(name: str) -> NamedNode:
    return NamedNode(SH + name)


class ShapesGraph:
    """The shapes graph as dictionaries: a few thousand triples, read once."""

    def __init__(self, triples: Iterable) -> None:
        self.spo: dict[Term, dict[str, list[Term]]] = {}
        for t in triples:
            self.spo.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)
        self.parent: dict[Term, Term] = {}
        for s, preds in self.spo.items():
            for child in preds.get(SH + "property", []):
                self.parent[child] = s

    @classmethod
    def from_turtle(cls, texts: Iterable[str]) -> ShapesGraph:
        triples = []
        for text in texts:
            triples += list(parse(text, format=RdfFormat.TURTLE))
        return cls(triples)

    def objects(self, s: Term, name: str, ns: str = SH) -> list[Term]:
        return self.spo.get(s, {}).get(ns + name, [])

    def value(self, s: Term, name: str) -> Term | None:
        found = self.objects(s, name)
        return found[0] if found else None

    def items(self, head: Term) -> list[Term]:
        out = []
        while head != NIL:
            out.append(self.spo[head][FIRST.value][0])
            head = self.spo[head][REST.value][0]
        return out

    def named_shape(self, shape: Term) -> Term:
        """The node shape a property shape hangs under (the shape itself if it is named)."""
        return self.parent.get(shape, shape)

    def targeted(self) -> list[Term]:
        keys = ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode")
        return sorted(
            (s for s in self.spo if any(self.objects(s, k) for k in keys)), key=lambda n: str(n)
        )

    def prefixes(self, constraint: Term) -> str:
        lines = []
        for ontology in self.objects(constraint, "prefixes"):
            for decl in self.objects(ontology, "declare"):
                prefix = self.value(decl, "prefix")
                ns = self.value(decl, "namespace")
                lines.append(f"PREFIX {prefix.value}: <{ns.value}>")
        return "\n".join(lines)


# -- literals ------------------------------------------------------------------------------

LEXICAL = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "gYear": re.compile(r"-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?"),
    XSD + "gYearMonth": re.compile(r"-?[0-9]{4,}-(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?"),
    XSD + "boolean": re.compile(r"true|false|0|1"),
    XSD + "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
}


def well_formed(lit: Literal) -> bool:
    """Is the literal's lexical form valid for its datatype (pyshacl reports ill-typed ones)?"""
    dtype = lit.datatype.value
    if dtype == XSD + "date":
        text = lit.value
        match = re.fullmatch(r"(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?", text)
        if not match:
            return False
        try:
            dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return False
        return True
    pattern = LEXICAL.get(dtype)
    return pattern is None or pattern.fullmatch(lit.value) is not None


def number(term: Term) -> Decimal | str | None:
    """A comparable value: numbers as Decimal, dates and strings as text, else None."""
    if not isinstance(term, Literal):
        return None
    dtype = term.datatype.value
    if dtype in (XSD + "integer", XSD + "decimal", XSD + "double", XSD + "float", XSD + "int"):
        try:
            return Decimal(term.value)
        except InvalidOperation:
            return None
    if dtype in (XSD + "date", XSD + "dateTime", XSD + "string"):
        return term.value
    return None


def compare(a: Term, b: Term) -> int | None:
    x, y = number(a), number(b)
    if x is None or y is None or type(x) is not type(y):
        return None
    return (x > y) - (x < y)


# -- the data --------------------------------------------------------------------------------


class Data:
    """Read access to the store with caches; `bulk` fills them with one scan per predicate."""

    def __init__(self, store: Store, bulk: bool) -> None:
        self.store = store
        self.bulk = bulk
        self._out: dict[str, dict[Term, list[Term]]] = {}
        self._node_out: dict[tuple[Term, str], list[Term]] = {}
        self._types: dict[Term, set[str]] | None = None
        self._node_types: dict[Term, set[str]] = {}
        self.sub: dict[str, set[str]] = {}  # class -> itself and all subclasses
        direct: dict[str, set[str]] = {}
        for q in store.quads_for_pattern(None, SUBCLASS, None):
            direct.setdefault(q.object.value, set()).add(q.subject.value)
        self._direct_sub = direct

    def subclasses(self, cls: str) -> set[str]:
        if cls not in self.sub:
            seen, todo = {cls}, [cls]
            while todo:
                for child in self._direct_sub.get(todo.pop(), ()):
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
            self.sub[cls] = seen
        return self.sub[cls]

    def pairs(self, predicate: str) -> dict[Term, list[Term]]:
        """Every subject with its distinct objects for one predicate (bulk mode)."""
        if predicate not in self._out:
            table: dict[Term, dict[Term, None]] = {}
            for q in self.store.quads_for_pattern(None, NamedNode(predicate), None):
                table.setdefault(q.subject, {})[q.object] = None
            self._out[predicate] = {s: list(o) for s, o in table.items()}
        return self._out[predicate]

    def objects(self, node: Term, predicate: str) -> list[Term]:
        if isinstance(node, Literal):
            return []
        if self.bulk:
            return self.pairs(predicate).get(node, [])
        key = (node, predicate)
        if key not in self._node_out:
            found = self.store.quads_for_pattern(node, NamedNode(predicate), None)
            self._node_out[key] = list(dict.fromkeys(q.object for q in found))
        return self._node_out[key]

    def subjects(self, predicate: str, obj: Term) -> list[Term]:
        found = self.store.quads_for_pattern(None, NamedNode(predicate), obj)
        return list(dict.fromkeys(q.subject for q in found))

    def types(self, node: Term) -> set[str]:
        if isinstance(node, Literal):
            return set()
        if self.bulk:
            if self._types is None:
                table: dict[Term, set[str]] = {}
                for q in self.store.quads_for_pattern(None, TYPE, None):
                    table.setdefault(q.subject, set()).add(q.object.value)
                self._types = table
            return self._types.get(node, set())
        if node not in self._node_types:
            found = self.store.quads_for_pattern(node, TYPE, None)
            self._node_types[node] = {q.object.value for q in found}
        return self._node_types[node]

    def is_instance(self, node: Term, cls: str) -> bool:
        return not self.subclasses(cls).isdisjoint(self.types(node))

    def instances(self, cls: str) -> list[Term]:
        out: dict[Term, None] = {}
        for c in sorted(self.subclasses(cls)):
            for q in self.store.quads_for_pattern(None, TYPE, NamedNode(c)):
                out[q.subject] = None
        return list(out)


# -- the validator ---------------------------------------------------------------------------


class Validator:
    """Evaluates the shapes over a Data view, for all targets or for a set of focus nodes."""

    def __init__(self, shapes: ShapesGraph, data: Data) -> None:
        self.shapes = shapes
        self.data = data

    # targets
    def targets(self, shape: Term) -> list[Term]:
        s, d = self.shapes, self.data
        found: dict[Term, None] = {}
        for cls in s.objects(shape, "targetClass"):
            found.update(dict.fromkeys(d.instances(cls.value)))
        for p in s.objects(shape, "targetSubjectsOf"):
            found.update(dict.fromkeys(d.pairs(p.value)))
        for p in s.objects(shape, "targetObjectsOf"):
            for objs in d.pairs(p.value).values():
                found.update(dict.fromkeys(objs))
        found.update(dict.fromkeys(s.objects(shape, "targetNode")))
        return list(found)

    def run(self) -> list[Result]:
        results: list[Result] = []
        for shape in self.shapes.targeted():
            foci = self.targets(shape)
            if foci:
                results += self.evaluate(shape, foci)
        return results

    # paths
    def path_values(self, path: Term, nodes: Iterable[Term]) -> dict[Term, list[Term]]:
        return {n: self._walk(path, n) for n in nodes}

    def _walk(self, path: Term, node: Term) -> list[Term]:
        s, d = self.shapes, self.data
        if isinstance(path, NamedNode):
            return d.objects(node, path.value)
        if s.objects(path, FIRST.value, ns=""):
            current = [node]
            for step in s.items(path):
                current = list(dict.fromkeys(v for n in current for v in self._walk(step, n)))
            return current
        if inverse := s.value(path, "inversePath"):
            if not isinstance(inverse, NamedNode):
                raise UnsupportedShape("complex sh:inversePath")
            return d.subjects(inverse.value, node)
        if alt := s.value(path, "alternativePath"):
            return list(dict.fromkeys(v for p in s.items(alt) for v in self._walk(p, node)))
        for kind in ("zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath"):
            if inner := s.value(path, kind):
                seen: dict[Term, None] = {node: None} if kind != "oneOrMorePath" else {}
                frontier = [node]
                while frontier:
                    nxt = [v for n in frontier for v in self._walk(inner, n) if v not in seen]
                    seen.update(dict.fromkeys(nxt))
                    frontier = [] if kind == "zeroOrOnePath" else nxt
                return list(seen)
        raise UnsupportedShape(f"unknown path {path}")

    def conforming(self, shape: Term, nodes: list[Term]) -> set[Term]:
        failed = {r.focus for r in self.evaluate(shape, nodes)}
        return set(nodes) - failed

    # constraints
    def evaluate(self, shape: Term, foci: list[Term]) -> list[Result]:
        s, d = self.shapes, self.data
        params = s.spo.get(shape, {})
        path = s.value(shape, "path")
        values = self.path_values(path, foci) if path is not None else {f: [f] for f in foci}
        message = " / ".join(sorted(m.value for m in s.objects(shape, "message")))
        out: list[Result] = []

        def fail(focus: Term, component: str, value: Term | None) -> None:
            out.append(Result(focus, shape, component + "ConstraintComponent", value, message))

        def each(component: str, ok) -> None:  # one result per failing value node
            for f, vs in values.items():
                for v in vs:
                    if not ok(f, v):
                        fail(f, component, v)

        for key in params:
            if not key.startswith(SH):
                continue
            name = key[len(SH) :]
            if name in IGNORED:
                continue
            for arg in params[key]:
                if name == "class":
                    each("Class", lambda f, v, c=arg.value: d.is_instance(v, c))
                elif name == "datatype":
                    each("Datatype", lambda f, v, t=arg.value: _has_datatype(v, t))
                elif name == "nodeKind":
                    each("NodeKind", lambda f, v, k=arg.value: _node_kind(v, k))
                elif name == "pattern":
                    flags = s.value(shape, "flags")
                    rx = re.compile(arg.value, re.I if flags and "i" in flags.value else 0)
                    each(
                        "Pattern",
                        lambda f, v, rx=rx: (
                            not isinstance(v, BlankNode) and rx.search(v.value) is not None
                        ),
                    )
                elif name in ("minLength", "maxLength"):
                    n = int(arg.value)
                    each(
                        name[0].upper() + name[1:],
                        lambda f, v, n=n, lo=name == "minLength": (
                            not isinstance(v, BlankNode)
                            and (len(v.value) >= n if lo else len(v.value) <= n)
                        ),
                    )
                elif name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
                    ok = {
                        "minInclusive": lambda c: c >= 0,
                        "maxInclusive": lambda c: c <= 0,
                        "minExclusive": lambda c: c > 0,
                        "maxExclusive": lambda c: c < 0,
                    }[name]
                    each(
                        name[0].upper() + name[1:],
                        lambda f, v, a=arg, ok=ok: (c := compare(v, a)) is not None and ok(c),
                    )
                elif name == "in":
                    allowed = set(s.items(arg))
                    each("In", lambda f, v, allowed=allowed: v in allowed)
                elif name == "languageIn":
                    langs = [x.value.lower() for x in s.items(arg)]
                    each("LanguageIn", lambda f, v, langs=langs: _lang_in(v, langs))
                elif name == "minCount":
                    for f, vs in values.items():
                        if len(vs) < int(arg.value):
                            fail(f, "MinCount", None)
                elif name == "maxCount":
                    for f, vs in values.items():
                        if len(vs) > int(arg.value):
                            fail(f, "MaxCount", None)
                elif name == "uniqueLang":
                    if arg.value == "true":
                        for f, vs in values.items():
                            langs = [
                                v.language for v in vs if isinstance(v, Literal) and v.language
                            ]
                            for _lang in sorted({x for x in langs if langs.count(x) > 1}):
                                fail(f, "UniqueLang", None)
                elif name in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
                    self._pairwise(name, arg.value, values, fail)
                elif name in ("or", "and", "xone", "not", "node"):
                    self._logical(name, arg, values, fail)
                elif name == "qualifiedValueShape":
                    everything = list(dict.fromkeys(v for vs in values.values() for v in vs))
                    good = self.conforming(arg, everything)
                    low, high = (
                        s.value(shape, "qualifiedMinCount"),
                        s.value(shape, "qualifiedMaxCount"),
                    )
                    for f, vs in values.items():
                        n = sum(1 for v in vs if v in good)
                        if low is not None and n < int(low.value):
                            fail(f, "QualifiedMinCount", None)
                        if high is not None and n > int(high.value):
                            fail(f, "QualifiedMaxCount", None)
                elif name == "sparql":
                    out += self._sparql(shape, arg, foci, message)
                else:
                    raise UnsupportedShape(f"sh:{name} is not supported by the fast validator")
        for child in s.objects(shape, "property"):
            out += self.evaluate(child, foci)
        return out

    def _pairwise(self, name: str, prop: str, values: dict, fail) -> None:
        component = name[0].upper() + name[1:]
        for f, vs in values.items():
            others = self.data.objects(f, prop)
            if name == "equals":
                for v in [v for v in vs if v not in others] + [o for o in others if o not in vs]:
                    fail(f, component, v)
            elif name == "disjoint":
                for v in vs:
                    if v in others:
                        fail(f, component, v)
            else:
                for v in vs:
                    for o in others:
                        c = compare(v, o)
                        if c is None or c > 0 or (c == 0 and name == "lessThan"):
                            fail(f, component, v)

    def _logical(self, name: str, arg: Term, values: dict, fail) -> None:
        members = self.shapes.items(arg) if name in ("or", "and", "xone") else [arg]
        everything = list(dict.fromkeys(v for vs in values.values() for v in vs))
        good = [self.conforming(m, everything) for m in members]
        for f, vs in values.items():
            for v in vs:
                hits = sum(1 for g in good if v in g)
                ok = {
                    "or": hits >= 1,
                    "and": hits == len(members),
                    "xone": hits == 1,
                    "not": hits == 0,
                    "node": hits == 1,
                }[name]
                if not ok:
                    fail(f, name[0].upper() + name[1:], v)

    def _sparql(
        self, shape: Term, constraint: Term, foci: list[Term], message: str
    ) -> list[Result]:
        s = self.shapes
        select = s.value(constraint, "select")
        if select is None:
            raise UnsupportedShape("sh:sparql without sh:select")
        text = s.prefixes(constraint) + "\n" + this_as_variable(select.value)
        own = " / ".join(sorted(m.value for m in s.objects(constraint, "message"))) or message
        wanted = set(foci)
        query = self.data.store.query(text, use_default_graph_as_union=True)
        rows = [r for r in query if r["this"] in wanted]
        out = []
        is_node_shape = s.value(shape, "path") is None
        for row in rows:
            try:
                value = row["value"]
            except KeyError:
                value = None
            if value is None and is_node_shape:  # as pyshacl: the focus node is the value
                value = row["this"]
            text = TEMPLATE_VAR.sub(lambda m, row=row: _bound_text(row, m.group(1)), own)
            out.append(Result(row["this"], shape, "SPARQLConstraintComponent", value, text))
        return out


def _bound_text(row, name: str) -> str:
    """A solution's value as pyshacl writes it into a message's {?name} (its lexical form)."""
    try:
        term = row[name]
    except KeyError:
        term = None
    return "" if term is None else term.value


def _has_datatype(v: Term, dtype: str) -> bool:
    if not isinstance(v, Literal):
        return False
    actual = RDF + "langString" if v.language else v.datatype.value
    return actual == dtype and well_formed(v)


def _node_kind(v: Term, kind: str) -> bool:
    k = kind[len(SH) :]
    is_iri, is_bnode, is_lit = (
        isinstance(v, NamedNode),
        isinstance(v, BlankNode),
        isinstance(v, Literal),
    )
    return {
        "IRI": is_iri,
        "BlankNode": is_bnode,
        "Literal": is_lit,
        "BlankNodeOrIRI": is_bnode or is_iri,
        "BlankNodeOrLiteral": is_bnode or is_lit,
        "IRIOrLiteral": is_iri or is_lit,
    }[k]


def _lang_in(v: Term, langs: list[str]) -> bool:
    if not isinstance(v, Literal) or not v.language:
        return False
    lang = v.language.lower()
    return any(lang == x or lang.startswith(x + "-") for x in langs)


# -- entry points ----------------------------------------------------------------------------


def validate_store(store: Store, shapes: ShapesGraph) -> list[Result]:
    """Every result of every targeted shape over the whole store (union of its graphs)."""
    return Validator(shapes, Data(store, bulk=True)).run()


def owner(store: Store, node: Term) -> Term:
    """The named node a blank node hangs under (as pyshacl reports are read by g40kg)."""
    seen = set()
    while isinstance(node, BlankNode) and node not in seen:
        seen.add(node)
        parent = next(iter(store.quads_for_pattern(None, None, node)), None)
        if parent is None:
            break
        node = parent.subject
    return node
