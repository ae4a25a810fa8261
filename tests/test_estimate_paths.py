"""Day and range bounds from the chain-and-core shortest paths (exodus.derive.estimate_paths,
built by exodus.derive.estimate_batch) are those of the all-pairs search of estimate_lp,
with the same binding reports, and a series gets the same whether built alone or with others."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from exodus.derive import estimate
from exodus.derive import estimate_batch as batch
from exodus.derive import estimate_lp as lp
from exodus.derive import estimate_paths as paths
from tests.test_estimate import PROPERTY, report_sets
from tests.test_estimate_fast import mostly_exact_days


def _constraints(reports) -> list[lp.Constraints]:
    frame = estimate._prepare(reports)
    rows = [r for _, r in estimate._series_rows(frame.loc[frame["reason"] == 0, estimate._ROW_COLUMNS])]
    return batch.constraints(rows)[1]


def _alone(c: lp.Constraints):
    built, bad = batch.build([c])
    return built, bool(bad[0])


def _same_day_bounds(reports):
    for c in _constraints(reports):
        g = lp.graph(c)
        built, bad = _alone(c)
        assert bad == (not lp.feasible(c, g))
        if bad:
            continue
        plain = lp.day_bounds(c, g)
        lower, upper, day, report, _, _ = paths.day_bounds(built)
        assert lower.tolist() == plain.lower.tolist() and upper.tolist() == plain.upper.tolist()
        assert day.tolist() == plain.binding_day.tolist() and report.tolist() == plain.binding_report.tolist()


@PROPERTY
@given(report_sets(max_size=8))
def test_day_bounds_and_binding_reports_match_the_all_pairs_search(reports):
    _same_day_bounds(reports)


@PROPERTY
@given(mostly_exact_days())
def test_day_bounds_match_on_mostly_exact_days(reports):
    _same_day_bounds(reports)


@PROPERTY
@given(report_sets(max_size=8), st.lists(st.tuples(st.integers(0, 14), st.integers(0, 4)), min_size=1, max_size=3))
def test_range_bounds_match_the_all_pairs_search(reports, spans):
    for c in _constraints(reports):
        built, bad = _alone(c)
        if bad:
            continue
        pieces = sorted({(min(a, c.n_days - 1), min(a + w, c.n_days - 1)) for a, w in spans})
        pieces = [p for i, p in enumerate(pieces) if i == 0 or p[0] > pieces[i - 1][1] + 1]
        assert paths.range_bounds(built, 0, pieces) == lp.range_bounds(lp.graph(c), pieces)


@PROPERTY
@given(st.lists(st.one_of(report_sets(max_size=6), mostly_exact_days()), min_size=2, max_size=6))
def test_series_built_together_get_bit_for_bit_what_each_gets_alone(sets):
    cs = [c for reports in sets for c in _constraints(reports)]
    together, bad = batch.build(cs)
    good = np.flatnonzero(~bad)
    lower, upper, day, report, cut, cut_days = paths.day_bounds(together, good)
    for j, i in enumerate(good.tolist()):
        built, alone_bad = _alone(cs[i])
        assert not alone_bad
        a_lower, a_upper, a_day, a_report, _, _ = paths.day_bounds(built)
        days, pairs = slice(cut_days[j], cut_days[j + 1]), slice(cut[j], cut[j + 1])
        assert lower[days].tobytes() == a_lower.tobytes() and upper[days].tobytes() == a_upper.tobytes()
        assert day[pairs].tolist() == a_day.tolist() and report[pairs].tolist() == a_report.tolist()
        n = cs[i].n_days
        assert paths.range_bounds(together, i, [(0, n - 1)]) == paths.range_bounds(built, 0, [(0, n - 1)])
    assert bad.tolist() == [_alone(c)[1] for c in cs]


def test_a_path_through_a_long_report_names_it_and_the_days_it_passes():
    # Days 0-2 total exactly 30; day 0 exactly 10 and day 1 at least 5: day 2 is at most
    # 30 - 10 - 5 = 15, bound by all three reports; day 1 at most 30 - 10 = 20.
    c = lp.Constraints(3, np.array([0, 0, 1]), np.array([2, 0, 1]), np.array([30.0, 10, 5]),
                       np.array([30.0, 10, np.inf]), np.array([0, 1, 2]))
    lower, upper, day, report, _, _ = paths.day_bounds(_alone(c)[0])
    assert upper.tolist() == [10, 20, 15] and lower.tolist() == [10, 5, 0]
    pairs = set(zip(day.tolist(), report.tolist()))
    assert {r for d, r in pairs if d == 2} == {0, 1, 2} and {r for d, r in pairs if d == 0} == {1}
    assert {r for d, r in pairs if d == 1} == {0, 1, 2}  # at least 5 (lower) and 30 - 10 (upper)


def test_reports_that_cannot_hold_are_found_without_a_search_of_their_own():
    c = lp.Constraints(2, np.array([0, 0, 1]), np.array([1, 0, 1]), np.array([10.0, 6, 6]),
                       np.array([10.0, 6, 6]), np.array([0, 1, 2]))  # 6 + 6 is not 10
    assert _alone(c)[1] and not lp.feasible(c)
