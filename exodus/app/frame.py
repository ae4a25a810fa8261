"""A chart on the page: the figure, its caption and its export buttons; the ZIP of a
whole view; the page's shared style and table settings.

Every file a button gives comes from :func:`exodus.export.files.files` (through
:func:`chart_file`, :func:`view_zip` and :func:`figures_file`), the function the command
line uses too."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from exodus.app import sent_figure
from exodus.app.state import plain_text
from exodus.charts.tables import for_export
from exodus.derive import filters as flt
from exodus.export import files as export
from exodus.export.bundle import bundle_zip
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


LINK_CONFIG = {
    "Link": st.column_config.LinkColumn("Link", display_text="source ↗"),
    "source_url": st.column_config.LinkColumn("source_url", display_text="source ↗"),
}


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


def view_zip(data: Mapping, state: flt.Filters, exporter: StaticExporter | None = None) -> bytes:
    """The "Export all" ZIP: every file of the view of ``state``."""
    return bundle_zip(export.files(build_view(data, state), export.FORMATS, exporter or static_exporter()))


def figures_file(rows: pd.DataFrame, state: flt.Filters) -> export.File:
    """The figures of the Data & sources page as the view's figures CSV is made."""
    return export.table_file("figures", for_export(rows), state.start, state.end)


#: The buttons under every chart: label, format, image size, help text.
BUTTONS = (
    ("PNG", "png", "standard", "Image 1200 px wide at print size (2x), with title, dates and sources"),
    ("PNG 680 px", "png", "article", "Image for an article column: 680 px wide at 2x, no text under 11 px"),
    ("SVG", "svg", "standard", "Vector image, with title, dates and sources"),
    ("HTML", "html", "standard", "Interactive chart that opens offline"),
    ("CSV", "csv", "standard", "Exactly the data of this chart, with sources"),
)


def chart(shown: Chart, state: flt.Filters, key_prefix: str = "", clickable: bool = False):
    """Show a :class:`exodus.view.chart.Chart` with its caption and export buttons; with
    ``clickable``, return the points the reader clicked (else None).

    Files are built only when a button is clicked.
    """
    slug = key_prefix + shown.slug
    clicks = dict(on_select="rerun", selection_mode="points") if clickable else {}
    event = st.plotly_chart(sent_figure.for_streamlit(shown.figure), width="stretch", key=f"chart_{slug}", config=CHART_CONFIG, theme="streamlit",
                            alt=shown.alt, **clicks)
    st.caption(shown.caption)
    browser = browser_available()
    cols = st.columns([1, 1.4, 1, 1, 1, 3])
    for col, (label, fmt, size, help_text) in zip(cols, BUTTONS):
        col.download_button(label, lambda fmt=fmt, size=size: chart_file(shown, fmt, size).data,
                            file_name=export.chart_file_name(shown, fmt, size), mime=export.MEDIA_TYPES[fmt],
                            on_click="ignore", key=f"{fmt}{'' if size == 'standard' else '_' + size}_{slug}",
                            disabled=fmt in export.IMAGE_FORMATS and not browser, help=help_text)
    if not browser:
        cols[-1].caption("PNG and SVG need Chrome or Chromium on the server; HTML and CSV work without it.")
    elif problem := static_exporter().recent_problem():
        cols[-1].caption(plain_text(f"The last PNG/SVG export did not work: {problem}."))
    return event.selection.points if clickable and event else None


def export_all_button(data: Mapping, state: flt.Filters) -> None:
    """A ZIP of every chart (PNG, SVG, HTML, CSV), the figures and events of the current
    filters, and a README."""
    st.sidebar.download_button("Export all (ZIP)", lambda: view_zip(data, state), file_name=export.file_name("all", state.start, state.end, "zip"),
                               mime="application/zip", on_click="ignore", key="zip_all",
                               help="Every chart as PNG, SVG, HTML and CSV plus the filtered figures and events, for the current filters")


def data_downloads(rows: pd.DataFrame, state: flt.Filters) -> None:
    """The filtered figures as a spreadsheet-safe CSV with their source columns."""
    st.download_button("Download these figures (CSV)", lambda: figures_file(rows, state).data,
                       file_name=export.file_name("figures", state.start, state.end, "csv"), mime="text/csv",
                       on_click="ignore", key="csv_figures")
