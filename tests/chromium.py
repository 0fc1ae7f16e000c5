"""Debian's headless Chromium for the browser tests: one place for its path, flags and start-up.

Never a downloaded browser: Playwright drives /usr/bin/chromium. A missing browser or Playwright
fails the test with the install hint (these tests never skip).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "run `bash scripts/install.sh --test` (installs Debian's chromium)"
# Without the background-networking flags Chromium tries to reach Google's hosts at start-up.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium_context(profile: Path, **options: Any) -> Iterator[Any]:
    """A persistent Playwright browser context with a fresh profile folder."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: {INSTALL_HINT}", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "Playwright for Python is missing: pip install playwright "
            "(never `playwright install`; the tests use /usr/bin/chromium)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=FLAGS, **options
        )
        try:
            yield context
        finally:
            context.close()


@dataclass
class Watched:
    """A page and everything it did that a test must check."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """No script error, console error or dialog; only file:// requests, at least one."""
        assert self.errors == []
        assert [c for c in self.console if c.startswith("error:")] == []
        assert self.dialogs == []
        assert self.requests, "the page itself was not requested"
        assert [url for url in self.requests if not url.startswith("file://")] == []


def open_watched(context: Any, url: str) -> Watched:
    """Open url in a new page, recording requests, console messages, errors and dialogs."""
    page = context.new_page()
    watched = Watched(page)
    page.on("request", lambda request: watched.requests.append(request.url))
    page.on("console", lambda message: watched.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: watched.errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url)
    return watched
