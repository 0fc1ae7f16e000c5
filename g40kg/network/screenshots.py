"""Screenshots of written views at the fitted zoom, for review (`g40kg view --all --screenshots`).

Why here: whether a view reads well is judged by looking at it as an analyst first sees it, in a
1400×900 window once the page reports ready. Debian's Chromium (/usr/bin/chromium) is driven by
Playwright for Python; nothing is downloaded and the pages request nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from g40kg.project.errors import UsageError

CHROMIUM = Path("/usr/bin/chromium")
WINDOW = {"width": 1400, "height": 900}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = 'body[data-ready="true"]'


def screenshots(pages: Iterable[Path]) -> list[Path]:
    """A PNG beside each HTML view (NAME.png), taken once the view is ready; the files written."""
    if not CHROMIUM.is_file():
        raise UsageError(f"--screenshots needs {CHROMIUM}: install Debian's chromium package")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise UsageError(
            "--screenshots needs Playwright for Python: pip install playwright"
        ) from None
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            page = browser.new_page(viewport=WINDOW)
            for html in pages:
                page.goto(html.resolve().as_uri())
                try:
                    page.wait_for_selector(READY, state="attached", timeout=120_000)
                except Error as exc:
                    raise UsageError(f"{html}: the view did not get ready ({exc})") from None
                shot = html.with_suffix(".png")
                page.screenshot(path=str(shot))
                written.append(shot)
        finally:
            browser.close()
    return written
