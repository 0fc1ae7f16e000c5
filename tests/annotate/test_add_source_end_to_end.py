"""A new text annotated with the commands alone, no hand-written Turtle: add-source, suggest
(with Frog), draft --propose, draft --write (facts, a mention, an event and a participation in
it), validate, find. Runs in CI with Frog installed by scripts/install.sh; it fails (does not
skip) without Frog."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from g40kg.cli import main

TEXT = (
    "Werkbezoek aan Putten\n"
    "Op 3 april bezocht de pijler Economie en Werk de gemeente Putten. Wethouder Annemiek "
    "Hoogland (Putten) ontving de delegatie. Het gesprek ging over de themagroep MKB en "
    "economische vernieuwing, met als "
    "trekker Frank den Brok.\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_new_text_annotated_with_the_commands_only(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text_file = tmp_path / "putten.txt"
    text_file.write_text(TEXT, encoding="utf-8")
    status, out, err = run(
        capsys, "add-source", str(text_file), "--title", "Werkbezoek aan Putten",
        "--slug", "putten-2024", "--date", "2024-04-03", "--evidence", "Dated in the text.",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert out.splitlines()[-1] == "next: g40kg suggest 005; g40kg draft 005 --propose"

    status, out, err = run(capsys, "suggest", "005", "--format", "json")
    assert (status, err) == (0, "")
    items = {(i["text"], i["status"], tuple(i["kinds"])) for i in json.loads(out)["items"]}
    assert ("Annemiek Hoogland", "unknown", ("person",)) in items
    assert ("Putten", "known", ("organisation",)) in items  # any municipality resolves
    assert not any(text.startswith("Wethouder") for text, _s, _k in items)

    status, out, err = run(capsys, "draft", "005", "--propose")
    assert (status, err) == (0, "")
    commands = [line.strip() for line in out.splitlines() if line.startswith("  g40kg draft")]
    assert commands == [
        "g40kg draft src:putten-2024 'Annemiek Hoogland (Putten)' --kind affiliation --agent "
        "'Annemiek Hoogland' --body gm:gm0273 --basis implied-bracket",
        "g40kg draft src:putten-2024 'themagroep MKB en economische vernieuwing, met als trekker "
        "Frank den Brok' --kind mandate --agent 'Frank den Brok' --body "
        "body:themagroep-mkb-en-economische-vernieuwing --role trekker --basis stated",
    ]
    for command in commands:
        status, out, err = run(capsys, *shlex.split(command)[1:], "--write")
        assert (status, err) == (0, "")
    status, out, err = run(
        capsys, "draft", "005", "de gemeente Putten", "--kind", "mention",
        "--agent", "gm:gm0273", "--write",
    )  # fmt: skip
    assert (status, err) == (0, "")

    # The visit itself: an event (its class, date and place), and the pillar's part in it.
    visit = "Op 3 april bezocht de pijler Economie en Werk de gemeente Putten"
    label = "Werkbezoek van de pijler Economie en Werk aan Putten"
    status, out, err = run(
        capsys, "draft", "005", visit, "--kind", "event", "--label", label, "--class",
        "WorkVisit", "--date", "2024-04-03", "--location", "Putten", "--write",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert "event:werkbezoek-van-de-pijler-economie-en-werk-aan-putten a g40:WorkVisit ;" in out
    status, out, err = run(
        capsys, "draft", "005", visit, "--kind", "participation", "--agent",
        "pijler Economie en Werk", "--body", label, "--role", "deelnemer", "--write",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert "    g40:activity event:werkbezoek-van-de-pijler-economie-en-werk-aan-putten ;" in out

    assert run(capsys, "validate") == (0, "conforms: the graph satisfies every shape\n", "")
    assert run(capsys, "fmt", "--check")[0] == 0
    status, out, _err = run(capsys, "find", "Putten")
    assert status == 0
    assert out.splitlines()[-3:] == [
        "  used in  ann:putten-2024-de-gemeente-putten oa:hasBody (src:putten-2024)",
        "           event:werkbezoek-van-de-pijler-economie-en-werk-aan-putten schema:location"
        " (src:putten-2024)",
        "           fact:putten-2024-annemiek-hoogland-affiliation-gm0273 org:organization"
        " (src:putten-2024)",
    ]
    status, out, _err = run(capsys, "find", "A. Hoogland")
    assert out.splitlines()[2] == "person:annemiek-hoogland  foaf:Person"
