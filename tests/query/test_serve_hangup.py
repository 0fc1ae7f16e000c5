"""`g40kg serve` stops on SIGHUP (its terminal closed) like on SIGTERM: the Oxigraph server it
started goes with it instead of living on, orphaned, on the port."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

from g40kg.query.servers import free_port


def _children(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(word) for word in found.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:  # a zombie is not alive
        return stat.read().split(") ", 1)[1][0] != "Z"


def test_serve_stops_its_server_on_sighup() -> None:
    command = [sys.executable, "-m", "g40kg.cli", "serve", "--port", str(free_port())]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert re.match(r"Oxigraph serves the graph", first), first
        process.stdout.readline()
        servers = _children(process.pid)
        assert len(servers) == 1
        process.send_signal(signal.SIGHUP)
        out, _err = process.communicate(timeout=30)
        assert process.returncode == 0
        assert out == "stopped\n"
        assert not any(_alive(pid) for pid in servers)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_a_killed_serve_takes_its_server_with_it() -> None:
    """SIGKILL cannot be caught: the server itself is told to stop when its parent dies."""
    import time

    command = [sys.executable, "-m", "g40kg.cli", "serve", "--port", str(free_port())]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("Oxigraph serves the graph")
        servers = _children(process.pid)
        assert len(servers) == 1
        process.kill()
        process.communicate()
        deadline = time.monotonic() + 20
        while _alive(servers[0]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(servers[0])
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
