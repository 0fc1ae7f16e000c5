"""Known names in texts under find's normalisation (case, accents, hyphen/space, initials), for
suggest and coverage alike: the longest known name wins, abbreviations only as written and as
whole tokens of their own, and a short form of a name an annotation links is no new person."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph

from g40kg.annotate.coverage import entity_kinds, find_mentions, label_index
from g40kg.project.load import rdflib_data
from tests.cli_run import run_cli

TEXT = (
    "Test hyphen\n"
    "Yvonne Salvino zit in de VNG-commissie EKEM namens Sittard-Geleen. Ook MKB Nederland en "
    "Sittard Geleen doen mee. EKEM vergaderde. M. Visscher sprak. Aldus Visscher. "
    "Volgens Broekhaar gaat het goed.\n"
)
KNOWN = [
    '[12, 26)       "Yvonne Salvino"  person:yvonne-salvino (person), no annotation links it',
    '[37, 55)       "VNG-commissie EKEM"  body:vng-commissie-ekem (organisation), '
    "no annotation links it",
    '[63, 77)       "Sittard-Geleen"  gm:gm1883 (organisation), no annotation links it',
    '[83, 96)       "MKB Nederland"  body:mkb-nederland (organisation), no annotation links it',
    '[100, 114)     "Sittard Geleen"  gm:gm1883 (organisation), no annotation links it',
    '[125, 129)     "EKEM"  body:vng-commissie-ekem (organisation), no annotation links it',
    '[142, 153)     "M. Visscher"  person:mirjam-visscher (person), no annotation links it',
]
# The mentions of the last two sentences, written as `g40kg draft --kind mention` writes them.
MENTIONS = """
ann:hy-aldus-visscher a g40:MentionAnnotation ;
    oa:hasBody person:mirjam-visscher ;
    oa:hasTarget [
        oa:hasSelector [ a oa:TextPositionSelector ; oa:end 176 ; oa:start 161 ] ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Aldus Visscher." ] ;
        oa:hasSource src:hy
    ] .

ann:hy-volgens-broekhaar a g40:MentionAnnotation ;
    oa:hasBody person:marcel-broekhaar ;
    oa:hasTarget [
        oa:hasSelector [ a oa:TextPositionSelector ; oa:end 209 ; oa:start 177 ] ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Volgens Broekhaar gaat het goed." ] ;
        oa:hasSource src:hy
    ] .

person:marcel-broekhaar a <http://xmlns.com/foaf/0.1/Person> ;
    <http://xmlns.com/foaf/0.1/name> "Marcel Broekhaar" ;
    <http://www.w3.org/2000/01/rdf-schema#label> "Marcel Broekhaar" .
"""


@cache
def corpus() -> Graph:
    return rdflib_data(Path(__file__).resolve().parents[2])


def mentions(text: str) -> list[tuple[str, list[str]]]:
    """(the words, the entities' IRIs' last parts) of each known name in text."""
    graph = corpus()
    index = label_index(graph, entity_kinds(graph))
    return [
        (t, sorted(e.rsplit("/", 1)[1] for e in index[t]))
        for _s, _e, t in find_mentions(text, index)
    ]


def add_text(root: Path) -> Path:
    """TEXT added as source 005 (src:hy) of the project at root; its annotation file."""
    (root / "hy.txt").write_text(TEXT, encoding="utf-8")
    status, _out, err = run_cli("add-source", str(root / "hy.txt"), "--title", "Hy", "--slug", "hy")
    assert (status, err) == (0, "")
    (annotations,) = (root / "data/annotations").glob("005_*.ttl")
    return annotations


@pytest.mark.parametrize("frog", [True, False], ids=["frog", "no-frog"])
def test_suggest_reports_hyphen_space_initial_and_abbreviation_forms_as_known(
    project_copy: Path, frog: bool
) -> None:
    add_text(project_copy)
    status, out, err = run_cli("suggest", "005", *([] if frog else ["--no-frog"]))
    assert (status, err) == (0, "")
    unknown = (
        [
            '[167, 175)     "Visscher"  matches no entity: a new person?',
            '[185, 194)     "Broekhaar"  matches no entity: a new person?',
        ]
        if frog
        else [
            '[167, 175)     "Visscher"  matches no entity: a new person or organisation?',
            '[185, 194)     "Broekhaar"  matches no entity: a new person or organisation?',
        ]
    )
    lines = [
        f"src:hy (data/texts/{next(project_copy.glob('data/texts/005_*')).name}): "
        f"{len(KNOWN) + 2} item(s) to annotate",
        *KNOWN,
        *unknown,
    ]
    assert out.splitlines() == lines


@pytest.mark.parametrize("frog", [True, False], ids=["frog", "no-frog"])
def test_a_short_form_of_a_linked_name_is_no_new_person(project_copy: Path, frog: bool) -> None:
    annotations = add_text(project_copy)
    with annotations.open("a", encoding="utf-8") as out:
        out.write(MENTIONS)
    status, out, err = run_cli("suggest", "005", *([] if frog else ["--no-frog"]))
    assert (status, err) == (0, "")
    assert out.splitlines()[1:] == KNOWN


def test_a_linked_initialled_name_is_covered(project_copy: Path) -> None:
    annotations = add_text(project_copy)
    with annotations.open("a", encoding="utf-8") as out:
        out.write(
            MENTIONS.replace("161 ] ;", "142 ] ;").replace(
                "Aldus Visscher.", "M. Visscher sprak. Aldus Visscher."
            )
        )
    status, out, _err = run_cli("suggest", "005", "--no-frog")
    assert status == 0
    assert '"M. Visscher"' not in out
    assert out.splitlines()[1:] == KNOWN[:-1]


def test_the_longest_known_name_wins_and_an_abbreviation_alone_is_its_entity() -> None:
    assert mentions("In de VNG-commissie EKEM en de VNG commissie EKEM; EKEM en VNG.") == [
        ("VNG-commissie EKEM", ["vng-commissie-ekem"]),
        ("VNG commissie EKEM", ["vng-commissie-ekem"]),
        ("EKEM", ["vng-commissie-ekem"]),
        ("VNG", ["vng"]),
    ]


def test_a_committee_named_after_an_abbreviation_is_not_its_entity() -> None:
    text = (
        "De vaste commissie SZW sprak; de commissie SZW ook, de Tweede Kamercommissie SZW ook; "
        "de szw niet. Het ministerie van SZW wel, en SZW zelf. De commissie EKEM vergaderde."
    )
    assert mentions(text) == [
        ("ministerie van SZW", ["mnre1073"]),
        ("SZW", ["mnre1073"]),
        ("EKEM", ["vng-commissie-ekem"]),
    ]


def test_a_plain_index_is_folded_too() -> None:
    from g40kg.annotate.names import NameIndex

    index = NameIndex.of({"Dušan Petrović": set(), "MKB-Nederland": set()})
    text = "Dusan Petrovic van MKB Nederland, en DUŠAN PETROVIĆ."
    assert [t for _s, _e, t in find_mentions(text, index)] == [
        "Dusan Petrovic",
        "MKB Nederland",
        "DUŠAN PETROVIĆ",
    ]
