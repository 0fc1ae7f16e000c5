"""Only the project's own files are read, under any name, and no verb is silent on an invalid graph.

Issue #15: a text symlinked to /etc/passwd entered the graph, a .ttl symlinked out of the project
was loaded, a dangling symlink or a file name with a space gave a traceback, and `query`,
`sparql`, `view` and `site` answered from a graph that fails validation without a word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from g40kg.cli import main

CONFORMS = "conforms: the graph satisfies every shape\n"
EXTRA = (
    "@prefix ex: <https://example.org/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    'ex:thing rdfs:label "a thing" .\n'
)
TEXT = "data/texts/000_de51204a97864eeb.txt"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_a_text_symlinked_out_of_the_project_is_refused_naming_the_link(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = project_copy / TEXT
    text.unlink()
    text.symlink_to("/etc/passwd")
    (project_copy / "ask.rq").write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    for verb in (["validate"], ["export"], ["stats"], ["sparql", "ask.rq"]):
        status, out, err = run(capsys, *verb)
        assert (status, out) == (2, ""), verb
        assert err == (
            f"error: {text}: a symbolic link out of the project (to /etc/passwd): g40kg reads "
            "only the project's own files\n"
        )


def test_a_turtle_file_symlinked_out_of_the_project_is_refused(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.ttl"
    outside.write_text(EXTRA, encoding="utf-8")
    link = project_copy / "data" / "entities" / "outside.ttl"
    link.symlink_to(outside)
    status, out, err = run(capsys, "validate")
    assert (status, out) == (2, "")
    assert err.startswith(f"error: {link}: a symbolic link out of the project (to {outside})")


def test_a_symlink_inside_the_project_is_read(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inside = project_copy / "data" / "entities" / "places.ttl"
    (project_copy / "data" / "entities" / "alias.ttl").symlink_to(inside)
    assert run(capsys, "validate") == (0, CONFORMS, "")


def test_a_dangling_symlink_is_refused_naming_it(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = project_copy / "data" / "entities" / "gone.ttl"
    link.symlink_to(project_copy / "data" / "entities" / "never-there.ttl")
    assert run(capsys, "validate") == (
        2,
        "",
        f"error: {link}: a symbolic link to a file that does not exist\n",
    )


def test_a_folder_symlink_is_refused(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = project_copy / "data" / "more"
    link.symlink_to(project_copy / "data" / "entities")
    assert run(capsys, "validate") == (
        2,
        "",
        f"error: {link}: a symbolic link to a folder: not followed\n",
    )


@pytest.mark.parametrize("name", ["a b.ttl", 'quote".ttl', "gt>.ttl", "tab\t.ttl", "nl\n.ttl"])
def test_any_file_name_is_read_and_named(
    project_copy: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = project_copy / "data" / "entities" / name
    path.write_text(EXTRA, encoding="utf-8")
    assert run(capsys, "validate") == (0, CONFORMS, "")
    status, out, _err = run(capsys, "export", "--format", "nt")
    assert (
        status == 0
        and '<https://example.org/thing> <http://www.w3.org/2000/01/rdf-schema#label> "a thing" .'
        in out.splitlines()
    )
    # a finding about a node declared there names the file as it is called
    path.write_text(EXTRA + "ex:thing a <http://xmlns.com/foaf/0.1/Person> .\n", encoding="utf-8")
    status, out, _err = run(capsys, "validate")
    assert status == 1
    assert out.startswith(f"data/entities/{name}: Violation: <https://example.org/thing>")


def test_a_hidden_turtle_file_is_refused_and_other_hidden_files_ignored(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project_copy / "data" / "entities" / ".DS_Store").write_bytes(b"\0\1")
    assert run(capsys, "validate") == (0, CONFORMS, "")
    hidden = project_copy / "data" / "entities" / ".x.ttl"
    hidden.write_text(EXTRA, encoding="utf-8")
    assert run(capsys, "validate") == (
        2,
        "",
        f"error: {hidden}: a hidden Turtle file is not read: rename it without the leading dot, "
        "or remove it\n",
    )


# -- never silent on an invalid graph -----------------------------------------------------------


@pytest.fixture
def broken(project_copy: Path) -> Path:
    """The corpus with one quote changed: one violation (the quote no longer is the text's)."""
    path = project_copy / "data" / "annotations" / "000_de51204a97864eeb.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('oa:exact "', 'oa:exact "XX', 1), encoding="utf-8")
    (project_copy / "queries").symlink_to(Path(__file__).resolve().parents[2] / "queries")
    return project_copy


WARNING = (
    "warning: the graph fails validation (1 violation(s)): answers may rest on wrong data; "
    "run `g40kg validate` to see why\n"
)


def test_query_and_sparql_warn_on_an_invalid_graph_and_strict_refuses(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "validate")[0] == 1
    status, out, err = run(capsys, "query", "vng-committees")
    assert status == 0 and out.endswith("(5 rows)\n") and err == WARNING
    status, out, err = run(capsys, "query", "vng-committees", "--strict")
    assert (status, out) == (1, "")
    assert err == "error: " + WARNING.removeprefix("warning: ").removesuffix("\n") + " (--strict)\n"
    (broken / "count.rq").write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    status, _out, err = run(capsys, "sparql", "count.rq", "--format", "csv")
    assert status == 0 and err == WARNING


def test_view_and_site_warn_on_an_invalid_graph_and_say_so_on_the_page(
    broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = run(capsys, "view", "actors", "-o", str(tmp_path / "a.html"))
    assert status == 0 and err == WARNING
    assert run(capsys, "view", "actors", "-o", str(tmp_path / "b.html"), "--strict")[0] == 1
    assert not (tmp_path / "b.html").exists()
    status, _out, err = run(capsys, "site", "-o", str(tmp_path / "site"))
    assert WARNING in err
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "This graph fails validation (1 violation(s)):" in index


def test_a_valid_graph_draws_no_warning(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project_copy / "count.rq").write_text("ASK { ?s ?p ?o }\n")
    assert run(capsys, "sparql", "count.rq") == (0, "yes\n", "")


def test_outside_a_project_every_verb_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("G40KG_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    expected = (
        f"error: not in a g40kg project: no ontology/ and data/ in {tmp_path.resolve()} or above; "
        "run g40kg in a project, or name one with --root DIR or $G40KG_ROOT\n"
    )
    for verb in (["validate"], ["stats"], ["queries"], ["add-source", "x.txt", "--title", "x"]):
        assert run(capsys, *verb) == (2, "", expected), verb


def test_a_file_removed_while_it_is_read_is_a_clear_error(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file list is taken first; a file gone by the time it is read is named, not a
    traceback."""
    places = project_copy / "data" / "entities" / "places.ttl"
    real = Path.read_bytes

    def vanishing(path: Path) -> bytes:
        if path == places:
            path.unlink()
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", vanishing)
    assert run(capsys, "validate") == (
        2,
        "",
        f"error: {places}: cannot read: No such file or directory\n",
    )
