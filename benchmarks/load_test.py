"""Bounded load test on loopback: many browser sessions changing the period at once.

Run from the repository root:
    .venv/bin/python benchmarks/load_test.py [--sessions 20] [--seconds 60]

Starts the dashboard and one headless Chromium with ``--sessions`` contexts, half on the
map page and half on the timelines page. Once every session has drawn its first chart,
each one picks the next period preset in the sidebar again and again for ``--seconds``
seconds. A rerun's latency is the time from choosing the preset until the first chart
holds new data and Streamlit shows nothing stale or running any more. Prints reruns,
errors (page exceptions, ``st.exception`` elements, timeouts), p50/p95 latency and the
server's peak resident memory, sampled every 0.5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter

import psutil

from _common import (CHART, CHROMIUM, CHROMIUM_ARGS, VIEWPORT, RssSampler, machine, mib, percentile, require_browser,
                     running_app, tree_cpu)

from exodus.derive.filters import PRESETS

ORDER = list(PRESETS)  # mobilization, crocus, invasion, all
PAGES = ["/", "/timelines"]
RERUN_TIMEOUT = 30_000  # ms
LOAD_TIMEOUT = 300_000  # ms: twenty first loads at once on two cores take a while

#: True once the first chart's data is not the one remembered and the rerun is over.
UPDATED = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    return !!plot && plot.data !== window.__before
        && !document.querySelector('[data-stale="true"]')
        && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]');
}"""
REMEMBER = "() => { window.__before = document.querySelector('.js-plotly-plot').data; }"


class Session:
    """One browser context on one page, changing the period until the deadline."""

    def __init__(self, index: int, base_url: str, chromium, errors: Counter, latencies: list[float]):
        self.index, self.base_url, self.chromium = index, base_url, chromium
        self.errors, self.latencies = errors, latencies
        self.step = index % len(ORDER)

    def url(self) -> str:
        return f"{self.base_url}{PAGES[self.index % len(PAGES)]}?preset={ORDER[self.step]}"

    async def open(self) -> None:
        self.context = await self.chromium.new_context(viewport=VIEWPORT)
        self.page = await self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.update(["page exception"]))
        await self.load()

    async def load(self) -> None:
        await self.page.goto(self.url(), wait_until="commit")
        await self.page.wait_for_selector(CHART, timeout=LOAD_TIMEOUT)

    async def change_period(self) -> None:
        """Choose the next preset in the sidebar and time the rerun it causes."""
        self.step = (self.step + 1) % len(ORDER)
        await self.page.evaluate(REMEMBER)
        await self.page.get_by_role("combobox", name="Period").click()
        option = self.page.get_by_role("option", name=PRESETS[ORDER[self.step]][0])
        began = time.perf_counter()
        await option.click()
        await self.page.wait_for_function(UPDATED, timeout=RERUN_TIMEOUT, polling=50)
        self.latencies.append(time.perf_counter() - began)
        if await self.page.locator('[data-testid="stException"]').count():
            self.errors.update(["st.exception shown"])

    async def run_until(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            try:
                await self.change_period()
            except Exception as error:  # a timeout or a vanished element: count it, reload, go on
                kind = "timeout" if "Timeout" in type(error).__name__ else f"client error ({type(error).__name__})"
                self.errors.update([kind])
                if time.monotonic() < deadline:
                    await self.load()

    async def close(self) -> None:
        await self.context.close()


async def load_test(base_url: str, server_pid: int, sessions: int, seconds: float) -> dict:
    """Open the sessions, let them all change periods for ``seconds``.

    Returns the latencies, the errors, how long the first loads took, and the CPU seconds
    per second the server and the browser used during the period changes.
    """
    from playwright.async_api import async_playwright

    errors, latencies = Counter(), []
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            crowd = [Session(i, base_url, chromium, errors, latencies) for i in range(sessions)]
            began = time.perf_counter()
            await asyncio.gather(*(s.open() for s in crowd))
            loaded = time.perf_counter() - began
            clients = [c.pid for c in psutil.Process().children() if c.pid != server_pid]  # Playwright driver, Chromium
            cpu_before = tree_cpu(server_pid), sum(map(tree_cpu, clients))
            began = time.monotonic()
            deadline = began + seconds
            await asyncio.gather(*(s.run_until(deadline) for s in crowd))
            elapsed = time.monotonic() - began  # longer than ``seconds``: the last reruns finish
            cpu = tree_cpu(server_pid) - cpu_before[0], sum(map(tree_cpu, clients)) - cpu_before[1]
            await asyncio.gather(*(s.close() for s in crowd))
        finally:
            await chromium.close()
    return {"latencies": latencies, "errors": errors, "loaded": loaded, "server_cpu": cpu[0] / elapsed, "browser_cpu": cpu[1] / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions (default 20)")
    parser.add_argument("--seconds", type=float, default=60, help="how long the sessions change periods (default 60)")
    args = parser.parse_args()
    require_browser()
    print(f"machine: {machine()}")
    with running_app() as (url, proc), RssSampler(proc.pid, every=0.5) as rss:
        result = asyncio.run(load_test(url, proc.pid, args.sessions, args.seconds))
    latencies, errors = result["latencies"], result["errors"]
    print(f"{args.sessions} sessions ({args.sessions - args.sessions // 2} map, {args.sessions // 2} timelines), "
          f"first charts of all drawn in {result['loaded']:.1f} s, then {args.seconds:.0f} s of period changes")
    print(f"reruns completed:  {len(latencies)} ({len(latencies) / args.seconds:.1f} per s)")
    print(f"errors:            {sum(errors.values())}" + (f"  ({', '.join(f'{k}: {n}' for k, n in errors.items())})" if errors else "")
          + "  (target 0)")
    print(f"rerun latency:     p50 {percentile(latencies, 50):.2f} s, p95 {percentile(latencies, 95):.2f} s, "
          f"max {max(latencies, default=float('nan')):.2f} s  (target p95 < 1 s)")
    print(f"CPU during the period changes: server {result['server_cpu']:.2f} cores, "
          f"browser {result['browser_cpu']:.2f} cores (of {psutil.cpu_count()})")
    print(f"server peak RSS:   {mib(rss.peak)} ({rss.samples} samples, every 0.5 s)")
    print(f"machine at the end: {machine()}")


if __name__ == "__main__":
    main()
