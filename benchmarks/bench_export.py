"""How long each export format takes for figures the size of the dashboard's.

Run from the repository root:  .venv/bin/python benchmarks/bench_export.py

For every figure and format it prints the first call (the very first image call also
starts the browser) and the median of 5 further calls, plus the output size. The figures
go through the export path the dashboard uses (:func:`exodus.export.files.files`), as
charts of a view; ``--size article`` times the 680 px images instead.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exodus.derive import filters as flt  # noqa: E402
from exodus.export.bundle import bundle_zip  # noqa: E402
from exodus.export.files import files  # noqa: E402
from exodus.export.images import StaticExporter  # noqa: E402
from exodus.export.spreadsheet import safe_csv  # noqa: E402
from exodus.view.chart import Chart, View  # noqa: E402

START, END = "2022-09-21", "2023-04-08"
SOURCES = ["UNHCR", "Frontex", "Georgia Ministry of Internal Affairs", "Kazakhstan Border Service",
           "Finnish Border Guard", "Mongolia Immigration Agency"]
WARM_RUNS = 5


def map_like_figure(polygons: int = 25, points: int = 300) -> go.Figure:
    """Filled x/y polygons with ragged outlines, like projected country shapes."""
    rng = np.random.default_rng(7)
    fig = go.Figure()
    for i in range(polygons):
        cx, cy = (i % 5) * 10.0, (i // 5) * 8.0
        angle = np.linspace(0, 2 * math.pi, points)
        radius = 3 + 0.6 * np.sin(5 * angle + i) + rng.normal(0, 0.15, points)
        x, y = cx + radius * np.cos(angle), cy + 0.8 * radius * np.sin(angle)
        fig.add_trace(go.Scatter(x=np.append(x, x[0]), y=np.append(y, y[0]), fill="toself", mode="lines",
                                 line=dict(width=0.7, color="#555555"), name=f"country {i + 1}",
                                 fillcolor=f"rgba({40 + 8 * i}, {90 + 4 * i}, 170, 0.85)",
                                 hoverinfo="text", text=f"country {i + 1}"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    return fig.update_layout(showlegend=False)


def timeline_figure(days: int = 200) -> go.Figure:
    dates = pd.date_range(START, periods=days, freq="D")
    rng = np.random.default_rng(3)
    values = np.abs(np.cumsum(rng.normal(0, 400, days))) + 500
    return go.Figure(go.Scatter(x=dates, y=values, mode="lines+markers", name="arrivals per day"),
                     layout=dict(xaxis_title="Date", yaxis_title="People per day"))


def timed(call) -> tuple[float, bytes]:
    began = time.perf_counter()
    result = call()
    return time.perf_counter() - began, result


def chart(slug: str, fig: go.Figure, title: str, table: pd.DataFrame) -> Chart:
    span = (pd.Timestamp(START).date(), pd.Timestamp(END).date())
    return Chart(slug, fig, title=title, subtitle="", caption="", alt=title, sources=tuple(SOURCES), table=table,
                 csv_name=slug, span=span)


def main() -> None:
    size = sys.argv[sys.argv.index("--size") + 1] if "--size" in sys.argv else "standard"
    table = pd.DataFrame({"date": pd.date_range(START, periods=200, freq="D").date.astype(str),
                          "destination": ["KAZ", "GEO", "FIN", "MNG"] * 50,
                          "people": np.arange(200) * 37 - 500})
    charts = {
        "map (25 polygons x 300 points)": chart("map", map_like_figure(), "Reported arrivals by destination", table),
        "timeline (200 points)": chart("timeline", timeline_figure(), "Reported arrivals per day", table),
    }
    state = flt.Filters(pd.Timestamp(START).date(), pd.Timestamp(END).date(), flt.CUSTOM)
    view = View(state, tuple(charts.values()), figures=table, events=table.iloc[:0])
    exporter = StaticExporter()
    print(f"kaleido {version('kaleido')}, plotly {version('plotly')}, browser {exporter.browser_path() or 'none'}, size {size}")
    formats = ["html"]
    if exporter.browser_available():
        formats = ["png", "svg", "html"]
    else:
        print(f"PNG/SVG skipped: {exporter.missing()}")

    rows = []
    with exporter:
        for name, one in charts.items():
            for fmt in formats:
                render = lambda: files(one, [fmt], exporter, sizes=[size])[0].data  # noqa: E731
                starts_browser = fmt in ("png", "svg") and not exporter.running
                first, output = timed(render)
                warm = [timed(render)[0] for _ in range(WARM_RUNS)]
                rows.append((name, fmt, first, starts_browser, statistics.median(warm), len(output)))
        first, output = timed(lambda: safe_csv(table))
        warm = [timed(lambda: safe_csv(table))[0] for _ in range(WARM_RUNS)]
        rows.append(("table (200 rows)", "csv", first, False, statistics.median(warm), len(output)))
        if exporter.browser_available():
            bundle = lambda: bundle_zip(files(view, ["png", "svg", "html", "csv"], exporter, sizes=[size]))  # noqa: E731
            first, output = timed(bundle)
            warm = [timed(bundle)[0] for _ in range(WARM_RUNS)]
            rows.append(("everything", "zip", first, False, statistics.median(warm), len(output)))
        launches = exporter.launches

    print(f"\n{'figure':<32} {'format':<6} {'first s':>9} {'warm median s':>14} {'size KiB':>9}")
    for name, fmt, first, started, warm, size in rows:
        mark = "*" if started else " "
        print(f"{name:<32} {fmt:<6} {first:>8.3f}{mark} {warm:>14.3f} {size / 1024:>9.0f}")
    print(f"\n* includes starting the browser; browsers started: {launches}")


if __name__ == "__main__":
    main()
