"""Comparable daily rates and totals from reports that count over different windows.

A report may give a figure per day ("10,000 a day"), a total over a period ("66,000 in
the week to Sunday") or a running total restated as it grows ("98,000 since 21
September"). This module turns them into one shape: for each series and day, a point
estimate with a low and a high, and the ids of the reports behind it.

Method, in plain words
----------------------
1. Which reports are used. Only measures ``daily``, ``period_total`` and ``cumulative``
   in a countable unit (people, crossings, vehicles). Stocks, percentage changes, other
   units and malformed rows are set aside with a reason (see :func:`not_used`).
2. Series. A series is one ``SERIES_KEY`` value: destination, crossing, population,
   metric and unit. Figures of different series are never added, averaged or compared.
3. Each report becomes a rate per day over a window:
   - ``daily``: its value, on each day of its window;
   - ``period_total``: its value divided by the number of days in the window;
   - ``cumulative``: reports of one series from the same reporting body with the same
     start form a chain. In order of end date, each is compared with the highest figure
     the chain reached on an earlier end date; the difference is spread over the days
     after that earlier end, up to its own end. The first of a chain is spread over its
     whole window. A figure below an earlier one of its chain gives no rate and is
     listed by :func:`not_used`. The increase between two figures gets the widest range
     they allow: at least the later lower end minus the earlier upper end (never below
     0), at most the later upper end minus the earlier lower end; its point is the
     difference of the two points, so summing a chain's points gives back each figure.
     For exact figures all three are simply the difference.
4. Qualifiers give each rate a point, and a lower or upper bound where the wording
   gives one: ``exact`` and ``about`` are both (``about`` is taken at face value; no
   tolerance is invented); ``at_least`` is a lower bound only, ``at_most`` an upper
   bound only; ``range`` has ``value`` as lower, ``value_high`` as upper and their
   midpoint as point. ``at_least`` and ``at_most`` figures also serve as the point.
5. Per series and day, over the reports covering it: ``point`` is the median of their
   points; ``low`` is the smallest of their lower ends (an ``at_most`` report counts
   with its figure) and ``high`` the largest of their upper ends (an ``at_least``
   report counts with its figure), so the range spans every report's own figure. If
   no report of the day gives a lower end, ``low`` is 0 (a count is never negative);
   if none gives an upper end, ``high`` is missing (unbounded). Days no report covers
   are absent: nothing is filled in or interpolated.
6. Totals (:func:`estimate_totals`) sum the daily rows of a date range; they say how
   many days of the range were covered.

Output is sorted by series and date and does not depend on the order of input rows
(report ids are assumed unique, as the data contract requires). The work is done on
whole columns at once, so a million reports take about a second.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

SERIES_KEY = ["destination_iso3", "crossing_id", "population", "metric", "unit"]
ESTIMATED_MEASURES = ("daily", "period_total", "cumulative")
COUNT_UNITS = ("people", "crossings", "vehicles")
QUALIFIERS = ("exact", "about", "at_least", "at_most", "range")
DAILY_COLUMNS = SERIES_KEY + ["date", "point", "low", "high", "n_reports", "report_ids", "kind"]
TOTAL_COLUMNS = SERIES_KEY + ["start", "end", "point", "low", "high", "days_covered",
                              "days_in_range", "report_ids", "complete", "kind"]
NOT_USED_COLUMNS = ["id", "reason"]
INPUT_COLUMNS = ["id", "period_start", "period_end", *SERIES_KEY, "measure", "value",
                 "value_high", "qualifier", "reporting_body"]
_REASONS = (
    "measure is not daily, period_total or cumulative",
    "unit is not a count of people, crossings or vehicles",
    "qualifier is not one of " + ", ".join(QUALIFIERS),
    "value is missing or negative",
    "range without a value_high at or above value",
    "period is missing or ends before it starts",
)
_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True)
class _Prepared:
    """The input columns in input order, with per-report arrays derived from them."""

    frame: pd.DataFrame
    reason: np.ndarray  # 0 when usable, else 1 + position in _REASONS
    start: np.ndarray  # days since 1970
    end: np.ndarray
    point: np.ndarray  # figure as a point, lower and upper end (NaN: none given)
    lower: np.ndarray
    upper: np.ndarray


@dataclass(frozen=True)
class _Pieces:
    """Per-day rates of every usable report (or chain increment) over its window."""

    row: np.ndarray  # the report behind each piece, as a row of _Prepared.frame
    start: np.ndarray
    end: np.ndarray
    point: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    fallen: np.ndarray  # rows of cumulative figures below an earlier one of their chain
    fallen_below: np.ndarray  # ... and the row of that earlier figure


def _days(column: pd.Series) -> np.ndarray:
    return pd.to_datetime(column).to_numpy().astype("datetime64[D]").astype(np.int64)


def _prepare(reports: pd.DataFrame) -> _Prepared:
    missing = [c for c in INPUT_COLUMNS if c not in reports.columns]
    if missing:
        raise ValueError(f"reports lack the column(s) {', '.join(missing)}")
    frame = reports[INPUT_COLUMNS].reset_index(drop=True)
    if frame["crossing_id"].isna().any():
        frame["crossing_id"] = frame["crossing_id"].fillna("")
    value = frame["value"].to_numpy(float)
    value_high = frame["value_high"].to_numpy(float)
    start, end = _days(frame["period_start"]), _days(frame["period_end"])
    qualifier = frame["qualifier"]
    is_range = (qualifier == "range").to_numpy(bool)
    checks = [
        ~frame["measure"].isin(ESTIMATED_MEASURES).to_numpy(bool),
        ~frame["unit"].isin(COUNT_UNITS).to_numpy(bool),
        ~qualifier.isin(QUALIFIERS).to_numpy(bool),
        ~(value >= 0),
        is_range & ~(value_high >= value),
        (frame["period_start"].isna() | frame["period_end"].isna()).to_numpy(bool) | (end < start),
    ]
    return _Prepared(
        frame=frame,
        reason=np.select(checks, np.arange(1, len(checks) + 1), default=0),
        start=start,
        end=end,
        point=np.where(is_range, (value + value_high) / 2, value),
        lower=np.where((qualifier == "at_most").to_numpy(bool), np.nan, value),
        upper=np.where((qualifier == "at_least").to_numpy(bool), np.nan, np.where(is_range, value_high, value)),
    )


def _chain_steps(prep: _Prepared, rows: np.ndarray):
    """Cumulative reports as increments over the days since their chain's previous figure."""
    if len(rows) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return (empty, empty, *(np.zeros(0),) * 3), (empty, empty)
    sub = prep.frame.iloc[rows]
    chain_key = pd.DataFrame({"series": sub.groupby(SERIES_KEY, sort=True, dropna=False).ngroup().to_numpy(),
                              "body": sub["reporting_body"].to_numpy(), "start": prep.start[rows]})
    chain = chain_key.groupby(["series", "body", "start"], sort=True, dropna=False).ngroup().to_numpy()
    ids = sub["id"].astype(str).to_numpy(dtype=object)
    order = np.lexsort((ids, prep.point[rows], prep.end[rows], chain))
    rows, chain = rows[order], chain[order]
    end, point, lower, upper = prep.end[rows], prep.point[rows], prep.lower[rows], prep.upper[rows]
    n = len(rows)
    new_step = np.r_[True, (chain[1:] != chain[:-1]) | (end[1:] != end[:-1])]
    step = np.cumsum(new_step) - 1
    last = np.r_[np.flatnonzero(new_step)[1:] - 1, n - 1]  # a step's last row holds its highest figure
    step_chain = chain[last]
    running_max = pd.Series(point[last]).groupby(step_chain).cummax().to_numpy()
    record = np.where(point[last] >= running_max, last, -1)
    latest_record = pd.Series(record).groupby(step_chain).cummax().to_numpy()
    same_chain_before = np.r_[False, step_chain[1:] == step_chain[:-1]]
    anchor = np.where(same_chain_before, np.r_[-1, latest_record[:-1]], -1)[step]
    has_anchor = anchor >= 0
    a = np.where(has_anchor, anchor, np.arange(n))
    fallen = has_anchor & (point < point[a])
    # The increase since the anchor, as the widest range both figures allow: a missing
    # lower end counts as 0, a missing upper end as unbounded (so the difference is too).
    rise_lower = np.maximum(np.nan_to_num(lower, nan=0.0) - np.nan_to_num(upper[a], nan=np.inf), 0.0)
    d_point = np.where(has_anchor, point - point[a], point)
    d_lower = np.where(has_anchor, rise_lower, lower)
    d_upper = np.where(has_anchor, upper - np.nan_to_num(lower[a], nan=0.0), upper)
    d_start = np.where(has_anchor, end[a] + 1, prep.start[rows])
    keep = ~fallen
    used = (rows[keep], d_start[keep], d_point[keep], d_lower[keep], d_upper[keep])
    return used, (rows[fallen], rows[a][fallen])


def _pieces(prep: _Prepared) -> _Pieces:
    measure = prep.frame["measure"]
    usable = prep.reason == 0
    is_cumulative = (measure == "cumulative").to_numpy(bool)
    flat = np.flatnonzero(usable & ~is_cumulative)
    (c_rows, c_start, c_point, c_lower, c_upper), (fallen, below) = _chain_steps(
        prep, np.flatnonzero(usable & is_cumulative))
    row = np.concatenate([flat, c_rows])
    start = np.concatenate([prep.start[flat], c_start]).astype(np.int64)
    end = prep.end[row]
    spread = np.where((measure == "daily").to_numpy(bool)[row], 1, end - start + 1)
    return _Pieces(
        row=row, start=start, end=end,
        point=np.concatenate([prep.point[flat], c_point]) / spread,
        lower=np.concatenate([prep.lower[flat], c_lower]) / spread,
        upper=np.concatenate([prep.upper[flat], c_upper]) / spread,
        fallen=fallen, fallen_below=below,
    )


def _not_used_table(prep: _Prepared, pieces: _Pieces) -> pd.DataFrame:
    def ids(rows: np.ndarray) -> np.ndarray:
        return prep.frame["id"].iloc[rows].astype(str).to_numpy(dtype=object)

    bad = np.flatnonzero(prep.reason)
    reasons = np.array(_REASONS, dtype=object)[prep.reason[bad] - 1]
    fallen = ids(pieces.fallen_below) + ", an earlier cumulative figure of the same body and start"
    table = pd.DataFrame({"id": np.concatenate([ids(bad), ids(pieces.fallen)]),
                          "reason": np.concatenate([reasons, "lower than " + fallen])})
    table = table.astype("str").sort_values(NOT_USED_COLUMNS, kind="stable")
    return table.reset_index(drop=True)


def not_used(reports: pd.DataFrame) -> pd.DataFrame:
    """Reports that give no daily rate, with the reason (columns ``id``, ``reason``)."""
    prep = _prepare(reports)
    return _not_used_table(prep, _pieces(prep))


def _join_groups(ids: pa.Array, rows: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> pa.Array:
    """Sorted ';'-joined ids of each group; ``rows`` lists each group's rows contiguously."""
    joined = ids.take(pa.array(rows[starts]))
    several = counts > 1
    if not several.any():
        return joined
    # Only days with more than one report need sorting and joining.
    member = np.repeat(several, counts)
    group = np.repeat(np.arange(len(counts)), counts)[member]
    members = pa.table({"group": group, "id": ids.take(pa.array(rows[member]))})
    order = pc.sort_indices(members, sort_keys=[("group", "ascending"), ("id", "ascending")])
    values = members["id"].take(order).combine_chunks().cast(pa.large_string())
    offsets = pa.array(np.r_[0, np.cumsum(counts[several])].astype(np.int32))
    lists = pa.ListArray.from_arrays(offsets, values)
    return pc.replace_with_mask(joined.cast(pa.large_string()), pa.array(several),
                                pc.binary_join(lists, pa.scalar(";", pa.large_string())))


def _group_medians(point: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Median of each contiguous group of ``point`` (groups in any inner order)."""
    median = (point[starts] + point[starts + counts - 1]) / 2  # exact for 1 or 2 values
    larger = counts > 2
    if larger.any():
        member = np.repeat(larger, counts)
        group = np.repeat(np.arange(len(counts)), counts)[member]
        values = point[member][np.lexsort((point[member], group))]
        sizes = counts[larger]
        firsts = np.cumsum(sizes) - sizes
        median[larger] = (values[firsts + (sizes - 1) // 2] + values[firsts + sizes // 2]) / 2
    return median


def _empty_daily() -> pd.DataFrame:
    columns = {c: pd.Series(dtype="str") for c in SERIES_KEY + ["report_ids", "kind"]}
    columns |= {"date": pd.Series(dtype="datetime64[ns]"), "n_reports": pd.Series(dtype="int64")}
    columns |= {c: pd.Series(dtype=float) for c in ("point", "low", "high")}
    return pd.DataFrame(columns)[DAILY_COLUMNS]


def estimate_daily(reports: pd.DataFrame) -> pd.DataFrame:
    """One row per series and covered day: point, low, high and the reports behind them.

    ``reports`` follows the departures contract (one row per report; extra columns are
    ignored). Reports that give no rate are listed by :func:`not_used`, and also in
    ``result.attrs["not_used"]``.
    """
    prep = _prepare(reports)
    pieces = _pieces(prep)
    dropped = _not_used_table(prep, pieces)
    if len(pieces.row) == 0:
        out = _empty_daily()
        out.attrs["not_used"] = dropped
        return out
    grouped = prep.frame.groupby(SERIES_KEY, sort=True, dropna=False)
    keys = grouped.size().index.to_frame(index=False)
    ids = pa.array(prep.frame["id"].astype("str").array)
    by_day = _by_day(pieces, grouped.ngroup().to_numpy()[pieces.row], ids)
    out = keys.take(by_day["series"]).reset_index(drop=True)
    out["date"] = by_day["date"]
    for column in ("point", "low", "high", "n_reports"):
        out[column] = by_day[column]
    out["report_ids"] = pd.array(by_day["report_ids"], dtype="str")
    out["kind"] = "estimate"
    out.attrs["not_used"] = dropped
    return out[DAILY_COLUMNS]


def _by_day(pieces: _Pieces, series: np.ndarray, ids: pa.Array) -> dict:
    """Explode every piece into its days and combine the pieces of each series and day."""
    days = pieces.end - pieces.start + 1
    piece = np.repeat(np.arange(len(days)), days)
    day = pieces.start[piece] + np.arange(len(piece)) - np.repeat(np.cumsum(days) - days, days)
    first_day = int(pieces.start.min())
    span = int(pieces.end.max()) - first_day + 1
    key = series[piece] * span + (day - first_day)
    del day
    order = np.argsort(key)
    piece, key = piece[order], key[order]
    del order
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    counts = np.diff(np.r_[starts, len(key)])
    group_key = key[starts]
    del key

    point, lower, upper = pieces.point[piece], pieces.lower[piece], pieces.upper[piece]
    low = np.minimum.reduceat(np.where(np.isnan(lower), point, lower), starts)
    high = np.maximum.reduceat(np.where(np.isnan(upper), point, upper), starts)
    any_lower = np.logical_or.reduceat(~np.isnan(lower), starts)
    any_upper = np.logical_or.reduceat(~np.isnan(upper), starts)
    return {
        "series": group_key // span,
        "date": (_EPOCH + (first_day + group_key % span)).astype("datetime64[ns]"),
        "point": _group_medians(point, starts, counts),
        "low": np.where(any_lower, low, 0.0),
        "high": np.where(any_upper, high, np.nan),
        "n_reports": counts.astype(np.int64),
        "report_ids": _join_groups(ids, pieces.row[piece], starts, counts),
    }


def estimate_totals(daily: pd.DataFrame, start, end) -> pd.DataFrame:
    """Per series, the sums of the daily estimates over the covered days of [start, end].

    ``high`` is missing when any covered day has no upper bound. ``complete`` says
    whether every day of the range is covered; an incomplete total counts only the
    covered days, so it falls short of the whole range by the uncovered days' flow.
    Series without any covered day in the range are left out.
    """
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    in_range = daily.loc[(daily["date"] >= start) & (daily["date"] <= end)]
    if in_range.empty:
        return _empty_totals()
    grouped = in_range.groupby(SERIES_KEY, sort=True, dropna=False)
    code = grouped.ngroup().to_numpy()
    out = grouped.size().index.to_frame(index=False)
    n = len(out)
    out["start"] = np.full(n, start.to_datetime64(), dtype="datetime64[ns]")
    out["end"] = np.full(n, end.to_datetime64(), dtype="datetime64[ns]")
    for column in ("point", "low", "high"):
        values = np.nan_to_num(in_range[column].to_numpy(float))
        out[column] = np.clip(np.bincount(code, weights=values, minlength=n), 0.0, None)
    open_high = np.bincount(code, weights=in_range["high"].isna().to_numpy(), minlength=n) > 0
    out.loc[open_high, "high"] = np.nan
    out["days_covered"] = np.bincount(code, minlength=n).astype(np.int64)
    out["days_in_range"] = max((end - start).days + 1, 0)
    out["report_ids"] = pd.array(_union_ids(in_range["report_ids"], code, n), dtype="str")
    out["complete"] = out["days_covered"] == out["days_in_range"]
    out["kind"] = "estimate"
    return out[TOTAL_COLUMNS].reset_index(drop=True)


def _empty_totals() -> pd.DataFrame:
    columns = {c: pd.Series(dtype="str") for c in SERIES_KEY + ["report_ids", "kind"]}
    columns |= {c: pd.Series(dtype="datetime64[ns]") for c in ("start", "end")}
    columns |= {c: pd.Series(dtype=float) for c in ("point", "low", "high")}
    columns |= {c: pd.Series(dtype="int64") for c in ("days_covered", "days_in_range")}
    columns["complete"] = pd.Series(dtype=bool)
    return pd.DataFrame(columns)[TOTAL_COLUMNS]


def _union_ids(report_ids: pd.Series, code: np.ndarray, n_groups: int) -> pa.Array:
    """Sorted ';'-joined union of the ids behind each group's days."""
    lists = pc.split_pattern(pa.array(report_ids.astype("str").array), ";")
    ids = pc.list_flatten(lists)
    group = code[pc.list_parent_indices(lists).to_numpy()]
    order = pc.sort_indices(pa.table({"group": group, "id": ids}),
                            sort_keys=[("group", "ascending"), ("id", "ascending")])
    group, ids = group[order.to_numpy()], ids.take(order)
    repeated = np.r_[False, (group[1:] == group[:-1]) & pc.equal(ids[1:], ids[:-1]).to_numpy(zero_copy_only=False)]
    group, ids = group[~repeated], ids.filter(pa.array(~repeated))
    sizes = np.bincount(group, minlength=n_groups)
    offsets = pa.array(np.r_[0, np.cumsum(sizes)].astype(np.int32))
    values = ids.cast(pa.large_string())
    return pc.binary_join(pa.ListArray.from_arrays(offsets, values), pa.scalar(";", pa.large_string()))


def _amount(row: Mapping, unit: str) -> str:
    point, low, high = float(row["point"]), float(row["low"]), float(row["high"])
    if np.isnan(high):
        return f"at least {low:,.0f} {unit} (point {point:,.0f}; no upper bound reported)"
    if np.isclose(low, high):
        return f"{point:,.0f} {unit}"
    return f"{point:,.0f} {unit} (range {low:,.0f} to {high:,.0f})"


def explain(row: Mapping, labels: Mapping[str, str] | None = None) -> str:
    """A short sentence saying what an estimate row is and which reports it rests on.

    Works on a row of :func:`estimate_daily` or :func:`estimate_totals`. ``labels`` may
    map report ids to readable names (e.g. reporting body and date).
    """
    ids = [i for i in str(row["report_ids"]).split(";") if i]
    names = [labels.get(i, i) if labels else i for i in ids]
    place = row["destination_iso3"] + (f" via {row['crossing_id']}" if row["crossing_id"] else "")
    what = f"{row['metric']} of {row['population']}".replace("_", " ")
    if "date" in row:
        when, unit = f"on {pd.Timestamp(row['date']):%d %b %Y}", f"{row['unit']} that day"
    else:
        when = f"{pd.Timestamp(row['start']):%d %b %Y} to {pd.Timestamp(row['end']):%d %b %Y}"
        unit = f"{row['unit']} in total"
    basis = "1 report" if len(ids) == 1 else f"{len(ids)} reports"
    text = f"{what.capitalize()}, {place}, {when}: {_amount(row, unit)}; based on {basis}: {', '.join(names)}."
    if "days_covered" in row and not row["complete"]:
        text += f" Only {row['days_covered']} of {row['days_in_range']} days have a report."
    return text
