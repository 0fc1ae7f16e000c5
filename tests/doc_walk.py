"""The console examples of docs/ADDING_A_SOURCE.md, run in order on a copy of the project.

Every `$ g40kg …` line of a ```console block is a command; the lines after it (to the next `$`
line or the block's end) are its output, stdout and stderr as they interleave, with a last line
`(exit N)` when it exits N, not 0. The text the walk annotates is the ```text block after
"putten.txt". tests/annotate/test_adding_a_source_doc.py checks that the docs say what the
commands print; after a deliberate change of output, rewrite the examples from a real run:

    PYTHONPATH=. python3 tests/doc_walk.py --rewrite
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "ADDING_A_SOURCE.md"
BLOCK = re.compile(r"^```console\n(.*?)^```\n", re.M | re.S)
TEXT = re.compile(r"`putten\.txt`.*?```text\n(.*?)```\n", re.S)
EXIT = re.compile(r"^\(exit (\d+)\)$")


@dataclass
class Example:
    """One command of the doc and what the doc says it prints."""

    command: str
    output: str
    status: int


def examples(doc: str) -> list[Example]:
    found = []
    for block in BLOCK.findall(doc):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _newline, output = part.partition("\n")
            lines = output.splitlines()
            status = 0
            if lines and (last := EXIT.match(lines[-1])):
                status, lines = int(last.group(1)), lines[:-1]
            found.append(Example(command, "".join(line + "\n" for line in lines), status))
    return found


def run_walk(doc: str, root: Path) -> list[Example]:
    """Run every example in a copy of the project at root; what each really printed."""
    text = TEXT.search(doc)
    if text is None:
        raise ValueError("docs/ADDING_A_SOURCE.md: no ```text block after `putten.txt`")
    (root / "putten.txt").write_text(text.group(1), encoding="utf-8")
    env = {**os.environ, "G40KG_ROOT": str(root), "PYTHONPATH": str(REPO), "COLUMNS": "100"}
    real = []
    for example in examples(doc):
        argv = shlex.split(example.command)
        assert argv[0] == "g40kg", example.command
        done = subprocess.run(
            [sys.executable, "-m", "g40kg.cli", *argv[1:]],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=300,
        )
        real.append(Example(example.command, done.stdout, done.returncode))
    return real


def copy_project(root: Path) -> None:
    for folder in ("ontology", "data"):
        shutil.copytree(REPO / folder, root / folder)


def rendered(example: Example) -> str:
    tail = f"(exit {example.status})\n" if example.status else ""
    return f"$ {example.command}\n{example.output}{tail}"


def rewrite(doc: str, real: list[Example]) -> str:
    """doc with each console block's outputs replaced by the real ones, in order."""
    queue = iter(real)

    def block(match: re.Match[str]) -> str:
        count = len(re.findall(r"^\$ ", match.group(1), flags=re.M))
        if not count:  # an output shown without its command (run elsewhere): kept as written
            return match.group(0)
        return "```console\n" + "".join(rendered(next(queue)) for _ in range(count)) + "```\n"

    return BLOCK.sub(block, doc)


def main() -> int:
    doc = DOC.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        copy_project(Path(folder))
        real = run_walk(doc, Path(folder))
    if "--rewrite" in sys.argv:
        DOC.write_text(rewrite(doc, real), encoding="utf-8")
        print(f"rewrote {len(real)} examples of {DOC.relative_to(REPO)}")
        return 0
    differ = [r.command for r, e in zip(real, examples(doc), strict=True) if r != e]
    print("\n".join(differ) or "every example is as the docs say")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
