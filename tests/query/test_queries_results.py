"""Result formats: W3C SPARQL 1.1 Query Results JSON, CSV and TSV; table and md for people."""

from __future__ import annotations

import io
import json

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result

from g40kg.cli import main
from g40kg.project.errors import UsageError
from g40kg.query.results import QueryResult, render

FACT = URIRef("https://w3id.org/g40kg/id/fact/salvino-trekker-mkb")
RESULT = QueryResult(
    ("s", "label", "n", "when", "note"),
    (
        (
            FACT,
            Literal("Yvonne Salvino"),
            Literal(3),
            Literal("2022-10", datatype=XSD.gYearMonth),
            None,
        ),
        (
            URIRef("http://example.org/x"),
            Literal('Bloemhoff, "trekker"', lang="nl"),
            Literal("x", datatype=XSD.string),
            None,
            Literal("line 1\nline\t2 | pipe"),
        ),
        (BNode("b0"), None, None, None, None),
    ),
)
ASK = QueryResult((), (), True)


def test_json_is_w3c_sparql_results_json() -> None:
    data = json.loads(render(RESULT, "json"))
    assert data == {
        "head": {"vars": ["s", "label", "n", "when", "note"]},
        "results": {
            "bindings": [
                {
                    "s": {"type": "uri", "value": str(FACT)},
                    "label": {"type": "literal", "value": "Yvonne Salvino"},
                    "n": {"type": "literal", "value": "3", "datatype": str(XSD.integer)},
                    "when": {
                        "type": "literal",
                        "value": "2022-10",
                        "datatype": str(XSD.gYearMonth),
                    },
                },
                {
                    "s": {"type": "uri", "value": "http://example.org/x"},
                    "label": {
                        "type": "literal",
                        "value": 'Bloemhoff, "trekker"',
                        "xml:lang": "nl",
                    },
                    "n": {"type": "literal", "value": "x"},
                    "note": {"type": "literal", "value": "line 1\nline\t2 | pipe"},
                },
                {"s": {"type": "bnode", "value": "b0"}},
            ]
        },
    }


def test_json_reads_back_as_the_same_terms_with_rdflib() -> None:
    parsed = Result.parse(io.StringIO(render(RESULT, "json")), format="json")
    rows = [tuple(row) for row in parsed]
    assert rows[0] == RESULT.rows[0][:4] + (None,)
    assert rows[1][1] == Literal('Bloemhoff, "trekker"', lang="nl")
    assert rows[1][4] == Literal("line 1\nline\t2 | pipe")


def test_ask_json_is_a_boolean_document() -> None:
    assert json.loads(render(ASK, "json")) == {"head": {}, "boolean": True}
    assert render(QueryResult((), (), False), "table") == "no\n"


def test_csv_is_w3c_csv_with_crlf_and_plain_values() -> None:
    assert render(RESULT, "csv") == (
        "s,label,n,when,note\r\n"
        f"{FACT},Yvonne Salvino,3,2022-10,\r\n"
        'http://example.org/x,"Bloemhoff, ""trekker""",x,,"line 1\nline\t2 | pipe"\r\n'
        "_:b0,,,,\r\n"
    )


def test_tsv_is_w3c_tsv_with_terms_in_sparql_syntax() -> None:
    assert render(RESULT, "tsv") == (
        "?s\t?label\t?n\t?when\t?note\n"
        f'<{FACT}>\t"Yvonne Salvino"\t"3"^^<{XSD.integer}>\t"2022-10"^^<{XSD.gYearMonth}>\t\n'
        '<http://example.org/x>\t"Bloemhoff, \\"trekker\\""@nl\t"x"\t\t"line 1\\nline\\t2 | pipe"\n'
        "_:b0\t\t\t\t\n"
    )


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_have_no_form_for_ask(fmt: str) -> None:
    with pytest.raises(UsageError, match=f"an ASK result has no {fmt.upper()} form"):
        render(ASK, fmt)


def test_table_aligns_columns_with_prefixed_names_and_counts_rows() -> None:
    assert render(RESULT, "table") == (
        "s                         label                 n  when     note\n"
        "------------------------  --------------------  -  -------  ---------------------\n"
        "fact:salvino-trekker-mkb  Yvonne Salvino        3  2022-10\n"
        'http://example.org/x      Bloemhoff, "trekker"  x           line 1\\nline\t2 | pipe\n'
        "_:b0\n"
        "(3 rows)\n"
    )


def test_markdown_escapes_pipes_and_breaks_lines() -> None:
    assert render(RESULT, "md") == (
        "| s | label | n | when | note |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| fact:salvino-trekker-mkb | Yvonne Salvino | 3 | 2022-10 |  |\n"
        '| http://example.org/x | Bloemhoff, "trekker" | x |  | line 1<br>line\t2 \\| pipe |\n'
        "| _:b0 |  |  |  |  |\n"
    )


def test_sparql_verb_runs_ask_from_stdin(monkeypatch, capsys) -> None:
    query = "PREFIX g40: <https://w3id.org/g40kg/def#>\nASK { ?s a g40:Source }\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(query))
    assert main(["sparql", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"head": {}, "boolean": True}


def test_sparql_verb_runs_a_file_with_its_own_parameters(tmp_path, capsys) -> None:
    path = tmp_path / "count.rq"
    path.write_text(
        "#+ param: kind (type: iri, required)\nSELECT (COUNT(?s) AS ?n) WHERE { ?s a ?kind }\n",
        encoding="utf-8",
    )
    argv = ["sparql", str(path), "-p", "kind=g40:Source", "--format", "csv"]
    assert main(argv) == 0
    assert capsys.readouterr().out == "n\r\n5\r\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("CONSTRUCT WHERE { ?s ?p ?o }", "only SELECT and ASK queries give result tables"),
        ("DELETE WHERE { ?s ?p ?o }", "this is a SPARQL update (DELETE)"),
        ("SELECT ?x WHERE { ?x ?p }", "SPARQL syntax error: Expected SelectQuery"),
    ],
)
def test_sparql_verb_refuses_what_it_cannot_run(tmp_path, capsys, text: str, message: str) -> None:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    assert main(["sparql", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_sparql_verb_names_a_missing_file(tmp_path, capsys) -> None:
    assert main(["sparql", str(tmp_path / "none.rq")]) == 2
    assert "none.rq: cannot read the query" in capsys.readouterr().err
