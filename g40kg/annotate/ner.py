"""Dutch named-entity recognition for `g40kg suggest`: Frog (LanguageMachines, Debian packages
`frog` and `frogdata`) finds the people and organisations a text names, the known-entity
gazetteer adds what the graph already holds, and both are cleaned of what a reader would not
call a name: job titles in front of names, sentence-initial words, single letters (B&W).

Frog is run once per text (it takes seconds to start); where it is not installed the caller
falls back to the capitalised-words finder of g40kg.annotate.suggest and says so."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Frog's NER classes, as the kinds the worklist uses.
FROG_KINDS = {"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other"}
# Posts and titles that stand in front of a name ("Projectleider Marcel Broekhaar"): a name
# never starts with one. Lower case; compared with the word's lower case. The list: the public
# offices of the Gemeentewet and Provinciewet (burgemeester, wethouder, raadslid, griffier,
# gemeentesecretaris, gedeputeerde, statenlid, commissaris), of the Rijksoverheid (minister,
# staatssecretaris, secretaris-generaal, directeur-generaal, kamerlid, senator), the posts of the
# role scheme (ontology/vocabularies.ttl: voorzitter, secretaris, trekker, programmamanager …),
# the job titles the corpus puts before names (projectleider, adviseur, strateeg …), and forms
# of address (dhr, mevr, mr, dr …).
JOB_TITLES = frozenset(
    """
    adviseur ambassadeur beleidsadviseur beleidsmedewerker bestuurder bestuursvoorzitter
    burgemeester commissaris coördinator coordinator dagvoorzitter directeur directeur-generaal
    gedeputeerde gemeentesecretaris griffier hoogleraar kamerlid kwartiermaker lector lid
    manager minister onderzoeker oprichter ondernemer pijlervoorzitter portefeuillehouder
    programmadirecteur programmamanager projectleider projectmanager raadsgriffier raadslid
    secretaris secretaris-generaal senator spreker staatssecretaris statenlid strateeg
    teamleider trekker vicevoorzitter voorzitter wethouder dhr mevr mw mr dr drs ir prof
    """.split()
)
# Words that open a sentence or stand before a name without being part of it.
NOT_NAMES = frozenset(
    "aldus volgens de het een en of maar ook zo dan daar hier dit dat deze die namens door".split()
)
FROG_ARGS = ("--skip=mpacl", "--threads=1")
LEXICON = "Frog.mbt.1.0.lex"
TIMEOUT = 600
# The NER column: O, or B-/I- and a class. Its position shifts with the modules skipped.
NER_TAG = re.compile(r"^(?:O|[BI]-[A-Z]+)$")


class FrogUnavailable(Exception):
    """frog is not installed (or failed): the caller falls back and says why."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    kind: str  # person, organisation, place, other


def frog_path() -> str | None:
    return shutil.which("frog")


def run_frog(text: str) -> list[tuple[str, str]]:
    """(token, BIO tag) for every token of text, as Frog tokenises and tags it; a lone token
    tagged as a name that is a common noun (lone_common_noun) is tagged O, unless it ends a
    person's full name elsewhere in the text (Jan Visser … Visser: a surname, not a noun)."""
    binary = frog_path()
    if binary is None:
        raise FrogUnavailable("frog is not installed (Debian: apt-get install frog frogdata)")
    with tempfile.TemporaryDirectory(prefix="g40kg-frog-") as folder:
        # Frog writes debug files into its working directory: keep them in the throw-away one.
        path = Path(folder) / "text.txt"
        path.write_text(text, encoding="utf-8")
        try:
            done = subprocess.run(
                [binary, "-t", str(path), *FROG_ARGS],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise FrogUnavailable(f"frog failed to run: {exc}") from exc
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise FrogUnavailable(f"frog exited with status {done.returncode}: {last}")
    tokens = []
    for line in done.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and fields[0].isdigit():
            tag = next((f for f in fields[2:] if NER_TAG.match(f)), "O")
            pos = next((f for f in fields[2:] if "(" in f), "")
            tokens.append((fields[1], tag, pos))
    surnames = {
        word
        for (word, tag, _p), nxt in zip(tokens, [*tokens[1:], ("", "O", "")], strict=True)
        if tag == "I-PER" and nxt[1] != "I-PER"
    }
    return [
        (word, "O" if word not in surnames and lone_common_noun(tokens, i) else tag)
        for i, (word, tag, _pos) in enumerate(tokens)
    ]


def lone_common_noun(tokens: list[tuple[str, str, str]], i: int) -> bool:
    """Whether token i is a name of one word ("Deals", "Vakmanschap", "Retailagenda") that is a
    common noun: Frog's tagger says so here (N(soort…)), or Frog's own lexicon knows the word,
    or its tail of six letters or more, mostly as a common noun. In context Frog tags such a
    capitalised word a proper noun (SPEC(deeleigen)) and a person, where the text means the
    word ("Regio Deals", "stuurgroep Retailagenda")."""
    word, tag, pos = tokens[i]
    following = tokens[i + 1][1] if i + 1 < len(tokens) else "O"
    if not tag.startswith("B-") or following.startswith("I-"):
        return False
    return pos.startswith("N(soort") or not word[:1].isupper() or is_common_noun(word)


def is_common_noun(word: str) -> bool:
    """Whether the lower-cased word, or a compound's tail of six letters or more after three or
    more ("retail|agenda"), is mostly a common noun in Frog's tagger lexicon."""
    nouns = common_nouns()
    lower = word.lower()
    return lower in nouns or any(lower[k:] in nouns for k in range(3, len(lower) - 5))


@functools.cache
def common_nouns() -> frozenset[str]:
    """The lower-case words that Frog's tagger lexicon (frogdata: Frog.mbt.1.0.lex, one word a
    line with its count and its tags with counts) tags as a common noun more than half the
    time; empty where the lexicon is not found (Frog's own tag still counts)."""
    path = frog_lexicon()
    if path is None:
        return frozenset()
    found = set()
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            count, word, *tags = line.split()
            if not word.islower() or not count.isdigit():
                continue
            nouns = sum(int(t.rsplit(":", 1)[1]) for t in tags if t.startswith("N(soort"))
            if 2 * nouns > int(count):
                found.add(word)
    return frozenset(found)


def frog_lexicon() -> Path | None:
    """frogdata's tagger lexicon beside the frog binary (/usr/bin → /usr/share/frog/nld)."""
    binary = frog_path()
    if binary is None:
        return None
    path = Path(binary).resolve().parent.parent / "share" / "frog" / "nld" / LEXICON
    return path if path.is_file() else None


def align(text: str, tokens: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """(start, end, tag) of each token found in text in order; a token the tokeniser changed
    (it is not found within the next 50 characters) is skipped."""
    out, at = [], 0
    for token, tag in tokens:
        found = text.find(token, at, at + 50 + len(token))
        if found < 0:
            continue
        out.append((found, found + len(token), tag))
        at = found + len(token)
    return out


def entity_spans(text: str, tokens: list[tuple[str, str]]) -> list[Span]:
    """Frog's B-/I- runs as spans of text (an I- without a B- starts a span too)."""
    spans: list[Span] = []
    current: list[int] | None = None
    kind = ""
    for start, end, tag in align(text, tokens):
        label = tag.split("-", 1)[1] if "-" in tag else ""
        if tag.startswith("I-") and current is not None and label == kind:
            current[1] = end
            continue
        if current is not None:
            spans.append(Span(current[0], current[1], text[current[0] : current[1]], kind))
            current = None
        if tag.startswith(("B-", "I-")):
            current, kind = [start, end], label
    if current is not None:
        spans.append(Span(current[0], current[1], text[current[0] : current[1]], kind))
    return [Span(s.start, s.end, s.text, FROG_KINDS.get(s.kind, "other")) for s in spans]


def trim(text: str, span: Span) -> Span | None:
    """span without job titles and non-name words in front ("Projectleider Marcel
    Broekhaar" → "Marcel Broekhaar"); None when nothing name-like is left (a single letter, a
    lone sentence-initial word)."""
    start = span.start
    while True:
        word_end = text.find(" ", start, span.end)
        if word_end < 0:
            break
        raw = text[start:word_end].strip(".,")
        word = raw.lower()
        after_ampersand = start > 0 and text[start - 1] == "&"  # the W of B&W van Putten
        if word in JOB_TITLES or word in NOT_NAMES or after_ampersand or raw[:1].islower():
            start = word_end + 1
            continue
        break
    end = span.end
    while end > start and not text[end - 1].isalnum():
        end -= 1
    if "@" in text[max(0, start - 1) : end + 1]:
        return None  # an e-mail address (masked by the loader), evidence rather than a name
    span = Span(start, end, text[start:end], span.kind)
    words = text[start : span.end].split()
    if not words or sum(ch.isalnum() for ch in text[start : span.end]) < 2:
        return None
    if len(words) == 1 and (words[0].lower() in JOB_TITLES | NOT_NAMES):
        return None
    if span.end < len(text) and text[span.end] == "&" or start > 0 and text[start - 1] == "&":
        return None  # B&W: the letters of an abbreviation with an ampersand
    return Span(start, span.end, text[start : span.end], span.kind)


def frog_names(text: str) -> list[Span]:
    """The people, organisations and places Frog finds in text, trimmed."""
    found = []
    for span in entity_spans(text, run_frog(text)):
        kept = trim(text, span)
        if kept is not None and kept.kind != "other":
            found.append(kept)
    return found
