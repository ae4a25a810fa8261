"""The one export path: a view (or one chart) and a list of formats in, files out.

The chart buttons, the "Export all" ZIP and ``python -m exodus.export`` all call
:func:`files`, so they cannot disagree about a file's name, its bytes or what a chart's
image carries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd

from exodus.derive import filters as flt
from exodus.i18n import _, ngettext
from exodus.export.decorate import PROJECT, SIZES, ImageSize, as_date, date_range_text, decorate, unique_sources
from exodus.export.html import to_html
from exodus.export.images import ExportUnavailable, StaticExporter, default_exporter
from exodus.export.spreadsheet import safe_csv
from exodus.view import cite
from exodus.view.chart import Chart, View

FORMATS = ("png", "svg", "html", "csv")
IMAGE_FORMATS = ("png", "svg")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html", "csv": "text/csv",
               "txt": "text/plain", "zip": "application/zip"}
README = "README.txt"


@dataclass(frozen=True)
class File:
    name: str
    media_type: str
    data: bytes
    #: One line for the README's list of files.
    about: str = ""


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "chart"


def file_name(stem: str, start, end, ext: str) -> str:
    """exodus-map_2022-09-21_2022-10-31.png"""
    extension = re.sub(r"[^a-z0-9]", "", str(ext).lower())
    if not extension:
        raise ValueError(f"bad file extension {ext!r}")
    return f"exodus-{slug(stem)}_{as_date(start).isoformat()}_{as_date(end).isoformat()}.{extension}"


def table_file(stem: str, table: pd.DataFrame, start, end, what: str = "table") -> File:
    """A table as a spreadsheet-safe CSV file named after its stem and its days."""
    return File(file_name(stem, start, end, "csv"), MEDIA_TYPES["csv"], safe_csv(table),
                ngettext("{what}, {n} row, CSV", "{what}, {n} rows, CSV", len(table)).format(what=what, n=len(table)))


def chart_file_name(chart: Chart, fmt: str, size: str = "standard") -> str:
    """The name of one of a chart's files, known before the file is made (a button needs it)."""
    if fmt == "csv":
        return file_name(chart.csv_name, *chart.span, "csv")
    return file_name(chart.slug + (SIZES[size].suffix if fmt in IMAGE_FORMATS else ""), *chart.span, fmt)


def decorated(chart: Chart, size: ImageSize = SIZES["standard"]):
    """The chart's figure as exported: title and date range, subtitle, source line, project."""
    return decorate(chart.figure, title=chart.title, subtitle=chart.subtitle, start=chart.span[0], end=chart.span[1],
                    sources=chart.sources, size=size)


def _check(formats: Iterable[str], sizes: Iterable[str]) -> tuple[list[str], list[ImageSize]]:
    formats, sizes = list(dict.fromkeys(formats)), list(dict.fromkeys(sizes))
    if unknown := [f for f in formats if f not in FORMATS]:
        raise ValueError(f"unknown export formats {unknown}; use {', '.join(FORMATS)}")
    if unknown := [s for s in sizes if s not in SIZES]:
        raise ValueError(f"unknown image sizes {unknown}; use {', '.join(SIZES)}")
    return formats, [SIZES[s] for s in sizes]


def chart_files(chart: Chart, formats: Iterable[str] = FORMATS, exporter: StaticExporter | None = None,
                sizes: Iterable[str] = ("standard",)) -> list[File]:
    """The files of one chart: an image per format and size, the HTML page, its CSV.
    Raises :class:`ExportUnavailable` when an image is asked for and no browser can start."""
    formats, chosen = _check(formats, sizes)
    out = []
    for fmt in formats:
        if fmt == "csv":
            out.append(table_file(chart.csv_name, chart.table, *chart.span, _("the data of chart '{slug}'").format(slug=chart.slug)))
        elif fmt == "html":
            out.append(File(chart_file_name(chart, "html"), MEDIA_TYPES["html"], to_html(decorated(chart)),
                            _("chart '{slug}', interactive HTML").format(slug=chart.slug)))
        else:
            exporter = exporter or default_exporter()
            for size in chosen:
                fig = decorated(chart, size)
                data = (exporter.to_png(fig, size.width, fig.layout.height, size.scale) if fmt == "png"
                        else exporter.to_svg(fig, size.width, fig.layout.height))
                out.append(File(chart_file_name(chart, fmt, size.name), MEDIA_TYPES[fmt], data,
                                _("chart '{slug}', {format} image, {width} px wide").format(slug=chart.slug, format=fmt.upper(), width=size.width)
                                + (" " + _("at {scale}x").format(scale=f"{size.scale:g}") if fmt == "png" else "")))
    return out


def files(subject: View | Chart, formats: Iterable[str] = FORMATS, exporter: StaticExporter | None = None,
          sizes: Iterable[str] = ("standard",)) -> list[File]:
    """Every file of a view or of one chart.

    For a view: each chart in each format (images in each size), each chart's CSV, the
    view's figures and events as CSV (when "csv" is asked for), and README.txt naming the
    filters, the period, every source and every file. Without a browser a view's images
    are left out and the README says why; for one chart that raises ExportUnavailable."""
    if isinstance(subject, Chart):
        return chart_files(subject, formats, exporter, sizes)
    formats, _sizes = _check(formats, sizes)
    notes = []
    if images := [f for f in formats if f in IMAGE_FORMATS]:
        exporter = exporter or default_exporter()
        try:
            exporter.start()
        except ExportUnavailable as error:
            reason = str(error).removeprefix("PNG/SVG export unavailable: ")
            notes.append(_("{formats} images are not included: {reason}.").format(formats=_(" and ").join(f.upper() for f in images), reason=reason))
            formats = [f for f in formats if f not in IMAGE_FORMATS]
    out: list[File] = []
    for chart in subject.charts:
        out += chart_files(chart, formats, exporter, sizes)
    if "csv" in formats:
        start, end = subject.span
        out += [table_file("figures", subject.figures, start, end, _("every reported figure of the filters")),
                table_file("events", subject.events, start, end, _("the events of the range"))]
    out = _without_repeats(out)
    return [File(README, MEDIA_TYPES["txt"], readme(subject, out, notes).encode("utf-8"), _("this file"))] + out


def _without_repeats(found: list[File]) -> list[File]:
    """Each file once (the events chart's CSV is the view's events table); two different
    files under one name are an error."""
    kept: dict[str, File] = {}
    for f in found:
        if f.name in kept and kept[f.name].data != f.data:
            raise ValueError(f"two different files map to the same name: {f.name}")
        kept.setdefault(f.name, f)
    return list(kept.values())


def _filter_lines(state: flt.Filters) -> list[str]:
    """The filters as URL parameters, one a line (the preset and the language are always named)."""
    return [f"  {key}: {value}" for key, value in flt.to_query(state).items()]


def readme(view: View, listed: list[File], notes: list[str], project: str = PROJECT) -> str:
    """README.txt of a view's files: the filters, the period, the sources, the files."""
    start, end = view.span
    heading = _("{project} data export").format(project=project)
    lines = [heading, "=" * len(heading), "",
             _("Period: {period} ({start} to {end}, inclusive)").format(
                 period=date_range_text(start, end), start=as_date(start).isoformat(), end=as_date(end).isoformat()),
             _("Exported: {time} UTC").format(time=f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M}"), "", _("Filters (as in the dashboard's address)")]
    lines += _filter_lines(view.filters)
    lines += ["", _("Sources (every reporting body and publisher behind the numbers in this export)")]
    lines += [f"  - {source}" for source in unique_sources(view.sources)]
    spans = [c for c in view.charts if c.span != view.span]
    if spans:
        lines += ["", _("Charts with days of their own")]
        lines += [f"  {c.slug}: {date_range_text(*c.span)}" for c in spans]
    width = max((len(f.name) for f in listed), default=0)
    lines += ["", _("Files")] + [f"  {f.name.ljust(width)}  {f.about}" for f in listed]
    lines += ["", _("Notes")] + ["  - " + note for note in (
        _("CSV files are UTF-8 with a byte-order mark, so spreadsheet programs pick the right encoding."),
        _("In CSV files, text that begins with = + - @, a tab, a carriage return or an apostrophe carries one extra "
          "leading apostrophe, so spreadsheet programs show it as text instead of running it as a formula. Remove "
          "that first apostrophe to get the original text."),
        _("Each image names its sources briefly; the full list is above and in the CSV files."),
        _("HTML charts are self-contained: they open offline in any browser and stay interactive."),
        _("Numbers, names and notes in the data are as reported; the files keep the curated files' column names."))]
    lines += [f"  - {note}" for note in notes]
    lines += ["", *cite.export_text(as_date(start), as_date(end), flt.to_query(view.filters)).splitlines()]
    return "\n".join(lines) + "\n"


def zip_name(view: View) -> str:
    return file_name("all", *view.span, "zip")
