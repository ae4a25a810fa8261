"""Checking a user's file in a separate process, with a time limit and a memory cap.

The Streamlit server runs every visitor's script in threads of one Python process, so a
check done on the script thread holds the interpreter while it parses and competes with
every other visitor's rerun. The charts and the table of the rows are built here as well
(:mod:`exodus.view.upload_preview`); the server only shows them. Here the check (:func:`exodus.data.load.parse_upload`, limits
included) runs in a child process forked from a small server process that has the
package imported already (multiprocessing's "forkserver"), so a check starts in tens of
milliseconds and the script thread only waits on a pipe. A child that runs longer than
:data:`TIME_LIMIT` is killed, and so is one whose resident memory grows by more than
:data:`MEMORY_CAP` (watched every :data:`POLL_EVERY` seconds; an address-space rlimit
does not work here, because the allocators preloaded with pandas and pyarrow reserve
far more address space than they use). Either way the user gets a problem in words,
never a traceback.

As with any multiprocessing start method but "fork", a script that calls
:func:`check_upload` at import time must guard it with ``if __name__ == "__main__"``;
Streamlit's own entry point does.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from dataclasses import dataclass

import pandas as pd

from exodus import config
from exodus.data.rows import Problem

TIME_LIMIT = config.UPLOAD_TIME_LIMIT  # a 2 MiB file at the row limit takes about 1 s
MEMORY_CAP = config.UPLOAD_MEMORY_CAP
NICENESS = config.UPLOAD_NICENESS
POLL_EVERY = 0.02  # seconds between two looks at the child's memory
_context_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None


@dataclass
class Checked:
    """What a check gave: the valid rows, the problems, and how long it took."""

    rows: pd.DataFrame
    problems: list[Problem]
    seconds: float
    preview: object = None  # exodus.view.upload_preview.Preview, when asked for and there are rows
    niceness: int | None = None  # the scheduling niceness the check ran at, when it started


def _mp_context():
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["__main__", "exodus.ops.upload_preload"])
            _context = context
        return _context


def start_in_background() -> None:
    """Start the forking process now, in a thread, so that the first upload does not pay
    for loading the package into it (seconds of CPU that other visitors would feel)."""
    from multiprocessing import forkserver

    def start() -> None:
        try:
            _mp_context()
            forkserver.ensure_running()
        except Exception:  # noqa: BLE001 - the first check starts it, or reports why not
            pass

    threading.Thread(target=start, name="exodus-upload-checker-start", daemon=True).start()


def _resident(pid: int | str = "self") -> int | None:
    """Resident memory of a process in bytes (Linux /proc), or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def _lower_priority(niceness: int) -> int:
    """Run this process at ``niceness`` (never higher priority than it has); returns the niceness now."""
    now = os.getpriority(os.PRIO_PROCESS, 0)
    if niceness > now:
        os.setpriority(os.PRIO_PROCESS, 0, niceness)
    return os.getpriority(os.PRIO_PROCESS, 0)


def _child(conn, raw: bytes, name: str, crossing_ids, preview: bool, lang: str = "en",
           niceness: int = NICENESS) -> None:
    try:
        conn.send(("started", _resident(), _lower_priority(niceness)))
        from exodus.data.load import parse_upload

        rows, problems = parse_upload(raw, name, crossing_ids)
        shown = None
        if preview and not rows.empty:
            from exodus.ops import upload_preload
            from exodus.view.upload_preview import build_preview, chart_base, portable

            from exodus import i18n

            with i18n.language(lang):  # the reader's language; the rows and their problems stay as checked
                shown = portable(build_preview(upload_preload.BASE or chart_base(), rows), rows)
        conn.send(("ok", (rows, problems, shown)))
    except MemoryError:
        conn.send(("memory", None))
    except Exception as error:  # noqa: BLE001 - reported to the user as a problem
        conn.send(("error", f"{type(error).__name__}"))
    finally:
        conn.close()


def _empty() -> pd.DataFrame:
    from exodus.data.load import parse_upload

    return parse_upload(b"", "empty")[0]


def check_upload(raw: bytes, name: str, crossing_ids: set[str] | None = None, *, preview: bool = False,
                 time_limit: float = TIME_LIMIT, memory_cap: int = MEMORY_CAP, lang: str = "en",
                 niceness: int = NICENESS) -> Checked:
    """:func:`exodus.data.load.parse_upload` in a child process; a problem if it runs too
    long, runs out of memory or dies. With ``preview``, the child also draws the rows
    (:func:`exodus.view.upload_preview.build_preview`, in ``lang``), so the server only shows them.
    The child runs at ``niceness``, so that on a machine with no idle core the other
    visitors' reruns in the server come first."""
    started = time.perf_counter()
    context = _mp_context()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, raw, name, crossing_ids, preview, lang, niceness),
                            daemon=True)
    child.start()
    send.close()
    outcome, baseline, over_memory, ran_at = None, None, False, None
    try:
        while (remaining := started + time_limit - time.perf_counter()) > 0:
            if receive.poll(min(POLL_EVERY, remaining)):
                message = receive.recv()
                if message[0] != "started":
                    outcome = message
                    break
                baseline, ran_at = message[1], message[2]
            resident = _resident(child.pid)
            if baseline is not None and resident is not None and resident - baseline > memory_cap:
                over_memory = True
                break
    except (EOFError, OSError):
        outcome = None  # the child died before it could answer
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    seconds = time.perf_counter() - started
    if outcome is not None and outcome[0] == "ok":
        rows, problems, shown = outcome[1]  # the preview's figures stay plain dicts (upload_preview)
        return Checked(rows, problems, seconds, shown, ran_at)
    if over_memory or (outcome is not None and outcome[0] == "memory"):
        message = f"checking the file needed more than {memory_cap // 2**20} MiB of memory and was stopped; try a smaller file"
    elif outcome is None and seconds >= time_limit:
        message = f"checking the file took longer than {time_limit:g} seconds and was stopped; try a smaller file"
    else:
        message = "the file could not be checked (the checking process stopped unexpectedly); try again or a smaller file"
    return Checked(_empty(), [Problem(name, 0, "", message)], seconds, niceness=ran_at)
