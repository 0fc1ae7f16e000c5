"""Dutch NER for suggest: Frog's output read into spans, job titles and non-names trimmed,
abbreviations matched only as names of their own. Frog must be installed (scripts/install.sh
installs and checks it): these tests fail, not skip, without it."""

from __future__ import annotations

import pytest

from g40kg.annotate.coverage import find_mentions
from g40kg.annotate.ner import Span, entity_spans, frog_names, frog_path, trim
from g40kg.annotate.suggest import fallback_names, unknown_names

TEXT = (
    "Projectleider Marcel Broekhaar (Zwolle) sprak met de Tweede Kamercommissie SZW en B&W "
    "van Putten.\nAldus Yvonne Salvino (Sittard-Geleen) van MKB-Nederland, met als trekker "
    "Mirjam Visscher.\n"
)


def test_frog_is_installed() -> None:
    assert frog_path() is not None, "install Frog: bash scripts/install.sh --test (as root)"


def test_frog_finds_people_organisations_and_places_without_titles() -> None:
    assert [(s.text, s.kind) for s in frog_names(TEXT)] == [
        ("Marcel Broekhaar", "person"),
        ("Zwolle", "place"),
        ("Putten", "place"),
        ("Yvonne Salvino", "person"),
        ("Sittard-Geleen", "place"),
        ("MKB-Nederland", "organisation"),
        ("Mirjam Visscher", "person"),
    ]


def test_bio_tags_become_spans() -> None:
    text = "Jan de Vries en de VNG"
    tokens = [("Jan", "B-PER"), ("de", "I-PER"), ("Vries", "I-PER"), ("en", "O")]
    tokens += [("de", "O"), ("VNG", "B-ORG")]
    assert entity_spans(text, tokens) == [
        Span(0, 12, "Jan de Vries", "person"),
        Span(19, 22, "VNG", "organisation"),
    ]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Projectleider Marcel Broekhaar", "Marcel Broekhaar"),
        ("Wethouder Jansen", "Jansen"),
        ("Aldus", None),
        ("B", None),
        ("*****@vng.", None),
        ("Het Stedennetwerk", "Stedennetwerk"),
    ],
)
def test_trim(text: str, kept: str | None) -> None:
    span = trim(text, Span(0, len(text), text, "person"))
    assert (span.text if span else None) == kept


def test_the_fallback_drops_titles_letters_and_sentence_openers() -> None:
    names = [s.text for s in fallback_names(TEXT, [])]
    assert names == [
        "Marcel Broekhaar",
        "Zwolle",
        "Tweede Kamercommissie SZW",
        "Putten",
        "Yvonne Salvino",
        "Sittard-Geleen",
        "MKB-Nederland",
        "Mirjam Visscher",
    ]


def test_without_frog_suggest_falls_back_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("g40kg.annotate.ner.shutil.which", lambda _name: None)
    spans, note = unknown_names("Zij sprak met Jan de Vries.", [], use_frog=True)
    assert [s.text for s in spans] == ["Jan de Vries"]
    assert note == (
        "frog is not installed (Debian: apt-get install frog frogdata); "
        "falling back to capitalised words (less precise)"
    )


def test_an_abbreviation_is_not_the_tail_of_a_longer_name() -> None:
    index = {"SZW": set(), "ministerie van SZW": set()}
    text = "de Tweede Kamercommissie SZW sprak. SZW betaalt. Het ministerie van SZW ook, met SZW."
    assert [t for _s, _e, t in find_mentions(text, index)] == ["SZW", "ministerie van SZW", "SZW"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Raadslid Fatima El Amrani (Tilburg) was er ook.",
            [("Fatima El Amrani", "person"), ("Tilburg", "place")],
        ),
        (
            "In Putten sprak Kamerlid Jan de Boer met Griffier Ans Kok en Directeur-generaal "
            "Piet Smit.",
            [
                ("Putten", "place"),
                ("Jan de Boer", "person"),
                ("Ans Kok", "person"),
                ("Piet Smit", "person"),
            ],
        ),
    ],
)
def test_public_offices_are_trimmed_from_names(text: str, found: list[tuple[str, str]]) -> None:
    assert [(s.text, s.kind) for s in frog_names(text)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "De tijdelijke regeling crisisdienstverlening (RMT’s) en de Regio Deals kunnen "
            "hiervoor als basis dienen.",
            [],
        ),
        (
            "Maarten Burggraaf was ook in 2024 lid van de stuurgroep Retailagenda, de "
            "initiatiefnemer.",
            [("Maarten", "person")],
        ),
        ("Werklocaties is nieuw op de agenda van de G40.", [("G40", "organisation")]),
        (
            "Willemien is ook in gesprek met financieringsinstellingen.",
            [("Willemien", "person")],
        ),
    ],
)
def test_a_lone_common_noun_is_no_person(text: str, found: list[tuple[str, str]]) -> None:
    """Frog tags "Deals", "Retailagenda" and "Werklocaties" PER or ORG in these corpus
    sentences; its own lexicon knows them as common nouns. A first name stays."""
    assert [(s.text, s.kind) for s in frog_names(text)] == found


def test_a_surname_that_is_a_noun_stays_after_the_full_name() -> None:
    from g40kg.annotate.ner import is_common_noun

    assert is_common_noun("Visser")
    text = "Wethouder Annemiek Visser sprak. Volgens Visser gaat het goed."
    assert [(s.text, s.kind) for s in frog_names(text)] == [
        ("Annemiek Visser", "person"),
        ("Visser", "person"),
    ]
