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
    clicked = chart(shown, state, clickable=True)
    code = clicked_country(shown.figure, clicked or [])
    if code:
        st.switch_page("pages/country.py", query_params=flt.to_query(state) | {"country": code})
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


PROFILE_KEY = "profile_country"


def _profile_country(codes: list[str], state: flt.Filters) -> str:
    """The country of the profile page: the address bar's, else the first destination
    filtered on, else Georgia. An unknown code in a link is named in a plain notice."""
    raw = st.query_params.get("country")
    fallback = next((c for c in state.destinations if c in codes), "GEO" if "GEO" in codes else codes[0])
    wanted = raw.upper() if isinstance(raw, str) and raw.upper() in codes else fallback
    if raw is not None and raw.upper() not in codes:
        st.warning(md_escape(f"Ignored unknown country “{raw[:20]}”; showing {schema.label_destination(wanted)}."), icon="⚠️")
    if PROFILE_KEY not in st.session_state or st.session_state.get("_profile_url") != raw:
        st.session_state[PROFILE_KEY] = wanted
    choice = st.selectbox("Country", codes, key=PROFILE_KEY, format_func=schema.label_destination)
    st.query_params["country"] = choice
    st.session_state["_profile_url"] = choice
    return choice


def country_page(data: dict, state: flt.Filters) -> None:
    from dataclasses import replace

    from exodus import export
    from exodus import profile

    codes = profile.destinations(data["departures"])
    heading = st.container()
    iso3 = _profile_country(codes, state)
    found = profile.build_profile(data, iso3, state)
    heading.title(f"{found.name}: every reported figure")
    st.caption(md_escape(
        f"{len(found.reports)} of the {found.total_reports} figures reported for {found.name} overlap {state.label}; "
        "widen the period in the sidebar to see the others. Best first: the most authoritative kind of body, "
        "then the period closest to the range, then the latest publication. Figures are never added together."))
    best = profile.lead(found.reports)
    if found.reports.empty:
        st.info("No figure for this country overlaps the chosen range. Try the period “All”.")
    else:
        if best is not None:
            st.subheader("Best match for this range")
            st.markdown(md_escape(
                f"{amount(best)} · {lower_first(schema.METRICS[best['metric']])}, {measure_phrase(best)}. "
                f"Reported by {best['reporting_body']}, published {best['reported_on']} (id {best['id']})."))
            link = tables.figures_table(pd.DataFrame([best]))["Link"].iloc[0]
            if link:
                st.link_button("Open the source ↗", link)
        st.subheader("All figures for this range")
        table = tables.figures_table(found.reports)
        table.insert(5, "Days inside the range", found.reports["days_inside"].to_numpy())
        table.insert(6, "Days outside", found.reports["days_outside"].to_numpy())
        table.insert(7, "Fit to the range", found.reports["fit"].round(2).to_numpy())
        st.dataframe(table, hide_index=True, width="stretch", column_config=LINK_CONFIG)
        st.download_button("Download these figures (CSV)", lambda: export.safe_csv(tables.for_export(found.reports)),
                           file_name=export.file_name(f"{iso3.lower()}-figures", state.start, state.end, "csv"),
                           mime="text/csv", on_click="ignore", key="csv_profile")
        own = replace(state, destinations=(iso3,))
        shown = _chart("timeline", own, None, "reported")
        chart(shown, own, key_prefix="profile_")
    st.subheader("Reporting bodies")
    st.dataframe(found.sources.rename(columns={"reporting_body": "Reported by", "figures": "Figures in range", "latest": "Latest publication"}),
                 hide_index=True, width="stretch")
    st.subheader("Crossing points")
    if found.crossings.empty:
        st.write("No crossing point of this country is in the data.")
    else:
        st.dataframe(found.crossings.drop(columns=["line"], errors="ignore"), hide_index=True, width="stretch", column_config=LINK_CONFIG)
    st.subheader("Events in this range")
    st.dataframe(tables.events_table(found.events), hide_index=True, width="stretch", column_config=LINK_CONFIG)


def _picked_profile() -> None:
    st.session_state["_goto_country"] = st.session_state.get("map_profile_pick")
    st.session_state["map_profile_pick"] = None  # so coming back to the map does not leave again


def profile_picker(data: dict, state: flt.Filters) -> None:
    """On the map page: open a country's profile with the current filters (or click the
    country on the map)."""
    from exodus import profile

    code = st.session_state.pop("_goto_country", None)
    if code:
        st.switch_page("pages/country.py", query_params=flt.to_query(state) | {"country": code})
    codes = profile.destinations(data["departures"])
    st.selectbox("Open a country profile (or click a country on the map)", codes, index=None, key="map_profile_pick",
                 format_func=schema.label_destination, placeholder="Pick a country", on_change=_picked_profile)


def clicked_country(figure, points: list) -> str | None:
    """The destination a click on the map landed on (a reported country's spot)."""
    for point in points:
        curve = point.get("curve_number")
        meta = figure.data[curve].meta if isinstance(curve, int) and 0 <= curve < len(figure.data) else None
        if isinstance(meta, dict) and meta.get("role") == "click_targets" and isinstance(point.get("customdata"), str):
            return point["customdata"]
    return None
