"""Checking a user's file in a separate process, with a time limit and a memory cap.

The Streamlit server runs every visitor's script in threads of one Python process, so a
check done on the script thread holds the interpreter while it parses and competes with
every other visitor's rerun. Here the check (:func:`exodus.data.parse_upload`, limits
included) runs in a child process forked from a small server process that has the
package imported already (multiprocessing's "forkserver"), so a check starts in tens of
milliseconds and the script thread only waits on a pipe. A child that runs longer than
:data:`TIME_LIMIT` is killed; its address space is capped at :data:`MEMORY_CAP` above
what it started with, so an allocation beyond that fails inside the child, not in the
server. Either way the user gets a problem in words, never a traceback.
"""

from __future__ import annotations

import multiprocessing
import resource
import threading
import time
from dataclasses import dataclass

import pandas as pd

from exodus.validate import Problem

TIME_LIMIT = 20.0  # seconds for one file (a 2 MiB file at the row limit takes about 1 s)
MEMORY_CAP = 512 * 2**20  # bytes of address space a check may add to its start
_context_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None


@dataclass
class Checked:
    """What a check gave: the valid rows, the problems, and how long it took."""

    rows: pd.DataFrame
    problems: list[Problem]
    seconds: float


def _mp_context():
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["__main__", "exodus.upload_preload"])
            _context = context
        return _context


def _address_space() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _child(conn, raw: bytes, name: str, crossing_ids, memory_cap: int) -> None:
    limit = _address_space() + memory_cap
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        from exodus.data import parse_upload

        conn.send(("ok", parse_upload(raw, name, crossing_ids)))
    except MemoryError:
        conn.send(("memory", None))
    except Exception as error:  # noqa: BLE001 - reported to the user as a problem
        conn.send(("error", f"{type(error).__name__}"))
    finally:
        conn.close()


def _empty() -> pd.DataFrame:
    from exodus.data import parse_upload

    return parse_upload(b"", "empty")[0]


def check_upload(raw: bytes, name: str, crossing_ids: set[str] | None = None, *,
                 time_limit: float = TIME_LIMIT, memory_cap: int = MEMORY_CAP) -> Checked:
    """:func:`exodus.data.parse_upload` in a child process; a problem if it runs too
    long, runs out of memory or dies."""
    started = time.perf_counter()
    context = _mp_context()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, raw, name, crossing_ids, memory_cap), daemon=True)
    child.start()
    send.close()
    outcome = None
    try:
        if receive.poll(time_limit):
            outcome = receive.recv()
    except (EOFError, OSError):
        outcome = None  # the child died before it could answer
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    seconds = time.perf_counter() - started
    if outcome is not None and outcome[0] == "ok":
        rows, problems = outcome[1]
        return Checked(rows, problems, seconds)
    if outcome is None and seconds >= time_limit:
        message = f"checking the file took longer than {time_limit:g} seconds and was stopped; try a smaller file"
    elif outcome is not None and outcome[0] == "memory":
        message = f"checking the file needed more than {memory_cap // 2**20} MiB of memory and was stopped; try a smaller file"
    else:
        message = "the file could not be checked (the checking process stopped unexpectedly); try again or a smaller file"
    return Checked(_empty(), [Problem(name, 0, "", message)], seconds)
