"""The report site's timelines: the pillar's chairs over time, a committee's members, a person.

Read with the standard library's HTML parser: each timeline is a static SVG (no script) with one
bar per term of office, and a list that says each term in words with a link to its evidence.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from g40kg.cli import main


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert main(["site", "-o", str(out)]) == 0
    return out


def section(html: str, heading: str) -> str:
    """The HTML from one <h2> to the next."""
    start = html.index(f"<h2>{heading}</h2>")
    end = html.find("<h2>", start + 1)
    return html[start : end if end > 0 else None]


def terms(part: str) -> list[str]:
    """The terms listed under a timeline, as text."""
    items = re.findall(r"<li>(.*?)</li>", part.split('<ul class="terms">', 1)[1])
    return [re.sub(r"<[^>]+>", "", item) for item in items]


def test_the_pillar_page_shows_its_chairs_on_a_timeline(site: Path) -> None:
    html = (site / "organisations" / "g40-pijler-economie-en-werk.html").read_text()
    chairs = section(html, "Chairs over time")
    assert chairs.count('<g class="term">') == 3
    assert "<script" not in html
    assert terms(chairs) == [
        "Willemien Vreugdenhil, voorzitter: term of office from an unknown date, until no later "
        "than 2021 (evidence)",
        "Pieter Meekels, voorzitter: term of office from no later than 2021, until between 2021 "
        "and 2022-10 (evidence)",
        "Frank den Brok, voorzitter: term of office from between 2021 and 2022-10, until at "
        "least 2022-09-20 (evidence)",
    ]
    links = re.findall(r'<a href="(#fact-[^"]+)"><title>', chairs)
    assert links == [
        "#fact-oogst-2021-vreugdenhil-voorzitter-pijler",
        "#fact-oogst-2021-meekels-voorzitter-pijler",
        "#fact-den-brok-voorzitter-pijler",
    ]
    for anchor in links:  # each bar links to a row of its evidence on the same page
        assert f'id="{anchor[1:]}"' in html
    # Vreugdenhil: no day is known on which she held it, only that it ended by 2021 (the second
    # reading made her end a bound): one hatched bar, never certain.
    first = chairs.split('<g class="term">')[1]
    assert re.findall(r'<rect class="([a-z-]+)"', first) == ["hatch"]
    # den Brok: start between 2021 and 2022-10 (hatched), observed, open end (fading).
    third = chairs.split('<g class="term">')[3]
    assert re.findall(r'<rect class="([a-z-]+)"', third) == ["hatch", "window", "fade-out"]


def test_a_committee_page_shows_its_members_on_a_timeline(site: Path) -> None:
    html = (site / "organisations" / "vng-commissie-rwm.html").read_text()
    part = section(html, "Terms of office over time")
    assert terms(part) == [
        "Maarten Burggraaf, lid: term of office from 2024, end not given (evidence)"
    ]
    bar = part.split('<g class="term">')[1]
    assert re.findall(r'<rect class="([a-z-]+)"', bar) == ["hatch", "fade-out"]


def test_a_person_page_separates_terms_from_observations(site: Path) -> None:
    html = (site / "people" / "frank-den-brok.html").read_text()
    part = section(html, "Terms of office")
    assert terms(part) == [
        "voorzitter, pijler Economie en Werk: term of office from between 2021 and 2022-10, "
        "until at least 2022-09-20 (evidence)",
        "lid, VNG-commissie Economie, Klimaat, Energie en Milieu: term of office held on some "
        "day in 2024; start and end not given (evidence)",
    ]
    facts = section(html, "Mandates and affiliations: what each source says")
    assert "observed between 2022-09-20 and 2022-10" in facts
    assert "observed in 2024" in facts
