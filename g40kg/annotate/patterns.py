"""Facts the texts' own phrasing says, proposed for `g40kg draft --propose`: "Name (City)" is
an affiliation (basis:implied-bracket) and "met als trekker(s) A en B" a mandate (role:trekker)
for each trekker, a person or an organisation ("de gemeente Helmond"), of the organisation
named before it or of the theme group named after it ("Met als trekker A is de themagroep X
gestart"). Each proposal is a `g40kg draft` command for the analyst to confirm; nothing is
written. A proposal already recorded is marked done, one from an undated source carries a
--date placeholder to fill in, and a "met als trekker" that cannot be proposed says why."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, RDF

from g40kg.annotate.annotation_file import SourceRef, expand_name, short_name, slugify
from g40kg.annotate.coverage import entity_kinds, find_mentions, label_index
from g40kg.annotate.draft import DATES, KINDS, recorded_fact, scheme_terms
from g40kg.annotate.draft_entities import exact_hits
from g40kg.annotate.find import find
from g40kg.annotate.ner import JOB_TITLES, NOT_NAMES
from g40kg.annotate.selectors import occurrences
from g40kg.project.namespaces import G40, ROLE

# A mandate's or affiliation's date: an undated source's proposals carry this to fill in.
DATE_PLACEHOLDER = "DATE"
DATED_KINDS = ("mandate", "affiliation")
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
    rf"\b[Mm]et{SPACE}als{SPACE}(?P<trekkers>trekkers?){SPACE}(?P<list>{ITEM}(?:,{SPACE}{ITEM})*(?:{SPACE}en{SPACE}{ITEM})?)"
)
# Any "met als trekker": one that TREKKER does not read is listed as skipped.
ANY_TREKKER = re.compile(rf"\b[Mm]et{SPACE}als{SPACE}trekkers?\b(?:{SPACE}[^\s.;,:()]+){{0,5}}")
LIST_SEPARATOR = re.compile(rf",{SPACE}|{SPACE}en{SPACE}")
THEME_GROUP = re.compile(r"\b[Tt]hemagroep\b")
GROUP_WORD = re.compile(r"[^\s,.;:()]+")
GROUP_WORDS = 8  # at most this many words after "themagroep" make its name
# The verbs that end a theme group's name (see group_name): finite forms, and the auxiliaries
# after which a past participle ("gestart", "opgericht", "gekozen") is the verb.
AUXILIARIES = frozenset(
    "is was werd wordt zijn waren werden worden heeft hebben had hadden zal zullen".split()
)
FINITE_VERBS = AUXILIARIES | frozenset(
    "start startte startten begint begon begonnen komt kwam kwamen gaat ging gingen "
    "werkt werkte werkten sprak spraken spreekt houdt hield".split()
)
PARTICIPLE = re.compile(
    r"(?:aan|af|bij|door|in|mee|na|om|op|over|samen|toe|uit|voort)?ge[a-z]{2,}(?:d|t|en)"
)


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
    date: str | None = None  # the --date to give: a placeholder when the source has no date

    def command(self, source: SourceRef) -> str:
        words = ["g40kg", "draft", source.name, self.passage, "--kind", self.kind]
        words += ["--agent", self.agent, "--body", self.body]
        if self.body_type:
            words += ["--body-type", self.body_type]
        if self.role:
            words += ["--role", self.role]
        if self.date:
            words += ["--date", self.date]
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


@dataclass(frozen=True)
class Body:
    """The organisation a "met als trekker" belongs to: where its name is in the text, the
    value for draft's --body (an IRI, or the name of a new one), its name in the text, a
    stub type for a new one, and a note for the proposal."""

    start: int
    end: int
    value: str
    label: str
    body_type: str | None = None
    note: str = ""


def group_name(graph: Graph, words: list[re.Match[str]], sentence: str) -> int:
    """How many of the words after "themagroep" (up to a comma or full stop) make the theme
    group's name. The rule:

    1. a known name: the longest run of words from the first that find names exactly one
       entity of ("themagroep Smart Cities" in "themagroep Smart Cities gestart");
    2. else a new name: the words up to the first verb, so capitalised words and the
       lower-case words of the name ("themagroep Sterke keten van leren") but not the verb
       after it. A verb is a finite form (is, werd, startte, kwam, …: FINITE_VERBS), or, in
       a sentence with an auxiliary (is, werd, heeft, …), a past participle (ge…d/t/en,
       opge…) that ends the clause or is followed by a lower-case word ("is de themagroep
       Groene Groei gestart", "… gestart in Utrecht").

    0 when the first word is a verb."""
    names = [f"themagroep {' '.join(w[0] for w in words[:n])}" for n in range(len(words) + 1)]
    for n in range(len(words), 0, -1):
        if the_entity(graph, names[n]) is not None:
            return n
    auxiliary = any(w.lower() in AUXILIARIES for w in GROUP_WORD.findall(sentence))
    for n, word in enumerate(words):
        ends = n == len(words) - 1 or words[n + 1][0][:1].islower()
        if word[0] in FINITE_VERBS or (auxiliary and ends and PARTICIPLE.fullmatch(word[0])):
            return n
    return len(words)


def theme_group(graph: Graph, text: str, at: int, end: int, sentence: str) -> Body | None:
    """The theme group whose "themagroep" starts at `at` (its name ends by `end`), resolved:
    the one entity find names exactly; the one theme group find gives when the text writes
    its name short ("themagroep Sterke keten"); else a new one (draft stubs a g40:ThemeGroup,
    or asks which is meant when find gives other candidates)."""
    name_end = at + len("themagroep")
    words = []
    for word in GROUP_WORD.finditer(text, name_end, end):
        between = text[name_end : word.start()]
        if not between or between.strip(" \u00a0") or len(words) == GROUP_WORDS:
            break
        words.append(word)
        name_end = word.end()
    n = group_name(graph, words, sentence)
    if n == 0:
        return None
    label = text[at : words[n - 1].end()]
    iri = the_entity(graph, label)
    if iri is not None:
        return Body(at, at + len(label), short_name(iri), label)
    hits = find(graph, label)
    groups = [h for h in hits if (h.entity.iri, RDF.type, G40.ThemeGroup) in graph]
    if len(groups) == 1:
        entity = groups[0].entity
        note = f"{label} is {short_name(entity.iri)} ({entity.labels[0]})"
        return Body(at, at + len(label), short_name(entity.iri), label, None, note)
    if hits:
        near = ", ".join(short_name(h.entity.iri) for h in hits[:3])
        more = ", …" if len(hits) > 3 else ""
        note = f"{label} looks like {near}{more}: draft will ask which is meant"
    else:
        note = f"{label} is new: draft will make a g40:ThemeGroup"
    return Body(at, at + len(label), label, label, "theme-group", note)


def only_verbs(words: str) -> bool:
    """Whether words (between a group's name and its "met als trekker") are verbs alone."""
    return all(
        w.lower() in FINITE_VERBS or PARTICIPLE.fullmatch(w.lower())
        for w in GROUP_WORD.findall(words)
    )


def trekker_body(
    graph: Graph, text: str, match: re.Match[str], index: dict[str, set[URIRef]]
) -> Body | None:
    """The organisation a "met als trekker" belongs to: a known one named right before it; a
    theme group named right before it (a verb may come between: "de themagroep X gestart,");
    when the sentence begins with it, the theme group after it ("Met als trekker A is de
    themagroep X gestart"); else the last known one before it in the sentence. None when the
    sentence names none of these."""
    sentence_start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start()))
    stops = [i for i in (text.find(".", match.end()), text.find("\n", match.end())) if i >= 0]
    sentence_end = min(stops, default=len(text))
    sentence = text[sentence_start + 1 : sentence_end]
    tail = text[sentence_start + 1 : match.start()]
    known = find_mentions(tail, index)
    if known and not tail[known[-1][1] :].strip(" ,\u00a0"):
        s, e, label = known[-1]
        iri = short_name(first(index[label.casefold()]))
        return Body(sentence_start + 1 + s, sentence_start + 1 + e, iri, label)
    groups = list(THEME_GROUP.finditer(text, sentence_start + 1, match.start()))
    if groups:
        group = theme_group(graph, text, groups[-1].start(), match.start(), sentence)
        if group is not None and only_verbs(text[group.end : match.start()]):
            return group
    if not tail.strip():
        after = THEME_GROUP.search(text, match.end(), sentence_end)
        group = after and theme_group(graph, text, after.start(), sentence_end, sentence)
        if group:
            return group
    if known:
        s, e, label = known[-1]
        iri = short_name(first(index[label.casefold()]))
        return Body(sentence_start + 1 + s, sentence_start + 1 + e, iri, label)
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
    matches = list(TREKKER.finditer(text))
    read = {m.start() for m in matches}
    for other in ANY_TREKKER.finditer(text):
        if other.start() not in read:
            why = f'"{other[0]}": skipped, the trekker after it is no name draft reads'
            why += " (draft it by hand with --agent and --body)"
            found.append(Skipped(other.start(), other.end(), why))
    for match in matches:
        body = trekker_body(graph, text, match, index)
        if body is None:
            why = f'"{match[0]}": skipped, no organisation is named before it in the sentence'
            found.append(Skipped(match.start(), match.end(), why + " (draft it with --body)"))
            continue
        start, end = min(body.start, match.start()), max(body.end, match.end())
        passage = text[start:end]
        if not unique(text, passage):
            why = f'"{match[0]}": skipped, the passage occurs more than once (quote it longer)'
            found.append(Skipped(start, end, why))
            continue
        stub = f"; {body.note}" if body.note else ""
        items = LIST_SEPARATOR.split(match["list"])
        if not match["trekkers"].endswith("s"):
            items = items[:1]  # "met als trekker A, en B": only A leads
        for item in items:
            agent = trekker_agent(graph, item, titles)
            if agent is None:
                why = f'"{item}" in "{match[0]}": skipped, one word that names no known entity'
                found.append(Skipped(start, end, why))
                continue
            command_agent, name, note = agent
            why = f'"{match[0]}": {name} leads {body.label}' + (f"; {note}" if note else "")
            found.append(
                Proposal(
                    start,
                    end,
                    passage,
                    "mandate",
                    command_agent,
                    body.value,
                    "trekker",
                    "stated",
                    why + stub,
                    body.body_type,
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
    undated = not any((source.iri, prop, None) in graph for prop in DATES)
    marked = [
        Proposal(
            **{
                **p.__dict__,
                "done": done(graph, source, p),
                "date": DATE_PLACEHOLDER if undated and p.kind in DATED_KINDS else None,
            }
        )
        if isinstance(p, Proposal)
        else p
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
            continue
        if proposal.date == DATE_PLACEHOLDER:
            lines.append(
                f"  {source.name} has no date: replace {DATE_PLACEHOLDER} with the date the "
                "text observed this (YYYY-MM-DD, YYYY-MM or YYYY; or give --date-from and "
                "--date-to)"
            )
        lines.append(f"  {proposal.command(source)}")
    return "\n".join(lines) + "\n"
