"""The charts of the official series, as the page, the export bundle and the command
line show them: the FSB quarter map and the "compared with normal" chart.

Each is a :class:`exodus.view.chart.Chart` whose CSV is the values drawn, each with its
baseline and ratio, in the series file's columns, and whose sources are the publisher and
the pages the values were read from ("via ...").
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from exodus.data import schema
from exodus.derive import series
from exodus.charts.figures import records
from exodus.charts.series_chart import build_normal_chart, build_ratio_map
from exodus.view.chart import Chart

MAP_SLUG = "series-map-fsb-departures"
NORMAL_SLUG = "series-compared-with-normal"
DEFAULT_SERIES = series.FSB_DEPARTURES
DEFAULT_COUNTRY = "GEO"


def _sources(publisher: str, values: pd.DataFrame) -> tuple[str, ...]:
    via = sorted({v for column in ("via", "baseline_via") for v in values.get(column, []) if isinstance(v, str) and v})
    return (publisher, *(f"via {v}" for v in via))


def catalogue_entry(tables: dict, series_id: str) -> dict:
    found = tables["series_catalogue"][tables["series_catalogue"]["series_id"] == series_id]
    if found.empty:
        raise KeyError(f"unknown series {series_id!r}")
    return records(found)[0]


def describe(entry: dict) -> str:
    """``Departures · Russian citizens · trips`` for a catalogue entry."""
    return " · ".join([schema.SERIES_MEASURES[entry["measure"]], schema.POPULATIONS[entry["population"]], entry["unit"]])


def series_name(entry: dict) -> str:
    """How a series is named in pickers and titles."""
    return f"{entry['publisher']}: {describe(entry).lower()} ({entry['series_id']})"


def series_map_chart(tables: dict, quarter_start=None, year: int = series.DEFAULT_BASELINE_YEAR, within: tuple | None = None) -> Chart:
    """FSB departures of Russian citizens per destination in one quarter against the same
    quarter of the baseline year (default: :func:`exodus.derive.series.default_quarter` for the
    date range ``within``)."""
    values = tables["series"]
    quarter = pd.Timestamp(quarter_start) if quarter_start is not None else series.default_quarter(values, within=within)
    entry = catalogue_entry(tables, series.FSB_DEPARTURES)
    compared = series.quarter_vs_baseline(values, quarter, year=year)
    label = series.period_label("quarter", quarter)
    base_label = series.period_label("quarter", quarter.replace(year=year))
    title = f"FSB departures of Russian citizens by destination, {label} vs {base_label}"
    shown = int(compared["ratio"].notna().sum())
    subtitle = f"{series.baseline_label(year)} as the normal year · trips, not persons · {shown} destinations with both values · hatched: no value"
    fig = build_ratio_map(tables["map_base"], compared, unit=entry["unit"], title=title, subtitle=subtitle)
    end = (quarter + pd.offsets.QuarterEnd(0)).date()
    return Chart(
        MAP_SLUG, fig, title=title, subtitle=subtitle, sources=_sources(entry["publisher"], compared),
        table=series.for_export(compared), csv_name=MAP_SLUG, span=(quarter.date(), end), drawn=compared,
        alt=f"Map: {title}. Each destination is coloured by the ratio of its {label} value to its {base_label} value.",
        caption=(f"One source and one definition for every destination: border crossings by Russian citizens counted by the FSB Border Service. "
                 f"Colour: {label} divided by {base_label} (blue fewer, red more). Hover for both values and the ratio. "
                 "Destinations off the map (Abkhazia, most of the world) are in the table below."),
    )


def normal_chart(tables: dict, series_id: str = DEFAULT_SERIES, country: str | None = None, period: str | None = None,
                 year: int = series.DEFAULT_BASELINE_YEAR) -> Chart:
    """One series for one country and kind of period, from January of the baseline year
    on, each value beside the same period of the baseline year, with the events."""
    values = tables["series"]
    entry = catalogue_entry(tables, series_id)
    country = country or (DEFAULT_COUNTRY if DEFAULT_COUNTRY in series.countries(values, series_id) else series.countries(values, series_id)[0])
    period = period or series.default_period(values, series_id, country, year)
    compared = series.with_baselines(series.select(values, series_id, country, period), year)
    start = date(year, 1, 1)
    shown = compared[compared["period_end"] >= pd.Timestamp(start)].reset_index(drop=True)
    last = shown["period_end"].max().date() if not shown.empty else date(year, 12, 31)
    events = tables["events"]
    events = events[(events["date"] >= pd.Timestamp(start)) & (events["date"] <= pd.Timestamp(last))]
    place = schema.label_area(country)
    title = f"Compared with normal: {describe(entry).lower()}, {place} ({schema.COUNTRY_ROLES[entry['country_role']]})"
    base = series.baseline_label(year)
    subtitle = f"{entry['publisher']} · per {period.replace('_', ' ')} · dashed: the same period of {base}"
    fig = build_normal_chart(shown, events, unit=entry["unit"], baseline_label=base, title=title, subtitle=subtitle,
                             start=start, end=last)
    return Chart(
        NORMAL_SLUG, fig, title=title, subtitle=subtitle, sources=_sources(entry["publisher"], shown),
        table=series.for_export(shown), csv_name=NORMAL_SLUG, span=(start, last), drawn=shown,
        alt=f"Chart: {title}, {period} values from {year} on, with the same period of {base} dashed and the events below.",
        caption=(f"Solid: each value over the days it covers. Dashed: the value of the same period of {base}, where one was published; "
                 "hover for the ratio. Gaps are periods with no published value. This chart ignores the date filter: it starts in the baseline year."),
    )


def default_charts(tables: dict, within: tuple | None = None) -> list[Chart]:
    """The series charts of the export bundle and the command line; the map shows the
    quarter the date range ``within`` falls in, where it has values."""
    charts = []
    if series.quarters(tables["series"]):
        charts.append(series_map_chart(tables, within=within))
    if DEFAULT_SERIES in set(tables["series"]["series_id"]):
        charts.append(normal_chart(tables))
    return charts


def catalogue_table(catalogue: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """One row per series with its definition, for the Data & sources page."""
    counts = values.groupby("series_id").agg(n=("value", "size"), first=("period_start", "min"), last=("period_end", "max"))
    rows = records(catalogue)
    return pd.DataFrame({
        "Series": [r["series_id"] for r in rows],
        "Publisher": [r["publisher"] for r in rows],
        "Dataset": [r["dataset"] for r in rows],
        "What is counted": [describe(r) for r in rows],
        "Direction": [schema.SERIES_DIRECTIONS[r["direction"]] for r in rows],
        "Country means": [schema.COUNTRY_ROLES[r["country_role"]] for r in rows],
        "Values": [int(counts.loc[r["series_id"], "n"]) if r["series_id"] in counts.index else 0 for r in rows],
        "From": [f"{counts.loc[r['series_id'], 'first']:%Y-%m-%d}" if r["series_id"] in counts.index else "" for r in rows],
        "To": [f"{counts.loc[r['series_id'], 'last']:%Y-%m-%d}" if r["series_id"] in counts.index else "" for r in rows],
        "Definition": [r["definition"] for r in rows],
    })


def values_table(values: pd.DataFrame, unit_of: dict[str, str]) -> pd.DataFrame:
    """Series values for display: readable period and value, the source link kept safe."""
    from exodus.charts.formatting import safe_link
    from exodus.charts.series_chart import ratio_text, value_text

    rows = records(values)
    table = pd.DataFrame({
        "Series": [r["series_id"] for r in rows],
        "Country": [schema.label_area(r["country_iso3"]) for r in rows],
        "Period": [series.period_label(r["period"], r["period_start"]) for r in rows],
        "Value": [value_text(r["value"], r["qualifier"], unit_of.get(r["series_id"], "")) for r in rows],
        "Source": [r["source_title"] for r in rows],
        "Link": [safe_link(r["source_url"]) for r in rows],
        "Via": [r["via"] for r in rows],
        "Published": [r["published"] for r in rows],
        "Notes": [r["notes"] for r in rows],
    })
    if "ratio" in values:
        table.insert(4, "Ratio to the baseline", [ratio_text(r["ratio"]) for r in rows])
    return table
