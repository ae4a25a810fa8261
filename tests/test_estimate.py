"""Behaviour of exodus.estimate: daily rates and totals from mixed reports."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exodus.estimate import (
    DAILY_COLUMNS,
    SERIES_KEY,
    TOTAL_COLUMNS,
    estimate_daily,
    estimate_totals,
    explain,
    not_used,
)

DAY0 = pd.Timestamp("2022-09-10")
MEASURES = ["daily", "period_total", "cumulative"]
QUALIFIERS = ["exact", "about", "at_least", "at_most", "range"]
PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def report(id, start, end, measure, value, qualifier="exact", value_high=math.nan, **key):
    """One row of the input contract; the series defaults to Russians arriving in Georgia."""
    return {
        "id": id,
        "period_start": pd.Timestamp(start),
        "period_end": pd.Timestamp(end),
        "destination_iso3": key.get("destination_iso3", "GEO"),
        "crossing_id": key.get("crossing_id", ""),
        "population": key.get("population", "russian_citizens"),
        "metric": key.get("metric", "arrivals"),
        "measure": measure,
        "unit": key.get("unit", "people"),
        "value": float(value),
        "value_high": float(value_high),
        "qualifier": qualifier,
        "reporting_body": key.get("reporting_body", f"body of {id}"),
    }


def frame(rows) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=list(report("x", DAY0, DAY0, "daily", 0)))
    out["period_start"] = out["period_start"].astype("datetime64[ns]")
    out["period_end"] = out["period_end"].astype("datetime64[ns]")
    return out


def total(reports: pd.DataFrame, start, end, **key) -> pd.Series:
    """The single total row of one series (Georgian arrivals unless told otherwise)."""
    totals = estimate_totals(estimate_daily(reports), start, end)
    want = {"destination_iso3": "GEO", "crossing_id": "", "population": "russian_citizens",
            "metric": "arrivals", "unit": "people"} | key
    match = totals.loc[np.logical_and.reduce([totals[k] == v for k, v in want.items()])]
    assert len(match) == 1, totals
    return match.iloc[0]


def window_days(row) -> int:
    return (row["period_end"] - row["period_start"]).days + 1


def claimed(row) -> tuple[float, float, float]:
    """(lower, point, upper) a report claims for its whole window; NaN where it gives none."""
    scale = window_days(row) if row["measure"] == "daily" else 1
    value, high = row["value"] * scale, row["value_high"] * scale
    return {
        "exact": (value, value, value),
        "about": (value, value, value),
        "at_least": (value, value, math.nan),
        "at_most": (math.nan, value, value),
        "range": (value, (value + high) / 2, high),
    }[row["qualifier"]]


def close(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


# ---------------------------------------------------------------- generated reports

@st.composite
def one_report(draw, id="r-000", body=None, **key):
    start = draw(st.integers(0, 20))
    length = draw(st.integers(1, 10))
    qualifier = draw(st.sampled_from(QUALIFIERS))
    value = draw(st.integers(0, 100_000))
    high = value + draw(st.integers(0, 50_000)) if qualifier == "range" else math.nan
    extra = {"reporting_body": body} if body else {}
    return report(id, DAY0 + pd.Timedelta(days=start), DAY0 + pd.Timedelta(days=start + length - 1),
                  draw(st.sampled_from(MEASURES)), value, qualifier, high, **extra, **key)


@st.composite
def report_sets(draw, max_size=8, shared_bodies=False, series=1):
    """Reports with unique ids; cumulative ones share a body only if ``shared_bodies``."""
    n = draw(st.integers(1, max_size))
    rows = []
    for i in range(n):
        key = {"metric": ["arrivals", "border_crossings", "departures"][draw(st.integers(0, series - 1))]}
        body = draw(st.sampled_from(["border guard", "ministry"])) if shared_bodies else None
        rows.append(draw(one_report(id=f"r-{i:03d}", body=body, **key)))
    return frame(rows)


# ---------------------------------------------------------------- (a) reports are reproduced

@PROPERTY
@given(one_report())
def test_a_lone_report_is_reproduced_over_its_window(row):
    got = total(frame([row]), row["period_start"], row["period_end"])
    lower, point, upper = claimed(row)
    assert close(got["point"], point)
    assert close(got["low"], 0.0 if math.isnan(lower) else lower)
    assert close(got["high"], upper)
    assert got["days_covered"] == window_days(row) and got["complete"]
    assert got["report_ids"] == row["id"]


@PROPERTY
@given(report_sets())
def test_a_each_overlapping_report_lies_within_the_summed_range(reports):
    daily = estimate_daily(reports)
    for _, row in reports.iterrows():
        got = estimate_totals(daily, row["period_start"], row["period_end"]).iloc[0]
        lower, point, upper = claimed(row)
        floor = point if math.isnan(lower) else lower
        ceiling = point if math.isnan(upper) else upper
        assert got["low"] <= floor + 1e-6
        assert math.isnan(got["high"]) or got["high"] >= ceiling - 1e-6
        assert got["low"] - 1e-6 <= got["point"] and (math.isnan(got["high"]) or got["point"] <= got["high"] + 1e-6)
        assert row["id"] in got["report_ids"].split(";")


@PROPERTY
@given(st.lists(st.integers(0, 50_000), min_size=1, max_size=6), st.lists(st.integers(1, 6), min_size=6, max_size=6),
       st.lists(st.sampled_from(QUALIFIERS), min_size=6, max_size=6))
def test_a_each_figure_of_a_cumulative_chain_is_given_back(rises, gaps, qualifiers):
    rows, level, end = [], 0, DAY0
    for i, rise in enumerate(rises):
        level, end = level + rise, end + pd.Timedelta(days=gaps[i])
        half = min(level, 500) if qualifiers[i] == "range" else 0  # a range centred on the level
        high = level + half if qualifiers[i] == "range" else math.nan
        rows.append(report(f"c-{i}", DAY0, end, "cumulative", level - half, qualifiers[i], high,
                           reporting_body="ministry"))
    reports = frame(rows)
    assert not_used(reports).empty
    daily = estimate_daily(reports)
    for _, row in reports.iterrows():
        got = estimate_totals(daily, DAY0, row["period_end"]).iloc[0]
        assert close(got["point"], claimed(row)[1])
        assert got["low"] <= got["point"] + 1e-6
        assert math.isnan(got["high"]) or got["high"] >= got["point"] - 1e-6
        if set(qualifiers[: len(rises)]) <= {"exact", "about"}:
            assert close(got["low"], row["value"]) and close(got["high"], row["value"])


# ---------------------------------------------------------------- (b) non-negative

@PROPERTY
@given(report_sets(max_size=10, shared_bodies=True, series=3), st.integers(0, 30), st.integers(0, 30))
def test_b_totals_are_never_negative(reports, a, b):
    daily = estimate_daily(reports)
    assert (daily[["point", "low"]] >= 0).all().all()
    assert (daily["high"].isna() | (daily["high"] >= daily["point"] - 1e-9)).all()
    assert (daily["low"] <= daily["point"] + 1e-9).all()
    totals = estimate_totals(daily, DAY0 + pd.Timedelta(days=min(a, b)), DAY0 + pd.Timedelta(days=max(a, b)))
    assert (totals[["point", "low"]] >= 0).all().all()
    assert (totals["high"].isna() | (totals["high"] >= 0)).all()


# ---------------------------------------------------------------- (c) additivity

@PROPERTY
@given(report_sets(max_size=10, shared_bodies=True, series=2), st.integers(0, 30), st.integers(0, 30),
       st.integers(0, 30))
def test_c_splitting_the_query_window_adds_up(reports, a, m, b):
    a, m, b = sorted([a, m, b])
    day = lambda n: DAY0 + pd.Timedelta(days=n)  # noqa: E731
    daily = estimate_daily(reports)
    whole = estimate_totals(daily, day(a), day(b)).set_index(SERIES_KEY)
    first = estimate_totals(daily, day(a), day(m)).set_index(SERIES_KEY)
    second = estimate_totals(daily, day(m + 1), day(b)).set_index(SERIES_KEY)
    assert set(first.index) | set(second.index) == set(whole.index)
    for key, row in whole.iterrows():
        parts = [p.loc[key] for p in (first, second) if key in p.index]
        assert row["days_covered"] == sum(p["days_covered"] for p in parts)
        for column in ("point", "low", "high"):
            assert close(row[column], sum(p[column] for p in parts)), column
        assert set(row["report_ids"].split(";")) == set(";".join(p["report_ids"] for p in parts).split(";"))


@PROPERTY
@given(one_report(), st.integers(1, 9), report_sets(max_size=4))
def test_c_splitting_a_period_total_in_proportion_changes_no_day(row, cut, background):
    row = row | {"measure": "period_total", "id": "whole"}
    n = window_days(row)
    cut = min(cut, n - 1)
    if cut < 1:
        return
    share = cut / n
    split_day = row["period_start"] + pd.Timedelta(days=cut)
    first = row | {"id": "part-1", "period_end": split_day - pd.Timedelta(days=1),
                   "value": row["value"] * share, "value_high": row["value_high"] * share}
    second = row | {"id": "part-2", "period_start": split_day,
                    "value": row["value"] * (1 - share), "value_high": row["value_high"] * (1 - share)}
    background = background.loc[background["measure"] != "cumulative"]
    one = estimate_daily(pd.concat([background, frame([row])], ignore_index=True))
    two = estimate_daily(pd.concat([background, frame([first, second])], ignore_index=True))
    assert one[SERIES_KEY + ["date", "n_reports"]].equals(two[SERIES_KEY + ["date", "n_reports"]])
    for column in ("point", "low", "high"):
        np.testing.assert_allclose(one[column], two[column], rtol=1e-9, atol=1e-6)


# ---------------------------------------------------------------- (d) order does not matter

@PROPERTY
@given(report_sets(max_size=10, shared_bodies=True, series=3), st.randoms(use_true_random=False))
def test_d_shuffling_the_rows_changes_nothing(reports, rnd):
    order = list(range(len(reports)))
    rnd.shuffle(order)
    shuffled = reports.iloc[order]
    a, b = estimate_daily(reports), estimate_daily(shuffled)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    pd.testing.assert_frame_equal(a.attrs["not_used"], b.attrs["not_used"])
    pd.testing.assert_frame_equal(estimate_totals(a, DAY0, DAY0 + pd.Timedelta(days=40)),
                                  estimate_totals(b, DAY0, DAY0 + pd.Timedelta(days=40)), check_exact=True)


# ---------------------------------------------------------------- worked cases from the seed article

def test_kazakhstan_98000_since_21_september():
    reports = frame([report("kaz", "2022-09-21", "2022-09-27", "cumulative", 98_000, "about",
                            destination_iso3="KAZ")])
    daily = estimate_daily(reports)
    assert len(daily) == 7 and (daily["point"] == 14_000).all()
    assert (daily["low"] == 14_000).all() and (daily["high"] == 14_000).all()
    got = total(reports, "2022-09-21", "2022-09-27", destination_iso3="KAZ")
    assert (got["point"], got["low"], got["high"]) == (98_000, 98_000, 98_000)


GEORGIA = [
    report("geo-before", "2022-09-16", "2022-09-20", "daily", 5_000, "range", 6_000),
    report("geo-after", "2022-09-22", "2022-09-27", "daily", 10_000, "about"),
    report("geo-since", "2022-09-21", "2022-09-27", "cumulative", 53_000, "at_least"),
]


def test_georgia_before_mobilization_is_the_range_times_five_days():
    got = total(frame(GEORGIA), "2022-09-16", "2022-09-20")
    assert (got["low"], got["point"], got["high"]) == (25_000, 27_500, 30_000)
    assert got["report_ids"] == "geo-before" and got["complete"]


def test_georgia_after_combines_the_daily_figure_and_the_spread_cumulative():
    daily = estimate_daily(frame(GEORGIA)).set_index("date")
    week = daily.loc["2022-09-22":"2022-09-27"]
    assert len(week) == 6
    assert np.allclose(week["low"], 53_000 / 7)
    assert (week["high"] == 10_000).all()
    assert np.allclose(week["point"], (53_000 / 7 + 10_000) / 2)
    assert (week["report_ids"] == "geo-after;geo-since").all() and (week["n_reports"] == 2).all()
    got = total(frame(GEORGIA), "2022-09-22", "2022-09-27")
    assert close(got["low"], 6 * 53_000 / 7) and got["high"] == 60_000


def test_georgia_21_september_rests_only_on_the_cumulative_report():
    day = estimate_daily(frame(GEORGIA)).set_index("date").loc[pd.Timestamp("2022-09-21")]
    assert day["report_ids"] == "geo-since" and day["n_reports"] == 1
    assert close(day["point"], 53_000 / 7) and close(day["low"], 53_000 / 7)
    assert math.isnan(day["high"])  # "over 53,000" gives no upper bound


def test_georgia_a_later_larger_cumulative_is_spread_over_the_days_since_the_first():
    # 81,000 to 4 October is an illustrative later figure, not a sourced one.
    reports = frame([
        report("geo-since", "2022-09-21", "2022-09-27", "cumulative", 53_000, "at_least", reporting_body="MIA"),
        report("geo-later", "2022-09-21", "2022-10-04", "cumulative", 81_000, "exact", reporting_body="MIA"),
    ])
    daily = estimate_daily(reports).set_index("date")
    later = daily.loc[daily["report_ids"] == "geo-later"]
    assert list(later.index) == list(pd.date_range("2022-09-28", "2022-10-04"))
    assert np.allclose(later["point"], 4_000)
    # "over 53,000" may already have been 81,000, so the rise is anywhere in 0..28,000
    assert (later["low"] == 0).all() and np.allclose(later["high"], 4_000)
    assert close(total(reports, "2022-09-21", "2022-10-04")["point"], 81_000)
    assert close(total(reports, "2022-09-28", "2022-10-04")["point"], 28_000)


def test_a_cumulative_below_an_earlier_one_is_flagged_not_used():
    reports = frame([
        report("first", "2022-09-21", "2022-09-27", "cumulative", 53_000, reporting_body="MIA"),
        report("lower", "2022-09-21", "2022-09-30", "cumulative", 50_000, reporting_body="MIA"),
        report("later", "2022-09-21", "2022-10-04", "cumulative", 81_000, reporting_body="MIA"),
    ])
    skipped = not_used(reports)
    assert list(skipped["id"]) == ["lower"] and "first" in skipped["reason"].iloc[0]
    daily = estimate_daily(reports).set_index("date")
    assert "lower" not in ";".join(daily["report_ids"])
    later = daily.loc["2022-09-28":"2022-10-04"]
    assert len(later) == 7 and np.allclose(later["point"], 4_000)


@pytest.mark.parametrize("field, other", [
    ("metric", "border_crossings"), ("population", "all_travellers"), ("unit", "vehicles"),
    ("crossing_id", "verkhny-lars"), ("destination_iso3", "KAZ"),
])
def test_different_series_never_combine(field, other):
    reports = frame([
        report("arrivals", "2022-09-21", "2022-09-27", "period_total", 70_000),
        report("other", "2022-09-21", "2022-09-27", "period_total", 7_000, **{field: other}),
    ])
    daily = estimate_daily(reports)
    assert len(daily) == 14 and (daily["n_reports"] == 1).all()
    assert close(total(reports, "2022-09-21", "2022-09-27")["point"], 70_000)
    assert close(total(reports, "2022-09-21", "2022-09-27", **{field: other})["point"], 7_000)


# ---------------------------------------------------------------- screening, gaps, shape

def test_stocks_percentages_and_broken_rows_are_reported_not_used():
    reports = frame([
        report("ok", "2022-09-21", "2022-09-21", "daily", 100),
        report("stock", "2022-09-27", "2022-09-27", "stock", 3_000, metric="people_waiting"),
        report("pct", "2022-09-21", "2022-09-27", "change_pct", 45, unit="percent"),
        report("km", "2022-09-21", "2022-09-27", "period_total", 20, unit="km"),
        report("negative", "2022-09-21", "2022-09-21", "daily", -5),
        report("open-range", "2022-09-21", "2022-09-21", "daily", 5, "range"),
        report("backwards", "2022-09-22", "2022-09-21", "daily", 5),
    ])
    skipped = not_used(reports).set_index("id")["reason"]
    assert sorted(skipped.index) == ["backwards", "km", "negative", "open-range", "pct", "stock"]
    assert "measure" in skipped["stock"] and "measure" in skipped["pct"] and "unit" in skipped["km"]
    daily = estimate_daily(reports)
    assert list(daily["report_ids"]) == ["ok"]
    assert daily.attrs["not_used"].equals(not_used(reports))


def test_days_without_a_report_are_absent_and_totals_say_so():
    reports = frame([report("a", "2022-09-16", "2022-09-17", "daily", 10),
                     report("b", "2022-09-20", "2022-09-20", "daily", 30)])
    daily = estimate_daily(reports)
    assert list(daily["date"].dt.day) == [16, 17, 20]
    got = total(reports, "2022-09-16", "2022-09-20")
    assert (got["point"], got["days_covered"], got["days_in_range"], got["complete"]) == (50, 3, 5, False)


def test_output_shape_and_empty_input():
    daily = estimate_daily(frame(GEORGIA))
    assert list(daily.columns) == DAILY_COLUMNS and (daily["kind"] == "estimate").all()
    assert daily.equals(daily.sort_values(SERIES_KEY + ["date"]).reset_index(drop=True))
    assert list(estimate_totals(daily, "2022-09-01", "2022-09-30").columns) == TOTAL_COLUMNS
    empty = estimate_daily(frame([]))
    assert empty.empty and list(empty.columns) == DAILY_COLUMNS
    assert estimate_totals(empty, "2022-09-01", "2022-09-30").empty


def test_explain_names_the_reports_and_the_figures():
    daily = estimate_daily(frame(GEORGIA)).set_index("date", drop=False)
    sentence = explain(daily.loc[pd.Timestamp("2022-09-22")], labels={"geo-after": "MIA of Georgia, 27 Sep"})
    assert "MIA of Georgia, 27 Sep" in sentence and "geo-since" in sentence and "2 reports" in sentence
    assert "10,000" in sentence and "7,571" in sentence
    totals = estimate_totals(daily.reset_index(drop=True), "2022-09-16", "2022-09-30").iloc[0]
    sentence = explain(totals)
    assert "3 reports" in sentence and "12 of 15 days" in sentence and "at least" in sentence
