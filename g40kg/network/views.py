"""Self-contained, offline HTML views of a networkx projection, drawn with vis-network.

Why not pyvis's own template: it loads Bootstrap (and in some modes vis-network) from a CDN,
and it switches every tooltip to innerHTML as soon as one title contains "href". Here the page
is written from scratch: vis-network's JS and CSS are inlined from the files pyvis ships, a
Content-Security-Policy forbids every fetch, and the data travels as JSON in a non-executed
script element (with <, > and & written as \\u escapes) that the page script reads with
JSON.parse and puts on screen only through textContent and canvas text, never as HTML.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pyvis

from g40kg.project.files import write_atomically

VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
LAYOUT_SEED = 42
MAX_TIES = 8  # ties listed in a node's tooltip before "… and N more"

#: type → (colour, vis-network shape, legend glyph)
STYLES: dict[str, tuple[str, str, str]] = {
    "person": ("#4e79a7", "dot", "●"),
    "municipality": ("#59a14f", "square", "■"),
    "ministry": ("#e15759", "diamond", "◆"),
    "organisation": ("#f28e2b", "hexagon", "⬢"),
    "event": ("#b07aa1", "star", "★"),
    "programme": ("#9c755f", "triangle", "▲"),
    "place": ("#76b7b2", "triangleDown", "▼"),
    "theme": ("#edc948", "box", "▬"),
    "other": ("#9d9d9d", "dot", "●"),
}

# No request to any host, not even file://: scripts and styles are inline, images only data:.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
INDEX_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

VIS_OPTIONS: dict[str, object] = {
    "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": True},
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -70,
            "springLength": 110,
            "springConstant": 0.06,
            "avoidOverlap": 0.3,
        },
        "minVelocity": 0.75,
        "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": False, "multiselect": True},
    "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
    "edges": {
        "font": {"size": 10, "align": "middle", "color": "#3b3b3b", "strokeWidth": 3},
        "color": {"color": "#9aa5b1", "highlight": "#1d3557", "hover": "#1d3557"},
        # "dynamic" would add one physics body per edge: ten times slower to settle.
        "smooth": {"enabled": True, "type": "continuous"},
        "selectionWidth": 2,
    },
}

PAGE_CSS = """
html, body { height: 100%; margin: 0; font-family: sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
header { padding: 8px 14px; border-bottom: 1px solid #ddd; background: #fafafa; }
h1 { font-size: 18px; margin: 0 0 2px 0; }
#g40kg-subtitle { margin: 0 0 6px 0; color: #555; font-size: 13px; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; font-size: 13px; }
#g40kg-search { width: 260px; padding: 3px 6px; }
#g40kg-legend { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 10px; }
#g40kg-legend legend { float: left; margin-right: 6px; color: #555; }
#g40kg-legend label { cursor: pointer; white-space: nowrap; }
.glyph { font-size: 15px; margin: 0 3px 0 2px; }
#g40kg-network { flex: 1; min-height: 300px; }
div.vis-tooltip { font-family: sans-serif; max-width: 460px; white-space: normal; }
div.vis-tooltip { font-size: 12px; line-height: 1.35; }
.tip-head { font-weight: bold; font-size: 13px; }
.tip-meta { color: #555; }
.tip-tie { margin-top: 4px; }
.tip-quote { font-style: italic; margin-top: 3px; }
.tip-src { color: #555; }
p.g40kg-empty { padding: 20px; color: #555; }
"""

# The page script: reads the JSON payload and builds every piece of text with textContent.
APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("g40kg-data").textContent);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function tooltip(lines) {
    var box = el("div", "g40kg-tip");
    lines.forEach(function (line) { box.appendChild(el("div", "tip-" + line[0], line[1])); });
    return box;
  }
  function style(type) { return data.styles[type] || data.styles.other; }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var s = style(n.type);
    return {
      id: n.id, label: n.label, shape: s.shape, size: n.size, g40kgType: n.type,
      color: {background: s.color, border: "#333333",
              highlight: {background: s.color, border: "#000000"},
              hover: {background: s.color, border: "#000000"}},
      title: tooltip(n.tip)
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return {
      id: i, from: e.from, to: e.to, label: e.label, width: e.width, smooth: e.smooth,
      arrows: data.directed ? "to" : "", title: tooltip(e.tip)
    };
  }));

  var container = document.getElementById("g40kg-network");
  var network = new vis.Network(container, {}, data.options);
  window.network = network;
  window.g40kgNodes = nodes;
  window.g40kgEdges = edges;
  function ready() {
    network.setOptions({physics: {enabled: false}});
    window.g40kgReady = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (data.nodes.length === 0) {
    container.appendChild(el("p", "g40kg-empty", "Nothing to show: this network has no nodes."));
    ready();
  } else {
    network.once("stabilizationIterationsDone", ready);
    network.setData({nodes: nodes, edges: edges});
  }

  // Legend and type filter: one checkbox per type present.
  var legend = document.getElementById("g40kg-legend");
  data.types.forEach(function (t) {
    var s = style(t.type);
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = t.type;
    box.setAttribute("data-type", t.type);
    box.addEventListener("change", function () {
      var hidden = !box.checked;
      nodes.update(nodes.getIds({filter: function (n) { return n.g40kgType === t.type; }})
        .map(function (id) { return {id: id, hidden: hidden}; }));
    });
    var glyph = el("span", "glyph", s.glyph);
    glyph.style.color = s.color;
    label.appendChild(box);
    label.appendChild(glyph);
    label.appendChild(document.createTextNode(t.type + " (" + t.count + ")"));
    legend.appendChild(label);
  });

  // Search: select and show the nodes whose label contains the text.
  var search = document.getElementById("g40kg-search");
  var found = document.getElementById("g40kg-found");
  var list = document.getElementById("g40kg-labels");
  data.nodes.map(function (n) { return n.label; }).sort().forEach(function (label) {
    var option = el("option");
    option.value = label;
    list.appendChild(option);
  });
  function runSearch() {
    var text = search.value.trim().toLowerCase();
    if (!text) { network.unselectAll(); found.textContent = ""; return; }
    var ids = nodes.getIds({filter: function (n) {
      return !n.hidden && n.label.toLowerCase().indexOf(text) !== -1;
    }});
    network.selectNodes(ids);
    found.textContent = ids.length + (ids.length === 1 ? " node found" : " nodes found");
    if (ids.length === 1) {
      network.focus(ids[0], {scale: 1.3, animation: false});
    } else if (ids.length > 1) {
      network.fit({nodes: ids, animation: false});
    }
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { runSearch(); }
  });
})();
"""


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the pyvis package, checked safe to inline."""
    js_path, css_path = VIS_DIR / "vis-network.min.js", VIS_DIR / "vis-network.css"
    for path in (js_path, css_path):
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: reinstall pyvis (pip install pyvis)")
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js_path.read_text(encoding="utf-8"), flags=re.M)
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css_path.read_text(encoding="utf-8"))
    if "</script" in js.lower() or "</style" in css.lower():
        raise ValueError(f"{VIS_DIR} cannot be inlined: it contains a closing tag")
    return js, css


def script_json(value: object) -> str:
    """JSON that cannot end its <script> element or open a comment inside it."""
    return _script_safe(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _script_safe(text: str) -> str:
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def script_json_chunks(value: object, depth: int = 2) -> Iterator[str]:
    """script_json(value) in pieces: the outer `depth` levels of dicts and lists by hand, each
    element inside with json.dumps. Why: a view of a million ties is half a gigabyte of JSON,
    and one string of it plus its escaped copies took 4 GB; the pieces are written as made."""
    if depth and isinstance(value, dict):
        yield "{"
        for number, (key, item) in enumerate(value.items()):
            yield ("," if number else "") + script_json(str(key)) + ":"
            yield from script_json_chunks(item, depth - 1)
        yield "}"
    elif depth and isinstance(value, list | tuple | Iterator):
        yield "["
        for number, item in enumerate(value):
            if number:
                yield ","
            yield from script_json_chunks(item, depth - 1)
        yield "]"
    else:
        yield script_json(value)


def _evidence_lines(evidence: object, seen: set[tuple[str, str]]) -> list[list[str]]:
    lines: list[list[str]] = []
    for title, quote_text in evidence or ():
        if (title, quote_text) in seen:
            continue
        seen.add((title, quote_text))
        if quote_text:
            lines += [["quote", f"“{quote_text}”"], ["src", f"— {title}"]]
        elif title:
            lines.append(["src", f"source: {title}"])
    return lines


def _type_text(data: dict) -> str:
    kind, subtype = data.get("type", "other"), data.get("subtype", "")
    return f"{kind} ({subtype})" if subtype and subtype != kind else kind


def _incident(net: nx.Graph, node: str) -> list[tuple[str, str, dict]]:
    """(arrow, other node, edge data) for every edge touching node, in a stable order."""
    if net.is_directed():
        ties = [("→", v, d) for _u, v, d in net.out_edges(node, data=True)]
        ties += [("←", u, d) for u, _v, d in net.in_edges(node, data=True)]
    else:
        ties = [("—", v, d) for _u, v, d in net.edges(node, data=True)]
    return sorted(ties, key=lambda t: (t[2].get("role", ""), net.nodes[t[1]]["label"], t[0]))


def node_tooltip(net: nx.Graph, node: str) -> list[list[str]]:
    """Label, type, time, own quotes, then the node's ties with their quotes and documents."""
    data = net.nodes[node]
    lines = [["head", data["label"]], ["meta", _type_text(data)]]
    if data.get("time"):
        lines.append(["meta", f"time: {data['time']}"])
    seen: set[tuple[str, str]] = set()
    lines += _evidence_lines(data.get("evidence"), seen)
    ties = _incident(net, node)
    if ties:
        lines.append(["meta", f"ties: {len(ties)}"])
    for arrow, other, edge in ties[:MAX_TIES]:
        when = f" ({edge['time']})" if edge.get("time") else ""
        lines.append(["tie", f"{edge.get('role', '')} {arrow} {net.nodes[other]['label']}{when}"])
        lines += _evidence_lines(edge.get("evidence"), seen)
    if len(ties) > MAX_TIES:
        lines.append(["meta", f"… and {len(ties) - MAX_TIES} more ties"])
    return lines


def edge_tooltip(net: nx.Graph, u: str, v: str, data: dict) -> list[list[str]]:
    """Role, the two ends, time, basis and the quotes with their documents."""
    arrow = "→" if net.is_directed() else "—"
    lines = [
        ["head", data.get("role", "")],
        ["meta", f"{net.nodes[u]['label']} {arrow} {net.nodes[v]['label']}"],
    ]
    for key, name in (
        ("time", "time"),
        ("via", "via"),
        ("weight", "shared bodies"),
        ("basis", "basis"),
    ):
        if data.get(key) not in (None, ""):
            lines.append(["meta", f"{name}: {data[key]}"])
    return lines + _evidence_lines(data.get("evidence"), set())


def parallel_curve(index: int, flipped: bool) -> dict[str, object]:
    """A curve for the index-th extra edge between two nodes, so parallel ties stay apart."""
    clockwise = (index % 2 == 1) != flipped
    return {
        "enabled": True,
        "type": "curvedCW" if clockwise else "curvedCCW",
        "roundness": round(0.25 * ((index + 1) // 2), 2),
    }


def payload(net: nx.Graph, lazy_edges: bool = False) -> dict[str, object]:
    """Everything the page script needs, as plain JSON values (lazy_edges: the edges as an
    iterator, made while they are written: the largest part of a big view never sits whole
    in memory)."""
    degree = dict(net.degree())
    nodes = [
        {
            "id": node,
            "label": data["label"],
            "type": data.get("type", "other"),
            "size": round(min(40.0, 10 + 4 * math.sqrt(degree[node])), 1),
            "tip": node_tooltip(net, node),
        }
        for node, data in sorted(net.nodes(data=True), key=lambda item: item[0])
    ]
    edges = _edges(net)
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node["type"]] = counts.get(node["type"], 0) + 1
    return {
        "directed": net.is_directed(),
        "options": VIS_OPTIONS,
        "styles": {t: {"color": c, "shape": s, "glyph": g} for t, (c, s, g) in STYLES.items()},
        "types": [{"type": t, "count": counts[t]} for t in STYLES if t in counts],
        "nodes": nodes,
        "edges": edges if lazy_edges else list(edges),
    }


def _edges(net: nx.Graph) -> Iterator[dict[str, object]]:
    parallel: dict[tuple[str, str], int] = {}
    for u, v, data in net.edges(data=True):
        pair = (min(u, v), max(u, v))
        index = parallel[pair] = parallel.get(pair, -1) + 1
        edge = {
            "from": u,
            "to": v,
            "label": data.get("role", ""),
            "width": 1 + int(data.get("weight", 1)) if "weight" in data else 1,
            "tip": edge_tooltip(net, u, v, data),
        }
        if index:
            edge["smooth"] = parallel_curve(index, flipped=u > v)
        yield edge


def subtitle(net: nx.Graph) -> str:
    parts = [net.graph.get("description", ""), f"{net.number_of_nodes()} nodes"]
    parts[-1] += f", {net.number_of_edges()} edges"
    if net.graph.get("window"):
        parts.append(net.graph["window"])
    return " · ".join(p for p in parts if p)


def view_html(net: nx.Graph) -> str:
    """One HTML page that draws net without any request to another host."""
    return "".join(view_chunks(net))


def view_chunks(net: nx.Graph) -> Iterator[str]:
    """view_html(net) in pieces, the data payload a piece per node and edge."""
    js, css = vis_assets()
    title = html.escape(net.graph.get("title") or "g40kg network")
    yield from [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{title}</title>\n<style>\n{css}\n</style>\n<style>{PAGE_CSS}</style>\n",
        "</head>\n<body>\n<header>\n",
        f'<h1 id="g40kg-title">{title}</h1>\n',
        f'<p id="g40kg-subtitle">{html.escape(subtitle(net))}</p>\n',
        '<div class="controls">\n<label for="g40kg-search">Search</label>\n',
        '<input id="g40kg-search" type="search" list="g40kg-labels" autocomplete="off" ',
        'placeholder="part of a name">\n<datalist id="g40kg-labels"></datalist>\n',
        '<span id="g40kg-found" aria-live="polite"></span>\n',
        '<fieldset id="g40kg-legend"><legend>Show types:</legend></fieldset>\n',
        "</div>\n</header>\n",
        '<main id="g40kg-network"></main>\n',
        '<script type="application/json" id="g40kg-data">',
    ]
    yield from script_json_chunks(payload(net, lazy_edges=True))
    yield "</script>\n"
    yield f"<script>\n{js}\n</script>\n<script>{APP_JS}</script>\n</body>\n</html>\n"


def write_view(net: nx.Graph, path: Path) -> Path:
    """Write the page piece by piece (never whole in memory, never half-written)."""
    path = Path(path)
    write_atomically(path, view_chunks(net))
    return path


@dataclass(frozen=True)
class IndexEntry:
    """One view listed on the index page."""

    file: str
    title: str
    description: str
    nodes: int
    edges: int


def index_html(
    entries: list[IndexEntry], window: str = "", skipped: dict[str, str] | None = None
) -> str:
    """A plain page linking the views, with their sizes, and why a view is missing."""
    items = "".join(
        f'<li><a href="{html.escape(quote(e.file))}">{html.escape(e.title)}</a> '
        f"<span>{html.escape(e.description)} · {e.nodes} nodes, {e.edges} edges</span></li>\n"
        for e in entries
    ) + "".join(
        f"<li>{html.escape(name)}: not drawn <span>({html.escape(why)})</span></li>\n"
        for name, why in (skipped or {}).items()
    )
    note = f"<p>{html.escape(window)}</p>\n" if window else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{INDEX_CSP}">\n'
        "<title>g40kg network views</title>\n"
        "<style>body{font-family:sans-serif;margin:24px;} li{margin:6px 0;} "
        "span{color:#555;}</style>\n</head>\n<body>\n"
        "<h1>g40kg network views</h1>\n"
        f"{note}<ul>\n{items}</ul>\n</body>\n</html>\n"
    )


def write_site(
    folder: Path, graphs: dict[str, nx.Graph], skipped: dict[str, str] | None = None
) -> list[Path]:
    """Every view as NAME.html plus index.html linking them; returns the files written.

    skipped: views not drawn (name -> why), listed on the index page instead."""
    written: list[Path] = []
    entries: list[IndexEntry] = []
    for name, net in graphs.items():
        written.append(write_view(net, folder / f"{name}.html"))
        entries.append(
            IndexEntry(
                f"{name}.html",
                net.graph.get("title", name),
                net.graph.get("description", ""),
                net.number_of_nodes(),
                net.number_of_edges(),
            )
        )
    windows = {net.graph.get("window", "") for net in graphs.values()}
    index = folder / "index.html"
    write_atomically(
        index, index_html(entries, windows.pop() if len(windows) == 1 else "", skipped)
    )
    return [*written, index]
