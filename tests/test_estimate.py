"""Behaviour of exodus.derive.estimate: every report a constraint, bounds, point and conflicts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from conftest import examples
from exodus import i18n
from exodus.derive import estimate
from exodus.derive.estimate import DAILY_COLUMNS, TOTAL_COLUMNS, estimate_daily, estimate_totals, explain, not_used

DAY0 = pd.Timestamp("2022-09-10")
MEASURES = ["daily", "period_total", "cumulative"]
QUALIFIERS = ["exact", "about", "at_least", "at_most", "range"]
PROPERTY = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def report(id, start, end, measure, value, qualifier="exact", value_high=math.nan, **key):
    """One row of the input contract; the series defaults to Russians arriving in Georgia."""
    row = {
        "id": id, "period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end),
        "destination_iso3": key.get("destination_iso3", "GEO"), "crossing_id": key.get("crossing_id", ""),
        "population": key.get("population", "russian_citizens"), "metric": key.get("metric", "arrivals"),
        "measure": measure, "unit": key.get("unit", "people"), "value": float(value), "value_high": float(value_high),
        "qualifier": qualifier, "reporting_body": key.get("reporting_body", f"body of {id}"),
    }
    return row | {k: v for k, v in key.items() if k in ("authority_rank", "flagged", "flag_reason")}


def day(n: int) -> pd.Timestamp:
    return DAY0 + pd.Timedelta(days=n)


def frame(rows) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    for column in ("period_start", "period_end"):
        out[column] = out[column].astype("datetime64[ns]")
    return out


def only_total(reports, start, end) -> pd.Series:
    totals = estimate_totals(reports, start, end)
    assert len(totals) == 1, totals
    return totals.iloc[0]


def claimed_bounds(row) -> tuple[float, float]:
    """(lower, upper) of one report as the documented method reads it."""
    v, h = row["value"], row["value_high"]
    return {"exact": (v, v), "about": (0.95 * v, 1.05 * v), "at_least": (v, math.inf),
            "at_most": (0.0, v), "range": (v, h)}[row["qualifier"]]


def brute_force(reports: pd.DataFrame, days: list[int]):
    """Smallest and largest sum of x over ``days`` by a plain linear program over the
    days of the reports (the oracle); None when the reports cannot all hold."""
    first = min(int((r - DAY0).days) for r in reports["period_start"])
    last = max(int((r - DAY0).days) for r in reports["period_end"])
    n = last - first + 1
    rows, lo, hi = [], [], []
    for r in reports.to_dict("records"):
        s, e = (r["period_start"] - DAY0).days - first, (r["period_end"] - DAY0).days - first
        low, high = claimed_bounds(r)
        windows = [(d, d) for d in range(s, e + 1)] if r["measure"] == "daily" else [(s, e)]
        for a, b in windows:
            row = np.zeros(n)
            row[a: b + 1] = 1
            rows.append(row)
            lo.append(low)
            hi.append(high)
    a_ub = np.vstack([-np.array(rows), np.array(rows)])
    b_ub = np.concatenate([-np.array(lo), np.array(hi)])
    finite = np.isfinite(b_ub)
    objective = np.zeros(n)
    objective[[d - first for d in days]] = 1
    out = []
    for sign in (1, -1):
        res = linprog(sign * objective, A_ub=a_ub[finite], b_ub=b_ub[finite], bounds=(0, None), method="highs")
        if res.status == 2:
            return None
        out.append(math.inf if res.status == 3 else sign * res.fun)
    return out[0], out[1]


@st.composite
def one_report(draw, id="r-000"):
    start = draw(st.integers(0, 8))
    length = draw(st.integers(1, 5))
    qualifier = draw(st.sampled_from(QUALIFIERS))
    value = draw(st.integers(0, 1000))
    high = value + draw(st.integers(0, 500)) if qualifier == "range" else math.nan
    return report(id, day(start), day(start + length - 1), draw(st.sampled_from(MEASURES)), value, qualifier, high)


@st.composite
def report_sets(draw, max_size=5):
    n = draw(st.integers(1, max_size))
    return frame([draw(one_report(id=f"r-{i:03d}")) for i in range(n)])


# ---------------------------------------------------------------- the oracle: plain linear programs

@PROPERTY
@given(report_sets(), st.integers(0, 12), st.integers(0, 5))
def test_range_bounds_are_those_of_the_plain_linear_program(reports, a, length):
    daily = estimate_daily(reports)
    if not daily.attrs["conflicts"].empty:
        assert brute_force(reports, [0]) is None  # named conflicts are real ones
        return
    covered = {(d - DAY0).days for d in daily["date"]}
    days = [d for d in range(a, a + length + 1) if d in covered]
    if not days:
        return
    low, high = brute_force(reports, days)
    got = only_total(reports, day(a), day(a + length))
    assert got["low"] == pytest.approx(low, rel=1e-6, abs=1e-4)
    assert (math.isinf(high) and math.isnan(got["high"])) or got["high"] == pytest.approx(high, rel=1e-6, abs=1e-4)
    assert got["low"] - 1e-6 <= got["point"] and (math.isnan(got["high"]) or got["point"] <= got["high"] + 1e-4)


@PROPERTY
@given(report_sets())
def test_day_bounds_are_those_of_the_plain_linear_program(reports):
    daily = estimate_daily(reports)
    if not daily.attrs["conflicts"].empty:
        return
    for row in daily.to_dict("records"):
        low, high = brute_force(reports, [(row["date"] - DAY0).days])
        assert row["low"] == pytest.approx(low, rel=1e-6, abs=1e-4)
        assert (math.isinf(high) and math.isnan(row["high"])) or row["high"] == pytest.approx(high, rel=1e-6, abs=1e-4)
        assert row["low"] - 1e-4 <= row["point"] and (math.isnan(row["high"]) or row["point"] <= row["high"] + 1e-4)


def test_the_point_is_the_smoothest_series_meeting_every_report():
    # 10 on day 0, 40 on day 3, 50 over days 1-2: the least squared day-to-day change
    # is the straight line 10, 20, 30, 40 (worked out by hand).
    reports = frame([report("a", day(0), day(0), "daily", 10), report("b", day(3), day(3), "daily", 40),
                     report("c", day(1), day(2), "period_total", 50)])
    assert estimate_daily(reports)["point"].tolist() == pytest.approx([10, 20, 30, 40], abs=1e-2)
    lone = frame([report("t", day(0), day(6), "period_total", 700)])
    assert estimate_daily(lone)["point"].tolist() == pytest.approx([100] * 7, abs=1e-2)


# ---------------------------------------------------------------- a known truth

TRUTH = np.array([120, 150, 180, 400, 900, 1500, 1400, 1200, 800, 600, 500, 450, 420, 400], float)


def truthful_reports(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """``n`` reports of every kind, each true of TRUTH (days 0..13)."""
    rows = []
    for i in range(n):
        s = int(rng.integers(0, len(TRUTH)))
        e = int(min(len(TRUTH) - 1, s + rng.integers(0, 5)))
        measure = MEASURES[i % 3]
        qualifier = QUALIFIERS[(i // 3) % 5]
        level = TRUTH[s: e + 1].min() if measure == "daily" else TRUTH[s: e + 1].sum()
        top = TRUTH[s: e + 1].max() if measure == "daily" else level
        if measure == "daily" and qualifier in ("exact", "about"):
            e = s  # a daily figure stated as exact is true of one day here
            level = top = TRUTH[s]
        value, high = {"exact": (level, math.nan), "about": (level * 1.03, math.nan), "at_least": (level * 0.9, math.nan),
                       "at_most": (top * 1.1, math.nan), "range": (level * 0.9, top * 1.2)}[qualifier]
        rows.append(report(f"t-{i:03d}", day(s), day(e), measure, round(value, 3), qualifier, round(high, 3)))
    return frame(rows)


@pytest.mark.parametrize("seed", range(8))
def test_a_true_series_lies_inside_the_bounds_and_the_error_shrinks(seed):
    rng = np.random.default_rng(seed)
    reports = truthful_reports(rng, 24)
    widths, errors = [], []
    for n in (6, 12, 24):
        daily = estimate_daily(reports.head(n))
        assert daily.attrs["conflicts"].empty
        truth = TRUTH[(daily["date"] - DAY0).dt.days.to_numpy()]
        assert (daily["low"].to_numpy() <= truth + 1e-6).all()
        assert (np.nan_to_num(daily["high"].to_numpy(), nan=np.inf) >= truth - 1e-6).all()
        full = estimate_daily(reports.head(n))
        width = np.nan_to_num(full["high"], nan=1e9) - full["low"]
        widths.append(dict(zip(full["date"], width)))
        errors.append(dict(zip(full["date"], np.abs(full["point"] - truth))))
        assert (np.abs(full["point"] - truth) <= width + 1e-6).all()  # the point is never further off than the band
    for before, after in zip(widths, widths[1:]):  # more reports never widen a day's band
        assert all(after[d] <= w + 1e-6 for d, w in before.items())
    exact_days = frame([report(f"x-{d}", day(d), day(d), "daily", TRUTH[d]) for d in range(len(TRUTH))])
    pinned = estimate_daily(pd.concat([reports, exact_days], ignore_index=True))
    assert pinned["point"].to_numpy() == pytest.approx(TRUTH, rel=1e-8)  # fully reported: no error left
    common = [d for d in errors[0] if d in errors[-1]]
    assert sum(errors[-1][d] for d in common) <= sum(errors[0][d] for d in common) + 1e-6


# ---------------------------------------------------------------- invariances

@PROPERTY
@given(report_sets(), st.randoms(use_true_random=False))
def test_row_order_changes_nothing(reports, rnd):
    rows = list(range(len(reports)))
    rnd.shuffle(rows)
    a, b = estimate_daily(reports), estimate_daily(reports.iloc[rows])
    pd.testing.assert_frame_equal(a, b, rtol=1e-6, atol=1e-4)


@PROPERTY
@given(report_sets(), st.integers(0, 12), st.integers(0, 12), st.integers(0, 12))
def test_a_day_does_not_depend_on_the_window_and_split_ranges_add_up(reports, a, m, b):
    a, m, b = sorted((a, m, b))
    whole = estimate_totals(reports, day(a), day(b))
    left, right = estimate_totals(reports, day(a), day(m)), estimate_totals(reports, day(m + 1), day(b))
    point = lambda t: float(t["point"].sum()) if len(t) else 0.0  # noqa: E731
    assert point(whole) == pytest.approx(point(left) + point(right), rel=1e-9, abs=1e-6)
    if len(whole) and len(left) and len(right):
        assert whole["low"].iloc[0] >= left["low"].iloc[0] + right["low"].iloc[0] - 1e-4
        daily = estimate_daily(reports).set_index("date")
        inside = daily.loc[day(a): day(b), "point"].sum()
        assert whole["point"].iloc[0] == pytest.approx(inside, rel=1e-9, abs=1e-6)


def test_the_same_day_gets_the_same_estimate_whatever_the_range_viewed():
    reports = frame([report("k1", day(0), day(6), "cumulative", 98_000, "about"),
                     report("k2", day(0), day(13), "cumulative", 200_000, "about"),
                     report("k3", day(12), day(12), "daily", 7_000, "at_least")])
    short = estimate_daily(reports)
    again = estimate_daily(reports[reports["period_end"] >= day(0)])
    pd.testing.assert_frame_equal(short, again)
    one = only_total(reports, day(5), day(5))
    assert one["point"] == pytest.approx(short.loc[short["date"] == day(5), "point"].iloc[0])


# ---------------------------------------------------------------- conflicts and authority

def test_two_reports_that_cannot_both_hold_are_named_and_the_weaker_set_aside():
    reports = frame([report("strong", day(0), day(0), "daily", 11_143, authority_rank=0),
                     report("weak", day(0), day(0), "daily", 11_200, authority_rank=3)])
    daily = estimate_daily(reports)
    found = daily.attrs["conflicts"]
    assert found[["report_ids", "set_aside"]].values.tolist() == [["strong;weak", "weak"]]
    assert daily["point"].tolist() == pytest.approx([11_143]) and daily["binding_ids"].tolist() == ["strong"]
    assert "set aside" in not_used(reports).set_index("id").loc["weak", "reason"]
    flipped = reports.assign(authority_rank=[3, 0])
    assert estimate_daily(flipped)["point"].tolist() == pytest.approx([11_200])


def test_without_authority_columns_every_report_counts_alike():
    rows = frame([report("a", day(0), day(0), "daily", 100), report("b", day(0), day(0), "daily", 120)])
    rank, flagged, reason = estimate.authority(rows)
    assert rank.tolist() == [0, 0] and flagged.tolist() == [False, False] and reason.tolist() == ["", ""]
    marked = rows.assign(authority_rank=[1, 4], flagged=[False, True], flag_reason=["", "anonymous source"])
    rank, flagged, reason = estimate.authority(marked)
    assert rank.tolist() == [1, 4] and flagged.tolist() == [False, True] and reason.tolist() == ["", "anonymous source"]


def test_flagged_reports_are_left_out_unless_included_and_the_band_moves():
    rows = frame([report("t", day(0), day(9), "period_total", 1000, "at_most"),
                  report("anon", day(0), day(9), "period_total", 800, "at_least", flagged=True, flag_reason="anonymous source")])
    rows.loc[0, "flagged"], rows.loc[0, "flag_reason"] = False, ""
    default = only_total(rows, day(0), day(9))
    assert (default["low"], default["high"]) == pytest.approx((0, 1000))
    assert "anonymous source" in not_used(rows).set_index("id").loc["anon", "reason"]
    included = estimate_totals(rows, day(0), day(9), include_flagged=True).iloc[0]
    assert (included["low"], included["high"]) == pytest.approx((800, 1000), rel=1e-6)


# ---------------------------------------------------------------- worked cases a reader can check

def test_kazakhstan_about_98000_in_the_first_week_gives_5_percent_either_side():
    # m22-kaz-001: about 98,000 Russians entered 21-27 Sep 2022; m22-kaz-016: up to 30,000 a day
    reports = frame([report("m22-kaz-001", "2022-09-21", "2022-09-27", "cumulative", 98_000, "about", destination_iso3="KAZ"),
                     report("m22-kaz-016", "2022-09-21", "2022-09-30", "daily", 30_000, "at_most", destination_iso3="KAZ")])
    week = only_total(reports, "2022-09-21", "2022-09-27")
    assert (week["low"], week["high"]) == pytest.approx((93_100, 102_900), rel=1e-6)
    assert week["binding_ids"] == "m22-kaz-001"
    rest = only_total(reports, "2022-09-28", "2022-09-30")
    assert (rest["low"], rest["high"]) == pytest.approx((0, 90_000), rel=1e-6)  # three days of at most 30,000


def test_georgia_ministry_days_outweigh_the_ministers_range_before_the_decree():
    # The ministry's counts for 17-20 Sep 2022 (6,986, 6,606, 6,411, 5,603) are above the
    # minister's "5,000 to 6,000 a day" on three days: the range is set aside, and the four
    # days then total 25,606 exactly.
    counts = {"m22-geo-001": ("2022-09-17", 6986), "m22-geo-003": ("2022-09-18", 6606),
              "m22-geo-005": ("2022-09-19", 6411), "m22-geo-007": ("2022-09-20", 5603)}
    rows = [report(i, d, d, "daily", v) for i, (d, v) in counts.items()]
    rows.append(report("m22-geo-024", "2022-09-17", "2022-09-20", "daily", 5000, "range", 6000))
    daily = estimate_daily(frame(rows))
    assert set(daily.attrs["conflicts"]["set_aside"]) == {"m22-geo-024"}
    total = only_total(frame(rows), "2022-09-17", "2022-09-20")
    assert (total["low"], total["point"], total["high"]) == pytest.approx((25_606, 25_606, 25_606), rel=1e-6)


def test_georgia_six_daily_counts_meet_more_than_53000():
    values = [6402, 6150, 9307, 9330, 11143, 10804]  # m22-geo-009 .. m22-geo-019, 21-26 Sep 2022
    rows = [report(f"d{i}", day(i), day(i), "daily", v) for i, v in enumerate(values)]
    rows.append(report("m22-geo-023", day(0), day(5), "cumulative", 53_000, "at_least"))
    total = only_total(frame(rows), day(0), day(5))
    assert total["low"] == pytest.approx(53_136) and total["high"] == pytest.approx(53_136)
    assert estimate_daily(frame(rows)).attrs["conflicts"].empty


# ---------------------------------------------------------------- contract

def test_unbounded_days_say_so_and_uncovered_days_are_absent():
    rows = frame([report("a", day(0), day(1), "daily", 500, "at_least"), report("b", day(5), day(5), "daily", 10)])
    daily = estimate_daily(rows)
    assert [d.day - DAY0.day for d in daily["date"]] == [0, 1, 5]
    assert daily["high"].isna().tolist() == [True, True, False]
    total = only_total(rows, day(0), day(9))
    assert math.isnan(total["high"]) and total["days_covered"] == 3 and not total["complete"]
    assert "no report bounds it from above" in explain(total)


def test_stocks_percentages_and_broken_rows_are_not_used():
    rows = frame([report("stock", day(0), day(0), "stock", 5), report("pct", day(0), day(3), "change_pct", 20, unit="percent"),
                  report("neg", day(0), day(0), "daily", -1), report("ok", day(0), day(0), "daily", 5)])
    reasons = not_used(rows).set_index("id")["reason"].to_dict()
    assert set(reasons) == {"stock", "pct", "neg"} and "negative" in reasons["neg"]


def test_output_shape_and_empty_input():
    rows = frame([report("a", day(0), day(2), "period_total", 30)])
    assert list(estimate_daily(rows).columns) == DAILY_COLUMNS
    assert list(estimate_totals(rows, day(0), day(2)).columns) == TOTAL_COLUMNS
    empty = estimate_daily(rows.iloc[:0])
    assert empty.empty and list(empty.columns) == DAILY_COLUMNS


def test_different_series_never_combine():
    rows = frame([report("a", day(0), day(0), "daily", 100), report("b", day(0), day(0), "daily", 900, metric="departures")])
    daily = estimate_daily(rows)
    assert sorted(daily["point"].round().tolist()) == [100, 900] and daily.attrs["conflicts"].empty


def test_the_about_page_worked_example_is_what_the_code_computes_from_the_shipped_data():
    from exodus.data.load import load_all
    from exodus.view.estimate_example import worked_example
    from exodus.app.about_page import ABOUT

    text = worked_example(load_all()["departures"])
    assert "93,100 and 102,900" in text  # about 98,000 read as +-5 %
    assert text in ABOUT.read_text(encoding="utf-8")


def test_the_graph_lists_each_edge_with_the_report_behind_it_in_matrix_order():
    from exodus.derive import estimate_lp as lp

    c = lp.Constraints(4, np.array([0, 1, 0, 2]), np.array([3, 1, 0, 3]), np.array([10.0, 0, 2, 1]),
                       np.array([20.0, 5, np.inf, 4]), np.array([0, 1, 2, 3]))
    g = lp.graph(c)
    coo = g.matrix.tocoo()
    assert [g.report(u, v) for u, v in zip(coo.row.tolist(), coo.col.tolist())] == g.reports.tolist()
    assert g.report(0, 4) == 0 and g.report(4, 0) == 0 and g.report(1, 2) == 1
    assert g.report(1, 0) == 2  # "at least 2" on day 0 is tighter than x_0 >= 0
    assert g.report(3, 2) == lp.NEVER_NEGATIVE


def test_on_the_shipped_data_a_flagged_report_leaves_the_band_until_included():
    from exodus.data.load import load_all

    rows = load_all()["departures"]
    rows = rows[(rows["destination_iso3"] == "GEO") & (rows["metric"] == "arrivals") & (rows["unit"] == "people")
                & (rows["crossing_id"].fillna("") == "") & (rows["population"] == "russian_citizens")]
    if "flagged" not in rows:  # the columns the authority ranking adds; as a disputed figure would be marked
        rows = rows.assign(authority_rank=0, flagged=rows["id"] == "m22-geo-038",
                           flag_reason=np.where(rows["id"] == "m22-geo-038", "disputed", ""))
    flagged = set(rows.loc[rows["flagged"].astype(bool), "id"])
    default = only_total(rows, "2022-09-21", "2022-10-31")
    included = estimate_totals(rows, "2022-09-21", "2022-10-31", include_flagged=True).iloc[0]
    assert not flagged & set(default["report_ids"].split(";"))
    assert flagged <= set(not_used(rows)["id"])
    if "m22-geo-038" in flagged:
        assert "m22-geo-038" in included["report_ids"].split(";")
        assert (default["low"], default["high"]) != (included["low"], included["high"])


# ---------------------------------------------------------------- the sentences and reasons, word for word

def test_explain_a_day_a_pinned_total_and_an_open_band_in_words():
    rows = frame([report("a", day(0), day(0), "daily", 1200), report("b", day(0), day(1), "period_total", 2000, "about"),
                  report("c", day(3), day(3), "daily", 50, "at_least", crossing_id="verkhny-lars")])
    daily = estimate_daily(rows)
    first = daily[daily["crossing_id"] == ""].iloc[0]
    assert explain(first) == ("Arrivals of russian citizens, GEO, on 10 Sep 2022: 1,200 people that day; from 2 reports: a, b."
                              " The bounds are set by a.")
    pair = only_total(rows.iloc[:2], day(0), day(1))
    assert explain(pair, labels={"a": "Ministry, 10 Sep"}) == (
        # the smoothest series keeps day 2 as close to 1,200 as b allows: 900
        "Arrivals of russian citizens, GEO, 10 Sep 2022 to 11 Sep 2022: 2,100 people in total (the reports allow 1,900 to 2,100);"
        " from 2 reports: Ministry, 10 Sep, b. The bounds are set by b.")
    open_day = daily[daily["crossing_id"] == "verkhny-lars"].iloc[0]
    assert explain(open_day) == ("Arrivals of russian citizens, GEO via verkhny-lars, on 13 Sep 2022: at least 50 people that day"
                                 " (point 50; no report bounds it from above); from 1 report: c. The bounds are set by c.")
    part = estimate_totals(rows.iloc[:2], day(0), day(3)).iloc[0]
    assert explain(part).endswith(" Only 2 of 4 days have a report.")



def test_explain_in_russian_names_the_metric_the_population_the_country_and_the_unit():
    rows = frame([report("a", day(0), day(0), "daily", 1200), report("b", day(0), day(1), "period_total", 2000, "about")])
    first = estimate_daily(rows).iloc[0]
    part = estimate_totals(rows, day(0), day(3)).iloc[0]
    def plain(text):  # babel's non-breaking spaces as plain ones
        return text.replace("\xa0", " ").replace("\u202f", " ")
    with i18n.language("ru"):
        assert plain(explain(first)) == ("Прибыли из России в страну назначения · Граждане России, Грузия, на 10 сент. 2022 г.:"
                                  " 1 200 человек в этот день; по 2 сообщениям: a, b. Границы задают a.")
        assert plain(explain(part)) == ("Прибыли из России в страну назначения · Граждане России, Грузия, 10—13 сент. 2022 г.:"
                                 " 2 100 человек всего (сообщения допускают от 1 900 до 2 100); по 2 сообщениям: a, b."
                                 " Границы задают b. Сообщения есть только за 2 из 4 дней.")
        # Russian's first plural form, shared by 21 and 1: the singular message
        assert plain(explain(dict(part, days_covered=3, days_in_range=21))).endswith(" Сообщения есть только за 3 из 21 дня.")


def test_explain_says_one_day_in_the_singular():
    part = estimate_totals(frame([report("b", day(0), day(1), "period_total", 2000)]), day(0), day(3)).iloc[0]
    assert explain(dict(part, days_covered=0, days_in_range=1)).endswith(" Only 0 of 1 day has a report.")

def test_every_reason_a_report_is_not_used_word_for_word():
    rows = frame([
        report("stock", day(0), day(0), "stock", 5), report("unit", day(0), day(0), "daily", 5, unit="percent"),
        report("qual", day(0), day(0), "daily", 5, "roughly"), report("neg", day(0), day(0), "daily", -1),
        report("rng", day(0), day(0), "daily", 9, "range", 3), report("back", day(2), day(1), "period_total", 5),
        report("flag", day(0), day(0), "daily", 5, flagged=True, flag_reason="forecast or estimate, not a count"),
        report("mix", day(0), day(0), "daily", 5, metric="other"), report("ok", day(0), day(0), "daily", 5),
    ])
    reasons = not_used(rows).set_index("id")["reason"].to_dict()
    assert reasons == {
        "stock": "measure is not daily, period_total or cumulative",
        "unit": "unit is not a count of people, crossings or vehicles",
        "qual": "qualifier is not one of exact, about, at_least, at_most, range",
        "neg": "value is missing or negative",
        "rng": "range without a value_high at or above value",
        "back": "period is missing or ends before it starts",
        "mix": "metric is other: a mix of different quantities that do not add up",
        "flag": "left out unless disputed and anonymous reports are included: forecast or estimate, not a count",
    }
    assert list(not_used(rows)["id"]) == sorted(reasons)
    assert "flag" not in set(not_used(rows, include_flagged=True)["id"])


def test_a_conflict_row_names_the_reports_and_the_one_set_aside():
    rows = frame([report("a", day(0), day(0), "daily", 100, authority_rank=0), report("b", day(0), day(0), "daily", 300, authority_rank=1)])
    found = estimate.conflicts(rows)
    assert found[["report_ids", "set_aside", "reason"]].to_dict("records") == [
        {"report_ids": "a;b", "set_aside": "b", "reason": "a, b cannot all be true; estimated without b"}]
    assert not_used(rows).to_dict("records") == [{"id": "b", "reason": "set aside: cannot be true together with a"}]
    assert list(found.columns) == estimate.CONFLICT_COLUMNS


def test_one_series_fitted_from_its_prepared_rows_is_the_estimate_of_the_whole():
    from exodus.derive import estimate_series

    rows = frame([report("b", day(0), day(1), "daily", 40, "at_most"), report("a", day(0), day(1), "period_total", 50, "range", 70)])
    prepared = estimate._prepare(rows)
    direct = estimate_series.fit_cached(prepared)
    assert direct.ids.to_pylist() == ["a", "b"]
    daily = estimate_daily(rows)
    assert list(direct.low) == list(daily["low"]) and list(direct.high) == list(daily["high"])
    assert list(direct.point) == pytest.approx(list(daily["point"]))
    assert list(daily["low"]) == [10, 10] and list(daily["high"]) == [40, 40]


def test_a_fit_can_be_passed_on_and_flagged_conflicts_appear_only_when_included():
    rows = frame([report("a", day(0), day(0), "daily", 100), report("b", day(0), day(0), "daily", 300, flagged=True, flag_reason="x")])
    assert estimate.conflicts(rows).empty
    assert list(estimate.conflicts(rows, include_flagged=True)["set_aside"]) == ["b"]
    fitted = estimate.fit(rows)
    pd.testing.assert_frame_equal(estimate_totals(fitted, day(0), day(0)), estimate_totals(rows, day(0), day(0)))
    pd.testing.assert_frame_equal(estimate_daily(fitted), estimate_daily(rows))


def test_an_empty_estimate_keeps_numbers_as_numbers():
    empty = estimate_totals(frame([report("a", day(0), day(0), "daily", 1)]), day(5), day(6))
    assert empty.empty and list(empty.columns) == TOTAL_COLUMNS
    assert {c: str(empty[c].dtype) for c in ("point", "low", "high", "report_ids")} == {
        "point": "float64", "low": "float64", "high": "float64", "report_ids": "object"}


def test_a_total_names_every_report_that_binds_it_and_no_other():
    both = frame([report("a", day(0), day(1), "period_total", 100, "at_least"), report("b", day(0), day(1), "period_total", 300, "at_most")])
    assert only_total(both, day(0), day(1))["binding_ids"] == "a;b"
    floor = frame([report("a", day(0), day(1), "period_total", 100, "at_least")])
    assert only_total(floor, day(0), day(1))["binding_ids"] == "a"
    # day 0 of an exact two-day total is bounded through day 1 being at least 0: only a binds it
    part = frame([report("a", day(0), day(1), "period_total", 100), report("z", day(5), day(5), "daily", 7)])
    assert only_total(part, day(0), day(0))["binding_ids"] == "a"
    assert explain({k: v for k, v in only_total(part, day(0), day(0)).items() if k != "binding_ids"}).count("bounds are set") == 0


@pytest.mark.parametrize("rows, set_aside", [
    ([("a", 100), ("b", 300)], "b"),  # equals: the later id
    ([("a", 300), ("b", 100), ("c", 100)], "a"),  # without a, b and c agree
    ([("a", 100), ("b", 100), ("c", 300)], "c"),
])
def test_among_equally_strong_reports_the_one_whose_absence_reconciles_the_rest_is_set_aside(rows, set_aside):
    reports = frame([report(i, day(0), day(0), "daily", v) for i, v in rows])
    assert list(estimate.conflicts(reports)["set_aside"]) == [set_aside]
    assert estimate_daily(reports)["point"].tolist() == pytest.approx([100.0])
