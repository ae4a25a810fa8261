"""A country's profile: every reported figure for it, best first, with its series,
crossings, events and sources."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from exodus.i18n import N_, _
from exodus.app import cache
from exodus.app.state import localised
from exodus.app.frame import chart, csv_file, show_table
from exodus.charts import tables
from exodus.charts.formatting import amount, lower_first, md_escape, measure_phrase
from exodus.data import schema
from exodus.derive import filters as flt
from exodus.derive import profile, series
from exodus.export.files import file_name
from exodus.export.spreadsheet import safe_csv
from exodus.view import series_report
from exodus.view.package import Package


PROFILE_KEY = "profile_country"


def _profile_country(codes: list[str], state: flt.Filters) -> str:
    """The country of the profile page: the address bar's, else the first destination
    filtered on, else Georgia. An unknown code in a link is named in a plain notice."""
    raw = st.query_params.get("country")
    fallback = next((c for c in state.destinations if c in codes), "GEO" if "GEO" in codes else codes[0])
    wanted = raw.upper() if isinstance(raw, str) and raw.upper() in codes else fallback
    if raw is not None and raw.upper() not in codes:
        st.warning(md_escape(_("Ignored unknown country “{code}”; showing {shown}.").format(code=raw[:20], shown=schema.label_destination(wanted))), icon="⚠️")
    if PROFILE_KEY not in st.session_state or st.session_state.get("_profile_url") != raw:
        st.session_state[PROFILE_KEY] = wanted
    choice = st.selectbox(_("Country"), codes, key=PROFILE_KEY, format_func=localised(schema.label_destination))
    st.query_params["country"] = choice
    st.session_state["_profile_url"] = choice
    return choice


def country_page(data: Package, state: flt.Filters) -> None:
    codes = profile.destinations(data["departures"])
    heading = st.container()
    iso3 = _profile_country(codes, state)
    found = profile.build_profile(data, iso3, state)
    heading.title(_("{country}: every reported figure").format(country=found.name))
    st.caption(md_escape(
        _("{n} of the {total} figures reported for {country} overlap {period}; "
          "widen the period in the sidebar to see the others. Best first: the most authoritative kind of body, "
          "then the period closest to the range, then the latest publication. Figures are never added together.").format(
            n=len(found.reports), total=found.total_reports, country=found.name, period=state.label)))
    best = profile.lead(found.reports)
    if found.reports.empty:
        st.info(_("No figure for this country overlaps the chosen range. Try the period “All”."))
    else:
        if best is not None:
            st.subheader(_("Best match for this range"))
            st.markdown(md_escape(
                f"{amount(best)} · {lower_first(schema.label(schema.METRICS, best['metric']))}, {measure_phrase(best).rstrip('.')}. "
                + _("Reported by {body}, published {date} (id {id}).").format(body=best["reporting_body"], date=best["reported_on"], id=best["id"])))
            link = tables.figures_table(pd.DataFrame([best]))["Link"].iloc[0]
            if link:
                st.link_button(_("Open the source ↗"), link)
        st.subheader(_("All figures for this range"))
        table = tables.figures_table(found.reports)
        table.insert(4, N_("Days inside the range"), found.reports["days_inside"].to_numpy())
        table.insert(5, N_("Days outside"), found.reports["days_outside"].to_numpy())
        show_table(table, hide_index=True, width="stretch")
        st.download_button(_("Download these figures (CSV)"), csv_file(lambda: tables.for_export(found.reports)),
                           file_name=file_name(f"{iso3.lower()}-figures", state.start, state.end, "csv"),
                           mime="text/csv", on_click="ignore", key="csv_profile")
        own = replace(state, destinations=(iso3,))
        shown = cache.chart(data, "timeline", own, None, "reported")
        chart(shown, own, key_prefix="profile_")
    _profile_series(data, iso3, found.name, state)
    st.subheader(_("Reporting bodies"))
    show_table(found.sources.rename(columns={"reporting_body": N_("Reported by"), "figures": N_("Figures in range"), "latest": N_("Latest publication")}),
                 hide_index=True, width="stretch")
    st.subheader(_("Crossing points"))
    if found.crossings.empty:
        st.write(_("No crossing point of this country is in the data."))
    else:
        show_table(found.crossings.drop(columns=["line"], errors="ignore"), hide_index=True, width="stretch")
    st.subheader(_("Events in this range"))
    show_table(tables.events_table(found.events), hide_index=True, width="stretch")


def _profile_series(data: Package, iso3: str, name: str, state: flt.Filters) -> None:
    """A profile's regular statistics: the FSB's quarterly departures of Russians to the
    country against 2019 (where it has them), and every series value for the country
    that overlaps the range."""
    values = data["series"]
    mine = values[values["country_iso3"] == iso3]
    st.subheader(_("Regular statistics for {country}").format(country=name))
    if mine.empty:
        st.write(_("No regular statistic in the data names this country."))
        return
    if not mine[mine["series_id"] == series.FSB_DEPARTURES].empty:
        period = series.default_period(values, series.FSB_DEPARTURES, iso3, series.DEFAULT_BASELINE_YEAR)
        chart(cache.series_chart(data, "normal", series.FSB_DEPARTURES, iso3, period, series.DEFAULT_BASELINE_YEAR), state, key_prefix="profile_")
    start, end = pd.Timestamp(state.start), pd.Timestamp(state.end)
    in_range = mine[(mine["period_end"] >= start) & (mine["period_start"] <= end)]
    units = dict(zip(data["series_catalogue"]["series_id"], data["series_catalogue"]["unit"]))
    st.caption(md_escape(_("{n} values of {series} series for {country} overlap {period}. "
                           "Series are regular counts, comparable over time; every series and its definition: Data & sources.").format(
        n=len(in_range), series=mine["series_id"].nunique(), country=name, period=state.label)))
    if not in_range.empty:
        show_table(series_report.values_table(in_range, units), hide_index=True, width="stretch")
