"""Parameter values as RDF terms: parse them by declared type, write them as safe SPARQL.

Why: a value is never pasted into query text. The embedded store takes the terms as rdflib
initBindings; a remote endpoint gets them as a `VALUES ?name { term }` clause right after the
outermost WHERE's opening brace, written here so that no value can end the term early.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from .errors import UsageError
from .namespaces import PREFIXES
from .sparqltext import outermost_where_brace

IRI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
IRI_FORBIDDEN = set('<>"{}|^`\\')
CURIE = re.compile(r"([a-z][a-z0-9]*):([^/].*)?")
LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
INTEGER = re.compile(r"[+-]?\d+")
VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# The escapes of SPARQL's ECHAR; every other character may stand as it is in a "…" literal.
ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def check_iri(value: str, what: str) -> str:
    """value if it is an absolute IRI SPARQL can write as <value>; else UsageError naming what."""
    bad = sorted({c for c in value if c in IRI_FORBIDDEN or ord(c) <= 0x20})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        raise UsageError(f"{what}: {value!r} is not an IRI (it contains {shown})")
    if not IRI_SCHEME.match(value):
        raise UsageError(f"{what}: {value!r} is not an absolute IRI (no scheme such as https:)")
    return value


def parse_iri(value: str, what: str) -> URIRef:
    """A full IRI, or a prefixed name with one of the project's prefixes (fact:…, body:…)."""
    match = CURIE.fullmatch(value)
    if match and match.group(1) in PREFIXES:
        value = PREFIXES[match.group(1)] + (match.group(2) or "")
    return URIRef(check_iri(value, what))


def parse_value(kind: str, raw: str, what: str) -> Identifier:
    """The RDF term for raw as a value of type kind (string, iri, date, integer)."""
    if kind == "string":
        controls = sorted({c for c in raw if ord(c) < 0x20 and c not in "\t\n\r"})
        if controls:
            raise UsageError(f"{what}: control character {controls[0]!r} in {raw!r}")
        return Literal(raw)
    if kind == "iri":
        return parse_iri(raw, what)
    if kind == "date":
        try:
            if not DATE.fullmatch(raw):
                raise ValueError
            datetime.date.fromisoformat(raw)
        except ValueError:
            raise UsageError(f"{what}: {raw!r} is not a date (YYYY-MM-DD)") from None
        return Literal(raw, datatype=XSD.date)
    if kind == "integer":
        if not INTEGER.fullmatch(raw):
            raise UsageError(f"{what}: {raw!r} is not an integer")
        return Literal(int(raw))
    raise UsageError(f"{what}: unknown parameter type {kind!r}")


def sparql_term(term: Identifier) -> str:
    """term in SPARQL syntax: an IRI is checked, a literal escaped per the SPARQL grammar."""
    if isinstance(term, URIRef):
        return f"<{check_iri(str(term), 'IRI')}>"
    if isinstance(term, Literal):
        body = '"' + "".join(ECHAR.get(c, c) for c in str(term)) + '"'
        if term.language:
            if not LANG_TAG.fullmatch(term.language):
                raise UsageError(f"language tag {term.language!r} is not valid")
            return f"{body}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            # Plain: Virtuoso does not treat "x"^^xsd:string as equal to "x" (RDF 1.1 does).
            return f"{body}^^<{check_iri(str(term.datatype), 'datatype')}>"
        return body
    raise UsageError(f"cannot bind {term!r}: only IRIs and literals can be parameter values")


def values_clause(bindings: Mapping[str, Identifier]) -> str:
    """One `VALUES ?name { term }` line per binding, in name order."""
    for name in bindings:
        if not VARIABLE.fullmatch(name):
            raise UsageError(f"parameter name {name!r} is not a SPARQL variable name")
    return "".join(
        f"VALUES ?{name} {{ {sparql_term(term)} }}\n" for name, term in sorted(bindings.items())
    )


def inject_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """text with the bindings as VALUES clauses right after the outermost WHERE's brace."""
    if not bindings:
        return text
    brace = outermost_where_brace(text)
    return text[: brace + 1] + "\n" + values_clause(bindings) + text[brace + 1 :]
