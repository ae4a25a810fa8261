"""Daily flows and range totals that every report allows, with a point, bounds and conflicts.

Method, in plain words (the About page says the same for readers)
-----------------------------------------------------------------
1. Which reports are used. Measures ``daily``, ``period_total`` and ``cumulative`` in a
   countable unit (people, crossings, vehicles). Stocks, percentage changes, other units,
   the catch-all metric ``other`` (its rows count different things) and malformed rows
   are set aside with a reason (:func:`not_used`). Reports flagged as
   anonymous, forecast or disputed are left out unless ``include_flagged`` is true.
2. Series. One ``SERIES_KEY`` value: destination, crossing, population, metric and unit.
   Each series is estimated on its own, from all its reports whatever range is viewed, so
   the estimate for a day never depends on the window or on the order of the rows.
3. Each report is a constraint on the unknown daily flows x >= 0: a daily figure bounds
   each day of its period, a period total the sum over its period, and a running total
   the sum from its start to the day it was restated (so two restatements of one running
   total bound the flow between them by their difference). The qualifier gives the
   bounds: ``exact`` the figure itself, ``about`` the figure +-5 % (``ABOUT_TOLERANCE``),
   ``at_least`` a lower bound, ``at_most`` an upper bound, ``range`` both ends.
4. Conflicts. When the reports of a series cannot all hold, an irreducible set of them
   is named (dropping any one removes the conflict) and its weakest report is set aside:
   the one of lowest authority (``authority_rank``; all equal when the data has none),
   then the one without which the other reports come closest to agreeing (the least
   total violation, each relative to its own figure), then the later id. This repeats
   until the rest can all hold.
5. Bounds and point (:mod:`exodus.derive.estimate_lp`): per day and for any range, the smallest
   and largest value every remaining report allows (``high`` missing: unbounded), and the
   smoothest series that meets them all, which never leaves the bounds. Each run of days
   that reports cover is smoothed on its own: nothing is carried across uncovered days.
   Many series are solved together (:mod:`exodus.derive.estimate_series`, ``fit_many``)
   with the same results as each on its own.
6. Days no report covers are absent; range totals count the covered days of the range
   and say how many they are.

This description of the method is why the module runs past 300 lines: it stays beside the
entry points that carry it out, while the solving itself lives in the ``estimate_*``
modules.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from exodus import i18n
from exodus.i18n import N_, _, ngettext
from exodus.data import schema
from exodus.derive import estimate_digest as digest
from exodus.derive import estimate_series as series
from exodus.derive.estimate_memory import give_back_memory

SERIES_KEY = ["destination_iso3", "crossing_id", "population", "metric", "unit"]
ESTIMATED_MEASURES = ("daily", "period_total", "cumulative")
COUNT_UNITS = ("people", "crossings", "vehicles")
QUALIFIERS = ("exact", "about", "at_least", "at_most", "range")
ABOUT_TOLERANCE = 0.05
#: The catch-all metric: its rows count different things, so they form no series.
UNSUMMED_METRIC = "other"
DAILY_COLUMNS = SERIES_KEY + ["date", "point", "low", "high", "n_reports", "report_ids", "binding_ids", "kind"]
TOTAL_COLUMNS = SERIES_KEY + ["start", "end", "point", "low", "high", "days_covered",
                              "days_in_range", "report_ids", "binding_ids", "complete", "kind"]
NOT_USED_COLUMNS = ["id", "reason"]
CONFLICT_COLUMNS = SERIES_KEY + ["report_ids", "set_aside", "reason"]
INPUT_COLUMNS = ["id", "period_start", "period_end", *SERIES_KEY, "measure", "value",
                 "value_high", "qualifier", "reporting_body"]
_REASONS = (
    "measure is not daily, period_total or cumulative",
    "unit is not a count of people, crossings or vehicles",
    "qualifier is not one of " + ", ".join(QUALIFIERS),
    "value is missing or negative",
    "range without a value_high at or above value",
    "period is missing or ends before it starts",
    "metric is other: a mix of different quantities that do not add up",
)
_EPOCH = np.datetime64("1970-01-01", "D")


def authority(reports: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``authority_rank`` (0 strongest), ``flagged`` and ``flag_reason`` of each row; when
    the data carries no such columns every report counts as rank 0 and not flagged."""
    n = len(reports)
    rank = reports["authority_rank"].fillna(0).to_numpy(np.int64) if "authority_rank" in reports else np.zeros(n, np.int64)
    flagged = reports["flagged"].fillna(False).to_numpy(bool) if "flagged" in reports else np.zeros(n, bool)
    reason = (reports["flag_reason"].fillna("").astype(str).to_numpy(object) if "flag_reason" in reports
              else np.full(n, "", dtype=object))
    return rank, flagged, reason


def _days(column: pd.Series) -> np.ndarray:
    return pd.to_datetime(column).to_numpy().astype("datetime64[D]").astype(np.int64)


def _prepare(reports: pd.DataFrame) -> pd.DataFrame:
    """The input columns, with day numbers, the bounds each report sets and why not used."""
    missing = [c for c in INPUT_COLUMNS if c not in reports.columns]
    if missing:
        raise ValueError(f"reports lack the column(s) {', '.join(missing)}")
    frame = reports[INPUT_COLUMNS].reset_index(drop=True)  # no deep copy: pandas copies on write
    frame["crossing_id"] = frame["crossing_id"].fillna("")
    frame["rank"], frame["flagged"], frame["flag_reason"] = authority(reports)
    value, high = frame["value"].to_numpy(float), frame["value_high"].to_numpy(float)
    frame["s"], frame["e"] = _days(frame["period_start"]), _days(frame["period_end"])
    q = frame["qualifier"].to_numpy(object)
    is_range = q == "range"
    checks = [
        ~frame["measure"].isin(ESTIMATED_MEASURES).to_numpy(bool),
        ~frame["unit"].isin(COUNT_UNITS).to_numpy(bool),
        ~frame["qualifier"].isin(QUALIFIERS).to_numpy(bool),
        ~(value >= 0),
        is_range & ~(high >= value),
        (frame["period_start"].isna() | frame["period_end"].isna()).to_numpy(bool) | (frame["e"] < frame["s"]).to_numpy(bool),
        (frame["metric"] == UNSUMMED_METRIC).to_numpy(bool),
    ]
    frame["reason"] = np.select(checks, np.arange(1, len(checks) + 1), default=0)
    frame["lo"] = np.select([q == "about", q == "at_most"], [value * (1 - ABOUT_TOLERANCE), 0.0], value)
    frame["hi"] = np.select([q == "about", q == "at_least", is_range], [value * (1 + ABOUT_TOLERANCE), np.inf, high], value)
    frame["id"] = frame["id"].astype(str)
    return frame


def clear_cache() -> None:
    series.clear_cache()
    _FITS.clear()


@dataclass(frozen=True)
class Fit:
    series: list  # (key tuple, SeriesFit), sorted by key
    not_used: pd.DataFrame
    conflicts: pd.DataFrame


_FITS: OrderedDict = OrderedDict()
_LARGE = 100_000  # input rows from which a fit gives memory back when done
_FIT_COLUMNS = INPUT_COLUMNS + ["authority_rank", "flagged", "flag_reason"]


def fit(reports: pd.DataFrame, include_flagged: bool = False) -> Fit:
    """Estimate every series of ``reports`` (one row per report, departures contract).
    The same reports give back the same result without solving again."""
    columns = [c for c in _FIT_COLUMNS if c in reports.columns]
    key = (digest.of_columns(reports, columns), tuple(columns), include_flagged)
    hit = _FITS.get(key)
    if hit is None:
        hit = _FITS[key] = _fit(reports, include_flagged)
        if len(_FITS) > 64:
            _FITS.popitem(last=False)
    else:
        _FITS.move_to_end(key)
    return hit


_ROW_COLUMNS = SERIES_KEY + ["id", "s", "e", "lo", "hi", "rank", "measure"]


def _series_rows(frame: pd.DataFrame):
    """(key, rows) per series in key order, the rows as arrays sorted by id: one grouping
    and one sort for all series rather than a frame per series."""
    group = frame.groupby(SERIES_KEY, sort=True, dropna=False).ngroup().to_numpy(np.int64)
    by = pa.table({"group": group, "id": pa.array(frame["id"].array, type=pa.large_string())})
    order = pc.sort_indices(by, [("group", "ascending"), ("id", "ascending")]).to_numpy()  # stable: by group, then id
    group = group[order]
    cut = np.flatnonzero(np.r_[True, group[1:] != group[:-1], True]) if len(group) else np.zeros(1, np.int64)
    heads = order[cut[:-1]]  # the first row of each series gives its key
    keys = list(zip(*(frame[c].iloc[heads].tolist() for c in SERIES_KEY)))
    ids = np.array(frame["id"].iloc[order].tolist(), dtype=object)
    s, e = frame["s"].to_numpy(np.int64)[order], frame["e"].to_numpy(np.int64)[order]
    lo, hi = frame["lo"].to_numpy(np.float64)[order], frame["hi"].to_numpy(np.float64)[order]
    rank, daily = frame["rank"].to_numpy(np.int64)[order], (frame["measure"] == "daily").to_numpy(bool)[order]
    for key, i, j in zip(keys, cut[:-1].tolist(), cut[1:].tolist()):
        yield key, series.Rows(ids[i:j], s[i:j], e[i:j], lo[i:j], hi[i:j], rank[i:j], daily[i:j])


def _fit(reports: pd.DataFrame, include_flagged: bool) -> Fit:
    frame = _prepare(reports)
    large = len(frame) >= _LARGE
    usable = frame["reason"] == 0
    left_out = usable & frame["flagged"] & (not include_flagged)
    bad = frame.loc[~usable]
    ids = [bad["id"].to_numpy(object), frame.loc[left_out, "id"].to_numpy(object)]
    reasons = [np.array(_REASONS, dtype=object)[bad["reason"].to_numpy() - 1],
               ("left out unless disputed and anonymous reports are included: "
                + frame.loc[left_out, "flag_reason"].astype(str)).to_numpy(object)]
    keys, rows = zip(*_series_rows(frame.loc[usable & ~left_out, _ROW_COLUMNS])) if usable.any() else ((), ())
    del frame, bad, usable, left_out  # only the series' arrays are needed from here
    if large:
        give_back_memory()
    out, conflict_rows, set_aside = [], [], []
    for key, result in zip(keys, series.fit_many(list(rows))):
        out.append((key, result))
        for members, weakest in result.conflicts:
            conflict_rows.append((*key, ";".join(members), weakest,
                                  f"{', '.join(members)} cannot all be true; estimated without {weakest}"))
            set_aside.append((weakest, "set aside: cannot be true together with " + ", ".join(m for m in members if m != weakest)))
    del rows
    dropped = pd.DataFrame({
        "id": np.concatenate([*ids, np.array([i for i, _ in set_aside], dtype=object)]),
        "reason": np.concatenate([*reasons, np.array([r for _, r in set_aside], dtype=object)]),
    }).astype(str).sort_values(NOT_USED_COLUMNS, kind="stable").reset_index(drop=True)
    conflicts = pd.DataFrame(conflict_rows, columns=CONFLICT_COLUMNS)
    if large:
        give_back_memory()
    return Fit(out, dropped, conflicts)


def not_used(reports: pd.DataFrame, include_flagged: bool = False) -> pd.DataFrame:
    """Reports that are no constraint of any estimate, with the reason (``id``, ``reason``)."""
    return fit(reports, include_flagged).not_used


def conflicts(reports: pd.DataFrame, include_flagged: bool = False) -> pd.DataFrame:
    """Sets of reports that cannot all be true, per series, and which one was set aside."""
    return fit(reports, include_flagged).conflicts


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c in ("point", "low", "high") else object) for c in columns})


def _texts(arrays: list) -> pd.api.extensions.ExtensionArray:
    """Arrow text arrays joined into one pandas text array (no Python string per value)."""
    return pd.array(pa.chunked_array(arrays, type=pa.large_string()).combine_chunks(), dtype="str")


def estimate_daily(reports, include_flagged: bool = False) -> pd.DataFrame:
    """One row per series and covered day: point, low, high (missing: unbounded), the
    reports covering the day and the ones that bind its bounds. ``attrs`` carries
    ``not_used`` and ``conflicts``. ``reports`` may also be a :class:`Fit`."""
    result = reports if isinstance(reports, Fit) else fit(reports, include_flagged)
    if result.series:  # one frame from all series' arrays, not a frame per series
        fits = [s for _, s in result.series]
        sizes = [len(s.covered) for s in fits]
        out = pd.DataFrame({
            "date": (_EPOCH + np.concatenate([s.day0 + s.covered for s in fits])).astype("datetime64[ns]"),
            "point": np.concatenate([s.point for s in fits]), "low": np.concatenate([s.low for s in fits]),
            "high": np.concatenate([s.high for s in fits]), "n_reports": np.concatenate([s.n_reports for s in fits]).astype(np.int64),
            "report_ids": _texts([s.report_ids for s in fits]),
            "binding_ids": _texts([s.binding_ids for s in fits]),
        })
        which = pa.array(np.repeat(np.arange(len(sizes), dtype=np.int32), sizes))
        for i, column in enumerate(SERIES_KEY):  # each series' key repeated, decoded in Arrow
            names = pa.array([str(key[i]) for key, _ in result.series], type=pa.large_string())
            out[column] = pd.array(pa.DictionaryArray.from_arrays(which, names).cast(pa.large_string()), dtype="str")
    else:
        out = _empty(DAILY_COLUMNS)
    out["kind"] = "estimate"
    out = out[DAILY_COLUMNS]
    out.attrs = {"not_used": result.not_used, "conflicts": result.conflicts}
    return out


def estimate_totals(reports, start, end, include_flagged: bool = False) -> pd.DataFrame:
    """Per series with a covered day in [start, end]: the point total and the smallest and
    largest totals every report allows, over the covered days of the range. ``complete``
    says whether every day of the range is covered. ``reports`` may also be a :class:`Fit`."""
    result = reports if isinstance(reports, Fit) else fit(reports, include_flagged)
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    a = (start - pd.Timestamp("1970-01-01")).days
    b = (end - pd.Timestamp("1970-01-01")).days
    rows = []
    totals = series.range_totals([s for _, s in result.series], a, b)
    for (key, _), (point, low, high, days, ids, binding) in zip(result.series, totals):
        if days:
            rows.append((*key, start, end, point, low, high if np.isfinite(high) else np.nan, days,
                         max(b - a + 1, 0), ids, binding, days == b - a + 1, "estimate"))
    out = pd.DataFrame(rows, columns=TOTAL_COLUMNS) if rows else _empty(TOTAL_COLUMNS)
    out.attrs = {"not_used": result.not_used, "conflicts": result.conflicts}
    return out


def _n(value: float) -> str:
    return i18n.format_number(value, decimals=0)


def _amount(row: Mapping, unit: str) -> str:
    point, low, high = float(row["point"]), float(row["low"]), float(row["high"])
    if np.isnan(high):
        return _("at least {low} {unit} (point {point}; no report bounds it from above)").format(low=_n(low), unit=unit, point=_n(point))
    if np.isclose(low, high):
        return f"{_n(point)} {unit}"
    return _("{point} {unit} (the reports allow {low} to {high})").format(point=_n(point), unit=unit, low=_n(low), high=_n(high))


def explain(row: Mapping, labels: Mapping[str, str] | None = None) -> str:
    """A short sentence saying what an estimate row is and which reports bind it, in the
    active language.

    Works on a row of :func:`estimate_daily` or :func:`estimate_totals`. ``labels`` may
    map report ids to readable names (e.g. reporting body and date).
    """
    ids = [i for i in str(row["report_ids"]).split(";") if i]
    binding = [i for i in str(row.get("binding_ids", "")).split(";") if i]
    name = (lambda i: labels.get(i, i)) if labels else (lambda i: i)
    english = i18n.current() == i18n.DEFAULT
    where = row["destination_iso3"] if english else schema.label_destination(row["destination_iso3"])
    place = where + (_(" via {crossing}").format(crossing=row["crossing_id"]) if row["crossing_id"] else "")
    if english:
        what = f"{row['metric']} of {row['population']}".replace("_", " ")
    else:
        what = f"{schema.label(schema.METRICS, row['metric'])} · {schema.label(schema.POPULATIONS, row['population'])}"
    if "date" in row:
        when = _("on {day}").format(day=f"{pd.Timestamp(row['date']):%d %b %Y}" if english else i18n.format_day(row["date"]))
        unit = _("{unit} that day").format(unit=row["unit"] if english else _unit(row["unit"]))
    else:
        start, end = pd.Timestamp(row["start"]), pd.Timestamp(row["end"])
        when = f"{start:%d %b %Y} to {end:%d %b %Y}" if english else i18n.format_period(start, end)
        unit = _("{unit} in total").format(unit=row["unit"] if english else _unit(row["unit"]))
    basis = ngettext("{n} report", "{n} reports", len(ids)).format(n=len(ids))
    text = _("{what}, {place}, {when}: {amount}; from {basis}: {ids}.").format(
        what=what[:1].upper() + what[1:] if english else what, place=place, when=when, amount=_amount(row, unit), basis=basis,
        ids=", ".join(map(name, ids)))
    if binding:
        text += " " + _("The bounds are set by {ids}.").format(ids=", ".join(map(name, binding)))
    if "days_covered" in row and not row["complete"]:
        text += " " + ngettext("Only {covered} of {days} day has a report.", "Only {covered} of {days} days have a report.",
                               int(row["days_in_range"])).format(covered=row["days_covered"], days=row["days_in_range"])
    return text


#: Units as an estimate's sentence names them outside English.
UNIT_NAMES = {"people": N_("people"), "crossings": N_("border crossings"), "vehicles": N_("vehicles")}


def _unit(unit: str) -> str:
    return schema.label(UNIT_NAMES, unit)
