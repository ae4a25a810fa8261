"""A chart on the page: the figure, its caption and its export buttons; the ZIP of a
whole view; the page's shared style and table settings.

Every file a button gives comes from :func:`exodus.export.files.files` (through
:func:`chart_file`, :func:`view_zip` and :func:`figures_file`), the function the command
line uses too."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
import streamlit as st

from exodus import i18n
from exodus.app import sent_figure
from exodus.app.state import in_language, plain_text
from exodus.i18n import N_, _
from exodus.charts.tables import for_export, header, with_headers
from exodus.derive import filters as flt
from exodus.export import files as export
from exodus.export.bundle import bundle_zip
from exodus.export.spreadsheet import safe_csv
from exodus.export.images import StaticExporter, browser_available, default_exporter
from exodus.view.build import build_view
from exodus.view.chart import Chart


#: A visible focus ring on every control reached by keyboard (Streamlit draws none on
#: navigation links, text fields and date parts); less space above the page title, so
#: the map page's first chart shows without scrolling on a laptop. Static text, never data.
FOCUS_STYLE = """<style>
:focus-visible { outline: 3px solid #1C5FD4 !important; outline-offset: 2px !important; }
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
h1 { font-size: clamp(1.6rem, 1.1rem + 1.6vw, 2.4rem) !important; }
</style>"""


def global_style() -> None:
    st.html(FOCUS_STYLE)


def table_config(frame: pd.DataFrame) -> dict:
    """Column settings of a shown table: headers in the active language (the frame keeps
    its English column names, which the code and the CSV files use) and links that open
    the source."""
    config = {str(c): header(str(c)) for c in frame.columns}
    link = _("source ↗")
    config |= {"Link": st.column_config.LinkColumn(header("Link"), display_text=link),
               "source_url": st.column_config.LinkColumn(header("source_url"), display_text=link)}
    return config


def csv_headers_wanted() -> bool:
    """Whether the reader asked for CSV column headers in the interface's language."""
    return i18n.current() != i18n.DEFAULT and bool(st.session_state.get("csv_headers"))


def csv_file(make_frame):
    """A download button's maker of a spreadsheet-safe CSV: the file's own column names,
    or, when asked for, headers in the interface's language."""
    translate = csv_headers_wanted()
    return in_language(lambda: safe_csv(with_headers(make_frame()) if translate else make_frame()))


def show_table(frame: pd.DataFrame, **options) -> None:
    """``st.dataframe`` with :func:`table_config`."""
    st.dataframe(frame, column_config=table_config(frame), **options)


#: Plotly's toolbar without its camera: that button saves the chart as drawn on screen,
#: without the date range and source line that every export below carries.
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["toImage"]}


def static_exporter() -> StaticExporter:
    """The process-wide exporter: one browser for PNG/SVG, started on first use."""
    return default_exporter()


def chart_file(shown: Chart, fmt: str, size: str = "standard") -> export.File:
    """The file one of a chart's buttons gives."""
    (made,) = export.files(shown, [fmt], static_exporter(), sizes=[size])
    return made


def view_zip(data: Mapping, state: flt.Filters, exporter: StaticExporter | None = None, headers: bool = False) -> bytes:
    """The "Export all" ZIP: every file of the view of ``state``; with ``headers``, the CSV
    files name their columns in the interface's language."""
    view = build_view(data, state)
    if headers:
        view = replace(view, charts=tuple(replace(c, table=with_headers(c.table)) for c in view.charts),
                       figures=with_headers(view.figures), events=with_headers(view.events))
    return bundle_zip(export.files(view, export.FORMATS, exporter or static_exporter()))


def figures_file(rows: pd.DataFrame, state: flt.Filters) -> export.File:
    """The figures of the Data & sources page as the view's figures CSV is made."""
    return export.table_file("figures", for_export(rows), state.start, state.end)


#: The buttons under every chart: label, format, image size, help text.
BUTTONS = (
    (N_("PNG"), "png", "standard", N_("Image 1200 px wide at print size (2x), with title, dates and sources")),
    (N_("PNG 680 px"), "png", "article", N_("Image for an article column: 680 px wide at 2x, no text under 11 px")),
    (N_("SVG"), "svg", "standard", N_("Vector image, with title, dates and sources")),
    (N_("HTML"), "html", "standard", N_("Interactive chart that opens offline")),
    (N_("CSV"), "csv", "standard", N_("Exactly the data of this chart, with sources")),
)


def chart(shown: Chart, state: flt.Filters, key_prefix: str = "", clickable: bool = False):
    """Show a :class:`exodus.view.chart.Chart` with its caption and export buttons; with
    ``clickable``, return the points the reader clicked (else None).

    Files are built only when a button is clicked.
    """
    slug = key_prefix + shown.slug
    clicks = dict(on_select="rerun", selection_mode="points") if clickable else {}
    # Title and subtitle as text above the figure: they wrap at any width (see sent_figure).
    heading = f"**{plain_text(shown.title, 400)}**"
    if shown.subtitle_line:
        heading += f"  \n:small[:gray[{plain_text(shown.subtitle_line, 400)}]]"
    st.markdown(heading)
    event = st.plotly_chart(sent_figure.for_streamlit(shown.figure, titled=False), width="stretch", key=f"chart_{slug}", config=CHART_CONFIG, theme="streamlit",
                            alt=shown.alt, **clicks)
    st.caption(shown.caption)
    browser = browser_available()
    cols = st.columns([1, 1.4, 1, 1, 1, 3])
    for col, (label, fmt, size, help_text) in zip(cols, BUTTONS):
        make = csv_file(lambda: shown.table) if fmt == "csv" else in_language(lambda fmt=fmt, size=size: chart_file(shown, fmt, size).data)
        col.download_button(_(label), make,
                            file_name=export.chart_file_name(shown, fmt, size), mime=export.MEDIA_TYPES[fmt],
                            on_click="ignore", key=f"{fmt}{'' if size == 'standard' else '_' + size}_{slug}",
                            disabled=fmt in export.IMAGE_FORMATS and not browser, help=_(help_text))
    if not browser:
        cols[-1].caption(_("PNG and SVG need Chrome or Chromium on the server; HTML and CSV work without it."))
    elif problem := static_exporter().recent_problem():
        cols[-1].caption(plain_text(_("The last PNG/SVG export did not work: {problem}.").format(problem=problem)))
    return event.selection.points if clickable and event else None


def export_all_button(data: Mapping, state: flt.Filters) -> None:
    """A ZIP of every chart (PNG, SVG, HTML, CSV), the figures and events of the current
    filters, and a README; in the interface's language, CSV headers too when asked for."""
    if i18n.current() != i18n.DEFAULT:
        st.sidebar.toggle(_("CSV column headers in this language"), key="csv_headers",
                          help=_("Downloaded tables then name their columns as the page does; off, they keep the data files' own column names."))
    translate = csv_headers_wanted()
    st.sidebar.download_button(_("Export all (ZIP)"), in_language(lambda: view_zip(data, state, headers=translate)),
                               file_name=export.file_name("all", state.start, state.end, "zip"),
                               mime="application/zip", on_click="ignore", key="zip_all",
                               help=_("Every chart as PNG, SVG, HTML and CSV plus the filtered figures and events, for the current filters"))


def data_downloads(rows: pd.DataFrame, state: flt.Filters) -> None:
    """The filtered figures as a spreadsheet-safe CSV with their source columns."""
    st.download_button(_("Download these figures (CSV)"), csv_file(lambda: for_export(rows)),
                       file_name=export.file_name("figures", state.start, state.end, "csv"), mime="text/csv",
                       on_click="ignore", key="csv_figures")
