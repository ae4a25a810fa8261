"""The quicker ways of solving give what the plain ones give: the smoothest series solved
piece by piece for all runs at once (days pinned by their bounds taken out), against HiGHS
on each run's whole program; series grouped once for all."""

from __future__ import annotations

import math
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exodus.derive import estimate
from exodus.derive import estimate_digest as digest
from exodus.derive import estimate_lp as lp
from exodus.derive import estimate_series as series
from exodus.derive import estimate_smooth as smooth_one
from exodus.derive import estimate_smooth_many as smooth
from tests.test_estimate import PROPERTY, day, frame, report, report_sets


@st.composite
def mostly_exact_days(draw):
    """A run of days most of which carry an exact daily figure, plus totals over them,
    so that pinned days sit between free ones and inside the totals."""
    n = draw(st.integers(2, 12))
    truth = draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n))
    rows = []
    for d, value in enumerate(truth):
        kind = draw(st.sampled_from(["exact", "exact", "exact", "about", "at_least", "at_most", "range", "none"]))
        if kind == "none":
            continue
        shown = {"about": value, "at_least": math.floor(0.9 * value), "at_most": math.ceil(1.1 * value),
                 "range": math.floor(0.95 * value)}.get(kind, value)
        high = math.ceil(1.05 * value) if kind == "range" else math.nan
        rows.append(report(f"d-{d:03d}", day(d), day(d), "daily", shown, kind, high))
    for i in range(draw(st.integers(0, 3))):
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(a, n - 1))
        qualifier = draw(st.sampled_from(["exact", "about", "at_least", "at_most"]))
        rows.append(report(f"t-{i:03d}", day(a), day(b), "period_total", sum(truth[a: b + 1]), qualifier))
    if not rows:
        rows.append(report("t-999", day(0), day(n - 1), "period_total", sum(truth)))
    return frame(rows)


def _whole_programs(runs):
    """Each run by HiGHS on its own, every day an unknown (no pieces, no pinned days apart)."""
    return [lp.smoothest(c, lp.DayBounds(lower, upper, None, None), pinned_apart=False) for c, lower, upper in runs]


def _both(reports: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    estimate.clear_cache()
    fast = estimate.estimate_daily(reports)
    estimate.clear_cache()
    with mock.patch.object(smooth, "smoothest_many", _whole_programs):
        plain = estimate.estimate_daily(reports)
    estimate.clear_cache()
    return fast, plain


def _assert_same(fast: pd.DataFrame, plain: pd.DataFrame) -> None:
    assert len(fast) == len(plain)
    pd.testing.assert_frame_equal(fast.drop(columns="point"), plain.drop(columns="point"))
    assert fast["point"].tolist() == pytest.approx(plain["point"].tolist(), rel=1e-6, abs=1e-3)


@PROPERTY
@given(mostly_exact_days())
def test_pinned_days_taken_out_give_the_same_smoothest_series(reports):
    fast, plain = _both(reports)
    _assert_same(fast, plain)


@PROPERTY
@given(report_sets())
def test_pinned_days_taken_out_change_nothing_on_any_reports(reports):
    fast, plain = _both(reports)
    _assert_same(fast, plain)


def test_a_free_day_between_pinned_days_is_their_mean():
    # 10 and 30 exact, day 1 only "at least 0": the smoothest value is 20 whichever way.
    reports = frame([report("a", day(0), day(0), "daily", 10), report("b", day(1), day(1), "daily", 0, "at_least"),
                     report("c", day(2), day(2), "daily", 30)])
    fast, plain = _both(reports)
    assert fast["point"].tolist() == pytest.approx([10, 20, 30], abs=1e-3)
    _assert_same(fast, plain)


@PROPERTY
@given(report_sets(), st.lists(st.sampled_from(["GEO", "KAZ", "FIN"]), min_size=5, max_size=5))
def test_series_grouped_at_once_fit_as_each_on_its_own(reports, places):
    reports = reports.assign(destination_iso3=places[: len(reports)])
    estimate.clear_cache()
    together = estimate.fit(reports)
    for key, fitted in together.series:
        rows = estimate._prepare(reports)
        mine = rows[(rows[estimate.SERIES_KEY].apply(tuple, axis=1) == key) & (rows["reason"] == 0)]
        alone = series._fit_series(series.Rows.of(mine))
        assert alone.ids.to_pylist() == fitted.ids.to_pylist() and alone.covered.tolist() == fitted.covered.tolist()
        assert list(alone.report_ids) == list(fitted.report_ids) and list(alone.binding_ids) == list(fitted.binding_ids)
        assert alone.point.tolist() == fitted.point.tolist() and alone.low.tolist() == fitted.low.tolist()


@PROPERTY
@given(st.lists(st.one_of(report_sets(max_size=8), mostly_exact_days()), min_size=2, max_size=5))
def test_many_series_solved_together_get_bit_for_bit_what_each_gets_alone(sets):
    places = ["GEO", "KAZ", "FIN", "ARM", "MNG"]
    reports = pd.concat([r.assign(destination_iso3=p, id=p + "-" + r["id"]) for r, p in zip(sets, places)], ignore_index=True)
    estimate.clear_cache()
    together = estimate.fit(reports)
    rows = estimate._prepare(reports)
    for (key, fitted), (_, mine) in zip(together.series, estimate._series_rows(rows.loc[rows["reason"] == 0, estimate._ROW_COLUMNS])):
        alone = series._fit_series(mine)
        assert alone.ids.to_pylist() == fitted.ids.to_pylist() and alone.covered.tolist() == fitted.covered.tolist()
        for field in ("point", "low", "high", "n_reports"):
            assert getattr(alone, field).tobytes() == getattr(fitted, field).tobytes(), field
        assert list(alone.report_ids) == list(fitted.report_ids) and list(alone.binding_ids) == list(fitted.binding_ids)
        assert alone.conflicts == fitted.conflicts
        n = alone.n_days
        assert alone.first.tolist() == fitted.first.tolist() and alone.last.tolist() == fitted.last.tolist()
        assert alone.range_total(alone.day0, alone.day0 + n - 1) == fitted.range_total(fitted.day0, fitted.day0 + n - 1)
    # Range totals of all series at once (their paths shared) are each one's on its own,
    # for the whole span, a part of it and a range that misses some series.
    fits = [f for _, f in together.series]
    first, last = min(f.day0 for f in fits), max(f.day0 + f.n_days - 1 for f in fits)
    for a, b in ((first, last), (first + 1, first + 2), (last, last + 5), (first - 9, first - 1)):
        assert series.range_totals(fits, a, b) == [series.range_totals([f], a, b)[0] for f in fits]
    estimate.clear_cache()


def test_the_digest_of_a_frame_is_its_content_however_it_is_held():
    import pyarrow as pa

    rows = frame([report(f"r-{i}", day(i), day(i), "daily", 10 * i, crossing_id="lars" if i % 2 else "") for i in range(6)])
    columns = [c for c in estimate._FIT_COLUMNS if c in rows]
    whole = digest.of_columns(rows, columns)
    sliced = pd.concat([rows.iloc[:1], rows.iloc[1:]]).iloc[0:6]  # a view of two pieces, re-chunked
    chunked = rows.assign(id=pd.array(pa.chunked_array([["r-0", "r-1", "r-2"], ["r-3", "r-4", "r-5"]]), dtype="str"))
    as_objects = rows.astype({"id": object})
    assert digest.of_columns(sliced, columns) == digest.of_columns(chunked, columns) == whole
    assert digest.of_columns(as_objects, columns) != whole  # the dtype is part of it
    assert digest.of_columns(rows.iloc[1:], columns) != digest.of_columns(rows.iloc[:-1], columns)
    moved = rows.assign(id=["r-0", "r-1", "r-2", "r-3", "r-4", "r-"])  # "r-5" -> "r-": one character less
    assert digest.of_columns(moved, columns) != whole
    split = rows.assign(crossing_id=["", "lars", "", "lars", "", "lars"]), rows.assign(crossing_id=["", "lar", "s", "lars", "", "lars"])
    assert digest.of_columns(split[0], columns) == whole != digest.of_columns(split[1], columns)
    missing = rows.assign(crossing_id=pd.array([None, "lars", "", "lars", "", "lars"], dtype="str"))
    assert digest.of_columns(missing, columns) != whole  # a missing crossing is not an empty one


def test_parts_solved_side_by_side_give_what_one_after_the_other_gives():
    places = ["GEO", "KAZ", "FIN", "ARM", "MNG", "NOR", "EST"]
    reports = pd.concat([frame([report(f"{p}-d{d}", day(d + i), day(d + i), "daily", 100 * (i + 1) + 7 * d) for d in range(5)]
                               + [report(f"{p}-t", day(i), day(i + 30), "period_total", 9000 + 500 * i)]).assign(destination_iso3=p)
                         for i, p in enumerate(places)], ignore_index=True)
    results = []
    for workers in (1, 3):
        estimate.clear_cache()
        with mock.patch.object(series, "_PART", 2), mock.patch.object(series, "_WORKERS", workers), \
                mock.patch.object(smooth, "_WORKERS", workers):
            results.append(estimate.estimate_daily(reports))
    estimate.clear_cache()
    pd.testing.assert_frame_equal(results[0], results[1])
    assert len(set(results[0]["destination_iso3"])) == len(places)


def _dense(start, index, value, k):
    """A full symmetric matrix from HiGHS's lower triangle by column."""
    m = np.zeros((k, k))
    for column in range(k):
        for at in range(start[column], start[column + 1]):
            m[index[at], column] = m[column, index[at]] = value[at]
    return m


def _plain_hessian(n):
    """2 (D'D + RIDGE I), written out from the day-to-day differences D."""
    d = np.diff(np.eye(n), axis=0)
    return 2.0 * (d.T @ d + smooth_one.RIDGE * np.eye(n))


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_the_hessian_is_twice_the_squared_changes_plus_the_ridge(n):
    start, index, value = smooth_one._hessian(n)
    assert len(start) == n + 1 and start[-1] == len(index) == len(value) == max(2 * n - 1, 1)
    assert (index[start[:-1]] == np.arange(n)).all()  # each column opens on its diagonal
    np.testing.assert_allclose(_dense(start, index, value, n), _plain_hessian(n), rtol=0, atol=1e-15)


@pytest.mark.parametrize("n, free", [(6, [0, 1, 3, 4]), (6, [1, 2, 3]), (5, [0, 2, 4]), (7, [0, 1, 2, 5, 6]), (4, [0, 1, 2, 3])])
def test_the_hessian_of_the_free_days_is_the_whole_one_cut_to_them(n, free):
    free = np.array(free)
    start, index, value = smooth_one._hessian_of(n, free)
    assert len(start) == len(free) + 1 and start[-1] == len(index) == len(value)
    np.testing.assert_allclose(_dense(start, index, value, len(free)), _plain_hessian(n)[np.ix_(free, free)], rtol=0, atol=1e-15)


def _constraints(n, reports):
    """Constraints from (first day, last day, lower, upper) tuples."""
    start, end, low, high = (np.array(column) for column in zip(*reports))
    return lp.Constraints(n, start, end, low.astype(float), high.astype(float), np.arange(len(reports)))


@pytest.mark.parametrize("reports", [
    # day 2 pinned at 40, a total over days 0-5 of 120 and a day-5 ceiling
    [(2, 2, 40, 40), (0, 5, 120, 120), (5, 5, 0, 10)],
    # days 1 and 3 pinned; a total of 100 over days 1-3 has one free day (2) inside it
    [(1, 1, 20, 20), (3, 3, 30, 30), (1, 3, 100, 100), (0, 4, 0, np.inf)],
    # two pinned neighbours, an at-least total spanning them and free days on each side
    [(2, 2, 50, 50), (3, 3, 60, 60), (0, 5, 400, np.inf), (0, 0, 0, 5)],
])
def test_the_smoothest_series_with_pinned_days_apart_is_the_whole_programs(reports):
    c = _constraints(6, reports)
    bounds = lp.day_bounds(c)
    apart = smooth_one.smoothest(c, bounds)
    whole = smooth_one.smoothest(c, bounds, pinned_apart=False)
    np.testing.assert_allclose(apart, whole, rtol=1e-6, atol=1e-3)
    for first, last, low, high in reports:  # every report holds
        assert low - 1e-3 <= apart[first: last + 1].sum() <= high + 1e-3


def test_one_free_day_inside_a_total_takes_what_the_pinned_days_leave():
    # 20 + x + 30 = 100 over days 1-3: the free day 2 is 50, whatever smoothness would want
    c = _constraints(5, [(1, 1, 20, 20), (3, 3, 30, 30), (1, 3, 100, 100)])
    assert smooth_one.smoothest(c, lp.day_bounds(c))[2] == pytest.approx(50, abs=1e-3)


def test_a_free_day_next_to_pinned_ones_is_pulled_to_them_by_the_changes_alone():
    # days 0 and 2 pinned at 10 and 30, day 1 free and bounded by nothing but a loose total
    c = _constraints(3, [(0, 0, 10, 10), (2, 2, 30, 30), (0, 2, 0, 1000)])
    assert smooth_one.smoothest(c, lp.day_bounds(c)).tolist() == pytest.approx([10, 20, 30], abs=1e-3)


def test_the_digest_reads_every_character_and_not_the_index_or_the_offset():
    rows = frame([report(f"r-{i}", day(i), day(i), "daily", 10 * i) for i in range(6)])
    columns = [c for c in estimate._FIT_COLUMNS if c in rows]
    whole = digest.of_columns(rows, columns)
    assert digest.of_columns(rows.assign(id=[f"q-{i}" for i in range(6)]), columns) != whole  # same lengths, other letters
    assert digest.of_columns(rows.set_axis(range(10, 16)), columns) == whole  # the index is no content
    tail = rows.iloc[2:]  # a slice: its text starts inside the column's buffers
    fresh = frame([report(f"r-{i}", day(i), day(i), "daily", 10 * i) for i in range(2, 6)])
    assert digest.of_columns(tail, columns) == digest.of_columns(fresh, columns)
