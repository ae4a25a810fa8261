"""The tables beside the charts are kept with them: the same object for the same view,
and exactly the table made from the chart's drawn rows, in the view's language."""

from __future__ import annotations

from datetime import date

from exodus import i18n
from exodus.app import cache
from exodus.charts import tables
from exodus.derive import filters as flt
from exodus.derive import headlines as picks
from exodus.view import report, series_report

AUTUMN = flt.Filters(date(2022, 9, 21), date(2022, 10, 5), flt.CUSTOM)


def test_the_figures_and_events_tables_are_the_charts_own_and_kept(package, monkeypatch):
    built = []
    drawn = report.timeline_chart
    monkeypatch.setattr(report, "timeline_chart", lambda *args, **kwargs: built.append(args[1]) or drawn(*args, **kwargs))
    timeline = cache.chart(package, "timeline", AUTUMN, "departures", "reported", False)  # as the timelines page asks
    table = cache.chart_table(package, "timeline", AUTUMN, "departures", "reported", False)
    assert built == [AUTUMN], "the table comes from the chart kept, not from a chart built again"
    cache.chart_table(package, "timeline", AUTUMN, "departures", "reported")  # the default left out, as the country page does
    cache.chart(package, "timeline", AUTUMN, "departures", "reported")
    assert built == [AUTUMN], "a call that leaves the default out finds the same chart"
    assert not table.empty and table.equals(tables.figures_table(timeline.drawn))
    assert cache.chart_table(package, "timeline", AUTUMN, "departures", "reported", False) is table
    events = cache.chart(package, "events", AUTUMN, None, "reported")
    kept = cache.chart_table(package, "events", AUTUMN, None, "reported")
    assert not kept.empty and kept.equals(tables.events_table(events.drawn))


def test_the_tables_follow_the_language_of_the_view(package):
    russian = flt.Filters(AUTUMN.start, AUTUMN.end, flt.CUSTOM, lang="ru")
    with i18n.language("ru"):
        table = cache.chart_table(package, "timeline", russian, "departures", "reported", False)
    assert not table.equals(cache.chart_table(package, "timeline", AUTUMN, "departures", "reported", False))


def test_the_compared_with_normal_table_is_kept_per_language(package):
    series_id = series_report.DEFAULT_SERIES
    country = series_report.DEFAULT_COUNTRY
    args = (series_id, country, "quarter", 2019)
    english = cache.series_chart_table(package, *args)
    shown = cache.series_chart(package, "normal", *args)
    unit = dict(zip(package.series_catalogue["series_id"], package.series_catalogue["unit"]))[series_id]
    assert not english.empty and english.equals(series_report.values_table(shown.drawn, {series_id: unit}))
    assert cache.series_chart_table(package, *args) is english
    with i18n.language("ru"):
        russian = cache.series_chart_table(package, *args)
    assert russian is not english and not russian.equals(english)


def test_the_charts_of_a_range_select_its_reports_and_events_once(package, monkeypatch):
    calls = {"reports": 0, "events": 0, "headlines": 0}
    select, select_events = flt.select, flt.select_events

    def counted(name, real):
        def call(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(flt, "select", counted("reports", select))
    monkeypatch.setattr(flt, "select_events", counted("events", select_events))
    monkeypatch.setattr(picks, "pick", counted("headlines", picks.pick))
    spring = flt.Filters(date(2024, 3, 2), date(2024, 5, 27), flt.CUSTOM)
    shown = [None, cache.chart(package, "timeline", spring, "departures", "reported"),
             cache.chart(package, "events", spring, None, "reported")]
    cache.chart_rows(package, spring)
    assert calls == {"reports": 1, "events": 1, "headlines": 0}, "the timelines page's charts and pickers"
    shown[0] = cache.chart(package, "map", spring, "departures", "reported")
    cards = cache.headlines(package, spring, "departures")
    assert calls == {"reports": 1, "events": 1, "headlines": 1}, "the map's too, and its headlines are the cards'"
    assert shown[0].drawn is cards
    assert shown[2].drawn.equals(select_events(package["events"], spring))
    assert shown[1].drawn.equals(select(package.departures, spring, flt.CHART_SHARE).query("metric == 'departures'"))


def test_a_filter_state_is_found_by_its_values_and_only_by_them(package):
    first = flt.Filters(date(2022, 9, 21), date(2022, 10, 5), flt.CUSTOM, destinations=("GEO", "KAZ"))
    again = flt.Filters(date(2022, 9, 21), date(2022, 10, 5), flt.CUSTOM, destinations=("GEO", "KAZ"))
    assert again is not first and cache.chart_rows(package, again) is cache.chart_rows(package, first)
    for other in (flt.Filters(first.start, first.end, flt.CUSTOM, destinations=("GEO",)),
                  flt.Filters(first.start, date(2022, 10, 6), flt.CUSTOM, destinations=("GEO", "KAZ")),
                  flt.Filters(first.start, first.end, flt.CUSTOM, destinations=("GEO", "KAZ"), lang="ru"),
                  flt.Filters(first.start, first.end, flt.CUSTOM, destinations=("GEO", "KAZ"), populations=("russian",))):
        assert cache.chart_rows(package, other) is not cache.chart_rows(package, first), other
