"""g40kg draft: a complete annotation + fact block from a quote and options, entity stubs with
the IRI patterns, proposals from the texts' own patterns, and --write appending then fmt."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from g40kg.cli import main

EXAMPLE = "data/annotations/002_e13bc018be1931a8.ttl"
REPO = Path(__file__).resolve().parents[2]

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
    assert status == 0
    assert err == (
        "warning: --agent 'Piet Puk' (person:piet-puk) does not occur in the quote: "
        "is it the right passage?\n"
    )
    assert out.splitlines()[0] == (
        "# new entity person:piet-puk (foaf:Person): g40kg find 'Piet Puk' found no entity; "
        "check its label"
    )
    assert out.splitlines()[1] == "ann:almere-2022-frans-nauta-almere a g40:MentionAnnotation ;"
    assert "    oa:hasBody person:piet-puk ;" in out.splitlines()
    assert out.endswith(
        'person:piet-puk a foaf:Person ;\n    foaf:name "Piet Puk" ;\n    rdfs:label "Piet Puk" .\n'
    )


def test_a_new_person_with_a_known_surname_names_the_namesake(capsys) -> None:
    """find does not take "J. Visscher" for Mirjam Visscher (the initial differs), so a new
    person is made; the note names her, so a duplicate is never silent."""
    argv = ["draft", "002", "Frans Nauta (Almere)", "--kind", "mention", "--agent", "J. Visscher"]
    status, out, _err = run(capsys, *argv)
    assert status == 0
    assert out.splitlines()[0] == (
        "# new entity person:j-visscher (foaf:Person): g40kg find 'J. Visscher' found no "
        "entity (the same surname: person:mirjam-visscher (Mirjam Visscher): a different "
        "person?); check its label"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["Nauta (Zwolle)", "--kind", "mention", "--agent", "X"], "is not in src:almere-2022"),
        (["de", "--kind", "mention", "--agent", "X"], "occurs 96 times"),
        (["Frans Nauta (Almere)", "--kind", "mandate", "--agent", "X"], "needs --body and --role"),
        (["Frans Nauta (Almere)", "--agent", "X"], "give QUOTE and --kind"),
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
        "src:almere-2022 (data/texts/002_e13bc018be1931a8.txt): 8 proposal(s), 2 recorded "
        "already; run a command to see its Turtle,"
    )
    assert lines[6:8] == [
        '[1262, 1341)  "met als trekker Yvonne Salvino (Sittard-Geleen)": Yvonne Salvino leads '
        "MKB en economische vernieuwing",
        "  done: fact:salvino-trekker-mkb records it",
    ]
    assert lines[12:14] == [
        '[1345, 1440)  "met als trekker vicevoorzitter Adam Elzakalai (Amstelveen)": Adam '
        "Elzakalai leads Vitale binnensteden en werklocaties",
        "  done: fact:elzakalai-trekker-vitale-binnensteden records it",
    ]
    assert lines[3:5] == [
        '[602, 622)  "Frans Nauta (Almere)": a name with a municipality or organisation in '
        "brackets",
        "  g40kg draft src:almere-2022 'Frans Nauta (Almere)' --kind affiliation --agent "
        "'Frans Nauta' --body gm:gm0034 --basis implied-bracket",
    ]


def test_write_appends_formats_and_validates(project_copy: Path, capsys) -> None:
    ttl = project_copy / "data" / "annotations" / "002_e13bc018be1931a8.ttl"
    before = ttl.read_text(encoding="utf-8")
    argv = ["draft", "002", "Frans Nauta (Almere)", "--kind", "affiliation", "--write"]
    status, out, err = run(capsys, *argv, "--agent", "Frans Nauta", "--body", "gm:gm0034")
    assert (status, err) == (0, "")
    assert out.endswith(
        f"appended to {EXAMPLE} and formatted it (g40kg fmt); now: g40kg validate\n"
    )
    after = ttl.read_text(encoding="utf-8")
    assert after.startswith(before[: before.index("\nann:")])
    assert "fact:almere-2022-frans-nauta-affiliation-gm0034 a g40:Affiliation ;" in after
    assert run(capsys, "validate") == (0, "conforms: the graph satisfies every shape\n", "")
    assert run(capsys, "fmt", "--check")[0] == 0


# ---------------------------------------------------------------- the review's findings
PUTTEN = (
    "Werkbezoek aan Putten\n"
    "Op 3 april bezocht de pijler Economie en Werk de gemeente Putten. Wethouder Annemiek "
    "Hoogland (Putten) ontving de delegatie. Het gesprek ging over de themagroep MKB en "
    "economische vernieuwing, met als trekker Frank den Brok.\n"
)
PUTTEN_FILE = "data/annotations/005_81fd20366fcf7805.ttl"
VISIT = "Op 3 april bezocht de pijler Economie en Werk de gemeente Putten"
VISIT_ANNOTATION = """\
ann:putten-2024-op-3-april-bezocht-de-pijler-economie-en a oa:Annotation ;
    oa:hasTarget [
        oa:hasSelector [ a oa:TextPositionSelector ; oa:end 86 ; oa:start 22 ] ;
        oa:hasSelector [
            a oa:TextQuoteSelector ;
            oa:exact "Op 3 april bezocht de pijler Economie en Werk de gemeente Putten"
        ] ;
        oa:hasSource src:putten-2024
    ] .
"""
TREKKER = "de themagroep MKB en economische vernieuwing, met als trekker Frank den Brok"
EVENT_CLASSES = "CommitteeDebate, Conference, MediaCampaign, Meeting, NetworkDay, Survey, WorkVisit"


def add_text(capsys, tmp_path: Path, text: str, slug: str, *date: str) -> None:
    """add-source a text to the project copy (it becomes 005, 006 …)."""
    path = tmp_path / f"{slug}.txt"
    path.write_text(text, encoding="utf-8")
    argv = ["add-source", str(path), "--title", slug, "--slug", slug, *date]
    assert run(capsys, *argv)[0] == 0


@pytest.fixture
def putten(project_copy: Path, tmp_path: Path, capsys) -> Path:
    """The project copy with the Putten text as source 005 (src:putten-2024, dated)."""
    dated = ("--date", "2024-04-03", "--evidence", "Dated in the text.")
    add_text(capsys, tmp_path, PUTTEN, "putten-2024", *dated)
    return project_copy / "data" / "annotations" / "005_81fd20366fcf7805.ttl"


def refused(capsys, *argv: str) -> str:
    """The one-line error of a refused draft (exit 2, nothing printed)."""
    status, out, err = run(capsys, "draft", *argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("error: ")
    return err[len("error: ") : -1]


@pytest.mark.parametrize(
    ("agent", "message"),
    [
        (
            "Frank den Brk",
            "--agent 'Frank den Brk' is no entity's exact name; g40kg find finds: "
            "person:frank-den-brok (Frank den Brok, close spelling); give the IRI of the one "
            "meant (--agent person:frank-den-brok), or pass --new to create a new entity on "
            "purpose",
        ),
    ],
)
def test_a_look_alike_name_stops_with_the_candidates(capsys, agent: str, message: str) -> None:
    assert refused(
        capsys, "002", "Frans Nauta (Almere)", "--kind", "mention", "--agent", agent
    ) == (message)


def test_several_exact_matches_stop_and_an_exact_one_resolves(project_copy: Path, capsys) -> None:
    argv = ["002", "Frank den Brok (Oss)", "--kind", "mention", "--agent", "F. den Brok"]
    assert (
        run(capsys, "draft", *argv)[1].splitlines()[1] == "    oa:hasBody person:frank-den-brok ;"
    )
    twin = (
        "@prefix person: <https://w3id.org/g40kg/id/person/> .\n"
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'person:frank-den-brok-2 a foaf:Person ; foaf:name "Frank den Brok" ;\n'
        '    rdfs:label "Frank den Brok" .\n'
    )
    (project_copy / "data" / "entities" / "twin.ttl").write_text(twin, encoding="utf-8")
    assert refused(capsys, *argv[:-1], "Frank den Brok") == (
        "--agent 'Frank den Brok' names several entities: person:frank-den-brok (Frank den "
        "Brok, name); person:frank-den-brok-2 (Frank den Brok, name); give the IRI of the one "
        "meant, or pass --new to create a new entity on purpose"
    )


def test_new_makes_a_stub_on_purpose_and_says_what_find_found(capsys) -> None:
    argv = ["002", "Frank den Brok (Oss)", "--kind", "mention", "--agent", "Frank den Brk"]
    status, out, _err = run(capsys, "draft", *argv, "--new")
    assert status == 0
    assert out.splitlines()[0] == (
        "# new entity person:frank-den-brk (foaf:Person): made with --new although g40kg find "
        "'Frank den Brk' found person:frank-den-brok (Frank den Brok, close spelling); check "
        "its label"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            [
                "--kind",
                "mandate",
                "--agent",
                "Frans Nauta",
                "--body",
                "theme:corona",
                "--role",
                "lid",
            ],  # fmt: skip
            "--body theme:corona is typed skos:Concept: a mandate's body (org:organization) is "
            "an organisation (incl. a municipality or ministry)",
        ),
        (
            [
                "--kind",
                "mandate",
                "--agent",
                "Frans Nauta",
                "--body",
                "Frank den Brok",
                "--role",
                "lid",
            ],  # fmt: skip
            "--body person:frank-den-brok is typed foaf:Person: a mandate's body "
            "(org:organization) is an organisation (incl. a municipality or ministry)",
        ),
        (
            ["--kind", "affiliation", "--agent", "theme:corona", "--body", "Almere"],
            "--agent theme:corona is typed skos:Concept: an affiliation's member is a person or "
            "organisation",
        ),
        (
            [
                "--kind",
                "participation",
                "--agent",
                "Frans Nauta",
                "--body",
                "gm:gm0034",
                "--role",
                "lid",
            ],  # fmt: skip
            "--body gm:gm0034 is typed tooiont:Gemeente: a participation's activity "
            "(g40:activity) is an event or programme",
        ),
        (
            ["--kind", "mention", "--agent", "fact:salvino-trekker-mkb"],
            "--agent fact:salvino-trekker-mkb is typed org:Membership: a mention's body is an "
            "entity (a person, organisation, place, theme, event or programme)",
        ),
        (
            ["--kind", "mandate", "--agent", "Nieuw Persoon", "--body", "Nieuwe Club"],
            "--kind mandate needs --role (valid roles: beoogd-partner, contactpersoon, "
            "deelnemer, directeur, gastheer, geinformeerd, gesprekspartner, initiatiefnemer, lid, "
            "minister, ondersteuner, organisator, partner, pleitbezorger, programmamanager, "
            "secretaris, spreker, strateeg, trekker, vicevoorzitter, voorzitter)",
        ),
        (
            [
                "--kind",
                "mandate",
                "--agent",
                "Frans Nauta",
                "--body",
                "Nieuwe Club",
                "--role",
                "lid",
                "--body-type",
                "person",
            ],  # fmt: skip
            "--body person:nieuwe-club is typed foaf:Person: a mandate's body (org:organization) "
            "is an organisation (incl. a municipality or ministry)",
        ),
    ],
)
def test_a_part_of_the_wrong_type_is_refused(project_copy: Path, capsys, argv, message) -> None:
    ttl = project_copy / EXAMPLE
    before = ttl.read_bytes()
    assert refused(capsys, "002", "Frans Nauta (Almere)", *argv, "--write") == message
    assert ttl.read_bytes() == before


def test_an_event_needs_a_class_and_a_date(putten: Path, capsys) -> None:
    argv = ["005", VISIT, "--kind", "event", "--label", "Werkbezoek van de pijler aan Putten"]
    assert refused(capsys, *argv, "--date", "2024-04-03") == (
        f"--kind event needs --class, the event's class (valid: {EVENT_CLASSES})"
    )
    assert refused(capsys, *argv, "--class", "Visit", "--date", "2024-04-03") == (
        f"--class 'Visit' is not an event class; did you mean 'WorkVisit'? (valid: {EVENT_CLASSES})"
    )
    assert refused(capsys, *argv, "--class", "WorkVisit") == (
        "--kind event needs --date (or --date-from and --date-to): an event is valid only with "
        "the date it took place (g40sh:EventShape)"
    )
    assert refused(
        capsys, *argv, "--class", "WorkVisit", "--date", "2024-04-03", "--role", "lid"
    ) == (
        "--kind event takes no --role (it would be ignored); its options: --basis, --name, "
        "--label, --class, --date, --date-from, --date-to, --location"
    )


def test_an_event_and_a_participation_in_it_validate(putten: Path, capsys) -> None:
    argv = ["005", VISIT, "--kind", "event", "--label", "Werkbezoek van de pijler aan Putten"]
    argv += ["--class", "WorkVisit", "--date", "2024-04-03", "--location", "Putten", "--write"]
    status, out, err = run(capsys, "draft", *argv)
    assert (status, err) == (0, "")
    assert out == VISIT_ANNOTATION + (
        "\n"
        "event:werkbezoek-van-de-pijler-aan-putten a g40:WorkVisit ;\n"
        "    g40:basis basis:stated ;\n"
        '    g40:date "2024-04-03"^^xsd:date ;\n'
        "    prov:wasDerivedFrom ann:putten-2024-op-3-april-bezocht-de-pijler-economie-en ;\n"
        '    rdfs:label "Werkbezoek van de pijler aan Putten"@nl ;\n'
        "    schema:location gm:gm0273 .\n"
        f"appended to {PUTTEN_FILE} and formatted it (g40kg fmt); now: g40kg validate\n"
    )
    argv = ["005", VISIT, "--kind", "participation", "--agent", "pijler Economie en Werk"]
    argv += ["--body", "Werkbezoek van de pijler aan Putten", "--role", "deelnemer", "--write"]
    status, out, err = run(capsys, "draft", *argv)
    assert (status, err) == (0, "")
    # one annotation per span: the participation derives from the event's annotation
    assert out.splitlines()[:3] == [
        "# the passage is annotated already: "
        "ann:putten-2024-op-3-april-bezocht-de-pijler-economie-en; the fact derives from it",
        "fact:putten-2024-g40-pijler-economie-en-werk-deelnemer-werkbezoek-van-de-pijler-aan "
        "a g40:Participation ;",
        "    g40:activity event:werkbezoek-van-de-pijler-aan-putten ;",
    ]
    assert "ann:putten-2024-op-3-april-bezocht-de-pijler-economie-en-2" not in putten.read_text()
    assert run(capsys, "validate") == (0, "conforms: the graph satisfies every shape\n", "")


def test_a_participation_in_a_new_event_gets_a_valid_stub(putten: Path, capsys) -> None:
    argv = ["005", VISIT, "--kind", "participation", "--agent", "pijler Economie en Werk"]
    argv += ["--body", "werkbezoek aan Putten", "--role", "deelnemer"]
    assert refused(capsys, *argv) == (
        "--body 'werkbezoek aan Putten': no activity of that name exists; to create it give "
        "--body-type event (with --class and --date) or --body-type programme"
    )
    argv += ["--body-type", "event", "--class", "WorkVisit"]
    assert refused(capsys, *argv) == (
        "--body-type event needs --date (or --date-from and --date-to): an event is valid only "
        "with the date it took place (g40sh:EventShape)"
    )
    status, out, err = run(capsys, "draft", *argv, "--date", "2024-04-03", "--write")
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == (
        "# new entity event:werkbezoek-aan-putten (g40:WorkVisit): g40kg find 'werkbezoek aan "
        "Putten' found no entity; check its label"
    )
    assert out.splitlines()[11:17] == [
        "event:werkbezoek-aan-putten a g40:WorkVisit ;",
        "    g40:basis basis:stated ;",
        '    g40:date "2024-04-03"^^xsd:date ;',
        "    prov:wasDerivedFrom ann:putten-2024-op-3-april-bezocht-de-pijler-economie-en ;",
        '    rdfs:label "werkbezoek aan Putten"@nl .',
        "",
    ]
    assert run(capsys, "validate") == (0, "conforms: the graph satisfies every shape\n", "")


def test_a_programme_and_a_participation_in_a_new_programme(putten: Path, capsys) -> None:
    argv = ["005", VISIT, "--kind", "programme", "--label", "Pilot Putten werkt", "--write"]
    status, out, err = run(capsys, "draft", *argv)
    assert (status, err) == (0, "")
    assert out.splitlines()[9:14] == [
        "",
        "prog:pilot-putten-werkt a g40:Programme ;",
        "    g40:basis basis:stated ;",
        "    prov:wasDerivedFrom ann:putten-2024-op-3-april-bezocht-de-pijler-economie-en ;",
        '    rdfs:label "Pilot Putten werkt"@nl .',
    ]
    argv = ["005", VISIT, "--kind", "participation", "--agent", "gm:gm0273", "--role", "partner"]
    argv += ["--body", "Regio Deal Veluwe", "--body-type", "programme", "--write"]
    status, out, err = run(capsys, "draft", *argv)
    assert status == 0
    assert out.splitlines()[:2] == [
        "# the passage is annotated already: "
        "ann:putten-2024-op-3-april-bezocht-de-pijler-economie-en; the fact derives from it",
        "# new entity prog:regio-deal-veluwe (g40:Programme): g40kg find 'Regio Deal Veluwe' "
        "found no entity; check its label",
    ]
    assert run(capsys, "validate") == (0, "conforms: the graph satisfies every shape\n", "")


def test_a_new_theme_group_is_a_theme_group_of_the_pillar(putten: Path, capsys) -> None:
    argv = ["005", TREKKER, "--kind", "mandate", "--agent", "Frank den Brok", "--role", "trekker"]
    argv += ["--body", "themagroep Human Capital"]
    assert refused(capsys, *argv, "--body-type", "kennisinstituut") == (
        "--body-type 'kennisinstituut' is not a stub type (valid: person, organisation, "
        "theme-group, event, programme, or an organisation class: AdvisoryCommittee, Agency, "
        "Association, BusinessOrganisation, Committee, Company, GoverningBody, "
        "KnowledgeOrganisation, MediaOrganisation, Network, Parliament, Pillar, SteeringGroup, "
        "ThemeGroup, WorkingGroup)"
    )
    status, out, err = run(capsys, "draft", *argv, "--body-type", "theme-group", "--write")
    assert (status, err) == (0, "")
    assert out.splitlines()[11:14] == [
        "body:themagroep-human-capital a g40:ThemeGroup ;",
        "    org:unitOf body:g40-pijler-economie-en-werk ;",
        '    rdfs:label "themagroep Human Capital"@nl .',
    ]
    shutil.copytree(REPO / "queries", putten.parents[2] / "queries")
    status, out, _err = run(capsys, "query", "theme-group-leads")
    assert status == 0
    (line,) = [line for line in out.splitlines() if "Human Capital" in line]
    assert re.split(r"\s{2,}", line) == [
        "themagroep Human Capital",
        "Frank den Brok",
        "Oss",
        "2024-04-03",
        "putten-2024",
        TREKKER,
    ]


def test_an_organisation_class_chooses_the_stub_class(capsys) -> None:
    argv = ["002", "Frans Nauta (Almere)", "--kind", "affiliation", "--agent", "Frans Nauta"]
    argv += ["--body", "Kennisnet Almere", "--body-type", "KnowledgeOrganisation"]
    status, out, _err = run(capsys, "draft", *argv)
    assert status == 0
    lines = out.splitlines()
    at = lines.index("body:kennisnet-almere a g40:KnowledgeOrganisation ;")
    assert lines[at + 1] == '    rdfs:label "Kennisnet Almere"@nl .'


def test_a_recorded_fact_is_refused_and_proposed_as_done(putten: Path, capsys) -> None:
    argv = ["005", "Annemiek Hoogland (Putten)", "--kind", "affiliation", "--agent"]
    argv += ["Annemiek Hoogland", "--body", "gm:gm0273", "--basis", "implied-bracket", "--write"]
    assert run(capsys, "draft", *argv)[0] == 0
    before = putten.read_bytes()
    assert refused(capsys, *argv) == (
        "fact:putten-2024-annemiek-hoogland-affiliation-gm0273 already records this (same kind, "
        "agent, body, role and passage): nothing to draft"
    )
    assert putten.read_bytes() == before
    status, out, _err = run(capsys, "draft", "005", "--propose")
    assert status == 0
    assert out.splitlines()[:5] == [
        "src:putten-2024 (data/texts/005_81fd20366fcf7805.txt): 2 proposal(s), 1 recorded "
        "already; run a command to see its Turtle,",
        "add --write to append it to the annotation file (nothing is written before)",
        "",
        '[98, 124)  "Annemiek Hoogland (Putten)": a name with a municipality or organisation in '
        "brackets",
        "  done: fact:putten-2024-annemiek-hoogland-affiliation-gm0273 records it",
    ]


PATTERNS = (
    "Themagroepen\n"
    "De themagroep MKB en economische vernieuwing, met als trekkers Carine Bloemhoff en "
    "Raymond Wanders, kwam bijeen.\n"
    "De themagroep Smart Cities, met als trekker de gemeente Helmond, sprak over data.\n"
    "De pilot is een samenwerking van de themagroep Human Capital, met als trekker Sanne de "
    "Wit, en MKB-Nederland.\n"
    "Er is een werkgroep met als trekker Jan Jansen (MKB-Nederland).\n"
)
MKB = (
    "themagroep MKB en economische vernieuwing, met als trekkers Carine Bloemhoff en Raymond "
    "Wanders"
)


def test_proposals_for_every_trekker_organisations_and_new_bodies(
    project_copy: Path, tmp_path: Path, capsys
) -> None:
    add_text(capsys, tmp_path, PATTERNS, "pat", "--date", "2024", "--evidence", "Test.")
    status, out, err = run(capsys, "draft", "005", "--propose")
    assert (status, err) == (0, "")
    assert out.splitlines()[2:] == [
        "",
        '[16, 111)  "met als trekkers Carine Bloemhoff en Raymond Wanders": Carine Bloemhoff '
        "leads themagroep MKB en economische vernieuwing",
        f"  g40kg draft src:pat '{MKB}' --kind mandate --agent 'Carine Bloemhoff' --body "
        "body:themagroep-mkb-en-economische-vernieuwing --role trekker --basis stated",
        "",
        '[16, 111)  "met als trekkers Carine Bloemhoff en Raymond Wanders": Raymond Wanders '
        "leads themagroep MKB en economische vernieuwing",
        f"  g40kg draft src:pat '{MKB}' --kind mandate --agent 'Raymond Wanders' --body "
        "body:themagroep-mkb-en-economische-vernieuwing --role trekker --basis stated",
        "",
        '[129, 189)  "met als trekker de gemeente Helmond": gemeente Helmond leads themagroep '
        "Smart Cities; gemeente Helmond is gm:gm0794",
        "  g40kg draft src:pat 'themagroep Smart Cities, met als trekker de gemeente Helmond' "
        "--kind mandate --agent gm:gm0794 --body body:themagroep-smart-cities --role trekker "
        "--basis stated",
        "",
        '[244, 298)  "met als trekker Sanne de Wit": Sanne de Wit leads themagroep Human '
        "Capital; Sanne de Wit is new: draft will make person:sanne-de-wit; themagroep Human "
        "Capital is new: draft will make a g40:ThemeGroup",
        "  g40kg draft src:pat 'themagroep Human Capital, met als trekker Sanne de Wit' --kind "
        "mandate --agent 'Sanne de Wit' --body 'themagroep Human Capital' --body-type "
        "theme-group --role trekker --basis stated",
        "",
        '[338, 380)  "met als trekker Jan Jansen (MKB-Nederland)": skipped, no organisation is '
        "named before it in the sentence (draft it with --body)",
        "",
        '[354, 380)  "Jan Jansen (MKB-Nederland)": a name with a municipality or organisation '
        "in brackets",
        "  g40kg draft src:pat 'Jan Jansen (MKB-Nederland)' --kind affiliation --agent 'Jan "
        "Jansen' --body body:mkb-nederland --basis implied-bracket",
    ]
    commands = [line.strip() for line in out.splitlines() if line.startswith("  g40kg draft")]
    for command in commands:
        assert run(capsys, *shlex.split(command)[1:], "--write")[0] == 0
    assert run(capsys, "validate") == (0, "conforms: the graph satisfies every shape\n", "")
    status, out, _err = run(capsys, "draft", "005", "--propose")
    assert out.splitlines()[0] == (
        "src:pat (data/texts/005_7176c3694a55c9b2.txt): 5 proposal(s), 5 recorded already; "
        "run a command to see its Turtle,"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--kind", "mention", "--agent", "Ω"],
            "--agent 'Ω': the name has no letters or digits an IRI can be made of; give a name "
            "in Latin letters, or the IRI of an existing entity",
        ),
        (
            ["--kind", "mention", "--agent", "Frans Nauta", "--role", "lid"],
            "--kind mention takes no --role (it would be ignored); its options: --agent, "
            "--agent-type, --name, --new",
        ),
        (
            ["--kind", "mention", "--agent", "Frans Nauta", "--basis", "implied-bracket"],
            "--kind mention takes no --basis (it would be ignored); its options: --agent, "
            "--agent-type, --name, --new",
        ),
        (
            ["--kind", "mention", "--agent", "Frans Nauta", "--body", "Almere"],
            "--kind mention takes no --body (it would be ignored); its options: --agent, "
            "--agent-type, --name, --new",
        ),
        (
            [
                "--kind",
                "affiliation",
                "--agent",
                "Frans Nauta",
                "--body",
                "Almere",
                "--name",
                "bad name!",
            ],  # fmt: skip
            "--name 'bad name!': write lower-case letters, digits and hyphens (fact:NAME)",
        ),
        (
            [
                "--kind",
                "affiliation",
                "--agent",
                "Frans Nauta",
                "--body",
                "Almere",
                "--name",
                "ann:x",
            ],  # fmt: skip
            "--name 'ann:x': --kind affiliation takes fact:NAME",
        ),
        (
            [
                "--kind",
                "affiliation",
                "--agent",
                "Frans Nauta",
                "--body",
                "Almere",
                "--name",
                "fact:salvino-trekker-mkb",
            ],  # fmt: skip
            "--name 'fact:salvino-trekker-mkb': fact:salvino-trekker-mkb exists already",
        ),
    ],
)
def test_names_and_options_are_checked_not_ignored(capsys, argv, message) -> None:
    assert refused(capsys, "002", "Frans Nauta (Almere)", *argv) == message


@pytest.mark.parametrize(
    ("name", "first_line"),
    [
        (["--name", "fact:nauta-almere"], "fact:nauta-almere a g40:Affiliation ;"),
        (["--name", "nauta-almere"], "fact:nauta-almere a g40:Affiliation ;"),
    ],
)
def test_name_is_taken_as_given(capsys, name: list[str], first_line: str) -> None:
    argv = ["002", "Frans Nauta (Almere)", "--kind", "affiliation", "--agent", "Frans Nauta"]
    status, out, _err = run(capsys, "draft", *argv, "--body", "Almere", *name)
    assert status == 0
    assert out.splitlines()[7] == first_line


def test_a_mention_takes_its_name(capsys) -> None:
    argv = ["002", "Frans Nauta (Almere)", "--kind", "mention", "--agent", "Frans Nauta"]
    status, out, err = run(capsys, "draft", *argv, "--name", "ann:almere-nauta-mention")
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == "ann:almere-nauta-mention a g40:MentionAnnotation ;"


def test_a_mandate_of_an_undated_source_needs_a_date(project_copy, tmp_path, capsys) -> None:
    add_text(capsys, tmp_path, PATTERNS, "pat")
    argv = ["005", "Jan Jansen (MKB-Nederland)", "--kind", "affiliation", "--agent", "Jan Jansen"]
    argv += ["--body", "MKB-Nederland"]
    assert refused(capsys, *argv) == (
        "src:pat has no date, and a mandate or affiliation needs the date it was observed "
        "(g40sh:MandateTimeShape): give --date or --date-from/--date-to"
    )
    status, out, _err = run(capsys, "draft", *argv, "--date", "2024-05")
    assert status == 0
    assert '    g40:date "2024-05"^^xsd:gYearMonth ;' in out.splitlines()


def test_write_declares_the_prefixes_and_formats_only_its_file(putten: Path, capsys) -> None:
    vocabulary = putten.parents[2] / "ontology" / "vocabularies.ttl"
    unformatted_role = (
        "\nrole:zz a org:Role , skos:Concept ; skos:inScheme role:scheme ;"
        ' skos:prefLabel "zz"@nl .\n'
    )
    vocabulary.write_text(vocabulary.read_text("utf-8") + unformatted_role, "utf-8")
    unformatted = vocabulary.read_bytes()
    argv = ["005", "Annemiek Hoogland (Putten)", "--kind", "mention", "--agent"]
    status, out, err = run(capsys, "draft", *argv, "Annemiek Hoogland", "--write")
    assert (status, err) == (0, "")
    assert out.splitlines()[-1] == (
        f"appended to {PUTTEN_FILE} and formatted it (g40kg fmt); now: g40kg validate"
    )
    assert vocabulary.read_bytes() == unformatted
    text = putten.read_text("utf-8")
    assert "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n@prefix g40:" in text
    assert (
        "\nperson:annemiek-hoogland a foaf:Person ;\n"
        '    foaf:name "Annemiek Hoogland" ;\n'
        '    rdfs:label "Annemiek Hoogland" .\n'
    ) in text
    assert run(capsys, "validate")[0] == 0


def test_write_declares_mnre_for_a_ministry(putten: Path, capsys) -> None:
    """A ministry is written with the file's prefixes (mnre: declared), not as a full IRI."""
    argv = ["005", "ontving de delegatie", "--kind", "mention", "--agent", "ministerie van SZW"]
    status, _out, err = run(capsys, "draft", *argv, "--write")
    assert status == 0
    assert err == (
        "warning: --agent 'ministerie van SZW' (mnre:mnre1073) does not occur in the quote: "
        "is it the right passage?\n"
    )
    text = putten.read_text("utf-8")
    assert "@prefix mnre: <https://identifier.overheid.nl/tooi/id/ministerie/> .\n" in text
    assert "    oa:hasBody mnre:mnre1073 ;\n" in text
    assert "<https://identifier.overheid.nl/tooi/id/ministerie/mnre1073>" not in text


# ---------------------------------------------------------------- the re-check's findings
STARTED = (
    "Nieuwe themagroepen\n"
    "In 2024 is de themagroep Smart Cities gestart, met als trekker Yvonne Salvino.\n"
    "In 2023 is de themagroep Groene Groei opgericht, met als trekker Sanne de Wit.\n"
    "De themagroep Gezonde stad, met als trekker Frank den Brok, kwam bijeen.\n"
)


def propose(capsys, tmp_path: Path, text: str, *date: str) -> list[str]:
    """The lines of `draft 005 --propose` after add-source of text (without the header)."""
    add_text(capsys, tmp_path, text, "pat", *date)
    status, out, err = run(capsys, "draft", "005", "--propose")
    assert (status, err) == (0, "")
    return out.splitlines()[2:]


def test_a_theme_group_name_stops_before_the_verb(project_copy, tmp_path, capsys) -> None:
    lines = propose(capsys, tmp_path, STARTED, "--date", "2024", "--evidence", "Test.")
    assert lines == [
        "",
        '[34, 97)  "met als trekker Yvonne Salvino": Yvonne Salvino leads themagroep Smart Cities',
        "  g40kg draft src:pat 'themagroep Smart Cities gestart, met als trekker Yvonne Salvino' "
        "--kind mandate --agent 'Yvonne Salvino' --body body:themagroep-smart-cities --role "
        "trekker --basis stated",
        "",
        '[113, 176)  "met als trekker Sanne de Wit": Sanne de Wit leads themagroep Groene Groei; '
        "Sanne de Wit is new: draft will make person:sanne-de-wit; themagroep Groene Groei is "
        "new: draft will make a g40:ThemeGroup",
        "  g40kg draft src:pat 'themagroep Groene Groei opgericht, met als trekker Sanne "
        "de Wit' --kind mandate --agent 'Sanne de Wit' --body 'themagroep Groene Groei' "
        "--body-type theme-group --role trekker --basis stated",
        "",
        '[181, 236)  "met als trekker Frank den Brok": Frank den Brok leads themagroep Gezonde '
        "stad; themagroep Gezonde stad is new: draft will make a g40:ThemeGroup",
        "  g40kg draft src:pat 'themagroep Gezonde stad, met als trekker Frank den Brok' --kind "
        "mandate --agent 'Frank den Brok' --body 'themagroep Gezonde stad' --body-type "
        "theme-group --role trekker --basis stated",
    ]
    command = shlex.split(lines[2])[1:]
    status, out, err = run(capsys, *command)
    assert (status, err) == (0, "")
    assert "    org:organization body:themagroep-smart-cities ;" in out.splitlines()


SHORT = (
    "Themagroepen\n"
    "De themagroep Sterke keten, met als trekkers Carine Bloemhoff en Raymond Wanders, kwam "
    "bijeen.\n"
)
STERKE_KETEN = "themagroep Sterke keten, met als trekkers Carine Bloemhoff en Raymond Wanders"


def test_a_theme_group_written_short_is_the_known_one(project_copy, tmp_path, capsys) -> None:
    lines = propose(capsys, tmp_path, SHORT, "--date", "2024", "--evidence", "Test.")
    note = (
        "themagroep Sterke keten is body:themagroep-sterke-keten (themagroep Sterke keten van "
        "leren, werken en ondernemen)"
    )
    assert lines == [
        "",
        '[16, 93)  "met als trekkers Carine Bloemhoff en Raymond Wanders": Carine Bloemhoff '
        f"leads themagroep Sterke keten; {note}",
        f"  g40kg draft src:pat '{STERKE_KETEN}' --kind mandate --agent 'Carine Bloemhoff' "
        "--body body:themagroep-sterke-keten --role trekker --basis stated",
        "",
        '[16, 93)  "met als trekkers Carine Bloemhoff en Raymond Wanders": Raymond Wanders '
        f"leads themagroep Sterke keten; {note}",
        f"  g40kg draft src:pat '{STERKE_KETEN}' --kind mandate --agent 'Raymond Wanders' "
        "--body body:themagroep-sterke-keten --role trekker --basis stated",
    ]
    assert run(capsys, *shlex.split(lines[2])[1:])[0] == 0
    argv = ["005", STERKE_KETEN, "--kind", "mandate", "--agent", "Carine Bloemhoff"]
    assert refused(capsys, *argv, "--body", "themagroep Sterke keten", "--role", "trekker") == (
        "--body 'themagroep Sterke keten' is no entity's exact name; g40kg find finds "
        "(organisations only; 7 of other types left out): body:kernteam-sterke-keten (ambtelijk "
        "kernteam themagroep Sterke keten, words); body:themagroep-sterke-keten (themagroep "
        "Sterke keten van leren, werken en ondernemen, words); give the IRI of the one meant, "
        "or pass --new to create a new entity on purpose"
    )


LEADING = (
    "Themagroepen\n"
    "Met als trekker Frank den Brok is de themagroep Human Capital gestart in Utrecht.\n"
    "Met als trekker het ministerie van SZW is een werkgroep gestart.\n"
)


def test_a_sentence_beginning_with_met_als_trekker(project_copy, tmp_path, capsys) -> None:
    lines = propose(capsys, tmp_path, LEADING, "--date", "2024", "--evidence", "Test.")
    assert lines == [
        "",
        '[13, 74)  "Met als trekker Frank den Brok": Frank den Brok leads themagroep Human '
        "Capital; themagroep Human Capital is new: draft will make a g40:ThemeGroup",
        "  g40kg draft src:pat 'Met als trekker Frank den Brok is de themagroep Human Capital' "
        "--kind mandate --agent 'Frank den Brok' --body 'themagroep Human Capital' --body-type "
        "theme-group --role trekker --basis stated",
        "",
        '[95, 136)  "Met als trekker het ministerie van SZW is": skipped, the trekker after it '
        "is no name draft reads (draft it by hand with --agent and --body)",
    ]
    assert run(capsys, *shlex.split(lines[2])[1:], "--write")[0] == 0
    assert run(capsys, "validate") == (0, "conforms: the graph satisfies every shape\n", "")


UNDATED = "Themagroepen\nDe themagroep Smart Cities, met als trekker Jan Jansen (Helmond).\n"


def test_proposals_of_an_undated_source_ask_for_a_date(project_copy, tmp_path, capsys) -> None:
    lines = propose(capsys, tmp_path, UNDATED)
    no_date = (
        "  src:pat has no date: replace DATE with the date the text observed this (YYYY-MM-DD, "
        "YYYY-MM or YYYY; or give --date-from and --date-to)"
    )
    assert lines == [
        "",
        '[16, 77)  "met als trekker Jan Jansen (Helmond)": Jan Jansen leads themagroep Smart '
        "Cities; Jan Jansen is new: draft will make person:jan-jansen",
        no_date,
        "  g40kg draft src:pat 'themagroep Smart Cities, met als trekker Jan Jansen (Helmond)' "
        "--kind mandate --agent 'Jan Jansen' --body body:themagroep-smart-cities --role trekker "
        "--date DATE --basis stated",
        "",
        '[57, 77)  "Jan Jansen (Helmond)": a name with a municipality or organisation in brackets',
        no_date,
        "  g40kg draft src:pat 'Jan Jansen (Helmond)' --kind affiliation --agent 'Jan Jansen' "
        "--body gm:gm0794 --date DATE --basis implied-bracket",
    ]
    command = shlex.split(lines[3])[1:]
    assert refused(capsys, *command[1:]) == "--date 'DATE': write YYYY-MM-DD, YYYY-MM or YYYY"
    dated = [("2024-05" if word == "DATE" else word) for word in command]
    status, out, err = run(capsys, *dated)
    assert (status, err) == (0, "")
    assert '    g40:date "2024-05"^^xsd:gYearMonth ;' in out.splitlines()


def test_a_mention_of_an_annotated_passage_links_the_name_to_that_annotation(
    putten: Path, capsys
) -> None:
    """One span is one annotation (g40sh:OneAnnotationPerSpanShape): the mention adds its body
    to the annotation the event made, and the graph still validates."""
    argv = ["005", VISIT, "--kind", "programme", "--label", "Pilot Putten werkt", "--write"]
    assert run(capsys, "draft", *argv)[0] == 0
    argv = ["005", VISIT, "--kind", "mention", "--agent", "gm:gm0273", "--write"]
    status, out, err = run(capsys, "draft", *argv)
    assert (status, err) == (0, "")
    assert out.splitlines()[:3] == [
        "# the passage is annotated already: "
        "ann:putten-2024-op-3-april-bezocht-de-pijler-economie-en links the name too",
        "ann:putten-2024-op-3-april-bezocht-de-pijler-economie-en a g40:MentionAnnotation ;",
        "    oa:hasBody gm:gm0273 .",
    ]
    text = putten.read_text("utf-8")
    assert text.count('oa:exact "Op 3 april bezocht de pijler Economie en Werk de gemeente') == 1
    assert run(capsys, "validate") == (0, "conforms: the graph satisfies every shape\n", "")
