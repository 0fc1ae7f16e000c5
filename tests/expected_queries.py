"""The expected rows of the named queries on the five corpus texts, kept as data files.

Each case is one file in tests/expected/queries/: `<query>.csv` for a query run without
parameters, `<query>__<name>=<value>.csv` for one parameter (the value percent-encoded, so
that an IRI or a name with spaces makes a file name). A file is CSV in the manner of the W3C
SPARQL results CSV: a header row with the variable names, then one row per result in the
query's order; an unbound value is an empty field. `tests/expected/regenerate.py` writes the
files; review every changed row against the texts before committing it.

The answers are about the five corpus texts only: the queries run on a copy of the project
that holds the five corpus sources and nothing a user added since (`corpus_copy`).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from urllib.parse import quote, unquote

REPO = Path(__file__).resolve().parent.parent
EXPECTED_DIR = REPO / "tests" / "expected" / "queries"
# The five corpus texts (verbatim copies of shared/corpus) and their annotation files.
CORPUS_SOURCES = (
    "000_de51204a97864eeb",
    "001_24ce6d4dc556139e",
    "002_e13bc018be1931a8",
    "003_02ab897e4c7d4af6",
    "004_1140566ca80efb10",
)
SAFE = "=-_.~"


def case_file(name: str, key: str) -> Path:
    """The file of a case: query name and its one parameter as name=value ('' for none)."""
    return EXPECTED_DIR / (f"{name}__{quote(key, safe=SAFE)}.csv" if key else f"{name}.csv")


def cases() -> list[tuple[str, str]]:
    """Every case with an expected file, as (query name, name=value or '')."""
    found = []
    for path in sorted(EXPECTED_DIR.glob("*.csv")):
        name, _, key = path.stem.partition("__")
        found.append((name, unquote(key)))
    return sorted(found)


def params_of(key: str) -> dict[str, str]:
    """The parameters of a case: each case sets at most one, as name=value."""
    name, _, value = key.partition("=")
    return {name: value} if key else {}


def read_case(name: str, key: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The expected variables and rows of a case."""
    with case_file(name, key).open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return tuple(header), [tuple(row) for row in rows]


def write_case(name: str, key: str, variables: tuple[str, ...], rows: list[tuple[str, ...]]):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(variables)
    writer.writerows(rows)
    case_file(name, key).write_text(buffer.getvalue(), encoding="utf-8")


def as_strings(rows) -> list[tuple[str, ...]]:
    return [tuple("" if t is None else str(t) for t in row) for row in rows]


def corpus_copy(project: Path, target: Path) -> Path:
    """A copy of project's ontology/ and data/ in target with only the five corpus sources.

    Texts and annotation files of any other source (one a user added with `g40kg add-source`)
    are left out; entities, reference data and the ontology are copied as they are.
    """
    for folder in ("ontology", "data"):
        shutil.copytree(project / folder, target / folder)
    for folder, suffix in (("texts", ".txt"), ("annotations", ".ttl")):
        for path in (target / "data" / folder).iterdir():
            if not (path.suffix == suffix and path.stem in CORPUS_SOURCES):
                path.chmod(0o644)
                path.unlink()
    missing = [
        stem
        for stem in CORPUS_SOURCES
        for folder, suffix in (("texts", ".txt"), ("annotations", ".ttl"))
        if not (target / "data" / folder / f"{stem}{suffix}").is_file()
    ]
    if missing:
        raise FileNotFoundError(f"corpus source missing from {project}: {', '.join(missing)}")
    return target
