"""The `view` and `network` verbs: draw, measure and export the network projections."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from g40kg.cli.validity import add_strict_option, warn_if_invalid
from g40kg.project.errors import UsageError

if TYPE_CHECKING:  # networkx costs 0.1 s to import: only the view verbs load it
    import networkx as nx

    from g40kg.project.cache import Kept
    from g40kg.project.store_graph import StoreGraph

EXIT_OK = 0
PROJECTION_NAMES = "actors, bodies, comembership, themes, events, full"


def _add_selection(parser: argparse.ArgumentParser, name_nargs: str | None) -> None:
    """NAME, the time filter and the focus: the same options for every network verb."""
    parser.add_argument(
        "name", metavar="NAME", nargs=name_nargs, help=f"the projection: {PROJECTION_NAMES}"
    )
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--as-of", metavar="DATE", help="only facts that held on DATE (YYYY-MM-DD)")
    when.add_argument("--years", metavar="YYYY[-YYYY]", help="only facts of these years")
    parser.add_argument(
        "--focus",
        metavar="ENTITY",
        help="only the ego network of ENTITY (IRI, prefixed name or exact label)",
    )
    parser.add_argument(
        "--radius", metavar="K", type=int, help="steps around --focus to keep (default 1)"
    )


def _check_name(name: str) -> None:
    from g40kg.network.projections import PROJECTIONS

    if name not in PROJECTIONS:
        raise UsageError(f"unknown network {name!r}: choose one of {', '.join(PROJECTIONS)}")


def _time_filter(args: argparse.Namespace) -> dict[str, object]:
    from g40kg.network.projections import parse_as_of, parse_years

    return {
        "as_of": parse_as_of(args.as_of) if args.as_of else None,
        "years": parse_years(args.years) if args.years else None,
    }


def store_graph(strict: bool = False) -> tuple[StoreGraph, Kept]:
    """The project's graph (its store, read through rdflib's API: a projection reads only the
    predicates it needs) and what is kept for its inputs (the views' layouts); says on stderr
    when the graph fails validation."""
    from g40kg.project.load import open_project
    from g40kg.project.store_graph import StoreGraph

    project = open_project()
    warn_if_invalid(project, strict)
    return StoreGraph(project.store), project.kept


def selected_graph(args: argparse.Namespace, name: str) -> tuple[nx.Graph, Kept]:
    """The projection NAME of the repository's graph, filtered and focused as asked."""
    from g40kg.network.projections import ego_network, project

    _check_name(name)
    if args.radius is not None and not args.focus:
        raise UsageError("--radius needs --focus ENTITY")
    when = _time_filter(args)
    graph, kept = store_graph(getattr(args, "strict", False))
    net = project(graph, name, **when)
    if args.focus:
        net = ego_network(net, args.focus, 1 if args.radius is None else args.radius)
    return net, kept


def _default_file(name: str, net: nx.Graph) -> Path:
    focus = net.graph.get("focus")
    if not focus:
        return Path(f"{name}.html")
    slug = re.sub(r"[^a-z0-9]+", "-", focus.rstrip("/").rsplit("/", 1)[-1].lower()).strip("-")
    return Path(f"{name}-{slug or 'focus'}.html")


def cmd_view(args: argparse.Namespace) -> int:
    from g40kg.network.views import write_site, write_view

    if args.all:
        return _view_all(args, write_site)
    if args.screenshots:
        raise UsageError("--screenshots goes with --all -o DIR")
    if not args.name:
        raise UsageError(f"give a NAME ({PROJECTION_NAMES}) or --all")
    net, kept = selected_graph(args, args.name)
    if args.output:
        path = Path(args.output)
    else:  # views/ of the project, which git ignores (never the repository's root)
        from g40kg.project.paths import project_root

        path = project_root() / "views" / _default_file(args.name, net)
    if path.is_dir():
        path = path / _default_file(args.name, net)
    write_view(net, path, kept=kept)
    print(f"wrote {path} ({net.number_of_nodes()} nodes, {net.number_of_edges()} edges)")
    return EXIT_OK


def _view_all(
    args: argparse.Namespace,
    write_site: Callable[[Path, dict[str, nx.Graph], dict[str, str]], list[Path]],
) -> int:
    from g40kg.network.projections import PROJECTIONS, TooLarge, project

    if args.name:
        raise UsageError("give either NAME or --all, not both")
    if args.focus or args.radius is not None:
        raise UsageError("--focus draws one view: use it with NAME, not with --all")
    if not args.output:
        raise UsageError("--all writes a folder: give -o DIR")
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {folder}: exists and is not a folder")
    when = _time_filter(args)
    graph, kept = store_graph(args.strict)
    graphs: dict[str, nx.Graph] = {}
    skipped: dict[str, str] = {}  # a view too large to draw: the others are still written
    for name in PROJECTIONS:
        try:
            graphs[name] = project(graph, name, **when)
        except TooLarge as exc:
            skipped[name] = str(exc)
            print(f"warning: skipped the {name} view: {exc}", file=sys.stderr)
    written = write_site(folder, graphs, skipped, kept=kept)
    for path in written:
        print(f"wrote {path}")
    if args.screenshots:
        from g40kg.network.screenshots import screenshots

        for shot in screenshots(p for p in written if p.name != "index.html"):
            print(f"wrote {shot}")
    return EXIT_OK


def cmd_network_stats(args: argparse.Namespace) -> int:
    from g40kg.network.projections import stats_text

    if args.top < 1:
        raise UsageError(f"--top {args.top}: give 1 or more")
    print(stats_text(selected_graph(args, args.name)[0], args.top))
    return EXIT_OK


def cmd_network_export(args: argparse.Namespace) -> int:
    from g40kg.network.projections import export_text
    from g40kg.project.files import write_atomically

    net = selected_graph(args, args.name)[0]
    text = export_text(net, args.format)
    if args.output:
        write_atomically(Path(args.output), text)
        print(f"wrote {args.output} ({net.number_of_nodes()} nodes, {net.number_of_edges()} edges)")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def register(verbs: argparse._SubParsersAction) -> None:
    """Add `view` and `network {stats,export}` to the g40kg command."""
    help_text = "Write an offline HTML view of a network projection (or all of them with --all)."
    view = verbs.add_parser("view", help=help_text, description=help_text)
    view.set_defaults(func=cmd_view)
    _add_selection(view, "?")
    view.add_argument(
        "-o", "--output", metavar="FILE|DIR", help="file (default views/NAME.html; --all: folder)"
    )
    view.add_argument(
        "--all", action="store_true", help="every projection plus an index.html, into -o DIR"
    )
    view.add_argument(
        "--screenshots",
        action="store_true",
        help="with --all: also NAME.png of each view at the fitted zoom in 1400x900 (Chromium)",
    )
    add_strict_option(view)

    help_text = "Measure or export a network projection (networkx)."
    network = verbs.add_parser("network", help=help_text, description=help_text)
    actions = network.add_subparsers(dest="network_action", metavar="ACTION", required=True)

    help_text = "Top actors by degree and betweenness, and the communities (Louvain, seed 42)."
    stats = actions.add_parser("stats", help=help_text, description=help_text)
    stats.set_defaults(func=cmd_network_stats)
    _add_selection(stats, "?")
    stats.set_defaults(name="actors")
    stats.add_argument("--top", type=int, default=10, help="how many per metric (default 10)")

    help_text = "Write a projection as GraphML or GEXF (for Gephi, yEd, Cytoscape)."
    export = actions.add_parser("export", help=help_text, description=help_text)
    export.set_defaults(func=cmd_network_export)
    _add_selection(export, None)
    export.add_argument("--format", choices=("graphml", "gexf"), required=True)
    export.add_argument("-o", "--output", metavar="FILE", help="file (default: standard output)")
