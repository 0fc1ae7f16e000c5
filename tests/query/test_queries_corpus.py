# ruff: noqa: E501 (the expected table is data: one row per line, however long)
"""Exact rows of every named query on the annotated corpus (rdflib, and the embedded store).

The expected rows are data files in tests/expected/queries/ (see tests/expected_queries.py),
one per case, read off the corpus and checked against the texts by hand; a change in the data
that changes an answer must show up there (`tests/expected/regenerate.py` rewrites them; review
the diff). The queries run on a copy of the project holding only the five corpus sources, so the
answers stay exact when a user adds a source of their own. test_queries_engines runs the same
cases on Oxigraph and Virtuoso.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from expected_queries import (
    CORPUS_SOURCES,
    REPO,
    as_strings,
    cases,
    corpus_copy,
    params_of,
    read_case,
)

from g40kg.cli import main
from g40kg.project.load import open_project, rdflib_data
from g40kg.query.backends import OxigraphBackend, RdflibBackend
from g40kg.query.library import load_queries, resolve_params

CASES = cases()

VNG_COMMITTEES_TABLE = (
    "person             municipality    committee                                                      role  period                                             source                                        quote                                                                     sources\n"
    "-----------------  --------------  -------------------------------------------------------------  ----  -------------------------------------------------  --------------------------------------------  ------------------------------------------------------------------------  -------\n"
    "Frank den Brok     Oss             VNG-commissie Economie, Klimaat, Energie en Milieu             lid   held on some day in 2024; start and end not given  Jaarverslag G40 pijler Economie en Werk 2024  Yvonne Salvino en Frank den Brok zijn actief in de VNG commissie EKEM.    1\n"
    "Yvonne Salvino     Sittard-Geleen  VNG-commissie Economie, Klimaat, Energie en Milieu             lid   held on some day in 2024; start and end not given  Jaarverslag G40 pijler Economie en Werk 2024  Yvonne Salvino en Frank den Brok zijn actief in de VNG commissie EKEM.    1\n"
    "Carine Bloemhoff   Groningen       VNG-commissie Participatie, Schuldhulpverlening en Integratie  lid   held on some day in 2024; start and end not given  Jaarverslag G40 pijler Economie en Werk 2024  Carine Bloemhoff en Raymond Wanders zijn actief in de VNG commissie PSI.  1\n"
    "Raymond Wanders    Emmen           VNG-commissie Participatie, Schuldhulpverlening en Integratie  lid   held on some day in 2024; start and end not given  Jaarverslag G40 pijler Economie en Werk 2024  Carine Bloemhoff en Raymond Wanders zijn actief in de VNG commissie PSI.  1\n"
    "Maarten Burggraaf                  VNG-commissie Ruimte, Wonen en Mobiliteit                      lid   from 2024, end not given                           Jaarverslag G40 pijler Economie en Werk 2024  Eind dit jaar trad Maarten Burggraaf toe tot de VNG commissie RWM.        1\n"
    "(5 rows)\n"
)


@pytest.fixture(scope="module")
def corpus_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with only the five corpus sources."""
    return corpus_copy(REPO, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def reference(corpus_root: Path) -> RdflibBackend:
    return RdflibBackend(rdflib_data(corpus_root))


@pytest.fixture
def on_corpus(corpus_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI works on the corpus-only copy (queries still come from the checkout)."""
    monkeypatch.setenv("G40KG_ROOT", str(corpus_root))
    monkeypatch.chdir(corpus_root)
    shutil.copytree(REPO / "queries", corpus_root / "queries", dirs_exist_ok=True)
    return corpus_root


def test_every_named_query_is_covered() -> None:
    assert {name for name, _ in CASES} == set(load_queries(REPO))


@pytest.mark.parametrize(("name", "key"), CASES)
def test_exact_rows_in_order(reference: RdflibBackend, name: str, key: str) -> None:
    query = load_queries(REPO)[name]
    result = reference.run(query.text, resolve_params(query, params_of(key)))
    variables, rows = read_case(name, key)
    assert result.variables == variables
    assert as_strings(result.rows) == rows


@pytest.fixture(scope="module")
def store_backend(corpus_root: Path) -> OxigraphBackend:
    """The engine `g40kg query` uses: the pyoxigraph store, parameters as a VALUES clause."""
    return OxigraphBackend(open_project(corpus_root).store)


@pytest.mark.parametrize(("name", "key"), CASES)
def test_a_values_clause_means_what_init_bindings_mean(
    store_backend: OxigraphBackend, name: str, key: str
) -> None:
    """The text an endpoint gets (VALUES after the WHERE brace), run on the store `g40kg query`
    uses, gives exactly the expected rows (made with rdflib's initBindings), in order.

    Not on rdflib itself: its VALUES join evaluates the whole pattern first, minutes per case
    for members and person."""
    query = load_queries(REPO)[name]
    result = store_backend.run(query.text, resolve_params(query, params_of(key)))
    variables, rows = read_case(name, key)
    assert result.variables == variables
    assert as_strings(result.rows) == rows


@pytest.mark.parametrize(
    ("name", "key", "other"),
    [
        ("person", "name=Denis Crompvoets", "name=denis cromptvoets"),
        (
            "person",
            "name=Denis Crompvoets",
            "name=https://w3id.org/g40kg/id/person/denis-crompvoets",
        ),
        ("members", "organisation=EKEM", "organisation=vng commissie ekem"),
        (
            "members",
            "organisation=EKEM",
            "organisation=https://w3id.org/g40kg/id/org/vng-commissie-ekem",
        ),
        ("municipality", "municipality=1883", "municipality=gemeente Sittard-Geleen"),
        ("municipality", "municipality=1883", "municipality=sittard-geleen"),
        (
            "municipality",
            "municipality=1883",
            "municipality=https://identifier.overheid.nl/tooi/id/gemeente/gm1883",
        ),
    ],
)
def test_names_variants_codes_and_iris_find_the_same_rows(
    reference: RdflibBackend, name: str, key: str, other: str
) -> None:
    query = load_queries(REPO)[name]
    result = reference.run(query.text, resolve_params(query, params_of(other)))
    assert as_strings(result.rows) == read_case(name, key)[1]


def test_vng_committees_prints_each_membership_with_its_source(on_corpus: Path, capsys) -> None:
    assert main(["query", "vng-committees"]) == 0
    assert capsys.readouterr().out == "".join(VNG_COMMITTEES_TABLE)


def test_vng_committees_as_sparql_results_json(on_corpus: Path, capsys) -> None:
    assert main(["query", "vng-committees", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    variables, rows = read_case("vng-committees", "")
    assert data["head"] == {"vars": list(variables)}
    got = [
        tuple(b[v]["value"] if v in b else "" for v in variables)
        for b in data["results"]["bindings"]
    ]
    assert got == rows
    person = data["results"]["bindings"][0]["person"]
    assert person == {"type": "literal", "value": "Frank den Brok"}
    committee = data["results"]["bindings"][0]["committee"]
    assert committee == {
        "type": "literal",
        "value": "VNG-commissie Economie, Klimaat, Energie en Milieu",
        "xml:lang": "nl",
    }


SIXTH_TEXT = "Frank den Brok (Oss) is de nieuwe voorzitter van de VNG commissie EKEM.\n"
SIXTH_FACTS = """
ann:zesde-bron-den-brok a oa:Annotation ;
    oa:hasTarget [
        oa:hasSelector [
            a oa:TextQuoteSelector ;
            oa:exact "Frank den Brok (Oss) is de nieuwe voorzitter van de VNG commissie EKEM."
        ] ;
        oa:hasSource src:zesde-bron
    ] .

fact:zesde-bron-den-brok-voorzitter-ekem a org:Membership ;
    g40:basis basis:stated ;
    g40:date "2025-01"^^xsd:gYearMonth ;
    org:member person:frank-den-brok ;
    org:organization body:vng-commissie-ekem ;
    org:role role:voorzitter ;
    prov:wasDerivedFrom ann:zesde-bron-den-brok .
"""


def test_a_sixth_source_leaves_the_corpus_answers_exact(
    make_project_copy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """A user adds a source (docs/ADDING_A_SOURCE.md); the corpus cases still hold exactly."""
    project = make_project_copy("sixth")
    shutil.copytree(REPO / "queries", project / "queries")
    monkeypatch.setenv("G40KG_ROOT", str(project))
    monkeypatch.chdir(project)
    text = tmp_path / "zesde.txt"
    text.write_text(SIXTH_TEXT, encoding="utf-8")
    argv = ["add-source", str(text), "--title", "Zesde bron", "--slug", "zesde-bron"]
    assert main([*argv, "--date", "2025-01", "--evidence", "Dated January 2025."]) == 0
    (added,) = set((project / "data" / "annotations").glob("*.ttl")) - {
        project / "data" / "annotations" / f"{stem}.ttl" for stem in CORPUS_SOURCES
    }
    added.write_text(added.read_text(encoding="utf-8") + SIXTH_FACTS, encoding="utf-8")
    assert main(["fmt"]) == 0
    assert main(["validate"]) == 0
    capsys.readouterr()
    query = load_queries(REPO)["members"]
    bindings = resolve_params(query, params_of("organisation=EKEM"))
    live = RdflibBackend(rdflib_data(project)).run(query.text, bindings)
    assert len(live.rows) == len(read_case("members", "organisation=EKEM")[1]) + 1
    corpus = RdflibBackend(rdflib_data(corpus_copy(project, tmp_path / "corpus")))
    for name, key in CASES:
        query = load_queries(REPO)[name]
        result = corpus.run(query.text, resolve_params(query, params_of(key)))
        assert (tuple(result.variables), as_strings(result.rows)) == read_case(name, key), name
