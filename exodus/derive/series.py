"""The official series: typed loading, selection, and comparison with a normal year.

A value's baseline is the value of the same series, country and kind of period in the
same place of the calendar in 2019 (the default: the last full year before the
pandemic), or in 2021 when asked, which is then labelled pandemic-distorted. The ratio
is the value divided by its baseline; a value without a baseline has none. Nothing is
ever filled in: a missing 2019 value stays missing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from exodus import i18n
from exodus.i18n import N_, _
from exodus.data import periods
from exodus.data import schema
from exodus.data.series_validate import VALUE_FILES, read_series_package
from exodus.config import DATA_DIR
from exodus.data.load import contract, typed_frame
from exodus.data.rows import DataError, Row

DEFAULT_BASELINE_YEAR = 2019
BASELINE_YEARS = {2019: "2019", 2021: N_("2021 (pandemic-distorted)")}
FSB_DEPARTURES = "fsb-departures-russians"
CATALOGUE_COLUMNS = schema.series_columns("series_catalogue")[1:]  # all but series_id


def _frame(kind: str, rows: list[Row], file_name: str) -> pd.DataFrame:
    """The typed rows of one series file (:func:`exodus.data.load.typed_frame`), with the file named."""
    frame = typed_frame(kind, rows)
    frame.insert(len(frame.columns) - 1, "file", pd.Series([file_name] * len(frame), dtype="str"))
    return frame


def load_series(data_dir: Path = DATA_DIR) -> dict[str, pd.DataFrame]:
    """``series`` (the values of series_fsb.csv and series.csv, with ``file`` and
    ``line``) and ``series_catalogue``; raises :class:`DataError` listing every problem."""
    rows, problems = read_series_package(Path(data_dir))
    if problems:
        raise DataError(problems)
    values = pd.concat([_frame(kind, rows[kind], f"{kind}.csv") for kind in VALUE_FILES], ignore_index=True)
    values = contract("series").validate(values)
    values = values.sort_values(["series_id", "country_iso3", "period", "period_start"], kind="stable").reset_index(drop=True)
    catalogue = contract("series_catalogue").validate(typed_frame("series_catalogue", rows["series_catalogue"]))
    return {"series": values, "series_catalogue": catalogue.sort_values("series_id", kind="stable").reset_index(drop=True)}


def select(values: pd.DataFrame, series_id: str, country: str | None = None, period: str | None = None) -> pd.DataFrame:
    """The values of one series (optionally one country and one kind of period), oldest first."""
    mask = values["series_id"] == series_id
    if country is not None:
        mask &= values["country_iso3"] == country
    if period is not None:
        mask &= values["period"] == period
    return values[mask].sort_values(["country_iso3", "period_start"], kind="stable").reset_index(drop=True)


def baseline_label(year: int) -> str:
    if year not in BASELINE_YEARS:
        raise ValueError(f"baseline year {year} is not offered; choose one of {sorted(BASELINE_YEARS)}")
    return _(BASELINE_YEARS[year])


def with_baselines(values: pd.DataFrame, year: int = DEFAULT_BASELINE_YEAR) -> pd.DataFrame:
    """The values with their baseline: ``baseline_start``/``baseline_end`` (the same
    period in ``year``), ``baseline_value``, ``baseline_qualifier``, ``baseline_source_url``,
    ``baseline_via``, ``ratio`` (value / baseline_value, NaN where there is no baseline or it is zero) and
    ``baseline_year`` (its label, "2021 (pandemic-distorted)" for 2021)."""
    label = baseline_label(year)
    out = values.copy()
    spans = [periods.same_period_in(year, p, s.date()) for p, s in zip(out["period"], out["period_start"])]
    out["baseline_start"] = pd.to_datetime([s[0] if s else None for s in spans]).astype("datetime64[ns]")
    out["baseline_end"] = pd.to_datetime([s[1] if s else None for s in spans]).astype("datetime64[ns]")
    base = values[["series_id", "country_iso3", "period", "period_start", "period_end", "value", "qualifier", "source_url", "via"]].rename(columns={
        "period_start": "baseline_start", "period_end": "baseline_end", "value": "baseline_value",
        "qualifier": "baseline_qualifier", "source_url": "baseline_source_url", "via": "baseline_via"})
    out = out.merge(base, how="left", on=["series_id", "country_iso3", "period", "baseline_start", "baseline_end"], validate="many_to_one")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = out["value"] / out["baseline_value"]
    out["ratio"] = ratio.where(out["baseline_value"] > 0)
    out["baseline_year"] = np.where(out["baseline_value"].notna(), label, "")
    return out


def quarters(values: pd.DataFrame, series_id: str = FSB_DEPARTURES) -> list[pd.Timestamp]:
    """First days of the quarters a series has values for, oldest first."""
    rows = values[(values["series_id"] == series_id) & (values["period"] == "quarter")]
    return sorted(set(rows["period_start"]))


def quarter_vs_baseline(values: pd.DataFrame, quarter_start, series_id: str = FSB_DEPARTURES,
                        year: int = DEFAULT_BASELINE_YEAR) -> pd.DataFrame:
    """One row per country of ``series_id`` with a value for the quarter starting on
    ``quarter_start``, with its baseline and ratio; largest value first."""
    compared = with_baselines(values[(values["series_id"] == series_id) & (values["period"] == "quarter")], year)
    compared = compared[compared["period_start"] == pd.Timestamp(quarter_start)]
    return compared.sort_values(["value", "country_iso3"], ascending=[False, True], kind="stable").reset_index(drop=True)


def default_quarter(values: pd.DataFrame, series_id: str = FSB_DEPARTURES, year: int = DEFAULT_BASELINE_YEAR,
                    since: int = 2022, within: tuple | None = None) -> pd.Timestamp | None:
    """The quarter to show first: among the quarters that overlap ``within`` (a date
    range, e.g. the filters') and have ratios, the one with the most; otherwise the
    quarter from ``since`` on (the years the dashboard is about) with the most countries
    that have a ratio, the latest of equals; else the latest quarter."""
    compared = with_baselines(values[(values["series_id"] == series_id) & (values["period"] == "quarter")], year)
    compared = compared[compared["ratio"].notna()]
    if within is not None:
        overlapping = compared[(compared["period_end"] >= pd.Timestamp(within[0])) & (compared["period_start"] <= pd.Timestamp(within[1]))
                               & (compared["period_start"].dt.year > year)]
        if not overlapping.empty:
            counts = overlapping.groupby("period_start").size()
            return counts[counts == counts.max()].index.max()
    later = compared[compared["period_start"].dt.year >= since]
    if later.empty:
        found = quarters(values, series_id)
        return found[-1] if found else None
    counts = later.groupby("period_start").size()
    return counts[counts == counts.max()].index.max()


def countries(values: pd.DataFrame, series_id: str) -> list[str]:
    """Countries of a series, those with the most values first."""
    rows = values[values["series_id"] == series_id]
    counts = rows.groupby("country_iso3").agg(n=("value", "size"), total=("value", "max"))
    return counts.sort_values(["n", "total"], ascending=False, kind="stable").index.tolist()


def period_kinds(values: pd.DataFrame, series_id: str, country: str) -> list[str]:
    """Kinds of period a series has for a country, in the schema's order."""
    present = set(values.loc[(values["series_id"] == series_id) & (values["country_iso3"] == country), "period"])
    return [p for p in schema.SERIES_PERIODS if p in present]


def default_period(values: pd.DataFrame, series_id: str, country: str, year: int = DEFAULT_BASELINE_YEAR) -> str | None:
    """The kind of period with the most values that have a baseline, else the most values."""
    rows = with_baselines(select(values, series_id, country), year)
    if rows.empty:
        return None
    score = rows.groupby("period").agg(compared=("ratio", "count"), n=("value", "size"))
    return score.sort_values(["compared", "n"], ascending=False, kind="stable").index[0]


def period_label(period: str, start) -> str:
    """How a period is named to readers: "2022 Q3", "Sep 2022", "2022", "19 Sep 2022"."""
    start = pd.Timestamp(start)
    if i18n.current() != i18n.DEFAULT:
        return _translated_period_label(period, start)
    if period == "quarter":
        return periods.quarter_label(start.date())
    if period == "month":
        return f"{start:%b %Y}"
    if period == "year":
        return f"{start:%Y}"
    if period == "half_year":
        return f"{start:%Y} H{1 if start.month == 1 else 2}"
    if period == "nine_months":
        return f"Jan–Sep {start:%Y}"
    if period == "week":
        return f"week from {start.day} {start:%b %Y}"
    return f"{start.day} {start:%b %Y}"


def _translated_period_label(period: str, start: pd.Timestamp) -> str:
    """:func:`period_label` in the active language, dates written by Babel."""
    if period == "quarter":
        return _("{year} Q{quarter}").format(year=start.year, quarter=(start.month - 1) // 3 + 1)
    if period == "month":
        return i18n.month_year(start)
    if period == "year":
        return str(start.year)
    if period == "half_year":
        return _("{year} H{half}").format(year=start.year, half=1 if start.month == 1 else 2)
    if period == "nine_months":
        return _("Jan–Sep {year}").format(year=start.year)
    if period == "week":
        return _("week from {day}").format(day=i18n.format_day(start))
    return i18n.format_day(start)


def for_export(values: pd.DataFrame) -> pd.DataFrame:
    """Values as exported: the file's columns, then the baseline columns where present,
    dates as YYYY-MM-DD."""
    columns = schema.series_columns("series") + [c for c in ("baseline_year", "baseline_start", "baseline_end", "baseline_value",
                                                             "baseline_qualifier", "baseline_source_url", "baseline_via", "ratio") if c in values]
    out = values[columns].copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").fillna("")
    for column in ("value", "baseline_value"):
        if column in out:
            out[column] = [_as_published(v) for v in out[column]]
    return out.reset_index(drop=True)


def _as_published(value: float) -> str:
    """A count as it is written in the files: 219624, not 219624.0; empty when missing."""
    if value != value:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
