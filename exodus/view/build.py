"""A whole view of the dashboard for a set of filters: every chart the export bundle and
the command line write, and the view's tables of figures and events."""

from __future__ import annotations

from collections.abc import Mapping

from exodus.charts.tables import for_export
from exodus.derive import filters as flt
from exodus.view import report, series_report
from exodus.view.chart import View


def build_view(package: Mapping, filters: flt.Filters) -> View:
    """The charts of a full view (map and timeline, reported and estimated, on the first
    headline metric of the range; the events; the official series' charts where the
    package has series) with the filtered figures and events."""
    rows, events = report.chart_reports(package, filters), report.chart_events(package, filters)
    metric = report.default_map_metric(rows, filters)
    charts = [
        report.map_chart(package, filters, metric, rows=rows, events=events),
        report.map_chart(package, filters, metric, mode="estimate", rows=rows, events=events),
        report.timeline_chart(package, filters, metric=metric, rows=rows, events=events),
        report.timeline_chart(package, filters, mode="estimate", metric=metric, rows=rows, events=events),
        report.events_chart(package, filters, events=events),
    ]
    if "series" in package:
        charts += series_report.default_charts(package, within=(filters.start, filters.end))
    return View(
        filters=filters, charts=tuple(charts),
        figures=for_export(flt.select(package["departures"], filters)),
        events=for_export(events),
    )
