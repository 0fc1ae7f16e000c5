"""The report site (`g40kg site -o DIR`): links, corpus facts, hostile text, a real browser.

The site of this checkout is built once into a temporary folder. Every HTML file is checked
for relative links whose targets and anchors exist; pages are read with a small DOM built on
html.parser so that checks compare exact texts. Hostile labels, quotes and source texts in a
project copy must appear as text and never as markup, and headless Chromium (Debian's, through
Playwright) must follow the index's and a person page's links without a broken link, a console
error or a request to any other host. These tests never skip.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from chromium import chromium_context, open_watched
from cli_run import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from g40kg.network.projections import PROJECTIONS
from g40kg.network.views import INDEX_CSP
from g40kg.project.load import rdflib_data
from g40kg.project.namespaces import CNT, G40, OA, SH, turtle_prefixes
from g40kg.query.results import compact
from g40kg.site.html import SECTIONS, Names, href, safe_name
from g40kg.site.marks import Highlight, highlight

TURTLE_PREFIXES = turtle_prefixes()

DEN_BROK_QUOTE = "Frank den Brok (Oss) was al eerder gekozen als voorzitter."
DEN_BROK_REMIT = (
    "Hij bewaakt brede welvaart als overkoepelend thema, en legt de verbinding met het bestuur en"
    " de andere pijlers van de G40."
)
EKEM_QUOTE = "Yvonne Salvino en Frank den Brok zijn actief in de VNG commissie EKEM."
ALMERE_TITLE = "Pijler Economie en Werk van start in Almere"
REPORT_TITLE = "Jaarverslag G40 pijler Economie en Werk 2024"
EKEM = "VNG-commissie Economie, Klimaat, Energie en Milieu"
PAGE_NAME = re.compile(r"[A-Za-z0-9-]+(/[A-Za-z0-9-]+)?\.html")
FETCHING = ("href", "src", "srcset", "action", "formaction", "data", "poster", "background")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


# --- a small DOM over html.parser -------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag]

    def by_id(self, ident: str) -> Element:
        found = [e for e in self.iter() if e.attrs.get("id") == ident]
        assert len(found) == 1, f"{len(found)} elements with id {ident!r}"
        return found[0]


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return
        raise AssertionError(f"end tag </{tag}> without a start tag")

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(text: str) -> Element:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements: " + str(
        [e.tag for e in builder.stack[1:]]
    )
    return builder.root


def read(path: Path) -> Element:
    return parse(path.read_text(encoding="utf-8"))


# --- the link checker -------------------------------------------------------------------------


def check_links(site: Path) -> list[str]:
    """Every fetching attribute of every HTML file: relative, to a file in the site, whose
    anchor (if any) exists; and every HTML file reachable from index.html by <a> links."""
    site = site.resolve()
    docs = {p.resolve(): read(p) for p in sorted(site.rglob("*.html"))}
    ids = {p: {e.attrs["id"] for e in d.iter() if e.attrs.get("id")} for p, d in docs.items()}
    problems: list[str] = []
    edges: dict[Path, set[Path]] = {p: set() for p in docs}
    for path, doc in docs.items():
        name = path.relative_to(site).as_posix()
        for element in doc.iter():
            for attr in FETCHING:
                value = element.attrs.get(attr)
                if value is None:
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc or value.startswith("/"):
                    problems.append(f"{name}: {attr}={value!r} is not a relative link")
                    continue
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
                if not target.is_relative_to(site) or not target.is_file():
                    problems.append(f"{name}: {attr}={value!r} points to no file of the site")
                    continue
                if parts.fragment and unquote(parts.fragment) not in ids.get(target, set()):
                    problems.append(f"{name}: {attr}={value!r}: no such anchor")
                if element.tag == "a" and target in docs:
                    edges[path].add(target)
    seen, todo = set(), [site / "index.html"]
    while todo:
        page = todo.pop()
        if page not in seen and page in docs:
            seen.add(page)
            todo += sorted(edges[page])
    problems += [
        f"{p.relative_to(site)}: not reachable from index.html" for p in docs if p not in seen
    ]
    return problems


def test_link_checker_reports_every_kind_of_broken_link(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="sub/a.html#here">ok</a><a href="sub/a.html#gone">anchor</a>'
        '<a href="missing.html">file</a><a href="https://example.org/">host</a>'
        '<img src="//cdn.example/x.png"><a href="../outside.html">out</a>',
        encoding="utf-8",
    )
    (tmp_path / "sub" / "a.html").write_text('<p id="here">x</p>', encoding="utf-8")
    (tmp_path / "lost.html").write_text("<p>nobody links here</p>", encoding="utf-8")
    (tmp_path.parent / "outside.html").write_text("x", encoding="utf-8")
    assert check_links(tmp_path) == [
        "index.html: href='sub/a.html#gone': no such anchor",
        "index.html: href='missing.html' points to no file of the site",
        "index.html: href='https://example.org/' is not a relative link",
        "index.html: src='//cdn.example/x.png' is not a relative link",
        "index.html: href='../outside.html' points to no file of the site",
        "lost.html: not reachable from index.html",
    ]


# --- the site of this checkout ----------------------------------------------------------------


@pytest.fixture(scope="module")
def site(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "g40site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("G40KG_ROOT", str(repo_root))
        status, out, err = run_cli("site", "-o", str(folder))
    assert (status, err) == (0, "")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert out == f"wrote {len(files)} files to {folder}; open {folder / 'index.html'}\n"
    return folder


@pytest.fixture(scope="module")
def corpus(repo_root: Path) -> Graph:
    return rdflib_data(repo_root)


def test_every_link_and_anchor_of_the_site_resolves(site: Path) -> None:
    assert check_links(site) == []


def test_pages_are_offline_and_safely_named(site: Path) -> None:
    views = {f"views/{name}.html" for name in PROJECTIONS} | {"views/index.html"}
    for path in sorted(site.rglob("*")):
        if path.is_dir():
            continue
        name = path.relative_to(site).as_posix()
        assert PAGE_NAME.fullmatch(name), name
        doc = read(path)
        csp = [m.attrs["content"] for m in doc.all("meta") if m.attrs.get("http-equiv")]
        assert len(csp) == 1 and "default-src 'none'" in csp[0], name
        if name not in views:
            assert csp == [INDEX_CSP], name
            assert doc.all("script") == [] and doc.all("link") == [], name
    assert views <= {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert not list(site.parent.glob(".g40site.*")), "the staging folder was left behind"


def test_den_brok_page_lists_his_mandates_in_time_order_with_quotes(site: Path) -> None:
    doc = read(site / "people" / "frank-den-brok.html")
    assert doc.all("h1")[0].text() == "Frank den Brok"
    table = doc.all("table")[0]
    assert [r.attrs.get("id") for r in table.all("tr")[1:]] == [
        "fact-den-brok-oss",
        "fact-den-brok-voorzitter-pijler",
        "fact-den-brok-lid-vng-ekem-2024",
    ]
    chair = doc.by_id("fact-den-brok-voorzitter-pijler")
    cells = chair.all("td")
    assert [c.text() for c in cells[:5]] == [
        "observed between 2022-09-20 and 2022-10",
        "voorzitter (“bewaakt brede welvaart als overkoepelend thema; legt de verbinding met het"
        " bestuur en de andere pijlers van de G40”)",
        "pijler Economie en Werk",
        "mandate",
        "afgeleid uit context",
    ]
    assert cells[2].all("a")[0].attrs["href"] == "../organisations/g40-pijler-economie-en-werk.html"
    # the chair's fact rests on two sentences: his election and his remit
    assert [q.text() for q in cells[5].all("q")] == [DEN_BROK_QUOTE, DEN_BROK_REMIT]
    document = cells[5].all("a")[0]
    assert document.text() == ALMERE_TITLE
    assert document.attrs["href"] == "../sources/almere-2022.html#q-almere-den-brok"
    ekem = doc.by_id("fact-den-brok-lid-vng-ekem-2024").all("td")
    assert [c.text() for c in ekem[:5]] == ["observed in 2024", "lid", EKEM, "mandate", "vermeld"]
    assert ekem[2].all("a")[0].attrs["href"] == "../organisations/vng-commissie-ekem.html"
    assert [q.text() for q in ekem[5].all("q")] == [EKEM_QUOTE]
    assert ekem[5].all("a")[0].text() == REPORT_TITLE
    assert (
        ekem[5].all("a")[0].attrs["href"]
        == "../sources/jaarverslag-2024.html#q-jaarverslag-2024-ekem"
    )


def test_committee_page_lists_its_members(site: Path) -> None:
    doc = read(site / "organisations" / "vng-commissie-ekem.html")
    assert doc.all("h1")[0].text() == EKEM
    rows = doc.all("table")[0].all("tr")[1:]
    members = {r.attrs["id"]: [c.text() for c in r.all("td")[:4]] for r in rows}
    assert members == {
        "fact-den-brok-lid-vng-ekem-2024": ["observed in 2024", "lid", "Frank den Brok", "mandate"],
        "fact-salvino-lid-vng-ekem-2024": ["observed in 2024", "lid", "Yvonne Salvino", "mandate"],
    }


def test_almere_text_marks_the_quote_and_links_it_to_its_facts(site: Path) -> None:
    doc = read(site / "sources" / "almere-2022.html")
    mark = doc.by_id("q-almere-den-brok")
    assert (mark.tag, mark.text()) == ("mark", DEN_BROK_QUOTE)
    assert DEN_BROK_QUOTE in [m.text() for m in doc.all("mark")]
    text = doc.by_id("text")
    refs = [a.attrs["href"] for a in text.all("a")]
    assert "#ann-almere-den-brok" in refs
    entry = doc.by_id("ann-almere-den-brok")
    assert [q.text() for q in entry.all("q")] == [DEN_BROK_QUOTE]
    links = [a.attrs["href"] for a in entry.all("a")]
    assert links == [
        "#q-almere-den-brok",
        "../people/frank-den-brok.html",
        "../organisations/gm0828.html",
        "../people/frank-den-brok.html#fact-den-brok-oss",
        "../people/frank-den-brok.html",
        "../organisations/g40-pijler-economie-en-werk.html",
        "../people/frank-den-brok.html#fact-den-brok-voorzitter-pijler",
    ]


def test_source_marks_say_what_they_carry(site: Path) -> None:
    doc = read(site / "sources" / "almere-2022.html")
    assert doc.by_id("q-almere-den-brok").attrs["class"] == "k-mandate"
    text = doc.by_id("text")
    kinds = Counter(m.attrs.get("class", "") for m in text.all("mark") if "id" in m.attrs)
    assert kinds == {"k-mandate": 16, "k-participation": 6, "k-event": 8, "k-mention": 5}
    radios = [e.attrs["id"] for e in doc.iter() if e.tag == "input"]
    assert radios == [
        "kind-all",
        "kind-mandate",
        "kind-participation",
        "kind-event",
        "kind-mention",
    ]
    labels = [e.text() for e in doc.iter() if e.tag == "label"]
    assert labels == [
        "all",
        "mandates (16)",
        "participations (6)",
        "events and programmes (8)",
        "mentions only (5)",
    ]
    entry = doc.by_id("ann-almere-den-brok")
    assert entry.all("span")[0].text() == "records a mandate and 1 more fact"


def test_events_page_has_a_table_of_contents(site: Path) -> None:
    doc = read(site / "events.html")
    sections = [e.attrs["id"] for e in doc.all("section")]
    toc = doc.all("ol")[0]
    assert [a.attrs["href"] for a in toc.all("a")] == [f"#{s}" for s in sections]
    assert len(sections) == 35  # the corpus's events after the third reading (issue 17)


def test_theme_pages_list_what_treats_the_theme(site: Path) -> None:
    doc = read(site / "themes" / "werklocaties.html")
    assert doc.all("h1")[0].text() == "Theme: werklocaties"
    links = {a.attrs["href"] for a in doc.all("main")[0].all("a")}
    assert "../sources/almere-2022.html" in links
    index = read(site / "themes" / "index.html")
    assert len(index.all("tr")) == 1 + 46  # the themes of the scheme, with or without ties


def test_query_result_names_link_to_their_pages(site: Path) -> None:
    doc = read(site / "queries" / "vng-committees.html")
    cells = doc.all("table")[0].all("tr")[1].all("td")
    assert [a.attrs["href"] for c in cells for a in c.all("a")][:3] == [
        "../people/frank-den-brok.html",
        "../organisations/gm0828.html",
        "../organisations/vng-commissie-ekem.html",
    ]


def test_views_in_the_site_carry_its_menu(site: Path) -> None:
    for name in ("actors.html", "index.html"):
        doc = read(site / "views" / name)
        nav = doc.all("nav")[0]
        assert [a.attrs["href"] for a in nav.all("a")] == [
            href("views/x.html", target) for target, _text in SECTIONS
        ]


def test_every_mark_holds_exactly_its_quote_and_the_text_is_unchanged(
    site: Path, corpus: Graph
) -> None:
    """Nested marks included: a mark's text is its annotation's oa:exact, everywhere."""
    quotes = {}
    for annotation, target in corpus.subject_objects(OA.hasTarget):
        for selector in corpus.objects(target, OA.hasSelector):
            exact = corpus.value(selector, OA.exact)
            if exact is not None:
                quotes["q-" + str(annotation).rsplit("/", 1)[-1]] = str(exact)
    checked = 0
    for source in corpus.subjects(RDF.type, G40.Source):
        slug = str(source).rsplit("/", 1)[-1]
        doc = read(site / "sources" / f"{slug}.html")
        text = doc.by_id("text")
        marks = [m for m in text.all("mark") if "id" in m.attrs]
        assert [m for m in text.all("mark") if "id" not in m.attrs] == []  # nothing crosses
        for mark in marks:
            assert mark.text() == quotes[mark.attrs["id"]]
        checked += len(marks)
        without_refs = "".join(_text_without(text, "sup"))
        assert without_refs == str(corpus.value(source, CNT.chars))
    placed = len(list(corpus.subjects(RDF.type, OA.TextPositionSelector)))
    assert checked == placed == 178  # every quote of the five texts, one annotation per span


def _text_without(element: Element, tag: str) -> Iterator[str]:
    for child in element.children:
        if isinstance(child, str):
            yield child
        elif child.tag != tag:
            yield from _text_without(child, tag)


def test_query_pages_show_text_header_and_results(site: Path, repo_root: Path) -> None:
    names = sorted(p.stem for p in (repo_root / "queries").glob("*.rq"))
    assert sorted(p.stem for p in (site / "queries").glob("*.html")) == sorted(names + ["index"])
    index = read(site / "queries" / "index.html")
    assert [a.attrs["href"] for a in index.all("main")[0].all("a")] == [f"{n}.html" for n in names]
    doc = read(site / "queries" / "vng-committees.html")
    rq = (repo_root / "queries" / "vng-committees.rq").read_text(encoding="utf-8")
    assert doc.all("pre")[0].text() == rq
    assert doc.all("main")[0].all("p")[0].text() == (
        "Who sits on which VNG committee: municipality, role, term and the quote that says so"
    )
    table = doc.all("table")[0]
    assert [th.text() for th in table.all("th")] == [
        "person", "municipality", "committee", "role", "period", "source", "quote", "sources",
    ]  # fmt: skip
    rows = [[td.text() for td in tr.all("td")] for tr in table.all("tr")[1:]]
    assert len(rows) == 5
    assert [
        "Frank den Brok", "Oss", EKEM, "lid", "held on some day in 2024; start and end not given",
        REPORT_TITLE, EKEM_QUOTE, "1",
    ] in rows  # fmt: skip
    members = read(site / "queries" / "members.html")
    wanted = []
    for line in (repo_root / "queries" / "members.rq").read_text("utf-8").splitlines():
        if line.startswith("#+ example:"):
            words = shlex.split(line.partition(":")[2])
            given = [words[i + 1] for i, w in enumerate(words) if w == "-p"]
            wanted.append("Result with " + ", ".join(g.replace("=", " = ", 1) for g in given))
    assert len(wanted) >= 2
    assert [h.text() for h in members.all("h2")] == wanted + ["SPARQL"]
    assert len(members.all("table")) == len(wanted)


def test_ontology_page_documents_every_term_and_shape_message(site: Path, repo_root: Path) -> None:
    doc = read(site / "ontology.html")
    terms, shapes = Graph(), Graph()
    for path in (repo_root / "ontology").glob("*.ttl"):
        (shapes if path.name.startswith("shapes") else terms).parse(path)
    documented = 0
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual):
        for term in terms.subjects(RDF.type, kind):
            name = compact(str(term))
            section = doc.by_id("t-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-"))
            assert section.all("h3")[0].text() == name
            dts, dds = section.all("dt"), section.all("dd")
            values = dict(zip([d.text() for d in dts], [d.text() for d in dds], strict=True))
            for prop, key in ((RDFS.label, "label"), (RDFS.comment, "comment")):
                for value in terms.objects(term, prop):
                    assert values[f"{key} ({value.language})"] == str(value), (name, key)
            documented += 1
    # + mandates and their time, name judgements, the derived name keys
    assert documented == 39 + 5 + 16 + 2 + 23 + 4 + 2
    theme_group = doc.by_id("t-g40-ThemeGroup")
    dts = [d.text() for d in theme_group.all("dt")]
    dds = [d.text() for d in theme_group.all("dd")]
    assert dict(zip(dts, dds, strict=True))["subclass of"] == "org:OrganizationalUnit"
    assert doc.by_id("t-g40-basis").all("h3")[0].text() == "g40:basis"
    assert doc.by_id("t-g40-Basis").all("h3")[0].text() == "g40:Basis"
    page_text = doc.text()
    messages = [str(m) for m in shapes.objects(None, SH.message)]
    assert len(messages) > 50
    assert [m for m in messages if m not in page_text] == []
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        name = compact(str(shape))
        section = doc.by_id("s-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-"))
        assert section.all("h3")[0].text() == name


def test_index_links_every_section(site: Path) -> None:
    doc = read(site / "index.html")
    main_links = [a.attrs["href"] for a in doc.all("main")[0].all("a")]
    for section in (
        "queries/vng-committees.html",
        "people/index.html",
        "organisations/index.html",
        "events.html",
        "programmes.html",
        "sources/index.html",
        "queries/index.html",
        "views/index.html",
        "ontology.html",
        "sources/almere-2022.html",
    ):
        assert section in main_links


# --- marks: nesting and overlap ---------------------------------------------------------------


def mark(start: int, end: int, key: str, number: int) -> Highlight:
    return Highlight(start, end, f"q-{key}", f"t{key}", f"ann-{key}", number)


def test_nested_and_crossing_spans_give_well_formed_marks() -> None:
    spans = [mark(0, 6, "a", 1), mark(2, 4, "b", 2), mark(4, 8, "c", 3), mark(5, 20, "x", 4)]
    html, skipped = highlight("abcdefghij", spans)
    assert html == (
        '<mark id="q-a" title="ta">ab<mark id="q-b" title="tb">cd</mark>'
        '<mark id="q-c" title="tc">ef</mark></mark>'
        '<mark class="cont" data-of="q-c" title="tc">gh</mark>'
        '<sup class="refs"><a href="#ann-a">[1]</a><a href="#ann-b">[2]</a>'
        '<a href="#ann-c">[3]</a></sup>ij'
    )
    assert skipped == [spans[3]]


def test_identical_and_empty_spans_and_hostile_text() -> None:
    text = '<b>"x"</b> & y'
    spans = [mark(0, 10, "e", 2), mark(0, 10, "d", 1), mark(3, 3, "z", 3)]
    html, skipped = highlight(text, spans)
    assert html == (
        '<mark id="q-d" title="td"><mark id="q-e" title="te">'
        "&lt;b&gt;&quot;x&quot;&lt;/b&gt;</mark></mark>"
        '<sup class="refs"><a href="#ann-d">[1]</a><a href="#ann-e">[2]</a></sup> &amp; y'
    )
    assert skipped == [spans[2]]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab<&\n é", min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=8),
)
def test_any_spans_give_well_formed_marks_with_their_exact_text(
    text: str, pairs: list[tuple[int, int]]
) -> None:
    spans = [mark(s, e, str(i), i + 1) for i, (s, e) in enumerate(pairs)]
    html, skipped = highlight(text, spans)
    root = parse(html)
    assert "".join(_text_without(root, "sup")) == text
    pieces: dict[str, str] = {}
    for element in root.iter():
        if element.tag == "mark":
            key = element.attrs.get("id") or element.attrs["data-of"]
            pieces[key] = pieces.get(key, "") + element.text()
    fits = [h for h in spans if 0 <= h.start < h.end <= len(text)]
    assert pieces == {h.key: text[h.start : h.end] for h in fits}
    assert skipped == [h for h in spans if h not in fits]
    assert [m.attrs["id"] for m in root.all("mark") if "id" in m.attrs] == [
        h.key for h in sorted(fits, key=lambda h: (h.start, -h.end, h.key))
    ]


# --- names and links --------------------------------------------------------------------------


def test_file_names_from_iris_are_safe_unique_and_stable() -> None:
    names = Names(reserved=frozenset({"index"}))
    iris = [
        "https://w3id.org/g40kg/id/person/frank-den-brok",
        "https://w3id.org/g40kg/id/person/../../../etc/passwd",
        "https://example.org/other/frank-den-brok",
        "https://w3id.org/g40kg/id/person/index",
        "https://w3id.org/g40kg/id/person/Ren%C3%A9%20..%2F..",
        "https://w3id.org/g40kg/id/person/René",
        "https://w3id.org/g40kg/id/person/",
    ]
    names.assign(iris)
    got = [names.name(i) for i in iris]
    digest = hashlib.sha1(iris[0].encode("utf-8")).hexdigest()[:8]
    assert (
        got
        == [
            f"frank-den-brok-{digest}",  # example.org sorts first and keeps the plain name
            "passwd",
            "frank-den-brok",
            "index-" + hashlib.sha1(iris[3].encode("utf-8")).hexdigest()[:8],
            "ren-c3-a9-20-2f",
            "rene",
            "person",
        ]
    )
    again = Names(reserved=frozenset({"index"}))
    again.assign(reversed(iris))
    assert [again.name(i) for i in iris] == got
    assert safe_name("../..") == "x" and safe_name("É/é") == "e-e"


def test_relative_links() -> None:
    assert (
        href("people/a.html", "organisations/b.html", "fact-1") == "../organisations/b.html#fact-1"
    )
    assert href("index.html", "people/a.html") == "people/a.html"
    assert href("people/a.html", "people/a.html", "x") == "#x"
    assert href("people/a.html", "people/b.html") == "b.html"


# --- the output folder ------------------------------------------------------------------------


def test_site_refuses_a_folder_it_did_not_write_and_replaces_its_own(
    project_copy: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    status, out, err = run_cli("site", "-o", str(other))
    assert (status, out) == (2, "")
    assert err == (
        f"error: -o {other}: the folder holds other files; give a new or empty folder "
        "(an earlier site written by `g40kg site` is replaced)\n"
    )
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]
    a_file = tmp_path / "file.html"
    a_file.write_text("x", encoding="utf-8")
    assert run_cli("site", "-o", str(a_file))[0] == 2
    assert run_cli("site")[0] == 2
    out_dir = tmp_path / "site"
    assert run_cli("site", "-o", str(out_dir))[0] == 0
    (out_dir / "stale.html").write_text("old", encoding="utf-8")
    assert run_cli("site", "-o", str(out_dir))[0] == 0
    assert not (out_dir / "stale.html").exists()
    assert (out_dir / "people" / "frank-den-brok.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.html", "other", "site"]


def test_a_query_that_cannot_run_is_reported_and_the_site_still_written(
    project_copy: Path, tmp_path: Path
) -> None:
    queries = project_copy / "queries"
    queries.mkdir()
    (queries / "broken.rq").write_text(
        "#+ summary: a query with a SPARQL syntax error\nSELECT ?x WHERE { ?x }\n", "utf-8"
    )
    (queries / "needs.rq").write_text(
        "#+ summary: a parameter and no example\n"
        "#+ param: who (type: string, required) a name\n"
        "SELECT ?who WHERE { }\n",
        "utf-8",
    )
    folder = tmp_path / "site"
    status, out, err = run_cli("site", "-o", str(folder))
    assert status == 1
    lines = err.splitlines()
    assert [line.split(":")[:2] for line in lines] == [
        ["warning", " query broken (the defaults)"],
        ["warning", " query needs (the defaults)"],
    ]
    assert lines[1].endswith("the query needs parameters and its header gives no example")
    broken = read(folder / "queries" / "broken.html")
    errors = [p.text() for p in broken.all("p") if p.attrs.get("class") == "error"]
    assert errors == [
        f"Could not run: {queries / 'broken.rq'}:2: SPARQL syntax error: Expected SelectQuery "
        "(line 2, column 19)"
    ]
    assert check_links(folder) == []


# --- hostile text -----------------------------------------------------------------------------

HOSTILE_LABEL = "<img src=x onerror=alert(1)>"
HOSTILE_QUOTE = '<script>alert("q")</script> & <b>vet</b>'
HOSTILE_TITLE = "</title><script>alert(3)</script>"
HOSTILE_TEXT = f"Intro. {HOSTILE_QUOTE} and <svg onload=alert(4)> end.\n"


def hostile_turtle(start: int, end: int) -> str:
    return f"""
{TURTLE_PREFIXES}
person:hostile-test a foaf:Person ; rdfs:label {Literal(HOSTILE_LABEL).n3()} .
<https://w3id.org/g40kg/id/person/index> a foaf:Person ; rdfs:label "Index Person" .
<https://w3id.org/g40kg/id/person/..%2F..%2Fescape> a foaf:Person ; rdfs:label "Escape" .

body:hostile-body a g40:Committee ; rdfs:label "R&D <b>vet</b>" .

src:hostile-doc a g40:Source ;
    dcterms:title {Literal(HOSTILE_TITLE).n3()} ;
    g40:textFile "999_hostile.txt" .

ann:hostile-quote a oa:Annotation ;
    oa:hasTarget [
        oa:hasSource src:hostile-doc ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact {Literal(HOSTILE_QUOTE).n3()} ] ;
        oa:hasSelector [ a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} ]
    ] .

fact:hostile-mandate a org:Membership ;
    g40:date "2022"^^xsd:gYear ;
    org:member person:hostile-test ;
    org:organization body:hostile-body ;
    org:role role:lid ;
    prov:wasDerivedFrom ann:hostile-quote .
"""


# seven violations; one is the hostile mandate's date, which no quote gives (DateSupportShape)
HOSTILE_WARNING = (
    "warning: the graph fails validation (7 violation(s)): answers may rest on wrong data; "
    "run `g40kg validate` to see why\n"
)


@pytest.fixture(scope="module")
def hostile_site(
    make_project_copy: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The site of a project copy with hostile labels, titles, quotes and text added."""
    root = make_project_copy("hostile")
    start = HOSTILE_TEXT.index(HOSTILE_QUOTE)
    (root / "data" / "texts" / "999_hostile.txt").write_text(HOSTILE_TEXT, "utf-8")
    ttl = hostile_turtle(start, start + len(HOSTILE_QUOTE))
    (root / "data" / "annotations" / "999_hostile.ttl").write_text(ttl, "utf-8")
    folder = tmp_path_factory.mktemp("hostile") / "hostile-site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("G40KG_ROOT", str(root))
        status, _out, err = run_cli("site", "-o", str(folder))
    assert (status, err) == (0, HOSTILE_WARNING)  # the hostile data also breaks six shapes
    return folder


def test_hostile_text_is_escaped_everywhere(hostile_site: Path) -> None:
    assert sorted(p.name for p in hostile_site.parent.iterdir()) == ["hostile-site"]
    views = {f"{name}.html" for name in PROJECTIONS}
    for path in sorted(hostile_site.rglob("*.html")):
        if path.parent.name == "views" and path.name in views:
            continue  # the views escape their data their own way (test_views_browser)
        raw = path.read_text(encoding="utf-8")
        for payload in ("<img", "<script", "<b>", "</title><"):
            assert payload not in raw, (path, payload)
        # The only SVG is the site's own timelines (g40kg.site.timelines).
        assert raw.count("<svg") == raw.count('<svg class="timeline" role="img"'), path
        tags = {e.tag for e in read(path).iter()}
        assert not tags & {"img", "script", "b", "iframe"}, path
    person = read(hostile_site / "people" / "hostile-test.html")
    assert person.all("h1")[0].text() == HOSTILE_LABEL
    assert person.all("title")[0].text() == HOSTILE_LABEL
    row = person.by_id("fact-hostile-mandate")
    assert [c.text() for c in row.all("td")[:3]] == ["observed in 2022", "lid", "R&D <b>vet</b>"]
    assert [q.text() for q in row.all("q")] == [HOSTILE_QUOTE]
    document = row.all("a")[1]
    assert document.text() == HOSTILE_TITLE
    assert document.attrs["href"] == "../sources/hostile-doc.html#q-hostile-quote"
    source = read(hostile_site / "sources" / "hostile-doc.html")
    assert source.by_id("q-hostile-quote").text() == HOSTILE_QUOTE
    assert "".join(_text_without(source.by_id("text"), "sup")) == HOSTILE_TEXT
    people = sorted(p.name for p in (hostile_site / "people").iterdir())
    assert "2f-2fescape.html" in people and "index.html" in people
    assert [n for n in people if n.startswith("index-")] != []
    assert check_links(hostile_site) == []


# --- a real browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with chromium_context(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


def follow_every_link(context, url: str) -> int:
    """Open url, then each of its links in turn: each must load and have its anchor."""
    watched = open_watched(context, url)
    page = watched.page
    # An SVG link's href is an SVGAnimatedString: resolve its text against the page.
    links = page.eval_on_selector_all(
        "a[href]", "as => as.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"
    )
    assert links
    for target in links:
        assert target.startswith("file://"), target
        page.goto(target)  # a missing file raises net::ERR_FILE_NOT_FOUND
        assert page.url == target
        fragment = urlsplit(target).fragment
        if fragment:
            found = page.evaluate(
                "h => document.getElementById(decodeURIComponent(h)) !== null", fragment
            )
            assert found, target
        assert page.title(), target
    watched.assert_clean()
    page.close()
    return len(links)


def test_browser_follows_the_index_and_a_person_page(browser, site: Path) -> None:
    assert follow_every_link(browser, (site / "index.html").as_uri()) >= 25
    person = (site / "people" / "frank-den-brok.html").as_uri()
    assert follow_every_link(browser, person) >= 12
    watched = open_watched(browser, (site / "sources" / "almere-2022.html").as_uri())
    assert watched.page.locator("#q-almere-den-brok").inner_text() == DEN_BROK_QUOTE
    mention = watched.page.locator("#text mark.k-mention").first
    mandate = watched.page.locator("#q-almere-den-brok")
    background = "e => getComputedStyle(e).backgroundColor"
    assert mandate.evaluate(background) == "rgb(188, 215, 245)"
    watched.page.click("label[for='kind-mention']")
    assert mandate.evaluate(background) == "rgba(0, 0, 0, 0)"
    assert mention.evaluate("e => getComputedStyle(e).borderBottomStyle") == "dotted"
    watched.page.click("label[for='kind-all']")
    assert mandate.evaluate(background) == "rgb(188, 215, 245)"
    watched.page.locator("#text a[href='#ann-almere-den-brok']").click()
    assert watched.page.url.endswith("#ann-almere-den-brok")
    watched.assert_clean()
    watched.page.close()


def test_browser_shows_hostile_text_as_text(browser, hostile_site: Path) -> None:
    watched = open_watched(browser, (hostile_site / "people" / "hostile-test.html").as_uri())
    page = watched.page
    assert page.locator("h1").inner_text() == HOSTILE_LABEL
    assert page.title() == HOSTILE_LABEL
    assert page.locator("img").count() == 0 and page.locator("script").count() == 0
    page.goto((hostile_site / "sources" / "hostile-doc.html").as_uri())
    assert page.locator("#q-hostile-quote").inner_text() == HOSTILE_QUOTE
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert page.locator("svg, b, script, img").count() == 0
    watched.assert_clean()
    page.close()


def test_query_runs_in_the_background_are_the_runs_one_after_the_other(tmp_path: Path) -> None:
    """The site runs its queries in a child while it builds the other pages: the same runs,
    also for queries the guard refuses (a SERVICE, a text that does not parse)."""
    from g40kg.project.load import open_project
    from g40kg.query.backends import OxigraphBackend
    from g40kg.query.library import load_queries
    from g40kg.site.queries import all_runs, all_runs_in_background

    repo = Path(__file__).resolve().parents[2]
    project = open_project(repo)
    queries = load_queries(repo)
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "remote.rq").write_text(
        "#+ summary: remote\nSELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n",
        encoding="utf-8",
    )
    (tmp_path / "queries" / "broken.rq").write_text(
        "#+ summary: broken\nSELECT ?x WHERE { ?x ", encoding="utf-8"
    )
    queries |= load_queries(tmp_path)
    backend = OxigraphBackend(project.store)
    background = all_runs_in_background(queries, backend, project.kept)()
    assert background == all_runs(queries, backend, project.kept)
    assert [run.error != "" for run in background["remote"]] == [True]
    assert [run.error != "" for run in background["broken"]] == [True]


def test_folders_a_killed_site_left_are_swept_by_the_next(tmp_path: Path) -> None:
    """A `site` killed while writing leaves its hidden staging folder; the next run removes it,
    but never one of a build that is still running (the process id is in the name)."""
    import os
    import subprocess
    import sys

    from g40kg.site.build import _sweep_leftovers

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], text=True,
                          capture_output=True, check=True)  # fmt: skip
    left = tmp_path / f".site.build-{dead.stdout.strip()}-abc"
    running = tmp_path / f".site.build-{os.getpid()}-def"
    old = tmp_path / f".site.old-{dead.stdout.strip()}-ghi"
    other = tmp_path / ".sites.build-1-x"
    for folder in (left, running, old, other):
        folder.mkdir()
    _sweep_leftovers(tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, other.name])
