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
import importlib.util
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

import networkx as nx

from g40kg.network.layout import FONT_SIZE, MIN_LABEL_PX, display_label, kept_layout, node_size
from g40kg.network.page_script import APP_JS, KEY, PAGE_CSS
from g40kg.network.projections import periods
from g40kg.project.cache import Kept
from g40kg.project.files import write_atomically

# pyvis's folder, found without importing pyvis (its import loads IPython: a quarter second).
_PYVIS = importlib.util.find_spec("pyvis")
VIS_DIR = (
    Path(
        (_PYVIS.submodule_search_locations or [""])[0] if _PYVIS else "pyvis-not-installed"
    ).resolve()
    / "lib"
    / "vis-9.1.2"
)
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

#: Views with more nodes are drawn by physics, without the fixed layout (and say so).
MAX_LAYOUT_NODES = 5000
#: Words for the kinds of tie, from the start of an edge's key in the projections.
TIE_KINDS = {
    "membership": "mandate",
    "participation": "participation",
    "organizer": "organiser",
    "sdo:organizer": "organiser",
    "subject": "subject",
    "sdo:location": "location",
    "sdo:superEvent": "part of",
    "containedInPlace": "located in",
}
#: Kinds of tie that hold at any time (a place lies in its town): shown with what they belong to.
TIMELESS = frozenset({"located in"})
LAID_OUT_OPTIONS: dict[str, object] = {
    "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
    "physics": {"enabled": False},
    "interaction": {
        "hover": True,
        "tooltipDelay": 120,
        "keyboard": False,
        "multiselect": True,
        "zoomView": True,
    },
    "nodes": {"font": {"size": FONT_SIZE, "face": "sans-serif"}, "borderWidth": 1},
    "edges": {
        "font": {"size": 12, "align": "middle", "color": "#3b3b3b", "strokeWidth": 3},
        "color": {"color": "#9aa5b1", "highlight": "#1d3557", "hover": "#1d3557"},
        "smooth": {"enabled": False},
        "selectionWidth": 2,
        "arrows": {"to": {"scaleFactor": 0.6}},
    },
}

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


def payload(
    net: nx.Graph,
    lazy_edges: bool = False,
    pages: dict[str, str] | None = None,
    kept: Kept | None = None,
) -> dict[str, object]:
    """Everything the page script needs, as plain JSON values (lazy_edges: the edges as an
    iterator, made while they are written: the largest part of a big view never sits whole
    in memory). pages: node IRI → relative link to its page on the site; kept: where the
    project keeps what it computed for these inputs (the layout)."""
    degree = dict(net.degree())
    ordered = sorted(net.nodes(data=True), key=lambda item: item[0])
    drawn = {n: display_label(str(d.get("short") or d["label"])) for n, d in ordered}
    sizes = {n: node_size(degree[n]) for n, _d in ordered}
    shapes = {n: STYLES.get(d.get("type", "other"), STYLES["other"])[1] for n, d in ordered}
    found = kept_layout(kept, net, drawn, sizes, shapes) if len(net) <= MAX_LAYOUT_NODES else None
    nodes = []
    for node, data in ordered:
        item: dict[str, object] = {
            "id": node,
            "label": drawn[node] if found else data["label"],
            "name": data["label"],
            "short": data.get("short", ""),
            "names": list(data.get("names", ())),
            "type": data.get("type", "other"),
            "typeText": _type_text(data),
            "unitOf": data.get("unit_of", ""),
            "time": data.get("time", ""),
            "size": sizes[node] if found else round(min(40.0, 10 + 4 * math.sqrt(degree[node])), 1),
            "tip": node_tooltip(net, node),
        }
        if pages and node in pages:
            item["page"] = pages[node]
        if found:
            item["x"], item["y"] = found.positions[node]
        nodes.append(item)
    edges = _edges(net)
    counts: dict[str, int] = {}
    for node in nodes:
        counts[str(node["type"])] = counts.get(str(node["type"]), 0) + 1
    roles, kinds, years = _edge_facets(net)
    vng = [n for n in net if n.endswith("/org/vng")]
    committees = any(d.get("unit_of", "") in vng for _n, d in net.nodes(data=True))
    return {
        "directed": net.is_directed(),
        "options": LAID_OUT_OPTIONS if found else VIS_OPTIONS,
        "laidOut": found is not None,
        "labelPx": found.label_px if found else 0,
        # the smallest zoom at which a node label is drawn at MIN_LABEL_PX CSS px (rounded up)
        "minScale": math.ceil(1000 * MIN_LABEL_PX / FONT_SIZE) / 1000 if found else 0,
        "stars": [
            {
                "id": star.id,
                "label": star.label,
                "type": star.type,
                "size": star.size,
                "x": star.x,
                "y": star.y,
                "members": star.members,
            }
            for star in (found.stars if found else [])
        ],
        "styles": {t: {"color": c, "shape": s, "glyph": g} for t, (c, s, g) in STYLES.items()},
        "types": [{"type": t, "count": counts[t]} for t in STYLES if t in counts],
        "roles": roles,
        "kinds": kinds,
        "years": years,
        "vng": vng[0] if vng and committees else "",
        "nodes": nodes,
        "edges": edges if lazy_edges else list(edges),
    }


def tie_kind(net: nx.Graph, key: object) -> str:
    """The kind of a tie in words (mandate, participation, organiser …)."""
    if net.graph.get("name") == "comembership":
        return "shared body"
    if not net.is_multigraph():
        return "mandate"
    return TIE_KINDS.get(str(key).split(" ", 1)[0], "other")


def edge_roles(net: nx.Graph, data: dict) -> list[str]:
    separator = "; " if net.graph.get("name") == "comembership" else ", "
    role = str(data.get("role", ""))
    return sorted(set(role.split(separator))) if role else []


def _edge_facets(net: nx.Graph) -> tuple[list[str], list[str], list[int] | None]:
    """The roles and kinds of tie for the filters, and the first and last year of any period."""
    roles: set[str] = set()
    kinds: set[str] = set()
    days: set[str] = set()
    for *_ends, key, data in _edge_items(net):
        roles.update(edge_roles(net, data))
        kinds.add(tie_kind(net, key))
        for period in periods(data):
            days.update(day for day in period[:4] if day)
    years = [int(min(days)[:4]), int(max(days)[:4])] if days else None
    return sorted(roles), sorted(kinds), years


def _edge_items(net: nx.Graph) -> Iterator[tuple[str, str, object, dict]]:
    if net.is_multigraph():
        yield from net.edges(keys=True, data=True)
    else:
        yield from ((u, v, None, d) for u, v, d in net.edges(data=True))


def _edges(net: nx.Graph) -> Iterator[dict[str, object]]:
    parallel: dict[tuple[str, str], int] = {}
    for u, v, key, data in _edge_items(net):
        pair = (min(u, v), max(u, v))
        index = parallel[pair] = parallel.get(pair, -1) + 1
        edge = {
            "from": u,
            "to": v,
            "role": data.get("role", ""),
            "roles": edge_roles(net, data),
            "kind": tie_kind(net, key),
            "time": data.get("time", ""),
            "t": periods(data),
            "timeless": tie_kind(net, key) in TIMELESS,
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


@dataclass(frozen=True)
class SiteLinks:
    """For views written into the report site: the site's menu and each node's page, as links
    relative to the views folder."""

    nav: tuple[tuple[str, str], ...] = ()
    pages: dict[str, str] | None = None


def left_out(data: dict[str, object], net: nx.Graph) -> str:
    """What the view does not show at first sight, and how to see it."""
    stars = data["stars"]
    if not data["laidOut"] and len(net):
        return (
            f"{len(net)} nodes are too many to lay out with readable labels: zoom in to read "
            "them, or narrow the view with --focus ENTITY, --as-of DATE or --years YYYY."
        )
    if stars:
        folded = ", ".join(str(s["label"]) for s in stars)  # type: ignore[attr-defined]
        return f"Folded into clusters (click one to open it): {folded}."
    return ""


def view_html(net: nx.Graph, links: SiteLinks | None = None, kept: Kept | None = None) -> str:
    """One HTML page that draws net without any request to another host."""
    return "".join(view_chunks(net, links, kept))


def _controls(data: dict[str, object]) -> list[str]:
    key = "".join(f"<li>{html.escape(line)}</li>" for line in KEY)
    return [
        '<div class="controls">\n<label for="g40kg-search">Search</label>\n',
        '<input id="g40kg-search" type="search" list="g40kg-labels" autocomplete="off" ',
        'placeholder="any name or abbreviation">\n<datalist id="g40kg-labels"></datalist>\n',
        '<span id="g40kg-found" aria-live="polite"></span>\n',
        '<span id="g40kg-time"><label for="g40kg-date">Date</label> ',
        '<input id="g40kg-date" type="date"> <label for="g40kg-year">or year</label> ',
        '<input id="g40kg-year" type="range" step="1"> <span id="g40kg-year-text">all times',
        '</span> <button id="g40kg-alltime" type="button">all times</button></span>\n',
        '<select id="g40kg-role" aria-label="role"></select>\n',
        '<select id="g40kg-kind" aria-label="kind of tie"></select>\n',
        '<button id="g40kg-vng" type="button">VNG committees</button>\n',
        '<span id="g40kg-status" aria-live="polite"></span>\n',
        '<fieldset id="g40kg-legend"><legend>Show types:</legend></fieldset>\n',
        f'<details id="g40kg-key"><summary>Legend</summary><ul>{key}</ul></details>\n',
        "</div>\n",
    ]


def view_chunks(
    net: nx.Graph, links: SiteLinks | None = None, kept: Kept | None = None
) -> Iterator[str]:
    """view_html(net) in pieces, the data payload a piece per node and edge."""
    js, css = vis_assets()
    title = html.escape(net.graph.get("title") or "g40kg network")
    data = payload(net, lazy_edges=True, pages=links.pages if links else None, kept=kept)
    nav = "".join(
        f'<a href="{html.escape(quote(target))}">{html.escape(text)}</a>'
        for target, text in (links.nav if links else ())
    )
    omitted = left_out(data, net)
    yield from [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{title}</title>\n<style>\n{css}\n</style>\n<style>{PAGE_CSS}</style>\n",
        "</head>\n<body>\n",
        f'<nav class="g40kg-site">{nav}</nav>\n' if nav else "",
        '<header>\n<div class="titles">',
        f'<h1 id="g40kg-title">{title}</h1>\n',
        f'<p id="g40kg-subtitle">{html.escape(subtitle(net))}',
        f' <span id="g40kg-omitted">{html.escape(omitted)}</span>' if omitted else "",
        "</p>\n</div>\n",
        *_controls(data),
        "</header>\n",
        '<main id="g40kg-stage"><div id="g40kg-network"></div>\n',
        '<aside id="g40kg-panel" hidden><button id="g40kg-close" type="button" ',
        'aria-label="close">×</button><div id="g40kg-panel-body"></div></aside></main>\n',
        '<script type="application/json" id="g40kg-data">',
    ]
    yield from script_json_chunks(data)
    yield "</script>\n"
    yield f"<script>\n{js}\n</script>\n<script>{APP_JS}</script>\n</body>\n</html>\n"


def write_view(
    net: nx.Graph, path: Path, links: SiteLinks | None = None, kept: Kept | None = None
) -> Path:
    """Write the page piece by piece (never whole in memory, never half-written)."""
    path = Path(path)
    write_atomically(path, view_chunks(net, links, kept))
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
    entries: list[IndexEntry],
    window: str = "",
    skipped: dict[str, str] | None = None,
    links: SiteLinks | None = None,
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
    nav = "".join(
        f'<a href="{html.escape(quote(target))}">{html.escape(text)}</a> '
        for target, text in (links.nav if links else ())
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{INDEX_CSP}">\n'
        "<title>g40kg network views</title>\n"
        "<style>body{font-family:sans-serif;margin:24px;} li{margin:6px 0;} "
        "span{color:#555;}</style>\n</head>\n<body>\n"
        + (f'<nav class="g40kg-site">{nav}</nav>\n' if nav else "")
        + "<h1>g40kg network views</h1>\n"
        f"{note}<ul>\n{items}</ul>\n</body>\n</html>\n"
    )


def write_site(
    folder: Path,
    graphs: dict[str, nx.Graph],
    skipped: dict[str, str] | None = None,
    links: SiteLinks | None = None,
    kept: Kept | None = None,
) -> list[Path]:
    """Every view as NAME.html plus index.html linking them; returns the files written.

    skipped: views not drawn (name -> why), listed on the index page instead; links: the
    site's menu and entity pages, when the views are part of the report site."""
    written: list[Path] = []
    entries: list[IndexEntry] = []
    for name, net in graphs.items():
        written.append(write_view(net, folder / f"{name}.html", links, kept))
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
        index, index_html(entries, windows.pop() if len(windows) == 1 else "", skipped, links)
    )
    return [*written, index]
