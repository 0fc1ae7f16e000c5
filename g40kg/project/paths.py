"""Where the project's inputs live: the repository's ontology/, data/ and queries/."""

from __future__ import annotations

import os
from pathlib import Path

from g40kg.project.errors import UsageError

#: What is kept between commands, under the project root (git ignores it).
CACHE_DIR = ".g40kg-cache"
ROOT_ENV = "G40KG_ROOT"


def project_root() -> Path:
    """The project the commands work on: $G40KG_ROOT (or `g40kg --root`), else the nearest
    folder at or above the working directory holding ontology/ and data/.

    Outside a project this is an error: a verb never silently works on another checkout (such
    as the one the package was installed from)."""
    env = os.environ.get(ROOT_ENV)
    if env:
        root = Path(env).resolve()
        if not (root / "ontology").is_dir() or not (root / "data").is_dir():
            raise UsageError(f"${ROOT_ENV}={env}: no ontology/ and data/ there")
        return root
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "ontology").is_dir() and (folder / "data").is_dir():
            return folder
    raise UsageError(
        f"not in a g40kg project: no ontology/ and data/ in {here} or above; run g40kg in "
        f"a project, or name one with --root DIR or ${ROOT_ENV}"
    )


def ontology_dir(root: Path) -> Path:
    return root / "ontology"


def data_dir(root: Path) -> Path:
    return root / "data"


def texts_dir(root: Path) -> Path:
    return root / "data" / "texts"


def queries_dir(root: Path) -> Path:
    return root / "queries"


def shapes_files(root: Path) -> list[Path]:
    """Shapes are the ontology files whose name starts with 'shapes'."""
    return sorted(ontology_dir(root).glob("shapes*.ttl"))


def turtle_files(root: Path) -> list[Path]:
    """Every hand-edited Turtle file: ontology first, then data, each sorted by path."""
    onto = sorted(ontology_dir(root).rglob("*.ttl"))
    data = sorted(data_dir(root).rglob("*.ttl"))
    return onto + data
