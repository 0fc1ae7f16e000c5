"""The one load path: every verb reads the project here, so every verb accepts and refuses the
same files.

The inputs are read once (g40kg.project.inputs), checked unless their verdict is kept
(g40kg.project.input_checks, g40kg.project.cache), and parsed into one pyoxigraph store
(g40kg.project.store), and the bounds of every mandate's term (g40kg.project.time_bounds) and
the keys of every name (g40kg.project.name_keys) are derived into it. Verbs that need an rdflib
graph (the pyshacl reference engine, the annotation writers) get one made from the store
(rdflib_graph), never from a parse of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import Store

from g40kg.project import paths
from g40kg.project.cache import Kept
from g40kg.project.inputs import Inputs, read_inputs
from g40kg.project.name_keys import add_name_keys
from g40kg.project.store import build_store, file_order, first_file
from g40kg.project.time_bounds import add_time_bounds

if TYPE_CHECKING:
    from rdflib import Graph


@dataclass
class Project:
    """A project's inputs, the store built from them and what is kept about them."""

    root: Path
    inputs: Inputs
    store: Store
    kept: Kept

    @cached_property
    def order(self) -> dict[str, int]:
        return file_order(self.inputs)

    def file_of(self, node: object) -> str | None:
        """The first file (load order) that has node as a subject, relative to the root."""
        return first_file(self.store, self.order, node)

    def rdflib_graph(self) -> Graph:
        """The data graph as an rdflib Graph (for pyshacl and the rdflib-based writers)."""
        from rdflib import Graph

        from g40kg.project.store_graph import to_rdflib

        # Term by term (each distinct term converted once), not through N-Triples: rdflib's
        # N-Triples parser took half of the site's load.
        seen: dict[object, object] = {}

        def term(t: object) -> object:
            found = seen.get(t)
            if found is None:
                found = seen[t] = to_rdflib(t)
            return found

        graph = Graph()
        graph.addN((term(q.subject), term(q.predicate), term(q.object), graph) for q in self.store)
        return graph


@dataclass
class Opened:
    """A project's inputs as read and what is kept about them, before any store is built."""

    root: Path
    inputs: Inputs
    kept: Kept


def read_project(root: Path | None = None) -> Opened:
    """root's inputs (default: the project the working directory is in), read once, and the
    verdicts kept for exactly those bytes. Raises InputError where reading them fails."""
    root = root or paths.project_root()
    inputs = read_inputs(root)
    return Opened(root, inputs, Kept(root, inputs.key))


def open_project(root: Path | None = None, opened: Opened | None = None) -> Project:
    """root's project (default: the one the working directory is in), checked, in a store;
    opened: its inputs as read_project gave them (then root is not used).

    Raises InputError for any input that must be refused (file and line where known)."""
    opened = opened or read_project(root)
    root, inputs, kept = opened.root, opened.inputs, opened.kept
    if kept.get("checked"):
        store = build_store(inputs)
    else:
        from g40kg.project.input_checks import build_checked

        store = build_checked(inputs)
        kept.put("checked", True)
    add_time_bounds(store)  # derived triples, the same for every verb (g40kg.project.time_bounds)
    add_name_keys(store)  # each name's key for the duplicate check (g40kg.project.name_keys)
    return Project(root, inputs, store, kept)


def rdflib_data(root: Path | None = None) -> Graph:
    """The data graph of root's project as an rdflib Graph (for notebooks and tests)."""
    return open_project(root).rdflib_graph()
