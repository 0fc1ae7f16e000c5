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
    from g40kg.project.load import open_project
    from g40kg.project.texts import contains_email

    graph = open_project().rdflib_graph()
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
    from g40kg.project.load import open_project

    graph = open_project().rdflib_graph()
    source = find_source(graph, args.source)
    items, note = worklist(graph, source, use_frog=not args.no_frog)
    if note:
        print(f"g40kg suggest: {note}", file=sys.stderr)
    render = render_json if args.format == "json" else render_text
    sys.stdout.write(render(source, items))
    return EXIT_OK


def cmd_find(args: argparse.Namespace) -> int:
    from g40kg.annotate.find import find, nearest, render, render_none
    from g40kg.project.errors import UsageError
    from g40kg.project.load import open_project

    if not args.text.strip():
        raise UsageError("TEXT is empty: give a name, an alias or an abbreviation")
    graph = open_project().rdflib_graph()
    hits = find(graph, args.text, themes=args.themes)
    if not hits:
        sys.stdout.write(render_none(args.text, nearest(graph, args.text, themes=args.themes)))
        return 1
    sys.stdout.write(render(args.text, hits))
    return EXIT_OK


def cmd_draft(args: argparse.Namespace) -> int:
    from g40kg.annotate.annotation_file import find_source
    from g40kg.annotate.draft import Request, draft_fact, render, write_draft
    from g40kg.annotate.quote import decode_escapes
    from g40kg.project.errors import UsageError
    from g40kg.project.load import open_project

    graph = open_project().rdflib_graph()
    source = find_source(graph, args.source)
    if args.propose:
        from g40kg.annotate.patterns import proposals
        from g40kg.annotate.patterns import render as render_proposals

        if args.quote:
            raise UsageError("--propose takes no QUOTE: it reads the whole text")
        sys.stdout.write(render_proposals(source, proposals(graph, source)))
        return EXIT_OK
    if not args.quote or not args.kind:
        raise UsageError("give QUOTE and --kind (or --propose to see proposals)")
    request = Request(
        passage=decode_escapes(args.quote),
        kind=args.kind,
        **{name: getattr(args, name) for name in DRAFT_OPTIONS},
    )
    draft = draft_fact(graph, source, request)
    for warning in draft.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    block = render(draft)
    if not args.write:
        sys.stdout.write(block)
        return EXIT_OK
    from g40kg.project import paths

    root = paths.project_root()
    path = write_draft(source, draft, root)
    sys.stdout.write(block)
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    print(f"appended to {shown} and formatted it (g40kg fmt); now: g40kg validate")
    return EXIT_OK


DRAFT_OPTIONS = (
    "agent",
    "body",
    "role",
    "basis",
    "agent_type",
    "body_type",
    "name",
    "new",
    "label",
    "event_class",
    "date",
    "date_from",
    "date_to",
    "location",
)
TYPE_HELP = (
    "the class of a new {what}'s stub: person, organisation, theme-group (g40:ThemeGroup of the "
    "pillar Economie en Werk), event, programme, or an organisation class of the ontology "
    "(KnowledgeOrganisation, Company …; the error lists them). Default: {default}"
)


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

    text = "List what a text mentions that no annotation links, by position."
    sub = verbs.add_parser("suggest", help=text, description=text)
    sub.set_defaults(func=cmd_suggest)
    sub.add_argument("source", metavar="SOURCE", help=SOURCE_HELP)
    sub.add_argument("--format", choices=("text", "json"), default="text")
    sub.add_argument(
        "--no-frog",
        action="store_true",
        help="find unknown names by capitalised words only (no Frog NER; faster, less precise)",
    )

    text = "Draft an annotation and its fact from a quote (printed; --write appends it)."
    sub = verbs.add_parser("draft", help=text, description=text)
    sub.set_defaults(func=cmd_draft)
    sub.add_argument("source", metavar="SOURCE", help=SOURCE_HELP)
    sub.add_argument("quote", metavar="QUOTE", nargs="?", help="the passage, verbatim, once")
    sub.add_argument("--propose", action="store_true", help="list facts the text's phrasing says")
    sub.add_argument(
        "--kind",
        choices=("mandate", "affiliation", "participation", "mention", "event", "programme"),
        help="mandate (org:Membership), affiliation, participation (in an event or programme), "
        "mention (oa:hasBody), event, programme",
    )
    sub.add_argument("--agent", help="the person or organisation: a name, or an IRI")
    sub.add_argument("--body", help="the organisation (or, for a participation, the activity)")
    sub.add_argument("--role", help="a role of the role scheme (role:trekker or trekker)")
    sub.add_argument("--basis", help="how the text says it (default stated)")
    sub.add_argument(
        "--agent-type", help=TYPE_HELP.format(what="agent", default="person"), metavar="TYPE"
    )
    sub.add_argument(
        "--body-type",
        metavar="TYPE",
        help=TYPE_HELP.format(
            what="body", default="organisation; a participation's new activity needs one"
        ),
    )
    sub.add_argument(
        "--new",
        action="store_true",
        help="make a stub for a name that g40kg find matches only by a close or partial "
        "spelling, or several times (on purpose: it is a different entity)",
    )
    sub.add_argument("--label", help="the label of a --kind event or programme")
    sub.add_argument(
        "--class",
        dest="event_class",
        metavar="CLASS",
        help="the event's class (Meeting, Conference, WorkVisit …): --kind event, "
        "--body-type event",
    )
    sub.add_argument("--date", help="an event's or programme's date: YYYY-MM-DD, YYYY-MM, YYYY")
    sub.add_argument("--date-from", help="earliest possible date, with --date-to (a range)")
    sub.add_argument("--date-to", help="latest possible date, with --date-from")
    sub.add_argument(
        "--location", help="an event's municipality or place: a name (as find resolves it) or IRI"
    )
    sub.add_argument(
        "--name",
        help="the IRI's local name: fact:NAME (ann:NAME for a mention, event:NAME, prog:NAME); "
        "default from its parts",
    )
    sub.add_argument(
        "--write",
        action="store_true",
        help="append the block to the source's annotation file, then format that file",
    )

    text = "Look an entity up by name, alias, abbreviation or a close spelling."
    sub = verbs.add_parser(
        "find", help=text, description=text + " Exit 1 (with the nearest names) if none matches."
    )
    sub.set_defaults(func=cmd_find)
    sub.add_argument("text", metavar="TEXT", help='a name as a text writes it: "MKB Nederland"')
    sub.add_argument("--themes", action="store_true", help="look among the themes (theme:) as well")
