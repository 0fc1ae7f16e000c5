"""The aligned text table of query results, from display strings only (no rdflib).

Why separate from g40kg.query.results: the cached `g40kg query` path prints rows of pyoxigraph terms
without importing rdflib; g40kg.query.results prints rdflib terms with the same functions, so both
paths give byte-identical tables.
"""

from __future__ import annotations

from collections.abc import Sequence


def one_line(text: str, newline: str) -> str:
    """A line break inside a value becomes newline, so that a row stays one line."""
    return text.replace("\r\n", "\n").replace("\n", newline)


def table(header: Sequence[str], cells: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell; a count line last so an empty result says so."""
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    lines = [line(header), line(["-" * w for w in widths])] + [line(r) for r in cells]
    count = len(cells)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"
