"""Streamlit glue shared by the pages: cached loading, the shared filters, chart frames.

This is the only module of the package that imports Streamlit; everything it shows is
computed by the pure modules beside it.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from exodus.derive import filters as flt
from exodus.data import schema
from exodus.data.load import load_all
from exodus.charts.formatting import md_escape
from exodus.data.rows import DataError

APP_TITLE = "Exodus"


@st.cache_resource(show_spinner=False)
def package() -> dict:
    """The curated tables and the projected map base, loaded once per process."""
    from exodus.data.load import load_all as _load
    from exodus.data.geo import load_countries
    from exodus.charts.map_chart import map_base

    from exodus.derive.series import load_series

    tables = {name: _plain_strings(frame) for name, frame in _load().items()}
    tables |= load_series()
    tables["map_base"] = map_base(load_countries(), tables["crossings"])
    tables["bounds"] = flt.data_bounds(tables["departures"], tables["events"])
    from exodus.ops.upload_worker import start_in_background

    start_in_background()  # the process that checks uploads loads the package once, now
    return tables


def _plain_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Python objects for the app's in-memory copy.

    The validated tables are unchanged; only their storage differs. Every rerun filters
    the same small tables many times, and selecting rows of Arrow-backed text columns
    costs more per call than the selection itself (see BENCHMARKS.md).
    """
    text = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c]) and frame[c].dtype != object]
    return frame.astype({c: object for c in text})


def plain_text(text: object, limit: int = 300) -> str:
    """Text from a URL or an upload, ready for an element that renders Markdown: on one
    line, cut to ``limit`` characters and escaped, so it can never become a link, a
    heading, an icon or HTML."""
    from exodus.charts.formatting import cut

    return md_escape(cut(" ".join(str(text).split()), limit))


def load_or_stop() -> dict:
    try:
        return package()
    except DataError as err:
        st.error("The curated data did not pass validation, so nothing is shown. The problems:")
        st.text(_without_paths(err))
        st.stop()
    except (ValueError, OSError) as err:  # the country shapes (exodus.data.geo raises ValueError naming the file)
        st.error("The data package could not be loaded, so nothing is shown. The problem:")
        st.text(_without_paths(err))
        st.stop()


def _without_paths(err: Exception) -> str:
    """An error's message with the server's folders left out (file names stay)."""
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])
    return str(err).replace(root + "/", "")[:4000]


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


_RUN = threading.local()


def entered() -> None:
    """Called by the entry script on every run, before the page runs."""
    _RUN.entered = True


def page_state() -> tuple[dict, flt.Filters]:
    """The tables and filters a page works with.

    Because the page scripts live in ``pages/``, Streamlit's older folder-based page
    mode can run a page without the entry script (a deep link on a freshly started
    server). Then the shared filters are missing: switch the process to the entry
    script's navigation and run again.
    """
    if not getattr(_RUN, "entered", False) or "filters" not in st.session_state:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    _RUN.entered = False
    return load_or_stop(), st.session_state["filters"]


_KEYS = ("f_preset", "f_range", "f_dest", "f_pop", "f_metric")


def _apply_to_widgets(state: flt.Filters) -> None:
    st.session_state["f_preset"] = state.preset
    st.session_state["f_range"] = (state.start, state.end)
    st.session_state["f_dest"] = list(state.destinations)
    st.session_state["f_pop"] = list(state.populations)
    st.session_state["f_metric"] = list(state.metrics)


def _on_preset(bounds: tuple[date, date]) -> None:
    key = st.session_state["f_preset"]
    if key in flt.PRESETS:
        st.session_state["f_range"] = flt.preset_range(key, bounds)


def _on_range(bounds: tuple[date, date]) -> None:
    picked = st.session_state.get("f_range") or ()
    if len(picked) == 2:
        st.session_state["f_preset"] = flt._matching_preset((picked[0], picked[1]), bounds)


def _current_query() -> dict[str, str]:
    return {k: st.query_params.get(k) for k in st.query_params.keys()}


def sidebar_filters(tables: dict) -> flt.Filters:
    """Draw the shared filters; the URL carries them so a view can be shared."""
    reports, bounds = tables["departures"], tables["bounds"]
    destinations = sorted(reports["destination_iso3"].unique().tolist(), key=schema.label_destination)
    present = set(reports["metric"].unique().tolist())
    metrics = [m for m in schema.METRICS if m in present]
    query = _current_query()
    written = st.session_state.get("_written_query")
    # The navigation drops the address bar's parameters when it switches pages; an empty
    # query after this session wrote one is such a switch, so the filters stay as they were
    # and are written back to the new page's address.
    page_switch = not query and bool(written) and "f_preset" in st.session_state
    if not page_switch and (written != query or "f_preset" not in st.session_state):
        state, notices = flt.from_query(st.query_params.to_dict(), bounds, set(destinations), set(metrics))
        _apply_to_widgets(state)
        st.session_state["_notices"] = notices
    side = st.sidebar
    side.header("Filters")
    options = list(flt.PRESETS) + [flt.CUSTOM]
    side.selectbox("Period", options, key="f_preset", format_func=lambda k: flt.PRESETS[k][0] if k in flt.PRESETS else "Custom range",
                   on_change=_on_preset, args=(bounds,))
    side.date_input("Date range", key="f_range", min_value=bounds[0], max_value=bounds[1], format="YYYY-MM-DD",
                    on_change=_on_range, args=(bounds,))
    side.multiselect("Destinations", destinations, key="f_dest", format_func=schema.label_destination, placeholder="All destinations")
    side.multiselect("Population", list(flt.POPULATION_KEYS), key="f_pop", format_func=flt.POPULATION_KEYS.get, placeholder="All populations")
    side.multiselect("Metric", metrics, key="f_metric", format_func=schema.METRICS.get, placeholder="All metrics")
    picked = tuple(st.session_state["f_range"] or ())
    start, end = (picked + (picked[0],))[:2] if picked else bounds
    state = flt.Filters(
        start=start, end=end, preset=st.session_state["f_preset"],
        destinations=tuple(st.session_state["f_dest"]), populations=tuple(st.session_state["f_pop"]),
        metrics=tuple(st.session_state["f_metric"]),
    )
    if state.preset in flt.PRESETS and flt.preset_range(state.preset, bounds) != (start, end):
        state = replace(state, preset=flt.CUSTOM)
    wanted = flt.to_query(state) | {k: query[k] for k in flt.PAGE_PARAMS if k in query}
    if wanted != query:
        st.query_params.from_dict(wanted)
    st.session_state["_written_query"] = wanted
    side.caption(f"Showing {state.label}. The address bar keeps these filters: copy it to share this view.")
    for notice in st.session_state.get("_notices", []):
        st.warning(plain_text(notice), icon="⚠️")
    return state


def sources_of(rows: pd.DataFrame) -> list[str]:
    """Reporting bodies behind a set of rows, for source lines."""
    return sorted(set(rows["reporting_body"])) if "reporting_body" in rows else []


LINK_CONFIG = {
    "Link": st.column_config.LinkColumn("Link", display_text="source ↗"),
    "source_url": st.column_config.LinkColumn("source_url", display_text="source ↗"),
}


#: Plotly's toolbar without its camera: that button saves the chart as drawn on screen,
#: without the date range and source line that every export below carries.
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["toImage"]}


def static_exporter():
    """The process-wide exporter: one browser for PNG/SVG, started on first use."""
    from exodus.export import formats as export

    return export.default_exporter()


def _plain_title(fig) -> str:
    from exodus.export import formats as export

    return export.split_title(fig.layout.title.text if fig.layout.title else "")[0]


def chart(shown, state: flt.Filters, key_prefix: str = "", clickable: bool = False):
    """Show a :class:`exodus.view.report.Chart` with its caption and export buttons; with
    ``clickable``, return the points the reader clicked (else None).

    Files are built only when a button is clicked.
    """
    from exodus.export import formats as export

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
    cols[0].download_button("PNG", lambda: static_exporter().to_png(decorated()), file_name=name("png"), mime="image/png",
                            on_click="ignore", key=f"png_{slug}", disabled=not browser, help="Image at print size (2x)")
    cols[1].download_button("SVG", lambda: static_exporter().to_svg(decorated()), file_name=name("svg"), mime="image/svg+xml",
                            on_click="ignore", key=f"svg_{slug}", disabled=not browser, help="Vector image")
    cols[2].download_button("HTML", lambda: export.to_html(decorated()), file_name=name("html"), mime="text/html",
                            on_click="ignore", key=f"html_{slug}", help="Interactive chart that opens offline")
    cols[3].download_button("CSV", lambda: export.safe_csv(shown.export_table()), file_name=name("csv"), mime="text/csv",
                            on_click="ignore", key=f"csv_{slug}", help="The figures behind this chart, with sources")
    if not browser:
        cols[4].caption("PNG and SVG need Chrome or Chromium on the server; HTML and CSV work without it.")
    elif problem := static_exporter().recent_problem():
        cols[4].caption(plain_text(f"The last PNG/SVG export did not work: {problem}."))
    return event.selection.points if clickable and event else None


def export_all_button(tables: dict, state: flt.Filters) -> None:
    """A ZIP of every chart (PNG, SVG, HTML) and the data of the current filters."""
    from exodus.export import formats as export
    from exodus.view import report

    def bundle() -> bytes:
        charts = report.all_charts(tables, state)
        figures = {c.slug: export.decorate_for_export(c.figure, title=_plain_title(c.figure), start=report.chart_span(c, state)[0],
                                                      end=report.chart_span(c, state)[1], sources=c.sources) for c in charts}
        data = {"figures": tables_for_export(flt.select(tables["departures"], state)),
                "events": tables_for_export(flt.select_events(tables["events"], state))}
        data |= {f"{c.slug}-estimates" if c.slug in ("map-estimate", "estimated-flow") else c.slug: c.export_table()
                 for c in charts if report.has_own_table(c)}
        exporter = static_exporter() if export.browser_available() else None
        sources = sorted({s for c in charts for s in c.sources})
        return export.bundle_zip(figures, data, start=state.start, end=state.end, filters=flt.to_query(state),
                                 sources=sources, exporter=exporter)

    st.sidebar.download_button("Export all (ZIP)", bundle, file_name=export.file_name("all", state.start, state.end, "zip"),
                               mime="application/zip", on_click="ignore", key="zip_all",
                               help="Every chart as PNG, SVG and HTML plus the filtered data as CSV, for the current filters")


def tables_for_export(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows as exported: the file's own columns (sources included), no helper columns."""
    from exodus.charts.tables import for_export

    return for_export(rows)


def data_downloads(rows: pd.DataFrame, state: flt.Filters) -> None:
    """The filtered figures as a spreadsheet-safe CSV with their source columns."""
    from exodus.export import formats as export

    st.download_button("Download these figures (CSV)", lambda: export.safe_csv(tables_for_export(rows)),
                       file_name=export.file_name("figures", state.start, state.end, "csv"), mime="text/csv",
                       on_click="ignore", key="csv_figures")
