"""The views as an analyst reads them: measured in Debian's Chromium at 1400×900 on the corpus.

Each view up to 200 nodes must open with every node label at 12 CSS px or more (vis-network's
scale × the label font size) and no two node labels overlapping (their boxes from the label
module, through canvasToDOM), no edge label drawn until hover or selection, and the dense star
of the G40's municipalities folded into one cluster node that opens on a click. A click on
Frank den Brok opens his panel with a link that leads to his page of the site; the date and
year controls show the exact number of certain (solid) and possible (dashed) ties recorded in
view_expectations.json, which is also what `--as-of` keeps; search finds a committee by its
abbreviation and an event without its accent; the role filter and the VNG preset keep exactly
their ties.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import networkx as nx
import pytest
from chromium import Watched, chromium_context, open_watched
from rdflib import Graph
from test_views_browser import DEN_BROK, PILLAR

from g40kg.cli import main
from g40kg.network import projections as N
from g40kg.network import views
from g40kg.project.load import open_project
from g40kg.project.namespaces import BODY, turtle_prefixes
from g40kg.project.time_bounds import held

HERE = Path(__file__).resolve().parent
EXPECTED = json.loads((HERE / "view_expectations.json").read_text("utf-8"))
READY = 'body[data-ready="true"]'
EKEM = str(BODY["vng-commissie-ekem"])
MIN_PX = 12.0

MEASURE = """() => {
  const net = window.g40kgView.network;
  const ids = net.body.nodeIndices.filter(id => !net.body.nodes[id].options.hidden);
  const boxes = ids.map(id => {
    const size = net.body.nodes[id].labelModule.size;
    const a = net.canvasToDOM({x: size.left, y: size.top});
    const b = net.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
    return [id, a.x, a.y, b.x, b.y];
  });
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const p = boxes[i], q = boxes[j];
      if (p[1] < q[3] && q[1] < p[3] && p[2] < q[4] && q[2] < p[4]) {
        overlaps.push([p[0], q[0]]);
      }
    }
  }
  const fonts = ids.map(id => net.body.nodes[id].labelModule.fontOptions.size * net.getScale());
  const labelled = net.body.edgeIndices.filter(id => net.body.edges[id].options.label);
  return {smallest: Math.min(...fonts), overlaps: overlaps, shown: ids.length,
          edgeLabels: labelled.length};
}"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    with chromium_context(profile, viewport={"width": 1400, "height": 900}) as context:
        yield context


@pytest.fixture(scope="module")
def site(snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report site of the corpus, written by the command."""
    folder = tmp_path_factory.mktemp("site") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("G40KG_ROOT", str(snapshot))
        assert main(["site", "-o", str(folder)]) == 0
    return folder


def watch(context, path: Path) -> Watched:
    watched = open_watched(context, path.as_uri())
    watched.page.wait_for_selector(READY, state="attached", timeout=60_000)
    return watched


FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def click_node(page, node: str) -> None:
    """A mouse click where the node is drawn, once the page has drawn what it was told (a
    resize or a fit settles in the next frames: measured before, the click misses under load)."""
    page.evaluate(FRAMES)
    point = page.evaluate("id => network.canvasToDOM(network.getPosition(id))", node)
    box = page.locator("#g40kg-network canvas").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


@pytest.mark.parametrize("name", list(N.PROJECTIONS))
def test_every_view_is_readable_as_it_opens(browser, rdf: Graph, tmp_path: Path, name: str):
    net = N.project(rdf, name)
    assert net.number_of_nodes() <= 200  # the corpus views are all in the readable range
    watched = watch(browser, views.write_view(net, tmp_path / f"{name}.html"))
    found = watched.page.evaluate(MEASURE)
    assert found["smallest"] >= MIN_PX, found["smallest"]
    assert found["overlaps"] == []
    assert found["edgeLabels"] == 0
    watched.page.evaluate(
        """() => new Promise(done => {
             network.once("afterDrawing", done);
             g40kgView.openClusters();
             network.fit({animation: false});
             network.redraw();
           })"""
    )
    assert watched.page.evaluate(MEASURE)["overlaps"] == []  # opened, still apart
    watched.assert_clean()
    watched.page.close()


def test_the_g40_municipalities_fold_into_a_cluster_that_opens(
    browser, rdf: Graph, tmp_path: Path
) -> None:
    net = N.actor_network(rdf)
    g40 = str(BODY["g40"])
    leaves = sorted(
        n
        for n in net.predecessors(g40)
        if net.nodes[n]["type"] == "municipality" and net.degree(n) == 1
    )
    star = f"star:municipality:{g40}"
    assert EXPECTED["actors_clusters"] == {star: len(leaves)}
    watched = watch(browser, views.write_view(net, tmp_path / "actors.html"))
    page = watched.page
    assert page.evaluate("id => g40kgView.isCluster(id)", star) is True
    members = page.evaluate("id => network.getNodesInCluster(id).sort()", star)
    assert members == leaves
    label = page.evaluate("id => network.body.nodes[id].options.label", star)
    assert label == f"{len(leaves)} municipalities"
    assert "Folded into clusters (click one to open it): 32 municipalities." in page.inner_text(
        "#g40kg-subtitle"
    )
    click_node(page, star)
    assert page.evaluate("id => g40kgView.isCluster(id)", star) is False
    shown = page.evaluate("() => network.body.nodeIndices.length")
    assert shown == net.number_of_nodes()
    # opened, the view shows the cluster's members without shrinking the labels below 12 px
    found = page.evaluate(MEASURE)
    assert found["smallest"] >= MIN_PX, found["smallest"]
    assert found["overlaps"] == []
    in_view = page.evaluate(
        """ids => { const c = network.canvas.frame.canvas;
             return ids.map(id => network.canvasToDOM(network.getPosition(id)))
               .filter(p => p.x >= 0 && p.y >= 0 && p.x <= c.clientWidth && p.y <= c.clientHeight)
               .length; }""",
        leaves,
    )
    assert in_view > 0
    # In a window too small to fit the whole view at a readable size (800×560), opening the
    # cluster still shows its members at 12 px or more instead of re-fitting everything.
    page.evaluate("() => g40kgView.closeClusters()")
    page.set_viewport_size({"width": 800, "height": 560})
    page.evaluate("() => network.fit({animation: false})")
    assert page.evaluate(MEASURE)["smallest"] < MIN_PX  # the whole view would be too small
    click_node(page, star)
    assert page.evaluate("id => g40kgView.isCluster(id)", star) is False
    found = page.evaluate(MEASURE)
    assert found["smallest"] >= MIN_PX, found["smallest"]
    assert found["overlaps"] == []
    page.set_viewport_size({"width": 1400, "height": 900})
    watched.assert_clean()
    page.close()


def test_a_click_on_den_brok_opens_his_panel_and_its_link_leads_to_his_page(
    browser, site: Path
) -> None:
    watched = watch(browser, site / "views" / "actors.html")
    page = watched.page
    nav = page.locator("nav.g40kg-site a").all_inner_texts()
    assert nav[:3] == ["Home", "Queries", "Network views"]
    click_node(page, DEN_BROK)
    panel = page.locator("#g40kg-panel")
    assert panel.is_visible()
    lines = panel_lines(page)
    assert lines[:3] == ["×", "Frank den Brok", "person"]
    assert "voorzitter → pijler Economie en Werk" in lines
    assert "“Frank den Brok (Oss) was al eerder gekozen als voorzitter.”" in lines
    assert "lid → VNG-commissie Economie, Klimaat, Energie en Milieu" in lines
    link = panel.locator("a.page-link")
    assert link.inner_text() == "Open the page of Frank den Brok on the site"
    target = urlsplit(link.get_attribute("href"))
    page_file = (site / "views" / unquote(target.path)).resolve()
    assert page_file == (site / "people" / "frank-den-brok.html").resolve()
    assert page_file.is_file()
    link.click()
    page.wait_for_load_state()
    assert page.url == page_file.as_uri()
    assert page.locator("h1").inner_text() == "Frank den Brok"
    watched.assert_clean()
    page.close()


def test_a_click_on_a_tie_shows_its_evidence(browser, rdf: Graph, tmp_path: Path) -> None:
    watched = watch(browser, views.write_view(N.actor_network(rdf), tmp_path / "actors.html"))
    page = watched.page
    index = page.evaluate(
        """([from, to]) => g40kgView.data.edges.findIndex(
             e => e.from === from && e.to === to && e.role === "voorzitter")""",
        [DEN_BROK, PILLAR],
    )
    page.evaluate("i => { network.selectEdges([i]); }", index)
    point = page.evaluate(
        """i => { const e = network.body.edges[i];
                  return network.canvasToDOM({x: (e.from.x + e.to.x) / 2,
                                              y: (e.from.y + e.to.y) / 2}); }""",
        index,
    )
    box = page.locator("#g40kg-network canvas").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    lines = panel_lines(page)
    assert lines[:3] == ["×", "voorzitter", "Frank den Brok → pijler Economie en Werk"]
    assert "“Frank den Brok (Oss) was al eerder gekozen als voorzitter.”" in lines
    assert page.evaluate("i => g40kgEdges.get(i).label", index) == "voorzitter"
    watched.assert_clean()
    page.close()


def panel_lines(page) -> list[str]:
    return [line for line in page.locator("#g40kg-panel").inner_text().splitlines() if line]


def page_counts_now(page) -> tuple[int, int]:
    return tuple(page.evaluate("() => [g40kgNodes.length, g40kgEdges.length]"))


def visible(page) -> dict[str, int]:
    shown, dashed = page.evaluate("() => [g40kgView.visibleTies(), g40kgView.dashedTies()]")
    return {"certain": shown - dashed, "possible": dashed}


def as_of_counts(rdf: Graph, name: str, window: N.Window) -> dict[str, int]:
    """What `g40kg view NAME --as-of DATE` (or --years) keeps, split by the same rule: a tie
    with no time of its own (a place lies in its town) is kept with what it belongs to."""
    if window.first == window.last:
        net = N.project(rdf, name, as_of=window.first)
    else:
        net = N.project(rdf, name, years=(window.first.year, window.last.year))
    edges = net.edges(keys=True, data=True) if net.is_multigraph() else net.edges(data=True)
    found = {"certain": 0, "possible": 0}
    for *_ends, data in edges:
        state = N.tie_state(data, window) if N.periods(data) else "certain"
        found[state] += 1  # type: ignore[index]
    return found


@pytest.mark.parametrize("name", sorted(EXPECTED["ties_on_date"]))
def test_the_date_control_shows_the_ties_held_then(
    browser, rdf: Graph, tmp_path: Path, name: str
) -> None:
    net = N.project(rdf, name)
    watched = watch(browser, views.write_view(net, tmp_path / f"{name}.html"))
    page = watched.page
    for day, expected in EXPECTED["ties_on_date"][name].items():
        page.fill("#g40kg-date", day)
        assert visible(page) == expected, day
        # the page and --as-of: one rule on the same bounds, the same ties
        assert as_of_counts(rdf, name, N.Window.on(date.fromisoformat(day))) == expected, day
    page.click("#g40kg-alltime")
    assert visible(page) == {"certain": net.number_of_edges(), "possible": 0}
    watched.assert_clean()
    page.close()


def test_the_year_control_and_the_certain_tie(browser, rdf: Graph, tmp_path: Path) -> None:
    net = N.actor_network(rdf)
    watched = watch(browser, views.write_view(net, tmp_path / "actors.html"))
    page = watched.page
    page.locator("#g40kg-year").fill("2024")
    assert page.inner_text("#g40kg-year-text") == "in 2024"
    expected = EXPECTED["ties_in_year"]["actors"]["2024"]
    assert visible(page) == expected
    assert as_of_counts(rdf, "actors", N.Window.years(2024, 2024)) == expected
    tie = EXPECTED["certain_tie"]
    page.fill("#g40kg-date", tie["date"])
    solid = page.evaluate(
        """() => g40kgEdges.get({filter: e => !e.hidden && !e.dashes})
             .map(e => [e.from, e.g40kgRole, e.to])"""
    )
    assert solid == [[tie["from"], tie["role"], tie["to"]]]
    page.fill("#g40kg-date", "2022-10-01")
    click_node(page, DEN_BROK)
    panel = page.locator("#g40kg-panel").inner_text()
    # the reason `as-of` gives: the start's note, since the start may fall after the day
    assert "possibly held (start some day between 2021 and 2022-10)" in panel
    watched.assert_clean()
    page.close()


BOUND_DAYS = ("", "2021-01-01", "2021-06-30", "2021-12-31")
WINDOWS = (("2021-06-30", "2021-06-30"), ("2021-01-01", "2021-01-01"), ("2021-01-01", "2021-12-31"))


def test_the_page_rule_is_the_python_rule(browser, rdf: Graph, tmp_path: Path) -> None:
    """The page script's comparisons give time_bounds.held's answer for every combination of
    bounds (each side open or one of three days, consistent or not) and window."""
    watched = watch(browser, views.write_view(N.actor_network(rdf), tmp_path / "actors.html"))
    cases = [
        [se, el, sl, ee, "", ""]
        for se in BOUND_DAYS
        for el in BOUND_DAYS
        for sl in BOUND_DAYS
        for ee in BOUND_DAYS
    ]
    for first, last in WINDOWS:
        found = watched.page.evaluate(
            "([cases, from, to]) => cases.map(p => g40kgView.held(p, from, to))",
            [cases, first, last],
        )
        window = (date.fromisoformat(first), date.fromisoformat(last))
        assert found == [held(N.bounds_of(p), *window) for p in cases], (first, last)
    watched.assert_clean()
    watched.page.close()


CHAIRS = """
body:raad a g40:Pillar ; rdfs:label "raad" .
person:anna a foaf:Person ; rdfs:label "Anna" .
person:bert a foaf:Person ; rdfs:label "Bert" .
fact:anna-voorzitter a org:Membership ; g40:startDate "2018-03-01"^^xsd:date ;
    g40:endDate "2021"^^xsd:gYear ;
    org:member person:anna ; org:organization body:raad ; org:role role:voorzitter .
fact:bert-voorzitter a org:Membership ; g40:startDate "2021-09-01"^^xsd:date ;
    org:member person:bert ; org:organization body:raad ; org:role role:voorzitter .
"""


def test_a_chair_with_a_stated_start_and_a_successor_is_certain_mid_term(
    browser, tmp_path: Path
) -> None:
    """A fixture project: Anna chairs from 2018-03-01 until some day in 2021, Bert from
    2021-09-01. Mid-term Anna is certain; in 2021 only possible; Bert certain on his first day,
    possible after (his end is open). The page and --as-of agree on each day."""
    root = tmp_path / "project"
    shutil.copytree(HERE.parents[1] / "ontology", root / "ontology")
    (root / "data").mkdir()
    (root / "data" / "chairs.ttl").write_text(turtle_prefixes() + CHAIRS, encoding="utf-8")
    store = open_project(root).store
    net = N.actor_network(store)
    watched = watch(browser, views.write_view(net, tmp_path / "chairs.html"))
    page = watched.page
    expected = {
        "2017-06-01": {},
        "2020-01-01": {"person/anna": "certain"},
        "2021-06-01": {"person/anna": "possible"},
        "2021-09-01": {"person/anna": "possible", "person/bert": "certain"},
        "2022-01-01": {"person/bert": "possible"},
    }
    for day, wanted in expected.items():
        page.fill("#g40kg-date", day)
        shown = page.evaluate(
            """() => g40kgEdges.get({filter: e => !e.hidden})
                 .map(e => [e.from, e.dashes ? "possible" : "certain"])"""
        )
        assert {s.split("/id/")[1]: c for s, c in shown} == wanted, day
        on_day = N.actor_network(store, as_of=date.fromisoformat(day))
        kept = {u.split("/id/")[1]: d["certainty"] for u, _v, d in on_day.edges(data=True)}
        assert kept == wanted, day
    watched.assert_clean()
    page.close()


@pytest.mark.parametrize(
    ("name", "text", "wanted"),
    [
        ("actors", "EKEM", ["VNG-commissie Economie, Klimaat, Energie en Milieu"]),
        ("actors", "ekem", ["VNG-commissie Economie, Klimaat, Energie en Milieu"]),
        ("themes", "VNG", ["Vereniging van Nederlandse Gemeenten"]),
        ("events", "ENQUETE", ["enquête onder de G40-steden (2024)"]),
        ("actors", "Zaandam", []),
    ],
)
def test_search_by_any_name(
    browser, rdf: Graph, tmp_path: Path, name: str, text: str, wanted: list[str]
) -> None:
    net = N.project(rdf, name)
    watched = watch(browser, views.write_view(net, tmp_path / f"{name}.html"))
    page = watched.page
    page.fill("#g40kg-search", text)
    found = "1 node found" if len(wanted) == 1 else f"{len(wanted)} nodes found"
    assert page.locator("#g40kg-found").inner_text() == found
    selected = page.evaluate("() => network.getSelectedNodes()")
    assert sorted(net.nodes[n]["label"] for n in selected) == wanted
    watched.assert_clean()
    page.close()


def test_search_opens_the_cluster_of_what_it_finds(browser, rdf: Graph, tmp_path: Path) -> None:
    net = N.actor_network(rdf)
    watched = watch(browser, views.write_view(net, tmp_path / "actors.html"))
    page = watched.page
    page.fill("#g40kg-search", "Zaanstad")
    assert page.evaluate("() => network.getSelectedNodes()") == [
        "https://identifier.overheid.nl/tooi/id/gemeente/gm0479"
    ]
    star = f"star:municipality:{BODY['g40']}"
    assert page.evaluate("id => g40kgView.isCluster(id)", star) is False
    watched.assert_clean()
    page.close()


def test_role_filter_and_vng_preset_keep_exactly_their_ties(
    browser, rdf: Graph, tmp_path: Path
) -> None:
    net = N.actor_network(rdf)
    watched = watch(browser, views.write_view(net, tmp_path / "actors.html"))
    page = watched.page
    page.select_option("#g40kg-role", "voorzitter")
    chairs = sum(1 for _u, _v, d in net.edges(data=True) if d["role"] == "voorzitter")
    assert chairs == EXPECTED["actors_voorzitter_ties"]
    assert visible(page) == {"certain": chairs, "possible": 0}
    page.select_option("#g40kg-role", "")
    page.click("#g40kg-vng")
    committees = {n for n, d in net.nodes(data=True) if d["unit_of"] == str(BODY["vng"])}
    ties = sum(1 for u, v in net.edges() if v in committees)
    assert ties == EXPECTED["actors_vng_committee_ties"]
    assert visible(page) == {"certain": ties, "possible": 0}
    under = page.evaluate(
        "() => g40kgEdges.get({filter: e => e.g40kgUnit === true}).map(e => [e.from, e.to])"
    )
    with_members = sorted(c for c in committees if net.degree(c) > 0)
    assert sorted(under) == [[c, str(BODY["vng"])] for c in with_members]
    assert len(with_members) == 3  # EKEM, PSI and RWM have members in the corpus
    assert page.inner_text("#g40kg-vng") == "all bodies"
    page.click("#g40kg-vng")
    assert visible(page) == {"certain": net.number_of_edges(), "possible": 0}
    assert page_counts_now(page) == (net.number_of_nodes(), net.number_of_edges())
    watched.assert_clean()
    page.close()


def test_legend_explains_every_channel(browser, rdf: Graph, tmp_path: Path) -> None:
    watched = watch(browser, views.write_view(N.actor_network(rdf), tmp_path / "actors.html"))
    page = watched.page
    page.click("#g40kg-key summary")
    items = page.locator("#g40kg-key li").all_inner_texts()
    assert items == list(views.KEY)
    for channel in ("Colour", "Size", "cluster", "Arrow", "Edge width", "Solid", "Dashed"):
        assert any(channel in item for item in items), channel
    watched.assert_clean()
    page.close()


def test_a_view_too_large_to_lay_out_says_what_it_leaves_out(tmp_path: Path) -> None:
    net = N.new_graph(nx.Graph, "comembership", None)
    for number in range(450):
        net.add_node(f"n{number:03d}", label=f"person {number}", type="person")
    net.add_edges_from((f"n{i:03d}", f"n{i + 1:03d}") for i in range(449))
    data = views.payload(net)
    assert data["laidOut"] is False and data["stars"] == []
    assert views.left_out(data, net) == (
        "450 nodes are too many to lay out with readable labels: zoom in to read them, "
        "or narrow the view with --focus ENTITY, --as-of DATE or --years YYYY."
    )
    page = views.write_view(net, tmp_path / "big.html").read_text("utf-8")
    assert '<span id="g40kg-omitted">450 nodes are too many' in page


def test_view_all_writes_a_screenshot_of_each_view(snapshot: Path, tmp_path: Path) -> None:
    # A process of its own: Playwright's sync API cannot start inside this module's browser.
    out = tmp_path / "views"
    env = {**os.environ, "G40KG_ROOT": str(snapshot), "PYTHONPATH": str(HERE.parent)}
    argv = [sys.executable, "-m", "g40kg.cli", "view", "--all", "-o", str(out), "--screenshots"]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    shots = [out / f"{name}.png" for name in N.PROJECTIONS]
    lines = done.stdout.splitlines()
    assert lines[-len(shots) :] == [f"wrote {shot}" for shot in shots]
    for shot in shots:
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    argv = [sys.executable, "-m", "g40kg.cli", "view", "actors", "--screenshots"]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("--screenshots goes with --all -o DIR")
