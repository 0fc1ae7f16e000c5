"""The network projections built from the cached pyoxigraph store equal the rdflib ones.

Issue #7: the view verbs read the cached store (g40kg.project.store_graph.StoreGraph) instead of
parsing every file with rdflib. Every projection, unfiltered, as of a date and over a range of
years, must come out identical from both: the same nodes and edges in the same order (the views and
layouts follow insertion order) with the same attributes, and the same graph attributes. Checked
on a snapshot of the corpus and on a generated 10k project; then the adapter's rdflib methods
one by one against rdflib's own on a small graph spread over two named graphs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from g40kg.cli import main
from g40kg.network import projections as N
from g40kg.network.views import view_html
from g40kg.project.cache import Kept
from g40kg.project.load import open_project, rdflib_data
from g40kg.project.store_graph import StoreGraph, to_rdflib

REPO = Path(__file__).resolve().parents[2]
FILTERS: list[dict[str, object]] = [
    {},
    {"as_of": date(2023, 6, 1)},
    {"as_of": date(2020, 5, 1)},  # a ministry's earlier name (g40:nameHistory)
    {"years": (2021, 2022)},
]
FILTER_IDS = ["all", "as-of-2023-06-01", "as-of-2020-05-01", "years-2021-2022"]


def contents(net: nx.Graph) -> tuple[object, ...]:
    """Everything a projection holds, in insertion order (edge keys for multigraphs)."""
    if net.is_multigraph():
        edges = list(net.edges(keys=True, data=True))
    else:
        edges = list(net.edges(data=True))
    return type(net), dict(net.graph), list(net.nodes(data=True)), edges


@pytest.fixture(scope="module")
def corpus(make_project_copy: Callable[[str], Path]) -> Path:
    """A snapshot of the repository's ontology/ and data/ (others keep annotating)."""
    return make_project_copy("corpus")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("g40-10k") / "project"
    script = REPO / "benchmarks" / "generate.py"
    command = [sys.executable, str(script), "--triples", "10k", "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    return out


@pytest.fixture(scope="module", params=["corpus", "generated"])
def both(request: pytest.FixtureRequest) -> tuple[Graph, StoreGraph]:
    """The loader's rdflib graph and a StoreGraph over the store of the same files."""
    root = request.getfixturevalue(request.param)
    return rdflib_data(root), StoreGraph(open_project(root).store)


@pytest.mark.parametrize("when", FILTERS, ids=FILTER_IDS)
@pytest.mark.parametrize("name", list(N.PROJECTIONS))
def test_projection_from_the_store_equals_the_rdflib_one(
    both: tuple[Graph, StoreGraph], name: str, when: dict[str, object]
) -> None:
    rdf, store = both
    expected = N.project(rdf, name, **when)
    found = N.project(store, name, **when)
    assert contents(found) == contents(expected)
    if when == {} and name != "comembership":
        assert expected.number_of_edges() > 0  # the comparison is not vacuous


def test_the_views_are_byte_identical(both: tuple[Graph, StoreGraph], tmp_path: Path) -> None:
    rdf, store = both
    kept = Kept(tmp_path / "kept", "layouts")  # equal graphs are laid out once (the slow part)
    for name in N.PROJECTIONS:
        got = view_html(N.project(store, name), kept=kept)
        assert got == view_html(N.project(rdf, name), kept=kept), name


def test_project_takes_a_pyoxigraph_store_as_is(corpus: Path) -> None:
    store = open_project(corpus).store
    assert isinstance(store, ox.Store)
    expected = N.project(rdflib_data(corpus), "full", years=(2021, 2022))
    assert contents(N.project(store, "full", years=(2021, 2022))) == contents(expected)


def test_filters_and_names_are_checked_as_before(corpus: Path) -> None:
    store = StoreGraph(open_project(corpus).store)
    with pytest.raises(N.UsageError, match="unknown network"):
        N.project(store, "nope")
    with pytest.raises(N.UsageError, match="not both"):
        N.project(store, "actors", as_of=date(2022, 1, 1), years=(2021, 2022))


def test_every_triple_of_the_store_converts_to_one_the_loader_has(both) -> None:
    """Term conversion: the same triples as the loader's graph (blank nodes aside)."""
    rdf, store = both

    def ground(triples) -> tuple[set, int]:
        found = set(triples)
        with_blanks = {t for t in found if any(isinstance(x, BNode) for x in t)}
        return found - with_blanks, len(with_blanks)

    assert ground(store) == ground(rdf.triples((None, None, None)))


# --- the CLI reads the store ---------------------------------------------------------------


@pytest.fixture
def cli_project(make_project_copy, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_project_copy("cli")
    monkeypatch.setenv("G40KG_ROOT", str(root))
    monkeypatch.chdir(root)
    return root


def test_cli_views_come_from_the_cached_store_without_the_loader(
    cli_project: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    import rdflib

    from g40kg.project.load import open_project

    rdf = rdflib_data(cli_project)
    expected = {name: N.project(rdf, name) for name in N.PROJECTIONS}
    stats = N.stats_text(N.project(rdf, "actors", years=(2021, 2022)))
    open_project(cli_project)  # a first command checks the inputs (and keeps the verdict)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the view verbs must not parse the data with rdflib")

    monkeypatch.setattr(rdflib.Graph, "parse", refuse)
    assert main(["view", "--all", "-o", "site"]) == 0
    for name, net in expected.items():
        page = (cli_project / "site" / f"{name}.html").read_text(encoding="utf-8")
        assert page == view_html(net), name
    capsys.readouterr()
    assert main(["network", "export", "themes", "--format", "graphml"]) == 0
    assert capsys.readouterr().out == N.export_text(expected["themes"], "graphml")
    assert main(["network", "stats", "--years", "2021-2022"]) == 0
    assert capsys.readouterr().out == stats + "\n"


def test_cli_stats_and_focus_match_the_rdflib_path(cli_project: Path, capsys) -> None:
    rdf = rdflib_data(cli_project)
    assert main(["network", "stats", "--as-of", "2022-10-01"]) == 0
    expected = N.stats_text(N.project(rdf, "actors", as_of=date(2022, 10, 1)))
    assert capsys.readouterr().out == expected + "\n"
    focus = "person:frank-den-brok"
    assert main(["network", "export", "full", "--format", "gexf", "--focus", focus]) == 0
    ego = N.ego_network(N.project(rdf, "full"), focus, 1)
    assert capsys.readouterr().out == N.export_text(ego, "gexf")


# --- the adapter, method by method -----------------------------------------------------------

EX = "http://example.org/"
FIRST = f"""
@prefix ex: <{EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:B rdfs:subClassOf ex:A . ex:C rdfs:subClassOf ex:B . ex:D rdfs:subClassOf ex:B .
ex:x a ex:C ; rdfs:label "x"@nl, "ix"@en, "x plain" ;
    ex:when "2022"^^xsd:gYear, "2022-10"^^xsd:gYearMonth, "2022-10-03"^^xsd:date ;
    ex:count 7 ; ex:knows ex:y ; ex:note [ rdfs:label "inner" ; ex:deeper [ ex:count 1 ] ] .
ex:y a ex:D ; rdfs:label "y"@nl .
"""
SECOND = f"""
@prefix ex: <{EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:x a ex:C ; rdfs:label "x"@nl .
ex:y ex:knows ex:x ; ex:note [ rdfs:label "other" ] .
"""


@pytest.fixture(scope="module")
def pair() -> tuple[Graph, StoreGraph]:
    rdf = Graph()
    store = ox.Store()
    for number, text in enumerate((FIRST, SECOND)):
        rdf.parse(data=text, format="turtle")
        graph = ox.NamedNode(f"urn:test:{number}")
        store.load(text.encode(), format=ox.RdfFormat.TURTLE, to_graph=graph)
    return rdf, StoreGraph(store)


def canon(value: object) -> object:
    """Blank nodes have other ids in the two graphs: compare them as one placeholder."""
    if isinstance(value, tuple):
        return tuple(canon(v) for v in value)
    return "_:" if isinstance(value, BNode) else value


def same(found, expected) -> None:
    assert sorted(map(canon, found), key=repr) == sorted(map(canon, expected), key=repr)


X, Y, A, C = URIRef(EX + "x"), URIRef(EX + "y"), URIRef(EX + "A"), URIRef(EX + "C")
KNOWS, WHEN, NOTE = URIRef(EX + "knows"), URIRef(EX + "when"), URIRef(EX + "note")


@pytest.mark.parametrize(
    "pattern",
    [
        (X, None, None),
        (None, RDFS.label, None),
        (None, None, X),
        (X, RDFS.label, None),
        (None, RDF.type, C),
        (X, RDF.type, C),
        (X, None, Y),
        (None, None, None),
        (Y, RDFS.label, Literal("y", lang="nl")),
        (URIRef(EX + "nobody"), None, None),
        (None, URIRef(EX + "nothing"), None),
    ],
)
def test_triples_match_rdflib_and_each_triple_comes_once(pair, pattern) -> None:
    rdf, store = pair
    same(store.triples(pattern), rdf.triples(pattern))
    assert (pattern in store) == (pattern in rdf)


def test_objects_subjects_and_pairs_match_rdflib(pair) -> None:
    rdf, store = pair
    same(store.objects(X, RDFS.label), rdf.objects(X, RDFS.label))
    same(store.objects(X, WHEN), rdf.objects(X, WHEN))
    same(store.objects(None, KNOWS), rdf.objects(None, KNOWS))
    same(store.subjects(KNOWS, X), rdf.subjects(KNOWS, X))
    same(store.subjects(RDF.type, None), rdf.subjects(RDF.type, None))
    same(store.subjects(RDF.type, None, unique=True), rdf.subjects(RDF.type, None, unique=True))
    same(store.subject_objects(KNOWS), rdf.subject_objects(KNOWS))
    same(store.predicate_objects(Y), rdf.predicate_objects(Y))
    same(store.predicates(X, Y), rdf.predicates(X, Y))
    assert len(store) == len(rdf)


def test_value_matches_rdflib(pair) -> None:
    rdf, store = pair
    assert store.value(Y, RDFS.label) == rdf.value(Y, RDFS.label) == Literal("y", lang="nl")
    assert store.value(None, KNOWS, Y) == rdf.value(None, KNOWS, Y) == X
    assert store.value(X, URIRef(EX + "nothing")) is None
    assert store.value(X, URIRef(EX + "nothing"), default=Y) == Y
    assert store.value(X, None, Y) == rdf.value(X, None, Y) == KNOWS
    with pytest.raises(ValueError, match="left open"):
        store.value(X, KNOWS, Y)
    assert store.value(X) is None and rdf.value(X) is None  # rdf:value by default
    with pytest.raises(Exception, match="more than one"):
        store.value(X, RDFS.label, any=False)


def test_transitive_closures_match_rdflib(pair) -> None:
    rdf, store = pair
    down = list(store.transitive_subjects(RDFS.subClassOf, A))
    assert set(down) == set(rdf.transitive_subjects(RDFS.subClassOf, A))
    assert down[0] == A and len(down) == len(set(down)) == 4
    up = list(store.transitive_objects(C, RDFS.subClassOf))
    assert up == list(rdf.transitive_objects(C, RDFS.subClassOf))


def test_literals_keep_language_datatype_text_and_order(pair) -> None:
    rdf, store = pair
    assert set(store.objects(X, WHEN)) == set(rdf.objects(X, WHEN))
    for found in store.objects(X, WHEN):
        assert found.datatype in (XSD.gYear, XSD.gYearMonth, XSD.date)
    assert sorted(store.objects(X, WHEN)) == sorted(rdf.objects(X, WHEN))
    labels = set(store.objects(X, RDFS.label))
    assert labels == {Literal("x", lang="nl"), Literal("ix", lang="en"), Literal("x plain")}
    assert next(iter(store.objects(X, URIRef(EX + "count")))) == Literal(7)


def test_a_blank_node_is_the_same_term_on_every_read(pair) -> None:
    _rdf, store = pair
    (note,) = store.objects(X, NOTE)
    assert isinstance(note, BNode)
    assert list(store.subjects(NOTE, note)) == [X]
    assert store.value(note, RDFS.label) == Literal("inner")
    (deeper,) = store.objects(note, URIRef(EX + "deeper"))
    assert store.value(deeper, URIRef(EX + "count")) == Literal(1)
    assert {s for s, _p, _o in store.triples((None, None, None))} >= {note, deeper}
    assert store.term(ox.BlankNode(str(note))) is note


def test_term_conversion_follows_the_turtle_parser() -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert to_rdflib(ox.NamedNode(EX + "a")) == URIRef(EX + "a")
    assert to_rdflib(ox.Literal("a")) == Literal("a")
    assert to_rdflib(ox.Literal("a")).datatype is None
    assert to_rdflib(ox.Literal("a", language="nl")) == Literal("a", lang="nl")
    for lexical, local in [("2022", "gYear"), ("2022-10", "gYearMonth"), ("2022-10-03", "date")]:
        found = to_rdflib(ox.Literal(lexical, datatype=ox.NamedNode(xsd + local)))
        assert found == Literal(lexical, datatype=XSD[local]) and str(found) == lexical
    assert isinstance(to_rdflib(ox.BlankNode("b1")), BNode)


# --- scale: the co-membership guard and the streamed views ---------------------------------


def test_a_co_membership_network_too_large_to_build_is_refused_by_both_paths(
    both: tuple[Graph, StoreGraph], monkeypatch: pytest.MonkeyPatch
) -> None:
    rdf, store = both
    bodies = N.project(store, "bodies")
    sizes = [bodies.degree(n) for n, d in bodies.nodes(data=True) if d["bipartite"] == 1]
    pairs = sum(size * (size - 1) // 2 for size in sizes)
    assert pairs > 0
    monkeypatch.setattr(N, "MAX_COMEMBERSHIP_PAIRS", pairs)
    assert N.project(store, "comembership").number_of_edges() > 0  # at the limit: built
    monkeypatch.setattr(N, "MAX_COMEMBERSHIP_PAIRS", pairs - 1)
    for graph in (rdf, store):
        with pytest.raises(N.UsageError, match=f"would need {pairs} ties.*--as-of"):
            N.project(graph, "comembership")


def test_cli_refuses_a_co_membership_view_too_large_to_draw(
    cli_project: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(N, "MAX_COMEMBERSHIP_PAIRS", 1)
    assert main(["view", "comembership", "-o", "c.html"]) == 2
    assert "too large to build or draw" in capsys.readouterr().err
    assert not (cli_project / "c.html").exists()


def test_view_all_skips_a_view_too_large_and_writes_the_others(
    cli_project: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """One refused projection does not cost the analyst the other views: it is named on
    stderr and on the index page, and no file of it is written."""
    rdf = rdflib_data(cli_project)
    bodies = N.person_body_graph(rdf)
    sizes = [bodies.degree(n) for n, d in bodies.nodes(data=True) if d["bipartite"] == 1]
    pairs = sum(size * (size - 1) // 2 for size in sizes)
    monkeypatch.setattr(N, "MAX_COMEMBERSHIP_PAIRS", pairs - 1)
    assert main(["view", "--all", "-o", "site"]) == 0
    out, err = capsys.readouterr()
    written = sorted(p.name for p in (cli_project / "site").iterdir())
    others = [name for name in N.PROJECTIONS if name != "comembership"]
    assert written == sorted([*(f"{name}.html" for name in others), "index.html"])
    assert out.count("wrote ") == len(others) + 1
    assert err.startswith("warning: skipped the comembership view: the co-membership network ")
    assert f"would need {pairs} ties" in err
    index = (cli_project / "site" / "index.html").read_text(encoding="utf-8")
    assert f"<li>comembership: not drawn <span>(the co-membership network would need {pairs}" in (
        index
    )
    for name in others:
        assert f'href="{name}.html"' in index


def test_a_view_written_in_pieces_is_the_page_in_one_piece(
    both: tuple[Graph, StoreGraph], tmp_path: Path
) -> None:
    from g40kg.network.views import payload, script_json, script_json_chunks, write_view

    _rdf, store = both
    kept = Kept(tmp_path / "kept", "layouts")  # each view laid out once (the slow part)
    for name in N.PROJECTIONS:
        net = N.project(store, name)
        whole = script_json(payload(net, kept=kept))
        assert "".join(script_json_chunks(payload(net, lazy_edges=True, kept=kept))) == whole
        assert len(json.loads(whole)["nodes"]) == net.number_of_nodes()
        path = write_view(net, tmp_path / "views" / f"{name}.html", kept=kept)
        assert path.read_text(encoding="utf-8") == view_html(net, kept=kept)
        assert f'id="g40kg-data">{whole}</script>' in view_html(net, kept=kept)
    assert sorted(p.name for p in (tmp_path / "views").iterdir()) == sorted(
        f"{name}.html" for name in N.PROJECTIONS
    )
