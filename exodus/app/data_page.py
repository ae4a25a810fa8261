"""The Data & sources page: the reported figures and events, the official series, and a
reader's own file checked and drawn like the curated data.

The series list and the reader's file are fragments (``st.fragment``): picking series or
uploading a file reruns that section alone, not the tables above it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from exodus import i18n
from exodus.i18n import _, ngettext
from exodus.app import cache
from exodus.app.frame import chart, csv_file, data_downloads, show_table
from exodus.app.state import localised, plain_text
from exodus.charts import tables
from exodus.charts.formatting import number
from exodus.data import upload_limits
from exodus.derive import filters as flt
from exodus.derive import series
from exodus.export.spreadsheet import safe_csv
from exodus.ops.upload_worker import check_upload
from exodus.view import series_report
from exodus.view.package import Package
from exodus.view.upload_preview import build_preview


def data_tables(data: Package, state: flt.Filters) -> None:
    rows = flt.select(data["departures"], state)
    query = st.text_input(_("Search the figures (or type a row id such as m22-geo-035)"), placeholder=_("e.g. Frontex, Verkhny Lars, deportations"), key="data_search")
    ids = tables.ids_in(query)
    shown = data["departures"][data["departures"]["id"].isin(ids)] if ids else tables.search(rows, query)
    st.write(_("{n} of {total} reported figures match the filters ({period}).").format(n=len(shown), total=len(data["departures"]), period=state.label))
    show_table(tables.figures_table(shown), hide_index=True, width="stretch")
    data_downloads(shown, state)
    st.subheader(_("Events"))
    show_table(tables.events_table(flt.select_events(data["events"], state)), hide_index=True, width="stretch")
    with st.expander(_("Crossing points")):
        show_table(data["crossings"].drop(columns=["line"]), hide_index=True, width="stretch")


@st.fragment
def series_data_section(data: Package, state: flt.Filters) -> None:
    """The official series with their definitions, searchable by series, downloadable."""
    st.subheader(_("Official series"))
    st.write(_("Regular statistics published by border services, ministries and statistics offices: each series keeps one "
             "definition over time, so its values can be compared with a normal year. They are kept apart from the "
             "reported figures above and are not filtered by date."))
    values, catalogue = data["series"], data["series_catalogue"]
    show_table(series_report.catalogue_table(catalogue, values), hide_index=True, width="stretch")
    entries = {r["series_id"]: r for r in catalogue.to_dict("records")}
    picked = st.multiselect(_("Series to list"), list(entries), key="data_series", placeholder=_("All series"),
                            format_func=localised(lambda i: series_report.series_name(entries[i])))
    rows = values[values["series_id"].isin(picked)] if picked else values
    if picked:
        st.write(_("{n} of {total} series values.").format(n=len(rows), total=len(values)))
        show_table(cache.series_values_table(data, tuple(picked)), hide_index=True, width="stretch")
    else:
        st.caption(_("Pick one or more series to list their values; the download below holds all {n} of them.").format(n=len(values)))
    left, right = st.columns(2)
    left.download_button(_("Download these series values (CSV)"), csv_file(lambda: series.for_export(rows)),
                         file_name="exodus-series-values.csv", mime="text/csv", on_click="ignore", key="csv_series")
    right.download_button(_("Download the series catalogue (CSV)"), csv_file(lambda: catalogue.drop(columns=["line"])),
                          file_name="exodus-series-catalogue.csv", mime="text/csv", on_click="ignore", key="csv_series_catalogue")


def upload_section(data: Package) -> None:
    upload_own_file(data)


@st.fragment
def upload_own_file(data: Package) -> None:
    """Check a user's own file in the same schema; the valid rows can be viewed, nothing is stored.

    The check runs in a separate process with a time limit and a memory cap
    (:mod:`exodus.ops.upload_worker`), once per file: reruns of the page reuse its result."""
    st.subheader(_("Check and view your own file"))
    st.write(_("Upload a CSV in the same columns as `data/departures.csv` (up to 2 MB, {rows} rows and "
               "{days} days from the first to the last day). It is checked row by row "
               "and shown below; it is not saved on the server and disappears when you close the page.").format(
        rows=number(upload_limits.MAX_ROWS), days=number(upload_limits.MAX_SPAN_DAYS)))
    upload = st.file_uploader(_("Your departures CSV"), type=["csv"], key="own_csv")
    if upload is None:
        st.session_state.pop("_own_csv_checked", None)
        return
    kept = st.session_state.get("_own_csv_checked")
    if kept is None or kept[0] != (upload.file_id, i18n.current()):
        with st.spinner(_("Checking the file…")):
            kept = ((upload.file_id, i18n.current()), check_upload(upload.getvalue(), plain_text(upload.name, 100),
                                                                    set(data.crossings["id"]), preview=True, lang=i18n.current()))
        st.session_state["_own_csv_checked"] = kept
    checked = kept[1]
    good, problems = checked.rows, checked.problems
    if problems:
        st.error(ngettext("{n} problem found; rows with problems are left out.", "{n} problems found; rows with problems are left out.",
                          len(problems)).format(n=len(problems)))
        show_table(pd.DataFrame([{"line": p.line, "column": p.column, "problem": p.message} for p in problems]),
                     hide_index=True, width="stretch")
    if good.empty:
        return
    st.success(ngettext("{n} valid row.", "{n} valid rows.", len(good)).format(n=len(good)))
    own_file_preview(data, good, checked.preview)


def own_file_preview(data: Package, rows: pd.DataFrame, preview=None) -> None:
    """Map and timeline of a user's own rows, on the same base as the curated data
    (``preview``: built already, see :mod:`exodus.view.upload_preview`)."""
    preview = preview or build_preview(data, rows)
    for shown in preview.charts:
        chart(shown, preview.state, key_prefix="own_")
    show_table(preview.table, hide_index=True, width="stretch")
