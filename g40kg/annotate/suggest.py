"""`g40kg suggest`: the worklist of a text, so that no name is overlooked: known entities it
mentions that no annotation links (found by g40kg.annotate.coverage), and names that match no
entity at all (possible new people or organisations): found by Frog's Dutch named-entity
recognition (g40kg.annotate.ner), or, where Frog is not installed, by runs of capitalised
words (the fallback, which says so)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

from rdflib import Graph
from rdflib.namespace import FOAF, RDFS, SKOS

from g40kg.annotate.annotation_file import SourceRef, short_name
from g40kg.annotate.coverage import annotation_spans, coverage, linked_spans, links
from g40kg.annotate.names import name_key
from g40kg.annotate.ner import FrogUnavailable, Span, frog_names, trim
from g40kg.annotate.quote import shown
from g40kg.annotate.selectors import fill_positions, source_texts

# Dutch names join capitalised words with these (Frank den Brok, Petra van der Zee).
TUSSENVOEGSELS = frozenset({"van", "de", "den", "der", "ten", "ter"})
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# The words of one name stand on one line, separated only by (non-breaking) spaces.
GAP = re.compile(r"[ \u00A0]+")
SENTENCE_END = ".!?"
OPENERS = "([\"'“‘„•*-–—"


@dataclass(frozen=True)
class Item:
    """One thing to annotate: a known entity's uncovered mention, or an unknown name."""

    start: int
    end: int
    text: str
    status: str  # "known" (an entity's label, not covered) or "unknown" (matches no entity)
    entities: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    covered: bool = False


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def sentence_initial(text: str, start: int) -> bool:
    """Whether start opens a sentence or a line (after opening quotes, brackets, bullets)."""
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in OPENERS):
        if text[i] in "\n\r":
            return True
        i -= 1
    return i < 0 or text[i] in SENTENCE_END


def name_spans(text: str, known: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Runs of capitalised words on one line, joined by spaces and tussenvoegsels, that stop
    at a known name (Jan de Vries van de VNG → Jan de Vries); single words that open a
    sentence are left out (every sentence starts with a capital)."""

    def free(word: re.Match[str]) -> bool:
        return not any(s < word.end() and word.start() < e for s, e in known)

    words = list(WORD.finditer(text))
    spans = []
    i = 0
    while i < len(words):
        if not (_capitalised(words[i].group()) and free(words[i])):
            i += 1
            continue
        last = j = i
        while j + 1 < len(words) and GAP.fullmatch(text[words[j].end() : words[j + 1].start()]):
            j += 1
            if not free(words[j]):
                break
            if _capitalised(words[j].group()):
                last = j
            elif words[j].group() not in TUSSENVOEGSELS:
                break
        start, end = words[i].start(), words[last].end()
        if last > i or not sentence_initial(text, start):
            spans.append((start, end))
        i = last + 1
    return spans


def fallback_names(text: str, known: list[tuple[int, int]]) -> list[Span]:
    """name_spans without job titles, lone sentence-initial words and single letters."""
    found = []
    for start, end in name_spans(text, known):
        kept = trim(text, Span(start, end, text[start:end], "unknown"))
        if kept is not None and (" " in kept.text or not sentence_initial(text, kept.start)):
            found.append(kept)
    return found


def unknown_names(
    text: str, known: list[tuple[int, int]], use_frog: bool
) -> tuple[list[Span], str]:
    """(names that overlap no known mention, a note on how they were found)."""
    note = ""
    if use_frog:
        try:
            spans = [s for s in frog_names(text) if s.kind in ("person", "organisation")]
        except FrogUnavailable as exc:
            note = f"{exc}; falling back to capitalised words (less precise)"
            spans = fallback_names(text, known)
    else:
        spans = fallback_names(text, known)
    free = [s for s in spans if not any(a < s.end and s.start < b for a, b in known)]
    return free, note


def worklist(graph: Graph, source: SourceRef, use_frog: bool = True) -> tuple[list[Item], str]:
    """Unlinked mentions of known entities and unknown names, by position; and a note when
    Frog was wanted but could not run.

    Quotes without offsets count as covering (their offsets are filled in as fmt would)."""
    fill_positions(graph, source_texts(graph))
    report = next(c for c in coverage(graph) if c.source == source.iri)
    spans = annotation_spans(graph).get(source.iri, [])
    linked = linked_names(graph, source)
    items = [
        Item(
            m.start,
            m.end,
            m.text,
            "known",
            tuple(sorted(short_name(e) for e in m.entities)),
            tuple(sorted(m.kinds)),
            False,
        )
        for m in report.mentions
        if not m.covered
    ]
    known = [(m.start, m.end) for m in report.mentions]
    names, note = unknown_names(source.text, known, use_frog)
    for name in names:
        if is_linked(name, linked):
            continue
        covered = any(s <= name.start and name.end <= e for s, e in spans)
        kinds = () if name.kind == "unknown" else (name.kind,)
        items.append(Item(name.start, name.end, name.text, "unknown", kinds=kinds, covered=covered))
    return sorted(items, key=lambda item: (item.start, item.end)), note


def linked_names(graph: Graph, source: SourceRef) -> list[tuple[int, int, set[str]]]:
    """(start, end, the name keys of every entity it links) of each annotation of source."""
    linked = links(graph)
    names = [RDFS.label, FOAF.name, SKOS.altLabel]
    return [
        (
            start,
            end,
            {
                name_key(str(n))
                for e in linked.get(ann, ())
                for p in names
                for n in graph.objects(e, p)
            },
        )
        for start, end, ann in linked_spans(graph).get(source.iri, [])
    ]


def is_linked(name: Span, linked: list[tuple[int, int, set[str]]]) -> bool:
    """Whether an annotation whose passage contains name links an entity whose name contains
    it word for word ("Visscher" in "Aldus Visscher", annotated as a mention of Mirjam
    Visscher): a short form of a linked name, not a new person."""
    words = f" {name_key(name.text)} "
    return words.strip() != "" and any(
        s <= name.start and name.end <= e and any(words in f" {key} " for key in keys)
        for s, e, keys in linked
    )


def render_text(source: SourceRef, items: list[Item]) -> str:
    lines = [f"{source.label()}: {len(items)} item(s) to annotate"]
    for item in items:
        where = f"[{item.start}, {item.end})"
        if item.status == "known":
            what = f"{', '.join(item.entities)} ({', '.join(item.kinds)}), no annotation links it"
        else:
            guess = f"a new {item.kinds[0]}" if item.kinds else "a new person or organisation"
            what = f"matches no entity: {guess}?"
            if item.covered:
                what += " (inside an annotated passage)"
        lines.append(f"{where:14s} {shown(item.text)}  {what}")
    return "\n".join(lines) + "\n"


def render_json(source: SourceRef, items: list[Item]) -> str:
    payload = {
        "source": source.name,
        "text_file": source.text_file,
        "items": [asdict(item) for item in items],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
