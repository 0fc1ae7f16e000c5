"""Facts the texts' own phrasing says, proposed for `g40kg draft --propose`: "Name (City)" is
an affiliation (basis:implied-bracket) and "met als trekker Name" a mandate (role:trekker).
Each proposal is a `g40kg draft` command for the analyst to confirm; nothing is written."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from rdflib import Graph

from g40kg.annotate.annotation_file import SourceRef, short_name
from g40kg.annotate.coverage import entity_kinds, find_mentions, label_index
from g40kg.annotate.find import EXACT, find
from g40kg.annotate.ner import JOB_TITLES, NOT_NAMES
from g40kg.annotate.selectors import occurrences

NAME_WORD = r"[A-ZÀ-Þ][\w'’-]+"
PARTICLE = r"(?:van|de|den|der|ten|ter|te|in 't|op)"
NAME = rf"{NAME_WORD}(?:[ \u00A0](?:{PARTICLE}[ \u00A0])*{NAME_WORD})+"
BRACKET = re.compile(rf"(?P<name>{NAME})[ \u00A0]\((?P<place>[^()\n]{{2,40}})\)")
TREKKER = re.compile(rf"met als trekkers?[ \u00A0](?P<name>{NAME})")


@dataclass(frozen=True)
class Proposal:
    start: int
    end: int
    passage: str
    kind: str
    agent: str
    body: str
    role: str | None
    basis: str
    why: str

    def command(self, source: SourceRef) -> str:
        words = ["g40kg", "draft", source.name, self.passage, "--kind", self.kind]
        words += ["--agent", self.agent, "--body", self.body]
        if self.role:
            words += ["--role", self.role]
        return shlex.join([*words, "--basis", self.basis])


def clean_name(name: str) -> str:
    """Drop job titles and non-name words in front ("Programmamanager Frans Nauta")."""
    words = name.split()
    while len(words) > 2 and (words[0].lower() in JOB_TITLES or words[0].lower() in NOT_NAMES):
        words.pop(0)
    return " ".join(words)


def unique(text: str, passage: str) -> bool:
    return len(occurrences(text, passage)) == 1


def proposals(graph: Graph, source: SourceRef) -> list[Proposal]:
    """Every "Name (City)" whose bracket names a known municipality or organisation, and
    every "met als trekker Name" after a known organisation in the same sentence."""
    text, found = source.text, []
    for match in BRACKET.finditer(text):
        name = clean_name(match["name"])
        hits = [h for h in find(graph, match["place"].strip()) if h.how == EXACT]
        if len(hits) != 1:
            continue
        start = match.end("name") - len(name)
        passage = text[start : match.end()]
        if unique(text, passage):
            body = short_name(hits[0].entity.iri)
            why = f'"{name} ({match["place"]})": a name with a place in brackets'
            found.append(
                Proposal(
                    start,
                    match.end(),
                    passage,
                    "affiliation",
                    name,
                    body,
                    None,
                    "implied-bracket",
                    why,
                )
            )
    kinds = entity_kinds(graph)
    index = label_index(graph, {e: k for e, k in kinds.items() if k == "organisation"})
    for match in TREKKER.finditer(text):
        name = clean_name(match["name"])
        sentence_start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start()))
        before = find_mentions(text[sentence_start + 1 : match.start()], index)
        if not before:
            continue
        s, _e, label = before[-1]
        start = sentence_start + 1 + s
        (body,) = sorted(index[label.casefold()])[:1]
        passage = text[start : match.end()]
        if unique(text, passage):
            why = f'"met als trekker {name}": {name} leads {label}'
            found.append(
                Proposal(
                    start,
                    match.end(),
                    passage,
                    "mandate",
                    name,
                    short_name(body),
                    "trekker",
                    "stated",
                    why,
                )
            )
    return sorted(found, key=lambda p: p.start)


def render(source: SourceRef, found: list[Proposal]) -> str:
    lines = [f"{source.label()}: {len(found)} proposal(s); run a command to see its Turtle,"]
    lines.append("add --write to append it to the annotation file (nothing is written before)")
    for proposal in found:
        lines.append("")
        lines.append(f"[{proposal.start}, {proposal.end})  {proposal.why}")
        lines.append(f"  {proposal.command(source)}")
    return "\n".join(lines) + "\n"
