"""Headline figures: the largest single reported total per destination.

Reports overlap and measure different things, so figures are never added up here;
each destination is represented by one report, named with its source.
"""

from __future__ import annotations

import pandas as pd

TOTAL_MEASURES = ("period_total", "cumulative")
COUNTABLE_UNITS = ("people",)


def largest_totals(reports: pd.DataFrame, metrics: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """For each destination, the report with the largest total over a period.

    Only totals (period_total, cumulative) counted in people are considered, optionally
    limited to some metrics. Ties go to the earlier report, then the smaller id, so
    the choice never depends on row order.
    """
    rows = reports[reports["measure"].isin(TOTAL_MEASURES) & reports["unit"].isin(COUNTABLE_UNITS)]
    if metrics:
        rows = rows[rows["metric"].isin(metrics)]
    if rows.empty:
        return rows.assign(n_reports=pd.Series(dtype="int64"))
    counts = rows.groupby("destination_iso3").size().rename("n_reports")
    ordered = rows.sort_values(["destination_iso3", "value", "period_end", "id"], ascending=[True, False, True, True], kind="stable")
    best = ordered.drop_duplicates("destination_iso3").set_index("destination_iso3")
    best = best.join(counts).reset_index()
    return best.sort_values(["value", "destination_iso3"], ascending=[False, True], kind="stable").reset_index(drop=True)


def largest_daily(reports: pd.DataFrame, metrics=None) -> pd.DataFrame:
    """For each destination, the largest figure reported per day."""
    rows = reports[(reports["measure"] == "daily") & reports["unit"].isin(COUNTABLE_UNITS)]
    if metrics:
        rows = rows[rows["metric"].isin(metrics)]
    ordered = rows.sort_values(["destination_iso3", "value", "period_end", "id"], ascending=[True, False, True, True], kind="stable")
    return ordered.drop_duplicates("destination_iso3").reset_index(drop=True)


def by_crossing(reports: pd.DataFrame) -> pd.DataFrame:
    """For each crossing point, the largest figure about it (any measure) in people or vehicles."""
    rows = reports[(reports["crossing_id"] != "") & reports["unit"].isin(("people", "vehicles", "crossings"))]
    rows = rows[rows["measure"] != "change_pct"]
    ordered = rows.sort_values(["crossing_id", "value", "period_end", "id"], ascending=[True, False, True, True], kind="stable")
    return ordered.drop_duplicates("crossing_id").reset_index(drop=True)
