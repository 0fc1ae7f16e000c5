"""Refusals of Turtle input that need only the text.

The input checks (g40kg.project.input_checks, for data) and the shapes checks
(g40kg.project.shapes_checks, for shapes read by rdflib) refuse with the same messages and lines:
a file that is not UTF-8, RDF/XML or JSON-LD in a .ttl, a relative IRI; and they find the line
of an unknown term the same way. Standard library only, so the data path needs no rdflib.
"""

from __future__ import annotations

import re
from pathlib import Path

from g40kg.project.errors import InputError, line_of

# A base IRI no real data uses: any IRI resolved against it was relative in the file.
RELATIVE_BASE = "https://relative-iri.invalid/g40kg/"
RELATIVE_HOST = "https://relative-iri.invalid/"
IRI_IN_TEXT = re.compile(r"<([^<>\"\s]*)>")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
LEADING_SPACE = re.compile(r"\s*")


def decode_turtle(path: Path | str, raw: bytes) -> str:
    """raw as text; InputError if it is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, None, "not UTF-8 text") from exc


def check_format(path: Path | str, text: str) -> None:
    """Refuse RDF/XML and JSON-LD saved as .ttl (never parsed, so no entity is expanded)."""
    start = LEADING_SPACE.match(text).end()  # type: ignore[union-attr]
    if text.startswith(("<?xml", "<rdf:RDF"), start):
        raise InputError(path, 1, "this is RDF/XML, not Turtle: g40kg reads only Turtle")
    if text.startswith(("{", "["), start) and ('"@context"' in text or '"@id"' in text):
        raise InputError(path, 1, "this is JSON-LD, not Turtle: g40kg reads only Turtle")


def relative_part(iri: str) -> str:
    """What the file wrote for an IRI resolved against RELATIVE_BASE ('' if it went above it)."""
    return iri[len(RELATIVE_BASE) :] if iri.startswith(RELATIVE_BASE) else ""


def relative_line(text: str, relative: str) -> int | None:
    """Line of the IRI reference that resolved to relative (or of the first one with no scheme)."""
    first_without_scheme = None
    for match in IRI_IN_TEXT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match.group(1) == relative:
            return line
        if first_without_scheme is None and not SCHEME.match(match.group(1)):
            first_without_scheme = line
    return first_without_scheme


def relative_error(path: Path | str, text: str, relative: str) -> InputError:
    line = relative_line(text, relative)
    return InputError(path, line, f"relative IRI <{relative}>: write a full IRI")


def term_line(text: str, iri: str) -> int | None:
    """Line of a term written in full (<iri>) or, failing that, as a prefixed name."""
    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return line_of(text, iri) or line_of_local(text, local)


def line_of_local(text: str, local: str) -> int | None:
    match = re.search(r":" + re.escape(local) + r"(?![\w-])", text)
    return text.count("\n", 0, match.start()) + 1 if match else None
