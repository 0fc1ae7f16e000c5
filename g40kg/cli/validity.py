"""Never silent on an invalid graph: verbs that answer from the graph say when it fails
validation (the count and how to see why), and `--strict` makes that an error."""

from __future__ import annotations

import argparse
import sys

from g40kg.project.errors import UsageError
from g40kg.project.load import Project


class InvalidGraph(UsageError):
    """--strict and the graph fails validation (the CLI exits 1, the code for violations)."""


def violations(project: Project) -> int:
    """How many violations validation finds (kept per state of the inputs)."""
    from g40kg.shacl.findings import validate

    return sum(1 for f in validate(project) if f.severity == "Violation")


def invalid_note(count: int) -> str:
    return (
        f"the graph fails validation ({count} violation(s)): answers may rest on wrong data; "
        "run `g40kg validate` to see why"
    )


def warn_if_invalid(project: Project, strict: bool) -> int:
    """Say on stderr when the graph fails validation (exit 1 with --strict); the count."""
    count = violations(project)
    if count and strict:
        raise InvalidGraph(invalid_note(count) + " (--strict)")
    if count:
        print(f"warning: {invalid_note(count)}", file=sys.stderr)
    return count


def add_strict_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--strict",
        action="store_true",
        help="refuse to answer (exit 1) when the graph fails validation; default: a warning",
    )
