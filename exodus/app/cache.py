"""What the pages compute from the package, kept per package and filter state so that
going back to a view (another page, a preset) does not build it again.

Every function takes the package it works on; Streamlit identifies a package by the digest
of its files (:attr:`exodus.view.package.Package.key`), not by hashing its tables. Nothing
returned here is ever modified by its callers.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from exodus import i18n
from exodus.charts import tables
from exodus.data import schema
from exodus.derive import filters as flt
from exodus.derive import headlines as picks
from exodus.derive import series
from exodus.view import report, series_report
from exodus.view.chart import Chart
from exodus.view.package import Package

#: How the caches tell packages apart: by the digest of the files they were loaded from;
#: and filter states by their ``repr``, which names every field's value (a frozen
#: dataclass of dates, strings and tuples of strings), at a thirtieth of the cost of
#: Streamlit hashing the object itself, paid by each cached call of every rerun.
BY_KEY = {Package: lambda package: package.key, flt.Filters: repr}


def _kept(entries: int):
    return st.cache_resource(max_entries=entries, show_spinner=False, hash_funcs=BY_KEY)


def chart(data: Package, kind: str, state: flt.Filters, metric: str | None, mode: str, include_flagged: bool = False) -> Chart:
    """A chart of the curated data: ``kind`` is "map", "timeline" or "events".

    Streamlit keys a cached call by the arguments as given, so ``chart(..., mode)`` and
    ``chart(..., mode, False)`` would be two entries and the chart built twice: the cached
    function is always called with every argument."""
    return _chart(data, kind, state, metric, mode, bool(include_flagged))


@_kept(256)
def _chart(data: Package, kind: str, state: flt.Filters, metric: str | None, mode: str, include_flagged: bool) -> Chart:
    # The reports and events of the range are selected once per filter state, for every
    # chart and picker of the page.
    if kind == "map":
        rows = chart_rows(data, state)
        metric = metric or report.default_map_metric(rows, state)
        return report.map_chart(data, state, metric=metric, mode=mode, include_flagged=include_flagged, rows=rows,
                                events=chart_events(data, state),
                                headlines=headlines(data, state, metric) if mode == "reported" else None)
    if kind == "timeline":
        return report.timeline_chart(data, state, mode=mode, metric=metric, include_flagged=include_flagged,
                                     rows=chart_rows(data, state), events=chart_events(data, state))
    return report.events_chart(data, state, events=chart_events(data, state))


def chart_table(data: Package, kind: str, state: flt.Filters, metric: str | None, mode: str, include_flagged: bool = False) -> pd.DataFrame:
    """The table beside a reported chart of the curated data (:func:`chart` with the same
    arguments): the events of the range for ``kind`` "events", else the figures drawn,
    with their sources."""
    return _chart_table(data, kind, state, metric, mode, bool(include_flagged))


@_kept(256)
def _chart_table(data: Package, kind: str, state: flt.Filters, metric: str | None, mode: str, include_flagged: bool) -> pd.DataFrame:
    shown = chart(data, kind, state, metric, mode, include_flagged)
    return tables.events_table(shown.drawn) if kind == "events" else tables.figures_table(shown.drawn)


def series_chart_table(data: Package, *args) -> pd.DataFrame:
    """The values drawn on a "compared with normal" chart (:func:`series_chart` with
    ``kind`` "normal" and the same arguments), kept per language."""
    return _series_chart_table(data, i18n.current(), *args)


@_kept(256)
def _series_chart_table(data: Package, lang: str, series_id: str, *args) -> pd.DataFrame:
    shown = _series_chart(data, lang, "normal", series_id, *args)
    units = dict(zip(data.series_catalogue["series_id"], data.series_catalogue["unit"]))
    return series_report.values_table(shown.drawn, {series_id: units.get(series_id, "")})


@_kept(256)
def chart_rows(data: Package, state: flt.Filters) -> pd.DataFrame:
    """The curated reports the charts of a filter state show."""
    return report.chart_reports(data, state)


@_kept(256)
def chart_events(data: Package, state: flt.Filters) -> pd.DataFrame:
    """The events the charts of a filter state show."""
    return report.chart_events(data, state)


@_kept(256)
def headline_choices(data: Package, state: flt.Filters) -> tuple[list[str], list[str]]:
    """Metrics with a headline in the range, and the ones the cards open with."""
    rows = chart_rows(data, state)
    wave = picks.wave_of(state.start, flt.CROCUS_DAY)
    return picks.metrics_with_headlines(rows, state.start, state.end), picks.default_metrics(rows, state.start, state.end, wave)


@_kept(1024)
def headlines(data: Package, state: flt.Filters, metric: str) -> pd.DataFrame:
    """The headline per destination for one metric."""
    return picks.pick(chart_rows(data, state), state.start, state.end, metric)


@_kept(256)
def in_out(data: Package, state: flt.Filters) -> pd.DataFrame:
    """Arrivals and departures counted by one body for the same days."""
    return picks.in_and_out(chart_rows(data, state), state.start, state.end)


def series_chart(data: Package, kind: str, *args) -> Chart:
    """A chart of the official series: ``kind`` "map" (a quarter) or "normal", kept per
    language too."""
    return _series_chart(data, i18n.current(), kind, *args)


@_kept(256)
def _series_chart(data: Package, lang: str, kind: str, *args) -> Chart:
    if kind == "map":
        return series_report.series_map_chart(data, *args)
    return series_report.normal_chart(data, *args)


@_kept(256)
def quarter_choices(data: Package, start, end) -> tuple[list[str], str | None]:
    """The FSB quarters after 2019 and the one to show first for a date range."""
    options = [f"{q:%Y-%m-%d}" for q in series.quarters(data.series) if q.year > series.DEFAULT_BASELINE_YEAR]
    default = series.default_quarter(data.series, within=(start, end))
    return options, (f"{default:%Y-%m-%d}" if default is not None else None)


def series_choices(data: Package, series_id: str, country: str | None, year: int) -> tuple:
    """Countries of a series (by name in the active language), the default one, and the
    kinds of period of a country with the default kind."""
    return _series_choices(data, series_id, country, year, i18n.current())


@_kept(1024)
def _series_choices(data: Package, series_id: str, country: str | None, year: int, lang: str) -> tuple:
    values = data.series
    places = sorted(series.countries(values, series_id), key=schema.label_area)
    default_place = series_report.DEFAULT_COUNTRY if series_report.DEFAULT_COUNTRY in places else series.countries(values, series_id)[0]
    country = country or default_place
    return places, default_place, series.period_kinds(values, series_id, country), series.default_period(values, series_id, country, year)


def series_values_table(data: Package, picked: tuple[str, ...]) -> pd.DataFrame:
    """The values of the picked series as displayed (in the active language)."""
    return _series_values_table(data, picked, i18n.current())


@_kept(64)
def _series_values_table(data: Package, picked: tuple[str, ...], lang: str) -> pd.DataFrame:
    units = dict(zip(data.series_catalogue["series_id"], data.series_catalogue["unit"]))
    return series_report.values_table(data.series[data.series["series_id"].isin(picked)], units)
