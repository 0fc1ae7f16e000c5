"""docs/ADDING_A_SOURCE.md says what the commands print: every `$ g40kg …` example runs, in
order, on a copy of the project, and its output and exit status are the ones the docs show
(tests/doc_walk.py). Needs Frog, as `suggest` in the walk does: it fails without it."""

from __future__ import annotations

from pathlib import Path

from doc_walk import DOC, copy_project, examples, rendered, run_walk


def test_every_example_of_adding_a_source_prints_what_the_docs_show(tmp_path: Path) -> None:
    doc = DOC.read_text(encoding="utf-8")
    copy_project(tmp_path)
    wanted = examples(doc)
    assert len(wanted) == 21
    real = run_walk(doc, tmp_path)
    for said, got in zip(wanted, real, strict=True):
        assert rendered(got) == rendered(said)
