"""Coverage of the texts by annotations: which mentions of known names no annotation links.

A mention is an occurrence of an entity's name in a source text under the one normalisation
of `g40kg find` (g40kg.annotate.names: case, accents, hyphen/space, a person's initial:
"MKB Nederland", "Sittard Geleen" and "M. Visscher" are known names), on word boundaries, the
longest match first ("VNG-commissie EKEM" is the committee, not the VNG). An abbreviation
counts only as written and as a whole token of its own: not "szw", not the tail of a longer name
("Tweede Kamercommissie SZW"), not after a word for a group its entity is not ("commissie SZW").
It is covered when an annotation whose passage contains it (or lies within it: "EZK" of
"ministerie van EZK") links that entity: as the body of a mention (oa:hasBody) or through a
fact derived from the annotation (prov:wasDerivedFrom) that names it. A name inside an
annotated passage that nothing links is not covered. Every person and organisation mention must
be covered; for places and themes the share is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS

from g40kg.annotate.find import ENTITY_QUERY
from g40kg.annotate.names import NameIndex, folded_text, name_variants
from g40kg.project.namespaces import CNT, G40, OA

LABELS = (RDFS.label, SKOS.altLabel, FOAF.name, SKOS.prefLabel)
KINDS = ("person", "organisation", "place", "theme")
MUST_COVER = ("person", "organisation")
# Words for a group that is often named after what it deals with ("commissie SZW").
GROUP_WORDS = ("commissie", "werkgroep", "stuurgroep", "themagroep", "overleg", "platform")


@dataclass(frozen=True)
class Mention:
    source: URIRef
    start: int
    end: int
    text: str
    entities: frozenset[URIRef]
    kinds: frozenset[str]
    covered: bool


@dataclass
class SourceCoverage:
    source: URIRef
    title: str
    mentions: list[Mention] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if kind in m.kinds]

    def uncovered(self, kinds: Iterable[str] = MUST_COVER) -> list[Mention]:
        wanted = set(kinds)
        return [m for m in self.mentions if not m.covered and m.kinds & wanted]

    def share(self, kind: str) -> float | None:
        found = self.of_kind(kind)
        if not found:
            return None
        return sum(m.covered for m in found) / len(found)


def entity_kinds(graph: Graph) -> dict[URIRef, str]:
    """The kind of every entity whose mentions coverage counts (find's ENTITY_QUERY)."""
    kinds: dict[URIRef, str] = {}
    for row in graph.query(ENTITY_QUERY):
        if str(row.kind) in KINDS:  # not events and programmes
            kinds.setdefault(row.entity, str(row.kind))
    return kinds


def label_index(graph: Graph, kinds: dict[URIRef, str]) -> NameIndex:
    """Every name of every entity of kinds (labels, aliases, "ministerie van SZW" forms; a
    person's initialled name too), looked up under the one normalisation."""
    index = NameIndex()
    for entity, kind in kinds.items():
        names = [str(label) for prop in LABELS for label in graph.objects(entity, prop)]
        for name in names + name_variants(names):
            index.add(name, entity, person=kind == "person")
    return index


def annotation_spans(graph: Graph) -> dict[URIRef, list[tuple[int, int]]]:
    return {
        source: [(start, end) for start, end, _ann in spans]
        for source, spans in linked_spans(graph).items()
    }


def linked_spans(graph: Graph) -> dict[URIRef, list[tuple[int, int, URIRef]]]:
    """Per source, (start, end, annotation) of every annotation with offsets."""
    spans: dict[URIRef, list[tuple[int, int, URIRef]]] = {}
    for annotation, target in graph.subject_objects(OA.hasTarget):
        source = graph.value(target, OA.hasSource)
        for selector in graph.objects(target, OA.hasSelector):
            if (selector, RDF.type, OA.TextPositionSelector) in graph:
                start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
                if start is not None and end is not None:
                    spans.setdefault(source, []).append((int(start), int(end), annotation))
    return spans


def links(graph: Graph) -> dict[URIRef, set[URIRef]]:
    """Annotation → the entities it links: its bodies, and every IRI a fact derived from it
    names (org:member, org:organization, g40:agent, g40:activity …)."""
    linked: dict[URIRef, set[URIRef]] = {}
    for annotation in set(graph.subjects(OA.hasTarget, None)):
        found = {b for b in graph.objects(annotation, OA.hasBody) if isinstance(b, URIRef)}
        for fact in graph.subjects(PROV.wasDerivedFrom, annotation):
            found |= {
                o
                for p, o in graph.predicate_objects(fact)
                if isinstance(o, URIRef) and p not in (RDF.type, PROV.wasDerivedFrom)
            }
        linked[annotation] = found
    return linked


def find_mentions(text: str, index: Mapping[str, set[URIRef]]) -> list[tuple[int, int, str]]:
    """Longest non-overlapping occurrences of any known name, on word boundaries: names folded
    (case, accents, hyphen/space, initials), abbreviations as written and as whole tokens.

    A name right after "@" is an e-mail domain (evidence, not a mention) and is skipped; so is
    an abbreviation that ends a longer name ("Tweede Kamercommissie SZW") or follows a word for
    a group that its entity is not ("commissie SZW" is a parliamentary committee, no ministry).
    """
    names = NameIndex.of(index)
    # Non-breaking and other odd spaces match a plain space; the length, so offsets, stay.
    spaced = "".join(" " if ch.isspace() else ch for ch in text)
    found = [
        (s, e)
        for s, e in _spelled(spaced, names) + _abbreviations(spaced, names)
        if not (s > 0 and spaced[s - 1] == "@")
    ]
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
        if not any(s < end and start < e for s, e in chosen):
            chosen.append((start, end))
    return [(s, e, text[s:e]) for s, e in sorted(chosen)]


def _spelled(text: str, names: NameIndex) -> list[tuple[int, int]]:
    """(start, end) in text of every folded known name, longest first at each place."""
    if not names.spelled:
        return []
    folded, where = folded_text(text)
    keys = sorted(names.spelled, key=len, reverse=True)
    pattern = re.compile(r"(?<![0-9a-z])(?:" + "|".join(map(re.escape, keys)) + r")(?![0-9a-z])")
    return [(where[m.start()], where[m.end() - 1] + 1) for m in pattern.finditer(folded)]


def _abbreviations(text: str, names: NameIndex) -> list[tuple[int, int]]:
    """(start, end) of each known abbreviation as written, as a whole token of its own."""
    if not names.abbreviations:
        return []
    wanted = sorted(names.abbreviations, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w@])(?:" + "|".join(map(re.escape, wanted)) + r")(?!\w)")
    return [
        (m.start(), m.end())
        for m in pattern.finditer(text)
        if not tail_of_a_name(text, m.start()) and not _other_group(text, m, names)
    ]


def _other_group(text: str, match: re.Match[str], names: NameIndex) -> bool:
    """Whether the abbreviation follows a word for a group ("commissie", "werkgroep") that no
    entity it names is called: then the group is named after it, and is another entity."""
    before = text[: match.start()].rstrip()
    word = re.search(r"(\w+)$", before)
    noun = next((n for n in GROUP_WORDS if word and word.group(1).lower().endswith(n)), None)
    if noun is None:
        return False
    entities = names[match.group(0)]
    return not any(noun in key for e in entities for key in names.keys_of.get(e, ()))


def tail_of_a_name(text: str, start: int) -> bool:
    """Whether the word before start (on the same line, after one space) is capitalised and
    does not open a sentence: then an abbreviation at start ends a longer name
    ("Tweede Kamercommissie SZW") rather than naming its own entity."""
    if start < 2 or text[start - 1] != " ":
        return False
    i = start - 1
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "-"):
        i -= 1
    word = text[i : start - 1]
    if not word or not word[0].isupper():
        return False
    j = i - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    return j >= 0 and text[j] not in ".!?\n\r:(\"“‘'•"


def nested(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether one span lies within the other: an annotation's passage that contains a mention,
    or an annotation of part of a longer name ("EZK" of "ministerie van EZK") both link it."""
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


def coverage(graph: Graph) -> list[SourceCoverage]:
    kinds = entity_kinds(graph)
    index = label_index(graph, kinds)
    spans = linked_spans(graph)
    linked = links(graph)
    report = []
    for source in sorted(graph.subjects(RDF.type, G40.Source)):
        text = graph.value(source, CNT.chars)
        if text is None:
            continue
        cov = SourceCoverage(source, str(graph.value(source, DCTERMS.title) or ""))
        source_spans = spans.get(source, [])
        for start, end, found in find_mentions(str(text), index):
            entities = frozenset(index[found])
            covered = any(
                nested((s, e), (start, end)) and linked.get(ann, set()) & entities
                for s, e, ann in source_spans
            )
            entity_kind_set = frozenset(kinds[e] for e in entities)
            cov.mentions.append(
                Mention(source, start, end, found, entities, entity_kind_set, covered)
            )
        report.append(cov)
    return report


def render_coverage(report: list[SourceCoverage]) -> str:
    """Per source: mentions per kind, uncovered person/organisation mentions, shares."""
    lines = []
    for cov in report:
        lines.append(f"{cov.source}  {cov.title}")
        for kind in KINDS:
            found = cov.of_kind(kind)
            share = cov.share(kind)
            pct = "-" if share is None else f"{share:.0%}"
            lines.append(f"  {kind:13s} mentions {len(found):4d}  covered {pct}")
        missing = cov.uncovered()
        for m in missing:
            lines.append(
                f'  UNCOVERED [{m.start},{m.end}) "{m.text}" ({", ".join(sorted(m.kinds))})'
            )
        lines.append("")
    total = sum(len(c.uncovered()) for c in report)
    lines.append(f"{total} uncovered person/organisation mention(s)")
    return "\n".join(lines)
