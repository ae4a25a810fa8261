"""The smoothest series of many runs of days at once, without a solver call per run.

The program is that of :func:`exodus.derive.estimate_smooth.smoothest`, run by run: the
least sum of squared day-to-day changes plus ``RIDGE`` times the squared flows (the flows
divided by the run's largest bound), each day inside its bounds, every report spanning
several days met. Days whose bounds meet are known. The unknown days then fall apart into
small independent pieces: two unknown days are in one piece when they are neighbours or a
report spans both, and nothing else links them (a known day between two unknown ones
turns their shared terms into costs of each). Each piece is a tiny strictly convex
program; all pieces of a size are solved together by a primal-dual active-set iteration
(guess which bounds hold with equality, solve the equations, correct the guess) on
stacked small matrices. Its answer is the program's only optimum: where the guess stops
changing, the conditions of optimality hold (checked again at the end). A piece whose
guess has not settled after ``ROUNDS`` corrections (it can go round in circles when more
bounds hold than there are days) is solved by HiGHS alone; a run with a piece larger than
``LARGEST`` days or reports is solved by HiGHS as before. ``tests/test_estimate_smooth_many.py`` compares the
two on random reports.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext

import highspy
import numpy as np
import scipy.sparse as sp

from exodus.derive import estimate_lp as lp
from exodus.derive.estimate_paths import _expand
from exodus.derive.estimate_smooth import RIDGE

ROUNDS = 25
LARGEST = 32  # days or reports in one piece; larger pieces go to HiGHS
CHUNK = 2048  # pieces solved in one stack of equations
_SIZES = (1, 2, 4, 8, 16, 32)
_REG = 1e-11  # keeps the equations solvable when the bounds that hold are not independent
_TOL = 1e-9  # of the flows divided by the run's largest bound
_WEIGHT = 1e6  # of a bound's violation against its multiplier when guessing which bounds hold
_WORKERS = min(os.cpu_count() or 1, 4)  # long runs solved by HiGHS at once


def smoothest_many(runs: list[tuple[lp.Constraints, np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    """The smoothest series of each run (constraints, lower and upper bound of each day)."""
    if not runs:
        return []
    n = np.array([c.n_days for c, _, _ in runs], np.int64)
    first = np.r_[0, np.cumsum(n)][:-1]
    run_of = np.repeat(np.arange(len(runs)), n)
    lower = np.concatenate([lo for _, lo, _ in runs])
    upper = np.concatenate([up for _, _, up in runs])
    biggest = np.maximum(np.maximum.reduceat(lower, first), np.maximum.reduceat(np.where(np.isfinite(upper), upper, 0.0), first))
    scale = np.maximum(biggest, 1.0)
    lo, hi = lower / scale[run_of], upper / scale[run_of]
    all_fixed = np.bincount(run_of, weights=~np.isclose(lo, hi, rtol=1e-12, atol=1e-12), minlength=len(runs)) == 0
    pinned = (lo == hi) | all_fixed[run_of]
    known = np.where(pinned, lo, 0.0)
    local = np.arange(len(lower)) - first[run_of]
    has_left, has_right = local > 0, local < n[run_of] - 1
    free = np.flatnonzero(~pinned)
    x = known.copy()
    fallback = np.zeros(len(runs), bool)
    if len(free):
        _pieces(runs, first, run_of, lo, hi, scale, pinned, known, has_left, has_right, free, x, fallback)
    point = np.where(all_fixed[run_of], lower, np.clip(x * scale[run_of], lower, upper))
    out = [point[a: a + m] for a, m in zip(first.tolist(), n.tolist())]
    whole = np.flatnonzero(fallback).tolist()
    solve = lambda j: lp.smoothest(runs[j][0], lp.DayBounds(runs[j][1], runs[j][2], None, None))  # noqa: E731
    # HiGHS lets go of the interpreter lock while it solves: long runs are solved side by side.
    with ThreadPoolExecutor(_WORKERS) if len(whole) > 1 and _WORKERS > 1 else nullcontext() as pool:
        for j, solved in zip(whole, (pool.map if pool else map)(solve, whole)):
            out[j] = solved
    return out


def _pieces(runs, first, run_of, lo, hi, scale, pinned, known, has_left, has_right, free, x, fallback) -> None:
    """Solve the free days piece by piece into ``x``; mark in ``fallback`` the runs with a
    piece too large or unsettled."""
    # Reports spanning several days, with what the known days already take of them.
    size = np.array([len(c.start) for c, _, _ in runs], np.int64)
    row_run = np.repeat(np.arange(len(runs)), size)
    start = np.concatenate([c.start for c, _, _ in runs]) + first[row_run]
    end = np.concatenate([c.end for c, _, _ in runs]) + first[row_run]
    multi = end > start
    row_run, start, end = row_run[multi], start[multi], end[multi]
    row_lo = np.concatenate([c.lower for c, _, _ in runs])[multi] / scale[row_run]
    row_hi = np.concatenate([c.upper for c, _, _ in runs])[multi] / scale[row_run]
    open_count = np.r_[0, np.cumsum(~pinned)]
    n_open = open_count[end + 1] - open_count[start]
    row_day, row_at = _expand(start, end - start + 1)
    taken = np.bincount(row_day, weights=known[row_at], minlength=len(start))
    keep = n_open > 0
    row_run, start, end, n_open = row_run[keep], start[keep], end[keep], n_open[keep]
    row_lo, row_hi = row_lo[keep] - taken[keep], row_hi[keep] - taken[keep]
    # Pieces: free days linked by being neighbours or by a report spanning both.
    nxt_free = np.searchsorted(free, start)  # first free day at or after each row's start
    last_free = np.searchsorted(free, end, side="right") - 1
    pair = np.flatnonzero(np.diff(free) == 1)
    pair = pair[has_right[free[pair]]]  # neighbours within one run
    seg_lo = np.r_[np.arange(len(free)), pair, nxt_free[n_open > 1]]
    seg_hi = np.r_[np.arange(len(free)), pair + 1, last_free[n_open > 1]]
    order = np.argsort(seg_lo, kind="stable")
    seg_lo, seg_hi = seg_lo[order], seg_hi[order]
    reach = np.maximum.accumulate(seg_hi)
    new = np.r_[True, seg_lo[1:] > reach[:-1]]
    piece_first = seg_lo[new]  # index into free of each piece's first day
    piece = np.searchsorted(piece_first, np.arange(len(free)), side="right") - 1
    k = np.bincount(piece, minlength=len(piece_first))
    var = np.arange(len(free)) - piece_first[piece]
    row_piece = piece[nxt_free]
    r = np.bincount(row_piece, minlength=len(piece_first))
    too_big = (k > LARGEST) | (r > LARGEST)
    fallback[run_of[free[piece_first[too_big]]]] = True
    # Costs: 2 (D'D + RIDGE) on the free days; known neighbours move into the linear term.
    f = free
    diag = 2.0 * (has_left[f].astype(float) + has_right[f] + RIDGE)
    left_known = np.where(has_left[f], known[np.maximum(f - 1, 0)], 0.0)
    right_known = np.where(has_right[f], known[np.minimum(f + 1, len(known) - 1)], 0.0)
    cost = -2.0 * (left_known + right_known)  # known is 0 on free days
    row_order = np.argsort(row_piece, kind="stable")
    row_slot = np.empty(len(row_piece), np.int64)
    row_slot[row_order] = np.arange(len(row_piece)) - (np.cumsum(r) - r)[row_piece[row_order]]
    # A piece of one day: its own optimum, held inside its bounds and its reports' ends.
    single = np.flatnonzero(k[piece] == 1)
    low_end, high_end = lo[free].copy(), hi[free].copy()
    alone = k[row_piece] == 1
    at = piece_first[row_piece[alone]]  # the one day (index into free) of each such report's piece
    np.maximum.at(low_end, at, row_lo[alone])
    np.minimum.at(high_end, at, row_hi[alone])
    x[free[single]] = np.clip(-cost[single] / diag[single], low_end[single], high_end[single])
    kb = np.searchsorted(_SIZES, np.maximum(k, 1))
    rb = np.searchsorted((0,) + _SIZES, r)
    for bk in np.unique(kb[~too_big & (k > 1)]).tolist():
        for br in np.unique(rb[~too_big & (kb == bk)]).tolist():
            every = np.flatnonzero(~too_big & (k > 1) & (kb == bk) & (rb == br))
            kk, rr = _SIZES[bk], ((0,) + _SIZES)[br]
            for at in range(0, len(every), CHUNK):
                group = every[at: at + CHUNK]
                solved, ok = _solve_group(group, kk, rr, piece, var, free, diag, cost, lo, hi, row_piece, row_slot,
                                          start, end, row_lo, row_hi, pinned)
                mine = np.isin(piece, group)
                slot = np.searchsorted(group, piece[mine])
                x[free[mine]] = solved[slot, var[mine]]
                fallback[run_of[free[piece_first[group[~ok]]]]] = True


def _solve_group(group, kk, rr, piece, var, free, diag, cost, lo, hi, row_piece, row_slot, start, end,
                 row_lo, row_hi, pinned):
    """Solve the pieces ``group`` (each of at most kk days and rr reports) together."""
    g = len(group)
    slot = np.full(int(piece.max()) + 1, -1)
    slot[group] = np.arange(g)
    mine = np.flatnonzero(slot[piece] >= 0)
    gi, vi = slot[piece[mine]], var[mine]
    h = np.zeros((g, kk, kk))
    h[:, np.arange(kk), np.arange(kk)] = 1.0  # padding: x = 0
    h[gi, vi, vi] = diag[mine]
    linked = np.flatnonzero((slot[piece[mine[:-1]]] >= 0) & (piece[mine[1:]] == piece[mine[:-1]])
                            & (free[mine[1:]] == free[mine[:-1]] + 1))
    h[gi[linked], vi[linked], vi[linked] + 1] = -2.0
    h[gi[linked], vi[linked] + 1, vi[linked]] = -2.0
    c = np.zeros((g, kk))
    c[gi, vi] = cost[mine]
    m = kk + rr
    con = np.zeros((g, m, kk))
    con[:, np.arange(kk), np.arange(kk)] = 1.0
    low, high = np.zeros((g, m)), np.zeros((g, m))  # padding days: 0 <= x <= 0
    low[gi, vi], high[gi, vi] = lo[free[mine]], hi[free[mine]]
    if rr:
        low[:, kk:], high[:, kk:] = -np.inf, np.inf
        rows = np.flatnonzero(slot[row_piece] >= 0)
        rg, rs = slot[row_piece[rows]], row_slot[rows]
        low[rg, kk + rs], high[rg, kk + rs] = row_lo[rows], row_hi[rows]
        day_row, day = _expand(start[rows], end[rows] - start[rows] + 1)
        open_day = ~pinned[day]
        at = np.searchsorted(free, day[open_day])
        con[rg[day_row[open_day]], kk + rs[day_row[open_day]], var[at]] = 1.0
    equal = low == high
    lam = np.zeros((g, m))
    x = np.zeros((g, kk))
    active, upper_side = equal.copy(), np.zeros((g, m), bool)
    eye = np.eye(m)[None]
    settled = np.zeros(g, bool)
    for _ in range(ROUNDS):
        bound = np.where(upper_side, high, low)
        bound = np.where(active, bound, 0.0)
        top = np.concatenate([h, np.transpose(con, (0, 2, 1))], axis=2)
        bottom = np.concatenate([np.where(active[:, :, None], con, 0.0),
                                 np.where(active[:, :, None], -_REG * eye, eye)], axis=2)
        sol = np.linalg.solve(np.concatenate([top, bottom], axis=1), np.concatenate([-c, bound], axis=1)[:, :, None])[:, :, 0]
        x, lam = sol[:, :kk], sol[:, kk:]
        cx = np.einsum("gmk,gk->gm", con, x)
        up_new = ~equal & (lam + _WEIGHT * (cx - high) > 0)
        low_new = ~equal & (lam + _WEIGHT * (cx - low) < 0)
        new_active = equal | up_new | low_new
        settled = np.all((new_active == active) & (up_new == (upper_side & ~equal)), axis=1)
        if settled.all():
            break
        active, upper_side = new_active, up_new
    cx = np.einsum("gmk,gk->gm", con, x)
    ok = settled & np.all((cx >= low - _TOL) & (cx <= high + _TOL), axis=1)
    for i in np.flatnonzero(~ok).tolist():  # the guess went round in circles: HiGHS on this piece
        solved = _highs(h[i], c[i], con[i, kk:], low[i], high[i], kk)
        if solved is not None:
            x[i], ok[i] = solved, True
    return x, ok


def _highs(h: np.ndarray, c: np.ndarray, rows: np.ndarray, low: np.ndarray, high: np.ndarray, k: int):
    """One piece by HiGHS's quadratic solver (None if it finds no optimum)."""
    lp_ = highspy.HighsLp()
    lp_.num_col_, lp_.num_row_ = k, len(rows)
    lp_.col_cost_ = c
    lp_.col_lower_, lp_.col_upper_ = low[:k], np.where(np.isfinite(high[:k]), high[:k], highspy.kHighsInf)
    lp_.row_lower_ = np.where(np.isfinite(low[k:]), low[k:], -highspy.kHighsInf)
    lp_.row_upper_ = np.where(np.isfinite(high[k:]), high[k:], highspy.kHighsInf)
    a = sp.csc_matrix(rows)
    lp_.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp_.a_matrix_.start_, lp_.a_matrix_.index_, lp_.a_matrix_.value_ = a.indptr, a.indices, a.data
    lower_h = sp.csc_matrix(np.tril(h))
    hess = highspy.HighsHessian()
    hess.dim_, hess.format_ = k, highspy.HessianFormat.kTriangular
    hess.start_, hess.index_, hess.value_ = lower_h.indptr, lower_h.indices, lower_h.data
    model = highspy.HighsModel()
    model.lp_, model.hessian_ = lp_, hess
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.passModel(model)
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.asarray(solver.getSolution().col_value)
