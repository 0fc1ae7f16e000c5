"""Write files so that a failure never leaves one half-written, with ordinary permissions."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def _mode_for(path: Path) -> int:
    """Keep an existing file's mode; a new file gets 0666 less the umask (mkstemp gives 0600)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def stage(path: Path, text: str | bytes | Iterable[str]) -> Path:
    """Write text (bytes, or its pieces, written as they are made) to a temporary file beside
    path and return it (rename it with os.replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as raw:
                raw.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text) if isinstance(text, str) else handle.writelines(text)
        os.chmod(tmp, _mode_for(path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomically(path: Path, text: str | bytes | Iterable[str]) -> None:
    os.replace(stage(Path(path), text), path)


def write_all_atomically(outputs: dict[Path, str]) -> None:
    """Stage every file first; rename only when all are written."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in outputs.items():
            staged.append((stage(Path(path), text), Path(path)))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
