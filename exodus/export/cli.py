"""Batch export from the command line: ``python -m exodus.export``.

Writes every chart of a view (PNG, SVG, HTML) and the filtered data (CSV) for a date
range into a folder, the same files the dashboard's buttons give.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from exodus import i18n
from exodus.derive import filters as flt


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2022-09-21") from None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m exodus.export", description="Export the dashboard's charts and data for a date range.")
    parser.add_argument("--from", dest="start", type=_date, help="first day (default: first day of the data)")
    parser.add_argument("--to", dest="end", type=_date, help="last day (default: last day of the data)")
    parser.add_argument("--dest", default="", help="destination codes, comma-separated (default: all)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into (created if missing)")
    parser.add_argument("--formats", default="png,svg,html,csv", help="comma-separated: png, svg, html, csv (default: all)")
    parser.add_argument("--zip", action="store_true", help="also write one ZIP with everything and a README")
    parser.add_argument("--lang", default=i18n.DEFAULT, choices=i18n.LANGUAGES, help="language of titles, source lines and README (default: en)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Write the files; every text in them is in the language of ``--lang``."""
    args = parse_args(argv)
    with i18n.language(args.lang):
        return _main(argv)


def _main(argv: list[str] | None = None) -> int:
    from exodus.export import formats as export
    from exodus.view import report
    from exodus.data.load import load_all
    from exodus.data.geo import load_countries
    from exodus.charts.map_chart import map_base
    from exodus.derive.series import load_series
    from exodus.charts.tables import for_export
    from exodus.data.rows import DataError

    args = parse_args(argv)
    formats = {f.strip().lower() for f in args.formats.split(",") if f.strip()}
    unknown = formats - {"png", "svg", "html", "csv"}
    if unknown:
        print(f"error: unknown format(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    try:
        with i18n.language(i18n.DEFAULT):  # the data as loaded stays in the source language
            tables = load_all()
            tables |= load_series()
    except DataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    tables["map_base"] = map_base(load_countries(), tables["crossings"])
    bounds = flt.data_bounds(tables["departures"], tables["events"])
    start, end = args.start or bounds[0], args.end or bounds[1]
    if end < start:
        print(f"error: --to {end} is before --from {start}", file=sys.stderr)
        return 2
    destinations = tuple(c.strip().upper() for c in args.dest.split(",") if c.strip())
    state = flt.Filters(start, end, flt.CUSTOM, destinations, lang=i18n.current())
    args.out.mkdir(parents=True, exist_ok=True)
    exporter = None
    if formats & {"png", "svg"}:
        if export.browser_available():
            exporter = export.StaticExporter()
        else:
            print("note: no Chrome/Chromium found, skipping PNG and SVG", file=sys.stderr)
            formats -= {"png", "svg"}
    written = []
    charts = report.all_charts(tables, state)
    for chart in charts:
        first, last = report.chart_span(chart, state)
        fig = export.decorate_for_export(chart.figure, title=export.split_title(chart.figure.layout.title.text)[0],
                                         start=first, end=last, sources=chart.sources)
        for fmt in sorted(formats - {"csv"}):
            data = exporter.to_png(fig) if fmt == "png" else exporter.to_svg(fig) if fmt == "svg" else export.to_html(fig)
            path = args.out / export.file_name(chart.slug, first, last, fmt)
            path.write_bytes(data)
            written.append(path)
    rows = flt.select(tables["departures"], state)
    if "csv" in formats:
        path = args.out / export.file_name("figures", start, end, "csv")
        path.write_bytes(export.safe_csv(for_export(rows)))
        written.append(path)
        for chart in charts:
            if report.has_own_table(chart):
                name = f"{chart.slug}-estimates" if chart.slug in ("map-estimate", "estimated-flow") else chart.slug
                path = args.out / export.file_name(name, *report.chart_span(chart, state), "csv")
                path.write_bytes(export.safe_csv(chart.export_table()))
                written.append(path)
    if args.zip:
        figures = {c.slug: export.decorate_for_export(c.figure, title=export.split_title(c.figure.layout.title.text)[0],
                                                      start=report.chart_span(c, state)[0], end=report.chart_span(c, state)[1],
                                                      sources=c.sources) for c in charts}
        path = args.out / export.file_name("all", start, end, "zip")
        tables_out = {"figures": for_export(rows)} | {f"{c.slug}-estimates" if c.slug in ("map-estimate", "estimated-flow") else c.slug: c.export_table()
                                                      for c in charts if report.has_own_table(c)}
        path.write_bytes(export.bundle_zip(figures, tables_out, start=start, end=end,
                                           filters=flt.to_query(state), sources=sorted({s for c in charts for s in c.sources}),
                                           exporter=exporter))
        written.append(path)
    if exporter is not None:
        exporter.close()
    for path in written:
        print(path)
    return 0
