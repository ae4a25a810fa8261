"""Time and memory of the estimator on a synthetic set of reports that are all true.

Run: ``.venv/bin/python benchmarks/bench_estimate.py [repeats] [series]``. Prints figures
(best and median wall time of the repeats, the CPU time of this process beside it, peak
resident memory from the kernel's high-water mark where Linux allows it); asserts
nothing. On a machine shared with other work the wall time follows the load; the CPU
time much less so. ``bench_estimate.py shipped`` times range estimates of the shipped
data instead: the first, then 20 other ranges.
Each series is 350 days of a smooth true flow, reported as a daily figure on every day
(70 % exact, the rest "about", "at least", "up to" or a range, each true of the flow),
plus 4 weekly totals and a chain of 3 restated running totals: 357 rows a series. The
default 2,800 series make 999,600 rows; a smaller ``series`` gives a quicker run.
Every run starts with an empty estimate cache, so each repeat solves every series.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import RssSampler  # noqa: E402
from exodus.derive import estimate# noqa: E402

DAYS, TOTALS, CHAIN = 350, 4, 3
FIRST_DAY = np.datetime64("2022-01-01", "D")
QUALIFIERS = np.array(["exact", "about", "at_least", "at_most", "range"], dtype=object)


def synthetic_reports(n_series: int = 2800, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = []
    for s in range(n_series):
        truth = np.round(2000 + 1500 * np.sin(np.arange(DAYS) / (15 + s % 20) + s) + rng.integers(0, 300, DAYS))
        q = QUALIFIERS[rng.choice(5, DAYS, p=[0.7, 0.15, 0.07, 0.03, 0.05])]
        value = np.select([q == "about", q == "at_least", q == "at_most", q == "range"],
                          [np.round(truth * 1.02), np.round(truth * 0.9), np.round(truth * 1.1), np.round(truth * 0.95)], truth)
        high = np.where(q == "range", np.round(truth * 1.05), np.nan)
        week = rng.integers(0, DAYS // 7, TOTALS) * 7
        chain_start = int(rng.integers(0, DAYS - 7 * CHAIN))
        chain_end = chain_start + 7 * np.arange(1, CHAIN + 1) - 1
        starts = np.concatenate([np.arange(DAYS), week, np.full(CHAIN, chain_start)])
        ends = np.concatenate([np.arange(DAYS), week + 6, chain_end])
        sums = np.r_[0, np.cumsum(truth)]
        parts.append(pd.DataFrame({
            "series": s, "s": starts, "e": ends,
            "measure": ["daily"] * DAYS + ["period_total"] * TOTALS + ["cumulative"] * CHAIN,
            "value": np.concatenate([value, sums[ends[DAYS:] + 1] - sums[starts[DAYS:]]]),
            "value_high": np.concatenate([high, np.full(TOTALS + CHAIN, np.nan)]),
            "qualifier": np.concatenate([q, np.full(TOTALS + CHAIN, "exact", dtype=object)]),
        }))
    frame = pd.concat(parts, ignore_index=True)
    n = len(frame)
    return pd.DataFrame({
        "id": [f"b-{i:07d}" for i in range(n)],
        "period_start": (FIRST_DAY + frame["s"].to_numpy()).astype("datetime64[ns]"),
        "period_end": (FIRST_DAY + frame["e"].to_numpy()).astype("datetime64[ns]"),
        "destination_iso3": "GEO",
        "crossing_id": [f"crossing-{i:04d}" for i in frame["series"]],
        "population": "russian_citizens", "metric": "arrivals", "measure": frame["measure"], "unit": "people",
        "value": frame["value"].astype(float), "value_high": frame["value_high"], "qualifier": frame["qualifier"],
        "reporting_body": "synthetic border service",
    })


def _high_water() -> int | None:
    """The kernel's peak resident memory of this process in bytes (Linux), or None."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return None


def _reset_high_water() -> bool:
    """Start the kernel's peak over from the present size (Linux 4.0 on); False if not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def main(repeat: int = 3, n_series: int = 2800) -> None:
    reports = synthetic_reports(n_series)
    gc.collect()
    before = psutil.Process().memory_info().rss
    print(f"input rows:           {len(reports):>12,} ({n_series:,} series)")
    timings, peaks = [], []
    # Peak memory: the kernel's high-water mark, restarted before each repeat (exact, and
    # no sampling thread competing with the run); a sampler where the kernel does not allow it.
    exact = _reset_high_water() and _high_water() is not None
    with RssSampler(os.getpid(), every=0.05) if not exact else nullcontext() as rss:
        for _ in range(repeat):
            estimate.clear_cache()
            gc.collect()
            _reset_high_water()
            t0, c0 = time.perf_counter(), time.process_time()
            result = estimate.fit(reports)
            daily = estimate.estimate_daily(result)
            t1, c1 = time.perf_counter(), time.process_time()
            totals = estimate.estimate_totals(result, "2022-03-01", "2022-09-30")
            t2, c2 = time.perf_counter(), time.process_time()
            again = estimate.estimate_totals(estimate.fit(reports), "2022-04-01", "2022-10-31")
            t3, c3 = time.perf_counter(), time.process_time()
            timings.append((t1 - t0, t2 - t1, t3 - t2, c1 - c0, c2 - c1, c3 - c2))
            if exact:
                peaks.append(_high_water())
            conflicts = len(result.conflicts)
            n_daily, n_totals = len(daily), len(totals)
            del result, daily, totals, again  # the next repeat starts from the input alone
    print(f"daily rows:           {n_daily:>12,}; total rows {n_totals:,}; conflicts {conflicts:,}")
    for label, column in (("fit + daily", 0), ("range totals", 1), ("another range, cached", 2)):
        runs = sorted(t[column] for t in timings)
        cpu = sorted(t[column + 3] for t in timings)
        print(f"{label + ':':<24} {runs[0]:>9.3f} s best, {runs[len(runs) // 2]:.3f} s median of {repeat}; "
              f"CPU {cpu[0]:.3f} s best")
    print(f"per series (fit + daily): {1000 * sorted(t[0] for t in timings)[0] / n_series:.2f} ms "
          f"({1000 * sorted(t[3] for t in timings)[0] / n_series:.2f} ms CPU)")
    peak = max(peaks) if exact else rss.peak
    how = "kernel high-water mark, largest repeat" if exact else "sampled every 50 ms"
    print(f"peak RSS:             {peak / 2**20:>12,.0f} MiB (+{(peak - before) / 2**20:,.0f} MiB over input; {how})")
    print(f"CPUs: {psutil.cpu_count()}, load average: {', '.join(f'{x:.2f}' for x in psutil.getloadavg())}")


def shipped(ranges: int = 20) -> None:
    """Range estimates of the shipped data: the first call (every series solved), then
    ``ranges`` other ranges of whole months between 2022 and 2024, which solve nothing."""
    from exodus.data.load import load_departures

    reports = load_departures()
    estimate.clear_cache()
    t0 = time.perf_counter()
    first = estimate.estimate_totals(reports, "2022-09-21", "2022-10-31")
    first_s = time.perf_counter() - t0
    rng = np.random.default_rng(2)
    months = pd.period_range("2022-01", "2024-12", freq="M")
    times = []
    for _ in range(ranges):
        a, b = sorted(rng.choice(len(months), 2, replace=False))
        t0 = time.perf_counter()
        estimate.estimate_totals(reports, months[a].start_time, months[b].end_time)
        times.append(time.perf_counter() - t0)
    times.sort()
    print(f"shipped data:         {len(reports):>12,} rows; first range {first_s:.2f} s ({len(first)} series in it)")
    print(f"another range:        median {1000 * times[len(times) // 2]:.1f} ms, slowest {1000 * times[-1]:.1f} ms "
          f"of {ranges} ranges")


if __name__ == "__main__":
    if sys.argv[1:2] == ["shipped"]:
        shipped()
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 3, int(sys.argv[2]) if len(sys.argv) > 2 else 2800)
