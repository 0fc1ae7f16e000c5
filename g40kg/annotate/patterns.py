"""Facts the texts' own phrasing says, proposed for `g40kg draft --propose`: "Name (City)" is
an affiliation (basis:implied-bracket) and "met als trekker(s) A en B" a mandate (role:trekker)
for each trekker, a person or an organisation ("de gemeente Helmond"). Each proposal is a
`g40kg draft` command for the analyst to confirm; nothing is written. A proposal already
recorded is marked done, and a "met als trekker" that cannot be proposed says why."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, RDF

from g40kg.annotate.annotation_file import SourceRef, expand_name, short_name, slugify
from g40kg.annotate.coverage import entity_kinds, find_mentions, label_index
from g40kg.annotate.draft import KINDS, recorded_fact, scheme_terms
from g40kg.annotate.draft_entities import exact_hits
from g40kg.annotate.find import find
from g40kg.annotate.ner import JOB_TITLES, NOT_NAMES
from g40kg.annotate.selectors import occurrences
from g40kg.project.namespaces import ROLE

NAME_WORD = r"[A-ZÀ-Þ][\w'’-]+"
PARTICLE = r"(?:van|de|den|der|ten|ter|te|in 't|op)"
SPACE = r"[ \u00A0]"
NAME = rf"{NAME_WORD}(?:{SPACE}(?:{PARTICLE}{SPACE})*{NAME_WORD})+"
BRACKET = re.compile(rf"(?P<name>{NAME}){SPACE}\((?P<place>[^()\n]{{2,40}})\)")
# One trekker: a name (one word for an organisation, "Helmond"), after an optional job title
# or "de gemeente", with an optional place in brackets.
ITEM = (
    rf"(?:(?!en{SPACE})[a-z]+{SPACE})?(?:de{SPACE})?(?:gemeente{SPACE})?"
    rf"{NAME_WORD}(?:{SPACE}(?:{PARTICLE}{SPACE})*{NAME_WORD})*"
    rf"(?:{SPACE}\([^()\n]{{2,40}}\))?"
)
TREKKER = re.compile(
    rf"met{SPACE}als{SPACE}(?P<trekkers>trekkers?){SPACE}(?P<list>{ITEM}(?:,{SPACE}{ITEM})*(?:{SPACE}en{SPACE}{ITEM})?)"
)
LIST_SEPARATOR = re.compile(rf",{SPACE}|{SPACE}en{SPACE}")
NEW_THEME_GROUP = re.compile(rf"(?P<group>[Tt]hemagroep(?:{SPACE}[^\s,.;:()]+){{1,6}}),{SPACE}*$")


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
    body_type: str | None = None
    done: URIRef | None = None

    def command(self, source: SourceRef) -> str:
        words = ["g40kg", "draft", source.name, self.passage, "--kind", self.kind]
        words += ["--agent", self.agent, "--body", self.body]
        if self.body_type:
            words += ["--body-type", self.body_type]
        if self.role:
            words += ["--role", self.role]
        return shlex.join([*words, "--basis", self.basis])


@dataclass(frozen=True)
class Skipped:
    """A "met als trekker" that could not be proposed, and why (never dropped silently)."""

    start: int
    end: int
    why: str


def clean_name(name: str, titles: frozenset[str] = JOB_TITLES) -> str:
    """Drop job titles and non-name words in front ("Programmamanager Frans Nauta")."""
    words = name.split()
    while len(words) > 2 and (words[0].lower() in titles or words[0].lower() in NOT_NAMES):
        words.pop(0)
    return " ".join(words)


def unique(text: str, passage: str) -> bool:
    return len(occurrences(text, passage)) == 1


def the_entity(graph: Graph, name: str) -> URIRef | None:
    """The one entity find names exactly (as draft resolves a name), else None."""
    exact = exact_hits(find(graph, name))
    return exact[0].entity.iri if len(exact) == 1 else None


def bracket_proposals(graph: Graph, text: str) -> list[Proposal]:
    """Every "Name (City)" whose bracket names one known municipality or organisation."""
    found = []
    for match in BRACKET.finditer(text):
        name = clean_name(match["name"])
        body = the_entity(graph, match["place"].strip())
        if body is None:
            continue
        start = match.end("name") - len(name)
        passage = text[start : match.end()]
        if unique(text, passage):
            place = f'"{name} ({match["place"]})"'
            why = f"{place}: a name with a municipality or organisation in brackets"
            found.append(
                Proposal(
                    start,
                    match.end(),
                    passage,
                    "affiliation",
                    name,
                    short_name(body),
                    None,
                    "implied-bracket",
                    why,
                )
            )
    return found


def trekker_body(
    graph: Graph, text: str, match: re.Match[str], index: dict[str, set[URIRef]]
) -> tuple[int, str, str, str | None] | None:
    """(where the passage starts, the body for draft, its label, a stub type) of the
    organisation a "met als trekker" belongs to: a known one named right before it, a new
    "themagroep X" right before it (stubbed as a theme group), or the last known one in the
    sentence; None when the sentence names none."""
    sentence_start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start()))
    tail = text[sentence_start + 1 : match.start()]
    known = find_mentions(tail, index)
    if known and not tail[known[-1][1] :].strip(" ,\u00a0"):
        s, _e, label = known[-1]
        return sentence_start + 1 + s, short_name(first(index[label.casefold()])), label, None
    group = NEW_THEME_GROUP.search(tail)
    if group:
        name = group["group"]
        iri = the_entity(graph, name)
        body = short_name(iri) if iri is not None else name
        kind = None if iri is not None else "theme-group"
        return sentence_start + 1 + group.start("group"), body, name, kind
    if known:
        s, _e, label = known[-1]
        return sentence_start + 1 + s, short_name(first(index[label.casefold()])), label, None
    return None


def first(iris: set[URIRef]) -> URIRef:
    return sorted(iris)[0]


def trekker_agent(graph: Graph, item: str, titles: frozenset[str]) -> tuple[str, str, str] | None:
    """(the agent for draft, its name in the text, a note) for one trekker of the list; None
    for a single word that names no known organisation (it may be anything)."""
    words = item.split()
    while words and words[0].lower() in titles | NOT_NAMES:
        words.pop(0)
    name = re.sub(r"\s*\([^()]*\)$", "", " ".join(words))
    iri = the_entity(graph, name)
    if iri is not None and (iri, RDF.type, FOAF.Person) not in graph:
        return short_name(iri), name, f"{name} is {short_name(iri)}"
    if iri is not None:
        return name, name, ""
    if len(name.split()) < 2:
        return None
    hits = find(graph, name)
    if hits:
        near = short_name(hits[0].entity.iri)
        return name, name, f"{name} looks like {near}: draft will ask which is meant"
    return name, name, f"{name} is new: draft will make person:{slugify(name)}"


def trekker_proposals(graph: Graph, text: str) -> list[Proposal | Skipped]:
    """A mandate (role:trekker) for every trekker of every "met als trekker(s) …" list."""
    kinds = entity_kinds(graph)
    index = label_index(graph, {e: k for e, k in kinds.items() if k == "organisation"})
    titles = JOB_TITLES | frozenset(scheme_terms(graph, str(ROLE)))
    found: list[Proposal | Skipped] = []
    for match in TREKKER.finditer(text):
        where = trekker_body(graph, text, match, index)
        if where is None:
            why = f'"{match[0]}": skipped, no organisation is named before it in the sentence'
            found.append(Skipped(match.start(), match.end(), why + " (draft it with --body)"))
            continue
        start, body, label, body_type = where
        passage = text[start : match.end()]
        if not unique(text, passage):
            why = f'"{match[0]}": skipped, the passage occurs more than once (quote it longer)'
            found.append(Skipped(start, match.end(), why))
            continue
        stub = f"; {label} is new: draft will make a g40:ThemeGroup" if body_type else ""
        items = LIST_SEPARATOR.split(match["list"])
        if not match["trekkers"].endswith("s"):
            items = items[:1]  # "met als trekker A, en B": only A leads
        for item in items:
            agent = trekker_agent(graph, item, titles)
            if agent is None:
                why = f'"{item}" in "{match[0]}": skipped, one word that names no known entity'
                found.append(Skipped(start, match.end(), why))
                continue
            command_agent, name, note = agent
            why = f'"{match[0]}": {name} leads {label}' + (f"; {note}" if note else "")
            found.append(
                Proposal(
                    start,
                    match.end(),
                    passage,
                    "mandate",
                    command_agent,
                    body,
                    "trekker",
                    "stated",
                    why + stub,
                    body_type,
                )
            )
    return found


def done(graph: Graph, source: SourceRef, proposal: Proposal) -> URIRef | None:
    """The fact that already records proposal (same passage, kind, agent, body, role)."""
    agent, body = (named(graph, proposal.agent), named(graph, proposal.body))
    if agent is None or body is None:
        return None
    cls = KINDS[proposal.kind][0]
    return recorded_fact(graph, source.iri, proposal.passage, (cls, agent, body, proposal.role))


def named(graph: Graph, value: str) -> URIRef | None:
    """The entity a proposal's agent or body names: a prefixed name, or a name find knows."""
    if ":" in value and " " not in value:
        return expand_name(value, "proposal")
    return the_entity(graph, value)


def proposals(graph: Graph, source: SourceRef) -> list[Proposal | Skipped]:
    """The proposals (each marked done when recorded already) and the skipped lists."""
    found: list[Proposal | Skipped] = [*bracket_proposals(graph, source.text)]
    found += trekker_proposals(graph, source.text)
    marked = [
        Proposal(**{**p.__dict__, "done": done(graph, source, p)}) if isinstance(p, Proposal) else p
        for p in found
    ]
    return sorted(marked, key=lambda p: (p.start, isinstance(p, Skipped)))


def render(source: SourceRef, found: list[Proposal | Skipped]) -> str:
    props = [p for p in found if isinstance(p, Proposal)]
    recorded = sum(1 for p in props if p.done is not None)
    already = f", {recorded} recorded already" if recorded else ""
    lines = [
        f"{source.label()}: {len(props)} proposal(s){already}; run a command to see its Turtle,"
    ]
    lines.append("add --write to append it to the annotation file (nothing is written before)")
    for proposal in found:
        lines.append("")
        lines.append(f"[{proposal.start}, {proposal.end})  {proposal.why}")
        if isinstance(proposal, Skipped):
            continue
        if proposal.done is not None:
            lines.append(f"  done: {short_name(proposal.done)} records it")
        else:
            lines.append(f"  {proposal.command(source)}")
    return "\n".join(lines) + "\n"
