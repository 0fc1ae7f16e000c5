"""`g40kg add-source`: copy a new text into data/texts/ verbatim and start its annotation file
(the source block and a commented guide), checking everything before writing anything, so
that the graph validates right after and a refusal leaves no trace."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SDO, XSD

from g40kg.annotate.annotation_file import annotation_prefixes, expand_name, short_name, slugify
from g40kg.project import paths
from g40kg.project.errors import InputError, UsageError
from g40kg.project.files import write_atomically
from g40kg.project.load import open_project
from g40kg.project.namespaces import G40, SRC
from g40kg.project.turtle_writer import Layout, serialise

DEFAULT_PUBLISHER = "body:g40"
NUMBERED = re.compile(r"^(\d{3})_")
DATE_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), XSD.date),
    (re.compile(r"^(\d{4})-(\d{2})$"), XSD.gYearMonth),
    (re.compile(r"^(\d{4})$"), XSD.gYear),
)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TITLE_SLUG_LENGTH = 40
IS_ORGANISATION = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
ASK { ?publisher a/rdfs:subClassOf* org:Organization }
"""


@dataclass(frozen=True)
class SourceRequest:
    """What the annotator gives on the command line."""

    file: Path
    title: str
    url: str | None = None
    date: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    publisher: str = DEFAULT_PUBLISHER
    evidence: str | None = None
    slug: str | None = None


@dataclass(frozen=True)
class AddedSource:
    iri: URIRef
    text_path: Path
    annotation_path: Path


def parse_date(value: str, option: str) -> Literal:
    """A date in its real precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    for pattern, datatype in DATE_FORMS:
        match = pattern.match(value.strip())
        if not match:
            continue
        parts = [int(g) for g in match.groups()] + [1] * (3 - len(match.groups()))
        try:
            date(*parts)
        except ValueError as exc:
            raise UsageError(f"{option} {value!r}: not a real date ({exc})") from exc
        return Literal(value.strip(), datatype=datatype)
    raise UsageError(f"{option} {value!r}: write YYYY-MM-DD, YYYY-MM or YYYY")


def date_values(
    single: str | None, start: str | None, end: str | None, options: tuple[str, str, str]
) -> list[tuple[URIRef, Literal]]:
    """g40:date, or g40:earliestDate and g40:latestDate in order (add-source and draft share
    the rules; options are the three option names, for the messages)."""
    one, first, last = options
    if single and (start or end):
        raise UsageError(f"{one} cannot be combined with {first}/{last}: give one or a range")
    if bool(start) != bool(end):
        raise UsageError(f"a date range needs both {first} and {last}")
    values: list[tuple[URIRef, Literal]] = []
    if single:
        values.append((G40.date, parse_date(single, one)))
    if start and end:
        low, high = parse_date(start, first), parse_date(end, last)
        # Compared as the shapes compare them: as text, a value overlapping the other is fine.
        if str(low) > str(high) and not str(low).startswith(str(high)):
            raise UsageError(f"{first} {low} is after {last} {high}")
        values += [(G40.earliestDate, low), (G40.latestDate, high)]
    return values


def date_triples(request: SourceRequest) -> list[tuple[URIRef, Literal]]:
    """The source's date properties; a date needs evidence, a range both ends in order."""
    options = ("--date", "--date-from", "--date-to")
    triples = date_values(request.date, request.date_from, request.date_to, options)
    evidence = (request.evidence or "").strip()
    if triples and not evidence:
        raise UsageError(
            'a date needs --evidence: say where it comes from ("dated 12 March 2024 at the '
            'top of the page", "after the meeting of ... it reports")'
        )
    if evidence and not triples:
        raise UsageError("--evidence explains a date: give --date or --date-from/--date-to too")
    if evidence:
        triples.append((G40.dateEvidence, Literal(evidence)))
    return triples


def check_url(url: str) -> URIRef:
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or re.search(r"[\s<>\"{}|\\^`]", url)
    ):
        raise UsageError(f"--url {url!r}: give the full public address (https://...)")
    return URIRef(url)


def read_new_text(path: Path) -> bytes:
    """The file's bytes, refused unless it is non-empty UTF-8 text without NUL bytes."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"FILE {path}: cannot read it ({exc.strerror})") from exc
    if b"\0" in raw:
        raise InputError(path, None, "contains NUL bytes: not a text file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, line, "not UTF-8 text (save it as UTF-8 first)") from exc
    if not text.strip():
        raise InputError(path, None, "the text is empty")
    return raw


def existing_texts(root: Path) -> dict[str, str]:
    """sha256 → file name of every text already in data/texts/."""
    return {
        hashlib.sha256(p.read_bytes()).hexdigest(): p.name
        for p in sorted(paths.texts_dir(root).glob("*.txt"))
    }


def next_number(root: Path) -> int:
    """One more than the highest NNN_ of the texts and annotation files."""
    names = [p.name for p in paths.texts_dir(root).glob("*.txt")]
    names += [p.name for p in (paths.data_dir(root) / "annotations").glob("*.ttl")]
    numbers = [int(m.group(1)) for m in map(NUMBERED.match, names) if m]
    number = max(numbers, default=-1) + 1
    if number > 999:
        raise UsageError("data/texts/ already holds texts up to 999: no free 3-digit number")
    return number


def resolve_publisher(graph: Graph, value: str) -> URIRef:
    publisher = expand_name(value, "--publisher")
    if not any(graph.predicate_objects(publisher)):
        raise UsageError(
            f"--publisher {value}: no such organisation in the graph "
            "(see data/entities/organisations.ttl and data/reference/)"
        )
    if not graph.query(IS_ORGANISATION, initBindings={"publisher": publisher}).askAnswer:
        raise UsageError(f"--publisher {value}: exists but is not an organisation")
    return publisher


def choose_slug(graph: Graph, request: SourceRequest) -> str:
    """--slug as given (refused if taken), else the title's slug, numbered on if taken."""
    taken = {str(s) for s in graph.subjects()}
    if request.slug:
        if not SLUG.match(request.slug):
            raise UsageError(f"--slug {request.slug!r}: lower-case letters, digits and hyphens")
        if str(SRC[request.slug]) in taken:
            raise UsageError(f"--slug {request.slug}: src:{request.slug} exists already")
        return request.slug
    base = slugify(request.title, TITLE_SLUG_LENGTH)
    if not base:
        raise UsageError(f"--title {request.title!r}: give a title with letters or digits")
    slug, n = base, 1
    while str(SRC[slug]) in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def guide(number: str, title: str, text_file: str) -> list[str]:
    """The comment lines at the top of a new annotation file (fmt keeps them there): the
    commands that write its Turtle, so that nobody starts by writing it by hand."""
    return [
        f"# Annotations of data/texts/{text_file}:",
        f"# {title}",
        "#",
        "# Written by commands, not by hand (docs/ADDING_A_SOURCE.md; delete this guide after):",
        f"#   g40kg suggest {number}           the names in the text no annotation links yet",
        '#   g40kg find "a name"         the entity a name stands for: IRI, type, where used',
        f"#   g40kg draft {number} --propose   the facts the text's phrasing says, as commands",
        f'#   g40kg draft {number} "a passage" --kind mandate --agent NAME --body NAME --role ROLE',
        "#       prints the annotation, the fact and stubs for new entities; --write appends them",
        "#   g40kg validate              after every change",
    ]


def annotation_file_text(
    iri: URIRef, triples: list[tuple[URIRef, object]], header: list[str]
) -> str:
    graph = Graph()
    graph.add((iri, RDF.type, G40.Source))
    for predicate, obj in triples:
        graph.add((iri, predicate, obj))
    return serialise(graph, Layout(prefixes=annotation_prefixes(), header=header))


def add_source(request: SourceRequest, root: Path | None = None) -> AddedSource:
    """Check every parameter, then write the text and its annotation file (both or neither)."""
    root = root or paths.project_root()
    title = " ".join(request.title.split())  # one line: it also heads the file's comments
    if not title:
        raise UsageError("--title: give the source's title")
    raw = read_new_text(request.file)
    digest = hashlib.sha256(raw).hexdigest()
    already = existing_texts(root).get(digest)
    if already:
        raise InputError(request.file, None, f"this text is already data/texts/{already}")
    graph = open_project(root).rdflib_graph()
    dates = date_triples(request)
    publisher = resolve_publisher(graph, request.publisher)
    url = check_url(request.url) if request.url else None
    slug = choose_slug(graph, request)
    number = f"{next_number(root):03d}"
    stem = f"{number}_{digest[:16]}"
    text_path = paths.texts_dir(root) / f"{stem}.txt"
    annotation_path = paths.data_dir(root) / "annotations" / f"{stem}.ttl"
    for path in (text_path, annotation_path):
        if path.exists():
            raise InputError(path, None, "exists already: not overwritten")
    iri = SRC[slug]
    triples: list[tuple[URIRef, object]] = [
        (DCTERMS.title, Literal(title, lang="nl")),
        (DCTERMS.publisher, publisher),
        (G40.textFile, Literal(text_path.name)),
        (G40.sha256, Literal(digest)),
        *dates,
    ]
    if url is not None:
        triples.append((SDO.url, url))
    header = guide(number, title, text_path.name)
    ttl = annotation_file_text(iri, triples, header)
    # Valid UTF-8 decodes and encodes back to the same bytes (newlines untranslated).
    write_atomically(text_path, raw.decode("utf-8"))
    try:
        write_atomically(annotation_path, ttl)
        open_project(root)  # the new files pass the input checks, or neither stays
    except BaseException:
        text_path.unlink(missing_ok=True)
        annotation_path.unlink(missing_ok=True)
        raise
    return AddedSource(iri, text_path, annotation_path)


def describe(added: AddedSource, root: Path) -> str:
    number = added.text_path.name.split("_", 1)[0]
    return "\n".join(
        [
            f"added {added.text_path.relative_to(root)} (the text, verbatim)",
            f"added {added.annotation_path.relative_to(root)} ({short_name(added.iri)})",
            f"next: g40kg suggest {number}; g40kg draft {number} --propose",
        ]
    )
