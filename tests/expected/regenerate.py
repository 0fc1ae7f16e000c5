"""Rewrite the expected query rows in tests/expected/queries/ from the corpus.

    PYTHONPATH=. python3 tests/expected/regenerate.py

Runs every case that has a file there (and the cases named on the command line as
`query` or `query name=value`, to add one) on a copy of the project holding only the five
corpus sources, and writes the rows. Then read `git diff tests/expected/`: every changed row
must be checked against the texts before it is committed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from expected_queries import (  # noqa: E402
    REPO,
    as_strings,
    cases,
    corpus_copy,
    params_of,
    write_case,
)

from g40kg.project.load import rdflib_data  # noqa: E402
from g40kg.query.backends import RdflibBackend  # noqa: E402
from g40kg.query.library import load_queries, resolve_params  # noqa: E402


def main(argv: list[str]) -> int:
    wanted = set(cases())
    for arg in argv:
        name, _, key = arg.partition(" ")
        wanted.add((name, key))
    queries = load_queries(REPO)
    with tempfile.TemporaryDirectory() as folder:
        backend = RdflibBackend(rdflib_data(corpus_copy(REPO, Path(folder))))
        for name, key in sorted(wanted):
            query = queries[name]
            result = backend.run(query.text, resolve_params(query, params_of(key)))
            write_case(name, key, tuple(result.variables), as_strings(result.rows))
            print(f"{name} {key}".rstrip() + f": {len(result.rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
