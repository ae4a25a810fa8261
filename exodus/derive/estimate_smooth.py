"""The point estimate of one run of days: the smoothest series meeting every constraint.

The smoothest series that satisfies every report: the least sum of squared
day-to-day changes (Denton's additive first-difference criterion) under all constraints,
with a tiny penalty on the flows themselves so that the answer is unique. Solved as a
quadratic program by HiGHS (``highspy``), with each day held inside its bounds.

Used through :mod:`exodus.derive.estimate_lp` (``smoothest``) with its constraints and day bounds.
"""

from __future__ import annotations

import highspy
import numpy as np
import scipy.sparse as sp

RIDGE = 1e-6  # weight of the penalty on the flows, relative to the day-to-day changes


def _hessian(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lower triangle, by column, of 2 (D'D + RIDGE I) for the day-to-day changes D of n
    days: the diagonal 2 (1 + RIDGE) at both ends, 2 (2 + RIDGE) inside, -2 below it."""
    if n == 1:
        return np.array([0, 1]), np.array([0]), np.array([2.0 * RIDGE])
    diagonal = np.full(n, 4.0)
    diagonal[[0, -1]] = 2.0
    diagonal += 2.0 * RIDGE
    index = np.empty(2 * n - 1, np.int64)
    value = np.empty(2 * n - 1)
    index[0::2], index[1::2] = np.arange(n), np.arange(1, n)
    value[0::2], value[1::2] = diagonal, -2.0
    start = np.r_[0, np.arange(2, 2 * n, 2), 2 * n - 1]
    return start, index, value


def smoothest(c, bounds, pinned_apart: bool = True) -> np.ndarray:
    """The series with the least sum of squared day-to-day changes that meets every
    constraint (each day held inside its bounds, which every such series respects).

    Days whose bounds meet (an exact daily figure, say) are no unknowns: with
    ``pinned_apart`` they are taken out of the program before it is solved, their values
    moving into the costs of their neighbours and the ends of the reports spanning them.
    The optimum is the same; the program is smaller (``pinned_apart=False`` solves the
    whole one, which the tests compare against)."""
    n = c.n_days
    finite = np.concatenate([bounds.lower, bounds.upper[np.isfinite(bounds.upper)]])
    scale = max(float(finite.max()) if len(finite) else 1.0, 1.0)
    lower, upper = bounds.lower / scale, bounds.upper / scale
    fixed = np.isclose(lower, upper, rtol=1e-12, atol=1e-12)
    if fixed.all():
        return np.clip(bounds.lower, bounds.lower, bounds.upper)
    pinned = (lower == upper) if pinned_apart else np.zeros(n, bool)
    free = np.flatnonzero(~pinned)
    known = np.where(pinned, lower, 0.0)  # the pinned days' values, 0 elsewhere
    k = len(free)
    multi = c.end > c.start
    starts, ends = c.start[multi], c.end[multi]
    lp = highspy.HighsLp()
    lp.num_col_ = k
    # Cost of a free day from its pinned neighbours: the Hessian's -2 times their values.
    left = np.where(free > 0, known[np.maximum(free - 1, 0)], 0.0)
    right = np.where(free < n - 1, known[np.minimum(free + 1, n - 1)], 0.0)
    lp.col_cost_ = -2.0 * (left + right)
    lp.col_lower_ = lower[free]
    lp.col_upper_ = np.where(np.isfinite(upper[free]), upper[free], highspy.kHighsInf)
    if len(starts):
        lengths = ends - starts + 1
        rows = np.repeat(np.arange(len(starts)), lengths)
        cols = np.repeat(starts, lengths) + np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        taken = np.bincount(rows, weights=known[cols], minlength=len(starts))
        column = np.full(n, -1)
        column[free] = np.arange(k)
        open_ = column[cols] >= 0
        has_free = np.bincount(rows[open_], minlength=len(starts)) > 0
        renumber = np.cumsum(has_free) - 1
        lp.num_row_ = int(has_free.sum())
        keep = open_ & has_free[rows]
        a = sp.csc_matrix((np.ones(int(keep.sum())), (renumber[rows[keep]], column[cols[keep]])), shape=(lp.num_row_, k))
        row_lower, row_upper = c.lower[multi][has_free] / scale, c.upper[multi][has_free] / scale
        lp.row_lower_ = row_lower - taken[has_free]
        lp.row_upper_ = np.where(np.isfinite(row_upper), row_upper - taken[has_free], highspy.kHighsInf)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = a.indptr, a.indices, a.data
    else:
        lp.num_row_ = 0
    h = highspy.HighsHessian()
    h.dim_, h.format_ = k, highspy.HessianFormat.kTriangular
    h.start_, h.index_, h.value_ = _hessian_of(n, free)
    model = highspy.HighsModel()
    model.lp_, model.hessian_ = lp, h
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.passModel(model)
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"smoothest series not found: {solver.getModelStatus()}")
    x = known.copy()
    x[free] = np.asarray(solver.getSolution().col_value)
    return np.clip(x * scale, bounds.lower, bounds.upper)


def _hessian_of(n: int, free: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The lower triangle of :func:`_hessian` for the days ``free`` (sorted) only."""
    if len(free) == n:
        return _hessian(n)
    start, index, value = _hessian(n)
    diagonal = value[start[:-1]][free]
    linked = np.r_[free[1:] == free[:-1] + 1, False]  # the next free day is the next day
    counts = 1 + linked
    out_start = np.r_[0, np.cumsum(counts)]
    out_index = np.empty(out_start[-1], np.int64)
    out_value = np.empty(out_start[-1])
    k = np.arange(len(free))
    out_index[out_start[:-1]], out_value[out_start[:-1]] = k, diagonal
    out_index[out_start[:-1][linked] + 1], out_value[out_start[:-1][linked] + 1] = k[linked] + 1, -2.0
    return out_start, out_index, out_value
