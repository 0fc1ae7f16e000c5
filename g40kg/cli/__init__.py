"""The `g40kg` command: argument parsing and one module per group of verbs, and nothing else.

Nothing outside this package imports from it; the verbs call into the packages below."""

from g40kg.cli.commands import build_parser, main

__all__ = ["build_parser", "main"]
