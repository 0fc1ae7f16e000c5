"""The HTML views in a real browser: Debian's headless Chromium driven by Playwright.

These tests never skip: without /usr/bin/chromium or Playwright for Python they fail with the
install hint. Each page must render the networkx graph's exact node and edge counts, log no
console error, request nothing but its own file:// URL, and show text from the data literally
(hostile labels and quotes included) without running any of it.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from chromium import Watched, chromium_context, open_watched
from rdflib import Graph

from g40kg.cli import main
from g40kg.network import projections as N
from g40kg.network import views
from g40kg.network.layout import display_label
from g40kg.project.namespaces import BODY, PERSON, turtle_prefixes

TURTLE_PREFIXES = turtle_prefixes()

REPO = Path(__file__).resolve().parents[2]
READY = 'body[data-ready="true"]'
DEN_BROK = str(PERSON["frank-den-brok"])
PILLAR = str(BODY["g40-pijler-economie-en-werk"])
ALMERE_TITLE = "Pijler Economie en Werk van start in Almere"
DEN_BROK_QUOTE = "Frank den Brok (Oss) was al eerder gekozen als voorzitter."

HOSTILE_LABEL = "<img src=x onerror=alert(1)>"
HOSTILE_BODY = "R&amp;D <b>vet</b> \"dubbel\" 'enkel'"
HOSTILE_ROLE = "<svg onload=alert(5)>"
HOSTILE_TITLE = "</script><script>alert(3)</script>"
HOSTILE_QUOTE = '<script>alert(1)</script> <a href="javascript:alert(2)">klik</a> & co'
HOSTILE_TTL = (
    TURTLE_PREFIXES
    + r"""

person:hostile-test a foaf:Person ;
    rdfs:label "<img src=x onerror=alert(1)>" .

body:hostile-body a g40:Committee ;
    rdfs:label "R&amp;D <b>vet</b> \"dubbel\" 'enkel'" .

role:hostile-rol a org:Role , skos:Concept ;
    skos:prefLabel "<svg onload=alert(5)>"@nl .

src:hostile-doc a g40:Source ;
    dcterms:title "</script><script>alert(3)</script>" .

ann:hostile-quote a oa:Annotation ;
    oa:hasTarget [
        oa:hasSource src:hostile-doc ;
        oa:hasSelector [
            a oa:TextQuoteSelector ;
            oa:exact "<script>alert(1)</script> <a href=\"javascript:alert(2)\">klik</a> & co"
        ]
    ] .

fact:hostile-mandate a org:Membership ;
    g40:date "2022"^^xsd:gYear ;
    org:member person:hostile-test ;
    org:organization body:hostile-body ;
    org:role role:hostile-rol ;
    prov:wasDerivedFrom ann:hostile-quote .
"""
)


def copy_project(root: Path) -> Path:
    for folder in ("ontology", "data"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One headless Chromium (Debian's, never a downloaded one) with a fresh profile."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    with chromium_context(profile, viewport={"width": 1400, "height": 900}) as context:
        yield context


def watch(context, path: Path) -> Watched:
    """Open path and wait until the network has stabilised and physics is off."""
    watched = open_watched(context, path.as_uri())
    watched.page.wait_for_selector(READY, state="attached", timeout=60_000)
    return watched


def page_counts(page) -> tuple[int, int]:
    nodes, edges = page.evaluate(
        "() => [network.body.data.nodes.length, network.body.data.edges.length]"
    )
    return nodes, edges


def positions(page) -> dict[str, tuple[float, float]]:
    found = page.evaluate("() => network.getPositions()")
    return {node: (round(p["x"], 3), round(p["y"], 3)) for node, p in found.items()}


def hover(page, node: str) -> str:
    """Move the mouse onto node (opening its cluster if it is folded) and return the tooltip."""
    page.evaluate("id => g40kgView.reveal(id)", node)
    page.evaluate("id => network.focus(id, {scale: 1.5, animation: false})", node)
    point = page.evaluate("id => network.canvasToDOM(network.getPosition(id))", node)
    box = page.locator("#g40kg-network canvas").bounding_box()
    page.mouse.move(box["x"] + point["x"] - 30, box["y"] + point["y"] - 30)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=5)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    return tooltip.inner_text()


def busiest(net: nx.Graph) -> str:
    return max(sorted(net.nodes), key=lambda n: net.degree(n))


@pytest.mark.parametrize("name", list(N.PROJECTIONS))
def test_view_renders_the_graph_offline(browser, rdf: Graph, tmp_path: Path, name: str) -> None:
    net = N.project(rdf, name)
    path = views.write_view(net, tmp_path / f"{name}.html")
    watched = watch(browser, path)
    page = watched.page
    assert page_counts(page) == (net.number_of_nodes(), net.number_of_edges())
    before = positions(page)
    page.wait_for_timeout(400)
    assert positions(page) == before, "physics kept moving nodes after stabilisation"
    assert page.evaluate("() => [window.g40kgReady, network.physics.options.enabled]") == [
        True,
        False,
    ]
    types = Counter(d["type"] for _n, d in net.nodes(data=True))
    legend = page.locator("#g40kg-legend label").all_inner_texts()
    expected = [f"{views.STYLES[t][2]}{t} ({types[t]})" for t in views.STYLES if t in types]
    assert [text.strip() for text in legend] == expected
    node = busiest(net)
    lines = hover(page, node).splitlines()
    assert lines[0] == net.nodes[node]["label"]
    assert lines[1].startswith(net.nodes[node]["type"])
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    watched.assert_clean()
    page.close()


@pytest.mark.parametrize("size", [0, 1])
def test_empty_and_single_node_views_get_ready(
    browser, rdf: Graph, tmp_path: Path, size: int
) -> None:
    if size == 0:
        net = N.actor_network(Graph())
    else:
        net = N.ego_network(N.actor_network(rdf), DEN_BROK, 0)
    assert net.number_of_nodes() == size
    watched = watch(browser, views.write_view(net, tmp_path / "tiny.html"))
    assert page_counts(watched.page) == (size, 0)
    empty_note = watched.page.locator("p.g40kg-empty")
    assert empty_note.count() == (1 if size == 0 else 0)
    watched.assert_clean()
    watched.page.close()


def test_actor_view_tooltips_carry_role_time_quote_and_document(
    browser, rdf: Graph, tmp_path: Path
) -> None:
    net = N.actor_network(rdf)
    watched = watch(browser, views.write_view(net, tmp_path / "actors.html"))
    page = watched.page
    text = hover(page, DEN_BROK)
    lines = text.splitlines()
    assert lines[:2] == ["Frank den Brok", "person"]
    assert "voorzitter → pijler Economie en Werk (between 2022-09-20 and 2022-10)" in lines
    assert f"“{DEN_BROK_QUOTE}”" in lines
    assert f"— {ALMERE_TITLE}" in lines
    edges = page.evaluate(
        """([from, to]) => window.g40kgEdges.get({filter: e => e.from === from && e.to === to})
            .map(e => [e.g40kgRole, e.title.textContent])""",
        [DEN_BROK, PILLAR],
    )
    chair = [tip for label, tip in edges if label == "voorzitter"]
    assert len(chair) == 1
    assert "between 2022-09-20 and 2022-10" in chair[0]
    assert DEN_BROK_QUOTE in chair[0] and ALMERE_TITLE in chair[0]
    watched.assert_clean()
    page.close()


def test_search_box_and_type_filter(browser, rdf: Graph, tmp_path: Path) -> None:
    net = N.actor_network(rdf)
    watched = watch(browser, views.write_view(net, tmp_path / "actors.html"))
    page = watched.page
    page.fill("#g40kg-search", "den brok")
    assert page.locator("#g40kg-found").inner_text() == "1 node found"
    assert page.evaluate("() => network.getSelectedNodes()") == [DEN_BROK]
    people = sum(1 for _n, d in net.nodes(data=True) if d["type"] == "person")
    hidden = "() => window.g40kgNodes.get({filter: n => n.hidden === true}).length"
    page.uncheck('input[data-type="person"]')
    assert page.evaluate(hidden) == people > 0
    assert page_counts(page) == (net.number_of_nodes(), net.number_of_edges())
    page.check('input[data-type="person"]')
    assert page.evaluate(hidden) == 0
    page.fill("#g40kg-search", "")
    assert page.evaluate("() => network.getSelectedNodes()") == []
    watched.assert_clean()
    page.close()


def test_same_input_gives_the_same_file_and_layout(browser, rdf: Graph, tmp_path: Path) -> None:
    first = views.write_view(N.event_graph(rdf), tmp_path / "a.html")
    second = views.write_view(N.event_graph(rdf), tmp_path / "b.html")
    assert first.read_bytes() == second.read_bytes()
    layouts = []
    for path in (first, second):
        watched = watch(browser, path)
        layouts.append(positions(watched.page))
        watched.assert_clean()
        watched.page.close()
    assert layouts[0] == layouts[1]


class TagCollector(HTMLParser):
    """Every start tag with its attributes (script content is not parsed as tags)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_page_has_nothing_to_fetch(rdf: Graph, tmp_path: Path) -> None:
    text = views.write_view(N.actor_network(rdf), tmp_path / "actors.html").read_text("utf-8")
    parser = TagCollector()
    parser.feed(text)
    fetching = {"src", "href", "srcset", "action", "data", "poster", "background"}
    assert [(t, a) for t, a in parser.tags if fetching & set(a)] == []
    assert not {t for t, _a in parser.tags} & {"link", "img", "iframe", "object", "embed", "base"}
    scripts = [a for t, a in parser.tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": "g40kg-data"}, {}, {}]
    csp = [a["content"] for t, a in parser.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp == [views.CSP] and "default-src 'none'" in views.CSP
    assert "@version 9.1.2" in text and "sourceMappingURL" not in text


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    (root / "data" / "annotations" / "999_hostile.ttl").write_text(HOSTILE_TTL, encoding="utf-8")
    return root


def test_hostile_text_is_shown_literally_and_never_run(
    browser, hostile_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("G40KG_ROOT", str(hostile_project))
    out = tmp_path / "hostile.html"
    argv = ["view", "actors", "--focus", "person:hostile-test", "-o", str(out)]
    assert main(argv) == 0
    raw = out.read_text("utf-8")
    for payload in (HOSTILE_LABEL, HOSTILE_ROLE, HOSTILE_TITLE, "<script>alert(1)", "<b>vet"):
        assert payload not in raw
    watched = watch(browser, out)
    page = watched.page
    assert page_counts(page) == (2, 1)
    assert page.locator("h1").inner_text() == f"Actor network around {HOSTILE_LABEL} (radius 1)"
    assert page.title() == f"Actor network around {HOSTILE_LABEL} (radius 1)"
    lines = hover(page, str(PERSON["hostile-test"])).splitlines()
    assert lines[:2] == [HOSTILE_LABEL, "person"]
    assert f"{HOSTILE_ROLE} → {HOSTILE_BODY} (2022)" in lines
    assert f"“{HOSTILE_QUOTE}”" in lines
    assert f"— {HOSTILE_TITLE}" in lines
    edge = page.evaluate("() => window.g40kgEdges.get()[0]")
    assert edge["g40kgRole"] == HOSTILE_ROLE
    assert "label" not in edge  # edge labels are drawn on hover and selection only
    labels = page.evaluate("() => network.body.data.nodes.get().map(n => n.label).sort()")
    assert labels == sorted(display_label(t) for t in (HOSTILE_LABEL, HOSTILE_BODY))
    names = page.evaluate("() => g40kgView.data.nodes.map(n => n.name).sort()")
    assert names == sorted([HOSTILE_LABEL, HOSTILE_BODY])
    options = page.locator("#g40kg-labels option").evaluate_all("os => os.map(o => o.value)")
    assert sorted(options) == sorted([HOSTILE_LABEL, HOSTILE_BODY])
    page.fill("#g40kg-search", "<img")
    assert page.locator("#g40kg-found").inner_text() == "1 node found"
    for selector in ("img", "svg", "a", "b", "iframe", "object"):
        assert page.locator(selector).count() == 0, selector
    assert page.locator("script").count() == 3
    assert page.evaluate("() => window.g40kgReady") is True
    page.screenshot(path=str(tmp_path / "hostile.png"))
    watched.assert_clean()
    page.close()


def test_view_all_writes_every_view_and_a_working_index(
    browser, snapshot: Path, rdf: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("G40KG_ROOT", str(snapshot))
    site = tmp_path / "site"
    assert main(["view", "--all", "-o", str(site)]) == 0
    names = list(N.PROJECTIONS)
    expected = [site / f"{name}.html" for name in names] + [site / "index.html"]
    assert capsys.readouterr().out.splitlines() == [f"wrote {path}" for path in expected]
    assert sorted(p.name for p in site.iterdir()) == sorted(p.name for p in expected)
    parser = TagCollector()
    parser.feed((site / "index.html").read_text("utf-8"))
    assert [a["href"] for t, a in parser.tags if t == "a"] == [f"{name}.html" for name in names]
    watched = watch_index(browser, site / "index.html")
    page = watched.page
    page.click(f"text={N.PROJECTIONS['actors'].title}")
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    assert page.url == (site / "actors.html").as_uri()
    actors = N.actor_network(rdf)
    assert page_counts(page) == (actors.number_of_nodes(), actors.number_of_edges())
    watched.assert_clean()
    page.close()


def watch_index(context, path: Path) -> Watched:
    """Like watch(), for the index page, which has no network to wait for."""
    return open_watched(context, path.as_uri())
