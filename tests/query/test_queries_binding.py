"""Parameters are typed RDF terms, never text pasted into a query; wrong ones name themselves."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from g40kg.cli import main
from g40kg.project.errors import UsageError
from g40kg.project.load import open_project, rdflib_data
from g40kg.project.sparql_text import outermost_where_brace, query_form
from g40kg.query.backends import OxigraphBackend, RdflibBackend
from g40kg.query.binding import inject_values, parse_value, sparql_term, values_clause
from g40kg.query.library import get_query, resolve_params, split_assignments

HOSTILE = 'EKEM" } UNION { ?s ?p ?o } #'


@pytest.fixture(scope="module")
def reference() -> RdflibBackend:
    return RdflibBackend(rdflib_data())


@pytest.fixture(scope="module")
def store() -> OxigraphBackend:
    return OxigraphBackend(open_project().store)


@pytest.mark.parametrize(
    ("kind", "raw", "term"),
    [
        ("string", "Frank den Brok", Literal("Frank den Brok")),
        ("string", HOSTILE, Literal(HOSTILE)),
        ("string", "tab\tand\nnewline", Literal("tab\tand\nnewline")),
        ("iri", "https://w3id.org/g40kg/id/fact/x", URIRef("https://w3id.org/g40kg/id/fact/x")),
        ("iri", "fact:x", URIRef("https://w3id.org/g40kg/id/fact/x")),
        ("iri", "body:", URIRef("https://w3id.org/g40kg/id/org/")),
        ("iri", "urn:isbn:123", URIRef("urn:isbn:123")),
        ("date", "2024-02-29", Literal("2024-02-29", datatype=XSD.date)),
        ("integer", "+7", Literal(7)),
        ("integer", "-12", Literal(-12)),
    ],
)
def test_values_become_typed_terms(kind: str, raw: str, term: Literal | URIRef) -> None:
    parsed = parse_value(kind, raw, "parameter p")
    assert parsed == term and type(parsed) is type(term)
    if isinstance(term, Literal):
        assert parsed.datatype == term.datatype


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("iri", "https://x/a b", r"parameter p: 'https://x/a b' is not an IRI \(it contains ' '\)"),
        ("iri", "https://x/<a>", r"contains '<', '>'"),
        ("iri", 'https://x/"', "contains '\"'"),
        ("iri", "https://x/{}", r"contains '\{', '\}'"),
        ("iri", "https://x/|^`", r"contains '\^', '`', '\|'"),
        ("iri", "https://x/\\", r"contains '\\\\'"),
        ("iri", "https://x/\n", r"contains '\\n'"),
        ("iri", "no-scheme", "is not an absolute IRI"),
        ("date", "2024-6-1", r"parameter p: '2024-6-1' is not a date \(YYYY-MM-DD\)"),
        ("date", "2024-02-30", "is not a date"),
        ("date", "2024", "is not a date"),
        ("integer", "1.5", "parameter p: '1.5' is not an integer"),
        ("integer", "ten", "is not an integer"),
        ("string", "bell\x07", "parameter p: control character '\\\\x07'"),
    ],
)
def test_wrong_values_are_refused_naming_the_parameter(kind: str, raw: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_value(kind, raw, "parameter p")


def test_nope_is_a_scheme_so_an_unknown_prefix_is_taken_as_an_iri() -> None:
    """Only the project's prefixes are expanded; anything else with a scheme is an IRI."""
    assert parse_value("iri", "nope:thing", "p") == URIRef("nope:thing")


@pytest.mark.parametrize(
    ("term", "sparql"),
    [
        (Literal(HOSTILE), '"EKEM\\" } UNION { ?s ?p ?o } #"'),
        (Literal('a\\b"c\nd\re\tf'), '"a\\\\b\\"c\\nd\\re\\tf"'),
        # the u after an escaped backslash as a code point: SPARQL reads \u escapes first
        (Literal("\\u0022"), '"\\\\\\U000000750022"'),
        (Literal("Groningen", lang="nl"), '"Groningen"@nl'),
        (Literal("x", datatype=XSD.string), '"x"'),
        (Literal("2024-01-31", datatype=XSD.date), f'"2024-01-31"^^<{XSD.date}>'),
        (Literal(5), f'"5"^^<{XSD.integer}>'),
        (URIRef("https://w3id.org/g40kg/id/org/vng"), "<https://w3id.org/g40kg/id/org/vng>"),
    ],
)
def test_terms_are_written_in_sparql_syntax(term: Literal | URIRef, sparql: str) -> None:
    assert sparql_term(term) == sparql


@pytest.mark.parametrize(
    "term",
    [
        URIRef("https://x/> } UNION { ?s ?p ?o"),
        Literal("x", datatype=URIRef("a b")),
    ],
)
def test_terms_that_could_break_out_are_refused(term: Literal | URIRef) -> None:
    with pytest.raises(UsageError):
        sparql_term(term)


def test_values_clause_refuses_a_name_that_is_no_variable() -> None:
    with pytest.raises(UsageError, match="'x } #' is not a SPARQL variable name"):
        values_clause({"x } #": Literal("a")})


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_string_round_trips_through_a_values_clause(text: str) -> None:
    """What the endpoint parses is exactly the value given: nothing more, nothing less."""
    query = inject_values("SELECT ?v WHERE { }", {"v": Literal(text)})
    rows = list(Graph().query(query))
    assert [str(row[0]) for row in rows] == [text]


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("SELECT * WHERE {@}", "@"),
        ("PREFIX ex: <http://ex/>\nSELECT ?x WHERE {@ ?x ?p ?o }", "@"),
        ('SELECT ("{" AS ?x) WHERE {@ }', "@"),
        ("SELECT ('''}\n{''' AS ?x) # a { in a comment\nWHERE {@ }", "@"),
        ("SELECT ?where WHERE {@ ?where ?p ?o }", "@"),
        ("SELECT * {@ ?s ?p ?o }", "@"),
        ("SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE {@ }", "@"),
        ("SELECT ?x WHERE {@ { SELECT ?x WHERE { ?x ?p ?o } } }", "@"),
        ("CONSTRUCT { ?s ?p ?o } WHERE {@ ?s ?p ?o }", "@"),
        ("ASK {@ <http://ex/a{b> ?p ?o }", "@"),
        ("ASK {@ ?a ?b ?c FILTER(?c < 3) }", "@"),
        ("PREFIX where: <http://ex/>\nSELECT * WHERE {@ where:x ?p ?o }", "@"),
    ],
)
def test_the_outermost_where_brace_is_found(text: str, marker: str) -> None:
    at = text.index(marker)
    assert outermost_where_brace(text.replace(marker, "")) == at - 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "this is a SPARQL update"),
        ("PREFIX a: <http://a/>", "no SELECT, ASK, CONSTRUCT or DESCRIBE"),
    ],
)
def test_text_that_is_no_query_is_refused(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        query_form(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('SELECT ("open AS ?x) WHERE {}', "unterminated string literal"),
        ("SELECT ?x WHERE", "no WHERE clause found"),
    ],
)
def test_no_where_brace_is_an_error(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        outermost_where_brace(text)


def test_values_go_right_after_the_outermost_where_brace() -> None:
    text = "SELECT ?x WHERE {\n  { SELECT ?x WHERE { ?x ?p ?o } }\n}"
    bound = inject_values(text, {"b": Literal(1), "a": URIRef("http://ex/a")})
    assert bound == (
        "SELECT ?x WHERE {\n"
        "VALUES ?a { <http://ex/a> }\n"
        f'VALUES ?b {{ "1"^^<{XSD.integer}> }}\n'
        "\n  { SELECT ?x WHERE { ?x ?p ?o } }\n}"
    )


def test_split_assignments_reads_name_value_pairs() -> None:
    assert split_assignments(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    with pytest.raises(UsageError, match="-p 'oops': write a parameter as name=value"):
        split_assignments(["oops"])
    with pytest.raises(UsageError, match="parameter a is given twice"):
        split_assignments(["a=1", "a=2"])


def test_resolve_params_applies_defaults_and_checks_names_and_types() -> None:
    roles = get_query("pillar-roles")
    assert resolve_params(roles, {}) == {
        "pillar": URIRef("https://w3id.org/g40kg/id/org/g40-pijler-economie-en-werk")
    }
    as_of = get_query("as-of")
    with pytest.raises(
        UsageError, match=r"query as-of has no parameter 'dat'; did you mean date\?"
    ):
        resolve_params(as_of, {"dat": "2024-01-01"})
    with pytest.raises(UsageError, match="query as-of needs parameter date"):
        resolve_params(as_of, {})
    with pytest.raises(UsageError, match="parameter date: '1 May' is not a date"):
        resolve_params(as_of, {"date": "1 May"})
    with pytest.raises(UsageError, match=r"has no parameter 'x' \(parameters: none\)"):
        resolve_params(get_query("events"), {"x": "1"})


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "as-of", "-p", "dat=2024-01-01"], "no parameter 'dat'; did you mean date?"),
        (["query", "as-of", "-p", "date=2024-13-01"], "parameter date: '2024-13-01' is not a date"),
        (["query", "members"], "query members needs parameter organisation (string)"),
        (["query", "pillar-roles", "-p", "pillar=a b"], "parameter pillar: 'a b' is not an IRI"),
        (["query", "co-membership", "-p", "min_shared=many"], "parameter min_shared: 'many'"),
        (["query", "events", "--format", "xml"], "unknown format 'xml'; choose one of table, csv"),
        (["query", "events", "--graph", "http://g"], "--graph chooses a graph on a server"),
        (["query", "events", "--endpoint", "ftp://x"], "--endpoint 'ftp://x': give an http://"),
    ],
)
def test_cli_parameter_errors_exit_2_naming_the_problem(
    argv: list[str], message: str, capsys
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err


@pytest.mark.parametrize(
    ("query", "param"),
    [("members", "organisation"), ("person", "name"), ("municipality", "municipality")],
)
def test_a_hostile_string_adds_no_rows_on_the_embedded_store(
    reference: RdflibBackend, store: OxigraphBackend, query: str, param: str
) -> None:
    named = get_query(query)
    bound = resolve_params(named, {param: HOSTILE})
    assert reference.run(named.text, bound).rows == ()
    # The same text with the value as a VALUES clause, as an endpoint and the store `g40kg
    # query` uses get it (not on rdflib: its VALUES join takes minutes on these queries).
    assert store.run(named.text, bound).rows == ()
    assert store.run(inject_values(named.text, bound), {}).rows == ()
    # The honest value does find its rows, so the empty result is not an accident.
    honest, count = {
        "organisation": ("EKEM", 2),
        "name": ("Frank den Brok", 3),
        "municipality": ("Oss", 1),
    }[param]
    assert len(reference.run(named.text, resolve_params(named, {param: honest})).rows) == count


def test_a_hostile_value_on_the_command_line_adds_no_rows(capsys) -> None:
    assert main(["query", "members", "-p", f"organisation={HOSTILE}", "--format", "csv"]) == 0
    assert capsys.readouterr().out == "name,member,role,period,source,sources\r\n"


@pytest.mark.parametrize(
    "text", ["\\U0000", "\\u0041", "a\\U00000041", "\\\\u0041", "\\U00000055ab", "\\uD800"]
)
def test_a_backslash_before_u_is_not_read_as_a_code_point_escape(text: str) -> None:
    """SPARQL reads \\u and \\U escapes before it parses (rdflib over the whole query), so the
    value "\\u0041" must not come back as "A" or fail to parse, on rdflib or on Oxigraph."""
    import pyoxigraph

    query = inject_values("SELECT ?v WHERE { }", {"v": Literal(text)})
    assert [str(row[0]) for row in Graph().query(query)] == [text]
    assert [s["v"].value for s in pyoxigraph.Store().query(query)] == [text]
