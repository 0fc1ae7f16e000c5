"""Shared fixtures: the repository root and writable copies of its ontology/ and data/."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from listener import Listener, listening

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout the tests run in (holds ontology/ and data/)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def make_project_copy(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """A factory for copies of ontology/ and data/ in a fresh temporary folder (any scope).

    Files keep their modes: the source texts are read-only, so chmod before editing one.
    """

    def make(name: str = "project") -> Path:
        root = tmp_path_factory.mktemp(name)
        for folder in ("ontology", "data"):
            shutil.copytree(REPO_ROOT / folder, root / folder)
        return root

    return make


@pytest.fixture
def project_copy(make_project_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of ontology/ and data/ that g40kg works on: G40KG_ROOT and cwd point to it."""
    root = make_project_copy("project")
    monkeypatch.setenv("G40KG_ROOT", str(root))
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def listener(monkeypatch: pytest.MonkeyPatch) -> Iterator[Listener]:
    """A listener on 127.0.0.1 standing in for a remote host (tests/listener.py), with the
    proxy variables unset: a proxy would hide the connection."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with listening() as listener:
        yield listener
