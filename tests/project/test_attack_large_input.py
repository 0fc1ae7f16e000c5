"""Huge and adversarial files in data/ are loaded or refused in bounded time, never hang.

Why these: rdflib parses a long multi-line string in quadratic time (4 MB: ~16 s), pyoxigraph
holds a single term in at most 16 MiB, and an RDF/XML file can hold nested entities (billion
laughs). A large file of ordinary triples is not refused: the limits are on single terms.
Each refusal runs `g40kg validate` in a subprocess with a time limit, so a regression fails
instead of stalling the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from g40kg.cli import main
from g40kg.project.input_limits import TERM_LIMIT_BYTES
from g40kg.project.load import rdflib_data
from g40kg.project.paths import CACHE_DIR

PREFIX = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
SUBJECT = "<https://w3id.org/g40kg/id/person/huge>"
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://w3id.org/g40kg/id/person/lol">
    <rdfs:label>&lol9;</rdfs:label>
  </rdf:Description>
</rdf:RDF>
"""


TOO_LARGE = (
    "a single term (literal or IRI) is over the limit of 16,777,216 bytes that the store can hold"
)


def validate(root: Path, *args: str, **env: str) -> tuple[int, str, float]:
    """`g40kg validate` on root in a subprocess: (exit status, stderr, seconds)."""
    environment = {**os.environ, "G40KG_ROOT": str(root), **env}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "g40kg.cli", "validate", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stderr, time.monotonic() - start


@pytest.fixture
def annotations(make_project_copy) -> Path:
    root = make_project_copy("large")
    for path in (root / "data" / "annotations").glob("*.ttl"):
        path.unlink()  # validation of every annotation takes minutes; these tests fail earlier
    for path in (root / "data" / "mandates").glob("*.ttl"):
        path.unlink()  # terms of office gather the facts of the annotations just removed
    return root / "data" / "annotations"


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_a_50_mb_literal_is_refused_at_once_naming_the_file(annotations: Path, engine: str) -> None:
    """One term over pyoxigraph's 16 MiB buffer: the store cannot hold it, so neither engine
    takes it (the same refusal whichever engine reads the file)."""
    path = annotations / "huge.ttl"
    path.write_text(f'{PREFIX}{SUBJECT} rdfs:label "{"x" * 50_000_000}" .\n', encoding="utf-8")
    status, err, seconds = validate(annotations.parent.parent, "--engine", engine)
    assert status == 2 and seconds < 60
    assert err == f"error: {path}: {TOO_LARGE}\n"
    assert not (annotations.parent.parent / ".g40kg-cache").exists()


def test_a_literal_just_over_16_mib_is_refused_naming_the_file(
    annotations: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = annotations.parent.parent
    monkeypatch.setenv("G40KG_ROOT", str(root))
    path = annotations / "just-over.ttl"
    path.write_text(f'{PREFIX}{SUBJECT} rdfs:label "{"x" * (TERM_LIMIT_BYTES + 1)}" .\n')
    assert main(["validate"]) == 2
    assert capsys.readouterr() == ("", f"error: {path}: {TOO_LARGE}\n")
    assert not (root / ".g40kg-cache").exists()


def test_a_10_mb_literal_under_the_limit_loads_quickly(annotations: Path) -> None:
    """One line, one string: read in well under a second; then the shapes run as usual."""
    path = annotations / "big.ttl"
    path.write_text(f'{PREFIX}{SUBJECT} rdfs:label "{"x" * 10_000_000}" .\n', encoding="utf-8")
    status, err, seconds = validate(annotations.parent.parent)
    assert status in (0, 1) and "Traceback" not in err, err
    assert seconds < 110


def test_a_long_multi_line_string_is_refused_naming_its_line(annotations: Path) -> None:
    path = annotations / "long.ttl"
    body = ("x" * 99 + "\n") * 40_000  # 4 MB: about 16 s for rdflib, quadratic beyond
    path.write_text(f'{PREFIX}\n{SUBJECT} rdfs:comment """{body}""" .\n', encoding="utf-8")
    status, err, seconds = validate(annotations.parent.parent)
    assert status == 2 and seconds < 20
    assert err.startswith(f"error: {path}:3: a long string of 4,000,000 characters"), err
    assert "$G40KG_MAX_LONG_STRING_KB" in err


def test_a_bad_limit_is_a_usage_error(annotations: Path) -> None:
    status, err, _seconds = validate(annotations.parent.parent, G40KG_MAX_LONG_STRING_KB="lots")
    assert (status, err) == (2, "error: $G40KG_MAX_LONG_STRING_KB='lots': give a number above 0\n")


def extra_triples(count: int) -> str:
    """count triples of 1,000-character comments on subjects no shape targets."""
    comment = "x" * 1_000
    return PREFIX + "".join(
        f'<https://w3id.org/g40kg/id/extra/n{i}> rdfs:comment "{comment}" .\n' for i in range(count)
    )


def test_a_turtle_file_over_16_mb_validates_with_the_same_findings(
    annotations: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of valid extra triples changes no finding (two planted ones are kept)."""
    root = annotations.parent.parent
    monkeypatch.setenv("G40KG_ROOT", str(root))
    monkeypatch.setenv("G40KG_MAX_TURTLE_MB", "1")  # the old file limit is gone
    people = root / "data" / "entities" / "people.ttl"
    planted = "\nperson:x-nameless a foaf:Person .\nperson:x-two foaf:name 42 ; a foaf:Person .\n"
    people.write_text(people.read_text(encoding="utf-8") + planted, encoding="utf-8")
    before = main(["validate", "--format", "json"]), capsys.readouterr()
    path = annotations / "extra.ttl"
    path.write_text(extra_triples(17_000), encoding="utf-8")
    assert path.stat().st_size > 17_000_000
    shutil.rmtree(root / CACHE_DIR)  # a full run, not one re-validating what extra.ttl affects
    after = main(["validate", "--format", "json"]), capsys.readouterr()
    assert after == before
    status, (out, err) = before
    assert (status, err) == (1, "")
    assert {r["focus"] for r in json.loads(out)["results"]} == {"person:x-nameless", "person:x-two"}


def test_the_shapes_checks_reads_a_turtle_file_over_16_mb(annotations: Path) -> None:
    """The reference path (`--engine pyshacl`, export, stats, fmt, views) takes it too."""
    root = annotations.parent.parent
    before = len(rdflib_data(root))
    (annotations / "extra.ttl").write_text(extra_triples(17_000), encoding="utf-8")
    assert len(rdflib_data(root)) == before + 17_000


@pytest.mark.parametrize("name", ["laughs.rdf", "laughs.ttl"])
def test_billion_laughs_is_refused_without_expanding(annotations: Path, name: str) -> None:
    path = annotations / name
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    status, err, seconds = validate(annotations.parent.parent)
    assert status == 2 and seconds < 20
    assert err.startswith(f"error: {path}"), err
