"""The input checks: every refusal of bad input, made on the bytes read once (g40kg.project.inputs).

Why pyoxigraph and not rdflib: at a million triples (40 MB of Turtle) rdflib took about a minute
and 2 GB, pyoxigraph a few seconds. Each data file is parsed twice: once streamed for the
checks (only the IRIs in checked namespaces are kept), once into the store. The shapes files
(a few KB) are parsed by rdflib, as pyshacl reads them.

The order of refusals: a stray file in data/; then per Turtle file (ontology, then data, each
sorted): not UTF-8, a long string over the limit, RDF/XML or JSON-LD, a syntax error
(file:line), a term over 16 MiB, a relative IRI; then per file the unknown vocabulary terms
(and the refused shapes); then, on the built store, each g40:textFile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode, RdfFormat, Store, parse

from g40kg.project.errors import InputError
from g40kg.project.input_limits import check_turtle_size, term_too_large
from g40kg.project.inputs import InputFile, Inputs
from g40kg.project.store import (
    BUFFER_FULL,
    TEXT_FILE,
    file_order,
    first_file,
    load_texts,
    load_turtle_files,
    term_text,
)
from g40kg.project.texts import decode_text, is_bare_name
from g40kg.project.turtle_checks import (
    RELATIVE_BASE,
    RELATIVE_HOST,
    check_format,
    decode_turtle,
    relative_error,
    relative_line,
    relative_part,
    term_line,
)

if TYPE_CHECKING:
    from rdflib import Graph

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
G40 = "https://w3id.org/g40kg/def#"
# pyoxigraph's SyntaxError.msg starts with where the error is ("Parser error at line 3
# between columns 5 and 8: ..."); the file and line are written by InputError instead.
WHERE = re.compile(r"^Parser error[^:]*: ")
UNDECLARED_PREFIX = re.compile(r"^The prefix (\S*): has not been declared$")


@dataclass
class Scanned:
    """One Turtle file after the first pass: what the later checks need of it."""

    path: Path
    terms: set[str] = field(default_factory=set)  # IRIs in a checked namespace
    declared: set[str] = field(default_factory=set)  # g40: terms with an rdf:type (ontology)
    shapes: tuple[str, Graph] | None = None  # a shapes file: its text and rdflib graph


def syntax_error(path: Path, exc: SyntaxError) -> InputError:
    """pyoxigraph's syntax error as the loader's "Turtle syntax error" with file and line."""
    why = WHERE.sub("", exc.msg or str(exc))
    prefix = UNDECLARED_PREFIX.match(why)
    if prefix:  # the loader's (rdflib's) words for the commonest mistake
        why = f'Prefix "{prefix.group(1)}:" not bound'
    column = f" (column {exc.offset})" if exc.offset else ""
    return InputError(path, exc.lineno, f"Turtle syntax error: {why}{column}")


def scan_turtle(path: Path, raw: bytes, bases: tuple[str, ...], ontology: bool) -> Scanned:
    """Parse raw with pyoxigraph, keeping the IRIs that start with one of bases."""
    scanned = Scanned(path)
    terms, predicates, last_subject = scanned.terms, set(), None
    try:
        for s, p, o, _graph in parse(input=raw, format=RdfFormat.TURTLE, base_iri=RELATIVE_BASE):
            predicates.add(p)
            if type(o) is NamedNode and o.value.startswith(bases):
                terms.add(o.value)
            if s != last_subject:  # Turtle repeats a subject over consecutive triples
                last_subject = s
                if type(s) is NamedNode and s.value.startswith(bases):
                    terms.add(s.value)
            if ontology and p == RDF_TYPE and type(s) is NamedNode and s.value.startswith(G40):
                scanned.declared.add(s.value[len(G40) :])
    except SyntaxError as exc:
        raise syntax_error(path, exc) from exc
    except MemoryError as exc:  # pyoxigraph holds a single term in at most 16 MiB
        if BUFFER_FULL not in str(exc):
            raise
        raise term_too_large(path) from exc
    except (ValueError, OSError) as exc:
        raise InputError(path, None, f"Turtle error: {exc}") from exc
    terms.update(p.value for p in predicates if p.value.startswith(bases))
    return scanned


def check_relative(path: Path, raw: bytes, terms: set[str]) -> None:
    """The loader's relative-IRI refusal; of several, the first in the file."""
    relative = {relative_part(t) for t in terms if t.startswith(RELATIVE_HOST)}
    if relative:
        text = raw.decode("utf-8")
        lines = {r: relative_line(text, r) or len(text) for r in relative}
        raise relative_error(path, text, min(sorted(relative), key=lines.__getitem__))


def check_file(one: InputFile, path: Path, bases: tuple[str, ...]) -> Scanned:
    """One file's own checks (everything but unknown terms), or its refusal."""
    from g40kg.project.shapes_checks import parse_turtle  # rdflib, for the shapes files only

    text = decode_turtle(path, one.data)
    if one.role == "shapes":  # parse_turtle makes the text checks below itself
        return Scanned(path, shapes=(text, parse_turtle(path, text)))
    check_turtle_size(path, text)
    check_format(path, text)
    del text  # up to 4 bytes a character: only the bytes are kept while parsing
    scanned = scan_turtle(path, one.data, bases + (RELATIVE_HOST,), one.role == "ontology")
    check_relative(path, one.data, scanned.terms)
    return scanned


def check_vocabulary(scanned: list[Scanned]) -> None:
    """The loader's unknown-term and shapes refusals, file by file in its order."""
    from rdflib import Graph

    from g40kg.project.shapes_checks import check_shapes, check_terms
    from g40kg.project.vocabulary import unknown_term

    g40_terms = frozenset().union(*(s.declared for s in scanned))
    declared = Graph()  # every shapes file: a constraint's sh:prefixes may be in another one
    for one in scanned:
        if one.shapes is not None:
            declared += one.shapes[1]
    known: set[str] = set()  # IRIs already found defined: most recur in every file
    for one in scanned:
        if one.shapes is not None:
            text, graph = one.shapes
            check_terms(one.path, text, graph, g40_terms)
            check_shapes(one.path, text, graph, declared)
            continue
        for iri in sorted(one.terms - known):
            message = unknown_term(iri, g40_terms)
            known.add(iri)
            if message:
                text = one.path.read_text(encoding="utf-8")  # checked UTF-8 in the first pass
                raise InputError(one.path, term_line(text, iri), message)


def check_strays(inputs: Inputs) -> None:
    """Only Turtle under data/ and plain text under data/texts/; anything else is refused."""
    for one in inputs.of_role("stray"):
        raise InputError(
            inputs.path(one),
            None,
            "unexpected file in data/: annotations must be Turtle (.ttl) and "
            "source texts .txt files in data/texts/",
        )


def check_inputs(inputs: Inputs) -> None:
    """Every refusal of the input checks but those of g40:textFile (see check_text_files)."""
    from g40kg.project.vocabulary import checked_namespaces

    check_strays(inputs)
    bases = checked_namespaces()
    check_vocabulary([check_file(one, inputs.path(one), bases) for one in inputs.turtle])


def origin(store: Store, inputs: Inputs, node: object) -> str:
    """The file that declares node, named in a refusal."""
    return first_file(store, file_order(inputs), node) or "data/"


def check_text_files(store: Store, inputs: Inputs) -> None:
    """Each g40:textFile must be the bare name of a UTF-8 text in data/texts/."""
    quads = store.quads_for_pattern(None, TEXT_FILE, None)
    pairs = {(q.subject, term_text(q.object)) for q in quads}
    texts = inputs.texts
    for source, name in sorted(pairs, key=lambda pair: (term_text(pair[0]), pair[1])):
        if not is_bare_name(name):
            where = origin(store, inputs, source)
            raise InputError(where, None, f"g40:textFile {name!r} must be a bare file name")
        if name not in texts:
            where = origin(store, inputs, source)
            raise InputError(where, None, f"source text data/texts/{name} does not exist")
        decode_text(inputs.path(texts[name]), texts[name].data)


def build_checked(inputs: Inputs) -> Store:
    """The store of inputs (in memory), or the refusal of the first input that fails a check."""
    check_inputs(inputs)
    store = Store()
    load_turtle_files(store, inputs)
    check_text_files(store, inputs)
    load_texts(store, inputs)
    return store
