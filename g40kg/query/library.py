"""The named queries of queries/: one SPARQL query per .rq file, described by a `#+` header.

Why a header of comments: the .rq file stays a plain query that runs unchanged in any SPARQL
client, while the header tells `g40kg` its summary and its parameters (type, default, whether
required), so that values are bound as typed RDF terms and never pasted into the text.

Header lines (at the top, before the query):

    #+ summary: one line
    #+ description: what the rows mean
    #+   an indented line continues the line above it
    #+ param: date (type: date, required, min: 2000-01-01, max: 2099-12-31) the day to look at
    #+ param: pillar (type: iri, default: body:g40-pijler-economie-en-werk) whose roles

Integer and date parameters declare their range (`min:` and `max:`, both inclusive): a value
outside it is refused naming the parameter, so that a typo (or -99999999999999999999) is an
error rather than an empty answer.
    #+ example: g40kg query as-of -p date=2024-06-01
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from g40kg.project import paths
from g40kg.project.errors import InputError, UsageError
from g40kg.query.binding import VARIABLE, checked_value, parse_value, value_sparql

if TYPE_CHECKING:  # not at run time: `g40kg query` on the cached store never imports rdflib
    from rdflib.term import Identifier

PARAM_TYPES = ("string", "iri", "date", "integer")
RANGED_TYPES = ("integer", "date")
KEYS = ("summary", "description", "param", "example")
HEADER_LINE = re.compile(r"#\+(?: (?P<key>[a-z]+): ?(?P<value>.*)|(?P<more>  .*)|)$")
PARAM = re.compile(r"(?P<name>\S+) \((?P<spec>[^)]*)\)\s*(?P<help>.*)")
QUERY_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True)
class Param:
    """A declared parameter: the query uses it as the variable ?name."""

    name: str
    type: str
    default: str | None
    required: bool
    help: str
    minimum: str | None = None
    maximum: str | None = None

    def describe(self) -> str:
        need = "required" if self.required else f"default: {self.default}"
        if self.minimum is not None:
            need += f", {self.minimum} to {self.maximum}"
        text = f"{self.name} ({self.type}, {need})"
        return f"{text} {self.help}" if self.help else text


@dataclass(frozen=True)
class NamedQuery:
    """One .rq file: its name, SPARQL text and header."""

    name: str
    path: Path
    text: str
    summary: str
    description: str
    params: tuple[Param, ...]
    examples: tuple[str, ...]

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def _parse_param(path: Path, line: int, value: str) -> Param:
    match = PARAM.fullmatch(value.strip())
    if not match:
        raise InputError(path, line, "write a parameter as `name (type: T, default: V) help`")
    name = match.group("name")
    if not VARIABLE.fullmatch(name):
        raise InputError(path, line, f"parameter name {name!r} is not a SPARQL variable name")
    fields: dict[str, str] = {}
    for part in (p.strip() for p in match.group("spec").split(",")):
        key, _, val = part.partition(":")
        fields[key.strip()] = val.strip()
    kind = fields.pop("type", "")
    if kind not in PARAM_TYPES:
        raise InputError(path, line, f"parameter {name}: type must be one of {PARAM_TYPES}")
    required = "required" in fields and fields.pop("required") == ""
    default = fields.pop("default", None)
    minimum, maximum = fields.pop("min", None), fields.pop("max", None)
    if fields:
        raise InputError(path, line, f"parameter {name}: unknown field(s) {sorted(fields)}")
    if required == (default is not None):
        raise InputError(path, line, f"parameter {name}: give either a default or `required`")
    ranged = kind in RANGED_TYPES
    if ranged and (minimum is None or maximum is None):
        need = f"a {kind} parameter needs `min:` and `max:`"
        raise InputError(path, line, f"parameter {name}: {need}")
    if not ranged and (minimum is not None or maximum is not None):
        raise InputError(path, line, f"parameter {name}: only {RANGED_TYPES} take `min:`/`max:`")
    param = Param(name, kind, default, required, match.group("help").strip(), minimum, maximum)
    try:
        if ranged:
            low = _ordered(kind, checked_value(kind, minimum or "", f"min of parameter {name}"))
            high = _ordered(kind, checked_value(kind, maximum or "", f"max of parameter {name}"))
            if low > high:
                raise UsageError(f"parameter {name}: min {minimum} is above max {maximum}")
        if default is not None:
            check_in_range(param, default, f"default of parameter {name}")  # no rdflib import
    except UsageError as exc:
        raise InputError(path, line, str(exc)) from exc
    return param


def _ordered(kind: str, value: str) -> int | datetime.date:
    """A checked integer or date value as something that compares in order."""
    return int(value) if kind == "integer" else datetime.date.fromisoformat(value)


def check_in_range(param: Param, raw: str, what: str) -> str:
    """raw checked as a value of param's type and, for integers and dates, within its declared
    range; the checked value, or UsageError naming what."""
    value = checked_value(param.type, raw, what)
    if param.type in RANGED_TYPES and param.minimum is not None and param.maximum is not None:
        low, high = _ordered(param.type, param.minimum), _ordered(param.type, param.maximum)
        if not low <= _ordered(param.type, value) <= high:
            shown = raw if len(raw) <= 40 else f"{raw[:20]}…({len(raw)} characters)"
            raise UsageError(
                f"{what}: {shown} is outside its range {param.minimum} to {param.maximum}"
            )
    return value


def parse_header(path: Path, text: str) -> tuple[dict[str, list[str]], list[Param]]:
    """The `#+` lines of text: values per key (continuations joined) and the parameters."""
    values: dict[str, list[str]] = {key: [] for key in KEYS}
    params: list[Param] = []
    last: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        match = HEADER_LINE.match(line.rstrip())
        if not match:
            raise InputError(path, number, "header lines read `#+ key: value`")
        if match.group("more") is not None:
            more = match.group("more").strip()
            if last is None:
                raise InputError(path, number, "a continuation line needs a line above it")
            if last == "param":
                params[-1] = replace(params[-1], help=f"{params[-1].help} {more}".strip())
            values[last][-1] += " " + more
            continue
        key = match.group("key")
        if key is None:
            continue
        if key not in KEYS:
            raise InputError(path, number, f"unknown header key {key!r}; use one of {KEYS}")
        if key == "param":
            params.append(_parse_param(path, number, match.group("value")))
        values[key].append(match.group("value").strip())
        last = key
    return values, params


def parse_query(path: Path, text: str, *, named: bool = True) -> NamedQuery:
    """A query and its header; InputError for a bad header or a parameter the query never uses.

    named: a file of queries/, which needs a summary and a name of lower-case words."""
    values, params = parse_header(path, text)
    name = path.stem
    if named and not QUERY_NAME.fullmatch(name):
        raise InputError(path, None, "a query's file name is lower-case words joined by hyphens")
    if named and (len(values["summary"]) != 1 or not values["summary"][0]):
        raise InputError(path, None, "the header needs exactly one `#+ summary:` line")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    seen: set[str] = set()
    for param in params:
        if param.name in seen:
            raise InputError(path, None, f"parameter {param.name} is declared twice")
        seen.add(param.name)
        if not re.search(rf"[?$]{param.name}\b", body):
            raise InputError(path, None, f"parameter {param.name}: the query never uses it")
    return NamedQuery(
        name=name,
        path=path,
        text=text,
        summary=(values["summary"] or [""])[0],
        description=" ".join(values["description"]),
        params=tuple(params),
        examples=tuple(values["example"]),
    )


def read_query(path: Path) -> NamedQuery:
    """One named query from its .rq file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, None, "not UTF-8 text") from exc
    return parse_query(path, text)


def load_queries(root: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query of root/queries, by name."""
    folder = paths.queries_dir(root or paths.project_root())
    return {path.stem: read_query(path) for path in sorted(folder.glob("*.rq"))}


def get_query(name: str, root: Path | None = None) -> NamedQuery:
    """The named query, or UsageError naming the closest names."""
    queries = load_queries(root)
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"no query named {name!r}{hint} (`g40kg queries` lists them)")


def split_assignments(assignments: Sequence[str]) -> dict[str, str]:
    """`key=value` strings (from -p) as a dict; UsageError for a malformed or repeated key."""
    given: dict[str, str] = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"-p {item!r}: write a parameter as name=value")
        if key in given:
            raise UsageError(f"parameter {key} is given twice")
        given[key] = value
    return given


def resolve_params(query: NamedQuery, given: Mapping[str, str]) -> dict[str, Identifier]:
    """The RDF term of every parameter: given values and defaults, checked against the header."""
    return {
        name: parse_value(param.type, raw, f"parameter {name}")
        for name, (param, raw) in _raw_params(query, given).items()
    }


def resolve_param_texts(query: NamedQuery, given: Mapping[str, str]) -> dict[str, str]:
    """resolve_params with each term written as SPARQL text (no rdflib: the cached path)."""
    return {
        name: value_sparql(param.type, raw, f"parameter {name}")
        for name, (param, raw) in _raw_params(query, given).items()
    }


def _raw_params(query: NamedQuery, given: Mapping[str, str]) -> dict[str, tuple[Param, str]]:
    """Every parameter with its given or default value; UsageError for unknown or missing."""
    names = [p.name for p in query.params]
    for key in given:
        if key not in names:
            close = difflib.get_close_matches(key, names, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            known = ", ".join(names) if names else "none"
            raise UsageError(
                f"query {query.name} has no parameter {key!r}{hint} (parameters: {known})"
            )
    bound: dict[str, tuple[Param, str]] = {}
    for param in query.params:
        raw = given.get(param.name, param.default)
        if raw is None:
            raise UsageError(
                f"query {query.name} needs parameter {param.name} ({param.type}): -p {param.name}=…"
            )
        check_in_range(param, raw, f"parameter {param.name}")
        bound[param.name] = (param, raw)
    return bound
