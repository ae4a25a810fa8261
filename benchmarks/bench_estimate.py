"""Time and memory of the estimation step on a synthetic million-row set of reports.

Run: ``.venv/bin/python benchmarks/bench_estimate.py [repeats]``. Prints figures (best and
median wall time of the repeats, peak resident memory); asserts nothing.
The set: 40 crossings x 70 population/metric series x 350 days of daily checkpoint
records, plus weekly period totals and chains of weekly restated cumulative totals
laid over the same series, 1,000,000 rows in all.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import RssSampler  # noqa: E402
from exodus.estimate import estimate_daily, estimate_totals  # noqa: E402

CROSSINGS, POPULATIONS, METRICS, DAYS = 40, 7, 10, 350
PERIOD_TOTALS, CHAINS, CHAIN_LENGTH = 10_000, 1_000, 10
FIRST_DAY = np.datetime64("2022-01-01", "D")
QUALIFIERS = np.array(["exact", "about", "at_least", "at_most", "range"])


def synthetic_reports(seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n_series = CROSSINGS * POPULATIONS * METRICS
    series = np.arange(n_series)
    crossing, rest = divmod(series, POPULATIONS * METRICS)
    population, metric = divmod(rest, METRICS)

    # daily records: every series, every day
    d_series = np.repeat(series, DAYS)
    d_start = np.tile(np.arange(DAYS), n_series)
    d_end = d_start
    n_daily = len(d_series)
    d_measure = np.full(n_daily, "daily", dtype=object)

    # weekly period totals laid over random series and weeks
    p_series = rng.integers(0, n_series, PERIOD_TOTALS)
    p_start = rng.integers(0, DAYS // 7, PERIOD_TOTALS) * 7
    p_end = p_start + 6

    # chains of cumulative totals restated every week by one body
    c_series = np.repeat(rng.integers(0, n_series, CHAINS), CHAIN_LENGTH)
    c_start = np.repeat(rng.integers(0, DAYS - 7 * CHAIN_LENGTH, CHAINS), CHAIN_LENGTH)
    c_end = c_start + 7 * np.tile(np.arange(1, CHAIN_LENGTH + 1), CHAINS) - 1

    s = np.concatenate([d_series, p_series, c_series])
    start = np.concatenate([d_start, p_start, c_start])
    end = np.concatenate([d_end, p_end, c_end])
    n = len(s)
    measure = np.concatenate([d_measure, np.full(PERIOD_TOTALS, "period_total", dtype=object),
                              np.full(CHAINS * CHAIN_LENGTH, "cumulative", dtype=object)])
    days = end - start + 1
    value = rng.integers(100, 5_000, n) * np.where(measure == "daily", 1, days)
    value = value.astype(float)
    cum = measure == "cumulative"
    value[cum] = np.cumsum(value[cum].reshape(CHAINS, CHAIN_LENGTH), axis=1).ravel()
    qualifier = QUALIFIERS[rng.choice(5, n, p=[0.7, 0.15, 0.07, 0.03, 0.05])]
    value_high = np.where(qualifier == "range", value * 1.2, np.nan)
    crossings = np.array([f"crossing-{i:02d}" for i in range(CROSSINGS)], dtype=object)
    countries = np.array(["GEO", "KAZ", "FIN", "MNG", "EST", "NOR", "LVA", "AZE"], dtype=object)
    populations = np.array([f"population_{i}" for i in range(POPULATIONS)], dtype=object)
    metrics = np.array([f"metric_{i}" for i in range(METRICS)], dtype=object)
    return pd.DataFrame({
        "id": pd.array([f"b-{i:07d}" for i in range(n)], dtype="str"),
        "period_start": (FIRST_DAY + start).astype("datetime64[ns]"),
        "period_end": (FIRST_DAY + end).astype("datetime64[ns]"),
        "destination_iso3": pd.array(countries[crossing[s] % len(countries)], dtype="str"),
        "crossing_id": pd.array(crossings[crossing[s]], dtype="str"),
        "population": pd.array(populations[population[s]], dtype="str"),
        "metric": pd.array(metrics[metric[s]], dtype="str"),
        "measure": pd.array(measure, dtype="str"),
        "unit": pd.array(np.full(n, "people", dtype=object), dtype="str"),
        "value": value,
        "value_high": value_high,
        "qualifier": pd.array(qualifier.astype(object), dtype="str"),
        "reporting_body": pd.array(np.full(n, "synthetic border service", dtype=object), dtype="str"),
    })


def main(repeat: int = 3) -> None:
    reports = synthetic_reports()
    before = psutil.Process().memory_info().rss
    print(f"input rows:           {len(reports):>12,}")
    print(f"RSS with input built: {before / 2**20:>12,.0f} MiB")
    timings = []
    with RssSampler(os.getpid(), every=0.002) as rss:
        for _ in range(repeat):
            t0 = time.perf_counter()
            daily = estimate_daily(reports)
            t1 = time.perf_counter()
            totals = estimate_totals(daily, "2022-01-01", "2022-12-31")
            t2 = time.perf_counter()
            timings.append((t1 - t0, t2 - t1, t2 - t0))
            del daily, totals
    daily = estimate_daily(reports)
    totals = estimate_totals(daily, "2022-01-01", "2022-12-31")
    print(f"daily rows:           {len(daily):>12,}")
    print(f"total rows:           {len(totals):>12,}")
    print(f"reports not used:     {len(daily.attrs['not_used']):>12,}")
    for label, column in (("estimate_daily", 0), ("estimate_totals", 1), ("both", 2)):
        runs = sorted(t[column] for t in timings)
        print(f"{label + ':':<21} {runs[0]:>12.3f} s best, {runs[len(runs) // 2]:.3f} s median of {repeat}")
    print(f"peak RSS:             {rss.peak / 2**20:>12,.0f} MiB (+{(rss.peak - before) / 2**20:,.0f} MiB over input)")
    print(f"CPUs: {psutil.cpu_count()}, load average: {', '.join(f'{x:.2f}' for x in psutil.getloadavg())}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
