"""The building blocks every page of the report site shares: escaping, safe names, links, frame.

Why one place: the site's two promises (text from the data is never read as HTML, and no page
asks another host for anything) hold only if every page is built the same way. Every string
from the data goes through esc(); every file name and anchor comes from Names, which keeps
nothing but [A-Za-z0-9-] (so no path can climb out of the site); every link is a relative path
computed by href(); every page carries the same Content-Security-Policy as the view index and
has no script at all.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib.term import Node

from g40kg.network.views import INDEX_CSP

GENERATOR = "g40kg site"
MAX_NAME = 60
UNSAFE = re.compile(r"[^A-Za-z0-9]+")

#: (page, title) of the sections every page links to, in menu order.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("index.html", "Home"),
    ("queries/index.html", "Queries"),
    ("views/index.html", "Network views"),
    ("people/index.html", "People"),
    ("organisations/index.html", "Organisations"),
    ("events.html", "Events"),
    ("programmes.html", "Programmes"),
    ("themes/index.html", "Themes"),
    ("sources/index.html", "Sources"),
    ("ontology.html", "Ontology"),
)

CSS = """
body { font-family: sans-serif; color: #222; margin: 0; line-height: 1.45; }
nav { background: #1d3557; padding: 8px 16px; }
nav a { color: #fff; margin-right: 14px; text-decoration: none; font-size: 14px; }
nav a:hover { text-decoration: underline; }
main { padding: 12px 24px 40px 24px; max-width: 1200px; }
h1 { font-size: 24px; margin: 12px 0 4px 0; }
h2 { font-size: 19px; margin-top: 28px; border-bottom: 1px solid #ddd; }
h3 { font-size: 16px; margin: 18px 0 4px 0; }
h3 code { font-size: 15px; }
.meta { color: #555; margin: 2px 0; }
code, pre { font-family: monospace; font-size: 13px; }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; white-space: pre-wrap; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 4px 7px; text-align: left; vertical-align: top; }
th { background: #f0f3f7; }
tr:target, li:target, section:target { background: #fff6cc; }
q { font-style: italic; }
.note { color: #555; font-size: 13px; }
.evidence { margin: 0 0 4px 0; }
.text { white-space: pre-wrap; font-size: 15px; line-height: 1.7; max-width: 900px; }
mark { background: #ffe98a; padding: 0; }
mark.k-mandate, .swatch.k-mandate { background: #bcd7f5; }
mark.k-participation, .swatch.k-participation { background: #c6ecc0; }
mark.k-event, .swatch.k-event { background: #ecd2f7; }
mark.k-mention, .swatch.k-mention { background: none; border-bottom: 2px dotted #8a8a8a; }
mark mark.k-mandate { background: #94bde9; }
mark mark.k-participation { background: #9fdc95; }
.swatch { padding: 0 3px; font-size: 13px; }
.kinds { font-size: 14px; margin-right: 10px; cursor: pointer; }
#kind-mandate:checked ~ .text mark:not(.k-mandate),
#kind-participation:checked ~ .text mark:not(.k-participation),
#kind-event:checked ~ .text mark:not(.k-event),
#kind-mention:checked ~ .text mark:not(.k-mention) { background: none; border-bottom: 0; }
.toc { columns: 2; font-size: 14px; }
mark:target { outline: 2px solid #1d3557; }
sup.refs a { font-size: 11px; margin-left: 1px; }
dl { display: grid; grid-template-columns: max-content auto; gap: 2px 14px; margin: 6px 0; }
dt { color: #555; }
dd { margin: 0; }
.error { color: #a00; }
"""


def esc(value: object) -> str:
    """Text from the data as HTML text or attribute value: <, >, &, " and ' escaped."""
    return html.escape(str(value), quote=True)


def safe_name(text: str, *, lower: bool = True) -> str:
    """Letters, digits and single hyphens only (accents dropped); never empty, never a path."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = UNSAFE.sub("-", ascii_text.lower() if lower else ascii_text).strip("-")[:MAX_NAME]
    return name.strip("-") or "x"


def last_segment(iri: str) -> str:
    """The part of an IRI after its last / or # (the slug of the project's IRI patterns)."""
    parts = [p for p in re.split(r"[/#]", iri) if p]
    return parts[-1] if parts else iri


@dataclass
class Names:
    """Unique safe names for nodes within one namespace (a folder, or the ids of a page).

    The name comes from the IRI's last segment; when two nodes would share one, or a name is
    reserved (index), the later node in sorted order gets a short hash of its IRI appended,
    so that names are stable from one build to the next."""

    reserved: frozenset[str] = frozenset()
    lower: bool = True
    _by_node: dict[str, str] = field(default_factory=dict)
    _taken: set[str] = field(default_factory=set)

    def assign(self, nodes: Iterable[Node | str]) -> None:
        for node in sorted({str(n) for n in nodes}):
            self.name(node)

    def name(self, node: Node | str) -> str:
        key = str(node)
        if key not in self._by_node:
            base = safe_name(last_segment(key), lower=self.lower)
            name = base
            if name in self._taken or name in self.reserved:
                name = f"{base}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"
            self._taken.add(name)
            self._by_node[key] = name
        return self._by_node[key]


def href(from_page: str, to_page: str, fragment: str = "") -> str:
    """A relative link from one page of the site to another (or to an anchor on the same)."""
    if to_page == from_page:
        path = ""
    else:
        path = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    target = quote(path) + (f"#{quote(fragment)}" if fragment else "")
    return target or "#"


def link(from_page: str, to_page: str, text: str, fragment: str = "") -> str:
    return f'<a href="{esc(href(from_page, to_page, fragment))}">{esc(text)}</a>'


def table(headers: Iterable[str], rows: Iterable[tuple[str, Iterable[str]]]) -> str:
    """A table; headers are plain text, each row is (id or "", cells of ready HTML)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for row_id, cells in rows:
        attr = f' id="{esc(row_id)}"' if row_id else ""
        body.append(f"<tr{attr}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>\n"
    )


def definition_list(items: Iterable[tuple[str, str]]) -> str:
    """A <dl> of (plain-text term, ready HTML value); items with an empty value are left out."""
    parts = [f"<dt>{esc(term)}</dt><dd>{value}</dd>" for term, value in items if value]
    return "<dl>\n" + "\n".join(parts) + "\n</dl>\n" if parts else ""


def page(path: str, title: str, body: str) -> str:
    """A whole page at path (relative to the site root): CSP, menu, title, body; no script."""
    menu = " ".join(link(path, target, text) for target, text in SECTIONS)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{INDEX_CSP}">\n'
        f'<meta name="generator" content="{GENERATOR}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<nav>{menu}</nav>\n<main>\n<h1>{esc(title)}</h1>\n{body}</main>\n</body>\n</html>\n"
    )
