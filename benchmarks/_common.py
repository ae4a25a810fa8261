"""Helpers shared by the benchmark scripts: the app server, the browser, memory sampling.

Starting ``streamlit run`` on a free loopback port and launching headless Chromium come
from ``tests/browser.py`` so that tests and benchmarks run the app the same way.
"""

from __future__ import annotations

import statistics
import sys
import threading
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from browser import CHROMIUM, CHROMIUM_ARGS, browser, chromium_missing, running_app, wait_for_charts  # noqa: E402,F401

#: A Plotly chart that has drawn its SVG.
CHART = ".js-plotly-plot .main-svg"
VIEWPORT = {"width": 1400, "height": 1000}
MIB = 2**20


def _tree(pid: int) -> list[psutil.Process]:
    """A process and all its children; empty once it has exited."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _sum_over_tree(pid: int, measure) -> float:
    total = 0
    for proc in _tree(pid):
        try:
            total += measure(proc)
        except psutil.NoSuchProcess:  # a child that exited meanwhile
            pass
    return total


def tree_rss(pid: int) -> int:
    """Resident memory in bytes of a process and all its children."""
    return _sum_over_tree(pid, lambda proc: proc.memory_info().rss)


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its live children."""
    return _sum_over_tree(pid, lambda proc: sum(proc.cpu_times()[:2]))


class RssSampler:
    """Samples :func:`tree_rss` of ``pid`` every ``every`` seconds in a thread; keeps the peak."""

    def __init__(self, pid: int, every: float = 0.5):
        self.pid, self.every, self.peak, self.samples = pid, every, 0, 0
        self._stop = threading.Event()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self.samples += 1
            self._stop.wait(self.every)

    def __enter__(self) -> RssSampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss(self.pid))


def median(values) -> float:
    return statistics.median(values)


def percentile(values, q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def mib(n_bytes: float) -> str:
    return f"{n_bytes / MIB:,.0f} MiB"


def require_browser() -> None:
    """Exit with a message when Chromium or Playwright is missing."""
    missing = chromium_missing()
    if missing:
        sys.exit(f"cannot run: {missing}")


def machine() -> str:
    """CPU count and load average: figures mean little on a busy machine."""
    load = ", ".join(f"{x:.2f}" for x in psutil.getloadavg())
    return f"{psutil.cpu_count()} CPUs, {psutil.virtual_memory().total / 2**30:.1f} GiB RAM, load average {load}"
