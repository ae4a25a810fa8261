"""The shortest-path structure (:class:`exodus.derive.estimate_paths.Paths`) of many series
built at once from their constraints.

Each series is still solved on its own with the same arithmetic element by element: its
edges are those of ``estimate_lp.graph``, its running sums are summed from its own first
day, and its core distances come from the same Floyd-Warshall steps (series with the same
number of core nodes stacked in one array). So a series gets the same bounds and binding
reports whether it is built alone or with thousands of others, bit for bit
(``tests/test_estimate_paths.py``); only the Python and NumPy overhead is shared.
"""

from __future__ import annotations

import numpy as np

from exodus.derive import estimate_lp as lp
from exodus.derive import estimate_paths as paths


def constraints(rows: list) -> tuple[np.ndarray, list]:
    """day0 of each series (estimate_series.Rows) and its constraints: a daily figure one
    per day, any other report one over its period (as estimate_series builds them)."""
    day0 = np.array([int(r.s.min()) for r in rows], np.int64)
    n_days = np.array([int(r.e.max()) for r in rows], np.int64) - day0 + 1
    count = np.array([len(r.id) for r in rows], np.int64)
    sid = np.repeat(np.arange(len(rows)), count)
    s, e = np.concatenate([r.s for r in rows]) - day0[sid], np.concatenate([r.e for r in rows]) - day0[sid]
    lo, hi = np.concatenate([r.lo for r in rows]), np.concatenate([r.hi for r in rows])
    daily = np.concatenate([r.daily for r in rows])
    local = np.arange(len(sid)) - np.repeat(np.cumsum(count) - count, count)
    rep, offset = paths._expand(np.zeros(len(sid), np.int64), np.where(daily, e - s + 1, 1))
    start = np.where(daily[rep], s[rep] + offset, s[rep])
    end = np.where(daily[rep], start, e[rep])
    lo, hi, local = lo[rep], hi[rep], local[rep]
    cut = np.r_[0, np.cumsum(np.bincount(sid[rep], minlength=len(rows)))].tolist()
    return day0, [lp.Constraints(int(n_days[i]), start[a:b], end[a:b], lo[a:b], hi[a:b], local[a:b])
                  for i, (a, b) in enumerate(zip(cut[:-1], cut[1:]))]


def build(cs: list[lp.Constraints]) -> tuple[paths.Paths, np.ndarray]:
    """The paths of every series of ``cs`` and which series cannot hold (a cycle of negative
    weight: their reports are in conflict)."""
    n_series = len(cs)
    n = np.array([c.n_days for c in cs], np.int64)
    node0 = np.r_[0, np.cumsum(n + 1)][:-1]
    total = int((n + 1).sum())
    size = np.array([len(c.start) for c in cs], np.int64)
    base = np.repeat(node0, size)
    start, end = np.concatenate([c.start for c in cs]) + base, np.concatenate([c.end for c in cs]) + base
    lower, upper = np.concatenate([c.lower for c in cs]), np.concatenate([c.upper for c in cs])
    report = np.concatenate([c.report for c in cs])
    # The edges of estimate_lp.graph, with global node numbers (series never share one).
    has_upper, has_lower = np.isfinite(upper), lower > 0
    never_series, never_day = paths._expand(np.zeros(n_series, np.int64), n)
    never = never_day + node0[never_series]
    src = np.concatenate([start[has_upper], end[has_lower] + 1, never + 1])
    dst = np.concatenate([end[has_upper] + 1, start[has_lower], never])
    up, lo = upper[has_upper], lower[has_lower]
    weight = np.concatenate([up + lp._slack(up), -lo + lp._slack(lo), np.zeros(len(never))])
    rep = np.concatenate([report[has_upper], report[has_lower], np.full(len(never), lp.NEVER_NEGATIVE)])
    tie = np.where(rep == lp.NEVER_NEGATIVE, np.iinfo(np.int64).max, rep)
    order = np.lexsort((tie, weight, dst, src))
    src, dst, weight, rep = src[order], dst[order], weight[order], rep[order]
    first = np.r_[True, (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])]
    src, dst, weight, rep = src[first], dst[first], weight[first], rep[first]
    # The chain, per node u: the edges u -> u+1 and u+1 -> u.
    upw, up_report = np.full(total, np.inf), np.full(total, lp.NEVER_NEGATIVE, np.int64)
    downw, down_report = np.zeros(total), np.full(total, lp.NEVER_NEGATIVE, np.int64)
    fwd, bwd = dst == src + 1, dst == src - 1
    upw[src[fwd]], up_report[src[fwd]] = weight[fwd], rep[fwd]
    downw[dst[bwd]], down_report[dst[bwd]] = weight[bwd], rep[bwd]
    node_series = np.repeat(np.arange(n_series), n + 1)
    bad = np.bincount(node_series, weights=upw + downw < 0, minlength=n_series) > 0
    finite = np.isfinite(upw)
    up_sum, up_gaps, down_sum = np.zeros(total), np.zeros(total, np.int64), np.zeros(total)
    fin_w, gap = np.where(finite, upw, 0.0), (~finite).astype(np.int64)
    for a, m in zip(node0.tolist(), n.tolist()):  # running sums from each series' own first day
        np.cumsum(fin_w[a: a + m], out=up_sum[a + 1: a + m + 1])
        np.cumsum(gap[a: a + m], out=up_gaps[a + 1: a + m + 1])
        np.cumsum(downw[a: a + m], out=down_sum[a + 1: a + m + 1])
    chain = paths.Paths(n, node0, up_report, down_report, up_sum, up_gaps, down_sum, *([np.zeros(0, np.int64)] * 8))
    # The core: ends of long edges, and their distances series by series.
    long = ~(fwd | bwd)
    core = paths.unique(np.r_[src[long], dst[long]])
    core_series = node_series[core]
    k = np.bincount(core_series, minlength=n_series)
    core0 = np.cumsum(k) - k
    dist0 = np.cumsum(k * k) - k * k
    dist, after = np.zeros(int((k * k).sum())), np.zeros(int((k * k).sum()), np.int64)
    hop = np.full(len(dist), paths.CHAIN, np.int64)
    ls = node_series[src[long]]
    la, lb = np.searchsorted(core, src[long]) - core0[ls], np.searchsorted(core, dst[long]) - core0[ls]
    lw, lr = weight[long], rep[long]
    for size_k in paths.unique(k[k > 0]).tolist():
        group = np.flatnonzero(k == size_k)
        nodes = core[core0[group][:, None] + np.arange(size_k)[None, :]]  # group x k
        d = chain.chain(nodes[:, :, None], nodes[:, None, :])
        h = np.full(d.shape, paths.CHAIN, np.int64)
        slot = np.full(n_series, -1)
        slot[group] = np.arange(len(group))
        mine = slot[ls] >= 0
        g, a, b = slot[ls[mine]], la[mine], lb[mine]
        shorter = lw[mine] < d[g, a, b]
        d[g[shorter], a[shorter], b[shorter]] = lw[mine][shorter]
        h[g[shorter], a[shorter], b[shorter]] = lr[mine][shorter]
        nxt = np.where(np.isfinite(d), np.arange(size_k)[None, None, :], -1)
        for m in range(size_k):  # Floyd-Warshall; strict "<" keeps the path found first on ties
            through = d[:, :, m, None] + d[:, None, m, :]
            better = through < d
            d = np.where(better, through, d)
            nxt = np.where(better, nxt[:, :, m, None], nxt)
        bad[group] |= np.any(np.diagonal(d, axis1=1, axis2=2) < 0, axis=1)
        at = (dist0[group][:, None] + np.arange(size_k * size_k)[None, :]).ravel()
        dist[at], after[at], hop[at] = d.ravel(), nxt.ravel(), h.ravel()
    return paths.Paths(n, node0, up_report, down_report, up_sum, up_gaps, down_sum, core, core_series,
                       core0, k, dist0, dist, after, hop), bad
