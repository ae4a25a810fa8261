"""Every chart of a view, built from the tables and the filters alone.

The pages, the "export all" bundle and ``python -m exodus.export`` all call these, so a
chart exported in batch is the chart a reader sees. Each builder decides its chart's
title, subtitle, sources and CSV table (see :class:`exodus.view.chart.Chart`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from exodus.charts.estimate_chart import build_estimate_timeline
from exodus.derive.parts import parts_as_floors
from exodus.i18n import N_, _
from exodus.charts.formatting import lower_first
from exodus.charts.map_chart import map_dict
from exodus.charts.tables import for_export
from exodus.charts.timeline import events_dict, timeline_dict
from exodus.data import schema
from exodus.derive import estimate
from exodus.derive import filters as flt
from exodus.derive import headlines as picks
from exodus.view.chart import Chart, bodies, dated_table

MAP_MODES = {"reported": N_("Headline figure (most authoritative report)"), "estimate": N_("Estimated total (derived)")}
TIMELINE_MODES = {"reported": N_("Reported figures"), "estimate": N_("Estimated daily flow (derived)")}


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
    return parts_as_floors(rows[(rows["metric"] == metric) & (rows["unit"] == "people") & (rows["crossing_id"].fillna("") == "")])


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


def _subtitle(label: str, legend: str) -> str:
    """The in-app subtitle: the date range, then what the export shows under its title."""
    return f"{label} · {legend}" if legend else label


def chart_reports(tables: dict, state: flt.Filters) -> pd.DataFrame:
    """The curated reports the charts of a filter state draw from."""
    return flt.select(tables["departures"], state, flt.CHART_SHARE)


def chart_events(tables: dict, state: flt.Filters) -> pd.DataFrame:
    """The events the charts of a filter state show."""
    return flt.select_events(tables["events"], state)


def map_chart(tables: dict, state: flt.Filters, metric: str | None = None, mode: str = "reported",
              include_flagged: bool = False, rows: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
              headlines: pd.DataFrame | None = None) -> Chart:
    """The map; its CSV holds every report of the metric in the range (crossings too), or
    the estimated totals per destination in estimate mode. ``rows`` and ``events``: what
    :func:`chart_reports` and :func:`chart_events` give for ``state``; ``headlines``: what
    :func:`exodus.derive.headlines.pick` gives for those rows and the metric; each when
    the caller has it already."""
    rows = chart_reports(tables, state) if rows is None else rows
    events = chart_events(tables, state) if events is None else events
    metric = metric or default_map_metric(rows, state)
    chosen = rows.iloc[(rows["metric"].to_numpy(dtype=object) == metric).nonzero()[0]]
    label = schema.label(schema.METRICS, metric)
    if mode == "estimate":
        totals = estimated_totals(estimate_rows(tables, state, metric), state, include_flagged)
        title, value_label = _("{metric}: estimated total per country (derived from reports)").format(metric=label), _("people (estimate)")
    else:
        # the rule only ever picks a whole country's figure, so the rows of every metric will do
        totals = picks.pick(rows, state.start, state.end, metric) if headlines is None else headlines
        title, value_label = _("{metric}: headline figure per country (most authoritative report)").format(metric=label), _("people (reported)")
    restrictions = flt.restrictions(events)
    base = tables["map_base"]
    excluded = frozenset(c for c in base.outlines if c != "RUS" and c not in state.destinations) if state.destinations else frozenset()
    legend = (_("hatched grey: no report in range · red dotted outline: border restriction in force")
              + (" · " + _("white: not selected") if excluded else ""))
    fig = map_dict(
        base, totals, picks.by_crossing(chosen), restrictions, title=title, subtitle=_subtitle(state.label, legend),
        value_label=value_label, excluded=excluded,
    )
    slug = "map" if mode == "reported" else "map-estimate"
    return Chart(
        slug, fig, title=title, subtitle=legend,
        caption=_("Each country is coloured by one figure (log scale); circles mark crossing points, sized by their largest figure. Hover for the figure, its period and its source."),
        alt=_("Map of Russia and its neighbours: {title}, {period}.").format(title=lower_first(title), period=state.label),
        sources=bodies(chosen), table=dated_table(totals) if mode == "estimate" else (lambda: for_export(chosen)),
        csv_name=slug, span=(state.start, state.end), drawn=totals, conflicts=totals.attrs.get("conflicts"),
        subtitle_line=_subtitle(state.label, legend),
    )


def timeline_metrics(rows: pd.DataFrame) -> list[str]:
    """Metrics a timeline can show for these rows: movements first, then the others counted in people."""
    present = set(rows.loc[rows["unit"] == "people", "metric"])
    first = [m for m in schema.MOVEMENT_METRICS if m in present]
    return first + [m for m in schema.METRICS if m in present and m not in first]


def timeline_chart(tables: dict, state: flt.Filters, mode: str = "reported", metric: str | None = None,
                   include_flagged: bool = False, rows: pd.DataFrame | None = None, events: pd.DataFrame | None = None) -> Chart:
    """One metric over time (default: the first movement metric in the range); its CSV
    holds the reports drawn, or the estimated daily values in estimate mode. ``rows`` and
    ``events``: what :func:`chart_reports` and :func:`chart_events` give for ``state``,
    when the caller has them already."""
    rows = chart_reports(tables, state) if rows is None else rows
    events = chart_events(tables, state) if events is None else events
    metric = metric or next(iter(timeline_metrics(rows)), schema.MOVEMENT_METRICS[0])
    rows = rows[rows["metric"] == metric]
    label = schema.label(schema.METRICS, metric)
    if mode == "estimate":
        people = estimate_rows(tables, state, metric)
        daily = _in_range(estimate.estimate_daily(people, include_flagged), state)
        baseline = _in_range(estimate.estimate_daily(people), state) if include_flagged else None
        shown = people[(people["period_end"] >= pd.Timestamp(state.start)) & (people["period_start"] <= pd.Timestamp(state.end))]
        title = _("{metric}: estimated people per day (derived from reports)").format(metric=label)
        fig = build_estimate_timeline(daily, shown, events, start=state.start, end=state.end, baseline=baseline,
                                      title=title, subtitle=state.label)
        return Chart(
            "estimated-flow", fig, title=title, subtitle="",
            caption=_("Shaded bands: the smallest and largest flow every report allows on each day; line: the smoothest series "
                      "that meets every report; marks: the daily figures as reported (a range as a range). Days no report covers "
                      "stay empty. Hover lists the reports that set the bounds. Method: About & method."),
            alt=_("Estimated daily flow per destination with the range the reports allow, {period}.").format(period=state.label),
            sources=bodies(shown), table=dated_table(daily), csv_name="estimated-flow", span=(state.start, state.end),
            drawn=daily, conflicts=daily.attrs.get("conflicts"), subtitle_line=state.label,
        )
    title = _("{metric}: reported figures over time").format(metric=label)
    fig = timeline_dict(rows, events, start=state.start, end=state.end, title=title, subtitle=state.label)
    return Chart(
        "timeline", fig, title=title, subtitle="",
        caption=_("Top: figures given per day. Middle: totals drawn as spans over the days they cover (triangle: running total; diamond: a level on one day). Bottom: events; dotted lines mark the invasion, the decree, the end of mobilization and the attack."),
        alt=_("Timeline of reported figures per destination with events, {period}.").format(period=state.label),
        sources=bodies(rows), table=lambda: for_export(rows), csv_name="timeline", span=(state.start, state.end), drawn=rows,
        subtitle_line=state.label,
    )


def _in_range(daily: pd.DataFrame, state: flt.Filters) -> pd.DataFrame:
    out = daily[daily["date"].between(pd.Timestamp(state.start), pd.Timestamp(state.end))].reset_index(drop=True)
    out.attrs = daily.attrs
    return out


def events_chart(tables: dict, state: flt.Filters, events: pd.DataFrame | None = None) -> Chart:
    """The events of the range; its CSV is the events table in the file's columns.
    ``events``: what :func:`chart_events` gives for ``state``, when the caller has them."""
    events = chart_events(tables, state) if events is None else events
    fig = events_dict(events, start=state.start, end=state.end, title=_("Events"), subtitle=state.label)
    return Chart(
        "events", fig, title=_("Events"), subtitle="",
        caption=_("Bars: measures in force over a span (cut at today where still in force). Marks: one-day events."),
        alt=_("Events in {period}, one lane per category.").format(period=state.label),
        sources=bodies(events, "source_publisher"), table=lambda: for_export(events), csv_name="events",
        span=(state.start, state.end), drawn=events, subtitle_line=state.label,
    )
