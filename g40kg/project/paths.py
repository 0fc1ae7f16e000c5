"""Where the project's inputs live: the repository's ontology/, data/ and queries/."""

from __future__ import annotations

import os
from pathlib import Path

#: What is kept between commands, under the project root (git ignores it).
CACHE_DIR = ".g40kg-cache"


def project_root() -> Path:
    """The root the commands work on: $G40KG_ROOT, else the nearest folder up from the
    working directory holding ontology/ and data/, else the checkout this package sits in."""
    env = os.environ.get("G40KG_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "ontology").is_dir() and (folder / "data").is_dir():
            return folder
    return Path(__file__).resolve().parent.parent


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
