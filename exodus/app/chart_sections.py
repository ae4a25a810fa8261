"""The chart sections of the map and timeline pages: a mode and metric picker above a chart,
its table below.

A section with pickers of its own is a fragment (``st.fragment``): changing one of its
pickers reruns that section alone, and the rest of the page stays as it was; a change of
the shared filters in the sidebar reruns the whole page."""

from __future__ import annotations

import contextlib

import pandas as pd
import streamlit as st

from exodus.i18n import N_, _, ngettext
from exodus.app import cache
from exodus.app.state import localised
from exodus.app.frame import chart, show_table
from exodus.charts import tables
from exodus.charts.formatting import lower_first, md_escape
from exodus.charts.series_chart import value_text
from exodus.data import schema
from exodus.derive import filters as flt
from exodus.derive import profile, series
from exodus.view import report, series_report
from exodus.view.package import Package


SERIES_MAP_MODE = "series"
#: The keys of the expanders whose tables are built only while open (see :func:`lazy_expander`).
LAZY_TABLES = ("timeline_figures_table", "timeline_estimate_table", "normal_values_table")


@st.fragment
def map_section(data: Package, state: flt.Filters) -> None:
    rows = cache.chart_rows(data, state)
    left, right = st.columns([2, 1])
    modes = report.MAP_MODES | {SERIES_MAP_MODE: N_("FSB departures vs the same quarter of 2019")}
    mode = left.radio(_("Colour countries by"), list(modes), format_func=localised(lambda k: _(modes[k])), horizontal=True, key="map_mode")
    if mode == SERIES_MAP_MODE:
        series_map_view(data, state, right)
        return
    options, defaults = cache.headline_choices(data, state)
    in_rows = set(rows["metric"].unique().tolist())
    present = list(dict.fromkeys(defaults + options + [m for m in schema.MOVEMENT_METRICS if m in in_rows])) or list(schema.MOVEMENT_METRICS)
    metric = right.selectbox(_("Metric on the map"), present, format_func=localised(lambda m: schema.label(schema.METRICS, m)), key="map_metric")
    include_flagged = mode == "estimate" and _flagged_toggle("map_flagged")
    shown = cache.chart(data, "map", state, metric, mode, include_flagged)
    clicked = chart(shown, state, clickable=True)
    code = clicked_country(shown.figure, clicked or [])
    if code:
        st.switch_page("pages/country.py", query_params=flt.to_query(state) | {"country": code})
    if mode == "estimate":
        conflicts_notice(shown.conflicts)
    if st.toggle(_("Show the figures behind the map, with their sources"), key="show_map_table"):
        table = tables.headline_table(shown.drawn) if mode == "reported" else tables.estimate_table(shown.drawn)
        show_table(table, hide_index=True, width="stretch")


@st.fragment
def timeline_section(data: Package, state: flt.Filters) -> None:
    left, right = st.columns([2, 1])
    mode = left.radio(_("Show"), list(report.TIMELINE_MODES), format_func=localised(lambda k: _(report.TIMELINE_MODES[k])), horizontal=True, key="timeline_mode")
    options = report.timeline_metrics(cache.chart_rows(data, state)) or list(schema.MOVEMENT_METRICS)
    metric = right.selectbox(_("Metric on the timeline"), options, format_func=localised(lambda m: schema.label(schema.METRICS, m)), key="timeline_metric")
    include_flagged = mode == "estimate" and _flagged_toggle("timeline_flagged")
    shown = cache.chart(data, "timeline", state, metric, mode, include_flagged)
    chart(shown, state)
    if mode == "estimate":
        conflicts_notice(shown.conflicts)
        with lazy_expander(_("Estimated daily values (derived) and the reports they rest on"), "timeline_estimate_table") as opened:
            if opened:
                table = shown.drawn.copy()
                table.attrs = {}
                show_table(table, hide_index=True, width="stretch")
    else:
        with lazy_expander(_("The figures drawn, with their sources"), "timeline_figures_table") as opened:
            if opened:
                show_table(cache.chart_table(data, "timeline", state, metric, mode, include_flagged), hide_index=True, width="stretch")


@contextlib.contextmanager
def lazy_expander(label: str, key: str):
    """An expander whose content is built only while it is open (opening it reruns the
    section): a closed table costs nothing on a change of the date range. Yields whether
    it is open."""
    assert key in LAZY_TABLES, key
    with st.expander(label, key=key, on_change="rerun") as box:
        yield bool(box.open)


def _flagged_toggle(key: str) -> bool:
    return st.toggle(_("Include disputed and anonymous reports in the estimate"), key=key,
                     help=_("Reports from anonymous sources, forecasts and disputed figures are left out of the estimate "
                          "unless this is on; with it on, the band without them is drawn dashed."))


def conflicts_notice(found: pd.DataFrame | None) -> None:
    """Name the reports that cannot all be true and the one each estimate leaves out."""
    if found is None or found.empty:
        return
    lines = [_("{place}, {metric}: {ids} cannot all be true; estimated without {set_aside}.").format(
             place=schema.label_destination(r["destination_iso3"]), metric=lower_first(schema.label(schema.METRICS, r["metric"])),
             ids=", ".join(r["report_ids"].split(";")), set_aside=r["set_aside"])
             for r in found.to_dict("records")]
    st.warning(md_escape(ngettext("{n} set of reports contradicts itself; the estimate sets one report of it aside "
                                  "(the weakest source). Look the ids up on the Data & sources page.",
                                  "{n} sets of reports contradict each other; the estimate sets one report of each aside "
                                  "(the weakest source). Look the ids up on the Data & sources page.", len(lines)).format(n=len(lines))) + "\n\n"
               + "\n".join("- " + md_escape(line) for line in lines))


def events_section(data: Package, state: flt.Filters) -> None:
    st.subheader(_("Events in this range"))
    shown = cache.chart(data, "events", state, None, "reported")
    chart(shown, state)
    show_table(cache.chart_table(data, "events", state, None, "reported"), hide_index=True, width="stretch")


def series_map_view(data: Package, state: flt.Filters, column) -> None:
    """The FSB quarter map: one quarter against the same quarter of 2019."""
    options, default = cache.quarter_choices(data, state.start, state.end)
    if not options:
        st.info(_("No FSB quarter after 2019 is in the series files."))
        return
    quarter = column.selectbox(_("Quarter"), options, index=options.index(default) if default in options else len(options) - 1,
                               format_func=localised(lambda q: series.period_label("quarter", q)), key="series_quarter")
    shown = cache.series_chart(data, "map", quarter)
    chart(shown, state)
    st.caption(_("This map shows one official series for the quarter chosen; it starts at the quarter the date range falls in "
               "where that quarter has values, and the other filters do not apply to it."))
    if st.toggle(_("Show every destination of this quarter, with both values and the ratio"), key="show_series_map_table"):
        units = dict(zip(data["series_catalogue"]["series_id"], data["series_catalogue"]["unit"]))
        table = series_report.values_table(shown.drawn, units)
        table.insert(4, N_("Same quarter of 2019"), [series_chart_value(r, units) for r in shown.drawn.to_dict("records")])
        show_table(table, hide_index=True, width="stretch")


def series_chart_value(row: dict, units: dict[str, str]) -> str:
    if row["baseline_value"] != row["baseline_value"]:
        return _("no value")
    return value_text(row["baseline_value"], row["baseline_qualifier"], units.get(row["series_id"], ""))


@st.fragment
def normal_section(data: Package, state: flt.Filters) -> None:
    """"Compared with normal": one series, country and kind of period against 2019."""
    st.subheader(_("Compared with normal"))
    catalogue = data["series_catalogue"]
    entries = {r["series_id"]: r for r in catalogue.to_dict("records")}
    ids = list(entries)
    left, middle, right = st.columns([2, 1, 1])
    series_id = left.selectbox(_("Series"), ids, index=ids.index(series_report.DEFAULT_SERIES) if series_report.DEFAULT_SERIES in ids else 0,
                               format_func=localised(lambda i: series_report.series_name(entries[i])), key="normal_series")
    places, default_place = cache.series_choices(data, series_id, None, series.DEFAULT_BASELINE_YEAR)[:2]
    country = middle.selectbox(_("Country"), places, index=places.index(default_place), format_func=localised(schema.label_area),
                               key=f"normal_country_{series_id}")
    year = right.radio(_("Normal year"), list(series.BASELINE_YEARS), format_func=localised(series.baseline_label), horizontal=True, key="normal_year")
    kinds, default_kind = cache.series_choices(data, series_id, country, year)[2:]
    period = right.selectbox(_("Values per"), kinds, index=kinds.index(default_kind), format_func=localised(series_report.period_word),
                             key=f"normal_period_{series_id}_{country}")
    shown = cache.series_chart(data, "normal", series_id, country, period, year)
    st.caption(md_escape(f"{entries[series_id]['publisher']}: {entries[series_id]['definition']}"))
    if year == 2021:
        st.warning(_("2021 is distorted by the pandemic (closed borders, few flights): a ratio to 2021 overstates any rise."))
    chart(shown, state)
    with lazy_expander(_("The values drawn, with the baseline and the ratio"), "normal_values_table") as opened:
        if opened:
            show_table(cache.series_chart_table(data, series_id, country, period, year), hide_index=True, width="stretch")


def profile_picker(data: Package, state: flt.Filters) -> None:
    """On the map page: open a country's profile with the current filters (or click the
    country on the map)."""
    code = st.session_state.pop("_goto_country", None)
    if code:
        st.switch_page("pages/country.py", query_params=flt.to_query(state) | {"country": code})
    codes = profile.destinations(data["departures"])
    st.selectbox(_("Open a country profile (or click a country on the map)"), codes, index=None, key="map_profile_pick",
                 format_func=localised(schema.label_destination), placeholder=_("Pick a country"), on_change=_picked_profile)


def _picked_profile() -> None:
    st.session_state["_goto_country"] = st.session_state.get("map_profile_pick")
    st.session_state["map_profile_pick"] = None  # so coming back to the map does not leave again


def clicked_country(figure, points: list) -> str | None:
    """The destination a click on the map (a Figure or its plain dict) landed on (a
    reported country's spot)."""
    traces = figure["data"] if isinstance(figure, dict) else [trace.to_plotly_json() for trace in figure.data]
    for point in points:
        curve = point.get("curve_number")
        meta = traces[curve].get("meta") if isinstance(curve, int) and 0 <= curve < len(traces) else None
        if isinstance(meta, dict) and meta.get("role") == "click_targets" and isinstance(point.get("customdata"), str):
            return point["customdata"]
    return None
