"""The foundation's commands on a copy of the repository: validate, export, fmt, bad input.

Validation runs on a copy that keeps, of data/annotations/, only the worked example
(002_e13bc018be1931a8.ttl): with all texts annotated, one `g40kg validate` currently takes
minutes (QuoteMatchesTextShape's SPARQL is evaluated without its focus node bound first), far
too long for a test. export and fmt work on the whole copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_run import (
    CONFORMS,
    EXAMPLE,
    keep_only_worked_example,
    positions,
    replace_once,
    run_cli,
    snapshot,
    turtle_files,
)
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from g40kg.cli import main
from g40kg.project.load import rdflib_data
from g40kg.project.namespaces import ANN, OA

EXAMPLE_TEXT = "data/texts/002_e13bc018be1931a8.txt"
RECORDED_SHA256 = "6695736dd5522ba896a91941d9844a2deb10190ad47397775a46e0df783928ab"

QUOTE = "Frank den Brok (Oss) was al eerder gekozen als voorzitter."
CHANGED_QUOTE = "Frank den Brok (Oss) was al eerder gekozen als voorzitten."
SALVINO_MANDATE = "org:member person:yvonne-salvino ;\n    org:organization body:themagroep-mkb"
DEN_BROK_POSITION = (
    "        oa:hasSelector [ a oa:TextPositionSelector ; oa:end 1647 ; oa:start 1589 ] ;\n"
)


def without_positions(graph: Graph) -> Graph:
    selectors = set(graph.subjects(RDF.type, OA.TextPositionSelector))
    rest = Graph()
    for s, p, o in graph:
        if s not in selectors and o not in selectors:
            rest.add((s, p, o))
    return rest


@pytest.fixture
def example_copy(project_copy: Path) -> Path:
    """The project copy with, of the annotation files, only the worked example's."""
    keep_only_worked_example(project_copy)
    return project_copy


# --- validate -------------------------------------------------------------------------------


def test_validate_exits_0_on_the_worked_example(example_copy: Path) -> None:
    assert run_cli("validate") == (0, CONFORMS, "")


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str


@pytest.fixture(scope="module")
def three_mistakes(make_project_copy: Callable[[str], Path]) -> tuple[Run, Run, str]:
    """Validate (text, then JSON) the worked example with three unrelated mistakes: a changed
    character in one quote, a misspelled member IRI, and a character appended to the source
    text after annotation. Validation is slow, so the three share two runs; each mistake must
    show as its own findings and nothing else (see test_json_lists_exactly_the_mistakes).
    Returns the two runs and the sha256 of the changed text."""
    root = make_project_copy("three-mistakes")
    keep_only_worked_example(root)
    replace_once(root, EXAMPLE, QUOTE, CHANGED_QUOTE)
    replace_once(root, EXAMPLE, SALVINO_MANDATE, SALVINO_MANDATE.replace("salvino", "salvno"))
    text = root / EXAMPLE_TEXT
    text.chmod(0o644)
    text.write_bytes(text.read_bytes() + b"\n")
    changed_sha256 = hashlib.sha256(text.read_bytes()).hexdigest()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("G40KG_ROOT", str(root))
        patch.chdir(root)
        as_text = Run(*run_cli("validate"))
        as_json = Run(*run_cli("validate", "--format", "json"))
    return as_text, as_json, changed_sha256


def finding_lines(run: Run, focus: str) -> list[str]:
    return [
        line for line in run.out.splitlines() if line.startswith(f"{EXAMPLE}: Violation: {focus} ")
    ]


def test_mistakes_make_validate_exit_1(three_mistakes: tuple[Run, Run, str]) -> None:
    as_text, as_json, _sha = three_mistakes
    assert (as_text.status, as_text.err) == (1, "")
    assert (as_json.status, as_json.err) == (1, "")
    assert as_text.out.splitlines()[-1] == "4 violation(s)"


def test_changed_quote_names_file_annotation_and_quote(
    three_mistakes: tuple[Run, Run, str],
) -> None:
    (line,) = finding_lines(three_mistakes[0], "ann:almere-den-brok")
    assert f'the annotation says "{CHANGED_QUOTE}", the text has "{QUOTE}"' in line
    assert "at [1589, 1647)" in line


def test_misspelled_member_names_fact_and_value(three_mistakes: tuple[Run, Run, str]) -> None:
    (line,) = finding_lines(three_mistakes[0], "fact:salvino-trekker-mkb")
    assert "| path org:member | value person:yvonne-salvno |" in line


def test_changed_text_names_source_and_sha256(three_mistakes: tuple[Run, Run, str]) -> None:
    as_text, _as_json, changed_sha256 = three_mistakes
    lines = finding_lines(as_text, "src:almere-2022")
    assert len(lines) == 2
    assert all("| path g40:sha256 |" in line and "text file changed" in line for line in lines)
    # sh:equals reports both values: the recorded sha256 and that of the text as it is now.
    shas = sorted(sha for line in lines for sha in (RECORDED_SHA256, changed_sha256) if sha in line)
    assert shas == sorted([RECORDED_SHA256, changed_sha256])


def test_json_lists_exactly_the_mistakes(three_mistakes: tuple[Run, Run, str]) -> None:
    _as_text, as_json, changed_sha256 = three_mistakes
    report = json.loads(as_json.out)
    assert report["conforms"] is False
    keys = ("file", "focus", "path", "value", "shape", "component", "severity")
    got = sorted(tuple(result[k] for k in keys) for result in report["results"])
    sha_finding = (EXAMPLE, "src:almere-2022", "g40:sha256")
    sha_shape = ("g40sh:SourceTextShape", "sh:EqualsConstraintComponent", "Violation")
    assert got == sorted(
        [
            (EXAMPLE, "ann:almere-den-brok", "", "ann:almere-den-brok")
            + ("g40sh:QuoteMatchesTextShape", "sh:SPARQLConstraintComponent", "Violation"),
            (EXAMPLE, "fact:salvino-trekker-mkb", "org:member", "person:yvonne-salvno")
            + ("g40sh:MembershipShape", "sh:ClassConstraintComponent", "Violation"),
            sha_finding + (repr(RECORDED_SHA256),) + sha_shape,
            sha_finding + (repr(changed_sha256),) + sha_shape,
        ]
    )
    (quote,) = [r for r in report["results"] if r["focus"] == "ann:almere-den-brok"]
    assert CHANGED_QUOTE in quote["message"]


# --- bad input: exit 2 with file:line, nothing written ---------------------------------------


@pytest.mark.parametrize(
    "argv",
    [("validate",), ("export", "--format", "nt", "-o", "out.nt"), ("fmt",)],
    ids=lambda argv: argv[0],
)
def test_syntax_error_gives_file_line_and_writes_nothing(
    example_copy: Path, argv: tuple[str, ...]
) -> None:
    line = replace_once(
        example_copy,
        EXAMPLE,
        "fact:den-brok-oss a g40:Affiliation ;\n    g40:basis basis:implied-bracket ;",
        'fact:den-brok-oss a g40:Affiliation ;\n    g40:basis "basis:implied-bracket ;',
    )
    before = snapshot(example_copy)
    status, out, err = run_cli(*argv)
    assert (status, out) == (2, "")
    assert f"{EXAMPLE}:{line + 1}: Turtle syntax error" in err
    assert snapshot(example_copy) == before


@pytest.mark.parametrize(
    ("rel", "old", "new", "expected"),
    [
        pytest.param(
            EXAMPLE,
            "org:role role:trekker ;\n    prov:wasDerivedFrom ann:almere-salvino",
            "org:role rol:trekker ;\n    prov:wasDerivedFrom ann:almere-salvino",
            'Turtle syntax error: Prefix "rol:" not bound',
            id="undefined-prefix",
        ),
        pytest.param(
            EXAMPLE,
            "schema:url <https://www.g40stedennetwerk.nl/pijler-economie-en-werk-van-start-almere>",
            "schema:url <#pijler-economie-en-werk-van-start-almere>",
            "relative IRI <#pijler-economie-en-werk-van-start-almere>: write a full IRI",
            id="relative-iri-fragment",
        ),
        pytest.param(
            EXAMPLE,
            "schema:url <https://www.g40stedennetwerk.nl/pijler-economie-en-werk-van-start-almere>",
            "schema:url <pijler-economie-en-werk-van-start-almere>",
            "relative IRI <pijler-economie-en-werk-van-start-almere>: write a full IRI",
            id="relative-iri-path",
        ),
    ],
)
def test_bad_turtle_gives_exit_2_with_file_and_line(
    example_copy: Path, rel: str, old: str, new: str, expected: str
) -> None:
    line = replace_once(example_copy, rel, old, new)
    status, out, err = run_cli("validate")
    assert (status, out) == (2, "")
    assert f"{rel}:{line}: {expected}" in err


RDF_XML = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
    '         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
    '  <rdf:Description rdf:about="https://w3id.org/g40kg/id/org/extra">\n'
    "    <rdfs:label>extra</rdfs:label>\n"
    "  </rdf:Description>\n"
    "</rdf:RDF>\n"
)


def test_rdf_xml_named_ttl_gives_exit_2_with_file_and_line(example_copy: Path) -> None:
    (example_copy / "data" / "entities" / "extra.ttl").write_text(RDF_XML, encoding="utf-8")
    status, out, err = run_cli("validate")
    assert (status, out) == (2, "")
    assert "data/entities/extra.ttl:1: this is RDF/XML, not Turtle" in err


def test_rdf_xml_file_in_data_gives_exit_2_naming_the_file(example_copy: Path) -> None:
    (example_copy / "data" / "entities" / "extra.rdf").write_text(RDF_XML, encoding="utf-8")
    status, out, err = run_cli("validate")
    assert (status, out) == (2, "")
    assert "data/entities/extra.rdf: unexpected file in data/" in err


# --- export ---------------------------------------------------------------------------------


def test_export_nt_is_byte_identical_across_runs_and_hash_seeds(
    project_copy: Path, tmp_path: Path
) -> None:
    outputs = []
    for seed in ("1", "2"):
        output = tmp_path / f"export-{seed}.nt"
        env = {**os.environ, "PYTHONHASHSEED": seed, "G40KG_ROOT": str(project_copy)}
        command = [sys.executable, "-m", "g40kg.cli", "export", "--format", "nt", "-o", output]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]
    exported = Graph().parse(data=outputs[0].decode("utf-8"), format="nt")
    assert len(exported) == len(rdflib_data(project_copy))


# --- fmt ------------------------------------------------------------------------------------


def test_fmt_check_exits_0_on_the_repository(project_copy: Path) -> None:
    assert run_cli("fmt", "--check") == (0, "", "")


def test_fmt_never_loses_a_triple(project_copy: Path) -> None:
    """Rewrite every Turtle file in rdflib's own layout (and drop the worked example's position
    selectors); fmt must give back the same triples, the selectors filled in as they were."""
    original_positions = positions(Graph().parse(project_copy / EXAMPLE, format="turtle"))
    assert len(original_positions) == 35
    before = {}
    for path in turtle_files(project_copy):
        graph = Graph().parse(path, format="turtle")
        if path == project_copy / EXAMPLE:
            graph = without_positions(graph)
        path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
        before[path] = Graph().parse(path, format="turtle")
    status, out, err = run_cli("fmt")
    assert (status, err) == (0, "")
    assert out.count("reformatted ") == len(before)
    for path, old in before.items():
        new = Graph().parse(path, format="turtle")
        assert isomorphic(without_positions(old), without_positions(new)), path
        assert positions(old).items() <= positions(new).items(), path
    refilled = positions(Graph().parse(project_copy / EXAMPLE, format="turtle"))
    assert refilled == original_positions


def test_fmt_keeps_a_comment_above_its_subject_block(example_copy: Path) -> None:
    path = example_copy / EXAMPLE
    original = path.read_text(encoding="utf-8")
    start = original.index("fact:salvino-trekker-mkb a org:Membership ;")
    block = original[start : original.index("\n\n", start) + 2]
    comment = "# Test comment: stays above the mandate when the block moves back.\n"
    # Move the block, with the comment above it, to the top, right after the prefixes.
    moved = original.replace(block, "")
    first = moved.index("ann:almere-brede-welvaart a g40:MentionAnnotation ;")
    path.write_text(moved[:first] + comment + block + moved[first:], encoding="utf-8")
    assert run_cli("fmt") == (0, f"reformatted {path}\n", "")
    assert path.read_text(encoding="utf-8") == original.replace(block, comment + block)


def test_fmt_fills_in_a_missing_position_selector(example_copy: Path) -> None:
    path = example_copy / EXAMPLE
    original = path.read_text(encoding="utf-8")
    replace_once(example_copy, EXAMPLE, DEN_BROK_POSITION, "")
    den_brok = ANN["almere-den-brok"]
    assert den_brok not in positions(Graph().parse(path, format="turtle"))
    assert run_cli("fmt") == (0, f"reformatted {path}\n", "")
    graph = Graph().parse(path, format="turtle")
    assert positions(graph)[den_brok] == (1589, 1647)
    assert path.read_text(encoding="utf-8") == original


def test_version_names_the_installed_package(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"g40kg {version('g40kg')}\n"
