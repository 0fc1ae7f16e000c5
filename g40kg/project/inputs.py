"""The project's input files, each read once: every later step works on these bytes.

Why one snapshot: the cache key, the input checks and the store used to read the files each on
their own, so a file edited (or a dot-file added) between two reads gave a key for one content
and a verdict or a store for another. Here the files are listed once (hidden files included),
read once, and the key is the sha256 of exactly the bytes that are then checked and parsed.
Hidden files (a leading dot) are no input for any command; a hidden Turtle file is refused.

Only the project's own files are read: a symbolic link that leads out of the project, or to
nothing, is refused naming the link.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from g40kg.project import paths
from g40kg.project.errors import InputError

HIDDEN_TURTLE = "a hidden Turtle file is not read: rename it without the leading dot, or remove it"
#: Raise when what is derived from the inputs changes meaning, so older kept verdicts are unused.
FORMAT = "g40kg-inputs-2"


@dataclass(frozen=True)
class InputFile:
    """One file of the project: its path relative to the root (POSIX), its role and its bytes."""

    rel: str
    role: str  # "ontology", "shapes", "data", "text" or "stray" (refused by the input checks)
    data: bytes

    @property
    def name(self) -> str:
        return self.rel.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Inputs:
    """Every input file of a project, in the loader's order: ontology, data Turtle, texts."""

    root: Path
    files: tuple[InputFile, ...]

    @cached_property
    def key(self) -> str:
        """sha256 over every file's path and bytes (any edit, addition or removal changes it)."""
        digest = hashlib.sha256(FORMAT.encode() + b"\0")
        for one in self.files:
            digest.update(one.rel.encode("utf-8", "surrogateescape") + b"\0" + one.role.encode())
            digest.update(hashlib.sha256(one.data).digest())
        return digest.hexdigest()[:32]

    def of_role(self, *roles: str) -> list[InputFile]:
        return [one for one in self.files if one.role in roles]

    @property
    def turtle(self) -> list[InputFile]:
        """Every Turtle file, ontology (shapes included) first, each group sorted by path."""
        return self.of_role("ontology", "shapes", "data")

    @property
    def data_turtle(self) -> list[InputFile]:
        """The Turtle files of the data graph: the ontology without the shapes, then data/."""
        return self.of_role("ontology", "data")

    @property
    def texts(self) -> dict[str, InputFile]:
        """The source texts of data/texts/ by file name."""
        return {one.name: one for one in self.of_role("text")}

    def path(self, one: InputFile) -> Path:
        return self.root / one.rel


def _role(rel: str) -> str:
    parts = rel.split("/")
    if parts[0] == "ontology":
        return "shapes" if len(parts) == 2 and parts[1].startswith("shapes") else "ontology"
    if len(parts) == 3 and parts[1] == "texts" and rel.endswith(".txt"):
        return "text"
    return "data" if rel.endswith(".ttl") else "stray"


def _check_link(root: Path, path: Path, rel: str) -> None:
    """Refuse a symbolic link that leads to nothing or out of the project."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise InputError(path, None, "a symbolic link to a file that does not exist") from exc
    if not target.is_relative_to(root.resolve()):
        raise InputError(
            path,
            None,
            f"a symbolic link out of the project (to {target}): g40kg reads only the "
            "project's own files",
        )


def _listed(root: Path, folder: str) -> list[str]:
    """Every file under root/folder, as sorted relative POSIX paths.

    Hidden files and folders are no input (editors and systems leave them); a hidden Turtle
    file is refused rather than ignored, as it looks like data someone meant to add."""
    found: list[str] = []
    top = root / folder
    for current, dirs, files in os.walk(top, followlinks=False):
        here = Path(current)
        for name in dirs:
            if (here / name).is_symlink():
                raise InputError(here / name, None, "a symbolic link to a folder: not followed")
        dirs[:] = [name for name in dirs if not name.startswith(".")]  # .git, checkpoints
        for name in files:
            if name.startswith(".") and name.endswith(".ttl"):
                raise InputError(here / name, None, HIDDEN_TURTLE)
            if not name.startswith("."):  # .DS_Store, .gitkeep, editors' swap files
                found.append((here / name).relative_to(root).as_posix())
    return sorted(found, key=lambda rel: rel.split("/"))


def read_inputs(root: Path) -> Inputs:
    """List and read root's inputs: ontology/*.ttl (recursively) and every file under data/."""
    if not paths.ontology_dir(root).is_dir() or not paths.data_dir(root).is_dir():
        raise InputError(root, None, "no ontology/ and data/ here: run g40kg in the repository")
    names = [r for r in _listed(root, "ontology") if r.endswith(".ttl")]
    data = _listed(root, "data")
    names += [r for r in data if _role(r) != "text"] + [r for r in data if _role(r) == "text"]
    files = []
    for rel in names:
        path = root / rel
        if path.is_symlink():
            _check_link(root, path, rel)
        try:
            raw = path.read_bytes()
        except OSError as exc:  # removed or made unreadable while being read
            raise InputError(path, None, f"cannot read: {exc.strerror or exc}") from exc
        files.append(InputFile(rel, _role(rel), raw))
    return Inputs(root, tuple(files))
