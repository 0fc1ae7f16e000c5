"""The `site` verb: write the browsable, offline report site (see g40kg.site.build)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from g40kg.cli.validity import add_strict_option, warn_if_invalid
from g40kg.project.errors import UsageError

EXIT_OK, EXIT_PROBLEMS = 0, 1


def cmd_site(args: argparse.Namespace) -> int:
    from g40kg.project.load import open_project
    from g40kg.site.build import build, check_target, write

    if not args.output:
        raise UsageError("give the folder to write: g40kg site -o DIR")
    folder = Path(args.output)
    check_target(folder)  # before the work, so a wrong -o fails at once
    project = open_project()
    invalid = warn_if_invalid(project, args.strict)
    built = build(project, invalid=invalid)
    files = write(folder, built)
    for problem in built.problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"wrote {len(files)} files to {folder}; open {folder / 'index.html'}")
    return EXIT_PROBLEMS if built.problems else EXIT_OK


def register(verbs: Any) -> None:
    """Add `site` to the g40kg command's subparsers."""
    help_text = (
        "Write a static report site that works offline: queries, views, a page per person, "
        "organisation and source text, and the ontology (exit 1 if a query could not run)."
    )
    sub = verbs.add_parser("site", help=help_text, description=help_text)
    sub.set_defaults(func=cmd_site)
    sub.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="the folder to write (new, empty, or an earlier site, which is replaced)",
    )
    add_strict_option(sub)
