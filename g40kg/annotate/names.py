"""One normalisation of names for `g40kg find`, the drafting of facts and the duplicate check,
so that "MKB Nederland", "mkb-nederland" and "MKB-Nederland" are the same name everywhere, and
"M. Visscher" is the initialled form of "Mirjam Visscher".

The SHACL duplicate shape (g40sh:DuplicateNameShape in ontology/shapes.ttl) computes the same
key in SPARQL: lower case, the accents of Latin letters removed, every other character than a
letter or digit a space, spaces collapsed.
"""

from __future__ import annotations

import re
import unicodedata

NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """Lower-case ASCII letters and digits, words separated by one space (é → e, - → space)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return NOT_ALNUM.sub(" ", plain.replace("ß", "ss")).strip()


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
