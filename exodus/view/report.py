"""Every chart of a view, built from the tables and the filters alone.

The pages, the "export all" bundle and ``python -m exodus.export`` all call these, so a
chart exported in batch is the chart a reader sees.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from exodus.i18n import N_, _
from exodus.derive import estimate
from exodus.data import schema
from exodus.view import series_report
from exodus.derive import filters as flt
from exodus.derive import headlines as picks
from exodus.charts.formatting import lower_first
from exodus.charts.map_chart import build_map
from exodus.charts.timeline import build_events_timeline, build_timeline

MAP_MODES = {"reported": N_("Headline figure (most authoritative report)"), "estimate": N_("Estimated total (derived)")}
TIMELINE_MODES = {"reported": N_("Reported figures"), "estimate": N_("Estimated daily flow (derived)")}


@dataclass
class Chart:
    """A figure with the rows behind it and what a reader needs to read it."""

    slug: str
    figure: go.Figure
    rows: pd.DataFrame
    alt: str
    caption: str
    table: pd.DataFrame | None = None
    span: tuple | None = None  # the days the chart covers when not the filters' range

    def export_table(self) -> pd.DataFrame:
        """What the chart's CSV holds: the estimates (low, high, report ids) for an
        estimate chart, otherwise the reports in the curated file's columns."""
        from exodus.charts.tables import for_export

        if self.table is not None and "kind" in self.table and set(self.table["kind"]) <= {"estimate"}:
            out = self.table.copy()
            out.attrs = {}
            for column in out.columns:
                if pd.api.types.is_datetime64_any_dtype(out[column]):
                    out[column] = out[column].dt.strftime("%Y-%m-%d")
            return out.reset_index(drop=True)
        return for_export(self.rows)

    @property
    def sources(self) -> list[str]:
        column = "reporting_body" if "reporting_body" in self.rows else "source_publisher"
        return sorted(set(self.rows[column])) if column in self.rows else []


def default_map_metric(rows: pd.DataFrame, state: flt.Filters | None = None) -> str:
    """The first headline metric of the range (see exodus.derive.headlines.default_metrics), so
    the map opens on a metric that has figures; without a state, the first movement metric present."""
    if state is not None:
        found = picks.default_metrics(rows, state.start, state.end, picks.wave_of(state.start, flt.CROCUS_DAY))
        if found:
            return found[0]
    in_rows = set(rows["metric"].unique().tolist())
    present = [m for m in schema.MOVEMENT_METRICS if m in in_rows]
    return present[0] if present else schema.MOVEMENT_METRICS[0]


def estimate_rows(tables: dict, state: flt.Filters, metric: str) -> pd.DataFrame:
    """The reports an estimate rests on: every report of the chosen destinations,
    populations and metric in people, whatever its dates, so that the estimate of a day
    does not depend on the range viewed."""
    every_day = replace(state, start=date(1900, 1, 1), end=date(2999, 12, 31))
    rows = flt.select(tables["departures"], every_day)
    return rows[(rows["metric"] == metric) & (rows["unit"] == "people") & (rows["crossing_id"].fillna("") == "")]


def estimated_totals(rows: pd.DataFrame, state: flt.Filters, include_flagged: bool = False) -> pd.DataFrame:
    """Estimated totals per destination for the range: one series per destination, people only."""
    people = rows[(rows["unit"] == "people") & (rows["crossing_id"].fillna("") == "")]
    totals = estimate.estimate_totals(people, pd.Timestamp(state.start), pd.Timestamp(state.end), include_flagged)
    found = totals.attrs.get("conflicts")
    totals = totals[(totals["crossing_id"] == "") & (totals["days_covered"] > 0)]
    totals = totals.sort_values(["destination_iso3", "days_covered", "point", "population"], ascending=[True, False, False, True], kind="stable")
    totals = totals.drop_duplicates("destination_iso3")
    explanation = [estimate.explain(r) for r in totals.to_dict("records")]
    out = totals.assign(value=totals["point"], explanation=explanation).reset_index(drop=True)
    out.attrs = {"conflicts": found}
    return out


def map_chart(tables: dict, state: flt.Filters, metric: str | None = None, mode: str = "reported",
              include_flagged: bool = False) -> Chart:
    rows = flt.select(tables["departures"], state, flt.CHART_SHARE)
    metric = metric or default_map_metric(rows, state)
    chosen = rows[rows["metric"] == metric]
    country_rows = chosen[chosen["crossing_id"] == ""]
    label = schema.label(schema.METRICS, metric)
    if mode == "estimate":
        totals = estimated_totals(estimate_rows(tables, state, metric), state, include_flagged)
        title, value_label = _("{metric}: estimated total per country (derived from reports)").format(metric=label), _("people (estimate)")
    else:
        totals = picks.pick(country_rows, state.start, state.end, metric)
        title, value_label = _("{metric}: headline figure per country (most authoritative report)").format(metric=label), _("people (reported)")
    restrictions = flt.restrictions_in_force(tables["events"], state)
    base = tables["map_base"]
    excluded = frozenset(c for c in base.outlines if c != "RUS" and c not in state.destinations) if state.destinations else frozenset()
    fig = build_map(
        base, totals, picks.by_crossing(chosen), restrictions, title=title,
        subtitle=f"{state.label} · " + _("hatched grey: no report in range · red dotted outline: border restriction in force")
                 + (" · " + _("white: not selected") if excluded else ""),
        value_label=value_label, excluded=excluded,
    )
    return Chart(
        "map" if mode == "reported" else "map-estimate", fig, chosen,
        alt=_("Map of Russia and its neighbours: {title}, {period}.").format(title=lower_first(title), period=state.label),
        caption=_("Each country is coloured by one figure (log scale); circles mark crossing points, sized by their largest figure. Hover for the figure, its period and its source."),
        table=totals,
    )


def timeline_metrics(rows: pd.DataFrame) -> list[str]:
    """Metrics a timeline can show for these rows: movements first, then the others counted in people."""
    present = set(rows.loc[rows["unit"] == "people", "metric"])
    first = [m for m in schema.MOVEMENT_METRICS if m in present]
    return first + [m for m in schema.METRICS if m in present and m not in first]


def timeline_chart(tables: dict, state: flt.Filters, mode: str = "reported", metric: str | None = None,
                   include_flagged: bool = False) -> Chart:
    """One metric over time (default: the first movement metric in the range)."""
    rows = flt.select(tables["departures"], state, flt.CHART_SHARE)
    events = flt.select_events(tables["events"], state)
    metric = metric or next(iter(timeline_metrics(rows)), schema.MOVEMENT_METRICS[0])
    rows = rows[rows["metric"] == metric]
    label = schema.label(schema.METRICS, metric)
    if mode == "estimate":
        from exodus.charts.estimate_chart import build_estimate_timeline

        people = estimate_rows(tables, state, metric)
        daily = _in_range(estimate.estimate_daily(people, include_flagged), state)
        baseline = _in_range(estimate.estimate_daily(people), state) if include_flagged else None
        shown = people[(people["period_end"] >= pd.Timestamp(state.start)) & (people["period_start"] <= pd.Timestamp(state.end))]
        fig = build_estimate_timeline(daily, shown, events, start=state.start, end=state.end, baseline=baseline,
                                      title=_("{metric}: estimated people per day (derived from reports)").format(metric=label), subtitle=state.label)
        return Chart(
            "estimated-flow", fig, shown,
            alt=_("Estimated daily flow per destination with the range the reports allow, {period}.").format(period=state.label),
            caption=_("Shaded bands: the smallest and largest flow every report allows on each day; line: the smoothest series "
                      "that meets every report; marks: the daily figures as reported (a range as a range). Days no report covers "
                      "stay empty. Hover lists the reports that set the bounds. Method: About & method."),
            table=daily,
        )
    fig = build_timeline(rows, events, start=state.start, end=state.end, title=_("{metric}: reported figures over time").format(metric=label), subtitle=state.label)
    return Chart(
        "timeline", fig, rows,
        alt=_("Timeline of reported figures per destination with events, {period}.").format(period=state.label),
        caption=_("Top: figures given per day. Middle: totals drawn as spans over the days they cover (triangle: running total; diamond: a level on one day). Bottom: events; dotted lines mark the invasion, the decree, the end of mobilization and the attack."),
    )


def _in_range(daily: pd.DataFrame, state: flt.Filters) -> pd.DataFrame:
    out = daily[daily["date"].between(pd.Timestamp(state.start), pd.Timestamp(state.end))].reset_index(drop=True)
    out.attrs = daily.attrs
    return out


def events_chart(tables: dict, state: flt.Filters) -> Chart:
    events = flt.select_events(tables["events"], state)
    fig = build_events_timeline(events, start=state.start, end=state.end, title=_("Events"), subtitle=state.label)
    return Chart(
        "events", fig, events,
        alt=_("Events in {period}, one lane per category.").format(period=state.label),
        caption=_("Bars: measures in force over a span (cut at today where still in force). Marks: one-day events."),
    )


def all_charts(tables: dict, state: flt.Filters) -> list[Chart]:
    """The charts of a full view, for the export bundle."""
    metric = default_map_metric(flt.select(tables["departures"], state, flt.CHART_SHARE), state)
    return [
        map_chart(tables, state, metric),
        map_chart(tables, state, metric, mode="estimate"),
        timeline_chart(tables, state, metric=metric),
        timeline_chart(tables, state, mode="estimate", metric=metric),
        events_chart(tables, state),
    ] + (series_report.default_charts(tables, within=(state.start, state.end)) if "series" in tables else [])


def has_own_table(chart: Chart) -> bool:
    """Whether a chart's CSV is its own table (estimates, series with baselines) rather
    than the filtered figures, so that the bundle and the command line write it apart."""
    return chart.slug in ("map-estimate", "estimated-flow") or isinstance(chart, series_report.SeriesChart)


def chart_span(chart: Chart, state: flt.Filters) -> tuple:
    """The first and last day a chart covers, for its export's date line and file name."""
    return chart.span or (state.start, state.end)
