"""Time the project verbs as whole processes: export, stats, fmt --check and site against
`g40kg query vng-committees`, the reference of issue #14's targets.

Why whole processes: what an analyst waits for includes the interpreter, the imports and the
load; the figure printed is the minimum of --runs runs (the least disturbed), with the median
beside it, and each process's peak RSS (os.wait4). Nothing is asserted: the figures go to
BENCHMARKS.md. --code runs another checkout's package (for the before/after table); --project
runs on another project (a generated one of benchmarks/generate.py, say).

    python benchmarks/verbs.py [--project DIR] [--code DIR] [--runs 5] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VERBS = {
    "query": ["query", "vng-committees"],
    "export": ["export", "-o", "{tmp}/graph.ttl"],
    "stats": ["stats"],
    "fmt --check": ["fmt", "--check"],
    "site": ["site", "-o", "{tmp}/site"],
}


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MiB, exit status) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.stderr.close()  # type: ignore[union-attr]
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def measure(project: Path, code: Path | None, runs: int, verbs: list[str]) -> dict[str, dict]:
    env = {**os.environ, "G40KG_ROOT": str(project)}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    results = {}
    with tempfile.TemporaryDirectory(prefix="g40kg-verbs-") as tmp:
        for name in verbs:
            argv = [sys.executable, "-m", "g40kg.cli", *(a.format(tmp=tmp) for a in VERBS[name])]
            timed(argv, env, project)  # warm: the kept verdicts, the OS file cache
            samples = [timed(argv, env, project) for _ in range(runs)]
            seconds = [s for s, _m, _c in samples]
            results[name] = {
                "min_s": round(min(seconds), 3),
                "median_s": round(statistics.median(seconds), 3),
                "peak_mib": round(max(m for _s, m, _c in samples)),
                "exit": sorted({c for _s, _m, c in samples}),
            }
            print(
                f"{name:12s} min {min(seconds):7.3f} s  median {statistics.median(seconds):7.3f} s"
                f"  peak {results[name]['peak_mib']:5d} MiB  exit {results[name]['exit']}",
                flush=True,
            )
    base = results.get("query", {}).get("min_s")
    if base:
        for row in results.values():
            row["times_query"] = round(row["min_s"] / base, 2)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=REPO)
    parser.add_argument("--code", type=Path, help="a checkout whose g40kg package to run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--verbs", default=",".join(VERBS), help="comma-separated subset")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    args = parser.parse_args()
    verbs = [v.strip() for v in args.verbs.split(",")]
    results = measure(args.project.resolve(), args.code, args.runs, verbs)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
