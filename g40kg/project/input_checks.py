"""The loader's refusals, made with pyoxigraph while the cached store is built: no rdflib parse.

Why: the first command on new inputs used to run g40kg.project.rdflib_loader.load only for its
refusals; at a million triples (40 MB of Turtle) rdflib took about a minute and 2 GB for that, while
pyoxigraph builds the store in seconds. Here pyoxigraph parses each data file twice: once
streamed for the checks, its quads looked at in Python (2-3 s and tens of MB per million
triples; a 104 MB file: 6-7 s, 240 MB peak; only the IRIs in checked namespaces are kept),
once into the store. The shapes files (a few KB) are still parsed by rdflib with the
loader's own functions, as pyshacl reads them.

The refusals, messages and lines are the loader's, in its order: a stray file in data/; then
per Turtle file (ontology, then data, each sorted): not UTF-8, a long string over the limit,
RDF/XML or JSON-LD, a syntax error (file:line from pyoxigraph), a term over 16 MiB, a
relative IRI; then per file the unknown vocabulary terms (and the refused shapes); then, on
the built store, each g40:textFile. Only then is the store returned to g40kg.project.store, which
marks the inputs' cache folder ready; a refusal leaves no folder behind.

A file whose own checks passed before, with the same bytes, is not parsed again: its verdict
and the vocabulary IRIs it uses are kept by g40kg.project.check_cache (after an edit at a million
triples, the checks then take a fraction of a second instead of 2-3 s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode, RdfFormat, Store, parse

from g40kg.project import paths
from g40kg.project.check_cache import Verdicts, settings, verdict_key
from g40kg.project.errors import InputError
from g40kg.project.input_limits import check_turtle_size, term_too_large
from g40kg.project.store import (
    BUFFER_FULL,
    TEXT_FILE,
    file_order,
    first_file,
    load_texts,
    load_turtle_files,
    term_text,
)
from g40kg.project.texts import is_bare_name, read_text
from g40kg.project.turtle_checks import (
    RELATIVE_BASE,
    RELATIVE_HOST,
    check_data_folder,
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


def first_pass(
    root: Path, bases: tuple[str, ...], verdicts: Verdicts | None = None
) -> list[Scanned]:
    """Every Turtle file read and parsed once, in the loader's order, or its refusal.

    verdicts: the kept verdicts of files checked before (g40kg.project.check_cache); such a file is
    read and hashed but not parsed, and the shapes files then need no rdflib."""
    shapes_files = set(paths.shapes_files(root))
    turtle = paths.turtle_files(root)
    setting = settings(bases)
    ontology_dir = paths.ontology_dir(root)
    ontology_bytes = [p.read_bytes() for p in turtle if p.parent == ontology_dir]
    scanned = []
    for path in turtle:
        raw = path.read_bytes()
        if path in shapes_files:  # its term check uses the ontology's g40: terms
            role, contents = "shapes", (raw, *ontology_bytes)
        else:
            role = "ontology" if path.parent == ontology_dir else "data"
            contents = (raw,)
        key = verdict_key(setting, role, *contents)
        kept = verdicts.get(key) if verdicts is not None else None
        if kept is not None:
            scanned.append(Scanned(path, set(kept["terms"]), set(kept["declared"])))
            continue
        scanned.append(check_file(path, raw, bases, role))
        if verdicts is not None:
            one = scanned[-1]
            verdicts.put(key, {"terms": sorted(one.terms), "declared": sorted(one.declared)})
    return scanned


def check_file(path: Path, raw: bytes, bases: tuple[str, ...], role: str) -> Scanned:
    """One file's own checks (everything but unknown terms), or its refusal."""
    from g40kg.project.rdflib_loader import parse_turtle  # rdflib, for the shapes files only

    text = decode_turtle(path, raw)
    if role == "shapes":  # parse_turtle makes the text checks below itself
        return Scanned(path, shapes=(text, parse_turtle(path, text)))
    check_turtle_size(path, text)
    check_format(path, text)
    del text  # up to 4 bytes a character: only the bytes are kept while parsing
    one = scan_turtle(path, raw, bases + (RELATIVE_HOST,), role == "ontology")
    check_relative(path, raw, one.terms)
    return one


def check_vocabulary(scanned: list[Scanned]) -> None:
    """The loader's unknown-term and shapes refusals, file by file in its order."""
    from g40kg.project.rdflib_loader import check_shapes, check_terms
    from g40kg.project.vocabulary import unknown_term

    g40_terms = frozenset().union(*(s.declared for s in scanned))
    known: set[str] = set()  # IRIs already found defined: most recur in every file
    for one in scanned:
        if one.shapes is not None:
            text, graph = one.shapes
            check_terms(one.path, text, graph, g40_terms)
            check_shapes(one.path, text, graph)
            continue
        for iri in sorted(one.terms - known):
            message = unknown_term(iri, g40_terms)
            known.add(iri)
            if message:
                text = one.path.read_text(encoding="utf-8")  # checked UTF-8 in the first pass
                raise InputError(one.path, term_line(text, iri), message)


def check_inputs(root: Path, verdicts: Verdicts | None = None) -> None:
    """Every refusal of g40kg.project.rdflib_loader.load but those of g40:textFile (see
    check_text_files).

    verdicts: kept per-file verdicts to reuse and add to (committed by the caller once every
    check has passed)."""
    from g40kg.project.vocabulary import checked_namespaces

    if not paths.ontology_dir(root).is_dir() or not paths.data_dir(root).is_dir():
        raise InputError(root, None, "no ontology/ and data/ here: run g40kg in the repository")
    check_data_folder(root)
    check_vocabulary(first_pass(root, checked_namespaces(), verdicts))


def origin(store: Store, root: Path, node: object) -> str:
    """The file that declares node, as g40kg.project.rdflib_loader names it in a refusal."""
    return first_file(store, file_order(root), node) or "data/"


def check_text_files(store: Store, root: Path) -> None:
    """The loader's g40:textFile refusals: a bare name of a UTF-8 text in data/texts/."""
    quads = store.quads_for_pattern(None, TEXT_FILE, None)
    pairs = {(q.subject, term_text(q.object)) for q in quads}
    for source, name in sorted(pairs, key=lambda pair: (term_text(pair[0]), pair[1])):
        if not is_bare_name(name):
            where = origin(store, root, source)
            raise InputError(where, None, f"g40:textFile {name!r} must be a bare file name")
        path = paths.texts_dir(root) / name
        if not path.is_file():
            where = origin(store, root, source)
            raise InputError(where, None, f"source text data/texts/{name} does not exist")
        read_text(path)  # InputError with the line if it is not UTF-8


def build_checked(root: Path) -> Store:
    """root's store (in memory), refusing what g40kg.project.rdflib_loader.load refuses."""
    verdicts = Verdicts(root)
    check_inputs(root, verdicts)
    store = Store()
    load_turtle_files(store, root, on_disk=False)
    check_text_files(store, root)
    load_texts(store, root)
    verdicts.commit()  # only now: a refused input leaves no verdict behind
    return store
