"""The charts of the official series, as the page, the export bundle and the command
line show them: the FSB quarter map and the "compared with normal" chart.

Each is a :class:`exodus.view.chart.Chart` whose CSV is the values drawn, each with its
baseline and ratio, in the series file's columns, and whose sources are the publisher and
the pages the values were read from ("via ...").
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from exodus.i18n import N_, _
from exodus.data import schema
from exodus.derive import series
from exodus.charts.figures import records
from exodus.charts.formatting import lower_first
from exodus.charts.series_chart import build_normal_chart, build_ratio_map, unit_words
from exodus.view.chart import Chart

MAP_SLUG = "series-map-fsb-departures"
NORMAL_SLUG = "series-compared-with-normal"
DEFAULT_SERIES = series.FSB_DEPARTURES
DEFAULT_COUNTRY = "GEO"


def _sources(publisher: str, values: pd.DataFrame) -> tuple[str, ...]:
    via = sorted({v for column in ("via", "baseline_via") for v in values.get(column, []) if isinstance(v, str) and v})
    return (publisher, *(_("via {source}").format(source=v) for v in via))


def catalogue_entry(tables: dict, series_id: str) -> dict:
    found = tables["series_catalogue"][tables["series_catalogue"]["series_id"] == series_id]
    if found.empty:
        raise KeyError(f"unknown series {series_id!r}")
    return records(found)[0]


def describe(entry: dict) -> str:
    """``Departures · Russian citizens · trips`` for a catalogue entry."""
    return " · ".join([schema.label(schema.SERIES_MEASURES, entry["measure"]), schema.label(schema.POPULATIONS, entry["population"]),
                       unit_words(entry["unit"])])


#: Kinds of period as a chart's subtitle names them ("per month").
PERIOD_WORDS = {"day": N_("day"), "week": N_("week"), "month": N_("month"), "quarter": N_("quarter"),
                "half_year": N_("half year"), "nine_months": N_("nine months"), "year": N_("year")}


def period_word(period: str) -> str:
    return _(PERIOD_WORDS[period]) if period in PERIOD_WORDS else period.replace("_", " ")


def series_name(entry: dict) -> str:
    """How a series is named in pickers and titles."""
    return f"{entry['publisher']}: {lower_first(describe(entry))} ({entry['series_id']})"


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
    title = _("FSB departures of Russian citizens by destination, {quarter} vs {baseline}").format(quarter=label, baseline=base_label)
    shown = int(compared["ratio"].notna().sum())
    subtitle = _("{year} as the normal year · trips, not persons · {n} destinations with both values · hatched: no value").format(year=series.baseline_label(year), n=shown)
    fig = build_ratio_map(tables["map_base"], compared, unit=entry["unit"], title=title, subtitle=subtitle)
    end = (quarter + pd.offsets.QuarterEnd(0)).date()
    return Chart(
        MAP_SLUG, fig, title=title, subtitle=subtitle, sources=_sources(entry["publisher"], compared),
        table=series.for_export(compared), csv_name=MAP_SLUG, span=(quarter.date(), end), drawn=compared,
        subtitle_line=subtitle,
        alt=_("Map: {title}. Each destination is coloured by the ratio of its {quarter} value to its {baseline} value.").format(title=title, quarter=label, baseline=base_label),
        caption=_("One source and one definition for every destination: border crossings by Russian citizens counted by the FSB Border Service. "
                  "Colour: {quarter} divided by {baseline} (blue fewer, red more). Hover for both values and the ratio. "
                  "Destinations off the map (Abkhazia, most of the world) are in the table below.").format(quarter=label, baseline=base_label),
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
    title = _("Compared with normal: {what}, {place} ({role})").format(what=lower_first(describe(entry)), place=place, role=schema.label(schema.COUNTRY_ROLES, entry["country_role"]))
    base = series.baseline_label(year)
    subtitle = entry["publisher"] + " · " + _("per {period} · dashed: the same period of {baseline}").format(period=period_word(period), baseline=base)
    fig = build_normal_chart(shown, events, unit=entry["unit"], baseline_label=base, title=title, subtitle=subtitle,
                             start=start, end=last)
    return Chart(
        NORMAL_SLUG, fig, title=title, subtitle=subtitle, sources=_sources(entry["publisher"], shown),
        table=series.for_export(shown), csv_name=NORMAL_SLUG, span=(start, last), drawn=shown, subtitle_line=subtitle,
        alt=_("Chart: {title}, {period} values from {year} on, with the same period of {baseline} dashed and the events below.").format(title=title, period=period_word(period), year=year, baseline=base),
        caption=_("Solid: each value over the days it covers. Dashed: the value of the same period of {baseline}, where one was published; "
                  "hover for the ratio. Gaps are periods with no published value. This chart ignores the date filter: it starts in the baseline year.").format(baseline=base),
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
        N_("Series"): [r["series_id"] for r in rows],
        N_("Publisher"): [r["publisher"] for r in rows],
        N_("Dataset"): [r["dataset"] for r in rows],
        N_("What is counted"): [describe(r) for r in rows],
        N_("Direction"): [schema.label(schema.SERIES_DIRECTIONS, r["direction"]) for r in rows],
        N_("Country means"): [schema.label(schema.COUNTRY_ROLES, r["country_role"]) for r in rows],
        N_("Values"): [int(counts.loc[r["series_id"], "n"]) if r["series_id"] in counts.index else 0 for r in rows],
        N_("From"): [f"{counts.loc[r['series_id'], 'first']:%Y-%m-%d}" if r["series_id"] in counts.index else "" for r in rows],
        N_("To"): [f"{counts.loc[r['series_id'], 'last']:%Y-%m-%d}" if r["series_id"] in counts.index else "" for r in rows],
        N_("Definition"): [r["definition"] for r in rows],
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
        N_("Via"): [r["via"] for r in rows],
        "Published": [r["published"] for r in rows],
        "Notes": [r["notes"] for r in rows],
    })
    if "ratio" in values:
        table.insert(4, N_("Ratio to the baseline"), [ratio_text(r["ratio"]) for r in rows])
    return table
