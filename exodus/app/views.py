"""Page sections: each lays out widgets and calls the pure builders in
:mod:`exodus.view.report`, so that the pages stay a few lines long."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from exodus.derive import filters as flt
from exodus.derive import headlines as picks
from exodus.data import authority
from exodus.view import report
from exodus.data import schema
from exodus.derive import series
from exodus.view import series_report
from exodus.charts import tables
from exodus.charts.formatting import amount, lower_first, md_escape, measure_phrase, number, safe_link
from exodus.app.ui import LINK_CONFIG, chart, plain_text

ABOUT = Path(__file__).resolve().parent / "texts" / "about.md"
SERIES_MAP_MODE = "series"


@st.cache_resource(max_entries=256, show_spinner=False)
def _chart(kind: str, state: flt.Filters, metric: str | None, mode: str, include_flagged: bool = False) -> report.Chart:
    """Charts of the curated data, kept per filter state so that going back to a view
    (another page, a preset) does not build it again. Charts are never mutated."""
    from exodus.app.ui import package

    data = package()
    if kind == "map":
        return report.map_chart(data, state, metric=metric, mode=mode, include_flagged=include_flagged)
    if kind == "timeline":
        return report.timeline_chart(data, state, mode=mode, metric=metric, include_flagged=include_flagged)
    return report.events_chart(data, state)


@st.cache_resource(max_entries=256, show_spinner=False)
def chart_rows(state: flt.Filters) -> pd.DataFrame:
    """The curated reports the charts of a filter state show, selected once per state.
    Callers never modify the frame."""
    from exodus.app.ui import package

    return flt.select(package()["departures"], state, flt.CHART_SHARE)


@st.cache_resource(max_entries=256, show_spinner=False)
def _headline_choices(state: flt.Filters) -> tuple[list[str], list[str]]:
    """Metrics with a headline in the range, and the ones the cards open with."""
    rows = chart_rows(state)
    wave = picks.wave_of(state.start, flt.CROCUS_DAY)
    return picks.metrics_with_headlines(rows, state.start, state.end), picks.default_metrics(rows, state.start, state.end, wave)


@st.cache_resource(max_entries=1024, show_spinner=False)
def _headlines(state: flt.Filters, metric: str) -> pd.DataFrame:
    """The headline per destination for one metric, kept per filter state. Never modified."""
    return picks.pick(chart_rows(state), state.start, state.end, metric)


@st.cache_resource(max_entries=256, show_spinner=False)
def _in_out(state: flt.Filters) -> pd.DataFrame:
    """Arrivals and departures counted by one body for the same days, kept per filter state."""
    return picks.in_and_out(chart_rows(state), state.start, state.end)


#: The Crocus period's map page says first, in one sentence, why departures are missing.
CROCUS_LEDE = ("Almost no one counts people leaving Russia after 22 March 2024, so this page shows what is "
               "counted instead: removals, expulsion orders, entry bans and refusals, returnees counted at home, "
               "and migrants still registered.")
CROCUS_NOTE = ("After 22 March 2024 almost no one counts people leaving Russia: what is published are removals, "
               "expulsion orders, refusals and bans of entry, returnees counted by their home countries, and the number "
               "of migrants still registered in Russia. Each is shown below under its own name.")


def lede_section(state: flt.Filters) -> None:
    """The headline figures in one sentence above the map; the cards below give each in full."""
    options, defaults = _headline_choices(state)
    crocus = picks.wave_of(state.start, flt.CROCUS_DAY) == "crocus_2024"
    why = CROCUS_LEDE + " " if crocus else ""
    text = tables.lede(_headlines(state, defaults[0]), schema.METRICS[defaults[0]]) if defaults else ""
    if why or text:
        st.markdown(md_escape(f"{state.label}. {why}{text}") + " " + md_escape("Each figure in full, with its source, below the map."))


def headline_section(state: flt.Filters) -> None:
    options, defaults = _headline_choices(state)
    crocus = picks.wave_of(state.start, flt.CROCUS_DAY) == "crocus_2024"
    st.subheader(f"Headline figures, {state.label}")
    if crocus:
        st.info(CROCUS_NOTE)
        counted = [m for m in picks.CROCUS_METRICS if m in options]
        if counted:
            st.markdown(md_escape("Counted in this range: " + "; ".join(
                f"{schema.METRICS[m]} ({len(_headlines(state, m))} destination(s))" for m in counted) + "."))
    if not options:
        st.info("No total from a named source was reported for this range and these filters. Try the period “All” or fewer filters.")
        return
    chosen = st.multiselect("Figures to show (one row of cards each)", options, default=defaults, format_func=schema.METRICS.get,
                            key=f"headline_metrics_{state.start}_{state.end}")
    for metric in chosen:
        _card_row(state, metric)
    st.caption("Each card is the report of the most authoritative kind of body whose period best fits the range "
               "(most days inside it, fewest outside; then the latest publication), never simply the largest. "
               "Unnamed sources, forecasts and disputed figures are never a card's figure. Figures of different "
               "destinations cover different days: never add them up. How the rule works: About & method.")
    if chosen and st.toggle("Show the chosen reports, why they were chosen and the spread", key="show_headline_table"):
        table = pd.concat([tables.headline_table(_headlines(state, m)).assign(Metric=schema.METRICS[m]) for m in chosen], ignore_index=True)
        st.dataframe(table, hide_index=True, width="stretch", column_config=LINK_CONFIG)
    if not crocus and st.toggle("Arrivals and departures counted by the same body", key="show_in_out"):
        pairs = _in_out(state)
        if pairs.empty:
            st.caption("No body counted both arrivals and departures for the same days in this range.")
            return
        st.caption("Where one body counted both who arrived and who left over the same days. The difference is computed "
                   "here and is not emigration: people who stayed may leave later, and those who left may come back.")
        st.dataframe(tables.in_out_table(pairs), hide_index=True, width="stretch", column_config=LINK_CONFIG)


def _card_row(state: flt.Filters, metric: str) -> None:
    top = _headlines(state, metric)
    st.markdown(f"**{md_escape(schema.METRICS[metric])}**")
    if top.empty:
        st.caption("No figure from a named source in this range.")
        return
    cards = st.columns(min(4, len(top)))
    for column, row in zip(cards, top.head(4).to_dict("records")):
        column.metric(tables.place_name(row["destination_iso3"]), number(row["value"]), border=True,
                      help="The figure as reported; below: its precision, exact period, who counted it and the spread of all reports.")
        column.markdown(
            md_escape(f"{amount(row)} · {schema.POPULATIONS[row['population']]}, {measure_phrase(row)}.") + "  \n"
            + md_escape(f"Counted by {row['reporting_body']} ({authority.label(row['authority_kind'])}).") + "  \n"
            + md_escape(tables.spread_text(row) + ".")
        )
        link = safe_link(row["source_url"])
        if link:
            column.link_button(md_escape(f"Source: {row['source_publisher']}"[:60]), link, width="stretch")
    if len(top) > 4:
        st.caption(f"{len(top) - 4} more destination(s) in the table below the cards.")


def map_section(data: dict, rows: pd.DataFrame, state: flt.Filters) -> None:
    left, right = st.columns([2, 1])
    modes = report.MAP_MODES | {SERIES_MAP_MODE: "FSB departures vs the same quarter of 2019"}
    mode = left.radio("Colour countries by", list(modes), format_func=modes.get, horizontal=True, key="map_mode")
    if mode == SERIES_MAP_MODE:
        series_map_view(data, state, right)
        return
    options, defaults = _headline_choices(state)
    in_rows = set(rows["metric"].unique().tolist())
    present = list(dict.fromkeys(defaults + options + [m for m in schema.MOVEMENT_METRICS if m in in_rows])) or list(schema.MOVEMENT_METRICS)
    metric = right.selectbox("Metric on the map", present, format_func=schema.METRICS.get, key="map_metric")
    include_flagged = mode == "estimate" and _flagged_toggle("map_flagged")
    shown = _chart("map", state, metric, mode, include_flagged)
    clicked = chart(shown, state, clickable=True)
    code = clicked_country(shown.figure, clicked or [])
    if code:
        st.switch_page("pages/country.py", query_params=flt.to_query(state) | {"country": code})
    if mode == "estimate":
        conflicts_notice(shown.table.attrs.get("conflicts"))
    if st.toggle("Show the figures behind the map, with their sources", key="show_map_table"):
        table = tables.headline_table(shown.table) if mode == "reported" else tables.estimate_table(shown.table)
        st.dataframe(table, hide_index=True, width="stretch", column_config=LINK_CONFIG)


def timeline_section(data: dict, state: flt.Filters) -> None:
    left, right = st.columns([2, 1])
    mode = left.radio("Show", list(report.TIMELINE_MODES), format_func=report.TIMELINE_MODES.get, horizontal=True, key="timeline_mode")
    options = report.timeline_metrics(chart_rows(state)) or list(schema.MOVEMENT_METRICS)
    metric = right.selectbox("Metric on the timeline", options, format_func=schema.METRICS.get, key="timeline_metric")
    include_flagged = mode == "estimate" and _flagged_toggle("timeline_flagged")
    shown = _chart("timeline", state, metric, mode, include_flagged)
    chart(shown, state)
    if mode == "estimate":
        conflicts_notice(shown.table.attrs.get("conflicts"))
        with st.expander("Estimated daily values (derived) and the reports they rest on"):
            table = shown.table.copy()
            table.attrs = {}
            st.dataframe(table, hide_index=True, width="stretch")


def _flagged_toggle(key: str) -> bool:
    return st.toggle("Include disputed and anonymous reports in the estimate", key=key,
                     help="Reports from anonymous sources, forecasts and disputed figures are left out of the estimate "
                          "unless this is on; with it on, the band without them is drawn dashed.")


def conflicts_notice(found: pd.DataFrame | None) -> None:
    """Name the reports that cannot all be true and the one each estimate leaves out."""
    if found is None or found.empty:
        return
    lines = [f"{schema.label_destination(r['destination_iso3'])}, {schema.METRICS.get(r['metric'], r['metric']).lower()}: "
             f"{', '.join(r['report_ids'].split(';'))} cannot all be true; estimated without {r['set_aside']}."
             for r in found.to_dict("records")]
    st.warning(md_escape(f"{len(lines)} set(s) of reports contradict each other; the estimate sets one report of each aside "
                         "(the weakest source). Look the ids up on the Data & sources page.") + "\n\n"
               + "\n".join("- " + md_escape(line) for line in lines))


def events_section(data: dict, state: flt.Filters) -> None:
    st.subheader("Events in this range")
    shown = _chart("events", state, None, "reported")
    chart(shown, state)
    st.dataframe(tables.events_table(shown.rows), hide_index=True, width="stretch", column_config=LINK_CONFIG)


def data_tables(data: dict, state: flt.Filters) -> None:
    from exodus.app.ui import data_downloads

    rows = flt.select(data["departures"], state)
    query = st.text_input("Search the figures (or type a row id such as m22-geo-035)", placeholder="e.g. Frontex, Verkhny Lars, deportations", key="data_search")
    ids = tables.ids_in(query)
    shown = data["departures"][data["departures"]["id"].isin(ids)] if ids else tables.search(rows, query)
    st.write(f"{len(shown)} of {len(data['departures'])} reported figures match the filters ({state.label}).")
    st.dataframe(tables.figures_table(shown), hide_index=True, width="stretch", column_config=LINK_CONFIG)
    data_downloads(shown, state)
    st.subheader("Events")
    st.dataframe(tables.events_table(flt.select_events(data["events"], state)), hide_index=True, width="stretch",
                 column_config=LINK_CONFIG)
    with st.expander("Crossing points"):
        st.dataframe(data["crossings"].drop(columns=["line"]), hide_index=True, width="stretch", column_config=LINK_CONFIG)


def upload_section(data: dict) -> None:
    upload_own_file(data)


def own_file_preview(data: dict, rows: pd.DataFrame, preview=None) -> None:
    """Map and timeline of a user's own rows, on the same base as the curated data
    (``preview``: built already, see :mod:`exodus.view.upload_preview`)."""
    from exodus.view.upload_preview import build_preview

    preview = preview or build_preview(data, rows)
    for shown in preview.charts:
        chart(shown, preview.state, key_prefix="own_")
    st.dataframe(preview.table, hide_index=True, width="stretch", column_config=LINK_CONFIG)


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

    from exodus.export import formats as export
    from exodus.derive import profile

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
        table.insert(4, "Days inside the range", found.reports["days_inside"].to_numpy())
        table.insert(5, "Days outside", found.reports["days_outside"].to_numpy())
        st.dataframe(table, hide_index=True, width="stretch", column_config=LINK_CONFIG)
        st.download_button("Download these figures (CSV)", lambda: export.safe_csv(tables.for_export(found.reports)),
                           file_name=export.file_name(f"{iso3.lower()}-figures", state.start, state.end, "csv"),
                           mime="text/csv", on_click="ignore", key="csv_profile")
        own = replace(state, destinations=(iso3,))
        shown = _chart("timeline", own, None, "reported")
        chart(shown, own, key_prefix="profile_")
    _profile_series(data, iso3, found.name, state)
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
    from exodus.derive import profile

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


@st.cache_resource(max_entries=256, show_spinner=False)
def _series_chart(kind: str, *args) -> series_report.SeriesChart:
    """Charts of the official series, kept per choice like the other charts."""
    from exodus.app.ui import package

    if kind == "map":
        return series_report.series_map_chart(package(), *args)
    return series_report.normal_chart(package(), *args)


@st.cache_resource(max_entries=256, show_spinner=False)
def _quarter_choices(start, end) -> tuple[list[str], str | None]:
    """The FSB quarters after 2019 and the one to show first for a date range, worked
    out once per range."""
    from exodus.app.ui import package

    values = package()["series"]
    options = [f"{q:%Y-%m-%d}" for q in series.quarters(values) if q.year > series.DEFAULT_BASELINE_YEAR]
    default = series.default_quarter(values, within=(start, end))
    return options, (f"{default:%Y-%m-%d}" if default is not None else None)


@st.cache_resource(max_entries=1024, show_spinner=False)
def _series_choices(series_id: str, country: str | None, year: int) -> tuple:
    """Countries of a series (by name), the default one, and the kinds of period of a
    country with the default kind, worked out once per choice."""
    from exodus.app.ui import package

    values = package()["series"]
    places = sorted(series.countries(values, series_id), key=schema.label_area)
    default_place = series_report.DEFAULT_COUNTRY if series_report.DEFAULT_COUNTRY in places else series.countries(values, series_id)[0]
    country = country or default_place
    return places, default_place, series.period_kinds(values, series_id, country), series.default_period(values, series_id, country, year)


def series_map_view(data: dict, state: flt.Filters, column) -> None:
    """The FSB quarter map: one quarter against the same quarter of 2019."""
    options, default = _quarter_choices(state.start, state.end)
    if not options:
        st.info("No FSB quarter after 2019 is in the series files.")
        return
    quarter = column.selectbox("Quarter", options, index=options.index(default) if default in options else len(options) - 1,
                               format_func=lambda q: series.period_label("quarter", q), key="series_quarter")
    shown = _series_chart("map", quarter)
    chart(shown, state)
    st.caption("This map shows one official series for the quarter chosen; it starts at the quarter the date range falls in "
               "where that quarter has values, and the other filters do not apply to it.")
    if st.toggle("Show every destination of this quarter, with both values and the ratio", key="show_series_map_table"):
        units = dict(zip(data["series_catalogue"]["series_id"], data["series_catalogue"]["unit"]))
        table = series_report.values_table(shown.rows, units)
        table.insert(4, "Same quarter of 2019", [series_chart_value(r, units) for r in shown.rows.to_dict("records")])
        st.dataframe(table, hide_index=True, width="stretch", column_config=LINK_CONFIG)


def series_chart_value(row: dict, units: dict[str, str]) -> str:
    from exodus.charts.series_chart import value_text

    if row["baseline_value"] != row["baseline_value"]:
        return "no value"
    return value_text(row["baseline_value"], row["baseline_qualifier"], units.get(row["series_id"], ""))


def normal_section(data: dict, state: flt.Filters) -> None:
    """"Compared with normal": one series, country and kind of period against 2019."""
    st.subheader("Compared with normal")
    catalogue = data["series_catalogue"]
    entries = {r["series_id"]: r for r in catalogue.to_dict("records")}
    ids = list(entries)
    left, middle, right = st.columns([2, 1, 1])
    series_id = left.selectbox("Series", ids, index=ids.index(series_report.DEFAULT_SERIES) if series_report.DEFAULT_SERIES in ids else 0,
                               format_func=lambda i: series_report.series_name(entries[i]), key="normal_series")
    places, default_place, _, _ = _series_choices(series_id, None, series.DEFAULT_BASELINE_YEAR)
    country = middle.selectbox("Country", places, index=places.index(default_place), format_func=schema.label_area,
                               key=f"normal_country_{series_id}")
    year = right.radio("Normal year", list(series.BASELINE_YEARS), format_func=series.BASELINE_YEARS.get, horizontal=True, key="normal_year")
    _, _, kinds, default_kind = _series_choices(series_id, country, year)
    period = right.selectbox("Values per", kinds, index=kinds.index(default_kind), format_func=lambda p: p.replace("_", " "),
                             key=f"normal_period_{series_id}_{country}")
    shown = _series_chart("normal", series_id, country, period, year)
    st.caption(md_escape(f"{entries[series_id]['publisher']}: {entries[series_id]['definition']}"))
    if year == 2021:
        st.warning("2021 is distorted by the pandemic (closed borders, few flights): a ratio to 2021 overstates any rise.")
    chart(shown, state)
    with st.expander("The values drawn, with the baseline and the ratio"):
        units = {series_id: entries[series_id]["unit"]}
        st.dataframe(series_report.values_table(shown.rows, units), hide_index=True, width="stretch", column_config=LINK_CONFIG)


@st.cache_resource(max_entries=64, show_spinner=False)
def _series_values_table(picked: tuple[str, ...]) -> pd.DataFrame:
    """The values of the picked series as displayed, built once per choice (never modified)."""
    from exodus.app.ui import package

    data = package()
    units = dict(zip(data["series_catalogue"]["series_id"], data["series_catalogue"]["unit"]))
    return series_report.values_table(data["series"][data["series"]["series_id"].isin(picked)], units)


def series_data_section(data: dict, state: flt.Filters) -> None:
    """The official series with their definitions, searchable by series, downloadable."""
    from exodus.export import formats as export

    st.subheader("Official series")
    st.write("Regular statistics published by border services, ministries and statistics offices: each series keeps one "
             "definition over time, so its values can be compared with a normal year. They are kept apart from the "
             "reported figures above and are not filtered by date.")
    values, catalogue = data["series"], data["series_catalogue"]
    st.dataframe(series_report.catalogue_table(catalogue, values), hide_index=True, width="stretch")
    entries = {r["series_id"]: r for r in catalogue.to_dict("records")}
    picked = st.multiselect("Series to list", list(entries), key="data_series", placeholder="All series",
                            format_func=lambda i: series_report.series_name(entries[i]))
    rows = values[values["series_id"].isin(picked)] if picked else values
    if picked:
        st.write(f"{len(rows)} of {len(values)} series values.")
        st.dataframe(_series_values_table(tuple(picked)), hide_index=True, width="stretch", column_config=LINK_CONFIG)
    else:
        st.caption(f"Pick one or more series to list their values; the download below holds all {len(values)} of them.")
    left, right = st.columns(2)
    left.download_button("Download these series values (CSV)", lambda: export.safe_csv(series.for_export(rows)),
                         file_name="exodus-series-values.csv", mime="text/csv", on_click="ignore", key="csv_series")
    right.download_button("Download the series catalogue (CSV)", lambda: export.safe_csv(catalogue.drop(columns=["line"])),
                          file_name="exodus-series-catalogue.csv", mime="text/csv", on_click="ignore", key="csv_series_catalogue")


def _profile_series(data: dict, iso3: str, name: str, state: flt.Filters) -> None:
    """A profile's regular statistics: the FSB's quarterly departures of Russians to the
    country against 2019 (where it has them), and every series value for the country
    that overlaps the range."""
    values = data["series"]
    mine = values[values["country_iso3"] == iso3]
    st.subheader(f"Regular statistics for {name}")
    if mine.empty:
        st.write("No regular statistic in the data names this country.")
        return
    if not mine[mine["series_id"] == series.FSB_DEPARTURES].empty:
        period = series.default_period(values, series.FSB_DEPARTURES, iso3, series.DEFAULT_BASELINE_YEAR)
        chart(_series_chart("normal", series.FSB_DEPARTURES, iso3, period, series.DEFAULT_BASELINE_YEAR), state, key_prefix="profile_")
    start, end = pd.Timestamp(state.start), pd.Timestamp(state.end)
    in_range = mine[(mine["period_end"] >= start) & (mine["period_start"] <= end)]
    units = dict(zip(data["series_catalogue"]["series_id"], data["series_catalogue"]["unit"]))
    st.caption(md_escape(f"{len(in_range)} values of {mine['series_id'].nunique()} series for {name} overlap {state.label}. "
                         "Series are regular counts, comparable over time; every series and its definition: Data & sources."))
    if not in_range.empty:
        st.dataframe(series_report.values_table(in_range, units), hide_index=True, width="stretch", column_config=LINK_CONFIG)


def upload_own_file(tables: dict) -> None:
    """Check a user's own file in the same schema; the valid rows can be viewed, nothing is stored.

    The check runs in a separate process with a time limit and a memory cap
    (:mod:`exodus.ops.upload_worker`), once per file: reruns of the page reuse its result."""
    from exodus.data import upload_limits
    from exodus.ops.upload_worker import check_upload

    st.subheader("Check and view your own file")
    st.write(f"Upload a CSV in the same columns as `data/departures.csv` (up to 2 MB, {upload_limits.MAX_ROWS:,} rows and "
             f"{upload_limits.MAX_SPAN_DAYS:,} days from the first to the last day). It is checked row by row "
             "and shown below; it is not saved on the server and disappears when you close the page.")
    upload = st.file_uploader("Your departures CSV", type=["csv"], key="own_csv")
    if upload is None:
        st.session_state.pop("_own_csv_checked", None)
        return
    kept = st.session_state.get("_own_csv_checked")
    if kept is None or kept[0] != upload.file_id:
        with st.spinner("Checking the file…"):
            kept = (upload.file_id, check_upload(upload.getvalue(), plain_text(upload.name, 100), set(tables["crossings"]["id"]),
                                                  preview=True))
        st.session_state["_own_csv_checked"] = kept
    checked = kept[1]
    good, problems = checked.rows, checked.problems
    if problems:
        st.error(f"{len(problems)} problem(s) found; rows with problems are left out.")
        st.dataframe(pd.DataFrame([{"line": p.line, "column": p.column, "problem": p.message} for p in problems]),
                     hide_index=True, width="stretch")
    if good.empty:
        return
    st.success(f"{len(good)} valid row(s).")
    own_file_preview(tables, good, checked.preview)
