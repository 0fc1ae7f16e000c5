"""The benchmark generator: deterministic, conforming, and its planted faults are all found."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest

from g40kg.project.load import open_project, rdflib_data
from g40kg.shacl.findings import validate

REPO = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
sys.modules["generate"] = generate  # dataclasses look their module up there
spec.loader.exec_module(generate)  # type: ignore[union-attr]


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def project_10k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("g40-10k") / "project"
    generate.write_project(generate.Plan(10_000, seed=7), out)
    return out


def test_same_seed_gives_byte_identical_files(tmp_path: Path, project_10k: Path) -> None:
    again = tmp_path / "again"
    generate.write_project(generate.Plan(10_000, seed=7), again)
    assert digests(again) == digests(project_10k)
    other = tmp_path / "other"
    generate.write_project(generate.Plan(10_000, seed=8), other)
    assert digests(other) != digests(project_10k)


def test_layout_and_size(project_10k: Path) -> None:
    assert 8_000 <= len(rdflib_data(project_10k)) <= 12_000
    texts = sorted((project_10k / "data" / "texts").glob("*.txt"))
    annotations = sorted((project_10k / "data" / "annotations").glob("*.ttl"))
    assert [p.stem for p in texts] == [p.stem for p in annotations]
    municipalities = (project_10k / "data" / "reference" / "municipalities.ttl").read_text()
    assert municipalities.count("a tooiont:Gemeente") == 342


def test_generated_project_conforms(project_10k: Path) -> None:
    findings = validate(open_project(project_10k))
    conforms = not findings
    assert findings == []
    assert conforms


def test_violation_variant_reports_exactly_the_planted_faults(tmp_path: Path) -> None:
    out = tmp_path / "bad"
    generate.write_project(generate.Plan(10_000, seed=7, bad_quotes=4, missing_refs=3), out)
    findings = validate(open_project(out))
    conforms = not any(f.severity == "Violation" for f in findings)
    assert not conforms
    quotes = [f for f in findings if f.shape == "g40sh:QuoteMatchesTextShape"]
    members = [f for f in findings if f.component == "sh:ClassConstraintComponent"]
    assert len(quotes) == 4
    assert len(members) == 3
    assert len(findings) == 7
