"""The analyst notebook: committed without outputs, and runs top to bottom without an error.

nbclient starts a real `python3` kernel (ipykernel's kernel spec; no `ipykernel install` is
needed) in notebooks/, with G40KG_ROOT pointing at this checkout and TMPDIR at a temporary
folder, so the view it writes lands there. Tagged cells are checked for the answers they show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from chromium import chromium_context
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from g40kg.network import projections as network
from g40kg.project.load import rdflib_data

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "analyst_tour.ipynb"
EKEM_QUOTE = "Yvonne Salvino en Frank den Brok zijn actief in de VNG commissie EKEM."
DEN_BROK = "person:frank-den-brok"


def test_committed_notebook_is_valid_and_has_no_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code) >= 10
    assert [(c.execution_count, c.outputs) for c in code] == [(None, [])] * len(code)
    assert notebook.metadata.kernelspec.name == "python3"
    assert "widgets" not in notebook.metadata
    markdown = [cell for cell in notebook.cells if cell.cell_type == "markdown"]
    assert len(markdown) >= len(code) // 2


@dataclass(frozen=True)
class Executed:
    """The outputs of the run: of every tagged cell, of all cells, and its TMPDIR."""

    tagged: dict[str, list]
    everything: list
    tmp: Path

    def __getitem__(self, tag: str) -> list:
        return self.tagged[tag]


@pytest.fixture(scope="module")
def executed(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Executed:
    """The whole notebook, run once."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    temporary = tmp_path_factory.mktemp("notebook-tmp")
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("G40KG_ROOT", str(repo_root))
        patch.setenv("TMPDIR", str(temporary))
        try:
            client.execute()
        except CellExecutionError as exc:
            pytest.fail(f"the notebook failed:\n{exc}", pytrace=False)
    tagged = {t: cell.outputs for cell in notebook.cells for t in cell.metadata.get("tags", [])}
    everything = [o for cell in notebook.cells for o in cell.get("outputs", [])]
    return Executed(tagged, everything, temporary)


def _html(outputs: list) -> str:
    found = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert len(found) == 1
    return found[0]


def _stdout(outputs: list) -> str:
    return "".join(o["text"] for o in outputs if o.get("name") == "stdout")


def test_notebook_runs_without_errors_or_warnings(executed: Executed) -> None:
    kinds = {o["output_type"] for o in executed.everything}
    assert "error" not in kinds
    assert [o["text"] for o in executed.everything if o.get("name") == "stderr"] == []


def test_notebook_answers_the_committee_question(executed: Executed) -> None:
    table = _html(executed["committees"])
    assert table.split("<tbody>")[1].count("<tr>") == 5  # five memberships
    assert f"<td>{EKEM_QUOTE}</td>" in table
    assert "<td>Frank den Brok</td>" in table and "<td>Maarten Burggraaf</td>" in table


def test_notebook_runs_named_and_adhoc_queries(executed: Executed) -> None:
    person = _html(executed["person"])
    assert "<td>voorzitter</td>" in person and "<td>pijler Economie en Werk</td>" in person
    adhoc = _html(executed["adhoc"])
    assert re.search(r"<td>Frank den Brok</td>\s*<td>2</td>", adhoc)


def test_notebook_timeline_is_ordered_by_date(executed: Executed) -> None:
    table = _html(executed["timeline"])
    members = re.findall(r"<tr>\s*<th>\d+</th>\s*<td>([^<]+)</td>\s*<td>voorzitter</td>", table)
    assert members == ["Willemien Vreugdenhil", "Pieter Meekels", "Frank den Brok"]
    assert "<td>from between 2021 and 2022-10, until at least 2022-09-20</td>" in table
    chart = executed["timeline-chart"]
    images = [o["data"]["image/png"] for o in chart if "image/png" in o.get("data", {})]
    assert len(images) == 1 and images[0].startswith("iVBORw0KGgo")


def test_notebook_metrics_and_inline_view(executed: Executed, repo_root: Path) -> None:
    actors = network.actor_network(rdflib_data(repo_root))
    counts = f"{actors.number_of_nodes()} nodes, {actors.number_of_edges()} edges\n"
    assert _stdout(executed["metrics"]) == counts
    assert "<td>G40-stedennetwerk</td>" in _html(executed["metrics"])
    around = network.ego_network(actors, DEN_BROK, 2)
    line = _stdout(executed["view"])
    head = f"{around.number_of_nodes()} nodes, {around.number_of_edges()} edges; written to "
    assert line.startswith(head)
    view = Path(line[len(head) :].strip())
    assert view.is_file() and view.is_relative_to(executed.tmp)
    frame = _html(executed["view"])
    assert frame.startswith('<div><iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert 'sandbox="allow-scripts"' in frame
    assert frame.count("<") == 4  # <div><iframe …></iframe></div>: the page itself is escaped


def test_inline_view_draws_offline_in_chromium(executed: Executed, repo_root: Path) -> None:
    """The view cell's output, as a notebook front end would show it, in headless Chromium."""
    around = network.ego_network(network.actor_network(rdflib_data(repo_root)), DEN_BROK, 2)
    page_file = executed.tmp / "output.html"
    page_file.write_text(
        f"<!DOCTYPE html><html><body>{_html(executed['view'])}</body></html>", encoding="utf-8"
    )
    requests: list[str] = []
    problems: list[str] = []
    with chromium_context(executed.tmp / "chromium-profile") as browser:
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(page_file.as_uri())
        frame = page.frames[1]
        frame.wait_for_selector('body[data-ready="true"]', state="attached", timeout=60_000)
        counts = frame.evaluate(
            "() => [network.body.data.nodes.length, network.body.data.edges.length]"
        )
    assert counts == [around.number_of_nodes(), around.number_of_edges()]
    assert problems == []
    assert requests == [page_file.as_uri()]
