"""Reports that are a part of another report of the same series, read as floors.

A row's ``part_of`` names the report it is a part of. Two kinds of part are told apart
by their windows, within one series (``exodus.derive.estimate.SERIES_KEY``):

- a part of the *period* (its window strictly inside the whole's: one week of a month)
  still counts everything the series counts over its own days, so it stays the
  constraint it is;
- a part of the *people or the region* (the same window as the whole, or a window that
  is not inside it: one border district of a national count, one group of the people)
  does not count the whole series over its days. All it says about the series is that
  the total over its window is at least the part, so the estimator gets it as an
  ``at_least`` report, with the lowest figure its qualifier allows. A part of the period
  of such a part (one month of one district's year) is a share of the people or the
  region as well, and is read the same way.

A part whose whole is in another series (a country's figure in an outlet's tally of
several countries) is that series' own total and is left as it is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from exodus.derive.estimate import ABOUT_TOLERANCE, SERIES_KEY

#: Column added to the rows: empty, or why the row was read as a floor.
RULE_COLUMN = "part_rule"


def _floor(value: float, qualifier: str) -> float:
    """The lowest figure the part's qualifier allows (an ``at_most`` part allows none)."""
    if qualifier == "about":
        return value * (1 - ABOUT_TOLERANCE)
    if qualifier == "at_most":
        return 0.0
    return value


def parts_as_floors(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with every part of the people or the region of a whole in the same
    series turned into an ``at_least`` report, and a :data:`RULE_COLUMN` saying why
    (empty for the other rows). The input is not changed; rows without ``part_of`` or
    whose whole is not among ``rows`` pass through as they are."""
    out = rows.copy()
    out[RULE_COLUMN] = ""
    if "part_of" not in out.columns or out.empty:
        return out
    whole_of = out["part_of"].fillna("").astype(str)
    ids = out["id"].astype(str)
    wholes = out.assign(id=ids).drop_duplicates("id").set_index("id")
    has_whole = whole_of.isin(wholes.index) & (whole_of != ids)
    if not has_whole.any():
        return out
    whole = wholes.reindex(whole_of.where(has_whole))
    key = lambda frame, c: frame[c].fillna("").astype(str).to_numpy(object)  # noqa: E731
    same_series = has_whole.to_numpy(bool) & np.logical_and.reduce(
        [key(out, c) == key(whole, c) for c in SERIES_KEY])
    start, end = pd.to_datetime(out["period_start"]).to_numpy(), pd.to_datetime(out["period_end"]).to_numpy()
    w_start, w_end = pd.to_datetime(whole["period_start"]).to_numpy(), pd.to_datetime(whole["period_end"]).to_numpy()
    inside = (start >= w_start) & (end <= w_end)
    same_window = (start == w_start) & (end == w_end)
    part_of_period = inside & ~same_window
    floor = same_series & ~part_of_period
    # A week of one district's month is a part of the district too: a part of the period
    # of a whole that is itself a floor is a floor (followed until nothing changes).
    position = {name: i for i, name in enumerate(ids.tolist())}
    whole_row = np.array([position.get(w, -1) if h else -1 for w, h in zip(whole_of.tolist(), has_whole.tolist())])
    while True:
        inherited = same_series & part_of_period & ~floor & (whole_row >= 0) & floor[np.maximum(whole_row, 0)]
        if not inherited.any():
            break
        floor = floor | inherited
    if floor.any():
        out["value"] = out["value"].astype(float)
    for i in np.flatnonzero(floor):
        index = out.index[i]
        value, qualifier = float(out.at[index, "value"]), str(out.at[index, "qualifier"])
        how = ("the same days as" if same_window[i] else "part of the days of" if inside[i]
               else "days outside those of")
        out.at[index, RULE_COLUMN] = (
            f"part of {whole_of.iloc[i]} over {how} it (a share of its people or region): "
            f"read as at least {_floor(value, qualifier):,.0f} for the series, not as its total")
        out.at[index, "value"] = _floor(value, qualifier)
        out.at[index, "qualifier"] = "at_least"
        if "value_high" in out.columns:
            out.at[index, "value_high"] = np.nan
    return out
