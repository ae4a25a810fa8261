"""The largest chart message an upload can make, and the memory it takes to build it.

Run from the repository root:
    .venv/bin/python benchmarks/bench_payload.py [--case worst|long-row] [--root PATH]

A chart message is what Streamlit sends for one ``st.plotly_chart``: the figure as
``plotly.io.to_json(fig, validate=False)``. ``--case worst`` builds every generated upload
at the edge of the limits (tests/uploads.py: 1,000 rows spanning the whole allowed
period, each measure, the characters that grow most when escaped, on a country and on a
crossing, fitted to the 2 MiB size limit) and prints the largest message of the upload
preview (map and timeline). ``--case long-row`` is one daily row from 2000-01-01 to
2025-12-31 with 2,000-character texts: before the upload limits and the payload bound it
made a 40 MB timeline; now the span limit refuses it. ``--root`` imports the package
from another checkout (for figures before a change; there, run only ``long-row``: the
worst case would build millions of points). Peak memory is this process's peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def long_row() -> bytes:
    """The long-row file in the columns of the imported package (this checkout's tests
    would put this checkout's package first)."""
    import csv
    import io

    from exodus.data import schema

    values = {
        "id": "m22-kaz-001", "period_start": "2000-01-01", "period_end": "2025-12-31", "reported_on": "2026-01-01",
        "destination_iso3": "KAZ", "population": "russian_citizens", "metric": "arrivals", "measure": "daily",
        "unit": "people", "value": "100", "qualifier": "exact", "reporting_body": "B" * 2000, "source_publisher": "P" * 2000,
        "source_url": "https://example.org/kazakhstan-98000", "source_title": "Russians enter Kazakhstan", "language": "en",
        "wave": "mobilization_2022", "notes": "test row", "source_type": "original",
    }
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(schema.columns("departures"))
    writer.writerow([values.get(c, "") for c in schema.columns("departures")])
    return out.getvalue().encode("utf-8")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", choices=["worst", "long-row"], default="worst")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    sys.path.insert(0, str(args.root))
    import plotly.io as pio

    from exodus.derive import filters as flt
    from exodus.view import report
    from exodus.data.load import load_all, parse_upload
    from exodus.data.geo import load_countries
    from exodus.charts.map_chart import map_base

    base = load_all(args.root / "data")
    base["map_base"] = map_base(load_countries(), base["crossings"])
    if args.case == "long-row":
        cases = {"one daily row 2000-2025, 2,000-character texts": long_row()}
    else:
        sys.path.insert(1, str(ROOT / "tests"))  # after --root: conftest must not put this checkout first
        from uploads import HEAVY_CHARACTERS, fit_to_size, worst_rows

        cases = {f"{measure}, {name}{', on a crossing' if crossing else ''}":
                 fit_to_size(worst_rows(measure=measure, character=char, crossing=crossing))
                 for measure in ("daily", "period_total", "cumulative", "stock")
                 for name, char in HEAVY_CHARACTERS.items() for crossing in ("", "verkhny-lars")}
    print(f"serving package from {args.root}; idle peak RSS {peak_mib():.0f} MiB")
    largest = (0, "")
    for label, raw in cases.items():
        began = time.perf_counter()
        rows, problems = parse_upload(raw, "upload.csv", set(base["crossings"]["id"]))
        if rows.empty:
            print(f"{label}: {len(raw):,} bytes, refused: {problems[0].message if problems else 'no rows'}")
            continue
        state = flt.Filters(rows["period_start"].min().date(), rows["period_end"].max().date(), flt.CUSTOM)
        own = dict(base, departures=rows)
        sizes = {c.slug: len(pio.to_json(c.figure, validate=False).encode("utf-8"))
                 for c in (report.map_chart(own, state), report.timeline_chart(own, state))}
        print(f"{label}: {len(raw):,} bytes, {len(rows):,} rows -> " + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sizes.items())
              + f" ({time.perf_counter() - began:.1f} s)")
        largest = max(largest, (max(sizes.values()), label))
    print(f"largest chart message: {largest[0] / 1e6:.2f} MB ({largest[1]}); target < 5 MB")
    print(f"peak RSS of this process: {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
