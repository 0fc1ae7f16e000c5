"""benchmarks/ner.py measures what suggest delivers for a new text: its gazetteer knows only the
reference data and what the OTHER texts' annotations link (leave one text out), and it reports
the number of texts the project really holds."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from g40kg.project.load import rdflib_data
from tests.cli_run import run_cli

REPO = Path(__file__).resolve().parents[2]


def benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ner_benchmark", REPO / "benchmarks/ner.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_gazetteer_of_a_text_does_not_know_what_only_that_text_links() -> None:
    ner = benchmark()
    graph = rdflib_data(REPO)
    linked = ner.linked_by_source(graph)
    reference = ner.reference_entities(graph)
    kinds = ner.entity_kinds(graph)
    for source in ner.sources(graph):
        others = set().union(*(v for k, v in linked.items() if k != source.iri))
        own = {e for e in linked[source.iri] - others - reference if kinds.get(e) == "person"}
        found = ner.gazetteer_spans(graph, source.text, reference | others, kinds)
        names = {source.text[s:e] for s, e in found["person"]}
        for person in own:
            label = str(graph.value(person, ner.RDFS.label))
            assert label not in names, f"{label} is known only from {source.name}"


def test_it_counts_the_texts_the_project_holds(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project_copy / "new.txt").write_text("Jan de Vries sprak in Putten.\n", encoding="utf-8")
    assert run_cli("add-source", str(project_copy / "new.txt"), "--title", "Nieuw")[0] == 0
    ner = benchmark()
    monkeypatch.setattr(ner, "frog_names", lambda _text: [])
    monkeypatch.setattr(sys, "argv", ["ner.py"])
    assert ner.main() == 0
    assert "s for the 6 texts (" in capsys.readouterr().out
