"""The house rules of docs/ARCHITECTURE.md, checked on the code: packages by job, each using only
the packages it may, no import cycles, nothing outside g40kg/cli importing it; and the README's
tables are whole tables (a blank line inside one turns the rest into plain text)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "g40kg"
#: package -> the packages it may import (besides itself), as docs/ARCHITECTURE.md says.
ALLOWED = {
    "project": set(),
    "shacl": {"project"},
    "query": {"project"},
    "annotate": {"project"},
    "network": {"project"},
    "site": {"project", "query", "network"},
    "cli": {"project", "shacl", "query", "annotate", "network", "site"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> nx.DiGraph:
    """Module -> module for every import (also those inside functions) within g40kg."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level:
                raise AssertionError(f"{path}: use absolute imports (from g40kg.<package>...)")
            for target in targets:
                if target in modules and target != name and not name.startswith(target + "."):
                    graph.add_edge(name, target)
    return graph


def test_the_top_level_holds_only_packages() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert loose == []
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted(ALLOWED)


def test_no_module_is_named_by_technique() -> None:
    names = [p.stem for p in PACKAGE.rglob("*.py")]
    assert [n for n in names if n.startswith("fast_") or n[-1:].isdigit()] == []


def test_no_import_cycles() -> None:
    assert list(nx.simple_cycles(import_graph())) == []


def test_each_package_uses_only_what_it_may() -> None:
    wrong = []
    for source, target in import_graph().edges:
        source_package, target_package = source.split(".")[1], target.split(".")[1]
        if target_package != source_package and target_package not in ALLOWED[source_package]:
            wrong.append(f"{source} -> {target}")
    assert wrong == []


def test_readme_tables_are_not_split_by_blank_lines() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    broken = []
    for number, line in enumerate(lines[1:], start=2):
        previous = lines[number - 2]
        starts_table = line.startswith("|") and not previous.startswith("|")
        if starts_table:
            separator = lines[number] if number < len(lines) else ""
            if not separator.replace(" ", "").startswith("|---"):
                broken.append(f"README.md:{number}: a table row without a header: {line[:60]}")
    assert broken == []
