"""The coverage check: every person and organisation mention in a text lies in an annotation
that links that entity (as a mention's body or through a fact derived from it)."""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from g40kg.annotate.coverage import coverage, find_mentions
from g40kg.cli import main
from g40kg.project.load import rdflib_data
from g40kg.project.namespaces import SRC


def test_no_person_or_organisation_mention_is_uncovered_in_the_corpus() -> None:
    report = coverage(rdflib_data())
    assert sorted(str(c.source) for c in report) == sorted(
        str(SRC[s])
        for s in (
            "almere-2022",
            "economische-pijler",
            "haarlem-netwerkdag",
            "jaarverslag-2024",
            "oogst-2021",
        )
    )
    assert [(str(m.source), m.start, m.text) for c in report for m in c.uncovered()] == []


def test_the_almere_text_names_its_people(capsys) -> None:
    report = {c.source: c for c in coverage(rdflib_data())}
    almere = report[SRC["almere-2022"]]
    people = sorted({m.text for m in almere.of_kind("person")})
    assert people == [
        "Adam Elzakalai",
        "Carine Bloemhoff",
        "Denis Crompvoets",
        "Frank den Brok",
        "Frans Nauta",
        "Raymond Wanders",
        "Tjeerd Leistra",
        "Wim Ravenshorst",
        "Yvonne Salvino",
    ]
    assert almere.share("person") == 1.0


def test_an_unannotated_mention_is_reported_and_fails_the_check(project_copy: Path, capsys) -> None:
    # Drop the annotation that covers "Frank den Brok (Oss) was al eerder gekozen als
    # voorzitter." (and the facts derived from it) from a copy: that mention is now uncovered.
    path = project_copy / "data/annotations/002_e13bc018be1931a8.ttl"
    text = path.read_text(encoding="utf-8")
    block_start = text.index("ann:almere-den-brok a oa:Annotation")
    block_end = text.index("\n\n", block_start)
    text = text[:block_start] + text[block_end + 2 :]
    for fact in ("fact:den-brok-voorzitter-pijler", "fact:den-brok-oss"):
        start = text.index(f"\n{fact} a ")
        text = text[:start] + text[text.index("\n\n", start + 1) :]
    path.write_text(text, encoding="utf-8")
    assert main(["stats", "--coverage"]) == 1
    out = capsys.readouterr().out
    assert '"Frank den Brok" (person)' in out
    assert '"Oss" (organisation)' in out
    assert "2 uncovered person/organisation mention(s)" in out


def test_mentions_are_whole_words_longest_first_and_skip_email_domains() -> None:
    a, b = URIRef("urn:a"), URIRef("urn:b")
    index = {"vng": {a}, "vng commissie psi": {b}}
    text = "De VNG commissie PSI en de VNG-leden; niet VNGX of info@vng.nl."
    assert find_mentions(text, index) == [(3, 20, "VNG commissie PSI"), (27, 30, "VNG")]
