"""`g40kg quote`: find a passage in a source text and print a ready-to-paste annotation, so
that nobody counts characters; when it is not there, show the closest passages and what
differs (usually a non-breaking space, a typographic quote or a line break)."""

from __future__ import annotations

import re
import shlex
import sys
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from g40kg.annotate.annotation_file import SourceRef, slugify, turtle_block
from g40kg.annotate.selectors import occurrences
from g40kg.project.errors import UsageError
from g40kg.project.namespaces import ANN, OA
from g40kg.project.turtle_writer import Writer

# What people type for what texts contain: typographic quotes and dashes.
TYPOGRAPHIC = {"’": "'", "‘": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"}
CUTOFF = 0.6
MAX_CLOSEST = 3
MAX_DIFFERENCES = 6
ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([tbnrf\"'\\]))")
CONTROL_NAMES = {"\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\t": "TAB"}
ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def decode_escapes(passage: str) -> str:
    """Read Turtle string escapes (\\u00A0, \\n, \\\\) in a passage typed on the command line."""

    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if not code:
            return ECHAR[match.group(3)]
        if int(code, 16) > sys.maxunicode:
            raise UsageError(f"PASSAGE: {match.group(0)} is not a Unicode character")
        return chr(int(code, 16))

    return ESCAPE.sub(one, passage)


def shown(text: str) -> str:
    """text as a one-line Turtle string: line breaks and invisible characters escaped."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return '"' + Writer.visible(escaped) + '"'


def described(text: str) -> str:
    """shown(text), with the Unicode names of its unusual characters when it is short."""
    unusual = [ch for ch in text if not (ch.isascii() and ch.isprintable())]
    if not unusual or len(text) > 3:
        return shown(text)
    names = ", ".join(
        f"U+{ord(ch):04X} {CONTROL_NAMES.get(ch) or unicodedata.name(ch, 'unnamed')}"
        for ch in unusual
    )
    return f"{shown(text)} ({names})"


@dataclass(frozen=True)
class Occurrence:
    """One place of the passage, with the shortest context that picks it out alone."""

    start: int
    end: int
    prefix: str | None = None
    suffix: str | None = None


def _common_suffix(text: str, a: int, b: int) -> int:
    """How many characters before a and before b agree."""
    n = 0
    while n < a and n < b and text[a - n - 1] == text[b - n - 1]:
        n += 1
    return n


def _common_prefix(text: str, a: int, b: int) -> int:
    """How many characters from a and from b agree (to the end of the text)."""
    n, size = 0, len(text)
    while a + n < size and b + n < size and text[a + n] == text[b + n]:
        n += 1
    return n


def disambiguate(text: str, exact: str, start: int, starts: list[int]) -> Occurrence:
    """The shortest oa:prefix/oa:suffix (fewest characters in all; prefix first on a tie) with
    which only this occurrence of exact fits, as g40kg.annotate.selectors.locate reads them."""
    end = start + len(exact)
    others = [s for s in starts if s != start]
    if not others:
        return Occurrence(start, end)
    # An other occurrence s stays in unless prefix length > before[s] or suffix length > after[s].
    before = {s: _common_suffix(text, start, s) for s in others}
    after = {s: _common_prefix(text, end, s + len(exact)) for s in others}
    # The whole text before and after always singles it out, so some choice below is possible.
    choices = []
    for i in {0} | {before[s] + 1 for s in others}:
        j = max((after[s] + 1 for s in others if before[s] >= i), default=0)
        if i <= start and j <= len(text) - end:
            choices.append((i + j, (i > 0) + (j > 0), j, i))
    _total, _sides, j, i = min(choices)
    return Occurrence(
        start, end, text[start - i : start] if i else None, text[end : end + j] if j else None
    )


def find_passage(text: str, exact: str) -> list[Occurrence]:
    """Every occurrence of exact, each with the context it needs to be unique."""
    starts = occurrences(text, exact)
    return [disambiguate(text, exact, s, starts) for s in starts]


def normalise(text: str) -> tuple[str, list[int], list[int]]:
    """text with typographic quotes made plain and every run of whitespace (non-breaking
    spaces and line breaks included) one space; with, per character, its span in text."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        if text[i].isspace():
            while j < len(text) and text[j].isspace():
                j += 1
            out.append(" ")
        else:
            out.append(TYPOGRAPHIC.get(text[i], text[i]))
        starts.append(i)
        ends.append(j)
        i = j
    return "".join(out), starts, ends


@dataclass(frozen=True)
class Near:
    """A passage of the text like the one asked for, and how it differs."""

    start: int
    end: int
    found: str
    score: float
    same_when_normalised: bool
    differences: list[str] = field(default_factory=list)


def differences(typed: str, found: str, offset: int) -> list[str]:
    """Each place where found (at offset in the text) differs from what was typed."""
    notes = []
    matcher = SequenceMatcher(None, typed, found, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        where = f"at {offset + j1}"
        if op == "replace":
            notes.append(
                f"{where}: the text has {described(found[j1:j2])}"
                f" where you typed {described(typed[i1:i2])}"
            )
        elif op == "insert":
            notes.append(f"{where}: the text has {described(found[j1:j2])}, not typed")
        elif op == "delete":
            notes.append(f"{where}: you typed {described(typed[i1:i2])}, not in the text")
    return notes


def _fuzzy_spans(norm: str, wanted: str) -> list[tuple[float, int, int]]:
    """(similarity, start, end) of windows of norm that resemble wanted, best first."""
    size = len(wanted)
    stride = max(1, size // 4)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(wanted)
    last = max(len(norm) - size, 0)
    scored = []
    for a in sorted({*range(0, last + 1, stride), last}):
        matcher.set_seq1(norm[a : a + size])
        if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF:
            ratio = matcher.ratio()
            if ratio >= CUTOFF:
                scored.append((ratio, a))
    spans = []
    for _ratio, a in sorted(scored, key=lambda item: (-item[0], item[1])):
        lo, hi = max(0, a - stride), min(len(norm), a + size + stride)
        region = SequenceMatcher(None, norm[lo:hi], wanted, autojunk=False)
        blocks = [b for b in region.get_matching_blocks() if b.size]
        start, end = lo + blocks[0].a, lo + blocks[-1].a + blocks[-1].size
        score = SequenceMatcher(None, norm[start:end], wanted, autojunk=False).ratio()
        if score >= CUTOFF:
            spans.append((score, start, end))
    return sorted(spans, key=lambda item: (-item[0], item[1]))


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen start/end that fall inside a word to the word's edges."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def closest_passages(text: str, passage: str, limit: int = MAX_CLOSEST) -> list[Near]:
    """The passages of text most like passage, none overlapping: those equal to it once quotes
    and whitespace are normalised (the usual cause) if there are any; else the windows most
    similar to it (difflib), widened to whole words, within 10 points of the best."""
    norm, starts, ends = normalise(text)
    wanted = normalise(passage)[0]
    if not wanted.strip():
        return []
    candidates = [(1.0, a, a + len(wanted)) for a in occurrences(norm, wanted)]
    if not candidates:
        fuzzy = _fuzzy_spans(norm, wanted)
        candidates = [c for c in fuzzy if c[0] >= fuzzy[0][0] - 0.1] if fuzzy else []
    chosen: list[Near] = []
    for score, a, b in candidates:
        start, end = starts[a], ends[b - 1]
        if score < 1.0:
            start, end = _snap_to_words(text, start, end)
        if any(start < near.end and near.start < end for near in chosen):
            continue
        found = text[start:end]
        same = normalise(found)[0] == wanted
        chosen.append(Near(start, end, found, score, same, differences(passage, found, start)))
        if len(chosen) == limit:
            break
    return chosen


def annotation_iri(source: SourceRef, passage: str, taken: set[URIRef]) -> URIRef:
    """ann:<source-slug>-<passage-slug>, numbered on when that name is taken."""
    base = f"{source.slug}-{slugify(passage, 40) or 'passage'}"
    iri, n = ANN[base], 1
    while iri in taken:
        n += 1
        iri = ANN[f"{base}-{n}"]
    taken.add(iri)
    return iri


def annotation_graph(iri: URIRef, source: URIRef, exact: str, place: Occurrence) -> Graph:
    """An oa:Annotation with both selectors, as the worked example writes them."""
    graph = Graph()
    target, quote, position = BNode(), BNode(), BNode()
    graph.add((iri, RDF.type, OA.Annotation))
    graph.add((iri, OA.hasTarget, target))
    graph.add((target, OA.hasSource, source))
    graph.add((target, OA.hasSelector, position))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(place.start, datatype=XSD.integer)))
    graph.add((position, OA.end, Literal(place.end, datatype=XSD.integer)))
    graph.add((target, OA.hasSelector, quote))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(exact)))
    if place.prefix is not None:
        graph.add((quote, OA.prefix, Literal(place.prefix)))
    if place.suffix is not None:
        graph.add((quote, OA.suffix, Literal(place.suffix)))
    return graph


def _context(place: Occurrence) -> str:
    parts = [f"oa:prefix {shown(place.prefix)}" if place.prefix is not None else ""]
    parts.append(f"oa:suffix {shown(place.suffix)}" if place.suffix is not None else "")
    return "  ".join(p for p in parts if p)


def render_found(
    source: SourceRef, passage: str, places: list[Occurrence], taken: set[URIRef]
) -> str:
    lines = [f"{shown(passage)} in {source.label()}:"]
    if len(places) == 1:
        lines.append(
            f"found once: start {places[0].start}, end {places[0].end}"
            " (0-based code points, end exclusive)"
        )
    else:
        lines.append(
            f"found {len(places)} times; each needs the oa:prefix/oa:suffix shown"
            " (0-based code points, end exclusive):"
        )
        for n, place in enumerate(places, start=1):
            lines.append(f"  {n}. start {place.start}, end {place.end}  {_context(place)}")
    for n, place in enumerate(places, start=1):
        lines.append("")
        if len(places) > 1:
            lines.append(f"# occurrence {n} of {len(places)}")
        iri = annotation_iri(source, passage, taken)
        lines.append(turtle_block(annotation_graph(iri, source.iri, passage, place)).rstrip())
    return "\n".join(lines) + "\n"


def render_not_found(source: SourceRef, passage: str, nears: list[Near]) -> str:
    lines = [f"not found: {shown(passage)} is not in {source.label()}"]
    if not nears:
        lines.append("no passage of the text comes close")
        return "\n".join(lines) + "\n"
    lines.append("closest passages (start, end; 0-based code points, end exclusive):")
    for near in nears:
        how = (
            "the same once spaces, line breaks and quotes are normalised"
            if near.same_when_normalised
            else f"{near.score:.0%} similar"
        )
        lines.append(f"  start {near.start}, end {near.end}: {shown(near.found)}  ({how})")
        for note in near.differences[:MAX_DIFFERENCES]:
            lines.append(f"      {note}")
        more = len(near.differences) - MAX_DIFFERENCES
        if more > 0:
            lines.append(f"      … and {more} more difference(s)")
        command = shlex.join(["g40kg", "quote", source.name, shown(near.found)[1:-1]])
        lines.append(f"      to quote it: {command}")
    return "\n".join(lines) + "\n"


def quote_report(source: SourceRef, passage: str, taken: set[URIRef]) -> tuple[int, str]:
    """(exit status, output): 0 with offsets and Turtle when found, 1 with the closest
    passages when not. taken holds the annotation IRIs already in use."""
    places = find_passage(source.text, passage)
    if places:
        return 0, render_found(source, passage, places, set(taken))
    return 1, render_not_found(source, passage, closest_passages(source.text, passage))
