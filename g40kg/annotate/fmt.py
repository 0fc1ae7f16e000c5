"""`g40kg fmt`: rewrite the hand-edited Turtle files in canonical form, never losing a triple."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib.compare import isomorphic

from g40kg.annotate.selectors import fill_positions, source_texts
from g40kg.project.errors import InputError
from g40kg.project.files import write_all_atomically
from g40kg.project.load import open_project
from g40kg.project.shapes_checks import parse_turtle
from g40kg.project.turtle_writer import read_layout, serialise


@dataclass
class FmtResult:
    changed: list[Path]
    problems: list[str]


def format_text(path: Path, text: str, texts: dict) -> tuple[str, list[str]]:
    """Canonical text of one file (positions filled in), checked to keep every triple."""
    graph = parse_turtle(path, text)
    layout = read_layout(str(path), text)
    before = len(graph)
    problems = [
        f'{path}: {p.annotation}: {p.message}: "{p.exact}"' for p in fill_positions(graph, texts)
    ]
    out = serialise(graph, layout)
    reparsed = parse_turtle(path, out)
    if not isomorphic(graph, reparsed) or len(reparsed) < before:
        raise InputError(path, None, "internal error: canonical form would change the graph")
    return out, problems


def run_fmt(root: Path | None = None, check: bool = False) -> FmtResult:
    project = open_project(root)  # fmt accepts and refuses exactly what validate does
    texts = source_texts(project.rdflib_graph())
    outputs: dict[Path, str] = {}
    problems: list[str] = []
    for one in project.inputs.turtle:
        path, text = project.inputs.path(one), one.data.decode("utf-8")
        out, file_problems = format_text(Path(one.rel), text, texts)
        problems += file_problems
        if out != text:
            outputs[path] = out
    if not check and not problems:
        write_all_atomically(outputs)
    return FmtResult(sorted(outputs), problems)
