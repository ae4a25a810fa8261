"""A hung export browser is killed with all its processes, reaped and restarted; the
caller gets a message that says so, within the image's time limit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import plotly.graph_objects as go
import pytest

from exodus.export import images as export
from exodus.export.processes import kill_process_tree, reap_group

FIGURE = go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2]), layout=dict(title="t"))


def state_of(pid: int) -> str | None:
    """The process state letter (R, S, T, Z...), or None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def wait_for(condition, seconds: float = 5.0) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` pass; whether it held."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def group_members(pgid: int) -> list[int]:
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getpgid(int(entry)) == pgid:
                    members.append(int(entry))
            except OSError:
                pass
    return members


def browser_like_tree() -> tuple[subprocess.Popen, list[int]]:
    """A process leading its own group with one child in it, as Chromium and a helper;
    returns the leader and the group's members once both run."""
    leader = subprocess.Popen([sys.executable, "-c", "import subprocess, sys, time; "
                               "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); time.sleep(60)"],
                              start_new_session=True)
    deadline = time.monotonic() + 10
    while len(group_members(leader.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    members = group_members(leader.pid)
    assert len(members) == 2
    return leader, members


def test_kill_process_tree_kills_children_and_reap_leaves_no_zombie():
    leader, members = browser_like_tree()
    kill_process_tree(leader.pid)
    leader.wait(5)
    reap_group(leader.pid)
    time.sleep(0.2)
    assert [state_of(pid) for pid in members if state_of(pid) not in (None, "Z")] == []
    assert state_of(leader.pid) is None  # reaped, not a zombie


@pytest.mark.browser
def test_a_hung_browser_is_killed_reaped_and_restarted():
    exporter = export.StaticExporter(image_timeout=3)
    if exporter.missing():
        pytest.skip(f"no browser: {exporter.missing()}")
    try:
        assert exporter.to_png(FIGURE)[:8] == b"\x89PNG\r\n\x1a\n"
        pid = exporter.browser_pid()
        processes = group_members(pid)
        assert pid in processes and len(processes) > 1  # Chromium and its helpers
        os.killpg(pid, signal.SIGSTOP)  # the browser hangs: it answers nothing any more
        started = time.monotonic()
        with pytest.raises(export.ExportTimedOut, match="took longer than 3 seconds.*HTML.*CSV"):
            exporter.to_png(FIGURE)
        assert time.monotonic() - started < 3 + 8  # the time limit plus the kill, not kaleido's own minute
        assert exporter.kills == 1
        time.sleep(0.5)
        assert [p for p in processes if state_of(p) not in (None, "Z")] == []  # every process of the old browser is gone
        assert state_of(pid) is None  # and the leader reaped
        assert "took longer than" in exporter.recent_problem()
        assert exporter.to_png(FIGURE)[:8] == b"\x89PNG\r\n\x1a\n"  # a fresh browser serves the next image
        assert exporter.browser_pid() != pid
    finally:
        exporter.close()


def test_kill_process_tree_follows_children_into_their_own_groups():
    """A helper that left the browser's process group is still found through /proc and killed."""
    leader = subprocess.Popen([sys.executable, "-c", "import subprocess, sys, time; "
                               "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'], start_new_session=True); "
                               "time.sleep(60)"], start_new_session=True)
    from exodus.export.processes import _children_of

    deadline = time.monotonic() + 10
    while not _children_of().get(leader.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leader.pid in _children_of()[os.getpid()]
    (helper,) = _children_of()[leader.pid]
    assert os.getpgid(helper) != leader.pid
    kill_process_tree(leader.pid)
    leader.wait(5)
    deadline = time.monotonic() + 5
    while state_of(helper) not in (None, "Z") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert state_of(helper) in (None, "Z")


class _StandIn:
    """What the exporter keeps of a running kaleido: the browser's process."""

    def __init__(self, process):
        self.subprocess = process


def test_kill_browser_kills_the_tree_reaps_it_stops_the_loop_and_forgets_the_browser():
    """The supervision without Chromium: a process tree stands in for the browser and a
    running event loop for kaleido's."""
    import asyncio
    import threading

    leader, members = browser_like_tree()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    exporter = export.StaticExporter()
    assert exporter.browser_pid() is None and exporter.kills == 0
    exporter._kaleido, exporter._loop, exporter._thread = _StandIn(leader), loop, thread
    assert exporter.browser_pid() == leader.pid
    exporter.kill_browser()
    assert exporter.kills == 1
    assert exporter.browser_pid() is None and exporter._loop is None and exporter._thread is None
    assert leader.returncode == -signal.SIGKILL  # waited for
    time.sleep(0.2)
    assert [state_of(pid) for pid in members if state_of(pid) not in (None, "Z")] == []
    assert state_of(leader.pid) is None  # reaped, not a zombie
    assert not thread.is_alive() and loop.is_closed()
    exporter.kill_browser()  # nothing left to kill: no error, not counted
    assert exporter.kills == 1


def test_kill_browser_without_a_process_or_loop_only_forgets_the_browser():
    import asyncio

    exporter = export.StaticExporter()
    exporter._kaleido = _StandIn(None)
    assert exporter.browser_pid() is None
    exporter.kill_browser()
    assert exporter.kills == 1 and exporter._kaleido is None
    exporter._kaleido = object()  # a kaleido that never had a browser process
    assert exporter.browser_pid() is None
    exporter.kill_browser()
    assert exporter.kills == 2  # each kill counted
    loop = asyncio.new_event_loop()  # a loop whose thread never started
    exporter._kaleido, exporter._loop = _StandIn(None), loop
    exporter.kill_browser()
    assert loop.is_closed() and exporter.kills == 3


def test_children_are_found_whatever_their_process_name(tmp_path):
    """/proc/PID/stat puts the name in brackets, and a name may hold ``)`` itself."""
    from exodus.export.processes import _children_of
    import shutil

    found = []
    for name in ("a) b) c", "сон) ё"):  # brackets, and a name that is not ASCII
        odd = tmp_path / name
        shutil.copy("/bin/sleep", odd)
        child = subprocess.Popen([str(odd), "30"])
        try:
            wait_for(lambda: state_of(child.pid) is not None)
            found.append(child.pid in _children_of().get(os.getpid(), []))
        finally:
            child.kill()
            child.wait(5)
    assert found == [True, True]


def test_a_process_gone_before_its_stat_is_read_does_not_end_the_walk(monkeypatch):
    from exodus.export import processes

    listed = os.listdir
    monkeypatch.setattr(processes.os, "listdir", lambda path: ["999999999", *listed(path)])  # no such process
    assert os.getpid() in processes._children_of().get(os.getppid(), [])


def _zombie(pid: int) -> None:
    """Wait until ``pid`` has died and waits to be reaped."""
    assert wait_for(lambda: state_of(pid) == "Z")


def test_reap_group_collects_every_child_of_ours_left_in_the_killed_group():
    """Helpers orphaned in a container become the server's own children, in the browser's
    group: killed, they stay zombies until reaped."""
    leader = subprocess.Popen(["sleep", "60"], process_group=0)  # a group of its own, as the browser's
    member = subprocess.Popen(["sleep", "60"], process_group=leader.pid)
    os.killpg(leader.pid, signal.SIGKILL)
    _zombie(leader.pid)
    _zombie(member.pid)
    reap_group(leader.pid)
    assert state_of(leader.pid) is None and state_of(member.pid) is None


def test_reap_group_gives_up_after_its_wait_on_a_group_still_running():
    leader = subprocess.Popen(["sleep", "60"], start_new_session=True)
    try:
        started = time.monotonic()
        reap_group(leader.pid, wait=0.3)
        assert 0.3 <= time.monotonic() - started < 1.0  # polled every 50 ms, not once a second
        assert state_of(leader.pid) not in (None, "Z")  # still running, left alone
    finally:
        leader.kill()
        leader.wait(5)
