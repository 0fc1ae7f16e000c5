"""The code is ruff clean and the Turtle files are in canonical form: CI checks both."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_check_is_clean() -> None:
    result = run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_turtle_files_are_canonical() -> None:
    result = run(sys.executable, "-m", "g40kg.cli", "fmt", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
