"""g40kg draft: a complete annotation + fact block from a quote and options, entity stubs with
the IRI patterns, proposals from the texts' own patterns, and --write appending then fmt."""

from __future__ import annotations

from pathlib import Path

import pytest

from g40kg.cli import main

NAUTA = """\
ann:almere-2022-frans-nauta-almere a oa:Annotation ;
    oa:hasTarget [
        oa:hasSelector [ a oa:TextPositionSelector ; oa:end 622 ; oa:start 602 ] ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Frans Nauta (Almere)" ] ;
        oa:hasSource src:almere-2022
    ] .

fact:almere-2022-frans-nauta-affiliation-gm0034 a g40:Affiliation ;
    g40:basis basis:implied-bracket ;
    g40:earliestDate "2022-09-20"^^xsd:date ;
    g40:latestDate "2022"^^xsd:gYear ;
    org:member person:frans-nauta ;
    org:organization gm:gm0034 ;
    prov:wasDerivedFrom ann:almere-2022-frans-nauta-almere .
"""
ROLES = (
    "beoogd-partner, contactpersoon, deelnemer, directeur, gastheer, geinformeerd, "
    "gesprekspartner, initiatiefnemer, lid, minister, ondersteuner, organisator, partner, "
    "pleitbezorger, programmamanager, secretaris, spreker, strateeg, trekker, vicevoorzitter, "
    "voorzitter"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_an_affiliation_from_a_name_in_brackets(capsys) -> None:
    argv = ["draft", "002", "Frans Nauta (Almere)", "--kind", "affiliation"]
    argv += ["--agent", "Frans Nauta", "--body", "Almere", "--basis", "implied-bracket"]
    assert run(capsys, *argv) == (0, NAUTA, "")


def test_an_unknown_role_lists_the_valid_ones_and_the_nearest(capsys) -> None:
    argv = ["draft", "002", "Frans Nauta (Almere)", "--kind", "mandate", "--agent", "F. Nauta"]
    status, out, err = run(capsys, *argv, "--body", "gm:gm0034", "--role", "programmamanagr")
    assert (status, out) == (2, "")
    assert err == (
        "error: --role 'programmamanagr' is not defined; did you mean 'programmamanager'? "
        f"(valid: {ROLES}). To add a role, see docs/ADDING_A_SOURCE.md (Roles).\n"
    )


def test_a_new_person_gets_a_stub_with_the_iri_pattern(capsys) -> None:
    argv = ["draft", "002", "Frans Nauta (Almere)", "--kind", "mention", "--agent", "Piet Puk"]
    status, out, err = run(capsys, *argv)
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == (
        "# new entity <https://w3id.org/g40kg/id/person/piet-puk>: check its type and label "
        "(g40kg find found none)"
    )
    assert out.splitlines()[1] == "ann:almere-2022-frans-nauta-almere a g40:MentionAnnotation ;"
    assert "    oa:hasBody person:piet-puk ;" in out.splitlines()
    assert out.endswith(
        "person:piet-puk a <http://xmlns.com/foaf/0.1/Person> ;\n"
        '    <http://xmlns.com/foaf/0.1/name> "Piet Puk" ;\n'
        '    rdfs:label "Piet Puk" .\n'
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["Nauta (Zwolle)", "--kind", "mention", "--agent", "X"], "is not in src:almere-2022"),
        (["de", "--kind", "mention", "--agent", "X"], "occurs 96 times"),
        (["Frans Nauta (Almere)", "--kind", "mandate", "--agent", "X"], "needs --role"),
        (["Frans Nauta (Almere)", "--agent", "X"], "give QUOTE, --kind and --agent"),
        (
            ["Frans Nauta (Almere)", "--kind", "mention", "--agent", "person:nobody"],
            "no such entity",
        ),
    ],
)
def test_bad_requests_are_usage_errors(capsys, argv: list[str], message: str) -> None:
    status, out, err = run(capsys, "draft", "002", *argv)
    assert (status, out) == (2, "")
    assert message in err


def test_proposals_from_the_texts_patterns(capsys) -> None:
    status, out, _err = run(capsys, "draft", "002", "--propose")
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == (
        "src:almere-2022 (data/texts/002_e13bc018be1931a8.txt): 7 proposal(s); "
        "run a command to see its Turtle,"
    )
    assert lines[6:8] == [
        '[1262, 1324)  "met als trekker Yvonne Salvino": Yvonne Salvino leads MKB en '
        "economische vernieuwing",
        "  g40kg draft src:almere-2022 'MKB en economische vernieuwing, met als trekker Yvonne "
        "Salvino' --kind mandate --agent 'Yvonne Salvino' --body "
        "body:themagroep-mkb-en-economische-vernieuwing --role trekker --basis stated",
    ]
    assert lines[3:5] == [
        '[602, 622)  "Frans Nauta (Almere)": a name with a place in brackets',
        "  g40kg draft src:almere-2022 'Frans Nauta (Almere)' --kind affiliation --agent "
        "'Frans Nauta' --body gm:gm0034 --basis implied-bracket",
    ]


def test_write_appends_formats_and_validates(project_copy: Path, capsys) -> None:
    ttl = project_copy / "data" / "annotations" / "002_e13bc018be1931a8.ttl"
    before = ttl.read_text(encoding="utf-8")
    argv = ["draft", "002", "Frans Nauta (Almere)", "--kind", "affiliation", "--write"]
    status, out, err = run(capsys, *argv, "--agent", "Frans Nauta", "--body", "gm:gm0034")
    assert (status, err) == (0, "")
    assert out.endswith(f"appended to {ttl} and formatted (g40kg fmt); now: g40kg validate\n")
    after = ttl.read_text(encoding="utf-8")
    assert after.startswith(before[: before.index("\nann:")])
    assert "fact:almere-2022-frans-nauta-affiliation-gm0034 a g40:Affiliation ;" in after
    assert run(capsys, "validate") == (0, "conforms: the graph satisfies every shape\n", "")
    assert run(capsys, "fmt", "--check")[0] == 0
