"""Unicode in a new source: offsets are code points of the text as stored, never normalised.

A text with a decomposed "é" (e + U+0301 COMBINING ACUTE ACCENT), a non-breaking space and a
typographic apostrophe goes through add-source, quotes written with only oa:exact, fmt and
validate. A quote in the composed form (NFC, U+00E9) looks the same but is another string: fmt
must not find it, and validate must report it against the text.

A text changed after annotation (sha256 mismatch) is covered by test_cli_foundation
(test_changed_text_names_source_and_sha256).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest
from cli_run import CONFORMS, positions, replace_once, run_cli
from rdflib import Graph

from g40kg.project.namespaces import ANN, OA, SRC

NFD_E = "e\u0301"
TEXT = f"Caf{NFD_E}\u00a0De Zwaan: Ren{NFD_E}’s overleg met de VNG.\n"
CAFE = f"Caf{NFD_E}\u00a0De Zwaan"
RENE = f"Ren{NFD_E}’s overleg met de VNG"
RENE_NFC = unicodedata.normalize("NFC", RENE)
SLUG = "zwaan-2024"

ANNOTATIONS = r"""
ann:zwaan-2024-cafe a g40:MentionAnnotation ;
    oa:hasBody place:cafe-de-zwaan ;
    oa:hasTarget [
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Cafe\u0301\u00A0De Zwaan" ] ;
        oa:hasSource src:zwaan-2024
    ] .

ann:zwaan-2024-vng a g40:MentionAnnotation ;
    oa:hasBody body:vng ;
    oa:hasTarget [
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Rene\u0301’s overleg met de VNG" ] ;
        oa:hasSource src:zwaan-2024
    ] .
"""

PLACE = """
place:cafe-de-zwaan a g40:Place ;
    rdfs:label "Café De Zwaan" ;
    schema:containedInPlace gm:gm0014 .
"""


def test_the_text_is_what_the_test_says() -> None:
    assert unicodedata.normalize("NFC", TEXT) != TEXT
    assert RENE_NFC != RENE and len(RENE_NFC) == len(RENE) - 1
    # Counted in UTF-8 bytes or in NFC, the second passage would start elsewhere.
    before = TEXT[: TEXT.index(RENE)]
    assert len(before) == 16
    assert len(before.encode("utf-8")) == 18
    assert len(unicodedata.normalize("NFC", before)) == 15


@pytest.fixture
def annotated(project_copy: Path, tmp_path: Path) -> Path:
    """TEXT added as src:zwaan-2024, two quotes by oa:exact only, fmt run; the .ttl's path."""
    incoming = tmp_path / "zwaan.txt"
    incoming.write_bytes(TEXT.encode("utf-8"))
    status, out, err = run_cli("add-source", str(incoming), "--title", "Café", "--slug", SLUG)
    assert (status, err) == (0, ""), err
    (ttl,) = [line.split()[1] for line in out.splitlines() if line.endswith(f"(src:{SLUG})")]
    path = project_copy / ttl
    stored = project_copy / "data" / "texts" / f"{path.stem}.txt"
    assert stored.read_bytes() == TEXT.encode("utf-8")
    assert path.stem.endswith(hashlib.sha256(stored.read_bytes()).hexdigest()[:16])
    with path.open("a", encoding="utf-8") as handle:
        handle.write(ANNOTATIONS)
    with (project_copy / "data" / "entities" / "places.ttl").open("a", encoding="utf-8") as f:
        f.write(PLACE)
    status, out, err = run_cli("fmt")
    assert (status, err) == (0, ""), err
    assert f"reformatted {path}" in out.splitlines()
    return path


def test_fmt_fills_in_code_point_offsets_of_the_stored_text(annotated: Path) -> None:
    found = positions(Graph().parse(annotated, format="turtle"))
    cafe, rene = TEXT.index(CAFE), TEXT.index(RENE)
    assert found == {
        ANN[f"{SLUG}-cafe"]: (cafe, cafe + len(CAFE)),
        ANN[f"{SLUG}-vng"]: (rene, rene + len(RENE)),
    }
    assert (rene, rene + len(RENE)) == (16, 42)
    # The quotes were kept as written: decomposed, with the non-breaking space.
    exacts = {str(o) for o in Graph().parse(annotated, format="turtle").objects(None, OA.exact)}
    assert exacts == {CAFE, RENE}


def test_validate_accepts_the_decomposed_quotes(annotated: Path) -> None:
    assert run_cli("validate") == (0, CONFORMS, "")


def test_an_nfc_quote_is_reported_by_validate(annotated: Path, project_copy: Path) -> None:
    rel = annotated.relative_to(project_copy).as_posix()
    replace_once(project_copy, rel, f'oa:exact "{RENE}"', f'oa:exact "{RENE_NFC}"')
    status, out, err = run_cli("validate")
    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert lines[-1] == "1 violation(s)"
    (line,) = lines[:-1]
    assert line.startswith(f"{rel}: Violation: ann:{SLUG}-vng ")
    assert f"Quote does not match its source {SRC[SLUG]} at [16, 42)" in line
    assert f'the annotation says "{RENE_NFC}", the text has "{RENE}"' in line
    status, out, _err = run_cli("validate", "--format", "json")
    (result,) = json.loads(out)["results"]
    assert status == 1
    assert (result["file"], result["focus"], result["shape"]) == (
        rel,
        f"ann:{SLUG}-vng",
        "g40sh:QuoteMatchesTextShape",
    )


def test_fmt_does_not_find_an_nfc_quote_and_writes_nothing(
    annotated: Path, project_copy: Path
) -> None:
    rel = annotated.relative_to(project_copy).as_posix()
    position = "oa:hasSelector [ a oa:TextPositionSelector ; oa:end 42 ; oa:start 16 ] ;"
    replace_once(project_copy, rel, f"        {position}\n", "")
    replace_once(project_copy, rel, f'oa:exact "{RENE}"', f'oa:exact "{RENE_NFC}"')
    before = annotated.read_bytes()
    status, out, err = run_cli("fmt")
    assert (status, out) == (2, "")
    assert f'{rel}: {ANN[SLUG + "-vng"]}: quote not found in {SRC[SLUG]}: "{RENE_NFC}"' in err
    assert annotated.read_bytes() == before
