"""Huge and adversarial files in data/ are loaded or refused in bounded time, never hang.

Why these: rdflib parses a long multi-line string in quadratic time (4 MB: ~16 s), and an
RDF/XML file can hold nested entities (billion laughs). Each case runs `g40kg validate` in a
subprocess with a time limit, so a regression fails instead of stalling the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


def validate(root: Path, **env: str) -> tuple[int, str, float]:
    """`g40kg validate` on root in a subprocess: (exit status, stderr, seconds)."""
    environment = {**os.environ, "G40KG_ROOT": str(root), **env}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "g40kg.cli", "validate"],
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
    return root / "data" / "annotations"


def test_a_50_mb_literal_is_refused_at_once_naming_the_file(annotations: Path) -> None:
    path = annotations / "huge.ttl"
    text = f'{PREFIX}{SUBJECT} rdfs:label "{"x" * 50_000_000}" .\n'
    path.write_text(text, encoding="utf-8")
    status, err, seconds = validate(annotations.parent.parent)
    assert status == 2 and seconds < 30
    assert err == (
        f"error: {path}: {len(text):,} bytes is over the limit of 16,000,000 for one Turtle "
        "file (set $G40KG_MAX_TURTLE_MB to raise it)\n"
    )


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
    status, err, _seconds = validate(annotations.parent.parent, G40KG_MAX_TURTLE_MB="lots")
    assert (status, err) == (2, "error: $G40KG_MAX_TURTLE_MB='lots': give a number above 0\n")


@pytest.mark.parametrize("name", ["laughs.rdf", "laughs.ttl"])
def test_billion_laughs_is_refused_without_expanding(annotations: Path, name: str) -> None:
    path = annotations / name
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    status, err, seconds = validate(annotations.parent.parent)
    assert status == 2 and seconds < 20
    assert err.startswith(f"error: {path}"), err
