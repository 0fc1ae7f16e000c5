"""Measure loading, validation, queries, projections and views per scale, fast path vs naive.

Why a script and not tests: timings depend on the machine and its load; they are printed and
written to JSON for BENCHMARKS.md, never asserted. Every measured group runs in a fresh
subprocess (this file with --worker), so peak RSS (os.wait4's ru_maxrss of that child) is the
step's own; the worker reports the time of the step itself, the parent the process's wall
time, and a step that exceeds --timeout is killed and reported as "> N s (timed out)".

    python benchmarks/run.py --scales 10k,100k,1M --out benchmarks/results.json

Fast path: pyoxigraph store built from the files (g40kg.project.store), g40kg.shacl.engine,
SPARQL on pyoxigraph. Naive path: every file parsed by rdflib (naive_load, an rdflib
Graph), pyshacl on the whole graph (g40kg.shacl.pyshacl_engine), rdflib SPARQL
(g40kg.query.backends.RdflibBackend). Projections and views: from the store through
g40kg.project.store_graph.StoreGraph (as the view verbs build them) and from the rdflib graph
(naive).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

GROUPS = (
    "fast-load",
    "fast-validate",
    "fast-queries",
    "disk-queries",
    "cli-validate",
    "cli-revalidate",
    "cli-query",
    "naive-load",
    "naive-validate",
    "naive-queries",
    "projections-views",
    "naive-projections",
)


# -- worker side -----------------------------------------------------------------------------


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def query_params(root: Path) -> dict[str, dict[str, str]]:
    """Values for the required parameters, taken from the project itself."""
    first_person = first_fact = ""
    for line in (root / "data" / "entities" / "people.ttl").read_text().splitlines():
        if line.startswith("person:"):
            first_person = line.split()[0]
            break
    for path in sorted((root / "data" / "annotations").glob("*.ttl")):
        for line in path.read_text().splitlines():
            if line.startswith("fact:"):
                first_fact = line.split()[0]
                break
        if first_fact:
            break
    prefix = "https://w3id.org/g40kg/id/"
    return {
        "as-of": {"date": "2022-10-01"},
        "members": {"organisation": "VNG-commissie Werk en Inkomen"},
        "ministry-name": {"date": "2021-06-01"},
        "municipality": {"municipality": "Groningen"},
        "person": {"name": prefix + "person/" + first_person.split(":", 1)[1]},
        "provenance": {"fact": prefix + "fact/" + first_fact.split(":", 1)[1]},
    }


def edited_annotation(root: Path) -> tuple[Path, str]:
    """The first annotation file with one quote altered (the edit re-validation sees)."""
    path = sorted((root / "data" / "annotations").glob("*.ttl"))[0]
    text = path.read_text(encoding="utf-8")
    return path, text.replace('oa:exact "', 'oa:exact "XX', 1)


def worker(group: str, root: Path) -> dict[str, object]:
    """Run one group of steps in this (fresh) process; return step name -> seconds."""
    times: dict[str, object] = {}
    if group == "disk-queries":
        return _disk_queries(root)
    if group == "projections-views":  # from the store, as the view verbs do
        from g40kg.project.inputs import read_inputs
        from g40kg.project.store import build_store
        from g40kg.project.store_graph import StoreGraph

        times["load"], store = _timed(lambda: build_store(read_inputs(root)))
        return {**times, **_projections(StoreGraph(store))}
    if group.startswith("cli-"):
        return _cli(group, root)
    if group.startswith("fast"):
        from g40kg.project.inputs import read_inputs
        from g40kg.project.store import build_store, shapes_texts
        from g40kg.shacl.engine import ShapesGraph, validate_store

        inputs = read_inputs(root)
        times["load"], store = _timed(lambda: build_store(inputs))
        times["triples"] = len(store)
        if group == "fast-validate":
            shapes = ShapesGraph.from_turtle(shapes_texts(inputs))
            times["validate"], results = _timed(lambda: validate_store(store, shapes))
            times["results"] = len(results)
        if group == "fast-queries":
            times.update(_store_queries(root, store))
        return times
    times["load"], (data, shapes) = _timed(lambda: naive_load(root))
    times["triples"] = len(data)
    if group == "naive-validate":
        from g40kg.shacl.pyshacl_engine import run_shacl

        times["validate"], (conforms, _report) = _timed(lambda: run_shacl(data, shapes))
        times["conforms"] = conforms
    elif group == "naive-queries":
        times.update(_naive_queries(root, data))
    elif group == "naive-projections":
        times.update(_projections(data))
    return times


def naive_load(root: Path):
    """Every Turtle file parsed by rdflib into a data graph and a shapes graph (the baseline)."""
    from rdflib import Graph

    data, shapes = Graph(), Graph()
    files = sorted((root / "ontology").glob("*.ttl")) + sorted((root / "data").rglob("*.ttl"))
    for path in files:
        (shapes if path.name.startswith("shapes") else data).parse(path, format="turtle")
    return data, shapes


def _projections(graph) -> dict[str, object]:
    """Build every projection from graph and write its view (a refusal is recorded as such)."""
    from g40kg.network.projections import PROJECTIONS, project
    from g40kg.network.views import write_view
    from g40kg.project.errors import UsageError

    times: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name in PROJECTIONS:
            try:
                times[f"project:{name}"], net = _timed(lambda n=name: project(graph, n))
            except UsageError as exc:
                times[f"refused:{name}"] = str(exc)
                continue
            times[f"view:{name}"], _ = _timed(
                lambda n=name, net=net: write_view(net, Path(folder) / f"{n}.html")
            )
    return times


def _bound(root: Path):
    from g40kg.query.library import load_queries, resolve_params

    params = query_params(root)
    for name, query in load_queries(root).items():
        given = {k: v for k, v in params.get(name, {}).items() if query.param(k)}
        yield name, query, resolve_params(query, given)


def _naive_queries(root: Path, graph) -> dict[str, object]:
    from g40kg.query.backends import RdflibBackend

    backend = RdflibBackend(graph)
    out: dict[str, object] = {}
    for name, query, bindings in _bound(root):
        out[f"query:{name}"], result = _timed(lambda q=query, b=bindings: backend.run(q.text, b))
        out[f"rows:{name}"] = len(result.rows)
    return out


def _store_queries(root: Path, store) -> dict[str, object]:
    from g40kg.query.binding import inject_values  # the VALUES binding used for remote endpoints

    out: dict[str, object] = {}
    for name, query, bindings in _bound(root):
        text = inject_values(query.text, bindings)

        def run(text=text):
            return list(store.query(text, use_default_graph_as_union=True))

        out[f"query:{name}"], rows = _timed(run)
        out[f"rows:{name}"] = len(rows)
    return out


def _disk_queries(root: Path) -> dict[str, object]:
    """Every named query on the on-disk store, opened read-only as each CLI command opens it."""
    from pyoxigraph import RdfFormat, Store

    from g40kg.project.inputs import read_inputs
    from g40kg.project.store import graph_of

    with tempfile.TemporaryDirectory() as folder:
        disk = Store(str(Path(folder) / "store"))
        for one in read_inputs(root).data_turtle:
            disk.bulk_load(input=one.data, format=RdfFormat.TURTLE, to_graph=graph_of(one.rel))
        disk.flush()
        del disk  # closed as it is dropped
        store = Store.read_only(str(Path(folder) / "store"))
        return _store_queries(root, store)


def _cli(group: str, root: Path) -> dict[str, object]:
    """A whole `g40kg` process, as a user runs it: `validate` on a cold cache (it runs the input
    checks and builds the store), `validate` after an edit (a full run again: nothing
    incremental is kept), `query vng-committees` on the warm cache.
    Each timed process reports its own peak RSS (os.wait4), not that of the runs before it."""
    import shutil

    def command(*args: str) -> tuple[float, int, float]:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "g40kg.cli", *args], cwd=root, stdout=subprocess.DEVNULL
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        return time.perf_counter() - start, child.returncode, usage.ru_maxrss / 1024

    def output(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "g40kg.cli", *args], cwd=root, capture_output=True, text=True
        )
        return done.stdout

    result: dict[str, object] = {}
    if group == "cli-validate":
        shutil.rmtree(root / ".g40kg-cache", ignore_errors=True)
        seconds, status, peak = command("validate")
    elif group == "cli-revalidate":
        shutil.rmtree(root / ".g40kg-cache", ignore_errors=True)
        command("validate")  # the run before the edit (not timed)
        path, text = edited_annotation(root)
        original = path.read_text(encoding="utf-8")
        path.write_text(text, encoding="utf-8")
        try:
            seconds, status, peak = command("validate", "--format", "json")
            incremental = output("validate", "--format", "json")  # the saved findings
            shutil.rmtree(root / ".g40kg-cache", ignore_errors=True)
            full = output("validate", "--format", "json")
        finally:
            path.write_text(original, encoding="utf-8")
            shutil.rmtree(root / ".g40kg-cache", ignore_errors=True)
        result["same_as_full"] = incremental == full
    else:
        command("query", "vng-committees")  # warms the cache (not timed)
        seconds, status, peak = command("query", "vng-committees")
    return {"process": seconds, "status": status, "process_peak_rss_mib": peak, **result}


# -- parent side -----------------------------------------------------------------------------


def run_group(group: str, root: Path, timeout: float) -> dict[str, object]:
    """One fresh subprocess: its report, wall time and peak RSS (MiB), or a timeout."""
    with tempfile.NamedTemporaryFile("r", suffix=".json") as report:
        cmd = [sys.executable, __file__, "--worker", group, "--root", str(root)]
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*cmd, "--report", report.name], start_new_session=True, stdout=subprocess.DEVNULL
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                return {
                    "timed_out": True,
                    "wall": time.perf_counter() - start,
                    "peak_rss_mib": usage.ru_maxrss / 1024,
                }
            time.sleep(0.05)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        data = json.loads(Path(report.name).read_text() or "{}") if proc.returncode == 0 else {}
        data.update(wall=wall, peak_rss_mib=usage.ru_maxrss / 1024, exit=proc.returncode)
        return data


def fmt_time(group: dict[str, object], key: str, timeout: float) -> str:
    if group.get("timed_out"):
        return f"> {timeout:.0f} s (timed out)"
    value = group.get(key)
    return f"{value:.3f} s" if isinstance(value, float) else "—"


def table(scale: str, groups: dict[str, dict[str, object]], timeout: float) -> str:
    """Markdown tables: step | in memory | on-disk store | naive | speed-up; projections;
    whole CLI processes; peak RSS per group."""
    empty: dict[str, object] = {}
    store_q = groups.get("fast-queries", empty)
    disk_q = groups.get("disk-queries", empty)
    naive_q = groups.get("naive-queries", empty)
    rows = [
        ("load", groups.get("fast-load", empty), "load", groups.get("naive-load", empty), "load"),
        (
            "full validation",
            groups.get("fast-validate", empty),
            "validate",
            groups.get("naive-validate", empty),
            "validate",
        ),
    ]
    names = sorted(k.split(":", 1)[1] for k in store_q if k.startswith("query:"))
    rows += [(f"query {n}", store_q, f"query:{n}", naive_q, f"query:{n}") for n in names]
    lines = [
        f"### {scale} ({groups.get('fast-load', empty).get('triples', '?')} triples)",
        "",
        "| step | fast, in memory | fast, on-disk store (RocksDB) | naive (rdflib/pyshacl) "
        "| speed-up |",
        "|---|---:|---:|---:|---:|",
    ]
    total_fast = total_naive = 0.0
    for label, fg, fk, ng, nk in rows:
        f, n = fg.get(fk), ng.get(nk)
        disk = fmt_time(disk_q, fk, timeout) if fk.startswith("query:") else ""
        ratio = f"{n / f:.0f}×" if isinstance(f, float) and isinstance(n, float) and f else ""
        lines.append(
            f"| {label} | {fmt_time(fg, fk, timeout)} | {disk} | {fmt_time(ng, nk, timeout)} "
            f"| {ratio} |"
        )
        if label.startswith(("full validation", "query")):
            total_fast += f if isinstance(f, float) else 0
            total_naive += n if isinstance(n, float) else float("inf")
    if total_fast:
        naive_text = "timed out" if total_naive == float("inf") else f"{total_naive:.3f} s"
        lines.append(
            f"| **validation + all queries** | {total_fast:.3f} s | | {naive_text} | "
            f"{total_naive / total_fast:.0f}× |"
        )
    for group, title in (("projections-views", "fast (store)"), ("naive-projections", "naive")):
        pv = groups.get(group)
        if not pv:
            continue
        lines += ["", f"| projection / view, {title} | build | write view |", "|---|---:|---:|"]
        for key in sorted(k for k in pv if k.startswith(("project:", "refused:"))):
            name = key.split(":", 1)[1]
            if key.startswith("refused:"):
                lines.append(f"| {name} | refused: {pv[key]} | |")
                continue
            lines.append(
                f"| {name} | {fmt_time(pv, key, timeout)} | "
                f"{fmt_time(pv, 'view:' + name, timeout)} |"
            )
    names = ("cli-validate", "cli-revalidate", "cli-query")
    cli = [(g, groups[g]) for g in names if g in groups]
    if cli:
        lines += ["", "| whole `g40kg` process | wall | peak RSS | exit |", "|---|---:|---:|---:|"]
        for name, g in cli:
            what = {
                "cli-validate": "validate, cold cache",
                "cli-revalidate": "validate after editing one annotation file (a full run; "
                f"same findings as with no cache: {g.get('same_as_full')})",
                "cli-query": "query vng-committees, warm cache",
            }[name]
            if g.get("timed_out"):
                lines.append(f"| {what} | > {timeout:.0f} s (timed out) | | |")
                continue
            lines.append(
                f"| {what} | {g.get('process', 0):.2f} s | "
                f"{g.get('process_peak_rss_mib', 0):.0f} MiB | {g.get('status')} |"
            )
    lines += ["", "| group (fresh subprocess) | wall | peak RSS |", "|---|---:|---:|"]
    for name, g in groups.items():
        wall = f"> {timeout:.0f} s (timed out)" if g.get("timed_out") else f"{g['wall']:.1f} s"
        lines.append(f"| {name} | {wall} | {g['peak_rss_mib']:.0f} MiB |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="g40kg benchmarks: fast path vs naive path")
    parser.add_argument("--scales", default="10k")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per process")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "g40kg-bench")
    parser.add_argument("--groups", default=",".join(GROUPS))
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        result = worker(args.worker, args.root)
        args.report.write_text(json.dumps(result))
        return 0
    sys.path.insert(0, str(HERE))
    from generate import Plan, parse_scale, write_project

    results: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "timeout_s": args.timeout,
        "scales": {},
    }
    for scale in args.scales.split(","):
        root = args.workdir / scale
        gen_time, _ = _timed(
            lambda r=root, s=scale: write_project(Plan(parse_scale(s), args.seed), r)
        )
        groups = {}
        for group in args.groups.split(","):
            print(f"[{scale}] {group} …", file=sys.stderr, flush=True)
            groups[group] = run_group(group, root, args.timeout)
        results["scales"][scale] = {"generate_s": gen_time, "groups": groups}
        print(table(scale, groups, args.timeout) + "\n", flush=True)
        args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
