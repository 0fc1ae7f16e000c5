"""Errors that name the file and line, so a hand editor can go straight to the mistake."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input (syntax, unknown term, unreadable text): the CLI prints it and exits 2."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class UsageError(Exception):
    """A wrong parameter or option: the CLI prints it and exits 2."""


def line_of(text: str, needle: str) -> int | None:
    """1-based line of the first occurrence of needle in text, or None."""
    index = text.find(needle)
    if index < 0:
        return None
    return text.count("\n", 0, index) + 1
