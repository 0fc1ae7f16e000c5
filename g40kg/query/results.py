"""Query results as text: an aligned table, W3C CSV/TSV and JSON, or a Markdown table.

Why the W3C formats: csv, tsv and json follow SPARQL 1.1 Query Results CSV and TSV Formats and
SPARQL 1.1 Query Results JSON Format exactly, so any tool that reads a server's results reads
ours. table and md are for people: prefixed names and plain values.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from g40kg.project.errors import UsageError
from g40kg.project.prefixes import compact
from g40kg.query.text_table import one_line, table

FORMATS = ("table", "csv", "tsv", "json", "md")
TSV_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass(frozen=True)
class QueryResult:
    """A SELECT result (variables and rows of terms, None where unbound) or an ASK boolean."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Identifier | None, ...], ...]
    boolean: bool | None = None


def display(term: Identifier | None) -> str:
    """A term for people: prefixed IRI, literal's text, blank node label; '' if unbound."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def csv_value(term: Identifier | None) -> str:
    """W3C CSV: IRIs and literals as their plain string (no datatype or language)."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def tsv_value(term: Identifier | None) -> str:
    """W3C TSV: each term in SPARQL/Turtle syntax (tabs and newlines escaped)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    body = '"' + "".join(TSV_ESCAPES.get(c, c) for c in str(term)) + '"'
    if term.language:
        return f"{body}@{term.language}"
    if term.datatype and term.datatype != XSD.string:
        return f"{body}^^<{term.datatype}>"
    return body


def json_value(term: Identifier) -> dict[str, str]:
    """W3C JSON: {"type": "uri"|"literal"|"bnode", "value": …, "xml:lang"|"datatype": …}."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        value["datatype"] = str(term.datatype)
    return value


def to_json(result: QueryResult) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=1) + "\n"
    bindings = [
        {v: json_value(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    data = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def to_csv(result: QueryResult) -> str:
    """RFC 4180 with CRLF line ends, as the W3C CSV results format requires."""
    if result.boolean is not None:
        raise UsageError("an ASK result has no CSV form; use --format json, table or md")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([csv_value(t) for t in row])
    return out.getvalue()


def to_tsv(result: QueryResult) -> str:
    if result.boolean is not None:
        raise UsageError("an ASK result has no TSV form; use --format json, table or md")
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(tsv_value(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _cells(result: QueryResult, newline: str) -> list[list[str]]:
    """Display strings; a line break inside a value becomes newline, so a row stays one line."""
    return [[one_line(display(t), newline) for t in row] for row in result.rows]


def to_table(result: QueryResult) -> str:
    """Columns padded to their widest cell; a count line last so an empty result says so."""
    if result.boolean is not None:
        return ("yes" if result.boolean else "no") + "\n"
    return table(result.variables, _cells(result, "\\n"))


def to_markdown(result: QueryResult) -> str:
    if result.boolean is not None:
        return ("yes" if result.boolean else "no") + "\n"

    def row(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    lines = [row(list(result.variables)), row(["---"] * len(result.variables))]
    lines += [row(r) for r in _cells(result, "<br>")]
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Callable[[QueryResult], str]] = {
    "table": to_table,
    "csv": to_csv,
    "tsv": to_tsv,
    "json": to_json,
    "md": to_markdown,
}


def check_format(fmt: str) -> None:
    """UsageError unless fmt is one of FORMATS (checked before a query runs)."""
    if fmt not in WRITERS:
        raise UsageError(f"--format: unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render(result: QueryResult, fmt: str) -> str:
    """result in format fmt (one of FORMATS)."""
    check_format(fmt)
    return WRITERS[fmt](result)
