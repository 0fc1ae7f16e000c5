"""Adding a text and annotating it without counting characters: add-source, quote, fmt, suggest.

Every test works on a temporary copy of the repository (G40KG_ROOT), never on the real data.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from g40kg.annotate import add_source as add_source_module
from g40kg.annotate.annotation_file import (
    ANNOTATION_PREFIXES,
    SourceRef,
    annotation_prefixes,
    slugify,
)
from g40kg.annotate.fmt import format_text
from g40kg.annotate.quote import Occurrence, decode_escapes, find_passage, quote_report, shown
from g40kg.annotate.selectors import locate, occurrences, source_texts
from g40kg.annotate.suggest import name_spans
from g40kg.cli import main
from g40kg.project.load import rdflib_data
from g40kg.project.namespaces import BODY, G40, OA, SRC
from g40kg.project.turtle_writer import read_layout

REPO = Path(__file__).resolve().parents[2]
ALMERE = REPO / "data" / "annotations" / "002_e13bc018be1931a8.ttl"

# A made-up news item: a new person, known organisations, a non-breaking space (before
# "komt") and typographic quotes.
NEW_TEXT = (
    "Petra van der Zee (Deventer) is de nieuwe trekker van de themagroep MKB en economische "
    "vernieuwing. Zij wil de “menselijke maat” terug in het beleid voor ondernemers. "
    "Platform31 is partner in de Citydeal van de themagroep Vitale binnensteden en "
    "werklocaties. De pijler Economie en Werk\u00a0komt op 12 maart bijeen; daar spreekt "
    "Jan de Vries van de VNG.\n"
)
PETRA = (
    "Petra van der Zee (Deventer) is de nieuwe trekker van de themagroep MKB en economische "
    "vernieuwing."
)
PLATFORM31 = (
    "Platform31 is partner in de Citydeal van de themagroep Vitale binnensteden en werklocaties."
)
TITLE = "Nieuwe trekker voor MKB en economische vernieuwing"
DATE_ARGS = ["--date", "2024-03", "--evidence", "Dated March 2024 on the page."]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under data/ with its bytes: what a refusal must leave unchanged."""
    data = root / "data"
    return {str(p.relative_to(root)): p.read_bytes() for p in data.rglob("*") if p.is_file()}


def next_number(root: Path) -> str:
    numbers = [int(p.name[:3]) for p in (root / "data" / "texts").glob("[0-9][0-9][0-9]_*.txt")]
    return f"{max(numbers) + 1:03d}"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's ontology/ and data/ that the commands work on."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "ontology", root / "ontology")
    shutil.copytree(REPO / "data", root / "data")
    monkeypatch.setenv("G40KG_ROOT", str(root))
    return root


@pytest.fixture
def new_text(tmp_path: Path) -> Path:
    path = tmp_path / "incoming" / "van-der-zee.txt"
    path.parent.mkdir()
    path.write_bytes(NEW_TEXT.encode("utf-8"))
    return path


def text_name(root: Path) -> str:
    """The name add-source gives NEW_TEXT in root (before it is added)."""
    return f"{next_number(root)}_{hashlib.sha256(NEW_TEXT.encode()).hexdigest()[:16]}.txt"


# --- add-source -------------------------------------------------------------------------------


def test_add_source_copies_the_text_and_writes_a_canonical_source_block(
    repo: Path, new_text: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = text_name(repo)
    stem = name[:-4]
    status, out, err = run(
        capsys,
        "add-source",
        str(new_text),
        "--title",
        TITLE,
        "--url",
        "https://example.org/zee",
        *DATE_ARGS,
    )
    assert (status, err) == (0, "")
    assert out == (
        f"added data/texts/{name} (the text, verbatim)\n"
        f"added data/annotations/{stem}.ttl (src:nieuwe-trekker-voor-mkb-en-economische)\n"
        f"next: g40kg suggest {stem[:3]}; g40kg draft {stem[:3]} --propose\n"
    )
    assert (repo / "data" / "texts" / name).read_bytes() == NEW_TEXT.encode("utf-8")
    ttl_path = repo / "data" / "annotations" / f"{stem}.ttl"
    ttl = ttl_path.read_text(encoding="utf-8")
    graph = Graph().parse(data=ttl, format="turtle")
    source = SRC["nieuwe-trekker-voor-mkb-en-economische"]
    assert set(graph) == {
        (source, RDF.type, G40.Source),
        (source, DCTERMS.title, Literal(TITLE, lang="nl")),
        (source, DCTERMS.publisher, BODY.g40),
        (source, URIRef("https://schema.org/url"), URIRef("https://example.org/zee")),
        (source, G40.textFile, Literal(name)),
        (source, G40.sha256, Literal(hashlib.sha256(NEW_TEXT.encode()).hexdigest())),
        (source, G40.date, Literal("2024-03", datatype=XSD.gYearMonth)),
        (source, G40.dateEvidence, Literal("Dated March 2024 on the page.")),
    }
    layout = read_layout(str(ttl_path), ttl)
    assert layout.prefixes == read_layout(str(ALMERE), ALMERE.read_text("utf-8")).prefixes
    assert layout.prefixes == annotation_prefixes()
    n = stem[:3]
    assert layout.header == [
        f"# Annotations of data/texts/{name}:",
        f"# {TITLE}",
        "#",
        "# Written by commands, not by hand (docs/ADDING_A_SOURCE.md; delete this guide after):",
        f"#   g40kg suggest {n}           the names in the text no annotation links yet",
        '#   g40kg find "a name"         the entity a name stands for: IRI, type, where used',
        f"#   g40kg draft {n} --propose   the facts the text's phrasing says, as commands",
        f'#   g40kg draft {n} "a passage" --kind mandate --agent NAME --body NAME --role ROLE',
        "#       prints the annotation, the fact and stubs for new entities; --write appends them",
        "#   g40kg validate              after every change",
    ]
    # Already in the form fmt writes: fmt leaves it alone.
    texts = source_texts(rdflib_data(repo))
    assert format_text(ttl_path.relative_to(repo), ttl, texts) == (ttl, [])


def test_add_source_date_range_and_publisher(
    repo: Path, new_text: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = run(
        capsys,
        "add-source",
        str(new_text),
        "--title",
        "Zee",
        "--slug",
        "zee-2024",
        "--date-from",
        "2024",
        "--date-to",
        "2024-03-12",
        "--evidence",
        "Spring 2024.",
        "--publisher",
        "body:vng",
    )
    assert (status, err) == (0, "")
    graph = rdflib_data(repo)
    source = SRC["zee-2024"]
    assert graph.value(source, DCTERMS.publisher) == URIRef("https://w3id.org/g40kg/id/org/vng")
    assert graph.value(source, G40.earliestDate) == Literal("2024", datatype=XSD.gYear)
    assert graph.value(source, G40.latestDate) == Literal("2024-03-12", datatype=XSD.date)
    assert graph.value(source, G40.date) is None


REFUSALS = [
    pytest.param(b"caf\xe9 in Latin-1\n", [], "not UTF-8 text", id="not-utf8"),
    pytest.param(b"tekst\x00met NUL\n", [], "contains NUL bytes", id="nul-bytes"),
    pytest.param(b"  \n\n", [], "the text is empty", id="empty"),
    pytest.param(
        None, ["--publisher", "body:bestaat-niet"], "no such organisation", id="unknown-publisher"
    ),
    pytest.param(
        None, ["--publisher", "theme:arbeidsmarkt"], "is not an organisation", id="not-an-org"
    ),
    pytest.param(None, ["--publisher", "vng"], "write a prefixed name", id="bare-publisher"),
    pytest.param(None, ["--date", "2024-13", "--evidence", "x"], "not a real date", id="month-13"),
    pytest.param(
        None, ["--date", "12-03-2024", "--evidence", "x"], "write YYYY-MM-DD", id="dd-mm-yyyy"
    ),
    pytest.param(
        None,
        ["--date", "2024", "--date-from", "2023", "--date-to", "2024", "--evidence", "x"],
        "cannot be combined",
        id="date-and-range",
    ),
    pytest.param(None, ["--date-from", "2023", "--evidence", "x"], "both", id="half-range"),
    pytest.param(
        None,
        ["--date-from", "2024-05", "--date-to", "2024-03", "--evidence", "x"],
        "--date-from 2024-05 is after --date-to 2024-03",
        id="range-reversed",
    ),
    pytest.param(None, ["--date", "2024"], "a date needs --evidence", id="no-evidence"),
    pytest.param(None, ["--evidence", "x"], "explains a date", id="evidence-no-date"),
    pytest.param(None, ["--url", "www.example.org"], "full public address", id="bad-url"),
    pytest.param(None, ["--slug", "Zee 2024"], "lower-case letters", id="bad-slug"),
    pytest.param(None, ["--slug", "almere-2022"], "exists already", id="slug-taken"),
]


@pytest.mark.parametrize(("content", "options", "message"), REFUSALS)
def test_add_source_refuses_and_writes_nothing(
    repo: Path,
    new_text: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    options: list[str],
    message: str,
) -> None:
    if content is not None:
        new_text.write_bytes(content)
    before = snapshot(repo)
    status, out, err = run(capsys, "add-source", str(new_text), "--title", TITLE, *options)
    assert status == 2
    assert out == ""
    assert err.startswith("error: ") and message in err, err
    assert snapshot(repo) == before


def test_add_source_refuses_a_text_already_present(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = repo / "data" / "texts" / "002_e13bc018be1931a8.txt"
    before = snapshot(repo)
    status, _out, err = run(capsys, "add-source", str(existing), "--title", "Almere, again")
    assert status == 2
    assert "this text is already data/texts/002_e13bc018be1931a8.txt" in err
    assert snapshot(repo) == before


def test_add_source_refuses_a_missing_file(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(repo)
    status, _out, err = run(capsys, "add-source", str(tmp_path / "nope.txt"), "--title", "T")
    assert status == 2
    assert f"FILE {tmp_path / 'nope.txt'}: cannot read it" in err
    assert snapshot(repo) == before


def test_add_source_removes_the_text_when_the_annotation_file_fails(
    repo: Path, new_text: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = add_source_module.write_atomically
    written: list[str] = []

    def fail_on_turtle(path: Path, text: str) -> None:
        written.append(path.suffix)
        if path.suffix == ".ttl":
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(add_source_module, "write_atomically", fail_on_turtle)
    before = snapshot(repo)
    with pytest.raises(OSError, match="No space left"):
        main(["add-source", str(new_text), "--title", TITLE])
    assert written == [".txt", ".ttl"]
    assert snapshot(repo) == before


# --- the whole workflow -----------------------------------------------------------------------

FACTS = """
fact:van-der-zee-trekker-mkb a org:Membership ;
    g40:basis basis:stated ;
    g40:date "2024-03"^^xsd:gYearMonth ;
    org:member person:petra-van-der-zee ;
    org:organization body:themagroep-mkb-en-economische-vernieuwing ;
    org:role role:trekker ;
    prov:wasDerivedFrom {petra} .

ann:zee-2024-platform31 a oa:Annotation ;
    oa:hasTarget [
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "{platform31}" ] ;
        oa:hasSource src:zee-2024
    ] .

fact:platform31-partner-citydeal-2024 a g40:Participation ;
    g40:activity prog:citydeal-vitale-binnensteden-2022 ;
    g40:agent body:platform31 ;
    g40:basis basis:stated ;
    org:role role:partner ;
    prov:wasDerivedFrom ann:zee-2024-platform31 .
"""

PERSON = """
person:petra-van-der-zee a foaf:Person ;
    foaf:name "Petra van der Zee" ;
    rdfs:label "Petra van der Zee" .
"""

MEMBERSHIP_WITH_QUOTE = """
PREFIX g40: <https://w3id.org/g40kg/def#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?fact ?organisation ?role ?exact ?start ?end ?file WHERE {
    ?fact a org:Membership ;
        org:member <https://w3id.org/g40kg/id/person/petra-van-der-zee> ;
        org:organization ?organisation ;
        org:role ?role ;
        prov:wasDerivedFrom/oa:hasTarget ?target .
    ?target oa:hasSource/g40:textFile ?file ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?exact ] ;
        oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] .
}
"""

PARTICIPATION_WITH_QUOTE = """
PREFIX g40: <https://w3id.org/g40kg/def#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?activity ?role ?exact ?start ?end WHERE {
    ?fact a g40:Participation ;
        g40:agent <https://w3id.org/g40kg/id/org/platform31> ;
        g40:activity ?activity ;
        org:role ?role ;
        prov:wasDerivedFrom/oa:hasTarget ?target .
    ?target oa:hasSource <https://w3id.org/g40kg/id/source/zee-2024> ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?exact ] ;
        oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] .
}
"""


def test_add_quote_annotate_fmt_validate_query(
    repo: Path, new_text: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = text_name(repo)
    number = name[:3]
    status, _out, err = run(
        capsys, "add-source", str(new_text), "--title", TITLE, "--slug", "zee-2024", *DATE_ARGS
    )
    assert (status, err) == (0, "")
    assert run(capsys, "validate") == (0, "conforms: the graph satisfies every shape\n", "")

    status, out, _err = run(capsys, "quote", number, PETRA)
    assert status == 0
    block = out.split("\n\n", 1)[1]
    assert block.startswith("ann:zee-2024-petra-van-der-zee-deventer-is-de-nieuwe a oa:Annotation")
    petra_iri = block.split()[0]

    ttl_path = repo / "data" / "annotations" / name.replace(".txt", ".ttl")
    with ttl_path.open("a", encoding="utf-8") as handle:
        handle.write("\n" + block + FACTS.format(petra=petra_iri, platform31=PLATFORM31))
    with (repo / "data" / "entities" / "people.ttl").open("a", encoding="utf-8") as handle:
        handle.write(PERSON)

    status, out, err = run(capsys, "fmt")
    assert (status, err) == (0, "")
    assert f"reformatted {ttl_path}" in out.splitlines()
    assert run(capsys, "validate") == (0, "conforms: the graph satisfies every shape\n", "")

    graph = rdflib_data(repo)
    rows = [tuple(map(str, row)) for row in graph.query(MEMBERSHIP_WITH_QUOTE)]
    start = NEW_TEXT.index(PETRA)
    assert rows == [
        (
            "https://w3id.org/g40kg/id/fact/van-der-zee-trekker-mkb",
            "https://w3id.org/g40kg/id/org/themagroep-mkb-en-economische-vernieuwing",
            "https://w3id.org/g40kg/id/role/trekker",
            PETRA,
            str(start),
            str(start + len(PETRA)),
            name,
        )
    ]
    # Only oa:exact was written for Platform31: fmt filled in the offsets.
    rows = [tuple(map(str, row)) for row in graph.query(PARTICIPATION_WITH_QUOTE)]
    start = NEW_TEXT.index(PLATFORM31)
    assert rows == [
        (
            "https://w3id.org/g40kg/id/programme/citydeal-vitale-binnensteden-2022",
            "https://w3id.org/g40kg/id/role/partner",
            PLATFORM31,
            str(start),
            str(start + len(PLATFORM31)),
        )
    ]
    # The annotated names have left the worklist; the others remain.
    status, out, _err = run(capsys, "suggest", number, "--format", "json")
    texts = [item["text"] for item in json.loads(out)["items"]]
    assert "Petra van der Zee" not in texts
    assert "Platform31" not in texts
    assert "Jan de Vries" in texts


def test_fmt_corrects_a_wrong_position_selector(
    repo: Path, new_text: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = text_name(repo)
    main(["add-source", str(new_text), "--title", TITLE, "--slug", "zee-2024"])
    ttl_path = repo / "data" / "annotations" / name.replace(".txt", ".ttl")
    wrong = """
ann:zee-2024-jan a oa:Annotation ;
    oa:hasTarget [
        oa:hasSelector [ a oa:TextPositionSelector ; oa:end 5 ; oa:start 0 ] ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Jan de Vries" ] ;
        oa:hasSource src:zee-2024
    ] .
"""
    with ttl_path.open("a", encoding="utf-8") as handle:
        handle.write(wrong)
    capsys.readouterr()
    assert run(capsys, "fmt")[0] == 0
    start = NEW_TEXT.index("Jan de Vries")
    assert (
        f"oa:hasSelector [ a oa:TextPositionSelector ; oa:end {start + 12} ; oa:start {start} ]"
        in ttl_path.read_text(encoding="utf-8")
    )


# --- quote ------------------------------------------------------------------------------------


@pytest.fixture
def added(repo: Path, new_text: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """NEW_TEXT added as src:zee-2024; returns its text file name."""
    name = text_name(repo)
    main(["add-source", str(new_text), "--title", TITLE, "--slug", "zee-2024"])
    capsys.readouterr()
    return name


def test_quote_not_found_shows_the_closest_passage_and_what_differs(
    added: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "quote", "src:zee-2024", '"menselijke maat"')
    start = NEW_TEXT.index("“menselijke")
    assert (status, err) == (1, "")
    assert out == (
        f'not found: "\\"menselijke maat\\"" is not in src:zee-2024 (data/texts/{added})\n'
        "closest passages (start, end; 0-based code points, end exclusive):\n"
        f'  start {start}, end {start + 17}: "“menselijke maat”"'
        "  (the same once spaces, line breaks and quotes are normalised)\n"
        f'      at {start}: the text has "“" (U+201C LEFT DOUBLE QUOTATION MARK)'
        ' where you typed "\\""\n'
        f'      at {start + 16}: the text has "”" (U+201D RIGHT DOUBLE QUOTATION MARK)'
        ' where you typed "\\""\n'
        "      to quote it: g40kg quote src:zee-2024 '“menselijke maat”'\n"
    )


def test_quote_not_found_names_the_non_breaking_space(
    added: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = run(capsys, "quote", added, "Economie en Werk komt")
    start = NEW_TEXT.index("Economie en Werk\u00a0komt")
    assert status == 1
    assert out.splitlines()[2:5] == [
        f'  start {start}, end {start + 21}: "Economie en Werk\\u00A0komt"'
        "  (the same once spaces, line breaks and quotes are normalised)",
        f'      at {start + 16}: the text has "\\u00A0" (U+00A0 NO-BREAK SPACE)'
        ' where you typed " "',
        "      to quote it: g40kg quote src:zee-2024 'Economie en Werk\\u00A0komt'",
    ]
    # The suggested command works: the escape is read back as a non-breaking space.
    status, out, _err = run(capsys, "quote", "src:zee-2024", "Economie en Werk\\u00A0komt")
    assert status == 0
    assert 'oa:exact "Economie en Werk\\u00A0komt"' in out


def test_quote_not_found_with_a_typo_shows_a_similar_passage(
    added: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = run(capsys, "quote", added[:3], "Jan de Fries")
    start = NEW_TEXT.index("Jan de Vries")
    assert status == 1
    assert out.splitlines()[2:5] == [
        f'  start {start}, end {start + 12}: "Jan de Vries"  (92% similar)',
        f'      at {start + 7}: the text has "V" where you typed "F"',
        "      to quote it: g40kg quote src:zee-2024 'Jan de Vries'",
    ]


def test_quote_found_twice_prints_each_occurrence_with_its_prefix(
    added: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "quote", added, "van de themagroep")
    first = NEW_TEXT.index("van de themagroep")
    second = NEW_TEXT.index("van de themagroep", first + 1)
    assert (status, err) == (0, "")
    assert out == (
        f'"van de themagroep" in src:zee-2024 (data/texts/{added}):\n'
        "found 2 times; each needs the oa:prefix/oa:suffix shown"
        " (0-based code points, end exclusive):\n"
        f'  1. start {first}, end {first + 17}  oa:prefix "r "\n'
        f'  2. start {second}, end {second + 17}  oa:prefix "l "\n'
        "\n"
        "# occurrence 1 of 2\n"
        "ann:zee-2024-van-de-themagroep a oa:Annotation ;\n"
        "    oa:hasTarget [\n"
        f"        oa:hasSelector [ a oa:TextPositionSelector ; oa:end {first + 17} ;"
        f" oa:start {first} ] ;\n"
        '        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "van de themagroep" ;'
        ' oa:prefix "r " ] ;\n'
        "        oa:hasSource src:zee-2024\n"
        "    ] .\n"
        "\n"
        "# occurrence 2 of 2\n"
        "ann:zee-2024-van-de-themagroep-2 a oa:Annotation ;\n"
        "    oa:hasTarget [\n"
        f"        oa:hasSelector [ a oa:TextPositionSelector ; oa:end {second + 17} ;"
        f" oa:start {second} ] ;\n"
        '        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "van de themagroep" ;'
        ' oa:prefix "l " ] ;\n'
        "        oa:hasSource src:zee-2024\n"
        "    ] .\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["quote", "999", "x"], "SOURCE '999': no such source"),
        (["quote", "src:bestaat-niet", "x"], "SOURCE 'src:bestaat-niet': no such source"),
        (["quote", "002", ""], "PASSAGE is empty"),
        (["quote", "002", "mail piet@vng.nl"], "PASSAGE contains an e-mail address"),
        (["suggest", "nope.txt"], "SOURCE 'nope.txt': no such source"),
    ],
)
def test_quote_and_suggest_refuse_bad_parameters(
    repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert message in err


def test_sources_are_found_by_name_file_stem_and_number(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = {
        run(capsys, "quote", spec, "Frans Nauta")[1]
        for spec in (
            "src:almere-2022",
            "<https://w3id.org/g40kg/id/source/almere-2022>",
            "002_e13bc018be1931a8.txt",
            "data/texts/002_e13bc018be1931a8.txt",
            "002_e13bc018be1931a8",
            "002",
            "2",
        )
    }
    assert len(outputs) == 1
    assert outputs.pop().startswith('"Frans Nauta" in src:almere-2022')


# --- the quote locator, for any text ----------------------------------------------------------

TEXTS = st.one_of(
    st.text(alphabet='ab \n\u00a0’"\\', min_size=1, max_size=40),
    st.text(min_size=1, max_size=60),
)
PREFIX_LINES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in annotation_prefixes().items())


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, data=st.data())
def test_printed_offsets_and_context_pick_out_each_occurrence(text: str, data) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    passage = text[start:end]
    source = SourceRef(SRC.t, "999_test.txt", text)
    status, out = quote_report(source, passage, set())
    assert status == 0
    header, blocks = out.split("\n\n", 1)
    printed = [(int(s), int(e)) for s, e in re.findall(r"start (\d+), end (\d+)", header)]
    graph = Graph().parse(data=PREFIX_LINES + blocks, format="turtle")
    found = []
    for target in graph.objects(None, OA.hasTarget):
        selectors = list(graph.objects(target, OA.hasSelector))
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
        s, e = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
        exact = str(graph.value(quote, OA.exact))
        prefix, suffix = graph.value(quote, OA.prefix), graph.value(quote, OA.suffix)
        assert text[s:e] == passage == exact
        assert locate(text, exact, prefix and str(prefix), suffix and str(suffix)) == [s]
        found.append((s, e))
    every = [(s, s + len(passage)) for s in occurrences(text, passage)]
    assert sorted(found) == every
    assert printed == every


@given(st.text(max_size=40))
def test_shown_strings_read_back_as_typed(text: str) -> None:
    assert decode_escapes(shown(text)[1:-1]) == text


def test_context_is_the_shortest_that_disambiguates() -> None:
    assert find_passage("xaby aby", "aby") == [
        Occurrence(1, 4, "x", None),
        Occurrence(5, 8, " ", None),
    ]
    assert find_passage("ab ab!", "ab") == [
        Occurrence(0, 2, None, " "),
        Occurrence(3, 5, " ", None),
    ]
    # Neither side alone is enough for the middle "a": one character of each.
    middle = find_passage("aaa", "a")[1]
    assert (middle.start, middle.prefix, middle.suffix) == (1, "a", "a")


# --- suggest ----------------------------------------------------------------------------------

MINI_ENTITIES = """
@prefix body: <https://w3id.org/g40kg/id/org/> .
@prefix g40: <https://w3id.org/g40kg/def#> .
@prefix gm: <https://identifier.overheid.nl/tooi/id/gemeente/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix theme: <https://w3id.org/g40kg/id/theme/> .
@prefix tooiont: <https://identifier.overheid.nl/tooi/def/ont/> .

body:g40 a g40:Network ; rdfs:label "G40-stedennetwerk"@nl ; skos:altLabel "G40"@nl .
body:vng a g40:Association ;
    rdfs:label "Vereniging van Nederlandse Gemeenten"@nl ; skos:altLabel "VNG"@nl .
body:platform31 a g40:KnowledgeOrganisation ; rdfs:label "Platform31" .
body:g40-pijler-economie-en-werk a g40:Pillar ; rdfs:label "pijler Economie en Werk"@nl .
body:themagroep-mkb-en-economische-vernieuwing a g40:ThemeGroup ;
    rdfs:label "themagroep MKB en economische vernieuwing"@nl ;
    skos:altLabel "MKB en economische vernieuwing"@nl .
body:themagroep-vitale-binnensteden-en-werklocaties a g40:ThemeGroup ;
    rdfs:label "themagroep Vitale binnensteden en werklocaties"@nl .
gm:gm0150 a tooiont:Gemeente ; rdfs:label "Deventer"@nl .
theme:scheme a skos:ConceptScheme .
theme:mkb-en-economische-vernieuwing a skos:Concept ; skos:inScheme theme:scheme ;
    skos:prefLabel "MKB en economische vernieuwing"@nl .
"""

# Only oa:exact: suggest counts it as covering, as fmt would place it.
PETRA_ANNOTATION = """
ann:zee-2024-petra a oa:Annotation ;
    oa:hasTarget [
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Petra van der Zee (Deventer)" ] ;
        oa:hasSource src:zee-2024
    ] .
"""


@pytest.fixture
def mini(tmp_path: Path, new_text: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The ontology, a handful of entities whose labels the test controls, and NEW_TEXT."""
    root = tmp_path / "mini"
    shutil.copytree(REPO / "ontology", root / "ontology")
    (root / "data" / "entities").mkdir(parents=True)
    (root / "data" / "texts").mkdir()
    (root / "data" / "entities" / "mini.ttl").write_text(MINI_ENTITIES, encoding="utf-8")
    monkeypatch.setenv("G40KG_ROOT", str(root))
    assert main(["add-source", str(new_text), "--title", TITLE, "--slug", "zee-2024"]) == 0
    (ttl,) = (root / "data" / "annotations").glob("000_*.ttl")
    with ttl.open("a", encoding="utf-8") as handle:
        handle.write(PETRA_ANNOTATION)
    return root


def at(text: str) -> tuple[int, int]:
    start = NEW_TEXT.index(text)
    return start, start + len(text)


def test_suggest_lists_uncovered_known_names_and_unknown_names(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    status, out, err = run(capsys, "suggest", "src:zee-2024", "--format", "json", "--no-frog")
    assert (status, err) == (0, "")
    payload = json.loads(out)
    assert payload["source"] == "src:zee-2024"
    assert payload["text_file"].startswith("000_")

    def known(text: str, entity: str) -> dict:
        start, end = at(text)
        return {
            "start": start,
            "end": end,
            "text": text,
            "status": "known",
            "entities": [entity],
            "kinds": ["organisation"],
            "covered": False,
        }

    def unknown(text: str, covered: bool = False) -> dict:
        start, end = at(text)
        return {
            "start": start,
            "end": end,
            "text": text,
            "status": "unknown",
            "entities": [],
            "kinds": [],
            "covered": covered,
        }

    # "Deventer" is inside the annotated passage, but the annotation links nothing, so it is
    # listed (issue 19: covered means linked); "Zij" and "De" open sentences.
    assert payload["items"] == [
        unknown("Petra van der Zee", covered=True),
        known("Deventer", "gm:gm0150"),
        known(
            "themagroep MKB en economische vernieuwing",
            "body:themagroep-mkb-en-economische-vernieuwing",
        ),
        known("Platform31", "body:platform31"),
        unknown("Citydeal"),
        known(
            "themagroep Vitale binnensteden en werklocaties",
            "body:themagroep-vitale-binnensteden-en-werklocaties",
        ),
        known("pijler Economie en Werk", "body:g40-pijler-economie-en-werk"),
        unknown("Jan de Vries"),
        known("VNG", "body:vng"),
    ]


def test_suggest_plain_text(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    status, out, _err = run(capsys, "suggest", "000", "--no-frog")
    lines = out.splitlines()
    assert status == 0
    assert re.fullmatch(
        r"src:zee-2024 \(data/texts/000_[0-9a-f]{16}\.txt\): 9 item\(s\) to annotate", lines[0]
    )
    start, end = at("Petra van der Zee")
    assert lines[1] == (
        f'{f"[{start}, {end})":14s} "Petra van der Zee"  matches no entity: a new person or '
        "organisation? (inside an annotated passage)"
    )
    start, end = at("VNG")
    assert lines[-1] == (
        f'{f"[{start}, {end})":14s} "VNG"  body:vng (organisation), no annotation links it'
    )


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Zij sprak met Frank den Brok en Petra van der Zee.",
            ["Frank den Brok", "Petra van der Zee"],
        ),
        ("Dit is het. Daarna kwam Almere.", ["Almere"]),
        ("Wethouder Jansen (Oss) sprak.", ["Wethouder Jansen", "Oss"]),
        ("de reactie van de VNG op Prinsjesdag", ["VNG", "Prinsjesdag"]),
        ("het team van Van der Berg\nDe Landdrost", ["Van der Berg", "De Landdrost"]),
        ("bel Jan van\nDijk", ["Jan"]),
        ("• Sterke keten", []),
    ],
)
def test_name_spans(text: str, names: list[str]) -> None:
    assert [text[s:e] for s, e in name_spans(text)] == names


def test_slugs() -> None:
    assert slugify("De thema’s van één stad!") == "de-themas-van-een-stad"
    # letters Unicode does not decompose fold as find folds them, none is dropped
    assert [
        slugify(n) for n in ("Mehmet Aydın", "Anna Große", "Đorđe Petrović", "Łukasz Nowak")
    ] == [
        "mehmet-aydin",
        "anna-grosse",
        "dorde-petrovic",
        "lukasz-nowak",
    ]
    assert slugify("Nieuwe trekker voor MKB en economische vernieuwing", 40) == (
        "nieuwe-trekker-voor-mkb-en-economische"
    )
    assert "xsd" in ANNOTATION_PREFIXES
