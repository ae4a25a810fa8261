"""The linear programs behind the estimates of one series: bounds, conflicts, smoothest flow.

Unknowns are the daily flows x_0 .. x_{n-1} >= 0 of one series. Each report is one or
more constraints ``lower <= x_s + ... + x_e <= upper`` (a daily figure: one per day).

Bounds. The smallest and largest total of any run of days are the values of two linear
programs. With running sums P_0 = 0, P_{d+1} = P_d + x_d every constraint bounds one
difference P_{e+1} - P_s, and x_d >= 0 is P_d - P_{d+1} <= 0: a system of difference
constraints. The dual of such a program is a shortest path in the graph with one node per
running sum and one edge per constraint (u -> v of weight w for P_v - P_u <= w), so

    largest  total of days a..b = shortest path a -> b+1   (no path: unbounded)
    smallest total of days a..b = -(shortest path b+1 -> a)

and the reports on those paths are the ones that bind the bound. The reports cannot all
hold exactly when the graph has a cycle of negative weight. ``tests/test_estimate.py``
checks these values against HiGHS's own linear programs (``scipy.optimize.linprog``).

Here :func:`day_bounds` and :func:`range_bounds` search all pairs of nodes (Johnson's
algorithm). The estimator itself finds the same distances and binding reports without
all-pairs searches, for many series at once (:mod:`exodus.derive.estimate_paths`,
:mod:`exodus.derive.estimate_batch`); these two stay as the reference the tests compare it
against. :func:`graph`, :func:`feasible`, :func:`conflict` and :func:`violations` serve the
search for reports in conflict.

Point: the smoothest series that satisfies every report, in :mod:`exodus.derive.estimate_smooth`
(one run by HiGHS) and :mod:`exodus.derive.estimate_smooth_many` (all runs, piece by piece).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog
from scipy.sparse.csgraph import NegativeCycleError, bellman_ford, johnson

from exodus.derive.estimate_smooth import RIDGE, smoothest  # noqa: F401  (the point: estimate_lp.smoothest)

NEVER_NEGATIVE = -1  # the "report" behind the x_d >= 0 edges


def _slack(value: np.ndarray) -> np.ndarray:
    """Rounding room added to every bound, so that reports that agree exactly in whole
    numbers are never found in conflict because of binary fractions (0.95 x 98,000)."""
    return 1e-12 * np.maximum(1.0, np.abs(value))


@dataclass(frozen=True)
class Constraints:
    """Constraints ``lower <= sum(x[start..end]) <= upper`` over days 0..n_days-1."""

    n_days: int
    start: np.ndarray
    end: np.ndarray  # inclusive
    lower: np.ndarray  # 0 where the report gives no lower end
    upper: np.ndarray  # inf where it gives no upper end
    report: np.ndarray  # which report (0-based, in the series' own order) each row comes from

    def without(self, reports) -> Constraints:
        keep = ~np.isin(self.report, list(reports))
        return Constraints(self.n_days, self.start[keep], self.end[keep], self.lower[keep],
                           self.upper[keep], self.report[keep])

    def only(self, reports) -> Constraints:
        keep = np.isin(self.report, list(reports))
        return Constraints(self.n_days, self.start[keep], self.end[keep], self.lower[keep],
                           self.upper[keep], self.report[keep])


@dataclass(frozen=True)
class Graph:
    matrix: sp.csr_matrix
    reports: np.ndarray  # the report behind each stored entry of the matrix, in its order

    def report(self, u: int, v: int) -> int:
        """The report behind edge u -> v."""
        return int(self.reports_of(np.array([u]), np.array([v]))[0])

    def reports_of(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """The reports behind edges u -> v; entries are stored by row, then column, so the
        key row * n + column increases along them."""
        n = self.matrix.shape[0]
        rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(self.matrix.indptr))
        keys = rows * n + self.matrix.indices
        return self.reports[np.searchsorted(keys, np.asarray(u, np.int64) * n + np.asarray(v, np.int64))]


def graph(c: Constraints) -> Graph:
    n = c.n_days
    has_upper = np.isfinite(c.upper)
    has_lower = c.lower > 0
    src = np.concatenate([c.start[has_upper], c.end[has_lower] + 1, np.arange(1, n + 1)])
    dst = np.concatenate([c.end[has_upper] + 1, c.start[has_lower], np.arange(0, n)])
    up, lo = c.upper[has_upper], c.lower[has_lower]
    weight = np.concatenate([up + _slack(up), -lo + _slack(lo), np.zeros(n)])
    report = np.concatenate([c.report[has_upper], c.report[has_lower], np.full(n, NEVER_NEGATIVE)])
    # Parallel edges: keep the tightest (then the report first in the series' order, the
    # x >= 0 edge last), so the graph does not depend on the order of the rows.
    tie = np.where(report == NEVER_NEGATIVE, np.iinfo(np.int64).max, report)
    order = np.lexsort((tie, weight, dst, src))
    src, dst, weight, report = src[order], dst[order], weight[order], report[order]
    first = np.r_[True, (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])]
    src, dst, weight, report = src[first], dst[first], weight[first], report[first]
    # csgraph drops explicit zeros of a CSR matrix built from data only through
    # eliminate_zeros(), which is never called here, so zero-weight edges stay edges.
    matrix = sp.csr_matrix((weight, (src, dst)), shape=(n + 1, n + 1))
    # (src, dst) are unique and sorted by row, then column: the CSR order of the entries.
    assert matrix.has_sorted_indices and matrix.nnz == len(report)
    return Graph(matrix, report)


def feasible(c: Constraints, g: Graph | None = None) -> bool:
    """Whether some series x >= 0 meets every constraint (``g``: its graph, if built)."""
    matrix = (g if g is not None else graph(c)).matrix
    try:
        # Every node is reachable from the last one through the x >= 0 edges.
        bellman_ford(matrix, indices=c.n_days)
    except NegativeCycleError:
        return False
    return True


def _span(c: Constraints) -> Constraints:
    """The same constraints over the days they cover only (the others change nothing)."""
    if len(c.start) == 0:
        return c
    first = int(c.start.min())
    return Constraints(int(c.end.max()) - first + 1, c.start - first, c.end - first, c.lower, c.upper, c.report)


def conflict(c: Constraints, order: list[int], near: list[int] | None = None) -> list[int]:
    """An irreducible set of reports that cannot all hold: dropping any one of them
    removes the conflict. Reports are tried for dropping in ``order``; the ones tried
    first are the likeliest to stay out of the set. ``near`` may name a smaller set of
    reports to search first (if they alone cannot hold)."""
    keep = sorted(set(c.report.tolist()))
    if near is not None and not feasible(_span(c.only(near))):
        keep = sorted(set(near))
    for r in order:
        if r in keep and not feasible(_span(c.only([k for k in keep if k != r]))):
            keep.remove(r)
    return keep


def violations(c: Constraints, scale: np.ndarray) -> np.ndarray:
    """Per report, how far outside its own figure (relative to ``scale``) the series
    that breaks the reports least (in total relative violation) must go."""
    n, m = c.n_days, len(c.start)
    rows = np.repeat(np.arange(m), c.end - c.start + 1)
    cols = np.concatenate([np.arange(s, e + 1) for s, e in zip(c.start, c.end)]) if m else np.zeros(0, int)
    a = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(m, n))
    eye = sp.identity(m, format="csr")
    has_upper = np.isfinite(c.upper)
    # a x + under >= lower and a x - over <= upper, with under, over >= 0
    a_ub = sp.vstack([sp.hstack([-a, -eye, sp.csr_matrix((m, m))]),
                      sp.hstack([a, sp.csr_matrix((m, m)), -eye])[has_upper]]).tocsr()
    b_ub = np.concatenate([-c.lower, c.upper[has_upper]])
    weight = 1.0 / scale[c.report]
    cost = np.concatenate([np.zeros(n), weight, weight])
    result = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
    if result.status != 0:
        raise RuntimeError(f"least-violation program failed: {result.message}")
    per_row = (result.x[n:n + m] + result.x[n + m:]) * weight
    return np.bincount(c.report, weights=per_row, minlength=int(c.report.max()) + 1)


def _path_reports(pred: np.ndarray, g: Graph, source: int, target: int) -> set[int]:
    before, after, node = [], [], target
    while node != source and node >= 0:
        before.append(int(pred[node]))
        after.append(node)
        node = before[-1]
    found = set(g.reports_of(np.array(before, np.int64), np.array(after, np.int64)).tolist())
    found.discard(NEVER_NEGATIVE)
    return found


def _unique(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sorting: faster than hashing for these small arrays)."""
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def _paths_pairs(pred: np.ndarray, g: Graph, sources: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each (source, target), the reports on the shortest path, as unique pairs
    (path number, report) sorted by path, then report; ``pred`` has one row per source.
    All paths are walked back together, one edge per step."""
    which = np.arange(len(targets))
    node = targets.astype(np.int64).copy()
    found_path, found_from, found_to = [], [], []
    active = (node != sources) & (node >= 0)
    while active.any():
        i = which[active]
        before = pred[i, node[i]].astype(np.int64)
        ok = before >= 0
        found_path.append(i[ok])
        found_from.append(before[ok])
        found_to.append(node[i][ok])
        node[i] = np.where(ok, before, sources[i])
        active = (node != sources) & (node >= 0)
    if not found_path:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    paths = np.concatenate(found_path)
    reports = g.reports_of(np.concatenate(found_from), np.concatenate(found_to)).astype(np.int64)
    keep = reports != NEVER_NEGATIVE
    paths, reports = paths[keep], reports[keep]
    width = int(reports.max()) + 1 if len(reports) else 1
    pairs = _unique(paths * width + reports)
    return pairs // width, pairs % width


@dataclass(frozen=True)
class DayBounds:
    lower: np.ndarray
    upper: np.ndarray  # inf: no report bounds the day from above
    binding_day: np.ndarray  # unique pairs (day, report): the report sets the day's lower
    binding_report: np.ndarray  # or upper end; sorted by day, then report

    @property
    def binding(self) -> list:
        """Per day, the set of reports that set its lower or upper end."""
        out = [set() for _ in range(len(self.lower))]
        for d, r in zip(self.binding_day.tolist(), self.binding_report.tolist()):
            out[d].add(r)
        return out


def day_bounds(c: Constraints, g: Graph | None = None) -> DayBounds:
    g = g if g is not None else graph(c)
    n = c.n_days
    dist, pred = johnson(g.matrix, return_predecessors=True)
    days = np.arange(n)
    upper, lower = _tidy(dist[days, days + 1]), _tidy(np.maximum(-dist[days + 1, days], 0.0))
    rows = np.r_[days + 1, days]  # lower bounds: paths d+1 -> d; upper: d -> d+1
    wanted = np.flatnonzero(np.r_[lower > 0, np.isfinite(upper)])
    path, report = _paths_pairs(pred[rows[wanted]], g, rows[wanted], np.r_[days, days + 1][wanted])
    day = wanted[path] % max(n, 1)
    width = int(report.max()) + 1 if len(report) else 1
    pairs = _unique(day * width + report)
    return DayBounds(lower, upper, pairs // width, pairs % width)


def range_bounds(g: Graph, pieces: list[tuple[int, int]]) -> tuple[float, float, set[int]]:
    """Smallest and largest total over the days of ``pieces`` (runs a..b, inclusive, that
    days no constraint covers keep apart), with the reports that bind them."""
    if not pieces:
        return 0.0, 0.0, set()
    nodes = sorted({a for a, _ in pieces} | {b + 1 for _, b in pieces})
    dist, pred = johnson(g.matrix, indices=nodes, return_predecessors=True)
    row = {node: i for i, node in enumerate(nodes)}
    low = high = 0.0
    binding: set[int] = set()
    for a, b in pieces:
        up, down = dist[row[a], b + 1], dist[row[b + 1], a]
        high += up
        low += max(-down, 0.0)
        if np.isfinite(up):
            binding |= _path_reports(pred[row[a]], g, a, b + 1)
        if -down > 0:
            binding |= _path_reports(pred[row[b + 1]], g, b + 1, a)
    return float(_tidy(low)), float(_tidy(high)), binding


def _tidy(value):
    """Bounds without the rounding room (a thousandth of a person is below any figure)."""
    return np.round(value, 3)
