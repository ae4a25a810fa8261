"""Killing a process with everything it started, and reaping what is left.

Used to stop a hung export browser: Chromium runs as the leader of its own process
group with renderer, GPU and helper processes below it. When the server runs as the
first process of a container, orphaned helpers become its children, so their exit status
is collected here too, and no zombie stays behind.
"""

from __future__ import annotations

import os
import signal
import time


def _children_of() -> dict[int, list[int]]:
    """Parent pid -> child pids of every process visible in /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    return children


def kill_process_tree(pid: int) -> None:
    """SIGKILL a process, everything below it and its process group (Chromium's
    renderer and helper processes). Never raises."""
    tree = _children_of()
    doomed, todo = [], [pid]
    while todo:
        current = todo.pop()
        doomed.append(current)
        todo.extend(tree.get(current, []))
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    for victim in doomed:
        try:
            os.kill(victim, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass


def reap_group(pgid: int, wait: float = 2.0) -> None:
    """Collect the exit status of our children in a killed process group, so none stays
    a zombie (helpers orphaned inside a container become children of the server)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-pgid, os.WNOHANG)
        except ChildProcessError:
            return  # none of our children is left in that group
        if pid == 0:
            time.sleep(0.05)
