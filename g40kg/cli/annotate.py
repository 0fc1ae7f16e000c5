"""The annotation verbs: add-source, quote, suggest, find and draft (docs/ADDING_A_SOURCE.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0


def cmd_add_source(args: argparse.Namespace) -> int:
    from g40kg.annotate.add_source import SourceRequest, add_source, describe
    from g40kg.project import paths

    request = SourceRequest(
        file=Path(args.file),
        title=args.title,
        url=args.url,
        date=args.date,
        date_from=args.date_from,
        date_to=args.date_to,
        publisher=args.publisher,
        evidence=args.evidence,
        slug=args.slug,
    )
    root = paths.project_root()
    print(describe(add_source(request, root), root))
    return EXIT_OK


def cmd_quote(args: argparse.Namespace) -> int:
    from g40kg.annotate.annotation_file import find_source
    from g40kg.annotate.quote import decode_escapes, quote_report
    from g40kg.project.errors import UsageError
    from g40kg.project.rdflib_loader import load
    from g40kg.project.texts import contains_email

    graph = load().data
    source = find_source(graph, args.source)
    passage = decode_escapes(args.passage)
    if not passage.strip():
        raise UsageError("PASSAGE is empty: give the words to find")
    if contains_email(passage):
        raise UsageError(
            "PASSAGE contains an e-mail address: quotes must not (privacy); "
            "quote the name, and the domain alone as evidence"
        )
    taken = set(graph.subjects())
    status, output = quote_report(source, passage, taken)
    sys.stdout.write(output)
    return status


def cmd_suggest(args: argparse.Namespace) -> int:
    from g40kg.annotate.annotation_file import find_source
    from g40kg.annotate.suggest import render_json, render_text, worklist
    from g40kg.project.rdflib_loader import load

    graph = load().data
    source = find_source(graph, args.source)
    items = worklist(graph, source)
    render = render_json if args.format == "json" else render_text
    sys.stdout.write(render(source, items))
    return EXIT_OK


def cmd_find(args: argparse.Namespace) -> int:
    from g40kg.annotate.find import find, nearest, render, render_none
    from g40kg.project.errors import UsageError
    from g40kg.project.rdflib_loader import load

    if not args.text.strip():
        raise UsageError("TEXT is empty: give a name, an alias or an abbreviation")
    graph = load().data
    hits = find(graph, args.text)
    if not hits:
        sys.stdout.write(render_none(args.text, nearest(graph, args.text)))
        return 1
    sys.stdout.write(render(args.text, hits))
    return EXIT_OK


SOURCE_HELP = "the source: src:slug (or its IRI), its text file name, or its number (005)"


def register(verbs: argparse._SubParsersAction) -> None:
    """Add add-source, quote and suggest to the g40kg command."""
    text = "Copy a new text into data/texts/ and start its annotation file (nothing on error)."
    sub = verbs.add_parser("add-source", help=text, description=text)
    sub.set_defaults(func=cmd_add_source)
    sub.add_argument("file", metavar="FILE", help="the text: UTF-8, copied byte for byte")
    sub.add_argument("--title", required=True, help="the source's title (dcterms:title, @nl)")
    sub.add_argument("--url", help="its public address (schema:url)")
    sub.add_argument("--date", help="its date: YYYY-MM-DD, YYYY-MM or YYYY (as precise as known)")
    sub.add_argument("--date-from", help="earliest possible date, with --date-to (a range)")
    sub.add_argument("--date-to", help="latest possible date, with --date-from")
    sub.add_argument(
        "--publisher",
        default="body:g40",
        help="the publishing organisation, a prefixed name or IRI in the graph (default body:g40)",
    )
    sub.add_argument(
        "--evidence", help="how the date is known (g40:dateEvidence); required with a date"
    )
    sub.add_argument("--slug", help="the source's name src:SLUG (default: from the title)")

    text = "Find a passage in a text: its offsets and a ready-to-paste annotation block."
    sub = verbs.add_parser("quote", help=text, description=text + " Exit 1 if not found.")
    sub.set_defaults(func=cmd_quote)
    sub.add_argument("source", metavar="SOURCE", help=SOURCE_HELP)
    sub.add_argument(
        "passage",
        metavar="PASSAGE",
        help="the words to find; Turtle escapes are read (\\u00A0 a non-breaking space, \\n)",
    )

    text = "List what a text mentions that no annotation covers, by position."
    sub = verbs.add_parser("suggest", help=text, description=text)
    sub.set_defaults(func=cmd_suggest)
    sub.add_argument("source", metavar="SOURCE", help=SOURCE_HELP)
    sub.add_argument("--format", choices=("text", "json"), default="text")

    text = "Look an entity up by name, alias, abbreviation or a close spelling."
    sub = verbs.add_parser(
        "find", help=text, description=text + " Exit 1 (with the nearest names) if none matches."
    )
    sub.set_defaults(func=cmd_find)
    sub.add_argument("text", metavar="TEXT", help='a name as a text writes it: "MKB Nederland"')
