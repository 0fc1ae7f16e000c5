"""The query library: every .rq file has a complete header, and headers are read strictly."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from g40kg.cli import main
from g40kg.cli import query as cli_query
from g40kg.project import export
from g40kg.project.errors import InputError, UsageError
from g40kg.query import backends, publish
from g40kg.query.library import Param, get_query, load_queries, parse_query

REPO = Path(__file__).resolve().parents[2]
REQUIRED = {
    "vng-committees",
    "pillar-roles",
    "theme-group-leads",
    "person",
    "members",
    "municipality",
    "events",
    "programmes",
    "ministries",
    "themes-per-organisation",
    "co-membership",
    "as-of",
    "provenance",
    "name-variants",
    "theme-coverage",
    "ministry-name",
}
PARAMS = {
    "as-of": (
        Param("date", "date", None, True, "the day, as YYYY-MM-DD", "1900-01-01", "2100-12-31"),
    ),
    "co-membership": (
        Param(
            "min_shared",
            "integer",
            "1",
            False,
            "the least number of bodies a pair must share",
            "1",
            "1000",
        ),
    ),
    "members": (
        Param(
            "organisation",
            "string",
            None,
            True,
            "the organisation's name, abbreviation or IRI",
        ),
    ),
    "ministry-name": (
        Param("date", "date", None, True, "the day, as YYYY-MM-DD", "1900-01-01", "2100-12-31"),
    ),
    "municipality": (
        Param("municipality", "string", None, True, "name, CBS code or IRI of the municipality"),
    ),
    "person": (Param("name", "string", None, True, "the person's name or IRI"),),
    "pillar-roles": (
        Param(
            "pillar",
            "iri",
            "body:g40-pijler-economie-en-werk",
            False,
            "the pillar (IRI or prefixed name)",
        ),
    ),
    "provenance": (
        Param(
            "fact",
            "iri",
            None,
            True,
            "the fact's IRI, or a prefixed name such as fact:salvino-trekker-mkb",
        ),
    ),
}
QUERIES = load_queries(REPO)


def test_the_library_has_every_required_query_and_no_other() -> None:
    assert set(QUERIES) == REQUIRED


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_parameters_are_declared_as_expected(name: str) -> None:
    assert QUERIES[name].params == PARAMS.get(name, ())


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_header_has_summary_description_and_an_example_of_this_query(name: str) -> None:
    query = QUERIES[name]
    assert query.summary and query.description
    assert query.examples and all(e.startswith(f"g40kg query {name}") for e in query.examples)


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_query_declares_every_prefix_it_uses(name: str) -> None:
    """No PREFIX comes from the tool: the text runs unchanged in any SPARQL client."""
    text = QUERIES[name].text
    declared = set(re.findall(r"^PREFIX (\w+): <", text, re.M))
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    body = re.sub(r'"[^"\n]*"', '""', re.sub(r"<[^>\s]*>", "<>", body))
    used = set(re.findall(r"(?<![\w?$])([a-z][\w-]*):\w", body))
    assert used <= declared, f"undeclared prefixes {sorted(used - declared)}"
    prepareQuery(text)  # parses without any initNs


def test_queries_verb_lists_names_summaries_and_parameters(capsys) -> None:
    assert main(["queries"]) == 0
    out = capsys.readouterr().out.splitlines()
    width = max(len(n) for n in REQUIRED)
    summary = "Who held which mandate on a given date: certainly, or possibly and why"
    assert f"{'as-of'.ljust(width)}  {summary}" in out
    described = "-p date (date, required, 1900-01-01 to 2100-12-31) the day, as YYYY-MM-DD"
    assert f"{' ' * width}    {described}" in out
    names = [line.split()[0] for line in out if not line.startswith(" ")]
    assert names == sorted(REQUIRED)


def test_unknown_query_name_suggests_the_closest(capsys) -> None:
    with pytest.raises(
        UsageError, match=r"no query named 'vng-comittees'; did you mean vng-committees"
    ):
        get_query("vng-comittees", REPO)
    assert main(["query", "vng-comittees"]) == 2
    assert "did you mean vng-committees" in capsys.readouterr().err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
#+ summary: one
#+ description: first part
#+   and its continuation
#+ param: limit (type: integer, default: 3, min: 0, max: 10) how
#+   many
#+ param: when (type: date, required, min: 2000-01-01, max: 2029-12-31)
#+ example: g40kg query good
SELECT ?x WHERE { BIND(?limit AS ?x) FILTER(?when) }
"""


def test_a_header_is_read_with_continuations_and_parameters(tmp_path: Path) -> None:
    query = parse_query(write(tmp_path, "good.rq", GOOD), GOOD)
    assert query.name == "good"
    assert query.description == "first part and its continuation"
    assert query.params == (
        Param("limit", "integer", "3", False, "how many", "0", "10"),
        Param("when", "date", None, True, "", "2000-01-01", "2029-12-31"),
    )
    assert query.examples == ("g40kg query good",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("#+ summary: one\n", ""), "exactly one `#+ summary:` line"),
        (("#+ summary: one\n", "#+ summary:\n"), "exactly one `#+ summary:` line"),
        (("#+ summary: one\n", "#+ summary: one\n#+ summary: two\n"), "exactly one"),
        (("#+ example:", "#+ sample:"), "unknown header key 'sample'"),
        (("type: integer", "type: number"), "parameter limit: type must be one of"),
        (("default: 3", "default: three"), "'three' is not an integer"),
        (("(type: date, required,", "(type: date,"), "give either a default or `required`"),
        (("(type: date, required,", "(type: date, required, default: 2020-01-01,"), "either"),
        (("(type: date, required,", "(type: date, required, colour: red,"), "unknown field"),
        ((", min: 0, max: 10)", ")"), "parameter limit: a integer parameter needs `min:` and"),
        ((", max: 2029-12-31)", ")"), "parameter when: a date parameter needs `min:` and `max:`"),
        (("min: 0,", "min: 5,"), "default of parameter limit: 3 is outside its range 5 to 10"),
        (("min: 0, max: 10", "min: 9, max: 1"), "parameter limit: min 9 is above max 1"),
        (("min: 0,", "min: zero,"), "min of parameter limit: 'zero' is not an integer"),
        (("max: 2029-12-31", "max: 2029-02-30"), "max of parameter when: '2029-02-30' is not a"),
        (("param: limit", "param: li-mit"), "'li-mit' is not a SPARQL variable name"),
        (("FILTER(?when)", "FILTER(true)"), "parameter when: the query never uses it"),
        (("#+ param: when", "#+ param: limit"), "parameter limit is declared twice"),
        (("#+   and its", "#+ description: x\n#+   and its"), None),
        (
            (
                "#+ param: when (type: date, required, min: 2000-01-01, max: 2029-12-31)\n",
                "#+ param: when\n",
            ),
            "write a parameter as",
        ),
        (("#+ example:", "#+example:"), "header lines read `#+ key: value`"),
    ],
)
def test_a_bad_header_is_an_input_error_naming_the_file(
    tmp_path: Path, change: tuple[str, str], message: str | None
) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    path = write(tmp_path, "bad.rq", text)
    if message is None:  # two description lines are joined, not an error
        assert parse_query(path, text).description == "first part x and its continuation"
        return
    with pytest.raises(InputError, match=re.escape(message)) as raised:
        parse_query(path, text)
    assert str(path) in str(raised.value)


def test_a_query_file_name_must_be_a_query_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="lower-case words joined by hyphens"):
        parse_query(write(tmp_path, "Bad_Name.rq", GOOD), GOOD)


def test_a_continuation_without_a_line_above_is_refused(tmp_path: Path) -> None:
    text = "#+   orphan\n" + GOOD
    with pytest.raises(InputError, match="continuation line needs a line above") as raised:
        parse_query(write(tmp_path, "good.rq", text), text)
    assert raised.value.line == 1


def test_a_query_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "latin.rq").write_bytes(b"#+ summary: caf\xe9\nASK {}\n")
    with pytest.raises(InputError, match=r"latin\.rq: not UTF-8 text"):
        load_queries(tmp_path)


def test_help_texts_name_the_real_defaults() -> None:
    """cli_query spells these out so that `g40kg --help` imports no rdflib."""
    assert str(export.MAIN_GRAPH) == cli_query.GRAPH
    assert cli_query.QUERY_TIMEOUT == backends.DEFAULT_TIMEOUT
    assert cli_query.PUBLISH_TIMEOUT == publish.DEFAULT_TIMEOUT


def test_help_does_not_import_rdflib() -> None:
    code = "import sys, g40kg.cli as c; c.build_parser(); print('rdflib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"
