"""A misspelled vocabulary term is an input error naming file and line, never "conforms".

SHACL ignores triples it does not understand (a shape with `sh:minCont` checks nothing) and RDF
accepts any IRI (`org:memberof` is just another predicate), so without the vocabulary check such
a typo would let everything pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from g40kg.cli import main
from g40kg.project.errors import InputError
from g40kg.project.load import open_project

ANNOTATIONS = "data/annotations/002_e13bc018be1931a8.ttl"

# (file, text to find, replacement, the misspelled term's IRI)
TYPOS = [
    pytest.param(
        "ontology/shapes.ttl",
        '"A person has an rdfs:label." ; sh:minCount 1',
        '"A person has an rdfs:label." ; sh:minCont 1',
        "http://www.w3.org/ns/shacl#minCont",
        id="shapes-sh-minCont",
    ),
    pytest.param(
        ANNOTATIONS,
        "org:member person:yvonne-salvino ;\n    org:organization body:themagroep-mkb",
        "org:memberof person:yvonne-salvino ;\n    org:organization body:themagroep-mkb",
        "http://www.w3.org/ns/org#memberof",
        id="data-org-memberof",
    ),
    pytest.param(
        ANNOTATIONS,
        "fact:den-brok-oss a g40:Affiliation ;\n    g40:basis basis:implied-bracket",
        "fact:den-brok-oss a g40:Affiliation ;\n    g40:bases basis:implied-bracket",
        "https://w3id.org/g40kg/def#bases",
        id="data-g40-bases",
    ),
    pytest.param(
        "data/entities/people.ttl",
        'foaf:name "Frank den Brok"',
        'foaf:nmae "Frank den Brok"',
        "http://xmlns.com/foaf/0.1/nmae",
        id="entities-foaf-nmae",
    ),
]


def misspell(root: Path, rel: str, old: str, new: str) -> int:
    """Replace old (found exactly once) by new in root/rel; return the line of the typo."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {rel}"
    index = text.index(old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    changed = next(i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b)
    return text.count("\n", 0, index + changed) + 1


@pytest.mark.parametrize(("rel", "old", "new", "iri"), TYPOS)
def test_loader_refuses_a_misspelled_term_with_file_and_line(
    project_copy: Path, rel: str, old: str, new: str, iri: str
) -> None:
    line = misspell(project_copy, rel, old, new)
    with pytest.raises(InputError) as caught:
        open_project(project_copy)
    assert caught.value.path == str(project_copy / rel)
    assert caught.value.line == line
    assert caught.value.message.startswith(f"unknown term <{iri}>")


@pytest.mark.parametrize(("rel", "old", "new", "iri"), TYPOS)
def test_cli_exits_2_naming_file_and_line(
    project_copy: Path, capsys: pytest.CaptureFixture[str], rel: str, old: str, new: str, iri: str
) -> None:
    line = misspell(project_copy, rel, old, new)
    status = main(["validate"])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert f"{rel}:{line}: unknown term <{iri}>" in err
