"""Time and memory of one Turtle file of 100 MB and more, each step a whole fresh process.

Why: issue #8 asks that a 100 MB Turtle file loads within the memory target of issue #7 (peak
<= 2 GB). The project is written by benchmarks/generate.py (about 3M triples) and its
annotation files are merged into one file, data/annotations/all.ttl; every step then runs in
its own process, and its wall time and peak RSS (os.wait4 ru_maxrss, descendants included)
are reported:

- `g40kg validate`, first run on these inputs: checks them, builds the store, validates;
- `g40kg query vng-committees` next (the inputs' check is cached under .g40kg-cache/);
- the load step alone: g40kg.project.load.open_project on unchecked inputs (the checks and
  the store build, no validation);
- the naive load, every Turtle file parsed by rdflib, for comparison; "> N s" if killed at
--timeout.

    python benchmarks/large_file.py [--triples 3M] [--work DIR] [--timeout 900] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
LOAD_STEP = (
    "import sys; from pathlib import Path; from g40kg.project.load import open_project; "
    "project = open_project(Path(sys.argv[1])); print(len(project.store), 'quads in the store')"
)
NAIVE_LOAD = (
    "import sys; from pathlib import Path; from rdflib import Graph; g = Graph(); "
    "[g.parse(p, format='turtle') for p in sorted(Path(sys.argv[1]).rglob('*.ttl'))]; "
    "print(len(g), 'triples in the rdflib graph')"
)


def merge_annotations(root: Path) -> Path:
    """Replace data/annotations/*.ttl by one file: the @prefix lines once, then every body."""
    folder = root / "data" / "annotations"
    files = sorted(folder.glob("*.ttl"))
    prefixes: dict[str, None] = {}
    merged = folder / "all.ttl"
    bodies = Path(tempfile.mkstemp(dir=folder, suffix=".part")[1])
    with bodies.open("w", encoding="utf-8") as out:
        for path in files:
            for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
                if line.startswith("@prefix "):
                    prefixes.setdefault(line, None)
                elif not line.startswith("# "):  # each file's one-line comment
                    out.write(line)
            path.unlink()
    with merged.open("w", encoding="utf-8") as out:
        out.write(f"# The annotations of {len(files)} generated sources in one file.\n")
        out.writelines(prefixes)
        with bodies.open(encoding="utf-8") as part:
            shutil.copyfileobj(part, out)
    bodies.unlink()
    return merged


def make_project(work: Path, triples: str) -> Path:
    root = work / "project"
    command = [sys.executable, str(REPO / "benchmarks" / "generate.py"), "--triples", triples]
    subprocess.run([*command, "--out", str(root)], check=True, capture_output=True, text=True)
    merge_annotations(root)
    return root


def measure(argv: list[str], root: Path, timeout: float) -> dict[str, object]:
    """Run argv in a fresh process: wall seconds, peak RSS (MiB), exit status, output tail."""
    env = {**os.environ, "G40KG_ROOT": str(root)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=err, cwd=root)
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                proc.send_signal(signal.SIGKILL)
                _pid, status, usage = os.wait4(proc.pid, 0)
                killed = True
                break
            time.sleep(0.02)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", errors="replace")
        stderr = err.read().decode("utf-8", errors="replace")
    lines = (stdout.strip() or stderr.strip()).splitlines()
    return {
        "wall_s": round(wall, 2),
        "peak_rss_mib": round(usage.ru_maxrss * 1024 / MIB),
        "exit": None if killed else proc.returncode,
        "killed_after_s": timeout if killed else None,
        "output": lines[-1][:200] if lines else "",
    }


def clear_cache(root: Path) -> None:
    shutil.rmtree(root / ".g40kg-cache", ignore_errors=True)


def run(root: Path, timeout: float) -> dict[str, dict[str, object]]:
    cli = [sys.executable, "-m", "g40kg.cli"]
    steps: dict[str, dict[str, object]] = {}
    clear_cache(root)
    steps["g40kg validate (first run: checks, builds the store, validates)"] = measure(
        [*cli, "validate"], root, timeout
    )
    steps["g40kg query vng-committees (next command: inputs checked)"] = measure(
        [*cli, "query", "vng-committees"], root, timeout
    )
    clear_cache(root)
    steps["load step alone (checks + store build, no validation)"] = measure(
        [sys.executable, "-c", LOAD_STEP, str(root)], root, timeout
    )
    steps["naive load (g40kg.project.shapes_checks.load, rdflib)"] = measure(
        [sys.executable, "-c", NAIVE_LOAD, str(root)], root, timeout
    )
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="3M", help="generator scale (3M: ~104 MB file)")
    parser.add_argument("--work", type=Path, help="folder for the project (default: a temp one)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per step")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="g40kg-large-"))
    try:
        root = make_project(work, args.triples)
        big = root / "data" / "annotations" / "all.ttl"
        size = big.stat().st_size
        print(f"project: {root}; {big.relative_to(root)} is {size / 1e6:.1f} MB ({size:,} bytes)")
        if size < 100_000_000:
            print("warning: the file is under 100 MB; raise --triples", file=sys.stderr)
        steps = run(root, args.timeout)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{'step':<66} {'wall':>10} {'peak RSS':>12}  result")
    for name, step in steps.items():
        killed = step["killed_after_s"]
        wall = f"> {killed:.0f} s" if killed else f"{step['wall_s']} s"
        result = f"exit {step['exit']}: {step['output']}" if step["exit"] is not None else "killed"
        print(f"{name:<66} {wall:>10} {step['peak_rss_mib']:>8} MiB  {result}")
    if args.out:
        report = {"triples": args.triples, "file_bytes": size, "steps": steps}
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
