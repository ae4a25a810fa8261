"""The estimate timeline: band and line from the estimator, reports drawn as reported."""

from __future__ import annotations

import pandas as pd

from exodus.derive.estimate import estimate_daily
from exodus.charts.estimate_chart import build_estimate_timeline
from exodus.charts.figures import validated
from tests.test_estimate import day, frame, report

EVENTS = pd.DataFrame(columns=["id", "date", "end_date", "category", "title", "country_iso3", "source_url", "description"])


def _figure(rows, baseline=None):
    daily = estimate_daily(rows)
    return daily, validated(build_estimate_timeline(daily, rows, EVENTS.astype({"date": "datetime64[ns]", "end_date": "datetime64[ns]"}),
                                                    start=day(0), end=day(30), title="t", subtitle="s", baseline=baseline))


def test_band_and_line_are_the_estimates_and_hover_comes_from_customdata():
    rows = frame([report("r1", day(0), day(29), "period_total", 3000, "about"),
                  report("r2", day(3), day(6), "daily", 50, "range", 80)])
    daily, fig = _figure(rows)
    line = next(t for t in fig.data if t.name.endswith("(estimate)") and t.mode == "lines+markers")
    assert list(line.y) == daily["point"].round(1).tolist()
    assert len(line.x) <= 30 and "%{customdata[2]}" in line.hovertemplate and line.text is None
    assert [c[2] for c in line.customdata][3] == daily["binding_ids"].iloc[3]
    low = next(t for t in fig.data if t.name.endswith("lowest allowed (estimate)"))
    assert list(low.y) == daily["low"].round(1).tolist()


def test_a_reported_range_is_drawn_as_the_box_between_its_ends():
    rows = frame([report("r2", day(3), day(6), "daily", 50, "range", 80), report("r3", day(8), day(8), "daily", 40, "at_least")])
    _, fig = _figure(rows)
    box = next(t for t in fig.data if t.name == "Reported daily range")
    assert [y for y in box.y if y is not None] == [50, 50, 80, 80, 50] and box.fill == "toself"
    line = next(t for t in fig.data if t.name == "Reported daily figure")
    assert list(line.marker.symbol)[:2] == ["triangle-up", "triangle-up"]


def test_the_band_without_flagged_reports_is_drawn_dashed_when_they_are_included():
    rows = frame([report("r1", day(0), day(9), "period_total", 1000, "at_most")])
    baseline = estimate_daily(rows)
    _, fig = _figure(rows, baseline=baseline)
    dashed = [t for t in fig.data if "without disputed or anonymous" in t.name]
    assert len(dashed) == 2 and all(t.line.dash == "dash" for t in dashed)
