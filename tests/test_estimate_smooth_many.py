"""The smoothest series of many runs solved piece by piece at once
(exodus.derive.estimate_smooth_many) is HiGHS's optimum of each run's whole program."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exodus.derive import estimate
from exodus.derive import estimate_batch as batch
from exodus.derive import estimate_lp as lp
from exodus.derive import estimate_paths as paths
from exodus.derive import estimate_series as series
from exodus.derive import estimate_smooth_many as smooth
from tests.test_estimate import PROPERTY, day, frame, report, report_sets
from tests.test_estimate_fast import mostly_exact_days


def _runs(sets) -> list:
    """(constraints, lower, upper) of every run of covered days of the series in ``sets``
    whose reports can all hold."""
    rows = []
    for reports in sets:
        prepared = estimate._prepare(reports)
        rows += [r for _, r in estimate._series_rows(prepared.loc[prepared["reason"] == 0, estimate._ROW_COLUMNS])]
    if not rows:
        return []
    _, cs = batch.constraints(rows)
    built, bad = batch.build(cs)
    good = np.flatnonzero(~bad)
    lower, upper, _, _, _, cut_days = paths.day_bounds(built, good)
    out = []
    for j, i in enumerate(good.tolist()):
        lo, up = lower[cut_days[j]: cut_days[j + 1]], upper[cut_days[j]: cut_days[j + 1]]
        out += [(run, lo[a: b + 1], up[a: b + 1]) for a, b, run in series._runs(cs[i])[1]]
    return out


def _whole(run) -> np.ndarray:
    c, lower, upper = run
    return lp.smoothest(c, lp.DayBounds(lower, upper, None, None), pinned_apart=False)


def _assert_optimum(runs, got) -> None:
    assert len(got) == len(runs)
    for run, x in zip(runs, got):
        _, lower, upper = run
        assert np.all(x >= lower) and np.all(x <= upper)
        assert x.tolist() == pytest.approx(_whole(run).tolist(), rel=1e-6, abs=1e-3)


@PROPERTY
@given(st.lists(st.one_of(report_sets(max_size=8), mostly_exact_days()), min_size=1, max_size=6))
def test_pieces_solved_together_give_each_run_its_optimum(sets):
    runs = _runs(sets)
    _assert_optimum(runs, smooth.smoothest_many(runs))


@PROPERTY
@given(st.lists(mostly_exact_days(), min_size=1, max_size=4))
def test_pieces_that_do_not_settle_go_to_highs_one_by_one(sets):
    runs = _runs(sets)
    with mock.patch.object(smooth, "ROUNDS", 0), mock.patch.object(lp, "smoothest", side_effect=AssertionError):
        got = smooth.smoothest_many(runs)  # every piece by HiGHS alone; no whole run
    _assert_optimum(runs, got)


def test_a_free_day_between_known_days_is_their_mean_and_a_total_is_shared_smoothly():
    # Day 1 free between 10 and 30: 20. Days 4-5 free between 10 and 10, together 30: 15 each.
    reports = frame([report("a", day(0), day(0), "daily", 10), report("b", day(1), day(1), "daily", 0, "at_least"),
                     report("c", day(2), day(2), "daily", 30), report("d", day(3), day(3), "daily", 10),
                     report("e", day(3), day(6), "period_total", 50), report("f", day(6), day(6), "daily", 10)])
    runs = _runs([reports])
    (x,) = smooth.smoothest_many(runs)
    assert x.tolist() == pytest.approx([10, 20, 30, 10, 15, 15, 10], abs=1e-3)
    _assert_optimum(runs, [x])


def test_a_run_with_a_piece_too_large_is_solved_whole_by_highs():
    # 40 days with only a total: one piece of 40 unknown days.
    reports = frame([report("t", day(0), day(39), "period_total", 4000)])
    runs = _runs([reports])
    calls = []
    real = lp.smoothest

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    with mock.patch.object(lp, "smoothest", counted):
        got = smooth.smoothest_many(runs)
    assert calls == [1]
    _assert_optimum(runs, got)
    assert got[0].sum() == pytest.approx(4000, abs=1e-3)
