"""A deterministic layout for the views: fixed positions on which no two node labels overlap.

Why computed here and not by vis-network's physics: a force layout settles where it settles,
and at the zoom that fits a 78-node view into a window its labels were 7 px and a dozen pairs
overlapped. Here the graph is laid out with networkx (Kamada-Kawai, then a deterministic push
that moves overlapping label boxes apart), with each node's box measured from its label in the
font the browser draws (DejaVu Sans), and dense stars (many leaves of one type on one hub, such
as the G40's member municipalities) are folded into one cluster node first. The page then fixes
the nodes where this module put them, clusters the stars with vis-network's clustering API and
fits: the labels come out at the size the layout was measured for.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from functools import cache

import networkx as nx
import numpy as np

from g40kg.project.cache import Kept

FONT_SIZE = 14  # canvas px of a node label; the fitted zoom keeps it >= 12 CSS px
LINE_HEIGHT = 1.2
MAX_LINE = 22  # characters per label line before it wraps
MAX_LINES = 2  # lines of a drawn label; the full name is in the tooltip and panel
MIN_STAR = 6  # leaves of one type on one hub that fold into a cluster node
MAX_LAID_OUT = 400  # larger views keep vis-network's physics (and say so)
GAP = 6.0  # px between two label boxes
MIN_LABEL_PX = 12.0  # the smallest label on screen at the fitted zoom
EXPECTED_DENSITY = 1.9  # layout area / box area the greedy placement reaches
DENSITIES = (1.1, 1.3, 1.55, 1.9, 2.4)
#: the drawing area a view is laid out for: a 1400×900 window minus the header
TARGET_WIDTH, TARGET_HEIGHT = 1380.0, 760.0
BOXED = frozenset({"box"})  # shapes that draw their label inside, not under the node


@cache
def _font():  # pragma: no cover - the fallback only runs without DejaVu
    try:
        from PIL import ImageFont

        return ImageFont.truetype("DejaVuSans.ttf", FONT_SIZE)
    except (ImportError, OSError):
        return None


def text_width(text: str) -> float:
    """The width of text in the label font, in canvas px."""
    font = _font()
    if font is None:
        return 0.62 * FONT_SIZE * len(text)
    return float(font.getlength(text))


def display_label(label: str) -> str:
    """The label as drawn: wrapped to MAX_LINE characters, at most MAX_LINES lines."""
    lines = textwrap.wrap(label, MAX_LINE, break_long_words=False) or [label]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: MAX_LINE - 1].rstrip() + "…"
    return "\n".join(lines)


@dataclass
class Star:
    """Leaves of one type hanging off one hub, drawn as one cluster node until opened."""

    id: str
    hub: str
    type: str
    members: list[str]
    x: float = 0.0
    y: float = 0.0

    @property
    def label(self) -> str:
        return f"{len(self.members)} {plural(self.type)}"

    @property
    def size(self) -> float:
        return node_size(len(self.members))


def node_size(ties: int) -> float:
    """A node's radius from its number of ties: small, so labels and not glyphs fill the view."""
    return round(min(16.0, 6 + 1.5 * math.sqrt(ties)), 1)


def plural(kind: str) -> str:
    return {"person": "people", "municipality": "municipalities"}.get(kind, f"{kind}s")


@dataclass
class Layout:
    """Fixed positions (canvas px) for every node, and the stars folded at first sight."""

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    stars: list[Star] = field(default_factory=list)
    label_px: float = 0.0  # the expected rendered label size at the fitted zoom


def simple_graph(net: nx.Graph) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(sorted(net.nodes))
    simple.add_edges_from((u, v) for u, v in net.edges() if u != v)
    return simple


def find_stars(net: nx.Graph, simple: nx.Graph) -> list[Star]:
    """Per hub and type, the neighbours tied to nothing else; MIN_STAR or more make a star."""
    stars: list[Star] = []
    for hub in sorted(simple.nodes):
        if simple.degree(hub) <= 1:
            continue
        by_type: dict[str, list[str]] = {}
        for other in sorted(simple.neighbors(hub)):
            if simple.degree(other) == 1:
                by_type.setdefault(net.nodes[other].get("type", "other"), []).append(other)
        for kind, members in sorted(by_type.items()):
            if len(members) >= MIN_STAR:
                stars.append(Star(f"star:{kind}:{hub}", hub, kind, members))
    return stars


def box(label: str, size: float, shape: str) -> tuple[float, float]:
    """Width and height (canvas px) of a node with its label, as vis-network draws it."""
    return box_and_offset(label, size, shape)[:2]


def box_and_offset(label: str, size: float, shape: str) -> tuple[float, float, float]:
    """Width, height and the box centre's offset below the node's centre: vis-network draws
    a label inside a box shape, and under every other shape (5 px below its edge)."""
    lines = label.split("\n")
    text_w = max(text_width(line) for line in lines) if lines else 0.0
    text_h = len(lines) * FONT_SIZE * LINE_HEIGHT
    if shape in BOXED:
        return text_w + 14, text_h + 12, 0.0
    below = 5 + text_h
    return max(text_w + 6, 2 * size), 2 * size + below + 2, below / 2


def _place(
    shown: nx.Graph, stars: list[Star], boxes: dict[str, tuple[float, float]]
) -> tuple[np.ndarray, float, list[str]]:
    """The best placement over a few densities: positions, label px at fit, node order."""
    boxes = boxes | {s.id: box(s.label, s.size, "dot") for s in stars}
    order = sorted(shown.nodes)
    dims = np.array([boxes[node] for node in order], dtype=float)
    degree = [shown.degree(node) for node in order]
    placing = sorted(range(len(order)), key=lambda i: (-degree[i], order[i]))
    shapes = _shapes(shown, order)
    best, best_px = np.zeros((len(order), 2)), 0.0
    for density in DENSITIES:
        placed = place_greedily(_ideal(shapes, dims, density), dims, placing)
        px = fitted_label_px(placed, dims)
        if px > best_px:
            best, best_px = placed, px
    return best, best_px, order


def _shapes(graph: nx.Graph, order: list[str]) -> list[tuple[list[int], np.ndarray]]:
    """Each connected component (largest first) as its rows in order and its Kamada-Kawai
    positions."""
    index = {node: number for number, node in enumerate(order)}
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    found = []
    for part in parts:
        members = sorted(part)
        if len(members) > 1:
            pos = nx.kamada_kawai_layout(graph.subgraph(members), pos=nx.circular_layout(members))
            local = np.array([pos[m] for m in members], dtype=float)
        else:
            local = np.zeros((1, 2))
        found.append(([index[m] for m in members], local))
    return found


def _ideal(
    shapes: list[tuple[list[int], np.ndarray]], dims: np.ndarray, density: float
) -> np.ndarray:
    """Where each node would like to be, in a frame of the drawing area's shape whose area is
    density × the boxes' total: the largest component by Kamada-Kawai stretched over the frame
    (outliers pulled to its edge), the smaller ones spread along the frame's rim."""
    area = float((dims[:, 0] * dims[:, 1]).sum()) * density
    height = math.sqrt(area * TARGET_HEIGHT / TARGET_WIDTH)
    half = np.array([height * TARGET_WIDTH / TARGET_HEIGHT, height]) / 2
    ideal = np.zeros((len(dims), 2))
    for number, (rows, local) in enumerate(shapes):
        if number == 0:
            low, high = np.percentile(local, 5, axis=0), np.percentile(local, 95, axis=0)
            centre, span = (low + high) / 2, np.maximum(high - low, 1e-9)
            ideal[rows] = np.clip((local - centre) / span * 2 * half * 0.9, -half, half)
        else:
            angle = 2 * math.pi * (number - 1) / max(1, len(shapes) - 1) + math.pi / 4
            rim = np.array([math.cos(angle), math.sin(angle)])
            rim = rim / np.abs(rim / half).max()
            spread = math.sqrt(float((dims[rows, 0] * dims[rows, 1]).sum()))
            ideal[rows] = rim + local * spread
    return ideal


@cache
def _offsets(step: float, radius: float) -> np.ndarray:
    """Grid offsets within radius, nearest first (ties broken by angle: deterministic)."""
    steps = np.arange(-radius, radius + step, step)
    gx, gy = np.meshgrid(steps, steps)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    distance = np.hypot(grid[:, 0], grid[:, 1])
    keep = distance <= radius
    grid, distance = grid[keep], distance[keep]
    angle = np.arctan2(grid[:, 1], grid[:, 0])
    return grid[np.lexsort((angle, distance))]


def place_greedily(
    ideal: np.ndarray, dims: np.ndarray, order: list[int], fixed: int = 0
) -> np.ndarray:
    """Each node in order at the free spot (no box overlap, GAP apart) nearest its ideal; the
    first `fixed` rows stay where they are (obstacles already placed)."""
    half = dims / 2 + GAP / 2
    xy = ideal.copy()
    done: list[int] = list(range(fixed))
    offsets = _offsets(8.0, 3000.0)
    for i in order:
        if not done:
            done.append(i)
            continue
        others = np.array(done)
        for chunk in range(0, len(offsets), 2048):
            spots = ideal[i] + offsets[chunk : chunk + 2048]
            ox = half[i, 0] + half[others, 0][None, :] - np.abs(spots[:, None, 0] - xy[others, 0])
            oy = half[i, 1] + half[others, 1][None, :] - np.abs(spots[:, None, 1] - xy[others, 1])
            free = ~((ox > 0) & (oy > 0)).any(axis=1)
            if free.any():
                xy[i] = spots[int(np.argmax(free))]
                break
        else:  # pragma: no cover - the search radius covers every box already placed
            xy[i] = xy[others].max(axis=0) + dims[i]
        done.append(i)
    return xy


def extent(xy: np.ndarray, sizes: np.ndarray) -> tuple[float, float]:
    low = (xy - sizes / 2).min(axis=0)
    high = (xy + sizes / 2).max(axis=0)
    return float(high[0] - low[0]), float(high[1] - low[1])


def fitted_label_px(xy: np.ndarray, sizes: np.ndarray) -> float:
    """The label size vis-network's fit() will give: it scales the range × 1.1 to the canvas."""
    width, height = extent(xy, sizes)
    scale = min(TARGET_WIDTH / (1.1 * width), TARGET_HEIGHT / (1.1 * height))
    return FONT_SIZE * scale


def fold_type(net: nx.Graph, shown: nx.Graph, stars: list[Star], areas: dict[str, float]) -> bool:
    """Fold the type whose nodes take the most room into one group node (its stars with it).

    Never people, and never the view's most numerous type (what the view is about); False
    when nothing is left to fold."""
    counts: dict[str, int] = {}
    for _node, data in net.nodes(data=True):
        counts[data.get("type", "other")] = counts.get(data.get("type", "other"), 0) + 1
    main = max(sorted(counts), key=counts.__getitem__)
    room: dict[str, float] = {}
    for node in shown:
        kind = net.nodes[node].get("type", "other") if node in net else ""
        if kind and kind not in ("person", main):
            room[kind] = room.get(kind, 0.0) + areas[node]
    if not room:
        return False
    kind = max(sorted(room), key=room.__getitem__)
    members = sorted(n for n, d in net.nodes(data=True) if d.get("type", "other") == kind)
    for star in [s for s in stars if s.type == kind]:
        stars.remove(star)
        shown.remove_node(star.id)
    group = Star(f"group:{kind}", "", kind, members)
    inside = set(members)
    neighbours = sorted({o for m in members if m in shown for o in shown.neighbors(m)} - inside)
    shown.remove_nodes_from(members)
    shown.add_node(group.id)
    shown.add_edges_from((group.id, o) for o in neighbours)
    areas[group.id] = _area(box(group.label, group.size, "dot"))
    stars.append(group)
    return True


def _area(size: tuple[float, float]) -> float:
    return size[0] * size[1]


def layout(
    net: nx.Graph, labels: dict[str, str], sizes: dict[str, float], shapes: dict[str, str]
) -> Layout | None:
    """Positions for net's nodes (None: too large, left to physics)."""
    simple = simple_graph(net)
    stars = find_stars(net, simple)
    shown = simple.copy()
    shown.remove_nodes_from(m for star in stars for m in star.members)
    for star in stars:
        shown.add_edge(star.id, star.hub)
    if len(shown) > MAX_LAID_OUT or len(shown) == 0:
        return None
    boxes = {n: box(labels[n], sizes[n], shapes[n]) for n in net}
    areas = {n: _area(b) for n, b in boxes.items()}
    areas.update({s.id: _area(box(s.label, s.size, "dot")) for s in stars})
    needed = (FONT_SIZE / (MIN_LABEL_PX + 0.5)) ** 2 * TARGET_WIDTH * TARGET_HEIGHT / 1.21
    while sum(areas[n] for n in shown) * EXPECTED_DENSITY > needed:
        if not fold_type(net, shown, stars, areas):
            break
    while True:
        best, best_px, order = _place(shown, stars, boxes)
        if best_px >= MIN_LABEL_PX + 0.2 or not fold_type(net, shown, stars, areas):
            break
    found = Layout(label_px=round(best_px, 2))
    for node, (x, y) in zip(order, best, strict=True):
        if node in net:
            offset = box_and_offset(labels[node], sizes[node], shapes[node])[2]
        else:
            star = next(s for s in stars if s.id == node)
            offset = box_and_offset(star.label, star.size, "dot")[2]
        found.positions[node] = (round(float(x), 1), round(float(y - offset), 1))
    for star in stars:
        star.x, star.y = found.positions.pop(star.id)
    star_boxes = {s.id: box(s.label, s.size, "dot") for s in stars}
    dims = np.array([star_boxes.get(node) or boxes[node] for node in order], dtype=float)
    _place_members(found, stars, order, best, dims, labels, sizes, shapes)
    found.stars = stars
    return found


def _place_members(
    found: Layout,
    stars: list[Star],
    order: list[str],
    placed: np.ndarray,
    dims: np.ndarray,
    labels: dict[str, str],
    sizes: dict[str, float],
    shapes: dict[str, str],
) -> None:
    """Where the members of each cluster go when it is opened: the free spots nearest a ring
    around the cluster, clear of every other node and of the members of the other clusters."""
    members = [m for star in stars for m in star.members]
    if not members:
        return
    ideal = []
    for star in stars:
        count = len(star.members)
        radius = 40.0 + 12.0 * math.sqrt(count)
        for number in range(count):
            angle = 2 * math.pi * number / count
            ideal.append((star.x + radius * math.cos(angle), star.y + radius * math.sin(angle)))
    shapes_of = [box_and_offset(labels[m], sizes[m], shapes[m]) for m in members]
    all_dims = np.vstack([dims, np.array([s[:2] for s in shapes_of])])
    start = np.vstack([placed, np.array(ideal)])
    rows = list(range(len(order), len(order) + len(members)))
    result = place_greedily(start, all_dims, rows, fixed=len(order))
    for row, member, shape in zip(rows, members, shapes_of, strict=True):
        x, y = result[row]
        found.positions[member] = (round(float(x), 1), round(float(y - shape[2]), 1))


#: Layouts kept per state of the inputs (the newest first); more are laid out again.
KEPT_LAYOUTS = 32


def layout_key(
    net: nx.Graph, labels: dict[str, str], sizes: dict[str, float], shapes: dict[str, str]
) -> str:
    """sha256 of everything layout() reads: the nodes with their type, label, size and shape,
    and the edges in the order the graph gives them."""
    import hashlib
    import json

    nodes = [
        [n, str(d.get("type", "other")), labels[n], sizes[n], shapes[n]]
        for n, d in sorted(net.nodes(data=True), key=lambda item: item[0])
    ]
    edges = [[u, v] for u, v in net.edges()]
    text = json.dumps([nodes, edges], ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _as_json(found: Layout | None) -> dict[str, object] | None:
    if found is None:
        return None
    return {
        "positions": {n: list(xy) for n, xy in found.positions.items()},
        "stars": [[s.id, s.hub, s.type, s.members, s.x, s.y] for s in found.stars],
        "label_px": found.label_px,
    }


def _from_json(kept: dict[str, object] | None) -> Layout | None:
    if kept is None:
        return None
    positions = kept["positions"]
    stars = kept["stars"]
    if not isinstance(positions, dict) or not isinstance(stars, list):
        raise ValueError("not a kept layout")
    return Layout(
        positions={n: (float(x), float(y)) for n, (x, y) in positions.items()},
        stars=[Star(i, h, k, list(m), float(x), float(y)) for i, h, k, m, x, y in stars],
        label_px=float(kept["label_px"]),  # type: ignore[arg-type]
    )


def kept_layout(
    kept: Kept | None,
    net: nx.Graph,
    labels: dict[str, str],
    sizes: dict[str, float],
    shapes: dict[str, str],
) -> Layout | None:
    """layout(), or the one kept for exactly these inputs (g40kg.project.cache: the same key
    covers the code, so a kept layout is what layout() would compute again)."""
    if kept is None or not kept.on:
        return layout(net, labels, sizes, shapes)
    key = layout_key(net, labels, sizes, shapes)
    entries = kept.get("layouts") or {}
    if key in entries:
        try:
            found = _from_json(entries[key]["layout"])
            if found is None or all(node in found.positions for node in net):
                return found
        except (KeyError, TypeError, ValueError):
            pass  # not what this code keeps: lay it out again
    found = layout(net, labels, sizes, shapes)
    newest = max((e.get("n", 0) for e in entries.values()), default=0) + 1
    newest_first = sorted(entries.items(), key=lambda item: -item[1].get("n", 0))
    entries = dict(newest_first[: KEPT_LAYOUTS - 1])
    entries[key] = {"n": newest, "layout": _as_json(found)}
    kept.put("layouts", entries)
    return found
