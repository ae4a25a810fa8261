"""Page sections: each lays out widgets and calls the pure builders in
:mod:`exodus.report`, so that the pages stay a few lines long."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from exodus import filters as flt
from exodus import headlines as picks
from exodus import report, schema, tables
from exodus.formatting import amount, lower_first, md_escape, measure_phrase, number
from exodus.ui import LINK_CONFIG, chart

ABOUT = Path(__file__).resolve().parent / "texts" / "about.md"


@st.cache_resource(max_entries=256, show_spinner=False)
def _chart(kind: str, state: flt.Filters, metric: str | None, mode: str) -> report.Chart:
    """Charts of the curated data, kept per filter state so that going back to a view
    (another page, a preset) does not build it again. Charts are never mutated."""
    from exodus.ui import package

    data = package()
    if kind == "map":
        return report.map_chart(data, state, metric=metric, mode=mode)
    if kind == "timeline":
        return report.timeline_chart(data, state, mode=mode, metric=metric)
    return report.events_chart(data, state)


@st.cache_resource(max_entries=256, show_spinner=False)
def chart_rows(state: flt.Filters) -> pd.DataFrame:
    """The curated reports the charts of a filter state show, selected once per state.
    Callers never modify the frame."""
    from exodus.ui import package

    return flt.select(package()["departures"], state, flt.CHART_SHARE)


@st.cache_resource(max_entries=256, show_spinner=False)
def _headlines(state: flt.Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The largest totals of the curated data and their table, kept per filter state."""
    top = picks.largest_totals(chart_rows(state))
    return top, tables.headline_table(top)


def headline_section(state: flt.Filters) -> None:
    top, table = _headlines(state)
    st.subheader(f"Largest reported totals, {state.label}")
    if top.empty:
        st.info("No total was reported for this range and these filters. Try the period “All” or fewer filters.")
        return
    cards = st.columns(min(4, len(top)))
    for column, row in zip(cards, top.head(4).to_dict("records")):
        column.metric(schema.label_destination(row["destination_iso3"]), number(row["value"]), border=True,
                      help="The figure as reported; the line below gives its precision, period and source.")
        column.caption(md_escape(f"{amount(row)} · {lower_first(schema.METRICS[row['metric']])}, {measure_phrase(row)}. Reported by {row['reporting_body']}."))
    # Tables on this page are drawn on request: the table component is a large download
    # the map page does not need before its first chart (see BENCHMARKS.md).
    if st.toggle(f"Show all {len(top)} destinations with a reported total", key="show_headline_table"):
        st.dataframe(table, hide_index=True, width="stretch", column_config=LINK_CONFIG)
    st.caption("One report per destination: the largest total reported for a period with at least half its days inside the range. "
               "Totals of different destinations cover different days and count different things: never add them up.")


def map_section(data: dict, rows: pd.DataFrame, state: flt.Filters) -> None:
    st.subheader("Map of Russia's neighbours")
    left, right = st.columns([2, 1])
    in_rows = set(rows["metric"].unique().tolist())
    present = [m for m in schema.MOVEMENT_METRICS if m in in_rows] or list(schema.MOVEMENT_METRICS)
    metric = right.selectbox("Metric on the map", present, format_func=schema.METRICS.get, key="map_metric")
    mode = left.radio("Colour countries by", list(report.MAP_MODES), format_func=report.MAP_MODES.get, horizontal=True, key="map_mode")
    shown = _chart("map", state, metric, mode)
    chart(shown, state)
    if st.toggle("Show the figures behind the map, with their sources", key="show_map_table"):
        table = tables.headline_table(shown.table) if mode == "reported" else tables.estimate_table(shown.table)
        st.dataframe(table, hide_index=True, width="stretch", column_config=LINK_CONFIG)


def timeline_section(data: dict, state: flt.Filters) -> None:
    left, right = st.columns([2, 1])
    mode = left.radio("Show", list(report.TIMELINE_MODES), format_func=report.TIMELINE_MODES.get, horizontal=True, key="timeline_mode")
    options = report.timeline_metrics(chart_rows(state)) or list(schema.MOVEMENT_METRICS)
    metric = right.selectbox("Metric on the timeline", options, format_func=schema.METRICS.get, key="timeline_metric")
    shown = _chart("timeline", state, metric, mode)
    chart(shown, state)
    if mode == "estimate":
        with st.expander("Estimated daily values (derived) and the reports they rest on"):
            table = shown.table.copy()
            table.attrs = {}
            st.dataframe(table, hide_index=True, width="stretch")


def events_section(data: dict, state: flt.Filters) -> None:
    st.subheader("Events in this range")
    shown = _chart("events", state, None, "reported")
    chart(shown, state)
    st.dataframe(tables.events_table(shown.rows), hide_index=True, width="stretch", column_config=LINK_CONFIG)


def data_tables(data: dict, state: flt.Filters) -> None:
    from exodus.ui import data_downloads

    rows = flt.select(data["departures"], state)
    query = st.text_input("Search the figures", placeholder="e.g. Frontex, Verkhny Lars, deportations", key="data_search")
    shown = tables.search(rows, query)
    st.write(f"{len(shown)} of {len(data['departures'])} reported figures match the filters ({state.label}).")
    st.dataframe(tables.figures_table(shown), hide_index=True, width="stretch", column_config=LINK_CONFIG)
    data_downloads(shown, state)
    st.subheader("Events")
    st.dataframe(tables.events_table(flt.select_events(data["events"], state)), hide_index=True, width="stretch",
                 column_config=LINK_CONFIG)
    with st.expander("Crossing points"):
        st.dataframe(data["crossings"].drop(columns=["line"]), hide_index=True, width="stretch", column_config=LINK_CONFIG)


def upload_section(data: dict) -> None:
    from exodus.ui import upload_own_file

    upload_own_file(data)


def own_file_preview(data: dict, rows: pd.DataFrame) -> None:
    """Map and timeline of a user's own rows, on the same base as the curated data."""
    start, end = rows["period_start"].min().date(), rows["period_end"].max().date()
    state = flt.Filters(start, end, flt.CUSTOM)
    own = dict(data, departures=rows)
    chart(report.map_chart(own, state), state, key_prefix="own_")
    chart(report.timeline_chart(own, state), state, key_prefix="own_")
    st.dataframe(tables.figures_table(rows), hide_index=True, width="stretch", column_config=LINK_CONFIG)


def about() -> None:
    st.title("About Exodus")
    st.markdown(ABOUT.read_text(encoding="utf-8"))
