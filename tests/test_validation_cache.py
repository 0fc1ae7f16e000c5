"""`g40kg validate` keeps its findings per content and re-validates only what an edit touches.

Each case compares the incremental answer with a full run on a fresh cache and with pyshacl,
so a re-validation that missed a focus node (or kept a stale finding) fails here. While the
incremental run is made, a full validation is made to fail the test, so the path is the one
claimed. Each case runs on both paths: the in-memory store built from the files (`memory`),
and the kept on-disk copy of the last validated graph (`disk`, g40kg.shacl.kept_store; on the
corpus only with its size threshold lowered), where building the in-memory store or
rebuilding the copy fails the test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import g40kg.shacl.incremental as cache
import g40kg.shacl.kept_store as kept_store
from g40kg.cli import main
from g40kg.project.paths import CACHE_DIR


@pytest.fixture(params=["memory", "disk"])
def route(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Which re-validation path the test runs on (see the module docstring)."""
    if request.param == "disk":
        monkeypatch.setattr(kept_store, "MIN_QUADS", 0)  # the corpus is far below 200k quads
        monkeypatch.setattr(kept_store, "MAX_SHARE", 1.0)  # one corpus file is a large share
    return request.param


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def incrementally(capsys, route: str = "memory") -> tuple[int, str, list[str]]:
    """`validate --format json` where only a re-validation may run: (status, out, files)."""
    seen: list[str] = []
    revalidate = cache.revalidate_files

    def logged(root, store, shapes, previous, changed, old, to_finding, **kwargs):
        assert kwargs == ({"restore_old": False} if route == "disk" else {})
        seen.extend(changed)
        return revalidate(root, store, shapes, previous, changed, old, to_finding, **kwargs)

    def refuse(*_args, **_kwargs):
        raise AssertionError(f"the {route} re-validation took another path")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "revalidate_files", logged)
        patch.setattr(cache, "validate_store", refuse)
        if route == "disk":
            patch.setattr("g40kg.shacl.findings.cached_store", refuse)
            patch.setattr(kept_store, "keep", refuse)
        status, out, err = run(capsys, "validate", "--format", "json")
    assert err == ""
    return status, out, seen


def full_run(capsys, project: Path) -> tuple[int, str]:
    """Findings of a full validation on a fresh cache."""
    shutil.rmtree(project / CACHE_DIR)
    status, out, err = run(capsys, "validate", "--format", "json")
    assert err == ""
    return status, out


def annotation(project: Path, index: int = 0) -> Path:
    return sorted((project / "data" / "annotations").glob("*.ttl"))[index]


def alter_quote(path: Path, mark: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('oa:exact "', f'oa:exact "{mark}', 1), encoding="utf-8")


def test_a_repeated_validate_reads_the_saved_findings(project_copy: Path, capsys, monkeypatch):
    first = run(capsys, "validate", "--format", "json")
    assert first[0] == 0

    def no_store(root, build=None, digests=None):
        raise AssertionError("the store was opened for unchanged inputs")

    monkeypatch.setattr("g40kg.shacl.findings.cached_store", no_store)
    assert run(capsys, "validate", "--format", "json") == first


def test_an_edited_quote_is_found_by_re_validating_that_file(
    project_copy: Path, capsys, route: str
) -> None:
    assert run(capsys, "validate")[0] == 0
    path = annotation(project_copy)
    alter_quote(path, "XX")
    status, out, seen = incrementally(capsys, route)
    assert seen == [str(path.relative_to(project_copy))]
    assert status == 1 and out.count('"focus"') == 1 and '"XX' in out
    assert (status, out) == full_run(capsys, project_copy)
    reference = run(capsys, "validate", "--engine", "pyshacl", "--format", "json")
    assert reference[:2] == (status, out)


def test_fixing_the_edit_clears_the_finding_again(project_copy: Path, capsys, route: str) -> None:
    path = annotation(project_copy)
    original = path.read_text(encoding="utf-8")
    alter_quote(path, "XX")
    assert run(capsys, "validate")[0] == 1
    path.write_text(original, encoding="utf-8")
    status, out, seen = incrementally(capsys, route)
    assert len(seen) == 1 and status == 0
    assert (status, out) == full_run(capsys, project_copy)


def test_a_removed_node_referenced_elsewhere_is_reported(
    project_copy: Path, capsys, route: str
) -> None:
    """Deleting a person's block breaks facts in other files: those are checked again."""
    assert run(capsys, "validate")[0] == 0
    people = project_copy / "data" / "entities" / "people.ttl"
    text = people.read_text(encoding="utf-8")
    start = text.index("\nperson:")
    end = text.index(" .\n", start) + 3
    people.write_text(text[:start] + "\n" + text[end:], encoding="utf-8")
    status, out, seen = incrementally(capsys, route)
    assert seen == ["data/entities/people.ttl"]
    assert status == 1
    assert (status, out) == full_run(capsys, project_copy)


def test_an_edit_to_the_shapes_gets_a_full_run(project_copy: Path, capsys, monkeypatch) -> None:
    assert run(capsys, "validate")[0] == 0
    shapes = project_copy / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")

    def no_revalidation(*args):
        raise AssertionError("re-validated after a change to the shapes")

    monkeypatch.setattr(cache, "revalidate_files", no_revalidation)
    assert run(capsys, "validate")[0] == 0


def test_two_files_edited_at_once(project_copy: Path, capsys, route: str) -> None:
    assert run(capsys, "validate")[0] == 0
    for index in (0, 1):
        alter_quote(annotation(project_copy, index), "YY")
    status, out, seen = incrementally(capsys, route)
    assert len(seen) == 2
    assert status == 1 and out.count('"focus"') == 2
    assert (status, out) == full_run(capsys, project_copy)
