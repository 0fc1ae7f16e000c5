"""The `g40kg` command: one entry point, one verb per job."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from g40kg.cli.validity import InvalidGraph
from g40kg.project.cache import NO_CACHE_ENV
from g40kg.project.errors import InputError, UsageError
from g40kg.project.files import write_atomically
from g40kg.project.paths import ROOT_ENV

# Modules that add verbs of their own: each has register(verbs) taking the subparsers object
# and setting func=... on every parser it adds (see cmd_* below for the contract: return the
# exit status). Imports inside cmd functions keep `g40kg --help` fast.
EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT = 0, 1, 2


def cmd_validate(args: argparse.Namespace) -> int:
    from g40kg.project.load import open_project, read_project
    from g40kg.shacl.findings import conforms, kept_findings, render

    opened = read_project()
    if args.engine == "pyshacl":  # the reference: pyshacl on an rdflib graph made from the store
        from g40kg.shacl.pyshacl_engine import pyshacl_findings

        findings = pyshacl_findings(open_project(opened=opened))
    elif opened.kept.get("checked") and (kept := kept_findings(opened.kept)) is not None:
        # These bytes passed the input checks and were validated by this code: the store
        # would be built only to be left unread (6 s at a million triples).
        findings = kept
    else:  # the shapes compiled to SPARQL on the store; findings kept per state of the inputs
        from g40kg.shacl.findings import validate

        findings = validate(open_project(opened=opened))
    print(render(findings, args.format))
    return EXIT_OK if conforms(findings) else EXIT_VIOLATIONS


def cmd_export(args: argparse.Namespace) -> int:
    from g40kg.project.export import export, format_for
    from g40kg.project.load import open_project

    fmt = format_for(args.output, args.format)
    data = export(open_project().store, fmt)
    if args.output:
        write_atomically(Path(args.output), data)
    else:
        out = getattr(sys.stdout, "buffer", None)  # bytes as written; a text stream gets text
        out.write(data) if out is not None else sys.stdout.write(data.decode("utf-8"))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from g40kg.project.load import open_project

    project = open_project()
    if args.coverage:
        from g40kg.annotate.coverage import coverage, render_coverage

        report = coverage(project.rdflib_graph())
        print(render_coverage(report))
        return EXIT_VIOLATIONS if any(c.uncovered() for c in report) else EXIT_OK
    from g40kg.project.stats import stats_text

    print(stats_text(project.store))
    return EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    from g40kg.annotate.fmt import run_fmt

    result = run_fmt(check=args.check)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        print("fmt: nothing written; fix the quotes above", file=sys.stderr)
        return EXIT_INPUT
    for path in result.changed:
        print(f"{'would reformat' if args.check else 'reformatted'} {path}")
    if args.check and result.changed:
        return EXIT_VIOLATIONS
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="g40kg",
        description="Knowledge graph of the G40 pillar Economie en Werk: validate, query, view.",
    )
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="show the version and exit"
    )
    parser.add_argument(
        "--root",
        metavar="DIR",
        help=f"the project to work on (default: ${ROOT_ENV}, else the folder holding ontology/ "
        "and data/ at or above the working directory)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help=f"neither read nor write .g40kg-cache/ (the same as ${NO_CACHE_ENV}=1)",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)

    def verb(name: str, help_text: str, func: Callable[[argparse.Namespace], int]):
        sub = verbs.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(func=func)
        return sub

    sub = verb(
        "validate", "Check the graph against the SHACL shapes (exit 1 on violations).", cmd_validate
    )
    sub.add_argument("--format", choices=("text", "json"), default="text")
    sub.add_argument(
        "--engine",
        choices=("fast", "pyshacl"),
        default="fast",
        help="fast: pyoxigraph on the cached store (default); pyshacl: the reference engine",
    )

    sub = verb(
        "export", "Write the merged graph; the same input gives a byte-identical file.", cmd_export
    )
    sub.add_argument("-o", "--output", help="file to write (default: standard output)")
    sub.add_argument(
        "--format",
        choices=("ttl", "nt", "nq", "jsonld"),
        help="default: from the -o file's extension (.ttl .nt .nq .jsonld), else ttl",
    )

    sub = verb(
        "stats", "Count instances per class, sources, facts and facts per source.", cmd_stats
    )
    sub.add_argument(
        "--coverage",
        action="store_true",
        help="per source, the mentions of known names and which no annotation links "
        "(exit 1 if a person or organisation mention is not linked)",
    )

    sub = verb(
        "fmt", "Rewrite the Turtle files in canonical form and fill in quote offsets.", cmd_fmt
    )
    sub.add_argument(
        "--check", action="store_true", help="only check; exit 1 if a file is not in canonical form"
    )
    from g40kg.cli import annotate, query, site, view

    for module in (query, view, annotate, site):
        module.register(verbs)
    return parser


class _VersionAction(argparse.Action):
    """--version, looked up only when asked (importlib.metadata costs every command 20 ms)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[no-untyped-def]
        print(f"g40kg {_version()}")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("g40kg")
    except PackageNotFoundError:
        return "unknown (not installed)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.root is not None:  # every module finds the project through $G40KG_ROOT
        os.environ[ROOT_ENV] = str(Path(args.root).resolve())
    if args.no_cache:
        os.environ[NO_CACHE_ENV] = "1"
    try:
        return args.func(args)
    except InvalidGraph as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_VIOLATIONS
    except (InputError, UsageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # `g40kg ... | head`: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
