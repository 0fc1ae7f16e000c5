"""Recall and precision of person and organisation mentions in the five corpus texts: Frog's
Dutch NER (as `g40kg suggest` uses it, job titles and sentence-initial words trimmed) against
today's capitalised-words finder (the fallback without Frog).

Gold: every mention the hand annotations make findable: an occurrence of a label or alias of a
person or organisation of the graph (g40kg.annotate.coverage's mentions; municipalities are
organisations). A gold mention is found when a predicted span overlaps it; a predicted span is
right when it overlaps a gold mention (of its kind, for Frog: PER for people, ORG or LOC for
organisations, since Frog calls a municipality a location). Today's finder gives no kind, so
its precision is over people and organisations together.

    python benchmarks/ner.py            # prints the table (Frog must be installed for its rows)
"""

from __future__ import annotations

import sys
import time

from g40kg.annotate.annotation_file import sources
from g40kg.annotate.coverage import coverage
from g40kg.annotate.ner import FrogUnavailable, frog_names
from g40kg.annotate.suggest import fallback_names
from g40kg.project.load import rdflib_data

Span = tuple[int, int]


def overlaps(a: Span, spans: list[Span]) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in spans)


def score(gold: list[Span], predicted: list[Span]) -> tuple[int, int, int, int]:
    """(gold found, gold, predicted right, predicted)."""
    found = sum(overlaps(g, predicted) for g in gold)
    right = sum(overlaps(p, gold) for p in predicted)
    return found, len(gold), right, len(predicted)


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def main() -> int:
    graph = rdflib_data()
    reports = {c.source: c for c in coverage(graph)}
    totals: dict[str, list[int]] = {}
    seconds = 0.0
    frog_ok = True
    for source in sources(graph):
        report = reports[source.iri]
        people = [(m.start, m.end) for m in report.mentions if "person" in m.kinds]
        orgs = [(m.start, m.end) for m in report.mentions if "organisation" in m.kinds]
        known: list[Span] = []  # today's finder without the gazetteer: nothing is known
        old = [(s.start, s.end) for s in fallback_names(source.text, known)]
        rows = {
            "capitalised words: people": score(people, old)[:2] + (0, 0),
            "capitalised words: organisations": score(orgs, old)[:2] + (0, 0),
            "capitalised words: both": score(people + orgs, old),
        }
        if frog_ok:
            try:
                start = time.perf_counter()
                spans = frog_names(source.text)
                seconds += time.perf_counter() - start
            except FrogUnavailable as exc:
                print(f"ner.py: {exc}: Frog rows left out", file=sys.stderr)
                frog_ok = False
        if frog_ok:
            per = [(s.start, s.end) for s in spans if s.kind == "person"]
            org = [(s.start, s.end) for s in spans if s.kind in ("organisation", "place")]
            rows["Frog: people"] = score(people, per)
            rows["Frog: organisations"] = score(orgs, org)
            rows["Frog: both"] = score(people + orgs, per + org)
        for name, row in rows.items():
            total = totals.setdefault(name, [0, 0, 0, 0])
            for i, value in enumerate(row):
                total[i] += value
    print("| finder | gold mentions | recall | predicted spans | precision |")
    print("|---|---:|---:|---:|---:|")
    for name, (found, gold, right, predicted) in totals.items():
        precision = ratio(right, predicted) if predicted else "(no kind)"
        print(f"| {name} | {gold} | {ratio(found, gold)} | {predicted or '-'} | {precision} |")
    if frog_ok:
        print(f"\nFrog: {seconds:.1f} s for the five texts (one run per text, start-up included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
