"""One normalisation of names for `g40kg find`, `suggest`, coverage, the drafting of facts and the
duplicate check, so that "MKB Nederland", "mkb-nederland" and "MKB-Nederland" are the same name
everywhere, "Dušan Petrović" is "Dusan Petrovic", and "M. Visscher" is the initialled form of
"Mirjam Visscher".

It lives in g40kg.project because the loader derives each entity's keys from it
(g40kg.project.name_keys) for g40sh:DuplicateNameShape: SPARQL has no Unicode decomposition, so
the shape compares keys computed here instead of folding names itself.
"""

from __future__ import annotations

import re
import unicodedata

NOT_ALNUM = re.compile(r"[^0-9a-z]+")
# Latin letters that Unicode does not decompose into a base letter and a mark (NFKD leaves
# them whole): folded by hand to what a Dutch reader would type.
UNDECOMPOSED = str.maketrans(
    {"ß": "ss", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)


def fold(text: str) -> str:
    """text case-folded with the accents of Latin letters removed (š → s, ß → ss), every
    other character kept (so one character may become none, one or two)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(UNDECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(name: str) -> str:
    """Lower-case ASCII letters and digits, words separated by one space (é → e, - → space)."""
    return NOT_ALNUM.sub(" ", fold(name)).strip()


def initials_key(name: str) -> str | None:
    """The key of a name with its first word cut to its initial ("Mirjam Visscher" and
    "M. Visscher" → "m visscher"); None for a single word."""
    words = name_key(name).split()
    if len(words) < 2:
        return None
    return " ".join([words[0][0], *words[1:]])


def is_initialled(name: str) -> bool:
    """Whether the name starts with an initial: "M. Visscher", "M Visscher"."""
    words = name_key(name).split()
    return len(words) >= 2 and len(words[0]) == 1


def same_name(a: str, b: str, people: bool = False) -> bool:
    """Whether two names match under name_key, or (for people) one is the other initialled."""
    if name_key(a) == name_key(b):
        return True
    if people and (is_initialled(a) or is_initialled(b)):
        return initials_key(a) == initials_key(b) is not None
    return False


def is_abbreviation(label: str) -> bool:
    """A label written as an abbreviation: one word of capitals (VNG, SZW, KvK, G40)."""
    return (
        " " not in label.strip()
        and label[:1].isupper()
        and sum(ch.isupper() or ch.isdigit() for ch in label) >= 2
        and len(label) <= 8
    )


def name_variants(names: list[str]) -> list[str]:
    """The names a text also uses for an entity with an abbreviation: "<kind> van <ABBR>" for a
    name "<kind> van <full name>" ("ministerie van SZW" for "ministerie van Sociale Zaken en
    Werkgelegenheid" with the alias "SZW"), so that the short form is not a new entity."""
    abbreviations = [n for n in names if is_abbreviation(n)]
    heads = {
        n.split(" van ", 1)[0]
        for n in names
        if " van " in n and " " not in n.split(" van ", 1)[0].strip()
    }
    made = [f"{head} van {abbr}" for head in sorted(heads) for abbr in abbreviations]
    known = {name_key(n) for n in names}
    return [m for m in made if name_key(m) not in known]
