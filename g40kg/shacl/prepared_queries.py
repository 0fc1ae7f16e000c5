"""Parse each SPARQL text once while pyshacl validates.

pyshacl hands rdflib the same SHACL-SPARQL text for every focus node, and rdflib parses it anew
each time: most of a validation's time. Inside `parse_once()` rdflib's processor reuses the
prepared query (rdflib's own prepareQuery); evaluation is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rdflib.plugins.sparql.processor import SPARQLProcessor, prepareQuery

_PREPARED: dict[tuple[str, tuple], Any] = {}


@contextmanager
def parse_once() -> Iterator[None]:
    original = SPARQLProcessor.query

    def query(self, query, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(query, str) and base is None:
            key = (query, tuple(sorted((initNs or {}).items())))
            if key not in _PREPARED:
                _PREPARED[key] = prepareQuery(query, initNs=dict(initNs or {}))
            query = _PREPARED[key]
        return original(self, query, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        SPARQLProcessor.query = original  # type: ignore[method-assign]
