"""One series of reports, estimated from all of them: conflicts set aside, day bounds,
the smoothest series, and range totals on request. Fits are kept by the content of the
series' reports, so a later range or a rerun solves nothing again.

Input rows come from ``exodus.derive.estimate._prepare``: day numbers ``s`` and ``e``, bounds
``lo`` and ``hi`` from the qualifier, ``rank`` (authority, 0 strongest) and ``id``; they
are handed over as plain arrays (:class:`Rows`), sorted by id.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from exodus.derive import estimate_batch as batch
from exodus.derive import estimate_lp as lp
from exodus.derive import estimate_paths as paths
from exodus.derive import estimate_smooth_many as smooth
from exodus.derive import estimate_texts as texts
from exodus.derive.estimate_memory import give_back_memory

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 4096
_PART = 256  # series solved together
_WORKERS = min(os.cpu_count() or 1, 4)  # parts solved at once (NumPy lets go of the interpreter lock)


@dataclass(frozen=True)
class Rows:
    """The reports of one series as arrays, sorted by id (stable)."""

    id: np.ndarray  # str objects
    s: np.ndarray  # first and last day numbers
    e: np.ndarray
    lo: np.ndarray  # bounds from the qualifier
    hi: np.ndarray
    rank: np.ndarray
    daily: np.ndarray  # measure is "daily"

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Rows:
        frame = frame.sort_values("id", kind="stable")
        return cls(np.array(frame["id"].tolist(), dtype=object), frame["s"].to_numpy(np.int64),
                   frame["e"].to_numpy(np.int64), frame["lo"].to_numpy(np.float64), frame["hi"].to_numpy(np.float64),
                   frame["rank"].to_numpy(np.int64), (frame["measure"] == "daily").to_numpy(bool))


@dataclass(frozen=True)
class SeriesFit:
    """Everything estimated for one series, from all its reports."""

    ids: pa.LargeStringArray  # the series' reports, sorted by id (constraint report numbers index it)
    day0: int
    n_days: int  # from day0 to the last day of any report
    first: np.ndarray  # per report: first and last day (relative to day0) it constrains;
    last: np.ndarray  # last -1: set aside (in conflict)
    paths: paths.Paths  # the shortest paths of their graph (shared with other series)
    series: int  # which series of ``paths`` this one is
    covered: np.ndarray  # day numbers (relative to day0) that some remaining report covers
    point: np.ndarray  # per covered day
    low: np.ndarray
    high: np.ndarray
    n_reports: np.ndarray
    report_ids: pa.LargeStringArray  # per covered day, ";"-joined (compact text)
    binding_ids: pa.LargeStringArray
    conflicts: tuple  # (ids in conflict, id set aside)

    def range_total(self, start: int, end: int) -> tuple[float, float, float, int, str, str]:
        """point, low, high, days covered, report ids and binding ids (each ";"-joined, sorted)
        over days start..end (day numbers since 1970), counting covered days only."""
        return range_totals([self], start, end)[0]

    def _pieces(self, start: int, end: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The covered days in start..end (since 1970), and the first and last day (from
        day0) of each run of them."""
        a, b = start - self.day0, end - self.day0
        inside = (self.covered >= a) & (self.covered <= b)
        days = self.covered[inside]
        breaks = np.flatnonzero(np.diff(days) > 1)
        return inside, days[np.r_[0, breaks + 1]] if len(days) else days, days[np.r_[breaks, len(days) - 1]] if len(days) else days


def range_totals(fits: list[SeriesFit], start: int, end: int) -> list[tuple[float, float, float, int, str, str]]:
    """:meth:`SeriesFit.range_total` of many fits: the bounds of all fits that share their
    paths searched at once (the same result as each on its own)."""
    out: list = [None] * len(fits)
    groups: dict = {}
    for i, f in enumerate(fits):
        groups.setdefault(id(f.paths), []).append(i)
    for members in groups.values():
        pieces = [fits[i]._pieces(start, end) for i in members]
        counts = [len(first) for _, first, _ in pieces]
        shared = fits[members[0]].paths
        bounds = paths.range_bounds_many(
            shared, np.repeat(np.arange(len(members)), counts), np.repeat([fits[i].series for i in members], counts),
            np.concatenate([first for _, first, _ in pieces]).astype(np.int64),
            np.concatenate([last for _, _, last in pieces]).astype(np.int64), len(members))
        touching, bound = [], []
        for i, (inside, _, _), (_, _, binding) in zip(members, pieces, bounds):
            f = fits[i]
            a, b = start - f.day0, end - f.day0
            # The ids are sorted, so report numbers in ascending order give them sorted.
            touching.append(f.ids.take(np.flatnonzero((f.last >= a) & (f.first <= b) & (f.last >= 0)) if inside.any()
                                       else np.zeros(0, np.int64)))
            bound.append(f.ids.take(np.array(sorted(binding), np.int64)))
        for i, (inside, _, _), (low, high, _), ids, binding in zip(members, pieces, bounds, texts.joined(touching), texts.joined(bound)):
            n_days = int(inside.sum())
            out[i] = (float(fits[i].point[inside].sum()), low, high, n_days, ids, binding) if n_days else (0.0, 0.0, 0.0, 0, "", "")
    return out


def _near(c: lp.Constraints, broken: np.ndarray) -> list[int]:
    """The broken reports and every report whose days overlap theirs."""
    mine = np.isin(c.report, broken)
    if not mine.any():
        return sorted(set(c.report.tolist()))
    first, last = c.start[mine].min(), c.end[mine].max()
    return sorted(set(c.report[(c.end >= first) & (c.start <= last)].tolist()))


def _resolve(c: lp.Constraints, rows: Rows) -> tuple[lp.Constraints, lp.Graph, list]:
    """Set aside the weakest report of each conflict until the rest can all hold; the
    remaining constraints, their graph and the conflicts found."""
    ids, rank = rows.id.tolist(), rows.rank
    scale = np.maximum(np.where(np.isfinite(rows.hi), rows.hi, rows.lo).astype(float), 1.0)
    found = []
    while not lp.feasible(c, g := lp.graph(c)):
        broken = lp.violations(c, scale)
        present = sorted(set(c.report.tolist()))
        order = sorted(present, key=lambda r: (broken[r] > 1e-9, r))
        members = lp.conflict(c, order, near=_near(c, np.flatnonzero(broken > 1e-9)))
        weakest_rank = max(rank[r] for r in members)
        candidates = [r for r in members if rank[r] == weakest_rank]
        # Among equally weak reports, the one whose absence leaves the others closest to
        # agreeing (least total relative violation), then the later id.
        left = {r: float(lp.violations(c.without([r]), scale).sum()) if len(candidates) > 1 else 0.0 for r in candidates}
        weakest = min(candidates, key=lambda r: (round(left[r], 9), -r))
        found.append((tuple(ids[r] for r in members), ids[weakest]))
        c = c.without([weakest])
    return c, g, found


def _runs(c: lp.Constraints) -> tuple[np.ndarray, list]:
    """Covered days, and the runs of covered days (first, last, their constraints). Runs are
    smoothed apart: no report spans the days between them, and nothing is smoothed across
    days no report covers."""
    n_days = c.n_days
    cover = np.zeros(n_days + 1, np.int64)
    np.add.at(cover, c.start, 1)
    np.add.at(cover, c.end + 1, -1)
    covered = np.flatnonzero(np.cumsum(cover[:n_days]) > 0)
    breaks = np.flatnonzero(np.diff(covered) > 1)
    out = []
    for a, b in zip(covered[np.r_[0, breaks + 1]].tolist(), covered[np.r_[breaks, len(covered) - 1]].tolist()):
        if a == 0 and b == n_days - 1:  # one run: the series' own constraints
            out.append((a, b, c))
        else:
            inside = (c.start >= a) & (c.end <= b)
            out.append((a, b, lp.Constraints(b - a + 1, c.start[inside] - a, c.end[inside] - a, c.lower[inside],
                                             c.upper[inside], c.report[inside])))
    return covered, out


def _points(cs: list[lp.Constraints], bounds: list[tuple[np.ndarray, np.ndarray]]) -> list:
    """(covered days, smoothest series over the series' days) of each series, all solved
    together (estimate_smooth_many)."""
    runs, where, covered = [], [], []
    for i, (c, (lower, upper)) in enumerate(zip(cs, bounds)):
        days, pieces = _runs(c)
        covered.append(days)
        for a, b, run in pieces:
            runs.append((run, lower[a: b + 1], upper[a: b + 1]))
            where.append((i, a, b))
    points = [np.zeros(c.n_days) for c in cs]
    for (i, a, b), x in zip(where, smooth.smoothest_many(runs)):
        points[i][a: b + 1] = x
    return list(zip(covered, points))


def _fit_batch(rows: list[Rows]) -> list[SeriesFit]:
    """Fits of many series: the shortest paths of all of them built and searched at once
    (estimate_batch), then each series' point; a series whose reports cannot all hold has
    its conflicts resolved on its own first."""
    day0, cs = batch.constraints(rows)
    routes, bad = batch.build(cs)
    good = np.flatnonzero(~bad)
    lower, upper, bind_day, bind_report, cut, cut_days = paths.day_bounds(routes, good)
    out: list = [None] * len(rows)
    done = []
    for j, i in enumerate(good.tolist()):
        days, pairs = slice(cut_days[j], cut_days[j + 1]), slice(cut[j], cut[j + 1])
        done.append((i, cs[i], (routes, i), lower[days], upper[days], bind_day[pairs], bind_report[pairs], ()))
    for i in np.flatnonzero(bad).tolist():
        c, _, found = _resolve(cs[i], rows[i])
        alone, still = batch.build([c])
        if still[0]:
            raise RuntimeError("reports still in conflict after setting aside the weakest")
        lo, up, bd, br, _, _ = paths.day_bounds(alone)
        done.append((i, c, (alone, 0), lo, up, bd, br, tuple(found)))
    points = _points([d[1] for d in done], [(d[3], d[4]) for d in done])
    parts = [_finish(rows[i], int(day0[i]), *rest, covered, point) for (i, *rest), (covered, point) in zip(done, points)]
    order = [i for i, *_ in done]
    names = pa.array(np.concatenate([rows[i].id for i in order]), type=pa.large_string())
    first_id = np.cumsum([len(rows[i].id) for i in order]) - [len(rows[i].id) for i in order]
    covers = texts.joined_many([p.pop("cover") for p in parts], names, first_id)
    bindings = texts.joined_many([p.pop("bind") for p in parts], names, first_id)
    for i, fields, report_ids, binding_ids, at in zip(order, parts, covers, bindings, first_id.tolist()):
        out[i] = SeriesFit(**fields, ids=names.slice(at, len(rows[i].id)), report_ids=report_ids, binding_ids=binding_ids)
    return out


def _fit_series(rows: Rows) -> SeriesFit:
    """The fit of one series on its own."""
    return _fit_batch([rows])[0]


def _finish(rows: Rows, day0: int, c: lp.Constraints, routes: tuple, lower: np.ndarray, upper: np.ndarray,
            bind_day: np.ndarray, bind_report: np.ndarray, found: tuple, covered: np.ndarray,
            point: np.ndarray) -> dict:
    """The fields of a series' fit, with its (day, report) pairs of covering and binding
    reports ("cover", "bind") for the per-day lists."""
    n_days = c.n_days
    ids = rows.id
    first, last = np.full(len(ids), n_days), np.full(len(ids), -1)
    np.minimum.at(first, c.report, c.start)
    np.maximum.at(last, c.report, c.end)
    # (day, report) for every day each remaining report spans, sorted by day, then report
    # (the rows are sorted by id, so report order is id order).
    spanning = np.flatnonzero(last >= 0)
    lengths = last[spanning] - first[spanning] + 1
    cover_report = np.repeat(spanning, lengths)
    cover_day = np.repeat(first[spanning], lengths) + np.arange(len(cover_report)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    order = np.lexsort((cover_report, cover_day))
    cover_day, cover_report = cover_day[order], cover_report[order]
    return dict(
        day0=day0, n_days=n_days, first=first.astype(np.int32), last=last.astype(np.int32),
        paths=routes[0], series=routes[1], covered=covered,
        point=point[covered], low=lower[covered],
        high=np.where(np.isfinite(upper), upper, np.nan)[covered],
        n_reports=np.bincount(cover_day, minlength=n_days)[covered].astype(np.int32),
        conflicts=found, cover=(cover_day, cover_report, covered), bind=(bind_day, bind_report, covered),
    )


def _cache_key(rows: Rows) -> bytes:
    parts = [a.astype(np.float64).tobytes() for a in (rows.s, rows.e, rows.lo, rows.hi, rows.rank)]
    parts.append(rows.daily.tobytes())
    content = b"|".join(parts) + "\x1f".join(rows.id.tolist()).encode()
    return hashlib.blake2b(content, digest_size=32).digest()  # the content itself: 18 kB a series


def fit_cached(rows: Rows | pd.DataFrame) -> SeriesFit:
    """The fit of one series (rows as :class:`Rows`, or a frame of ``_prepare``)."""
    rows = rows if isinstance(rows, Rows) else Rows.of(rows)
    key = _cache_key(rows)
    hit = _CACHE.get(key)
    if hit is None:
        hit = _CACHE[key] = _fit_series(rows)
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return hit


def fit_many(rows: list[Rows]) -> list[SeriesFit]:
    """The fits of many series; those not kept from before are solved together."""
    keys = [_cache_key(r) for r in rows]
    out = [_CACHE.get(k) for k in keys]
    todo = [i for i, hit in enumerate(out) if hit is None]
    parts = [todo[i: i + _PART] for i in range(0, len(todo), _PART)]  # fewer days' arrays in memory at once
    with ThreadPoolExecutor(_WORKERS) if len(parts) > 1 and _WORKERS > 1 else nullcontext() as pool:
        fitted_parts = (pool.map if pool else map)(lambda part: _fit_batch([rows[j] for j in part]), parts)
        for part, fitted in zip(parts, fitted_parts):
            for j, one in zip(part, fitted):
                out[j] = _CACHE[keys[j]] = one
            if len(parts) > _WORKERS:  # many parts: what each part freed goes back as it ends
                give_back_memory()
    for k in keys:
        _CACHE.move_to_end(k)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return out


def clear_cache() -> None:
    _CACHE.clear()
