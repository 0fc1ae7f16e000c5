"""The input checks refuse bad input without an rdflib parse of the data.

Every verb reads the project through g40kg.project.load: each refusal names the file and line,
exits 2 with either engine, keeps nothing in .g40kg-cache/, and rdflib parses only the shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib

from g40kg.cli import main
from g40kg.project import cache
from g40kg.project.cache import Kept
from g40kg.project.inputs import read_inputs
from g40kg.project.paths import CACHE_DIR

PEOPLE = "data/entities/people.ttl"
RDF_XML = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
    '  <rdf:Description rdf:about="https://w3id.org/g40kg/id/org/extra"/>\n'
    "</rdf:RDF>\n"
)
RULE_SHAPE = """@prefix g40sh: <https://w3id.org/g40kg/shapes#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .

g40sh:RuleShape a sh:NodeShape ;
    sh:targetClass foaf:Person ;
    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate foaf:knows ; sh:object sh:this ] .
"""
SOURCE_ZZ = "<https://w3id.org/g40kg/id/source/zz> <https://w3id.org/g40kg/def#textFile>"


def append(root: Path, rel: str, snippet: bytes) -> int:
    """Append a blank line and snippet to root/rel; return the line the snippet starts on."""
    path = root / rel
    before = path.read_bytes()
    path.write_bytes(before + b"\n" + snippet)
    return before.count(b"\n") + 2


def write(root: Path, rel: str, text: str) -> int:
    (root / rel).write_text(text, encoding="utf-8")
    return 1


# (id, edit of the project returning the line, file named in the error, message, same words in
# both engines). The message is what `g40kg validate` prints after "error: FILE:LINE: ".
Edit = Callable[[Path], int]
CASES: list[tuple[str, Edit, str, str, bool]] = [
    (
        "syntax",
        lambda root: append(root, PEOPLE, b"person:x foaf:name .\n"),
        PEOPLE,
        "Turtle syntax error: . is not a valid RDF object (column 20)",
        False,
    ),
    (
        "undeclared-prefix",
        lambda root: append(root, PEOPLE, b"person:x rol:y person:z .\n"),
        PEOPLE,
        'Turtle syntax error: Prefix "rol:" not bound (column 10)',
        False,
    ),
    (
        "unknown-term",
        lambda root: append(root, PEOPLE, b'person:x foaf:nmae "X" .\n'),
        PEOPLE,
        "unknown term <http://xmlns.com/foaf/0.1/nmae>: not defined in FOAF; did you mean "
        "<http://xmlns.com/foaf/0.1/name>?",
        True,
    ),
    (
        "relative-iri",
        lambda root: append(root, PEOPLE, b"person:x foaf:page <a-page> .\n"),
        PEOPLE,
        "relative IRI <a-page>: write a full IRI",
        True,
    ),
    (
        "rdf-xml",
        lambda root: write(root, "data/entities/extra.ttl", RDF_XML),
        "data/entities/extra.ttl",
        "this is RDF/XML, not Turtle: g40kg reads only Turtle",
        True,
    ),
    (
        "shapes-syntax",  # the shapes are parsed for validation only after this refusal
        lambda root: append(root, "ontology/shapes.ttl", b"g40sh:X a sh:NodeShape ; sh:name .\n"),
        "ontology/shapes.ttl",
        "Turtle syntax error: objectList expected",
        True,
    ),
    (
        "refused-shape",
        lambda root: write(root, "ontology/shapes-extra.ttl", RULE_SHAPE) + 6,
        "ontology/shapes-extra.ttl",
        "sh:rule is an advanced SHACL feature g40kg does not enable: it would be ignored, so "
        "the shape would check nothing",
        True,
    ),
]
# Refusals the loader makes without a line.
NO_LINE: list[tuple[str, Edit, str, str]] = [
    (
        "not-utf8",
        lambda root: append(root, PEOPLE, 'person:x foaf:name "café" .\n'.encode("latin-1")),
        str(Path("{root}") / PEOPLE),
        "not UTF-8 text",
    ),
    (
        "stray-file",
        lambda root: write(root, "data/notes.json", "{}\n"),
        str(Path("{root}") / "data/notes.json"),
        "unexpected file in data/: annotations must be Turtle (.ttl) and source texts .txt "
        "files in data/texts/",
    ),
    (
        "missing-text",  # refused on the built store: its folder must go too
        lambda root: append(root, PEOPLE, f'{SOURCE_ZZ} "nope.txt" .\n'.encode()),
        PEOPLE,  # the loader names the declaring file by its relative path here
        "source text data/texts/nope.txt does not exist",
    ),
    (
        "text-file-not-bare",
        lambda root: append(root, PEOPLE, f'{SOURCE_ZZ} "../x.txt" .\n'.encode()),
        PEOPLE,
        "g40:textFile '../x.txt' must be a bare file name",
    ),
]


@pytest.fixture
def rdflib_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What rdflib parses (file paths or the first line of text)."""
    reads: list[str] = []
    parse = rdflib.Graph.parse

    def spy(self: rdflib.Graph, source: object = None, *args: object, **kwargs: object):
        data = kwargs.get("data")
        reads.append(str(source) if data is None else str(data)[:200])
        return parse(self, source, *args, **kwargs)

    monkeypatch.setattr(rdflib.Graph, "parse", spy)
    return reads


def only_shapes_read(root: Path, reads: list[str]) -> bool:
    """Whether rdflib read nothing but shapes files and pyshacl's copy of the SHACL terms."""
    shapes = [p.read_text(encoding="utf-8")[:200] for p in root.glob("ontology/shapes*.ttl")]
    return all(r in shapes or r.endswith("shacl.ttl") for r in reads)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def no_store(root: Path) -> bool:
    """Nothing under .g40kg-cache/ (no check verdict, no store) for the refused inputs."""
    return not (root / CACHE_DIR).exists()


@pytest.mark.parametrize(
    ("edit", "rel", "message", "same_words"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_a_refusal_names_file_and_line_and_leaves_no_store(
    project_copy: Path,
    rdflib_reads: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    edit: Edit,
    rel: str,
    message: str,
    same_words: bool,
) -> None:
    line = edit(project_copy)
    status, out, err = run(capsys, "validate")
    assert (status, out) == (2, "")
    assert err == f"error: {project_copy / rel}:{line}: {message}\n"
    assert no_store(project_copy)
    assert only_shapes_read(project_copy, rdflib_reads)
    monkeypatch.undo()  # the reference engine reads the project the same way
    monkeypatch.setenv("G40KG_ROOT", str(project_copy))
    reference = run(capsys, "validate", "--engine", "pyshacl")
    if same_words:
        assert reference == (status, out, err)
    else:  # pyoxigraph and rdflib word a syntax error differently; file and line agree
        assert reference[2].startswith(f"error: {project_copy / rel}:{line}: Turtle syntax error")


@pytest.mark.parametrize(
    ("edit", "where", "message"), [pytest.param(*case[1:], id=case[0]) for case in NO_LINE]
)
def test_a_refusal_without_a_line_names_the_file_and_leaves_no_store(
    project_copy: Path,
    rdflib_reads: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    edit: Edit,
    where: str,
    message: str,
) -> None:
    edit(project_copy)
    expected = f"error: {where.format(root=project_copy)}: {message}\n"
    assert run(capsys, "validate") == (2, "", expected)
    assert no_store(project_copy)
    assert only_shapes_read(project_copy, rdflib_reads)
    monkeypatch.undo()
    monkeypatch.setenv("G40KG_ROOT", str(project_copy))
    assert run(capsys, "validate", "--engine", "pyshacl") == (2, "", expected)


def test_of_two_relative_iris_the_first_in_the_file_is_named(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = append(project_copy, PEOPLE, b"person:x foaf:page <zzz> .\nperson:x foaf:page <aaa> .\n")
    status, _out, err = run(capsys, "validate")
    assert (status, err) == (
        2,
        f"error: {project_copy / PEOPLE}:{line}: relative IRI <zzz>: write a full IRI\n",
    )


def kept_file(root: Path) -> Path:
    return Kept(root, read_inputs(root).key).path


def test_a_refusal_after_a_checked_run_keeps_nothing(
    project_copy: Path, rdflib_reads: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A later refusal (one made on the built store: a missing text) keeps nothing for its
    inputs and leaves the verdict of the earlier inputs alone."""
    assert run(capsys, "validate") == (0, "conforms: the graph satisfies every shape\n", "")
    assert only_shapes_read(project_copy, rdflib_reads) and rdflib_reads
    checked = kept_file(project_copy)
    assert checked.is_file()
    append(project_copy, PEOPLE, f'{SOURCE_ZZ} "nope.txt" .\n'.encode())
    status, _out, err = run(capsys, "validate")
    assert (status, err) == (
        2,
        f"error: {PEOPLE}: source text data/texts/nope.txt does not exist\n",
    )
    assert not kept_file(project_copy).exists()
    assert sorted((project_copy / CACHE_DIR).iterdir()) == [checked]


def test_a_kept_verdict_still_meets_a_changed_vocabulary(
    project_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A data file unchanged since a conforming run, whose term the ontology no longer
    declares, is refused with its file and line."""
    assert run(capsys, "validate")[0] == 0
    ontology = project_copy / "ontology" / "g40kg.ttl"
    text = ontology.read_text(encoding="utf-8")
    ontology.write_text(text.replace("g40:WorkVisit a owl:Class", "g40:WorkVisitX a owl:Class"))
    status, out, err = run(capsys, "validate")
    assert (status, out) == (2, "")
    data = project_copy / "data" / "annotations" / "000_de51204a97864eeb.ttl"
    line = (
        data.read_text(encoding="utf-8")
        .splitlines()
        .index("event:werkbezoek-groningen-2024 a g40:WorkVisit ;")
    )
    assert err.startswith(f"error: {data}:{line + 1}: ")
    assert "g40:WorkVisit" in err or "def#WorkVisit" in err
    monkeypatch.undo()
    monkeypatch.setenv("G40KG_ROOT", str(project_copy))
    assert run(capsys, "validate", "--engine", "pyshacl") == (status, out, err)


def test_a_kept_verdict_is_not_trusted_under_a_lower_limit(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The limits are part of a verdict's key: a lower long-string limit checks again, even
    for inputs checked before."""
    assert run(capsys, "validate")[0] == 0
    monkeypatch.setenv("G40KG_MAX_LONG_STRING_KB", "0.01")
    expected = (
        2,
        "",
        f"error: {project_copy}/ontology/shapes.ttl:45: a long string of 750 characters is "
        "over the limit of 10 (set $G40KG_MAX_LONG_STRING_KB to raise it)\n",
    )
    assert run(capsys, "validate") == expected
    assert run(capsys, "validate", "--engine", "pyshacl") == expected


def test_a_library_upgrade_or_a_code_change_checks_every_file_again(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyshacl's copy of the SHACL terms decides which sh: terms the shapes may use: kept
    verdicts are not trusted across a new version of a library, or of g40kg's own code."""
    import importlib.metadata

    key = read_inputs(project_copy).key
    before = Kept(project_copy, key).path
    real = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: "99.0" if name == "pyshacl" else real(name)
    )
    cache.code_fingerprint.cache_clear()
    try:
        assert Kept(project_copy, key).path != before
    finally:
        cache.code_fingerprint.cache_clear()
