"""Shortest paths of series' difference-constraint graphs without all-pairs searches.

The graph of :mod:`exodus.derive.estimate_lp` has one node per running sum P_0 .. P_n and
two kinds of edges: between neighbouring nodes (a report on one day, or x_d >= 0) and
"long" edges of the reports that span several days. A path that uses no long edge never
gains by turning back (the two edges between neighbours form a cycle of weight >= 0 when
the reports can hold), so its shortest form runs straight along the chain and its length
is a difference of running sums of the edge weights. Every other path runs along the
chain to a "core" node (an end of a long edge), from core node to core node, and along
the chain to its target. The core nodes get their all-pairs distances by Floyd and
Warshall (:mod:`exodus.derive.estimate_batch`). And since going along the chain past the
nearest core node on one side is itself a way through the core, only the nearest core
nodes at or left of, and at or right of, each end need trying:

    dist(s, t) = min( chain(s, t),  min over a in near(s), b in near(t) of
                      chain(s, a) + core(a, b) + chain(b, t) )

a handful of operations per pair instead of a Dijkstra search over the whole graph. Ties
keep the chain, then the first candidate in the order (left, left), (left, right),
(right, left), (right, right). The reports on the chosen path bind the bound, as in the
all-pairs search; ``tests/test_estimate_paths.py`` checks both against it. Where two paths
are exactly as short (a period total equal to the sum of its days' exact figures, say),
either set of reports binds the bound; this search then names the days' reports where the
all-pairs search may have named the total.

One :class:`Paths` holds any number of series side by side: node numbers are global
(series ``i`` owns nodes ``node0[i] .. node0[i] + n_days[i]``), so that the day bounds of
all series are found by the same few array operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exodus.derive import estimate_lp as lp

NEVER_NEGATIVE = lp.NEVER_NEGATIVE
CHAIN = -2  # a core hop that runs along the chain rather than over one long edge


@dataclass(frozen=True)
class Paths:
    n_days: np.ndarray  # per series
    node0: np.ndarray  # per series: its first global node
    up_report: np.ndarray  # per node u: report of edge u -> u+1 (NEVER_NEGATIVE: none)
    down_report: np.ndarray  # per node u: report of edge u+1 -> u (NEVER_NEGATIVE: x >= 0)
    up_sum: np.ndarray  # per node: running sum, within its series, of the finite forward weights
    up_gaps: np.ndarray  # per node: running count of days without a forward edge
    down_sum: np.ndarray  # per node: running sum of the backward weights
    core: np.ndarray  # the core nodes (global), sorted
    core_series: np.ndarray  # the series of each core node
    core0: np.ndarray  # per series: index of its first core node; k per series below
    k: np.ndarray
    dist0: np.ndarray  # per series: offset of its k x k block in dist, after and hop
    dist: np.ndarray  # flat k x k blocks: shortest distance between core nodes
    after: np.ndarray  # the core node (local index) after a on the way a -> b (-1: none)
    hop: np.ndarray  # report of the long edge a -> b if that hop is one, else CHAIN

    def chain(self, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Length of the straight chain path s -> t (nodes of one series; inf when a day on
        the way forward has no upper bound)."""
        lo, hi = np.minimum(s, t), np.maximum(s, t)
        forward = np.where(self.up_gaps[hi] - self.up_gaps[lo] > 0, np.inf, self.up_sum[t] - self.up_sum[s])
        return np.where(s < t, forward, np.where(s > t, self.down_sum[s] - self.down_sum[t], 0.0))

    def series_of(self, node: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.node0, node, side="right") - 1

    def _block(self, series: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Flat index of (a, b), global core indices of ``series``, in its k x k block."""
        return self.dist0[series] + (a - self.core0[series]) * self.k[series] + (b - self.core0[series])

    def _near(self, node: np.ndarray, series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Global core indices of the nearest core node at or left of, and at or right of,
        each node within its series (-1: none)."""
        right = np.searchsorted(self.core, node)
        safe = np.minimum(right, len(self.core) - 1)
        has_right = (right < len(self.core)) & (self.core_series[safe] == series)
        exact = has_right & (self.core[safe] == node)
        left = np.where(exact, right, right - 1)
        has_left = (left >= 0) & (self.core_series[np.maximum(left, 0)] == series)
        return np.where(has_left, left, -1), np.where(has_right, right, -1)


def route(p: Paths, s: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distances s[q] -> t[q] (nodes of one series each), with the first and last core node
    (global indices) of each chosen path (-1: the straight chain)."""
    s, t = np.asarray(s, np.int64), np.asarray(t, np.int64)
    best = p.chain(s, t)
    via_a, via_b = np.full(len(s), -1), np.full(len(s), -1)
    if not len(p.core) or not len(s):
        return best, via_a, via_b
    series = p.series_of(s)
    near_s, near_t = p._near(s, series), p._near(t, series)
    for a in near_s:
        for b in near_t:
            ok = (a >= 0) & (b >= 0)
            a0, b0 = np.where(ok, a, 0), np.where(ok, b, 0)
            through = p.chain(s, p.core[a0]) + p.dist[p._block(series, a0, b0)] + p.chain(p.core[b0], t)
            better = ok & (through < best)
            best = np.where(better, through, best)
            via_a, via_b = np.where(better, a, via_a), np.where(better, b, via_b)
    return best, via_a, via_b


def unique(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sorting: faster here than NumPy's hashing unique)."""
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def _expand(lo: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For runs lo[i] .. lo[i] + lengths[i] - 1: the run of each element and its value."""
    which = np.repeat(np.arange(len(lo)), lengths)
    return which, np.repeat(lo, lengths) + np.arange(len(which)) - np.repeat(np.cumsum(lengths) - lengths, lengths)


def _segments(p: Paths, s: np.ndarray, t: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(query, report) for every edge of the chain paths s -> t."""
    lo, hi = np.minimum(s, t), np.maximum(s, t)
    which, node = _expand(lo, hi - lo)
    return query[which], np.where((s < t)[which], p.up_report[node], p.down_report[node])


def reports_on(p: Paths, s: np.ndarray, t: np.ndarray, via_a: np.ndarray, via_b: np.ndarray,
               wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique pairs (q, report) of the reports on the paths :func:`route` chose for the
    ``wanted`` queries (a boolean mask), sorted by q, then report."""
    q = np.flatnonzero(wanted)
    ws, wt, wa, wb = np.asarray(s)[q], np.asarray(t)[q], via_a[q], via_b[q]
    routed = wa >= 0
    rq = q[routed]
    found = [_segments(p, ws[~routed], wt[~routed], q[~routed]),
             _segments(p, ws[routed], p.core[wa[routed]], rq), _segments(p, p.core[wb[routed]], wt[routed], rq)]
    if routed.any():
        n_core = len(p.core)
        wanted_pairs = wa[routed] * n_core + wb[routed]
        pairs = unique(wanted_pairs)
        which = np.searchsorted(pairs, wanted_pairs)
        ptr, reports = _core_reports(p, pairs // n_core, pairs % n_core)
        lengths = ptr[which + 1] - ptr[which]
        run, at = _expand(ptr[which], lengths)
        found.append((rq[run], reports[at]))
    fq = np.concatenate([x for x, _ in found])
    fr = np.concatenate([r for _, r in found]).astype(np.int64)
    keep = fr != NEVER_NEGATIVE
    fq, fr = fq[keep], fr[keep]
    width = int(fr.max()) + 1 if len(fr) else 1
    key = unique(fq * width + fr)
    return key // width, key % width


def _core_reports(p: Paths, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each core path a[i] -> b[i] (global core indices): its reports, as a pointer
    array into one array of reports (grouped by path), walked all at once."""
    series = p.core_series[a]
    base = p.core0[series]
    node, target = a - base, b - base  # local core indices
    hop_path, hop_report, chain_path, chain_s, chain_t = [], [], [], [], []
    active = node != target
    while active.any():
        i = np.flatnonzero(active)
        nxt = p.after[p.dist0[series[i]] + node[i] * p.k[series[i]] + target[i]]
        h = p.hop[p.dist0[series[i]] + node[i] * p.k[series[i]] + nxt]
        along = h == CHAIN
        hop_path.append(i[~along])
        hop_report.append(h[~along])
        chain_path.append(i[along])
        chain_s.append(p.core[base[i[along]] + node[i[along]]])
        chain_t.append(p.core[base[i[along]] + nxt[along]])
        node[i] = nxt
        active = node != target
    cat = lambda x: np.concatenate(x) if x else np.zeros(0, np.int64)  # noqa: E731
    seg_path, seg_report = _segments(p, cat(chain_s), cat(chain_t), cat(chain_path))
    path, report = np.r_[cat(hop_path), seg_path], np.r_[cat(hop_report), seg_report]
    order = np.argsort(path, kind="stable")
    return np.searchsorted(path[order], np.arange(len(a) + 1)), report[order]


def day_bounds(p: Paths, which: np.ndarray | None = None) -> tuple:
    """Per day of the series ``which`` (all when None; never one whose reports cannot
    hold), series after series: the smallest and largest flow every report allows, and the
    unique (day, report) pairs that bind them, sorted by day, then report. Returns lower,
    upper, day, report and ``cut``: the i-th series' days are cut_days[i]:cut_days[i+1]
    of lower and upper, its pairs cut[i]:cut[i+1] (days numbered from its own first)."""
    which = np.arange(len(p.n_days)) if which is None else np.asarray(which, np.int64)
    run, day = _expand(np.zeros(len(which), np.int64), p.n_days[which])
    node = p.node0[which[run]] + day
    s, t = np.r_[node, node + 1], np.r_[node + 1, node]  # upper: d -> d+1; lower: d+1 -> d
    dist, via_a, via_b = route(p, s, t)
    m = len(node)
    upper, lower = lp._tidy(dist[:m]), lp._tidy(np.maximum(-dist[m:], 0.0))
    query, report = reports_on(p, s, t, via_a, via_b, np.r_[np.isfinite(upper), lower > 0])
    at = query % max(m, 1)  # the day, counted over all days of ``which``
    width = int(report.max()) + 1 if len(report) else 1
    key = unique(at * width + report)
    at, report = key // width, key % width
    cut_days = np.r_[0, np.cumsum(p.n_days[which])]
    return lower, upper, day[at], report, np.searchsorted(at, cut_days), cut_days


def range_bounds(p: Paths, series: int, pieces: list[tuple[int, int]]) -> tuple[float, float, set[int]]:
    """Smallest and largest total over the days of ``pieces`` (runs a..b of days of
    ``series``, inclusive), with the reports that bind them: estimate_lp.range_bounds.
    One set of :func:`range_bounds_many`, the search the estimator runs."""
    if not pieces:
        return 0.0, 0.0, set()
    first, last = (np.array(x, np.int64) for x in zip(*pieces))
    return range_bounds_many(p, np.zeros(len(first), np.int64), np.full(len(first), series), first, last, 1)[0]


def range_bounds_many(p: Paths, owner: np.ndarray, series: np.ndarray, first: np.ndarray, last: np.ndarray,
                      n_owners: int) -> list[tuple[float, float, set[int]]]:
    """:func:`range_bounds` of many sets of pieces at once: piece i runs over days
    first[i]..last[i] of ``series[i]`` and belongs to set ``owner[i]`` (sorted, 0 ..
    n_owners - 1). Each set gets what :func:`range_bounds` gives it alone: the searches
    are element by element, and each set's bounds are summed over its own pieces."""
    owner = np.asarray(owner, np.int64)
    a = np.asarray(first, np.int64) + p.node0[series]
    b = np.asarray(last, np.int64) + 1 + p.node0[series]
    s, t = np.r_[a, b], np.r_[b, a]
    dist, via_a, via_b = route(p, s, t)
    m = len(a)
    up, down = dist[:m], dist[m:]
    query, report = reports_on(p, s, t, via_a, via_b, np.r_[np.isfinite(up), -down > 0])
    who = np.r_[owner, owner][query]
    order = np.argsort(who, kind="stable")
    who, report = who[order], report[order]
    cut = np.searchsorted(owner, np.arange(n_owners + 1)).tolist()
    at = np.searchsorted(who, np.arange(n_owners + 1)).tolist()
    floor = np.maximum(-down, 0.0)
    return [(float(lp._tidy(floor[i:j].sum())), float(lp._tidy(up[i:j].sum())), set(report[x:y].tolist()))
            for i, j, x, y in zip(cut[:-1], cut[1:], at[:-1], at[1:])]
