"""g40kg find: entities by name, alias, abbreviation, initials or close spelling; exit 1 with
the nearest names when none matches; and the name normalisation the duplicate check shares."""

from __future__ import annotations

import pytest

from g40kg.annotate.names import initials_key, is_abbreviation, name_key, same_name
from g40kg.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_mkb_nederland_with_a_space_finds_mkb_nederland(capsys) -> None:
    status, out, err = run(capsys, "find", "MKB Nederland")
    assert (status, err) == (0, "")
    assert out == (
        "1 entity for 'MKB Nederland':\n"
        "\n"
        "body:mkb-nederland  g40:BusinessOrganisation\n"
        "  IRI      https://w3id.org/g40kg/id/org/mkb-nederland\n"
        "  label    MKB-Nederland\n"
        "  alias    MKB NL\n"
        "  used in  fact:jaarverslag-2024-mkb-nederland-pilot-mkb g40:agent"
        " (src:jaarverslag-2024)\n"
        "           fact:oogst-2021-mkb-nederland-ondersteuningsinfrastructuur g40:agent"
        " (src:oogst-2021)\n"
    )


def test_initials_find_the_person(capsys) -> None:
    status, out, _err = run(capsys, "find", "M. Visscher")
    assert status == 0
    assert out.splitlines()[2:6] == [
        "person:mirjam-visscher  foaf:Person",
        "  IRI      https://w3id.org/g40kg/id/person/mirjam-visscher",
        "  label    Mirjam Visscher",
        "  matched  'Mirjam Visscher' (initials)",
    ]


def test_any_municipality_resolves_to_its_tooi_iri(capsys) -> None:
    status, out, _err = run(capsys, "find", "Putten")
    assert status == 0
    assert out == (
        "1 entity for 'Putten':\n\n"
        "gm:gm0273  tooiont:Gemeente\n"
        "  IRI      https://identifier.overheid.nl/tooi/id/gemeente/gm0273\n"
        "  label    Putten\n"
        "  alias    gemeente Putten\n"
        "  used in  nothing yet\n"
    )


@pytest.mark.parametrize(
    ("query", "first_line", "matched"),
    [
        ("szw", "mnre:mnre1073  tooiont:Ministerie", ["  matched  'SZW' (name)"]),
        (
            "mkb nederlnd",
            "body:mkb-nederland  g40:BusinessOrganisation",
            ["  matched  'MKB-Nederland' (close spelling)"],
        ),
        ("Den Haag", "gm:gm0518  tooiont:Gemeente", ["  matched  'Den Haag' (name)"]),
        ("s-Hertogenbosch", "gm:gm0796  tooiont:Gemeente", []),
    ],
)
def test_case_accents_hyphens_and_close_spellings(capsys, query, first_line, matched) -> None:
    status, out, _err = run(capsys, "find", query)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"1 entity for {query!r}:"
    assert lines[2] == first_line
    assert [line for line in lines if line.startswith("  matched")] == matched


def test_nothing_found_exits_1_with_the_nearest_names(capsys) -> None:
    status, out, err = run(capsys, "find", "Mirjam Vischer-Jansen")
    assert (status, err) == (1, "")
    assert out.splitlines()[:2] == [
        "no entity is named 'Mirjam Vischer-Jansen'",
        "nearest names:",
    ]
    assert out.splitlines()[2] == "  Mirjam Visscher  person:mirjam-visscher"


def test_an_empty_text_is_a_usage_error(capsys) -> None:
    assert run(capsys, "find", "  ") == (
        2,
        "",
        "error: TEXT is empty: give a name, an alias or an abbreviation\n",
    )


def test_name_normalisation() -> None:
    assert name_key("MKB-Nederland") == name_key("mkb nederland") == "mkb nederland"
    assert name_key("Café  Élysée") == "cafe elysee"
    assert initials_key("Mirjam Visscher") == initials_key("M. Visscher") == "m visscher"
    assert initials_key("Visscher") is None
    assert same_name("M. Visscher", "Mirjam Visscher", people=True)
    assert not same_name("M. Visscher", "Mirjam Visscher", people=False)
    assert not same_name("M. Visscher", "Marc Visser", people=True)
    assert [is_abbreviation(x) for x in ("SZW", "KvK", "G40", "Oss", "MKB NL")] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_ministerie_van_abbreviation_finds_the_ministry_not_a_mandate(capsys) -> None:
    status, out, _err = run(capsys, "find", "ministerie van SZW")
    assert status == 0
    assert out.splitlines()[:7] == [
        "1 entity for 'ministerie van SZW':",
        "",
        "mnre:mnre1073  tooiont:Ministerie",
        "  IRI      https://identifier.overheid.nl/tooi/id/ministerie/mnre1073",
        "  label    ministerie van Sociale Zaken en Werkgelegenheid",
        "  alias    SZW | ministerie van SZW",
        "  matched  'ministerie van SZW' (name)",
    ]


def test_mandates_are_not_entities(capsys) -> None:
    status, out, _err = run(capsys, "find", "Salvino")
    assert status == 0
    assert [line for line in out.splitlines() if line and not line.startswith(" ")] == [
        "1 entity for 'Salvino':",
        "person:yvonne-salvino  foaf:Person",
    ]


def test_an_initial_that_contradicts_the_first_name_is_no_match(capsys) -> None:
    status, out, _err = run(capsys, "find", "J. Visscher")
    assert status == 1
    assert out.splitlines()[:3] == [
        "no entity is named 'J. Visscher'",
        "nearest names:",
        "  Mirjam Visscher  person:mirjam-visscher",
    ]


def test_the_nearest_names_are_entities_only(capsys) -> None:
    status, out, _err = run(capsys, "find", "Sanne de Wit")
    assert status == 1
    assert out == (
        "no entity is named 'Sanne de Wit'\n"
        "nearest names:\n"
        "  gemeente De Bilt  gm:gm0310\n"
        "  Nederweert  gm:gm0946\n"
        "  De Bilt  gm:gm0310\n"
        "  René de Heer  person:rene-de-heer\n"
        "  Nunspeet  gm:gm0302\n"
    )


def test_themes_only_when_asked(capsys) -> None:
    assert run(capsys, "find", "coronacrisis")[0] == 1
    status, out, _err = run(capsys, "find", "coronacrisis", "--themes")
    assert status == 0
    assert out.splitlines()[:3] == [
        "1 entity for 'coronacrisis':",
        "",
        "theme:corona  skos:Concept",
    ]


def test_used_in_lists_the_facts_not_the_terms_derived_from_them(capsys) -> None:
    status, out, _err = run(capsys, "find", "Frank den Brok")
    assert status == 0
    assert out.splitlines()[5:] == [
        "  used in  fact:den-brok-lid-vng-ekem-2024 org:member (src:jaarverslag-2024)",
        "           fact:den-brok-oss org:member (src:almere-2022)",
        "           fact:den-brok-voorzitter-pijler org:member (src:almere-2022)",
    ]
