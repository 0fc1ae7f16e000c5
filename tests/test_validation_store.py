"""The kept on-disk copy of the last validated graph (g40kg.shacl.kept_store).

It must mirror the validated inputs exactly, be used only while it does, and never be trusted
after a refusal, a crash half-way or an edit it cannot follow; another process holding it
means validating in memory. On the corpus the copy is kept only with the size threshold
lowered (MIN_QUADS); tests/test_validation_cache.py compares its findings with full runs.
"""

from __future__ import annotations

import fcntl
import shutil
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, Store

import g40kg.shacl.incremental as cache
import g40kg.shacl.kept_store as kept_store
from g40kg.cli import main
from g40kg.project.cache import file_digests
from g40kg.project.paths import CACHE_DIR
from g40kg.project.store import build_store

FIRST = "data/annotations/000_de51204a97864eeb.ttl"
CONFORMS = "conforms: the graph satisfies every shape\n"


@pytest.fixture
def kept(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project copy, with the copy kept for any size and any share of the data edited."""
    monkeypatch.setattr(kept_store, "MIN_QUADS", 0)
    monkeypatch.setattr(kept_store, "MAX_SHARE", 1.0)
    return project_copy


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def quads(store: Store) -> Counter[tuple[str, ...]]:
    """The store's quads, blank nodes written alike (each parse names them anew)."""

    def text(term: object) -> str:
        return "_:" if isinstance(term, BlankNode) else str(term)

    return Counter(
        tuple(text(t) for t in (q.subject, q.predicate, q.object, q.graph_name)) for q in store
    )


def kept_quads(root: Path) -> Counter[tuple[str, ...]]:
    return quads(Store.read_only(str(root / CACHE_DIR / kept_store.FOLDER)))


def trusted_for_now(root: Path) -> bool:
    """Whether the copy is marked as mirroring the inputs as they are now."""
    return kept_store.mirrored_key(root) == kept_store.state_key(file_digests(root))


def alter_quote(root: Path, rel: str = FIRST, mark: str = "XX") -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('oa:exact "', f'oa:exact "{mark}', 1), encoding="utf-8")


def full_run(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, str, str]:
    shutil.rmtree(root / CACHE_DIR)
    return run(capsys, "validate", "--format", "json")


def test_no_copy_is_kept_for_a_small_graph(project_copy: Path, capsys) -> None:
    assert run(capsys, "validate") == (0, CONFORMS, "")
    assert not (project_copy / CACHE_DIR / kept_store.FOLDER).exists()
    assert kept_store.mirrored_key(project_copy) is None


def test_the_copy_mirrors_the_inputs_after_a_full_and_an_incremental_run(
    kept: Path, capsys
) -> None:
    assert run(capsys, "validate") == (0, CONFORMS, "")
    assert trusted_for_now(kept)
    assert kept_quads(kept) == quads(build_store(kept))
    alter_quote(kept)
    people = kept / "data" / "entities" / "people.ttl"
    text = people.read_text(encoding="utf-8")
    people.write_text(text + "\nperson:x-test foaf:name 'X Test' .\n", encoding="utf-8")
    status, _out, err = run(capsys, "validate")
    assert (status, err) == (1, "")
    assert trusted_for_now(kept)
    assert kept_quads(kept) == quads(build_store(kept))


def test_a_refused_edit_leaves_the_copy_for_the_old_inputs(kept: Path, capsys) -> None:
    assert run(capsys, "validate")[0] == 0
    before = kept_store.mirrored_key(kept)
    people = kept / "data" / "entities" / "people.ttl"
    original = people.read_text(encoding="utf-8")
    people.write_text(original + "\nperson:x foaf:name .\n", encoding="utf-8")
    status, out, err = run(capsys, "validate")
    assert (status, out) == (2, "") and "people.ttl:" in err
    assert kept_store.mirrored_key(kept) == before
    people.write_text(original, encoding="utf-8")
    alter_quote(kept)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("validated in memory")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("g40kg.shacl.findings.cached_store", refuse)
        incremental = run(capsys, "validate", "--format", "json")
    assert incremental[0] == 1
    assert incremental == full_run(capsys, kept)


def test_a_source_naming_another_text_is_left_to_the_in_memory_path(kept: Path, capsys) -> None:
    """An edit to which text a source names is not followed in the copy (its texts are kept
    under the sources naming them): validated in memory, and the copy rebuilt."""
    assert run(capsys, "validate")[0] == 0
    annotation = kept / FIRST
    text = annotation.read_text(encoding="utf-8")
    other = "001_24ce6d4dc556139e.txt"
    assert text.count('g40:textFile "000_de51204a97864eeb.txt"') == 1
    annotation.write_text(
        text.replace('g40:textFile "000_de51204a97864eeb.txt"', f'g40:textFile "{other}"'),
        encoding="utf-8",
    )
    built: list[int] = []
    keep = kept_store.keep

    def counted(root: Path, digests: dict[str, str], size: int) -> None:
        built.append(size)
        keep(root, digests, size)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kept_store, "keep", counted)
        incremental = run(capsys, "validate", "--format", "json")
    assert len(built) == 1 and trusted_for_now(kept)
    assert kept_quads(kept) == quads(build_store(kept))
    assert incremental[0] == 1
    assert incremental == full_run(capsys, kept)


def test_a_run_that_fails_half_way_leaves_the_copy_untrusted(kept: Path, capsys) -> None:
    assert run(capsys, "validate")[0] == 0
    alter_quote(kept)

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("killed half-way")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "recheck", crash)
        with pytest.raises(RuntimeError, match="killed half-way"):
            main(["validate"])
    assert kept_store.mirrored_key(kept) is None  # changed in part: never used again
    capsys.readouterr()
    after = run(capsys, "validate", "--format", "json")
    assert after[0] == 1 and trusted_for_now(kept)
    assert kept_quads(kept) == quads(build_store(kept))
    assert after == full_run(capsys, kept)


def test_a_copy_held_by_another_process_is_left_alone(kept: Path, capsys) -> None:
    assert run(capsys, "validate")[0] == 0
    before = kept_store.mirrored_key(kept)
    alter_quote(kept)
    with open(kept / CACHE_DIR / kept_store.LOCK, "a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as another g40kg validate would
        status, out, err = run(capsys, "validate", "--format", "json")
    assert status == 1 and err == ""
    assert kept_store.mirrored_key(kept) == before  # neither used nor rebuilt
    assert (status, out, err) == full_run(capsys, kept)


def test_an_edit_over_the_share_is_validated_in_memory(
    kept: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing a large part of the data touches most of the graph: re-checking it node by
    node on disk would be slower than a full run in memory."""
    # 0.2: the corpus files of at most a fifth of the data hold 68 % of it, so a copy is
    # kept; the first annotation file (79,598 of 251,712 bytes, old and new) is over.
    monkeypatch.setattr(kept_store, "MAX_SHARE", 0.2)
    assert run(capsys, "validate")[0] == 0
    assert trusted_for_now(kept)
    alter_quote(kept)
    opened: list[str] = []
    monkeypatch.setattr(kept_store, "open_kept", lambda *args: opened.append("x"))
    status, out, err = run(capsys, "validate", "--format", "json")
    assert opened == [] and status == 1
    assert trusted_for_now(kept)
    assert (status, out, err) == full_run(capsys, kept)


def test_no_copy_is_kept_when_most_data_is_in_large_files(
    kept: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project of a few large files would rebuild the copy after every run and never use
    it: at the default share (a tenth), the corpus files small enough to be re-validated on
    the copy (up to 25,171 bytes) hold 40 % of its data."""
    monkeypatch.setattr(kept_store, "MAX_SHARE", 0.1)
    assert run(capsys, "validate") == (0, CONFORMS, "")
    assert not (kept / CACHE_DIR / kept_store.FOLDER).exists()
    assert kept_store.mirrored_key(kept) is None


def test_a_file_edited_while_the_copy_is_built_leaves_it_untrusted(
    kept: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy is read from the files after the run; an edit in between would make it mirror
    other inputs than those it is marked with."""
    build = kept_store.build_store

    def build_then_edit(root: Path, folder: Path) -> Store:
        store = build(root, folder)
        people = root / "data" / "entities" / "people.ttl"
        people.write_text(people.read_text(encoding="utf-8") + "\n# edited meanwhile\n")
        return store

    monkeypatch.setattr(kept_store, "build_store", build_then_edit)
    assert run(capsys, "validate") == (0, CONFORMS, "")
    assert kept_store.mirrored_key(kept) is None
