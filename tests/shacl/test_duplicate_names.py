"""g40sh:DuplicateNameShape in a project: the loader derives each name's key with find's
normalisation (g40kg.project.name_keys), so `validate` warns about exactly the pairs `find`
calls the same name, once per pair, on both engines; only a judgement with a reason silences it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_run import run_cli

PREFIXES = """@prefix body: <https://w3id.org/g40kg/id/org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix g40: <https://w3id.org/g40kg/def#> .
@prefix judgement: <https://w3id.org/g40kg/id/judgement/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix person: <https://w3id.org/g40kg/id/person/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
PEOPLE = """
body:mkb-nl a org:Organization ;
    rdfs:label "Ondernemersvereniging"@nl ;
    skos:altLabel "MKB NL"@nl .

person:dusan-petrovic a foaf:Person ;
    foaf:name "Dušan Petrović" ;
    rdfs:label "Dušan Petrović" .

person:dusan-petrovic-2 a foaf:Person ;
    foaf:name "Dusan Petrovic" ;
    rdfs:label "Dusan Petrovic" .

person:mkb-nl a foaf:Person ;
    foaf:name "Mkb Nederland" ;
    rdfs:label "Mkb Nederland" .
"""
WHY = (
    " have the same name once case, accents and punctuation are ignored, or one is the other "
    'with an initial (the key "{key}"; g40kg find shows both). Merge them, or record in '
    'data/judgements.ttl that they differ (a g40:NameJudgement with g40:verdict "different" '
    "and a g40:reason)."
)


def warning(file: str, focus: str, label: str, other: str, key: str) -> str:
    iri = "https://w3id.org/g40kg/id/"
    return (
        f'{file}: Warning: {focus} ("{label}") | value {focus} | Possible duplicate: '
        f"{iri}{focus.replace(':', '/', 1).replace('body/', 'org/')} and {iri}{other}"
        + WHY.format(key=key)
    )


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_find_s_normalisation_and_aliases_once_per_pair(project_copy: Path, engine: str) -> None:
    (project_copy / "data/entities/dups.ttl").write_text(PREFIXES + PEOPLE, encoding="utf-8")
    status, out, _err = run_cli("validate", "--engine", engine)
    assert status == 0
    assert out.splitlines() == [
        warning(
            "data/entities/dups.ttl",
            "person:dusan-petrovic",
            "Dušan Petrović",
            "person/dusan-petrovic-2",
            "dusan petrovic",
        ),
        warning(
            "data/entities/organisations.ttl",
            "body:mkb-nederland",
            "MKB-Nederland",
            "org/mkb-nl",
            "mkb nl",
        ),
        "conforms: the graph satisfies every shape (2 warning(s) above)",
    ]


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_a_judgement_without_a_reason_does_not_silence_the_warning(
    project_copy: Path, engine: str
) -> None:
    judgement = """
judgement:m-visscher-mirjam-visscher a g40:NameJudgement ;
    g40:judgedEntity person:m-visscher , person:mirjam-visscher ;
    g40:verdict "different" .

person:m-visscher a foaf:Person ;
    foaf:name "M. Visscher" ;
    rdfs:label "M. Visscher" .
"""
    (project_copy / "data/entities/dups.ttl").write_text(PREFIXES + judgement, encoding="utf-8")
    status, out, _err = run_cli("validate", "--engine", engine)
    assert status == 1
    assert out.splitlines() == [
        "data/entities/dups.ttl: Violation: judgement:m-visscher-mirjam-visscher | path "
        "g40:reason | A name judgement gives its g40:reason (one or more strings).",
        warning(
            "data/entities/dups.ttl",
            "person:m-visscher",
            "M. Visscher",
            "person/mirjam-visscher",
            "m visscher",
        ),
        "1 violation(s), 1 warning(s)",
    ]
    reasoned = judgement.replace(
        " ;\n    g40:verdict", ' ;\n    g40:reason "Marleen." ;\n    g40:verdict'
    )
    (project_copy / "data/entities/dups.ttl").write_text(PREFIXES + reasoned, encoding="utf-8")
    assert run_cli("validate", "--engine", engine)[:2] == (
        0,
        "conforms: the graph satisfies every shape\n",
    )
