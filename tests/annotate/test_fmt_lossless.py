"""fmt loses nothing: every comment stays where it stood, every literal keeps its lexical form,
datatype and language tag, and its own check compares terms, not values (issue 15).

Each reproduction of issue 15 is a case here; the property tests generate Turtle with comments
(after long strings, `#` inside strings), long strings with quotes and backslashes, numbers in
every notation, dates with time zones and mixed-case language tags, and require fmt's output to
parse to exactly the same N-Triples, keep the comments in order, and format to itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run_cli, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse

from g40kg.annotate import fmt
from g40kg.annotate.fmt import format_text
from g40kg.annotate.rewrite_proof import same_graph
from g40kg.project.errors import InputError
from g40kg.project.turtle_layout import TOKEN, read_layout
from g40kg.project.turtle_writer import Writer

PREFIXES = (
    "@prefix ex: <https://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
XSD = "http://www.w3.org/2001/XMLSchema#"


def fmt_text(text: str) -> str:
    out, problems = format_text(Path("f.ttl"), text, {})
    assert problems == []
    return out


def ntriples(text: str) -> list[str]:
    """The sorted N-Triples of text's graph (blank nodes have no place in these tests)."""
    return sorted({str(q.triple) for q in parse(input=text.encode(), format=RdfFormat.TURTLE)})


# --- the reproductions of issue 15 --------------------------------------------------------


def test_a_comment_after_a_string_ending_in_triple_quotes_is_kept() -> None:
    text = PREFIXES + "\nex:a ex:p '''quoted \"\"\"''' .\n# after the string\nex:b ex:p 1 .\n"
    assert fmt_text(text) == (
        PREFIXES + '\nex:a ex:p "quoted \\"\\"\\"" .\n\n# after the string\nex:b ex:p 1 .\n'
    )


def test_a_hash_line_inside_a_long_string_stays_in_the_string() -> None:
    text = PREFIXES + "\nex:a ex:p '''one\n# not a comment\ntwo''' .\n"
    out = fmt_text(text)
    assert out == PREFIXES + '\nex:a ex:p """one\n# not a comment\ntwo""" .\n'
    assert read_layout("f.ttl", out).all_comments() == []
    assert ntriples(out) == ntriples(text)


def test_time_zones_are_kept() -> None:
    text = PREFIXES + (
        '\nex:a ex:d "2024-01-01+05:00"^^xsd:date ;\n'
        '    ex:t "2024-01-01T10:00:00Z"^^xsd:dateTime .\n'
    )
    assert fmt_text(text) == text
    assert ntriples(fmt_text(text)) == [
        '<https://example.org/a> <https://example.org/d> "2024-01-01+05:00"^^<' + XSD + "date>",
        '<https://example.org/a> <https://example.org/t> "2024-01-01T10:00:00Z"^^<'
        + XSD
        + "dateTime>",
    ]


NUMBERS = (
    '1, +1, 01, 1.0, 1.00, +1.0, .5, 0.5, 1.5e3, 1500.0e0, 1.5E3, "INF"^^xsd:double, '
    '"inf"^^xsd:double, "NaN"^^xsd:double, true, "1"^^xsd:boolean'
)


def test_numbers_keep_their_notation_and_stay_distinct_terms() -> None:
    text = PREFIXES + f"\nex:a ex:n {NUMBERS} .\n"
    before = ntriples(text)
    assert len(before) == 16
    out = fmt_text(text)
    assert ntriples(out) == before
    assert fmt_text(out) == out
    lines = out.splitlines()[3:]
    assert lines == [
        'ex:a ex:n "+1.0"^^xsd:decimal ;',
        '    ex:n ".5"^^xsd:decimal ;',
        '    ex:n "0.5"^^xsd:decimal ;',
        '    ex:n "1"^^xsd:boolean ;',
        '    ex:n "1.0"^^xsd:decimal ;',
        '    ex:n "1.00"^^xsd:decimal ;',
        '    ex:n "1.5E3"^^xsd:double ;',
        '    ex:n "1.5e3"^^xsd:double ;',
        '    ex:n "1500.0e0"^^xsd:double ;',
        '    ex:n "INF"^^xsd:double ;',
        '    ex:n "NaN"^^xsd:double ;',
        '    ex:n "inf"^^xsd:double ;',
        "    ex:n +1 ;",
        "    ex:n 01 ;",
        "    ex:n 1 ;",
        "    ex:n true .",
    ]


def test_the_check_compares_terms_not_values() -> None:
    a, p = NamedNode("https://example.org/a"), NamedNode("https://example.org/p")
    double = NamedNode(XSD + "double")
    assert not same_graph(
        [(a, p, Literal("1.5e3", datatype=double))], [(a, p, Literal("1500.0", datatype=double))]
    )
    assert not same_graph(
        [(a, p, Literal("INF", datatype=double))], [(a, p, Literal("inf", datatype=double))]
    )


def test_a_rewrite_that_changes_a_literal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the old fmt did (values normalised) is now caught by fmt's own proof."""
    real = Writer.write_literal

    def normalising(self: Writer, lit: Literal) -> str:
        if lit.datatype.value == XSD + "double":
            return f'"{float(lit.value)}"^^xsd:double'
        return real(self, lit)

    monkeypatch.setattr(Writer, "write_literal", normalising)
    with pytest.raises(InputError) as raised:
        fmt_text(PREFIXES + "ex:a ex:n 1.5e3 .\n")
    assert str(raised.value) == "f.ttl: internal error: canonical form would change the graph"


def test_language_tags_keep_their_spelling() -> None:
    text = PREFIXES + '\nex:a ex:l "colour"@en-GB, "kleur"@nl, "Farbe"@DE .\n'
    assert fmt_text(text).splitlines()[3:] == [
        'ex:a ex:l "Farbe"@DE ;',
        '    ex:l "colour"@en-GB ;',
        '    ex:l "kleur"@nl .',
    ]


def test_a_comment_inside_a_block_stays_above_its_predicate() -> None:
    text = PREFIXES + (
        "\n# block\nex:a ex:z 3 ;\n    # about y\n    ex:y [ ex:q 1 ;\n"
        "        # inside y's object\n        ex:r 2 ] ;\n    a ex:T .\n# end\n"
    )
    out = fmt_text(text)
    assert out == PREFIXES + (
        "\n# block\nex:a a ex:T ;\n    # about y\n    # inside y's object\n"
        "    ex:y [ ex:q 1 ; ex:r 2 ] ;\n    ex:z 3 .\n\n# end\n"
    )
    assert fmt_text(out) == out


def test_a_comment_after_code_on_its_line_is_refused_with_the_line() -> None:
    with pytest.raises(InputError) as raised:
        fmt_text(PREFIXES + 'ex:a ex:p "# not this one" .\nex:b ex:p 1 . # this one\n')
    assert str(raised.value).startswith("f.ttl:4: a comment after code on the same line")


def test_blank_nodes_shared_or_in_a_cycle_keep_the_graph() -> None:
    text = PREFIXES + (
        "\nex:a ex:p _:shared .\nex:b ex:p _:shared .\n_:shared ex:v 1 .\n"
        "_:x ex:next _:y .\n_:y ex:next _:x .\n[ ex:root true ] .\n"
    )
    out = fmt_text(text)
    assert out == PREFIXES + (
        "\nex:a ex:p _:b0 .\n\nex:b ex:p _:b0 .\n\n[ ex:root true ] .\n\n"
        "_:b0 ex:v 1 .\n\n_:b1 ex:next [ ex:next _:b1 ] .\n"
    )
    assert fmt_text(out) == out
    triples = [q.triple for q in parse(input=text.encode(), format=RdfFormat.TURTLE)]
    written = [q.triple for q in parse(input=out.encode(), format=RdfFormat.TURTLE)]
    assert same_graph([tuple(t) for t in triples], [tuple(t) for t in written])
    b = BlankNode()
    assert not same_graph(
        [tuple(t) for t in triples],
        [tuple(t) for t in written[:-1]] + [(b, NamedNode("https://example.org/next"), b)],
    )


# --- on the project: the input checks, all or nothing --------------------------------------


ORGANISATIONS = "data/entities/organisations.ttl"


def test_fmt_refuses_what_validate_refuses_and_writes_nothing(project_copy: Path) -> None:
    (project_copy / ORGANISATIONS).write_text(
        (project_copy / ORGANISATIONS).read_text(encoding="utf-8").replace("\n\n", "\n\n\n"),
        encoding="utf-8",
    )
    people = project_copy / "data/entities/people.ttl"
    people.write_text(
        people.read_text(encoding="utf-8") + "\nperson:x g40:noSuchTerm 1 .\n", encoding="utf-8"
    )
    before = snapshot(project_copy)
    validated = run_cli("validate")
    assert validated[0] == 2
    assert "g40:noSuchTerm" in validated[2] or "noSuchTerm" in validated[2]
    assert run_cli("fmt") == validated
    assert run_cli("fmt", "--check") == validated
    after = {k: v for k, v in snapshot(project_copy).items() if not k.startswith(".g40kg-cache")}
    assert after == {k: v for k, v in before.items() if not k.startswith(".g40kg-cache")}


def test_fmt_writes_nothing_unless_every_file_is_proven(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for rel in (ORGANISATIONS, "data/entities/people.ttl"):
        path = project_copy / rel
        path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    before = snapshot(project_copy)
    real = fmt.prove

    def failing_on_people(path: Path, *args: object) -> None:
        if path.name == "people.ttl":
            raise InputError(path, None, "internal error: canonical form would move a comment")
        real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(fmt, "prove", failing_on_people)
    assert run_cli("fmt") == (
        2,
        "",
        "error: data/entities/people.ttl: internal error: canonical form would move a comment\n",
    )
    after = snapshot(project_copy)
    assert {k: after[k] for k in before} == before
    assert [k for k in after if k not in before and not k.startswith(".g40kg-cache")] == []


# --- properties ----------------------------------------------------------------------------

STRING_TEXT = st.text(alphabet="ab #\"'\\\n\t\u00e9", min_size=0, max_size=12)


def string_token(text: str, quote: str) -> str:
    """text as a Turtle string in the given quoting (escaping what that quoting needs)."""
    body = text.replace("\\", "\\\\")
    if len(quote) == 1:
        body = body.replace(quote, "\\" + quote).replace("\n", "\\n")
        return quote + body + quote
    body = body.replace(quote[0], "\\" + quote[0])
    return quote + body + quote


NUMBER = st.one_of(
    st.from_regex(r"[+-]?[0-9]{1,4}", fullmatch=True),
    st.from_regex(r"[+-]?[0-9]{0,3}\.[0-9]{1,3}", fullmatch=True),
    st.from_regex(
        r"[+-]?([0-9]{1,3}\.[0-9]{0,2}|\.?[0-9]{1,3})[eE][+-]?[0-9]{1,2}", fullmatch=True
    ),
)
TYPED = st.one_of(
    st.sampled_from(["INF", "-INF", "NaN", "inf", "1E0", "0001", "+0.0"]).map(
        lambda v: f'"{v}"^^xsd:double'
    ),
    st.from_regex(
        r"20[0-9]{2}-[01][0-9]-[0-3][0-9](Z|[+-][01][0-9]:[0-5][0-9])?", fullmatch=True
    ).map(lambda v: f'"{v}"^^xsd:date'),
    st.from_regex(
        r"20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](\.[0-9]{1,3})?"
        r"(Z|[+-][01][0-9]:[0-5][0-9])?",
        fullmatch=True,
    ).map(lambda v: f'"{v}"^^xsd:dateTime'),
    st.sampled_from(["true", "false", '"1"^^xsd:boolean', '"x"^^ex:custom']),
)
LANGUAGE = st.from_regex(r"[a-zA-Z]{2,3}(-[a-zA-Z]{2}|-[0-9]{3})?", fullmatch=True)
STRING = st.builds(
    lambda text, quote, tag: string_token(text, quote) + (f"@{tag}" if tag else ""),
    STRING_TEXT,
    st.sampled_from(['"', "'", '"""', "'''"]),
    st.one_of(st.none(), LANGUAGE),
)
OBJECT = st.one_of(NUMBER, TYPED, STRING, st.sampled_from(["ex:o", "<https://example.org/o2>"]))
COMMENT = st.from_regex(r"# [a-z\"'#]{1,8}", fullmatch=True)


@st.composite
def turtle_files(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A Turtle file of statements with comments above them and between their predicates,
    and the comments in the order fmt must write them: the header; per subject (sorted) the
    comments above its statement, then those above each predicate, predicates sorted; the
    trailer."""
    header = draw(st.lists(COMMENT, max_size=2))
    lines = header + [PREFIXES.rstrip("\n")]
    expected = list(header)
    for number in range(draw(st.integers(1, 4))):
        above = draw(st.lists(COMMENT, max_size=2))
        lines += above
        expected += above
        predicates = draw(st.lists(st.sampled_from("pqrs"), min_size=1, max_size=3, unique=True))
        parts, inside = [], {}
        for index, predicate in enumerate(predicates):
            inside[predicate] = draw(st.lists(COMMENT, max_size=1)) if index else []
            objects = draw(st.lists(OBJECT, min_size=1, max_size=3))
            comments = "".join(f"\n    {c}\n" for c in inside[predicate])
            parts.append(comments + f"ex:{predicate} " + ", ".join(objects))
        lines.append(f"ex:s{number} " + " ;\n    ".join(parts) + " .")
        expected += [c for predicate in sorted(inside) for c in inside[predicate]]
    trailer = draw(st.lists(COMMENT, max_size=2))
    return "\n".join(lines + trailer) + "\n", expected + trailer


def comments_in_order(text: str) -> list[str]:
    return [m.group("comment") for m in TOKEN.finditer(text) if m.lastgroup == "comment"]


def written_tags(text: str) -> set[str]:
    return set(read_layout("f.ttl", text).tags.values())


@settings(max_examples=150, deadline=None)
@given(turtle_files())
def test_fmt_keeps_every_term_and_comment_and_is_idempotent(case: tuple[str, list[str]]) -> None:
    text, expected = case
    out = fmt_text(text)
    assert ntriples(out) == ntriples(text)
    assert comments_in_order(out) == expected
    assert written_tags(out) <= written_tags(text)
    assert fmt_text(out) == out


@settings(max_examples=150, deadline=None)
@given(STRING_TEXT, st.sampled_from(['"', "'", '"""', "'''"]), COMMENT)
def test_a_comment_after_any_string_is_kept_in_its_place(
    text: str, quote: str, comment: str
) -> None:
    source = PREFIXES + f"ex:a ex:p {string_token(text, quote)} .\n{comment}\nex:b ex:p 1 .\n"
    out = fmt_text(source)
    assert ntriples(out) == ntriples(source)
    assert out.endswith(f"\n\n{comment}\nex:b ex:p 1 .\n")


def test_deep_nesting_is_written_up_to_a_bound_and_refused_beyond_it() -> None:
    def nested(depth: int) -> str:
        return PREFIXES + "ex:a ex:p " + "[ ex:p " * depth + "1" + " ]" * depth + " .\n"

    out = fmt_text(nested(150))
    before, after = (
        [tuple(q.triple) for q in parse(input=t.encode(), format=RdfFormat.TURTLE)]
        for t in (nested(150), out)
    )
    assert len(after) == 151
    assert same_graph(before, after)
    assert fmt_text(out) == out
    with pytest.raises(InputError) as raised:
        fmt_text(nested(1001))
    assert str(raised.value) == (
        "f.ttl: blank nodes or lists nested 1001 deep: fmt writes at most 1000"
    )
