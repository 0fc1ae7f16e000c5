"""Mandates as uncertain intervals: exact answers for each rule on small fixture projects.

Each test builds a project of its own (the repository's ontology/ and one data file), opens it
through the one load path (so the bounds are derived exactly as for every verb) and runs the
named queries of queries/ on its store. The rules are those of g40kg.project.time_bounds.
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from g40kg.project.load import open_project
from g40kg.project.namespaces import turtle_prefixes
from g40kg.project.time_bounds import DERIVED_GRAPH, Window, fact_bounds, held
from g40kg.query.library import get_query
from g40kg.query.run import run_embedded
from g40kg.shacl.findings import engine_findings
from g40kg.shacl.pyshacl_engine import pyshacl_findings

REPO = Path(__file__).resolve().parents[2]
G40 = "https://w3id.org/g40kg/def#"
ID = "https://w3id.org/g40kg/id/"
COMMON = """
body:raad a g40:Pillar ; rdfs:label "raad" .
person:anna a foaf:Person ; rdfs:label "Anna" ; foaf:name "Anna" .
person:bert a foaf:Person ; rdfs:label "Bert" ; foaf:name "Bert" .
person:carla a foaf:Person ; rdfs:label "Carla" ; foaf:name "Carla" .
"""


def fixture(tmp_path: Path, turtle: str) -> Path:
    """A project: the repository's ontology and one data file of facts about body:raad."""
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "fixture.ttl").write_text(turtle_prefixes() + COMMON + turtle)
    return tmp_path


def fact(name: str, member: str, role: str, **dates: str) -> str:
    """One membership fact of body:raad with its dates (start, end, date, earliest, latest,
    bound: g40:endNotAfter)."""
    props = {"start": "startDate", "end": "endDate", "date": "date"}
    props |= {"earliest": "earliestDate", "latest": "latestDate", "bound": "endNotAfter"}
    kinds = {4: "xsd:gYear", 7: "xsd:gYearMonth", 10: "xsd:date"}
    lines = [f'    g40:{props[k]} "{v}"^^{kinds[len(v)]} ;' for k, v in dates.items()]
    body = "\n".join(lines)
    return (
        f"fact:{name} a org:Membership ;\n{body}\n    org:member person:{member} ;\n"
        f"    org:organization body:raad ;\n    org:role role:{role} .\n"
    )


def rows(root: Path, name: str, **params: str) -> list[dict[str, str]]:
    project = open_project(root)
    text = run_embedded(project.store, get_query(name, REPO), params, "csv")
    return list(csv.DictReader(io.StringIO(text)))


def as_of(root: Path, day: str) -> list[tuple[str, str, str, str]]:
    return [
        (r["person"], r["role"], r["certainty"], r["reason"]) for r in rows(root, "as-of", date=day)
    ]


def roles(root: Path, pillar: str = "org/raad") -> list[tuple[str, str, str]]:
    return [
        (r["member"], r["role"], r["period"])
        for r in rows(root, "pillar-roles", pillar=ID + pillar)
    ]


def derived(root: Path, subject: str, prop: str) -> list[str]:
    store = open_project(root).store
    quads = store.quads_for_pattern(NamedNode(ID + subject), NamedNode(G40 + prop), None)
    assert all(q.graph_name == DERIVED_GRAPH for q in quads)
    found = store.quads_for_pattern(NamedNode(ID + subject), NamedNode(G40 + prop), None)
    return sorted(q.object.value for q in found)


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("G40KG_NO_CACHE", "1")


def test_open_start_observed_then_a_stated_end(tmp_path: Path) -> None:
    root = fixture(tmp_path, fact("anna-lid", "anna", "lid", date="2022", end="2023-06"))
    assert roles(root) == [("Anna", "lid", "from no later than 2022, until 2023-06")]
    assert as_of(root, "2021-01-01") == [("Anna", "lid", "possible", "start not given (by 2022)")]
    assert as_of(root, "2023-01-15") == [("Anna", "lid", "certain", "")]
    assert as_of(root, "2023-06-15") == [("Anna", "lid", "possible", "end some day in 2023-06")]
    assert as_of(root, "2023-07-01") == []
    assert derived(root, "mandate/fact-anna-lid", "startEarliest") == []
    assert derived(root, "mandate/fact-anna-lid", "startLatest") == ["2022-12-31"]
    assert derived(root, "mandate/fact-anna-lid", "startLatestGivenBy") == [ID + "fact/anna-lid"]
    assert derived(root, "mandate/fact-anna-lid", "endLatest") == ["2023-06-30"]


def test_an_observation_on_one_day_is_said_as_that_day(tmp_path: Path) -> None:
    root = fixture(tmp_path, fact("anna-lid", "anna", "lid", date="2025-05-14"))
    assert roles(root) == [("Anna", "lid", "held on 2025-05-14; start and end not given")]
    assert as_of(root, "2025-05-14") == [("Anna", "lid", "certain", "")]


def test_year_precision_end_followed_by_a_successor(tmp_path: Path) -> None:
    turtle = fact("anna-voorzitter", "anna", "voorzitter", start="2018-03-01", end="2021")
    turtle += fact("bert-voorzitter", "bert", "voorzitter", start="2021-09-01")
    root = fixture(tmp_path, turtle)
    assert roles(root) == [
        ("Anna", "voorzitter", "from 2018-03-01, until between 2021 and 2021-09-01"),
        ("Bert", "voorzitter", "from 2021-09-01, end not given"),
    ]
    assert as_of(root, "2021-06-01") == [
        ("Anna", "voorzitter", "possible", "end some day between 2021 and 2021-09-01")
    ]
    assert as_of(root, "2021-09-01") == [
        ("Anna", "voorzitter", "possible", "end some day between 2021 and 2021-09-01"),
        ("Bert", "voorzitter", "certain", ""),
    ]
    assert as_of(root, "2022-01-01") == [
        ("Bert", "voorzitter", "possible", "open end: not given (not before 2021-09-01)")
    ]
    anna = "mandate/fact-anna-voorzitter"
    # The inference names both facts: the successor's start and the predecessor's own.
    assert derived(root, anna, "endLatestGivenBy") == [
        ID + "fact/anna-voorzitter",
        ID + "fact/bert-voorzitter",
    ]
    assert derived(root, anna, "succeededBy") == [ID + "mandate/fact-bert-voorzitter"]


def test_two_observations_of_one_term_are_one_row(tmp_path: Path) -> None:
    turtle = fact(
        "carla-secretaris-2022", "carla", "secretaris", earliest="2022-09-20", latest="2022-10"
    )
    turtle += fact("carla-secretaris-2024", "carla", "secretaris", date="2024")
    turtle += """
mandate:carla-secretaris a g40:Mandate ;
    g40:basis basis:implied-context ;
    g40:evidence fact:carla-secretaris-2022 , fact:carla-secretaris-2024 .
"""
    root = fixture(tmp_path, turtle)
    assert roles(root) == [
        ("Carla", "secretaris", "from no later than 2022-10, until at least 2024")
    ]
    assert as_of(root, "2022-09-01") == [
        ("Carla", "secretaris", "possible", "start not given (by 2022-10)")
    ]
    assert as_of(root, "2023-06-01") == [("Carla", "secretaris", "certain", "")]
    assert as_of(root, "2025-06-01") == [
        ("Carla", "secretaris", "possible", "open end: not given (not before 2024)")
    ]


def test_a_re_election_is_two_terms_in_order(tmp_path: Path) -> None:
    turtle = fact("anna-lid-2019", "anna", "lid", date="2019")
    turtle += fact("anna-lid-2023", "anna", "lid", date="2023")
    turtle += """
mandate:anna-lid-1 a g40:Mandate ; g40:evidence fact:anna-lid-2019 .
mandate:anna-lid-2 a g40:Mandate ;
    g40:basis basis:stated ;
    g40:evidence fact:anna-lid-2023 ;
    g40:follows mandate:anna-lid-1 .
"""
    root = fixture(tmp_path, turtle)
    assert roles(root) == [
        ("Anna", "lid", "from no later than 2019, until between 2019 and 2023"),
        ("Anna", "lid", "from between 2019 and 2023, until at least 2023"),
    ]
    assert as_of(root, "2021-01-01") == [
        ("Anna", "lid", "possible", "end some day between 2019 and 2023"),
        ("Anna", "lid", "possible", "start some day between 2019 and 2023"),
    ]
    # The second term may have begun as soon as the first could have ended.
    assert as_of(root, "2019-06-01") == [
        ("Anna", "lid", "possible", "start not given (by 2019)"),
        ("Anna", "lid", "possible", "start some day between 2019 and 2023"),
    ]
    assert as_of(root, "2018-06-01") == [("Anna", "lid", "possible", "start not given (by 2019)")]


def test_an_observation_that_contradicts_a_stated_end(tmp_path: Path) -> None:
    turtle = fact("bert-lid-tot-2020", "bert", "lid", end="2020")
    turtle += fact("bert-lid-2022", "bert", "lid", date="2022")
    turtle += "mandate:bert-lid a g40:Mandate ;\n"
    turtle += "    g40:evidence fact:bert-lid-2022 , fact:bert-lid-tot-2020 .\n"
    root = fixture(tmp_path, turtle)
    conflict = "the evidence conflicts: no reading fits every fact (g40kg validate names them)"
    assert as_of(root, "2020-06-01") == [("Bert", "lid", "possible", conflict)]
    assert as_of(root, "2022-06-01") == []
    project = open_project(root)
    mine = {"g40sh:TermBoundsShape", "g40sh:SingleSeatShape", "g40sh:TermEvidenceShape"}
    found = sorted((f.focus, f.message) for f in engine_findings(project) if f.shape in mine)
    assert found == [
        (
            "mandate:bert-lid",
            "An observation outside its term: https://w3id.org/g40kg/id/fact/bert-lid-2022"
            " observes it in 2022, after its latest end 2020-12-31.",
        )
    ]
    reference = sorted((f.focus, f.message) for f in pyshacl_findings(project) if f.shape in mine)
    assert reference == found


def test_two_certain_chairs_at_once_are_reported_and_not_inferred_away(tmp_path: Path) -> None:
    turtle = fact("anna-voorzitter", "anna", "voorzitter", start="2020-01-01", end="2023-12-31")
    turtle += fact("bert-voorzitter", "bert", "voorzitter", start="2021-01-01", end="2022-12-31")
    root = fixture(tmp_path, turtle)
    assert as_of(root, "2021-06-01") == [
        ("Anna", "voorzitter", "certain", ""),
        ("Bert", "voorzitter", "certain", ""),
    ]
    project = open_project(root)
    found = sorted(
        (f.focus, f.message) for f in engine_findings(project) if f.shape == "g40sh:SingleSeatShape"
    )
    assert found == [
        (
            "mandate:fact-anna-voorzitter",
            "Two holders of one single seat: https://w3id.org/g40kg/id/mandate/fact-bert-voorzitter"
            " certainly holds it too, from 2021-01-01 to 2022-12-31.",
        ),
        (
            "mandate:fact-bert-voorzitter",
            "Two holders of one single seat: https://w3id.org/g40kg/id/mandate/fact-anna-voorzitter"
            " certainly holds it too, from 2021-01-01 to 2022-12-31.",
        ),
    ]
    reference = sorted(
        (f.focus, f.message)
        for f in pyshacl_findings(project)
        if f.shape == "g40sh:SingleSeatShape"
    )
    assert reference == found


def test_eerder_bounds_the_end_by_the_observation_of_another_fact(tmp_path: Path) -> None:
    turtle = fact("anna-voorzitter", "anna", "voorzitter", date="2021")
    turtle += fact("bert-voorzitter-eerder", "bert", "voorzitter", date="2021")
    turtle += """
mandate:bert-voorzitter a g40:Mandate ;
    g40:evidence fact:bert-voorzitter-eerder ;
    g40:endedBefore fact:bert-voorzitter-eerder .
mandate:anna-voorzitter a g40:Mandate ;
    g40:basis basis:implied-context ;
    g40:evidence fact:anna-voorzitter ;
    g40:follows mandate:bert-voorzitter .
"""
    root = fixture(tmp_path, turtle)
    # Bert's fact says he was chair before ("eerder"): not an observation of him holding it.
    assert roles(root) == [
        ("Bert", "voorzitter", "from an unknown date, until no later than 2021"),
        ("Anna", "voorzitter", "held on some day in 2021; start and end not given"),
    ]
    assert as_of(root, "2022-06-01") == [
        ("Anna", "voorzitter", "possible", "open end: not given (not before 2021)")
    ]


def test_a_bound_on_the_end_is_a_latest_end(tmp_path: Path) -> None:
    """g40:endNotAfter (a source says the term had ended by then, not when): the end is no
    later than the bound's last day; before it, the end stays uncertain."""
    turtle = fact("carla-minister", "carla", "minister", start="2022-01-10", bound="2024-07-02")
    root = fixture(tmp_path, turtle)
    assert derived(root, "mandate/fact-carla-minister", "endLatest") == ["2024-07-02"]
    reason = "end some day between 2022-01-10 and 2024-07-02"
    assert as_of(root, "2024-07-02") == [("Carla", "minister", "possible", reason)]
    assert as_of(root, "2024-07-03") == []


def test_held_is_certain_on_some_day_of_the_window_for_every_reading() -> None:
    """The one rule of the views and as-of, on a window: a term observed in 2022 (held on some
    day of it, start and end not given) is certainly held in 2022, possibly on each day of it
    and on any day before or after."""
    seen = fact_bounds(observed=Window("2022", "2022"))
    assert held(seen, date(2022, 1, 1), date(2022, 12, 31)) == "certain"
    assert held(seen, date(2022, 6, 1), date(2022, 6, 1)) == "possible"
    assert held(seen, date(2019, 6, 1), date(2019, 6, 1)) == "possible"
    event = fact_bounds(observed=Window("2022-09-20", "2022-10"), happened=True)
    assert held(event, date(2022, 9, 1), date(2022, 9, 19)) is None
    assert held(event, date(2022, 10, 1), date(2022, 10, 1)) == "possible"
    assert held(event, date(2022, 1, 1), date(2022, 12, 31)) == "certain"
    assert held(event, date(2022, 11, 1), date(2022, 11, 1)) is None


SINGLE_SEATS = {"voorzitter", "vicevoorzitter", "secretaris"}


def test_corpus_single_seat_roles_are_those_the_vocabulary_marks() -> None:
    store = open_project(REPO).store
    marked = store.quads_for_pattern(None, NamedNode(G40 + "singleSeat"), None)
    assert sorted(q.subject.value.rsplit("/", 1)[-1] for q in marked) == sorted(SINGLE_SEATS)


def test_corpus_never_two_certain_holders_of_one_single_seat() -> None:
    project = open_project(REPO)
    query = get_query("as-of", REPO)
    holders: dict[tuple[str, str, str], set[str]] = {}
    for year in range(2018, 2026):
        for month in range(1, 13):
            day = f"{year}-{month:02d}-01"
            text = run_embedded(project.store, query, {"date": day}, "csv")
            for r in csv.DictReader(io.StringIO(text)):
                if r["role"] in SINGLE_SEATS and r["certainty"] == "certain":
                    holders.setdefault((day, r["organisation"], r["role"]), set()).add(r["person"])
    assert {k: v for k, v in holders.items() if len(v) > 1} == {}


def test_corpus_pillar_roles_lists_each_chair_once_in_order() -> None:
    chairs = [
        (m, p)
        for m, role, p in roles(REPO, "org/g40-pijler-economie-en-werk")
        if role == "voorzitter"
    ]
    assert chairs == [
        ("Willemien Vreugdenhil", "from an unknown date, until no later than 2021"),
        ("Pieter Meekels", "from no later than 2021, until between 2021 and 2022-10"),
        ("Frank den Brok", "from between 2021 and 2022-10, until at least 2022-09-20"),
    ]
