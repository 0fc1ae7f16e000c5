"""Run one embedded query under a time limit and a memory bound, in a forked child.

Why a child: pyoxigraph has no timeout and no memory limit of its own (a cartesian product runs
for minutes and grows to gigabytes; ten thousand UNIONs overflow its stack), and a thread that
runs Rust code cannot be stopped. A forked child shares the in-memory store copy-on-write, so it
starts in milliseconds; it runs under RLIMIT_AS (its current address space plus the bound) and
sends its answer back pickled over a pipe. At the deadline the parent kills it. Whatever the
child does (exceeds the bound, crashes, is killed) the parent stays responsive and says so.

Why the child may open no file: pyoxigraph executes SERVICE itself, with an HTTP client of its
own, and parses queries with its own parser, not rdflib's that the query guard uses. Unless
remote reads are allowed, the child runs under RLIMIT_NOFILE 0: it keeps the pipes it has, but
the kernel refuses it any new file descriptor, so no socket, and no request leaves it whatever
the engine makes of the text. An in-memory store needs none to answer.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any

from g40kg.project.errors import UsageError

#: Seconds an embedded query may run (`--timeout` changes it).
DEFAULT_TIMEOUT = 10.0
#: Megabytes of address space an embedded query may add to the process (`--memory` changes it).
DEFAULT_MEMORY_MB = 2048
CHUNK = 1 << 16
_OK, _ERROR, _MEMORY = "ok", "error", "memory"


class QueryLimitError(UsageError):
    """The query ran past its time limit or its memory bound (the CLI exits 2)."""


def _address_space() -> int:
    """Bytes of virtual memory the process has mapped now (Linux /proc; 0 where unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(
    work: Callable[[], Any], write_fd: int, err_fd: int, memory_mb: int, allow_remote: bool
) -> None:
    """Run work in the forked child and write (status, payload) pickled to write_fd."""
    try:
        faulthandler.disable()  # a crash is reported by the parent, not as a Python traceback
        os.dup2(err_fd, 2)  # Rust says on stderr why it aborts: the parent reads it
        limit = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if not allow_remote:  # no new descriptor, so no socket (see the module's docstring)
            resource.setrlimit(resource.RLIMIT_NOFILE, (0, 0))
        try:
            answer: tuple[str, Any] = (_OK, work())
        except MemoryError:
            answer = (_MEMORY, None)
        except Exception as exc:  # noqa: BLE001 - sent to the parent, which raises it
            answer = (_ERROR, exc if _picklable(exc) else UsageError(str(exc)))
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(write_fd, view) :]
    finally:
        os._exit(0)


def _picklable(exc: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001
        return False
    return True


def _read_until(read_fd: int, deadline: float) -> bytes | None:
    """Everything written to read_fd until EOF, or None when the deadline passes first."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _w, _x = select.select([read_fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(read_fd, CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _stop(pid: int) -> int:
    """Kill the child (if still running) and reap it; its wait status."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


def run_bounded(
    work: Callable[[], Any],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    allow_remote: bool = False,
) -> Any:
    """work() run in a forked child within timeout seconds and memory_mb more megabytes of
    address space; its result, or the exception it raised; QueryLimitError past either bound.
    Unless allow_remote, work can open no file or socket (it keeps those already open)."""
    if not timeout > 0:
        raise UsageError(f"--timeout {timeout}: give a number of seconds above 0")
    if memory_mb <= 0:
        raise UsageError(f"--memory {memory_mb}: give a number of megabytes above 0")
    read_fd, write_fd = os.pipe()
    err_read, err_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns (coverage cannot see it)
        os.close(read_fd)
        os.close(err_read)
        _child(work, write_fd, err_write, memory_mb, allow_remote)
    os.close(write_fd)
    os.close(err_write)
    try:
        data = _read_until(read_fd, time.monotonic() + timeout)
    finally:
        os.close(read_fd)
        status = _stop(pid)
        said = _said(err_read)
    if data is None:
        raise QueryLimitError(
            f"the query ran longer than {timeout:g} s and was stopped (--timeout to allow more)"
        )
    if not data:
        raise QueryLimitError(_died(status, said, memory_mb))
    kind, payload = pickle.loads(data)  # noqa: S301 - our own child wrote it
    if kind == _MEMORY:
        raise QueryLimitError(_over_memory(memory_mb))
    if kind == _ERROR:
        raise payload
    return payload


def _over_memory(memory_mb: int) -> str:
    return (
        f"the query needed more than {memory_mb} MB of memory and was stopped "
        "(--memory to allow more)"
    )


def _said(err_fd: int) -> bytes:
    """The start of what the child wrote to stderr (it has exited: nothing blocks)."""
    try:
        os.set_blocking(err_fd, False)
        return os.read(err_fd, 4096)
    except OSError:
        return b""
    finally:
        os.close(err_fd)


def _died(status: int, said: bytes, memory_mb: int) -> str:
    """What a child that sent nothing died of, in words."""
    if b"memory allocation" in said:  # Rust aborts when an allocation fails under RLIMIT_AS
        return _over_memory(memory_mb)
    if b"overflowed its stack" in said:
        return "the query nests too deeply for the embedded store (its stack overflowed)"
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        return (
            f"the embedded store crashed on this query ({name}; a query built of very many "
            "nested or chained parts can overflow its stack)"
        )
    return f"the embedded store stopped without an answer (exit {os.WEXITSTATUS(status)})"


def in_background(work: Callable[[], Any]) -> Callable[[], Any]:
    """Start work() in a forked child (on another core, sharing the store copy-on-write) and
    return a function that waits for its result. Without a bound of its own: work bounds each
    query it runs (run_bounded). If the child fails to send a result (it crashed, or its
    result does not pickle), the waiting function runs work() here instead, so the answer is
    the same either way, only later."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns (coverage cannot see it)
        try:
            os.close(read_fd)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(write_fd, view) :]
        finally:
            os._exit(0)
    os.close(write_fd)

    def result() -> Any:
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        try:
            return pickle.loads(data)  # noqa: S301 - our own child wrote it
        except Exception:  # noqa: BLE001 - no result from the child: do the work here
            return work()

    return result
