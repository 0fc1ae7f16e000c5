"""Shapes that would reach the network or be silently ignored are refused, never "conforms"."""

from __future__ import annotations

from pathlib import Path

import pytest

from g40kg.cli import main
from g40kg.project.errors import InputError
from g40kg.project.load import open_project

EXTRA_SHAPES = "ontology/shapes-extra.ttl"
PREFIXES = """@prefix g40sh: <https://w3id.org/g40kg/shapes#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
"""

CASES = [
    pytest.param(
        """
g40sh:RemoteShape a sh:NodeShape ;
    sh:targetClass foaf:Person ;
    sh:sparql [
        sh:message "remote" ;
        sh:select \"\"\"SELECT $this WHERE {
            SERVICE <http://127.0.0.1:9/sparql> { $this ?p ?o }
        }\"\"\"
    ] .
""",
        10,
        "SERVICE in a SHACL-SPARQL constraint",
        id="service-in-sparql-constraint",
    ),
    pytest.param(
        """
g40sh:RuleShape a sh:NodeShape ;
    sh:targetClass foaf:Person ;
    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate foaf:knows ; sh:object sh:this ] .
""",
        7,
        "sh:rule is an advanced SHACL feature",
        id="advanced-rule-ignored",
    ),
    pytest.param(
        """
g40sh:UndeclaredShape a sh:NodeShape ;
    sh:targetClass foaf:Person ;
    sh:sparql [
        sh:message "undeclared" ;
        sh:select \"\"\"SELECT $this WHERE {
            $this nope:thing ?o
        }\"\"\"
    ] .
""",
        10,
        "it uses the prefix nope: that neither the query nor the sh:prefixes of the "
        "constraint declare",
        id="undeclared-prefix-in-sparql-constraint",
    ),
    pytest.param(
        """
g40sh:BrokenShape a sh:NodeShape ;
    sh:targetClass foaf:Person ;
    sh:sparql [
        sh:message "broken" ;
        sh:select \"\"\"SELECT $this WHERE {
            $this foaf:name ?o FILTER(
        }\"\"\"
    ] .
""",
        10,
        "SHACL-SPARQL constraint",
        id="sparql-constraint-that-does-not-parse",
    ),
]


@pytest.mark.parametrize(("shape", "line", "message"), CASES)
def test_refused_shape_is_an_input_error_with_file_and_line(
    project_copy: Path, shape: str, line: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project_copy / EXTRA_SHAPES).write_text(PREFIXES + shape, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        open_project(project_copy)
    assert caught.value.path.endswith(EXTRA_SHAPES)
    assert caught.value.line == line
    assert message in caught.value.message
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert f"{EXTRA_SHAPES}:{line}: " in err


@pytest.mark.parametrize(
    "query", ["ASK { $this ?p ?o }", "CONSTRUCT { $this ?p ?o } WHERE { $this ?p ?o }"]
)
def test_a_select_constraint_that_is_no_select_is_refused(
    project_copy: Path, query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a traceback in the middle of validation (both engines iterate the rows)."""
    shape = f"""
g40sh:NoSelectShape a sh:NodeShape ;
    sh:targetClass foaf:Person ;
    sh:sparql [ sh:message "x" ; sh:select \"\"\"{query}\"\"\" ] .
"""
    (project_copy / EXTRA_SHAPES).write_text(PREFIXES + shape, encoding="utf-8")
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert f"{EXTRA_SHAPES}:7: " in err
    assert "the query of sh:select must be a SELECT query" in err


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_prefixes_declared_in_another_shapes_file_are_found(
    project_copy: Path, engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """sh:prefixes g40sh: declares g40: in ontology/shapes.ttl; both engines read every shapes
    file, so a constraint of shapes-extra.ttl may use it (it was refused at load)."""
    shape = """
g40sh:ExtraShape a sh:NodeShape ;
    sh:targetNode <https://w3id.org/g40kg/id/person/frank-den-brok> ;
    sh:sparql [
        sh:message "found" ;
        sh:prefixes g40sh: ;
        sh:select \"\"\"SELECT $this WHERE { $this a ?type . FILTER(?type != g40:Nothing) }\"\"\"
    ] .
"""
    (project_copy / EXTRA_SHAPES).write_text(PREFIXES + shape, encoding="utf-8")
    assert main(["validate", "--engine", engine]) == 1
    out = capsys.readouterr().out
    assert "person:frank-den-brok" in out
    assert "found" in out


@pytest.mark.parametrize(
    ("body", "misuse"),
    [
        ("SELECT $this WHERE { $this ?p ?o } LIMIT 1", "LIMIT"),
        ("SELECT $this WHERE { $this ?p ?o } OFFSET 1", "OFFSET"),
        ("SELECT $this WHERE { VALUES ?o { 1 } $this ?p ?o }", "VALUES"),
        ("SELECT $this WHERE { $this ?p ?o MINUS { $this a ?t } }", "MINUS"),
        ("SELECT $this WHERE { ?s ?p ?o BIND(?s AS $this) }", "AS $this"),
    ],
)
def test_constructs_the_engines_read_differently_are_refused(
    project_copy: Path, body: str, misuse: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """With LIMIT the two engines disagreed (all focus nodes at once against one at a time);
    with VALUES, MINUS or AS $this pyshacl failed with a traceback."""
    shape = f"""
g40sh:MisuseShape a sh:NodeShape ;
    sh:targetNode <https://w3id.org/g40kg/id/person/frank-den-brok> ;
    sh:sparql [
        sh:message "misuse" ;
        sh:select \"\"\"{body}\"\"\"
    ] .
"""
    (project_copy / EXTRA_SHAPES).write_text(PREFIXES + shape, encoding="utf-8")
    for engine in ("fast", "pyshacl"):
        assert main(["validate", "--engine", engine]) == 2
        err = capsys.readouterr().err
        assert f"{EXTRA_SHAPES}:9: SHACL-SPARQL constraint uses {misuse}," in err


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_this_inside_a_string_stays_text(
    project_copy: Path, engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`$this` in a string, an IRI or a comment is text, not the focus node, on both engines."""
    shape = """
g40sh:TextShape a sh:NodeShape ;
    sh:targetNode <https://w3id.org/g40kg/id/person/frank-den-brok> ;
    sh:sparql [
        sh:message "matched" ;
        sh:select \"\"\"SELECT $this WHERE {
            $this a ?type .  # a comment with $this
            FILTER(CONTAINS("price in $this currency", "?"))
        }\"\"\"
    ] .
"""
    (project_copy / EXTRA_SHAPES).write_text(PREFIXES + shape, encoding="utf-8")
    assert main(["validate", "--engine", engine]) == 0
    assert capsys.readouterr().out == "conforms: the graph satisfies every shape\n"
