"""`g40kg fmt`: rewrite the hand-edited Turtle files in canonical form, never losing a triple,
a comment or the way a literal was written.

It refuses exactly what `g40kg validate` refuses (it reads the project through the one load
path, g40kg.project.load), then formats each file from pyoxigraph's terms (lexical forms kept) and
proves each rewrite before anything is written: the new text parses to the intended triples,
compared term for term (g40kg.annotate.rewrite_proof), with every comment in the same place and
order and every language tag spelled as before. A file whose canonical text is its own text
needs no proof. Files are written only when every file is proven, each atomically.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, parse

from g40kg.annotate.rewrite_proof import same_graph
from g40kg.annotate.selectors import CNT_CHARS, TripleSet, fill_positions
from g40kg.project.errors import InputError
from g40kg.project.files import write_all_atomically
from g40kg.project.load import open_project
from g40kg.project.turtle_checks import RELATIVE_BASE
from g40kg.project.turtle_layout import Layout, read_layout
from g40kg.project.turtle_writer import Writer, placed, serialise

# The writer recurses (about five frames) and indents per `[ ... ]` level: deeper nesting than
# this would take minutes and write megabytes of indentation, so it is refused.
MAX_NESTING = 1_000
RECURSION_LIMIT = 6 * MAX_NESTING + 1_000


@dataclass
class FmtResult:
    changed: list[Path]
    problems: list[str]


def parse_triples(path: Path, text: str) -> TripleSet:
    """text's triples as pyoxigraph terms (lexical forms as written)."""
    try:
        quads = parse(input=text.encode("utf-8"), format=RdfFormat.TURTLE, base_iri=RELATIVE_BASE)
        return TripleSet((q.subject, q.predicate, q.object) for q in quads)
    except SyntaxError as exc:
        raise InputError(path, exc.lineno, f"Turtle syntax error: {exc.msg}") from exc


def format_text(path: Path, text: str, texts: dict[str, str]) -> tuple[str, list[str]]:
    """Canonical text of one file (positions filled in), proven to keep every triple and
    comment; InputError if the rewrite cannot be proven."""
    graph = parse_triples(path, text)
    layout = read_layout(str(path), text)
    problems = [
        f'{path}: {p.annotation}: {p.message}: "{p.exact}"' for p in fill_positions(graph, texts)
    ]
    if layout.nesting > MAX_NESTING:
        message = (
            f"blank nodes or lists nested {layout.nesting} deep: fmt writes at most {MAX_NESTING}"
        )
        raise InputError(path, None, message)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))  # the writer recurses per [ ... ] level
    try:
        out = serialise(graph, layout)
        if out != text:
            prove(path, graph, layout, out)
    except RecursionError as exc:
        raise InputError(path, None, "blank nodes nested too deep for fmt") from exc
    finally:
        sys.setrecursionlimit(limit)
    return out, problems


def prove(path: Path, graph: TripleSet, layout: Layout, out: str) -> None:
    """Refuse (never write) a rewrite that changes a triple, a comment or a language tag."""
    written = parse_triples(path, out)
    if not same_graph(list(graph), list(written)):
        raise InputError(path, None, "internal error: canonical form would change the graph")
    again = read_layout(str(path), out)
    writer = Writer(graph, layout.prefixes, layout.tags)
    if again.header != layout.header or placed(again, writer) != placed(layout, writer):
        raise InputError(path, None, "internal error: canonical form would move a comment")
    if any(layout.tags.get(low) != spelled for low, spelled in again.tags.items()):
        raise InputError(path, None, "internal error: canonical form would respell a language tag")


def run_fmt(root: Path | None = None, check: bool = False, only: Path | None = None) -> FmtResult:
    """Format every Turtle file of the project, or only the file `only` (so that a command
    that appended to one file, `g40kg draft --write`, rewrites no other)."""
    project = open_project(root)  # fmt accepts and refuses exactly what validate does
    chars = NamedNode(CNT_CHARS)  # each source's text as validate reads it (e-mails masked)
    quads = project.store.quads_for_pattern(None, chars, None)
    texts = {q.subject.value: q.object.value for q in quads}
    outputs: dict[Path, str] = {}
    problems: list[str] = []
    for one in project.inputs.turtle:  # the bytes the checks and the store were made from
        path, text = project.inputs.path(one), one.data.decode("utf-8")
        if only is not None and path.resolve() != only.resolve():
            continue
        out, file_problems = format_text(Path(one.rel), text, texts)
        problems += file_problems
        if out != text:
            outputs[path] = out
    if not check and not problems:
        write_all_atomically(outputs)
    return FmtResult(sorted(outputs), problems)
