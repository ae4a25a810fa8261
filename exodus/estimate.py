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
   points; ``low`` is the smallest lower bound or point, ``high`` the largest upper
   bound or point, so the range spans every report's own figure. Where no report bounds
   a side, ``low`` is 0 (counts are never negative) and ``high`` is missing (unbounded).
   Days no report covers are absent: nothing is filled in or interpolated.
6. Totals (:func:`estimate_totals`) sum the daily rows of a date range; they say how
   many days of the range were covered.

Output is sorted by series and date and does not depend on the order of input rows.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

SERIES_KEY = ["destination_iso3", "crossing_id", "population", "metric", "unit"]
ESTIMATED_MEASURES = ("daily", "period_total", "cumulative")
COUNT_UNITS = ("people", "crossings", "vehicles")
QUALIFIERS = ("exact", "about", "at_least", "at_most", "range")
DAILY_COLUMNS = SERIES_KEY + ["date", "point", "low", "high", "n_reports", "report_ids", "kind"]
TOTAL_COLUMNS = SERIES_KEY + ["start", "end", "point", "low", "high", "days_covered",
                              "days_in_range", "report_ids", "complete", "kind"]
NOT_USED_COLUMNS = ["id", "reason"]
_CHAIN_KEY = SERIES_KEY + ["reporting_body", "period_start"]
_EPOCH = np.datetime64("1970-01-01", "D")


def _days(column: pd.Series) -> np.ndarray:
    """Dates as whole days since 1970 (NaT as a very negative number)."""
    return pd.to_datetime(column).to_numpy().astype("datetime64[D]").astype(np.int64)


def _screen(reports: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Usable reports in canonical order, and the others with the reason."""
    frame = reports.reset_index(drop=True)
    frame["crossing_id"] = frame["crossing_id"].fillna("").astype(str)
    value = frame["value"].to_numpy(float)
    value_high = frame["value_high"].to_numpy(float)
    start, end = _days(frame["period_start"]), _days(frame["period_end"])
    qualifier = frame["qualifier"].to_numpy(str)
    checks = [
        (~frame["measure"].isin(ESTIMATED_MEASURES).to_numpy(),
         "measure is not daily, period_total or cumulative"),
        (~frame["unit"].isin(COUNT_UNITS).to_numpy(), "unit is not a count of people, crossings or vehicles"),
        (~np.isin(qualifier, QUALIFIERS), "qualifier is not one of " + ", ".join(QUALIFIERS)),
        (~(value >= 0), "value is missing or negative"),
        ((qualifier == "range") & ~(value_high >= value), "range without a value_high at or above value"),
        ((frame["period_start"].isna() | frame["period_end"].isna()).to_numpy() | (end < start),
         "period is missing or ends before it starts"),
    ]
    reason = np.select([c for c, _ in checks], [r for _, r in checks], default="")
    bad = reason != ""
    dropped = pd.DataFrame({"id": frame["id"].astype(str).to_numpy()[bad], "reason": reason[bad]})
    usable = frame.loc[~bad].reset_index(drop=True)
    usable["_start"], usable["_end"] = start[~bad], end[~bad]
    return usable, dropped


def _bounds(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Point, lower and upper figure of each report (NaN where the wording gives none)."""
    q = frame["qualifier"].to_numpy(str)
    value = frame["value"].to_numpy(float)
    value_high = frame["value_high"].to_numpy(float)
    is_range = q == "range"
    point = np.where(is_range, (value + value_high) / 2, value)
    lower = np.where(q == "at_most", np.nan, value)
    upper = np.where(q == "at_least", np.nan, np.where(is_range, value_high, value))
    return point, lower, upper


def _chain_steps(cum: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cumulative reports as increments over the days since the chain's previous figure."""
    if cum.empty:
        empty = cum.assign(_point=pd.Series(dtype=float), _lower=pd.Series(dtype=float), _upper=pd.Series(dtype=float))
        return empty, pd.DataFrame(columns=NOT_USED_COLUMNS)
    chain = cum.groupby(_CHAIN_KEY, sort=True, dropna=False).ngroup().to_numpy()
    point, lower, upper = _bounds(cum)
    order = np.lexsort((cum["id"].astype(str).to_numpy(), point, cum["_end"].to_numpy(), chain))
    cum = cum.iloc[order].reset_index(drop=True)
    chain, point, lower, upper = chain[order], point[order], lower[order], upper[order]
    end = cum["_end"].to_numpy()
    n = len(cum)
    row = np.arange(n)
    new_step = np.r_[True, (chain[1:] != chain[:-1]) | (end[1:] != end[:-1])]
    step = np.cumsum(new_step) - 1
    last = np.r_[np.flatnonzero(new_step)[1:] - 1, n - 1]  # last row of each step: its highest figure
    step_chain, step_max = chain[last], point[last]
    running = pd.Series(step_max).groupby(step_chain).cummax().to_numpy()
    record = np.where(step_max >= running, last, -1)
    latest_record = pd.Series(record).groupby(step_chain).cummax().to_numpy()
    same_chain_before = np.r_[False, step_chain[1:] == step_chain[:-1]]
    step_anchor = np.where(same_chain_before, np.r_[-1, latest_record[:-1]], -1)
    anchor = step_anchor[step]
    has_anchor = anchor >= 0
    a = np.where(has_anchor, anchor, row)
    falls = has_anchor & (point < point[a])
    ids = cum["id"].astype(str).to_numpy()
    dropped = pd.DataFrame({
        "id": ids[falls],
        "reason": "lower than " + pd.Series(ids[a][falls], dtype=object)
        + ", an earlier cumulative figure from the same body and start",
    })
    # The increase since the anchor, as the widest range both figures allow: a missing
    # lower end counts as 0, a missing upper end as unbounded (NaN, so the difference too).
    rise_lower = np.maximum(np.nan_to_num(lower, nan=0.0) - np.nan_to_num(upper[a], nan=np.inf), 0.0)
    d_point = np.where(has_anchor, point - point[a], point)
    d_lower = np.where(has_anchor, rise_lower, lower)
    d_upper = np.where(has_anchor, upper - np.nan_to_num(lower[a], nan=0.0), upper)
    steps = cum.assign(_point=d_point, _lower=d_lower, _upper=d_upper,
                       _start=np.where(has_anchor, end[a] + 1, cum["_start"].to_numpy()))
    return steps.loc[~falls], dropped


def _pieces(usable: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every usable report as (window, point rate, lower rate, upper rate)."""
    is_cum = (usable["measure"] == "cumulative").to_numpy()
    flat = usable.loc[~is_cum]
    point, lower, upper = _bounds(flat)
    flat = flat.assign(_point=point, _lower=lower, _upper=upper)
    steps, dropped = _chain_steps(usable.loc[is_cum])
    pieces = pd.concat([flat, steps], ignore_index=True)
    days = (pieces["_end"] - pieces["_start"] + 1).to_numpy()
    spread = np.where((pieces["measure"] == "daily").to_numpy(), 1, days)
    for col in ("_point", "_lower", "_upper"):
        pieces[col] = pieces[col].to_numpy(float) / spread
    return pieces, dropped


def not_used(reports: pd.DataFrame) -> pd.DataFrame:
    """Reports that give no daily rate, with the reason (columns ``id``, ``reason``)."""
    usable, dropped = _screen(reports)
    _, falls = _pieces(usable)
    out = pd.concat([dropped, falls], ignore_index=True)
    return out.sort_values("id", kind="stable").reset_index(drop=True)[NOT_USED_COLUMNS]


def _join_sorted(values: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """';'-join ``values[starts[g]:starts[g]+counts[g]]`` for every group g."""
    joined = values[starts].astype(object)
    for k in range(1, int(counts.max(initial=1))):
        more = counts > k
        joined[more] = joined[more] + ";" + values[starts[more] + k]
    return joined


def _empty_daily() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=float) for c in ("point", "low", "high")})
    for c in SERIES_KEY + ["report_ids", "kind"]:
        frame[c] = pd.Series(dtype=str)
    frame["date"] = pd.Series(dtype="datetime64[ns]")
    frame["n_reports"] = pd.Series(dtype="int64")
    return frame[DAILY_COLUMNS]


def estimate_daily(reports: pd.DataFrame) -> pd.DataFrame:
    """One row per series and covered day: point, low, high and the reports behind them.

    ``reports`` follows the departures contract (one row per report). Reports that
    give no rate are listed by :func:`not_used` (also in ``result.attrs["not_used"]``).
    """
    usable, dropped = _screen(reports)
    pieces, falls = _pieces(usable)
    not_used_rows = pd.concat([dropped, falls], ignore_index=True).sort_values("id", kind="stable")
    if pieces.empty:
        out = _empty_daily()
        out.attrs["not_used"] = not_used_rows.reset_index(drop=True)
        return out
    series = pieces.groupby(SERIES_KEY, sort=True, dropna=False).ngroup().to_numpy()
    id_text = pieces["id"].astype(str).to_numpy()
    id_code = np.argsort(np.argsort(id_text, kind="stable"), kind="stable")
    start, end = pieces["_start"].to_numpy(), pieces["_end"].to_numpy()
    days = end - start + 1
    piece = np.repeat(np.arange(len(pieces)), days)
    offset = np.arange(len(piece)) - np.repeat(np.cumsum(days) - days, days)
    first_day = start.min()
    span = int(end.max() - first_day + 1)
    key = series[piece] * span + (start[piece] - first_day + offset)
    point = pieces["_point"].to_numpy()[piece]
    lower = pieces["_lower"].to_numpy()[piece]
    upper = pieces["_upper"].to_numpy()[piece]

    by_point = np.lexsort((point, key))
    key_sorted = key[by_point]
    starts = np.flatnonzero(np.r_[True, key_sorted[1:] != key_sorted[:-1]])
    counts = np.diff(np.r_[starts, len(key_sorted)])
    p_sorted = point[by_point]
    median = (p_sorted[starts + (counts - 1) // 2] + p_sorted[starts + counts // 2]) / 2
    low_side = np.where(np.isnan(lower), point, lower)[by_point]
    high_side = np.where(np.isnan(upper), point, upper)[by_point]
    low = np.minimum.reduceat(low_side, starts)
    high = np.maximum.reduceat(high_side, starts)
    any_lower = np.logical_or.reduceat(~np.isnan(lower[by_point]), starts)
    any_upper = np.logical_or.reduceat(~np.isnan(upper[by_point]), starts)
    low = np.where(any_lower, low, 0.0)
    high = np.where(any_upper, high, np.nan)

    by_id = np.lexsort((id_code[piece], key))
    ids = _join_sorted(id_text[piece][by_id], starts, counts)

    group_key = key_sorted[starts]
    keys = pieces[SERIES_KEY].iloc[np.unique(series, return_index=True)[1]].reset_index(drop=True)
    out = keys.iloc[group_key // span].reset_index(drop=True)
    out["date"] = (_EPOCH + (first_day + group_key % span)).astype("datetime64[ns]")
    out["point"], out["low"], out["high"] = median, low, high
    out["n_reports"] = counts.astype("int64")
    out["report_ids"] = pd.array(ids, dtype="str")
    out["kind"] = "estimate"
    out.attrs["not_used"] = not_used_rows.reset_index(drop=True)
    return out[DAILY_COLUMNS]


def estimate_totals(daily: pd.DataFrame, start, end) -> pd.DataFrame:
    """Per series, the sums of the daily estimates over the covered days of [start, end].

    ``high`` is missing when any covered day has no upper bound. ``complete`` tells
    whether every day of the range was covered; an incomplete total counts only the
    covered days and is therefore an undercount of the whole range.
    """
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    in_range = daily.loc[(daily["date"] >= start) & (daily["date"] <= end)]
    code = in_range.groupby(SERIES_KEY, sort=True, dropna=False).ngroup().to_numpy()
    firsts = np.unique(code, return_index=True)[1]
    n = len(firsts)
    out = in_range[SERIES_KEY].iloc[firsts].reset_index(drop=True)
    out["start"], out["end"] = start, end
    for col in ("point", "low", "high"):
        values = in_range[col].to_numpy(float)
        out[col] = np.clip(np.bincount(code, weights=np.nan_to_num(values), minlength=n), 0, None)
    open_high = np.bincount(code, weights=in_range["high"].isna().to_numpy(), minlength=n) > 0
    out.loc[open_high, "high"] = np.nan
    out["days_covered"] = np.bincount(code, minlength=n).astype("int64")
    out["days_in_range"] = max((end - start).days + 1, 0)
    out["report_ids"] = _union_ids(in_range["report_ids"].to_numpy(), code, len(out))
    out["complete"] = out["days_covered"] == out["days_in_range"]
    out["kind"] = "estimate"
    return out[TOTAL_COLUMNS]


def _union_ids(report_ids: np.ndarray, code: np.ndarray, n_groups: int) -> np.ndarray:
    """Sorted ';'-joined union of the ids behind each group's days."""
    pairs = pd.DataFrame({"g": code, "ids": report_ids}).drop_duplicates()
    several = pairs["ids"].str.contains(";", regex=False)
    split = pairs.loc[several].assign(ids=pairs.loc[several, "ids"].str.split(";")).explode("ids")
    pairs = pd.concat([pairs.loc[~several], split]).drop_duplicates()
    joined = pairs.sort_values(["g", "ids"]).groupby("g")["ids"].agg(";".join)
    return joined.reindex(range(n_groups), fill_value="").to_numpy()


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
