"""What is kept in .g40kg-cache/ never changes an answer: a differential test.

A seeded loop drives random sequences of edits (quotes broken and mended, hidden and oddly named
files, stray files, files edited while a command runs), damage of every kind to the kept file,
and concurrent runs; after each step `validate`, a named query and an ad-hoc SPARQL count run
with the cache and again with it bypassed (G40KG_NO_CACHE=1), and must give the same output and
exit status. Bounded: a fixed number of steps per seed.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from g40kg.cli import main
from g40kg.project import inputs as inputs_module
from g40kg.project.paths import CACHE_DIR

STEPS = 14
SEEDS = (1, 2, 3)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n"
ANNOTATIONS = "data/annotations"
ODD_NAMES = ("a b.ttl", 'quote".ttl', "gt>.ttl", "tab\t.ttl", "new\nline.ttl", "ümlaut.ttl")
EXTRA = (
    "@prefix ex: <https://example.org/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    'ex:thing{n} rdfs:label "thing {n}" .\n'
)


def run(project: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """One command in this process: (exit status, stdout, the error lines of stderr)."""
    status = main(["--root", str(project), *argv])
    out, err = capsys.readouterr()
    errors = "\n".join(line for line in err.splitlines() if line.startswith("error:"))
    return status, out, errors


def answers(project: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[int, str, str]]:
    (project / "count.rq").write_text(COUNT, encoding="utf-8")
    return [
        run(project, capsys, "validate"),
        run(project, capsys, "query", "vng-committees"),
        run(project, capsys, "sparql", str(project / "count.rq")),
    ]


def compare(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cached = answers(project, capsys)
    again = answers(project, capsys)  # now from what the first run kept
    with monkeypatch.context() as patch:
        patch.setenv("G40KG_NO_CACHE", "1")
        bare = answers(project, capsys)
    assert cached == bare
    assert again == bare


def kept_files(project: Path) -> list[Path]:
    folder = project / CACHE_DIR
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def damage(project: Path, rng: random.Random) -> None:
    """One kind of damage to every kept file."""
    kind = rng.choice(["truncate", "garbage", "empty", "checksum", "other-key", "folder"])
    for path in kept_files(project):
        data = path.read_bytes()
        if kind == "truncate":
            path.write_bytes(data[: rng.randrange(1, max(2, len(data)))])
        elif kind == "garbage":
            path.write_bytes(os.urandom(64))
        elif kind == "empty":
            path.write_bytes(b"")
        elif kind == "checksum":  # a verdict changed by hand, checksum left as it was
            path.write_bytes(data.replace(b'"checked": true', b'"checked": false', 1))
        elif kind == "other-key":
            path.write_bytes(data.replace(b'"key": "', b'"key": "0', 1))
        else:
            path.unlink()
            path.mkdir()


def break_or_mend_quote(project: Path, rng: random.Random) -> None:
    files = sorted((project / ANNOTATIONS).glob("*.ttl"))
    path = rng.choice(files)
    text = path.read_text(encoding="utf-8")
    if 'oa:exact "XX' in text:
        path.write_text(text.replace('oa:exact "XX', 'oa:exact "', 1), encoding="utf-8")
    else:
        path.write_text(text.replace('oa:exact "', 'oa:exact "XX', 1), encoding="utf-8")


def toggle(path: Path, content: str) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    else:
        path.write_text(content, encoding="utf-8")


def edit_while_reading(project: Path, rng: random.Random, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run validate while a file changes between two reads of the inputs."""
    target = rng.choice(sorted((project / ANNOTATIONS).glob("*.ttl")))
    original = inputs_module.read_inputs

    def racing(root: Path) -> inputs_module.Inputs:
        read = original(root)
        break_or_mend_quote_in(target)  # the files change after they were read
        return read

    with monkeypatch.context() as patch:
        patch.setattr("g40kg.project.load.read_inputs", racing)
        main(["--root", str(project), "validate"])


def break_or_mend_quote_in(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if 'oa:exact "XX' in text:
        path.write_text(text.replace('oa:exact "XX', 'oa:exact "', 1), encoding="utf-8")
    else:
        path.write_text(text.replace('oa:exact "', 'oa:exact "XX', 1), encoding="utf-8")


def uncached_validate(project: Path) -> tuple[int, str]:
    env = {**os.environ, "G40KG_ROOT": str(project), "G40KG_NO_CACHE": "1"}
    command = [sys.executable, "-m", "g40kg.cli", "validate"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout


def concurrent_runs(project: Path) -> None:
    """Two validate processes at once while a file changes: each says what a run without the
    cache says of the state before the change or of the state after it, and none crashes."""
    target = sorted((project / ANNOTATIONS).glob("*.ttl"))[0]
    before = uncached_validate(project)
    break_or_mend_quote_in(target)
    after = uncached_validate(project)
    break_or_mend_quote_in(target)
    env = {**os.environ, "G40KG_ROOT": str(project)}
    command = [sys.executable, "-m", "g40kg.cli", "validate"]
    procs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    break_or_mend_quote_in(target)
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert (proc.returncode, out.decode()) in (before, after), err.decode()
        assert b"Traceback" not in err


@pytest.mark.parametrize("seed", SEEDS)
def test_cached_answers_equal_uncached_answers(
    seed: int,
    project_copy: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(seed)
    project = project_copy
    (project / "queries").symlink_to(Path(__file__).resolve().parents[2] / "queries")
    entities = project / "data" / "entities"
    steps: dict[str, Callable[[], None]] = {
        "quote": lambda: break_or_mend_quote(project, rng),
        "hidden-ttl": lambda: toggle(entities / ".hidden.ttl", EXTRA.format(n=1)),
        "hidden-other": lambda: toggle(entities / ".DS_Store", "x"),
        "stray": lambda: toggle(entities / "notes.json", "{}"),
        "odd-name": lambda: toggle(entities / rng.choice(ODD_NAMES), EXTRA.format(n=2)),
        "damage": lambda: damage(project, rng),
        "edit-while-reading": lambda: edit_while_reading(project, rng, monkeypatch),
        "concurrent": lambda: concurrent_runs(project),
    }
    compare(project, capsys, monkeypatch)
    for _ in range(STEPS):
        name = rng.choice(sorted(steps))
        steps[name]()
        capsys.readouterr()
        compare(project, capsys, monkeypatch)


def test_damaged_kept_file_is_discarded_with_one_line(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(project_copy), "validate"]) == 0
    (kept,) = kept_files(project_copy)
    kept.write_bytes(kept.read_bytes()[:40])
    capsys.readouterr()
    assert main(["--root", str(project_copy), "validate"]) == 0
    out, err = capsys.readouterr()
    assert out == "conforms: the graph satisfies every shape\n"
    assert err.startswith(f"g40kg: discarded {kept} (damaged")
    assert err.endswith("; it is rebuilt\n")
    assert err.count("\n") == 1


def test_a_run_killed_while_writing_leaves_no_half_file(project_copy: Path) -> None:
    """Kept files are written beside and renamed: a kill leaves the old file or the new one."""
    env = {**os.environ, "G40KG_ROOT": str(project_copy)}
    command = [sys.executable, "-m", "g40kg.cli", "validate"]
    for delay in (0.05, 0.2, 0.4):
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        timer = threading.Timer(delay, proc.kill)
        timer.start()
        proc.communicate(timeout=120)
        timer.cancel()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, "conforms: the graph satisfies every shape\n")
    assert "discarded" not in done.stderr


def test_a_kept_layout_draws_the_view_a_new_layout_draws(
    project_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The views' layouts are kept with the inputs' verdicts: a view drawn from a kept layout
    is byte for byte the view drawn with the cache bypassed, and the layout really was kept."""
    pages = {}
    for name, bypass in (("first", "0"), ("kept", "0"), ("bypassed", "1")):
        monkeypatch.setenv("G40KG_NO_CACHE", bypass)
        target = project_copy / "views" / f"{name}.html"
        assert run(project_copy, capsys, "view", "actors", "-o", str(target))[0] == 0
        pages[name] = target.read_bytes()
    assert pages["first"] == pages["kept"] == pages["bypassed"]
    (kept,) = (project_copy / CACHE_DIR).glob("*.json")
    assert kept.read_text(encoding="utf-8").count('"layout":') == 1


def test_repeated_validate_prints_the_kept_findings_without_a_store(
    project_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repeated `validate` reads the findings kept for these bytes and builds no store; what it
    prints (files, lines, labels; text and json) and its exit status are a bare run's."""
    for path in sorted((project_copy / ANNOTATIONS).glob("*.ttl"))[:3]:
        break_or_mend_quote_in(path)  # findings in three files
    for fmt in ("text", "json"):
        with monkeypatch.context() as patch:
            patch.setenv("G40KG_NO_CACHE", "1")
            bare = run(project_copy, capsys, "validate", "--format", fmt)
        first = run(project_copy, capsys, "validate", "--format", fmt)
        with monkeypatch.context() as patch:

            def no_store(*_args: object) -> None:
                raise AssertionError("a store was built")

            patch.setattr("g40kg.project.load.build_store", no_store)
            patch.setattr("g40kg.project.input_checks.build_checked", no_store)
            again = run(project_copy, capsys, "validate", "--format", fmt)
        assert bare[0] == 1 and bare[1].count("data/annotations/") >= 3
        assert first == bare
        assert again == bare
    with monkeypatch.context() as patch:  # the reference engine is never answered from the cache
        patch.setattr("g40kg.project.load.build_store", no_store)
        with pytest.raises(AssertionError, match="a store was built"):
            main(["--root", str(project_copy), "validate", "--engine", "pyshacl"])


def test_a_kept_layout_that_misses_a_node_is_laid_out_again(
    project_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A layout kept under the right key but without one of the view's nodes (a file resealed
    by hand) is not trusted: the view is laid out afresh, the same as with the cache bypassed."""
    import json

    from g40kg.project.cache import _sealed

    target = project_copy / "views" / "actors.html"
    monkeypatch.setenv("G40KG_NO_CACHE", "1")
    assert run(project_copy, capsys, "view", "actors", "-o", str(target))[0] == 0
    bypassed = target.read_bytes()
    monkeypatch.setenv("G40KG_NO_CACHE", "0")
    assert run(project_copy, capsys, "view", "actors", "-o", str(target))[0] == 0
    (kept,) = (project_copy / CACHE_DIR).glob("*.json")
    body = json.loads(kept.read_text(encoding="utf-8"))["body"]
    (entry,) = body["layouts"].values()
    positions = entry["layout"]["positions"]
    positions.pop(sorted(positions)[0])
    kept.write_text(_sealed(body) + "\n", encoding="utf-8")
    assert run(project_copy, capsys, "view", "actors", "-o", str(target))[0] == 0
    assert target.read_bytes() == bypassed
