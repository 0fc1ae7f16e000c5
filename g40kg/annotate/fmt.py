"""`g40kg fmt`: rewrite the hand-edited Turtle files in canonical form, never losing a triple."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib.compare import isomorphic

from g40kg.annotate.selectors import fill_positions, source_texts
from g40kg.project import paths
from g40kg.project.errors import InputError
from g40kg.project.files import write_all_atomically
from g40kg.project.rdflib_loader import LoadedGraph, load, parse_turtle
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
    loaded: LoadedGraph = load(root)
    texts = source_texts(loaded.data)
    outputs: dict[Path, str] = {}
    problems: list[str] = []
    for path in paths.turtle_files(loaded.root):
        text = path.read_text(encoding="utf-8")
        out, file_problems = format_text(path.relative_to(loaded.root), text, texts)
        problems += file_problems
        if out != text:
            outputs[path] = out
    if not check and not problems:
        write_all_atomically(outputs)
    return FmtResult(sorted(outputs), problems)
