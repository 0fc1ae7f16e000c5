"""Running the CLI in the test process, and the copies of the project the tests change.

Shared by the test modules of several packages (the CLI's own tests, fmt's, the views', the
attacks'); the fixtures that make the copies are in conftest.py.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from g40kg.cli import main
from g40kg.project.namespaces import OA

EXAMPLE = "data/annotations/002_e13bc018be1931a8.ttl"
CONFORMS = "conforms: the graph satisfies every shape\n"


def run_cli(*argv: str) -> tuple[int, str, str]:
    """Run `g40kg ARGV` in this process; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def replace_once(root: Path, rel: str, old: str, new: str) -> int:
    """Replace the one occurrence of old in root/rel by new; return the line old started on."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} does not occur exactly once in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text.count("\n", 0, text.index(old)) + 1


def keep_only_worked_example(root: Path) -> None:
    """Of the annotation files only the worked example's; the terms of office that gather
    facts of several sources (data/mandates/) go with the others."""
    for path in (root / "data" / "annotations").glob("*.ttl"):
        if path.name != Path(EXAMPLE).name:
            path.unlink()
    for path in (root / "data" / "mandates").glob("*.ttl"):
        path.unlink()


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def turtle_files(root: Path) -> list[Path]:
    return sorted((root / "ontology").rglob("*.ttl")) + sorted((root / "data").rglob("*.ttl"))


def positions(graph: Graph) -> dict[object, tuple[int, int]]:
    """(start, end) of each annotation's position selector."""
    found = {}
    for annotation, target in graph.subject_objects(OA.hasTarget):
        for selector in graph.objects(target, OA.hasSelector):
            if (selector, RDF.type, OA.TextPositionSelector) in graph:
                start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
                found[annotation] = (int(start), int(end))
    return found
