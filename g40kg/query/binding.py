"""Parameter values as RDF terms: parse them by declared type, write them as safe SPARQL.

Why: a value is never pasted into query text. The embedded store takes the terms as rdflib
initBindings; a remote endpoint gets them as a `VALUES ?name { term }` clause right after the
outermost WHERE's opening brace, written here so that no value can end the term early.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from g40kg.project.errors import UsageError
from g40kg.project.prefixes import PREFIXES
from g40kg.project.sparql_text import outermost_where_brace

if TYPE_CHECKING:  # rdflib is imported where terms are built: the cached query path skips it
    from rdflib import URIRef
    from rdflib.term import Identifier

IRI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
IRI_FORBIDDEN = set('<>"{}|^`\\')
CURIE = re.compile(r"([a-z][a-z0-9]*):([^/].*)?")
LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
INTEGER = re.compile(r"[+-]?\d+")
MAX_INTEGER_DIGITS = 100
VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# The escapes of SPARQL's ECHAR; every other character may stand as it is in a "…" literal.
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def check_iri(value: str, what: str) -> str:
    """value if it is an absolute IRI SPARQL can write as <value>; else UsageError naming what."""
    # Control characters (C0, DEL, C1) are no IRI characters (RFC 3987); servers refuse them.
    bad = sorted(
        {c for c in value if c in IRI_FORBIDDEN or ord(c) <= 0x20 or 0x7F <= ord(c) <= 0x9F}
    )
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        raise UsageError(f"{what}: {value!r} is not an IRI (it contains {shown})")
    if not IRI_SCHEME.match(value):
        raise UsageError(f"{what}: {value!r} is not an absolute IRI (no scheme such as https:)")
    return value


def expand_iri(value: str, what: str) -> str:
    """A full IRI, or a prefixed name with one of the project's prefixes (fact:…, body:…)."""
    match = CURIE.fullmatch(value)
    if match and match.group(1) in PREFIXES:
        value = PREFIXES[match.group(1)] + (match.group(2) or "")
    return check_iri(value, what)


def parse_iri(value: str, what: str) -> URIRef:
    """expand_iri as an rdflib term."""
    from rdflib import URIRef

    return URIRef(expand_iri(value, what))


def checked_value(kind: str, raw: str, what: str) -> str:
    """raw checked as a value of type kind: the IRI or the literal's (canonical) lexical form.

    Why separate from the terms: the cached query path writes the value as SPARQL text
    (value_sparql) without rdflib; both paths check exactly the same way here."""
    if kind == "string":
        controls = sorted({c for c in raw if ord(c) < 0x20 and c not in "\t\n\r"})
        if controls:
            raise UsageError(f"{what}: control character {controls[0]!r} in {raw!r}")
        return raw
    if kind == "iri":
        return expand_iri(raw, what)
    if kind == "date":
        try:
            if not DATE.fullmatch(raw):
                raise ValueError
            datetime.date.fromisoformat(raw)
        except ValueError:
            raise UsageError(f"{what}: {raw!r} is not a date (YYYY-MM-DD)") from None
        return raw
    if kind == "integer":
        if not INTEGER.fullmatch(raw):
            raise UsageError(f"{what}: {raw!r} is not an integer")
        if len(raw) > MAX_INTEGER_DIGITS:  # int() itself refuses beyond 4300 digits
            raise UsageError(f"{what}: an integer of {len(raw)} digits is not a count of anything")
        return str(int(raw))
    raise UsageError(f"{what}: unknown parameter type {kind!r}")


def parse_value(kind: str, raw: str, what: str) -> Identifier:
    """The RDF term for raw as a value of type kind (string, iri, date, integer)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    value = checked_value(kind, raw, what)
    if kind == "iri":
        return URIRef(value)
    if kind == "date":
        return Literal(value, datatype=XSD.date)
    if kind == "integer":
        return Literal(int(value))
    return Literal(value)


def _quoted(text: str) -> str:
    """text as a "…" literal. SPARQL reads \\u and \\U escapes before it parses (rdflib does so
    across the whole query), so a u or U right after a backslash is written \\U00000075 /
    \\U00000055: an escaped backslash can never start a code-point escape."""
    out = []
    for i, c in enumerate(text):
        if c in "uU" and i and text[i - 1] == "\\":
            out.append(f"\\U{ord(c):08X}")  # 8 digits: no hex digit after it is read on
        else:
            out.append(ECHAR.get(c, c))
    return '"' + "".join(out) + '"'


def value_sparql(kind: str, raw: str, what: str) -> str:
    """The SPARQL text of parse_value(kind, raw, what)'s term, without building it."""
    value = checked_value(kind, raw, what)
    if kind == "iri":
        return f"<{value}>"
    if kind in ("date", "integer"):
        return f"{_quoted(value)}^^<{XSD_NS}{kind}>"
    return _quoted(value)


def sparql_term(term: Identifier) -> str:
    """term in SPARQL syntax: an IRI is checked, a literal escaped per the SPARQL grammar."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    if isinstance(term, URIRef):
        return f"<{check_iri(str(term), 'IRI')}>"
    if isinstance(term, Literal):
        body = _quoted(str(term))
        if term.language:
            if not LANG_TAG.fullmatch(term.language):
                raise UsageError(f"language tag {term.language!r} is not valid")
            return f"{body}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            # Plain: Virtuoso does not treat "x"^^xsd:string as equal to "x" (RDF 1.1 does).
            return f"{body}^^<{check_iri(str(term.datatype), 'datatype')}>"
        return body
    raise UsageError(f"cannot bind {term!r}: only IRIs and literals can be parameter values")


def _check_names(names: Iterable[str]) -> None:
    for name in names:
        if not VARIABLE.fullmatch(name):
            raise UsageError(f"parameter name {name!r} is not a SPARQL variable name")


def values_clause(bindings: Mapping[str, Identifier]) -> str:
    """One `VALUES ?name { term }` line per binding, in name order."""
    _check_names(bindings)
    return values_clause_text({name: sparql_term(term) for name, term in bindings.items()})


def values_clause_text(terms: Mapping[str, str]) -> str:
    """values_clause for terms already written as SPARQL (by sparql_term or value_sparql)."""
    _check_names(terms)
    return "".join(f"VALUES ?{name} {{ {term} }}\n" for name, term in sorted(terms.items()))


def inject_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """text with the bindings as VALUES clauses right after the outermost WHERE's brace."""
    if not bindings:
        return text
    brace = outermost_where_brace(text)
    return text[: brace + 1] + "\n" + values_clause(bindings) + text[brace + 1 :]


def inject_values_text(text: str, terms: Mapping[str, str]) -> str:
    """inject_values for terms already written as SPARQL (the cached query path)."""
    if not terms:
        return text
    brace = outermost_where_brace(text)
    return text[: brace + 1] + "\n" + values_clause_text(terms) + text[brace + 1 :]
