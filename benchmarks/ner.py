"""Recall and precision of person and organisation mentions in the corpus texts, for three
finders: (a) Frog alone (as `g40kg suggest` runs it: job titles, sentence-initial words and lone
common nouns trimmed), (b) the capitalised-words finder (the fallback without Frog), and (c) what
`suggest` delivers for a NEW text: Frog merged with the known-entity gazetteer, where the
gazetteer knows only what the graph would know before the text was annotated (leave one text
out): the reference data (municipalities, ministries, VNG committees: data/reference/) and the
entities the annotations of the OTHER texts link. Nothing of the text's own annotations is used
to find its mentions, so (c) is not circular.

Gold, per text: every occurrence of a name (label or alias, under find's normalisation) of a
person or organisation of the graph (g40kg.annotate.coverage's mentions; municipalities are
organisations), and every first or last name on its own ("Willemien", "Borstlap") inside an
annotated passage that links that person. A prediction is right *exactly* when its span (after
the job titles are trimmed) equals a gold span of its kind, and *by overlap* when it overlaps
one; the same two rules count a gold mention as found. Frog's LOC counts for organisations
(Frog calls a municipality a location). The capitalised-words finder gives no kind: its
precision is over people and organisations together.

    python benchmarks/ner.py            # prints the table (Frog must be installed)
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, PROV, RDF, RDFS

from g40kg.annotate.annotation_file import SourceRef, sources
from g40kg.annotate.coverage import (
    coverage,
    entity_kinds,
    find_mentions,
    label_index,
    linked_spans,
    links,
)
from g40kg.annotate.ner import FrogUnavailable, Span, frog_names
from g40kg.annotate.suggest import TUSSENVOEGSELS, fallback_names
from g40kg.project.load import rdflib_data
from g40kg.project.namespaces import G40, OA

Pos = tuple[int, int]
KINDS = ("person", "organisation")


@dataclass
class Tally:
    """Counts of one finder for one kind, summed over the texts."""

    gold: int = 0
    found_exact: int = 0
    found_overlap: int = 0
    predicted: int = 0
    right_exact: int = 0
    right_overlap: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, text: str, gold: list[Pos], predicted: list[Pos], kinded: bool = True) -> None:
        """Count predicted against gold in one text (kinded: precision is this kind's)."""
        self.gold += len(gold)
        self.found_exact += sum(g in predicted for g in gold)
        self.found_overlap += sum(overlaps(g, predicted) for g in gold)
        self.misses += [text[s:e] for s, e in gold if not overlaps((s, e), predicted)]
        if kinded:
            self.predicted += len(predicted)
            self.right_exact += sum(p in gold for p in predicted)
            self.right_overlap += sum(overlaps(p, gold) for p in predicted)
            self.wrong += [text[s:e] for s, e in predicted if (s, e) not in gold]


def overlaps(a: Pos, spans: list[Pos]) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in spans)


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def source_of(graph: Graph, annotation: URIRef) -> URIRef | None:
    target = graph.value(annotation, OA.hasTarget)
    return None if target is None else graph.value(target, OA.hasSource)


def linked_by_source(graph: Graph) -> dict[URIRef, set[URIRef]]:
    """Source → every entity its annotations link (bodies, and what facts from them name)."""
    found: dict[URIRef, set[URIRef]] = {}
    for annotation, entities in links(graph).items():
        source = source_of(graph, annotation)
        if source is not None:
            found.setdefault(source, set()).update(entities)
    return found


def reference_entities(graph: Graph) -> set[URIRef]:
    """Entities of the reference data (derived from a g40:ReferenceSource), known in advance."""
    refs = set(graph.subjects(RDF.type, G40.ReferenceSource))
    return {s for s, o in graph.subject_objects(PROV.wasDerivedFrom) if o in refs}


def gold_mentions(graph: Graph) -> dict[URIRef, dict[str, list[Pos]]]:
    """Source → kind → the gold spans (see the module's docstring)."""
    gold: dict[URIRef, dict[str, list[Pos]]] = {}
    for report in coverage(graph):
        by_kind = gold.setdefault(report.source, {k: [] for k in KINDS})
        for m in report.mentions:
            for kind in KINDS:
                if kind in m.kinds:
                    by_kind[kind].append((m.start, m.end))
    texts = {s.iri: s.text for s in sources(graph)}
    linked = links(graph)
    for source, spans in linked_spans(graph).items():
        if source not in texts:
            continue
        people, organisations = gold[source]["person"], gold[source]["organisation"]
        for start, end, annotation in spans:
            for person in linked.get(annotation, ()):
                if (person, RDF.type, FOAF.Person) not in graph:
                    continue
                for part in name_parts(graph, person):
                    for m in re.finditer(rf"(?<!\w){re.escape(part)}(?!\w)", texts[source]):
                        span = (m.start(), m.end())
                        taken = overlaps(span, people + organisations)
                        if start <= span[0] and span[1] <= end and not taken:
                            people.append(span)
    for by_kind in gold.values():
        for kind in KINDS:
            by_kind[kind] = sorted(set(by_kind[kind]))
    return gold


def name_parts(graph: Graph, person: URIRef) -> set[str]:
    """A person's first and last names as written ("Frank", "Brok" of "Frank den Brok")."""
    names = {str(n) for p in (RDFS.label, FOAF.name) for n in graph.objects(person, p)}
    return {
        w
        for n in names
        for w in n.split()
        if w[:1].isupper() and len(w) >= 3 and w.lower() not in TUSSENVOEGSELS
    }


def gazetteer_spans(
    graph: Graph, text: str, known: set[URIRef], kinds: dict[URIRef, str]
) -> dict[str, list[Pos]]:
    """Kind → spans of the names of the known entities in text, as suggest finds them."""
    index = label_index(graph, {e: k for e, k in kinds.items() if e in known})
    found: dict[str, list[Pos]] = {k: [] for k in KINDS}
    for start, end, name in find_mentions(text, index):
        for kind in {kinds[e] for e in index[name]} & set(KINDS):
            found[kind].append((start, end))
    return found


def frog_by_kind(spans: list[Span]) -> dict[str, list[Pos]]:
    return {
        "person": [(s.start, s.end) for s in spans if s.kind == "person"],
        "organisation": [(s.start, s.end) for s in spans if s.kind in ("organisation", "place")],
    }


def merged(gazetteer: dict[str, list[Pos]], frog: dict[str, list[Pos]]) -> dict[str, list[Pos]]:
    """suggest's merge: the gazetteer's mentions, and Frog's spans that overlap none of them."""
    known = gazetteer["person"] + gazetteer["organisation"]
    return {k: gazetteer[k] + [s for s in frog[k] if not overlaps(s, known)] for k in KINDS}


def run_frog(texts: list[SourceRef]) -> tuple[dict[URIRef, list[Span]], float]:
    """Frog's spans per text and the seconds it took (one run per text, start-up included)."""
    found, seconds = {}, 0.0
    for source in texts:
        start = time.perf_counter()
        found[source.iri] = frog_names(source.text)
        seconds += time.perf_counter() - start
    return found, seconds


def measure(graph: Graph) -> tuple[dict[str, Tally], int, float]:
    """(finder and kind → tally, the number of texts, Frog's seconds)."""
    texts = sources(graph)
    gold = gold_mentions(graph)
    kinds = entity_kinds(graph)
    reference = reference_entities(graph)
    linked = linked_by_source(graph)
    frog, seconds = run_frog(texts)
    tallies: dict[str, Tally] = {}

    def tally(name: str) -> Tally:
        return tallies.setdefault(name, Tally())

    for source in texts:
        text, by_kind = source.text, gold[source.iri]
        capitalised = [(s.start, s.end) for s in fallback_names(text, [])]
        others = set().union(*(v for k, v in linked.items() if k != source.iri))
        known = reference | others
        frog_spans = frog_by_kind(frog[source.iri])
        suggest_spans = merged(gazetteer_spans(graph, text, known, kinds), frog_spans)
        for kind in KINDS:
            tally(f"capitalised words: {kind}").add(text, by_kind[kind], capitalised, False)
            tally(f"Frog alone: {kind}").add(text, by_kind[kind], frog_spans[kind])
            tally(f"suggest (Frog + gazetteer of the other texts): {kind}").add(
                text, by_kind[kind], suggest_spans[kind]
            )
        both = by_kind["person"] + by_kind["organisation"]
        cap = tally("capitalised words: both")
        cap.predicted += len(capitalised)
        cap.right_exact += sum(p in both for p in capitalised)
        cap.right_overlap += sum(overlaps(p, both) for p in capitalised)
    return tallies, len(texts), seconds


def table(tallies: dict[str, Tally]) -> str:
    lines = [
        "| finder: kind | gold | recall exact | recall overlap | predicted "
        "| precision exact | precision overlap |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, t in tallies.items():
        if name.endswith(": both"):
            lines.append(
                f"| {name} | - | - | - | {t.predicted} | {ratio(t.right_exact, t.predicted)} "
                f"| {ratio(t.right_overlap, t.predicted)} |"
            )
            continue
        predicted = str(t.predicted) if t.predicted else "(no kind)"
        lines.append(
            f"| {name} | {t.gold} | {ratio(t.found_exact, t.gold)} "
            f"| {ratio(t.found_overlap, t.gold)} | {predicted} "
            f"| {ratio(t.right_exact, t.predicted)} | {ratio(t.right_overlap, t.predicted)} |"
        )
    return "\n".join(lines)


def main() -> int:
    graph = rdflib_data()
    try:
        tallies, count, seconds = measure(graph)
    except FrogUnavailable as exc:
        print(f"ner.py: {exc}", file=sys.stderr)
        return 2
    print(table(tallies))
    print(
        f"\nFrog: {seconds:.1f} s for the {count} texts "
        f"({seconds / max(count, 1):.1f} s per text, one run each, start-up included)"
    )
    if "-v" in sys.argv[1:]:
        for name, t in tallies.items():
            if t.misses or t.wrong:
                print(f"\n{name}\n  missed: {t.misses}\n  wrong (not exact): {t.wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
