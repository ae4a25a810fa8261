"""A chart on the page: the figure, its caption and its export buttons; the ZIP of a
whole view; the page's shared style and table settings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from exodus import i18n
from exodus.i18n import _
from exodus.app.state import in_language, plain_text
from exodus.charts.tables import for_export
from exodus.derive import filters as flt
from exodus.export import formats as export
from exodus.view import report


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
    from exodus.charts.tables import header

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
    from exodus.charts.tables import with_headers

    translate = csv_headers_wanted()
    return in_language(lambda: export.safe_csv(with_headers(make_frame()) if translate else make_frame()))


def show_table(frame: pd.DataFrame, **options) -> None:
    """``st.dataframe`` with :func:`table_config`."""
    st.dataframe(frame, column_config=table_config(frame), **options)


#: Plotly's toolbar without its camera: that button saves the chart as drawn on screen,
#: without the date range and source line that every export below carries.
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["toImage"]}


def static_exporter():
    """The process-wide exporter: one browser for PNG/SVG, started on first use."""
    return export.default_exporter()


def _plain_title(fig) -> str:
    return export.split_title(fig.layout.title.text if fig.layout.title else "")[0]


def chart(shown, state: flt.Filters, key_prefix: str = "", clickable: bool = False):
    """Show a :class:`exodus.view.report.Chart` with its caption and export buttons; with
    ``clickable``, return the points the reader clicked (else None).

    Files are built only when a button is clicked.
    """
    slug = key_prefix + shown.slug
    start, end = getattr(shown, "span", None) or (state.start, state.end)
    clicks = dict(on_select="rerun", selection_mode="points") if clickable else {}
    event = st.plotly_chart(shown.figure, width="stretch", key=f"chart_{slug}", config=CHART_CONFIG, theme="streamlit",
                            alt=shown.alt, **clicks)
    st.caption(shown.caption)
    title = _plain_title(shown.figure)

    def decorated():
        return export.decorate_for_export(shown.figure, title=title, start=start, end=end, sources=shown.sources)

    def name(ext: str) -> str:
        return export.file_name(shown.slug, start, end, ext)

    browser = export.browser_available()
    cols = st.columns([1, 1, 1, 1, 4])
    cols[0].download_button(_("PNG"), in_language(lambda: static_exporter().to_png(decorated())), file_name=name("png"), mime="image/png",
                            on_click="ignore", key=f"png_{slug}", disabled=not browser, help=_("Image at print size (2x)"))
    cols[1].download_button(_("SVG"), in_language(lambda: static_exporter().to_svg(decorated())), file_name=name("svg"), mime="image/svg+xml",
                            on_click="ignore", key=f"svg_{slug}", disabled=not browser, help=_("Vector image"))
    cols[2].download_button(_("HTML"), in_language(lambda: export.to_html(decorated())), file_name=name("html"), mime="text/html",
                            on_click="ignore", key=f"html_{slug}", help=_("Interactive chart that opens offline"))
    cols[3].download_button(_("CSV"), csv_file(lambda: shown.export_table()), file_name=name("csv"), mime="text/csv",
                            on_click="ignore", key=f"csv_{slug}", help=_("The figures behind this chart, with sources"))
    if not browser:
        cols[4].caption(_("PNG and SVG need Chrome or Chromium on the server; HTML and CSV work without it."))
    elif problem := static_exporter().recent_problem():
        cols[4].caption(plain_text(_("The last PNG/SVG export did not work: {problem}.").format(problem=problem)))
    return event.selection.points if clickable and event else None


def export_all_button(tables: dict, state: flt.Filters) -> None:
    """A ZIP of every chart (PNG, SVG, HTML) and the data of the current filters."""
    from exodus.charts.tables import with_headers

    if i18n.current() != i18n.DEFAULT:
        st.sidebar.toggle(_("CSV column headers in this language"), key="csv_headers",
                          help=_("Downloaded tables then name their columns as the page does; off, they keep the data files' own column names."))
    translate = csv_headers_wanted()

    def bundle() -> bytes:
        charts = report.all_charts(tables, state)
        figures = {c.slug: export.decorate_for_export(c.figure, title=_plain_title(c.figure), start=report.chart_span(c, state)[0],
                                                      end=report.chart_span(c, state)[1], sources=c.sources) for c in charts}
        data = {"figures": tables_for_export(flt.select(tables["departures"], state)),
                "events": tables_for_export(flt.select_events(tables["events"], state))}
        data |= {f"{c.slug}-estimates" if c.slug in ("map-estimate", "estimated-flow") else c.slug: c.export_table()
                 for c in charts if report.has_own_table(c)}
        if translate:
            data = {name: with_headers(table) for name, table in data.items()}
        exporter = static_exporter() if export.browser_available() else None
        sources = sorted({s for c in charts for s in c.sources})
        return export.bundle_zip(figures, data, start=state.start, end=state.end, filters=flt.to_query(state),
                                 sources=sources, exporter=exporter)

    st.sidebar.download_button(_("Export all (ZIP)"), in_language(bundle), file_name=export.file_name("all", state.start, state.end, "zip"),
                               mime="application/zip", on_click="ignore", key="zip_all",
                               help=_("Every chart as PNG, SVG and HTML plus the filtered data as CSV, for the current filters"))


def tables_for_export(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows as exported: the file's own columns (sources included), no helper columns."""
    return for_export(rows)


def data_downloads(rows: pd.DataFrame, state: flt.Filters) -> None:
    """The filtered figures as a spreadsheet-safe CSV with their source columns."""
    st.download_button(_("Download these figures (CSV)"), csv_file(lambda: tables_for_export(rows)),
                       file_name=export.file_name("figures", state.start, state.end, "csv"), mime="text/csv",
                       on_click="ignore", key="csv_figures")
