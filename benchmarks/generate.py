"""Generate a synthetic g40kg project (ontology/ + data/ + queries/) of a chosen size.

Why: the five real texts give a graph of a few thousand triples; to know how loading,
validation, queries and views behave at 10k, 100k and 1M triples we need graphs in the
project's own model that pass its own shapes, in the real folder layout, so that the real
loader and validator run on them unchanged. Everything is drawn from one seeded
random.Random and written in a fixed order, so the same seed and size give byte-identical
files. Quotes are cut out of the generated texts, so their offsets are right by construction.

A violation variant plants a known number of faults: `--bad-quotes N` alters the oa:exact of
N annotations (one QuoteMatchesTextShape result each) and `--missing-refs M` points the
org:member of M memberships at a person that does not exist (one sh:class result each).

    python benchmarks/generate.py --triples 10k --seed 1 --out /tmp/g40-10k
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEMEENTEN = Path("/work/shared/reference/tooi/gemeenten.jsonld")
TOOIONT = "https://identifier.overheid.nl/tooi/def/ont/"

PREFIXES = {
    "ann": "https://w3id.org/g40kg/id/annotation/",
    "basis": "https://w3id.org/g40kg/id/basis/",
    "body": "https://w3id.org/g40kg/id/org/",
    "dcterms": "http://purl.org/dc/terms/",
    "event": "https://w3id.org/g40kg/id/event/",
    "fact": "https://w3id.org/g40kg/id/fact/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "g40": "https://w3id.org/g40kg/def#",
    "gm": "https://identifier.overheid.nl/tooi/id/gemeente/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "person": "https://w3id.org/g40kg/id/person/",
    "prog": "https://w3id.org/g40kg/id/programme/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "role": "https://w3id.org/g40kg/id/role/",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "src": "https://w3id.org/g40kg/id/source/",
    "theme": "https://w3id.org/g40kg/id/theme/",
    "tooiont": TOOIONT,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

FIRST = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Eline",
    "Fatima",
    "Gerrit",
    "Hanneke",
    "Ilse",
    "Joris",
    "Karin",
    "Lars",
    "Marloes",
    "Noor",
    "Olaf",
    "Petra",
    "Ruud",
    "Sanne",
    "Thijs",
    "Ursula",
    "Vincent",
    "Wendy",
    "Yusuf",
    "Zoë",
    "René",
    "Anaïs",
]
LAST = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Çelik",
    "El Idrissi",
]
THEMES = [
    "arbeidsmarkt",
    "brede welvaart",
    "vitale binnensteden",
    "werklocaties",
    "mkb en economische vernieuwing",
    "kenniseconomie",
    "bestaanszekerheid",
    "campusontwikkeling",
    "leven lang ontwikkelen",
    "digitalisering",
    "energietransitie",
    "woningbouw",
]
COMMITTEES = [
    "Werk en Inkomen",
    "Economie, Klimaat, Energie en Milieu",
    "Bestuur en Veiligheid",
    "Zorg, Jeugd en Onderwijs",
    "Ruimte en Wonen",
    "Europa en Internationaal",
]
GROUPS = [
    "Sterke keten",
    "MKB en economische vernieuwing",
    "Vitale binnensteden",
    "Arbeidsmarkt en talent",
    "Kennis en innovatie",
]
# No single-seat roles (voorzitter, vicevoorzitter, secretaris): random holders observed on
# the same day would certainly share one seat, which validate reports (g40sh:SingleSeatShape).
# Five entries, so the random stream and the file sizes stay as they were.
ROLES = ["contactpersoon", "ondersteuner", "lid", "trekker", "strateeg"]
EVENT_KINDS = ["Meeting", "NetworkDay", "Conference", "WorkVisit"]
FILLER = [
    "De pijler Economie en Werk kwam bijeen om de voortgang te bespreken.",
    "Het verslag van de bijeenkomst is op aanvraag beschikbaar.",
    "Deelnemers wisselden ervaringen uit over de regionale arbeidsmarkt.",
    "De thema’s worden in het najaar verder uitgewerkt.",
    "Er is veel belangstelling voor de aanpak in de middelgrote steden.",
]
TRIPLES_PER_SOURCE = 4000  # about 150 sentences: a file the size of a long real report
# Who the texts can name, bounded as in reality: more triples mean more texts mentioning the
# same people and bodies, not ever more people per body. A VNG commissie has some 25 seats
# per term, so across the generator's six years (two terms) about 40 people ever sit on one
# body; the municipalities' officials the texts name are a few thousand (about 15 per
# municipality). Without these bounds 1M triples put ~1,300 people on every committee and
# ~50 people in every municipality at random, 50 times real sizes, and co-membership (every
# pair sharing a body) grew with their square.
ROSTER = 40
PEOPLE_CAP = 5000

# Triples of the fixed part besides municipalities and people (ontology + vocabularies ≈ 900).
PER_SENTENCE = 22


def parse_scale(text: str) -> int:
    """'10k', '100k', '1M' or a plain number of triples."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def slug(text: str) -> str:
    table = str.maketrans("éëïöüçàáèäôû’", "eeioucaaeaou-")
    out = "".join(c if c.isalnum() else "-" for c in text.lower().translate(table))
    return "-".join(p for p in out.split("-") if p)


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A Turtle string literal (escapes only what must be escaped: code points unchanged)."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{body}"@{lang}'
    if datatype:
        return f'"{body}"^^{datatype}'
    return f'"{body}"'


@dataclass
class Block:
    """One subject and its predicate-object pairs; objects are Turtle terms (or nested text)."""

    subject: str
    pairs: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0

    def add(self, predicate: str, obj: str, triples: int = 1) -> Block:
        self.pairs.append((predicate, obj))
        self.triples += triples
        return self

    def turtle(self) -> str:
        pairs = sorted(self.pairs, key=lambda p: (p[0] != "a", p))
        lines = [f"    {p} {o}" for p, o in pairs]
        return f"{self.subject}\n" + " ;\n".join(lines) + " .\n"


def turtle_file(comment: str, blocks: Iterable[Block]) -> str:
    head = [f"# {comment}"] + [f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items())]
    ordered = sorted(blocks, key=lambda b: b.subject)
    return "\n".join(head) + "\n\n" + "\n".join(b.turtle() for b in ordered)


def municipalities() -> list[tuple[str, str]]:
    """(CBS code, name) of the 342 municipalities the TOOI register lists without an end date."""
    entries = json.loads(GEMEENTEN.read_text(encoding="utf-8"))
    found = []
    for entry in entries:
        if TOOIONT + "Gemeente" not in entry.get("@type", []) or TOOIONT + "einddatum" in entry:
            continue
        code = entry[TOOIONT + "gemeentecode"][0]["@value"]
        name = entry[TOOIONT + "officieleNaamExclSoort"][0]["@value"]
        found.append((code, name))
    return sorted(found)


@dataclass
class Plan:
    """What to generate and which faults to plant."""

    triples: int
    seed: int = 1
    bad_quotes: int = 0
    missing_refs: int = 0


class Generator:
    """Builds the files of one synthetic project from a Plan."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.gemeenten = municipalities()
        self.files: dict[str, str] = {}
        self.count = 0
        n_people = min(PEOPLE_CAP, max(50, plan.triples // 60))
        self.people = self._people(n_people)
        # Each person works in one municipality: every "Name (City)" names that one.
        self.home = {iri: self.rng.choice(self.gemeenten) for iri, _ in self.people}
        self.roster = {
            body: self.rng.sample(self.people, min(ROSTER, len(self.people)))
            for body in COMMITTEES + GROUPS
        }
        self.bad_quotes_left = plan.bad_quotes
        self.missing_left = plan.missing_refs

    def _people(self, n: int) -> list[tuple[str, str]]:
        """n people with n different names: `validate` warns about two people of one name.

        A name drawn twice gets a second surname (double-barrelled, as Dutch names often are)."""
        people, seen = [], set()
        while len(people) < n:
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            while slug(name) in seen:
                name += f"-{self.rng.choice(LAST)}"
            seen.add(slug(name))
            people.append((f"person:{slug(name)}", name))
        return people

    # -- shared entities -------------------------------------------------------------------

    def reference(self) -> None:
        blocks = []
        for code, name in self.gemeenten:
            blocks.append(
                Block(f"gm:gm{code}")
                .add("a", "tooiont:Gemeente")
                .add("rdfs:label", lit(name, "nl"))
                .add("tooiont:gemeentecode", lit(code))
            )
        self.emit(
            "data/reference/municipalities.ttl", "Municipalities (TOOI, no end date).", blocks
        )
        bodies = [
            Block("body:g40")
            .add("a", "g40:Network")
            .add("rdfs:label", lit("G40-stedennetwerk", "nl")),
            Block("body:g40-pijler-economie-en-werk")
            .add("a", "g40:Pillar")
            .add("org:unitOf", "body:g40")
            .add("rdfs:label", lit("pijler Economie en Werk", "nl")),
            Block("body:vng")
            .add("a", "g40:Association")
            .add("rdfs:label", lit("Vereniging van Nederlandse Gemeenten", "nl")),
        ]
        for name in COMMITTEES:
            bodies.append(
                Block(f"body:vng-commissie-{slug(name)}")
                .add("a", "g40:Committee")
                .add("org:unitOf", "body:vng")
                .add("rdfs:label", lit(f"VNG-commissie {name}", "nl"))
            )
        for i, name in enumerate(GROUPS):
            bodies.append(
                Block(f"body:themagroep-{slug(name)}")
                .add("a", "g40:ThemeGroup")
                .add("org:unitOf", "body:g40-pijler-economie-en-werk")
                .add("dcterms:subject", f"theme:{slug(THEMES[i])}")
                .add("rdfs:label", lit(f"themagroep {name}", "nl"))
            )
        self.emit("data/reference/public-bodies.ttl", "The G40, its pillar, the VNG.", bodies)

    def entities(self) -> None:
        themes = [
            Block("theme:scheme")
            .add("a", "skos:ConceptScheme")
            .add("skos:prefLabel", lit("thema's", "nl"))
        ]
        for i, name in enumerate(THEMES):
            block = (
                Block(f"theme:{slug(name)}")
                .add("a", "skos:Concept")
                .add("skos:inScheme", "theme:scheme")
                .add("skos:prefLabel", lit(name, "nl"))
            )
            if i:
                block.add("skos:broader", f"theme:{slug(THEMES[0])}")
            themes.append(block)
        self.emit("data/entities/themes.ttl", "Themes.", themes)
        people = [
            Block(iri)
            .add("a", "foaf:Person")
            .add("foaf:name", lit(name))
            .add("rdfs:label", lit(name))
            for iri, name in self.people
        ]
        self.emit("data/entities/people.ttl", "People (synthetic).", people)

    # -- sources ---------------------------------------------------------------------------

    def source(self, number: int, budget: int) -> None:
        """One text and its annotation file, with about `budget` triples."""
        rng = self.rng
        key = f"synth-{number:04d}"
        year = 2019 + number % 6
        day = f"{year}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        sentences: list[str] = []
        pending: list[tuple[str, int, int, str, Block]] = []  # (text, start, end, ann, fact)
        blocks: list[Block] = []
        offset = 0
        used = 0
        counter = 0

        def add_sentence(text: str) -> int:
            nonlocal offset
            start = offset
            sentences.append(text)
            offset += len(text) + 1  # joined with "\n"
            return start

        def annotate(start: int, quote: str, kind: str = "oa:Annotation") -> str:
            nonlocal counter
            counter += 1
            ann = f"ann:{key}-{counter:04d}"
            pending.append((quote, start, start + len(quote), ann, Block(ann).add("a", kind)))
            return ann

        while used < budget:
            choice = rng.random()
            person, name = rng.choice(self.people)
            code, city = rng.choice(self.gemeenten)  # where an event or programme takes place
            add_sentence(rng.choice(FILLER))
            if choice < 0.45:
                role = rng.choice(ROLES)
                committee = rng.choice(COMMITTEES + GROUPS)
                person, name = rng.choice(self.roster[committee])
                code, city = self.home[person]
                is_vng = committee in COMMITTEES
                body = f"body:{'vng-commissie-' if is_vng else 'themagroep-'}{slug(committee)}"
                label = f"VNG-commissie {committee}" if is_vng else f"themagroep {committee}"
                text = f"{name} ({city}) is {role} van de {label}."
                start = add_sentence(text)
                ann = annotate(start, text)
                ann2 = annotate(start, f"{name} ({city})")
                member = person
                if self.missing_left and rng.random() < 0.5:
                    member = f"person:ontbreekt-{self.missing_left:04d}"
                    self.missing_left -= 1
                fact = f"fact:{key}-{counter:04d}-mandaat"
                mandate = (
                    Block(fact)
                    .add("a", "org:Membership")
                    .add("org:member", member)
                    .add("org:organization", body)
                    .add("org:role", f"role:{role}")
                    .add("g40:basis", "basis:stated")
                    .add("prov:wasDerivedFrom", ann)
                )
                if rng.random() < 0.3:
                    # The sentence gives no year: the start carries its evidence (DateSupportShape).
                    mandate.add("g40:startDate", lit(f"{year - 1}", datatype="xsd:gYear"))
                    mandate.add("g40:dateEvidence", lit("Generated: the year before the text's."))
                else:
                    mandate.add("g40:date", lit(day, datatype="xsd:date"))
                affiliation = (
                    Block(f"fact:{key}-{counter:04d}-affiliatie")
                    .add("a", "g40:Affiliation")
                    .add("org:member", person)
                    .add("org:organization", f"gm:gm{code}")
                    .add("g40:basis", "basis:implied-bracket")
                    .add("g40:date", lit(day, datatype="xsd:date"))
                    .add("prov:wasDerivedFrom", ann2)
                )
                blocks += [mandate, affiliation]
                used += 2 * 10 + 14
            elif choice < 0.65:
                kind = rng.choice(EVENT_KINDS)
                theme = rng.choice(THEMES)
                label = f"bijeenkomst over {theme} in {city} ({day})"
                text = f"Op {day} sprak {name} tijdens de {label}."
                start = add_sentence(text)
                ann = annotate(start, text)
                event = f"event:{key}-{counter:04d}"
                blocks.append(
                    Block(event)
                    .add("a", f"g40:{kind}")
                    .add("rdfs:label", lit(label, "nl"))
                    .add("g40:date", lit(day, datatype="xsd:date"))
                    .add("schema:location", f"gm:gm{code}")
                    .add("schema:organizer", "body:g40")
                    .add("dcterms:subject", f"theme:{slug(theme)}")
                    .add("g40:level", rng.choice(["g40:Bestuurlijk", "g40:Ambtelijk"]))
                    .add("g40:basis", "basis:stated")
                    .add("prov:wasDerivedFrom", ann)
                )
                blocks.append(
                    Block(f"fact:{key}-{counter:04d}-spreker")
                    .add("a", "g40:Participation")
                    .add("g40:agent", person)
                    .add("g40:activity", event)
                    .add("org:role", "role:spreker")
                    .add("g40:basis", "basis:stated")
                    .add("prov:wasDerivedFrom", ann)
                )
                used += 10 + 10 + 6
            elif choice < 0.8:
                theme = rng.choice(THEMES)
                label = f"Citydeal {theme} {city}"
                text = f"De gemeente {city} is partner in de {label}\u00a0sinds {year}."
                start = add_sentence(text)
                ann = annotate(start, text)
                prog = f"prog:{key}-{counter:04d}"
                blocks.append(
                    Block(prog)
                    .add("a", "g40:Programme")
                    .add("rdfs:label", lit(label, "nl"))
                    .add("dcterms:subject", f"theme:{slug(theme)}")
                    .add("g40:startDate", lit(str(year), datatype="xsd:gYear"))
                    .add("g40:basis", "basis:stated")
                    .add("prov:wasDerivedFrom", ann)
                )
                blocks.append(
                    Block(f"fact:{key}-{counter:04d}-partner")
                    .add("a", "g40:Participation")
                    .add("g40:agent", f"gm:gm{code}")
                    .add("g40:activity", prog)
                    .add("org:role", "role:partner")
                    .add("g40:basis", "basis:stated")
                    .add("prov:wasDerivedFrom", ann)
                )
                used += 10 + 6 + 6
            else:
                code, city = self.home[person]
                domain = f"{slug(city)}.nl"
                local = slug(name).replace("-", ".")
                text = f"Meer informatie: {name}, {local}@{domain}"
                start = add_sentence(text)
                mention = annotate(start, f"Meer informatie: {name}", "g40:MentionAnnotation")
                pending[-1][4].add("oa:hasBody", person)
                domain_ann = annotate(start + len(text) - len(domain), domain)
                blocks.append(
                    Block(f"fact:{key}-{counter:04d}-domein")
                    .add("a", "g40:Affiliation")
                    .add("org:member", person)
                    .add("org:organization", f"gm:gm{code}")
                    .add("g40:basis", "basis:implied-email-domain")
                    .add("g40:date", lit(day, datatype="xsd:date"))
                    .add("prov:wasDerivedFrom", domain_ann)
                )
                del mention
                used += 11 + 10 + 7
        text = "\n".join(sentences) + "\n"
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        stem = f"{number:03d}_{digest[:16]}"
        for quote, start, end, _ann, block in pending:
            exact = quote
            if self.bad_quotes_left and block.pairs[0][1] == "oa:Annotation" and rng.random() < 0.5:
                exact = quote + " (gewijzigd)"
                self.bad_quotes_left -= 1
            selectors = (
                f"[\n        oa:hasSelector [ a oa:TextPositionSelector ; oa:end {end} ; "
                f"oa:start {start} ] ;\n        oa:hasSelector [ a oa:TextQuoteSelector ; "
                f"oa:exact {lit(exact)} ] ;\n        oa:hasSource src:{key}\n    ]"
            )
            block.add("oa:hasTarget", selectors, triples=9)
            blocks.append(block)
        blocks.append(
            Block(f"src:{key}")
            .add("a", "g40:Source")
            .add("dcterms:title", lit(f"Verslag {number} van de pijler Economie en Werk", "nl"))
            .add("dcterms:publisher", "body:g40")
            .add("dcterms:subject", f"theme:{slug(THEMES[number % len(THEMES)])}")
            .add("g40:textFile", lit(f"{stem}.txt"))
            .add("g40:sha256", lit(digest))
            .add("g40:date", lit(day, datatype="xsd:date"))
            .add("g40:dateEvidence", lit("Synthetic: the generator chose the date."))
        )
        self.files[f"data/texts/{stem}.txt"] = text
        self.count += 2  # cnt:chars and g40:computedSha256, added by the loader
        self.emit(f"data/annotations/{stem}.ttl", f"Synthetic source {key}.", blocks)

    def emit(self, rel: str, comment: str, blocks: list[Block]) -> None:
        self.count += sum(b.triples for b in blocks)
        self.files[rel] = turtle_file(comment, blocks)

    def build(self) -> dict[str, str]:
        self.reference()
        self.entities()
        fixed = 900  # ontology/ (without shapes), counted by the loader as data
        remaining = max(self.plan.triples - self.count - fixed, TRIPLES_PER_SOURCE // 4)
        n_sources = max(1, round(remaining / TRIPLES_PER_SOURCE))
        per_source = remaining // n_sources
        for number in range(n_sources):
            self.source(number, per_source)
        if self.bad_quotes_left or self.missing_left:
            raise ValueError("graph too small for the planted faults: raise --triples")
        return self.files


def write_project(plan: Plan, out: Path) -> int:
    """Write the project to out (replacing it); return the generator's triple estimate."""
    generator = Generator(plan)
    files = generator.build()
    if out.exists():
        shutil.rmtree(out)
    for folder in ("ontology", "queries"):
        shutil.copytree(REPO / folder, out / folder)
    for rel, text in sorted(files.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return generator.count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="10k", help="about how many triples: 10k, 100k, 1M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bad-quotes", type=int, default=0, help="quotes to alter")
    parser.add_argument("--missing-refs", type=int, default=0, help="members to point nowhere")
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    plan = Plan(parse_scale(args.triples), args.seed, args.bad_quotes, args.missing_refs)
    count = write_project(plan, args.out)
    print(f"wrote {args.out} (about {count} data triples besides the ontology)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
