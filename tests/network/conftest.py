"""Fixtures of the network tests: a snapshot of the corpus and its rdflib graph, per module."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from g40kg.project.load import rdflib_data


@pytest.fixture(scope="module")
def snapshot(make_project_copy: Callable[[str], Path]) -> Path:
    """A copy of ontology/ and data/, so the corpus cannot change under a test."""
    return make_project_copy("project")


@pytest.fixture(scope="module")
def rdf(snapshot: Path) -> Graph:
    return rdflib_data(snapshot)
