"""Integer and date parameters have declared ranges: a value outside is an error naming it.

The reproduction of issue 15: `co-membership -p min_shared=-99999999999999999999999999999`
answered 0 rows with exit 0, as if no pair of people shared a body.
"""

from __future__ import annotations

import pytest
from cli_run import run_cli

from g40kg.query.library import RANGED_TYPES, load_queries

BACKENDS = {"embedded": [], "endpoint": ["--endpoint", "http://127.0.0.1:9/never-asked"]}


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize(
    ("query", "value", "message"),
    [
        (
            "co-membership",
            "min_shared=-99999999999999999999999999999",
            "parameter min_shared: -99999999999999999999999999999 is outside its range 1 to 1000",
        ),
        ("co-membership", "min_shared=0", "parameter min_shared: 0 is outside its range 1 to 1000"),
        (
            "co-membership",
            "min_shared=1001",
            "parameter min_shared: 1001 is outside its range 1 to 1000",
        ),
        (
            "co-membership",
            "min_shared=" + "9" * 5000,
            "parameter min_shared: an integer of 5000 digits is not a count of anything",
        ),
        (
            "as-of",
            "date=0001-01-01",
            "parameter date: 0001-01-01 is outside its range 1900-01-01 to 2100-12-31",
        ),
        (
            "ministry-name",
            "date=9999-12-31",
            "parameter date: 9999-12-31 is outside its range 1900-01-01 to 2100-12-31",
        ),
    ],
)
def test_a_value_outside_the_range_is_refused(
    backend: str, query: str, value: str, message: str
) -> None:
    """The endpoint is never asked: the check comes first (nothing listens on port 9)."""
    status, out, err = run_cli("query", query, "-p", value, *BACKENDS[backend])
    assert (status, out, err) == (2, "", f"error: {message}\n")


def test_the_ends_of_a_range_are_inside_it() -> None:
    assert run_cli("query", "co-membership", "-p", "min_shared=1000", "--format", "csv") == (
        0,
        "personA,personB,shared,body\r\n",
        "",
    )
    status, _out, err = run_cli("query", "as-of", "-p", "date=1900-01-01", "--format", "csv")
    assert (status, err) == (0, "")


def test_every_integer_and_date_parameter_declares_its_range() -> None:
    ranged = {
        (name, p.name): (p.minimum, p.maximum)
        for name, query in load_queries().items()
        for p in query.params
        if p.type in RANGED_TYPES
    }
    assert ranged == {
        ("as-of", "date"): ("1900-01-01", "2100-12-31"),
        ("co-membership", "min_shared"): ("1", "1000"),
        ("ministry-name", "date"): ("1900-01-01", "2100-12-31"),
    }
