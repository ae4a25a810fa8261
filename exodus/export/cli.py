"""Batch export from the command line: ``python -m exodus.export``.

Writes every file of a view (each chart as PNG, SVG, HTML and CSV, the filtered figures
and events as CSV, README.txt) for a date range into a folder: the files of
:func:`exodus.export.files.files`, which the dashboard's buttons give too.
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
    parser.add_argument("--size", default="standard",
                        help="image size, comma-separated: standard (1200 px wide), article (680 px wide); PNG at 2x")
    parser.add_argument("--zip", action="store_true", help="also write one ZIP with everything and a README")
    parser.add_argument("--lang", default=i18n.DEFAULT, choices=i18n.LANGUAGES, help="language of titles, source lines and README (default: en)")
    return parser.parse_args(argv)


def _listed(text: str) -> list[str]:
    return [part.strip().lower() for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    """Write the files; every text in them is in the language of ``--lang``."""
    args = parse_args(argv)
    with i18n.language(args.lang):
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    from exodus.data.rows import DataError
    from exodus.export.bundle import bundle_zip
    from exodus.export.decorate import SIZES
    from exodus.export.files import FORMATS, files, zip_name
    from exodus.export.images import StaticExporter
    from exodus.view.build import build_view
    from exodus.view.package import load_package

    formats, sizes = _listed(args.formats), _listed(args.size)
    for what, given, known in (("format", formats, FORMATS), ("size", sizes, tuple(SIZES))):
        if unknown := sorted(set(given) - set(known)):
            print(f"error: unknown {what}(s): {', '.join(unknown)}; use {', '.join(known)}", file=sys.stderr)
            return 2
    try:
        with i18n.language(i18n.DEFAULT):  # the data as loaded stays in the source language
            package = load_package()
    except (DataError, ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    start, end = args.start or package.bounds[0], args.end or package.bounds[1]
    if end < start:
        print(f"error: --to {end} is before --from {start}", file=sys.stderr)
        return 2
    destinations = tuple(c.strip().upper() for c in args.dest.split(",") if c.strip())
    view = build_view(package, flt.Filters(start, end, flt.CUSTOM, destinations, lang=i18n.current()))
    exporter = StaticExporter() if {"png", "svg"} & set(formats) else None
    if exporter is not None and not exporter.browser_available():
        print(f"note: PNG and SVG skipped: {exporter.missing()}", file=sys.stderr)
    try:
        found = files(view, formats, exporter, sizes)
    finally:
        if exporter is not None:
            exporter.close()
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    for f in found:
        (args.out / f.name).write_bytes(f.data)
        written.append(args.out / f.name)
    if args.zip:
        path = args.out / zip_name(view)
        path.write_bytes(bundle_zip(found))
        written.append(path)
    for path in written:
        print(path)
    return 0
