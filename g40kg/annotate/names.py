"""Names in texts under the one normalisation of g40kg.project.names (case, accents,
hyphen/space, initials): an index of the known names, and a folded copy of a text that keeps
each character's place, so that `find`, `suggest`, coverage and the duplicate check agree on
which names are the same ("MKB Nederland" in a text is MKB-Nederland)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from rdflib import URIRef

from g40kg.project.names import (
    fold,
    initials_key,
    is_abbreviation,
    is_initialled,
    name_key,
    name_variants,
    same_name,
)

__all__ = [
    "NameIndex",
    "folded_text",
    "initials_key",
    "is_abbreviation",
    "is_initialled",
    "name_key",
    "name_variants",
    "same_name",
]


def folded_text(text: str) -> tuple[str, list[int]]:
    """(text folded as name_key folds a name, but kept whole; the index in text of each folded
    character): letters and digits folded, every run of other characters one space."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for piece in fold(ch):
            plain = piece if piece.isascii() and piece.isalnum() else " "
            if plain == " " and out and out[-1] == " ":
                continue
            out.append(plain)
            where.append(i)
    return "".join(out), where


@dataclass
class NameIndex(Mapping[str, set[URIRef]]):
    """Known names → the entities they name, looked up by name_key (so `index["VNG-commissie
    EKEM"]` and `index["vng commissie ekem"]` are the same). Names match a text folded
    (`spelled`), but abbreviations ("SZW") only as written, case-sensitively as whole tokens
    (`abbreviations`): "szw" in a text is no ministry."""

    by_key: dict[str, set[URIRef]] = field(default_factory=dict)
    spelled: set[str] = field(default_factory=set)
    abbreviations: set[str] = field(default_factory=set)
    keys_of: dict[URIRef, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, names: Mapping[str, set[URIRef]]) -> NameIndex:
        """An index of plain {name: entities} (a NameIndex is returned as it is)."""
        if isinstance(names, NameIndex):
            return names
        index = cls()
        for name, entities in names.items():
            for entity in entities or {URIRef(f"urn:name:{name_key(name)}")}:
                index.add(name, entity)
        return index

    def add(self, name: str, entity: URIRef, person: bool = False) -> None:
        """name as a name of entity; for a person, its initialled form as well."""
        name, key = name.strip(), name_key(name)
        if len(key) < 2:
            return
        self.by_key.setdefault(key, set()).add(entity)
        self.keys_of.setdefault(entity, set()).add(key)
        if is_abbreviation(name):
            self.abbreviations.add(name)
        else:
            self.spelled.add(key)
        initials = initials_key(name) if person else None
        if initials and initials != key:
            self.by_key.setdefault(initials, set()).add(entity)
            self.spelled.add(initials)

    def __getitem__(self, name: str) -> set[URIRef]:
        return self.by_key[name_key(name)]

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_key)

    def __len__(self) -> int:
        return len(self.by_key)
