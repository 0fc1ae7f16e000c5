"""Hostile data that names another host: nothing written by `view --all` or `site` may fetch it.

test_site and test_views_browser show hostile markup as text (site pages; one focused view in a
browser). Here the hostile values carry addresses of evil.example (a script source, an image,
a stylesheet by url() and @import) and every file both commands write, the views included, is
scanned: no tag that fetches, no CSS that imports or loads from a host, evil.example never in a
tag, an attribute, a comment, a style or a script other than the escaped JSON data, and a
Content-Security-Policy with default-src 'none' ahead of any script or style.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_run import run_cli
from rdflib import Literal

from g40kg.project.namespaces import turtle_prefixes

TURTLE_PREFIXES = turtle_prefixes()

HOST = "evil.example"
EVIL_LABEL = f'<script src="https://{HOST}/x.js"></script>'
EVIL_BODY = (
    f'</style><link rel="stylesheet" href="https://{HOST}/s.css"><style>@import "//{HOST}/i.css";'
)
EVIL_QUOTE = f'<img src="http://{HOST}/p.png"> and url(https://{HOST}/c.css)'
EVIL_TITLE = f"<iframe src=https://{HOST}/f></iframe><object data=//{HOST}/o><embed src=//{HOST}/e>"
EVIL_TEXT = f"Intro. {EVIL_QUOTE} end.\n"

FORBIDDEN = (
    "<script src",
    "<link",
    "<img",
    "<iframe",
    "<object",
    "<embed",
    "<base",
    '<meta http-equiv="refresh',
)
# url(...) or @import that reaches a host: a scheme with //, or a scheme-relative //host.
REMOTE_CSS = re.compile(
    r"""(url\(\s*['"]?\s*|@import\s+(url\(\s*)?['"]?\s*)([a-z][a-z0-9+.-]*:)?//""", re.I
)
DATA_SCRIPT = "application/json"
TEXT_ATTRIBUTES = {"title", "aria-label"}  # text for people and screen readers, never fetched


def evil_turtle(start: int, end: int) -> str:
    return f"""
{TURTLE_PREFIXES}
person:evil-test a foaf:Person ; rdfs:label {Literal(EVIL_LABEL).n3()} .

body:evil-body a g40:Committee ; rdfs:label {Literal(EVIL_BODY).n3()} .

src:evil-doc a g40:Source ;
    dcterms:title {Literal(EVIL_TITLE).n3()} ;
    g40:textFile "999_evil.txt" .

ann:evil-quote a oa:Annotation ;
    oa:hasTarget [
        oa:hasSource src:evil-doc ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact {Literal(EVIL_QUOTE).n3()} ] ;
        oa:hasSelector [ a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} ]
    ] .

fact:evil-mandate a org:Membership ;
    g40:date "2022"^^xsd:gYear ;
    org:member person:evil-test ;
    org:organization body:evil-body ;
    org:role role:lid ;
    prov:wasDerivedFrom ann:evil-quote .
"""


class Scanner(HTMLParser):
    """What a page would act on: tags as written, styles, scripts, comments, CSP metas; and the
    text a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], str]] = []
        self.markup: list[str] = []  # comments, declarations, processing instructions
        self.css: list[str] = []  # <style> contents and style attributes
        self.scripts: list[tuple[str | None, str]] = []  # (type, content)
        self.text: list[str] = []
        self.open: tuple[str, str | None] | None = None  # the <style>/<script> being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = self.get_starttag_text() or ""
        values = dict(attrs)
        self.tags.append((tag, values, written))
        if values.get("style"):
            self.css.append(values["style"] or "")
        if tag in ("style", "script"):
            self.open = (tag, values.get("type"))
            if tag == "script":
                self.scripts.append((values.get("type"), ""))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[0] == tag:
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open is None:
            self.text.append(data)
        elif self.open[0] == "style":
            self.css.append(data)
        else:
            kind, content = self.scripts[-1]
            self.scripts[-1] = (kind, content + data)

    def handle_comment(self, data: str) -> None:
        self.markup.append(data)

    def handle_decl(self, decl: str) -> None:
        self.markup.append(decl)

    def handle_pi(self, data: str) -> None:
        self.markup.append(data)

    def unknown_decl(self, data: str) -> None:
        self.markup.append(data)


def scan(path: Path) -> Scanner:
    scanner = Scanner()
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    return scanner


# five violations; one is the hostile mandate's date, which no quote gives (DateSupportShape)
EVIL_WARNING = (
    "warning: the graph fails validation (5 violation(s)): answers may rest on wrong data; "
    "run `g40kg validate` to see why\n"
)


@pytest.fixture(scope="module")
def written(
    make_project_copy: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[Path]]:
    """Every file `view --all -o DIR` and `site -o DIR2` write for the hostile project copy."""
    root = make_project_copy("evil")
    start = EVIL_TEXT.index(EVIL_QUOTE)
    (root / "data" / "texts" / "999_evil.txt").write_text(EVIL_TEXT, encoding="utf-8")
    ttl = evil_turtle(start, start + len(EVIL_QUOTE))
    (root / "data" / "annotations" / "999_evil.ttl").write_text(ttl, encoding="utf-8")
    out = tmp_path_factory.mktemp("evil-out")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("G40KG_ROOT", str(root))
        patch.chdir(root)
        status, _out, err = run_cli("view", "--all", "-o", str(out / "views"))
        assert (status, err) == (0, EVIL_WARNING)  # the evil data also breaks four shapes
        status, _out, err = run_cli("site", "-o", str(out / "site"))
        assert (status, err) == (0, EVIL_WARNING)
    return {
        name: sorted(p for p in (out / name).rglob("*") if p.is_file())
        for name in ("views", "site")
    }


def all_files(written: dict[str, list[Path]]) -> list[Path]:
    files = written["views"] + written["site"]
    assert len(written["views"]) >= 7 and len(written["site"]) > 50
    return files


def test_no_file_has_a_tag_that_fetches(written: dict[str, list[Path]]) -> None:
    for path in all_files(written):
        raw = path.read_text(encoding="utf-8").lower()
        for tag in FORBIDDEN:
            assert tag not in raw, (path, tag)
        tags = scan(path).tags
        assert not {t for t, _a, _w in tags} & {"img", "iframe", "object", "embed", "link"}
        assert [w for t, a, w in tags if t == "script" and "src" in a] == [], path


def test_no_css_imports_or_loads_from_a_host(written: dict[str, list[Path]]) -> None:
    for path in all_files(written):
        for css in scan(path).css:
            assert HOST not in css, path
            assert not REMOTE_CSS.search(css), (path, REMOTE_CSS.search(css))
            assert "@import" not in css.lower(), path


def test_the_host_is_never_in_markup_or_code(written: dict[str, list[Path]]) -> None:
    hostile = (EVIL_LABEL, EVIL_BODY, EVIL_QUOTE, EVIL_TITLE)
    for path in all_files(written):
        scanner = scan(path)
        assert [m for m in scanner.markup if HOST in m] == [], path
        for tag, attrs, written_tag in scanner.tags:
            # A value that broke out of its quotes would start a tag or add an attribute.
            assert "<" not in written_tag[1:], (path, written_tag)
            for name, value in attrs.items():
                if value and HOST in value:
                    # Only as tooltip text, each hostile value whole (its quotes escaped).
                    assert name in TEXT_ATTRIBUTES, (path, tag, name)
                    assert any(v in value for v in hostile), (path, tag, name)
        for kind, content in scanner.scripts:
            if kind == DATA_SCRIPT:
                # Data for the page's script: markup characters escaped, so it cannot end early.
                assert not set(content) & set("<>&"), path
                json.loads(content)  # whole: no hostile value ended the element early
            else:
                assert HOST not in content, path


def test_the_hostile_values_are_there_as_text(written: dict[str, list[Path]]) -> None:
    """Not a vacuous scan: the values reach the pages, as text and as escaped view data."""
    site_text = {p: "".join(scan(p).text) for p in written["site"]}
    for value in (EVIL_LABEL, EVIL_BODY, EVIL_QUOTE, EVIL_TITLE):
        assert any(value in text for text in site_text.values()), value
    data = [
        content
        for path in written["views"]
        for kind, content in scan(path).scripts
        if kind == DATA_SCRIPT
    ]
    escaped = EVIL_LABEL.replace("<", "\\u003c").replace(">", "\\u003e").replace('"', '\\"')
    assert any(escaped in content for content in data)


def test_every_page_forbids_every_fetch_before_any_script_or_style(
    written: dict[str, list[Path]],
) -> None:
    for path in all_files(written):
        assert path.suffix == ".html", path
        tags = scan(path).tags
        metas = [
            i
            for i, (t, a, _w) in enumerate(tags)
            if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"
        ]
        assert len(metas) == 1, path
        policy = tags[metas[0]][1].get("content") or ""
        directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
        assert directives["default-src"] == ["'none'"], path
        assert directives.get("base-uri") == ["'none'"], path
        sources = {s for values in directives.values() for s in values}
        assert sources <= {"'none'", "'unsafe-inline'", "data:"}, (path, policy)
        first_active = min(
            (i for i, (t, _a, _w) in enumerate(tags) if t in ("script", "style")),
            default=len(tags),
        )
        assert metas[0] < first_active, path
