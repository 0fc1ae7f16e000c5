"""The cached pyoxigraph path of `g40kg query`, `sparql` and `validate` against the rdflib one.

The cached store (g40kg.project.store) answers every named query with the rows the embedded
rdflib store gives; `validate` writes the same findings with either engine, on the corpus and
on a broken copy; bad input is refused as before; an edited file is seen by the next command.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from g40kg.cli import main
from g40kg.project.cache import KEPT_FILE, Kept
from g40kg.project.inputs import read_inputs
from g40kg.project.load import open_project, rdflib_data
from g40kg.project.namespaces import PREFIXES as RDFLIB_PREFIXES
from g40kg.project.paths import CACHE_DIR
from g40kg.project.prefixes import PREFIXES
from g40kg.query.backends import OxigraphBackend, RdflibBackend
from g40kg.query.library import load_queries, resolve_params
from g40kg.query.results import QueryResult, render
from g40kg.query.run import run_embedded

REPO = Path(__file__).resolve().parents[2]
PARAMS = {
    "as-of": {"date": "2022-10-15"},
    "members": {"organisation": "EKEM"},
    "ministry-name": {"date": "2024-07-01"},
    "municipality": {"municipality": "Groningen"},
    "person": {"name": "Denis Crompvoets"},
    "provenance": {"fact": "fact:salvino-trekker-mkb"},
}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n"


def multiset(result: QueryResult) -> Counter[tuple[str, ...]]:
    return Counter(tuple("" if t is None else str(t) for t in row) for row in result.rows)


@pytest.fixture
def project(project_copy: Path) -> Path:
    """A project copy with the queries too (the copy fixture holds ontology/ and data/)."""
    shutil.copytree(REPO / "queries", project_copy / "queries")
    return project_copy


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_prefix_maps_agree() -> None:
    assert PREFIXES == RDFLIB_PREFIXES


def test_every_named_query_gives_the_embedded_rows_on_the_cached_store() -> None:
    embedded = RdflibBackend(rdflib_data(REPO))
    store = open_project(REPO).store
    oxigraph = OxigraphBackend(store)
    for name, query in load_queries(REPO).items():
        bindings = resolve_params(query, PARAMS.get(name, {}))
        expected = embedded.run(query.text, bindings)
        got = oxigraph.run(query.text, bindings)
        assert got.variables == expected.variables, name
        assert multiset(got) == multiset(expected), name
        # the rdflib-free table path prints the same lines (order may differ among ties)
        table = run_embedded(store, query, PARAMS.get(name, {}), "table")
        assert sorted(table.splitlines()) == sorted(render(expected, "table").splitlines()), name


def test_an_edited_file_is_seen_by_the_next_query(project: Path, capsys) -> None:
    (project / "count.rq").write_text(COUNT, encoding="utf-8")
    status, first, _ = run_cli(capsys, "sparql", "count.rq", "--format", "csv")
    assert status == 0
    people = project / "data" / "entities" / "people.ttl"
    people.write_text(
        people.read_text(encoding="utf-8") + "\nperson:x-test foaf:name 'X Test' .\n",
        encoding="utf-8",
    )
    status, second, _ = run_cli(capsys, "sparql", "count.rq", "--format", "csv")
    assert status == 0
    assert int(second.split()[-1]) == int(first.split()[-1]) + 1
    kept = [p for p in (project / CACHE_DIR).iterdir() if KEPT_FILE.fullmatch(p.name)]
    assert kept == [Kept(project, read_inputs(project).key).path]  # only the current inputs


def test_a_syntax_error_is_file_and_line_and_nothing_is_cached(project: Path, capsys) -> None:
    people = project / "data" / "entities" / "people.ttl"
    people.write_text(people.read_text(encoding="utf-8") + "\nperson:x foaf:name .\n")
    status, out, err = run_cli(capsys, "query", "vng-committees")
    assert status == 2 and out == ""
    assert "people.ttl:" in err and "syntax" in err.lower()
    assert not (project / CACHE_DIR).exists()


def test_a_stray_file_in_data_is_refused_after_a_cached_run(project: Path, capsys) -> None:
    assert run_cli(capsys, "query", "vng-committees")[0] == 0
    (project / "data" / "notes.json").write_text("{}")
    status, _, err = run_cli(capsys, "query", "vng-committees")
    assert status == 2 and "notes.json" in err


def test_both_engines_give_identical_findings_on_a_broken_copy(project: Path, capsys) -> None:
    """The whole corpus with three mistakes: the same findings, to the byte, from both engines.

    (pyshacl takes about a minute on the corpus, so it runs once here; test_engines_agree
    compares the two on the corpus as it is and on every shape's examples.)"""
    annotation = sorted((project / "data" / "annotations").glob("*.ttl"))[0]
    text = annotation.read_text(encoding="utf-8")
    annotation.write_text(text.replace('oa:exact "', 'oa:exact "XX', 1), encoding="utf-8")
    people = project / "data" / "entities" / "people.ttl"
    people.write_text(
        people.read_text(encoding="utf-8")
        + "\nperson:x-nameless a foaf:Person .\nperson:x-two foaf:name 42 ; a foaf:Person .\n"
    )
    fast = run_cli(capsys, "validate", "--format", "json")
    reference = run_cli(capsys, "validate", "--engine", "pyshacl", "--format", "json")
    assert fast == reference
    # the quote; the label and the name of each of the two people
    assert fast[0] == 1 and fast[1].count('"focus"') == 5


def test_a_named_query_imports_neither_rdflib_nor_pyshacl(project: Path) -> None:
    """The whole-process target of `g40kg query` (0.5 s on the corpus) rests on this: rdflib
    alone takes 70-500 ms to import. Checked on the first command (inputs checked, shapes
    parsed by rdflib) and on a repeated one (neither)."""
    import subprocess
    import sys

    code = (
        "import contextlib, io, sys; from g40kg.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    status = main(['query', 'members', '-p', 'organisation=EKEM'])\n"
        "print(status, out.getvalue().splitlines()[-1], 'rdflib' in sys.modules, "
        "'pyshacl' in sys.modules)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs == ["0 (2 rows) True False\n", "0 (2 rows) False False\n"]
