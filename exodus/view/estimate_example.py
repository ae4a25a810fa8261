"""The About page's worked example, computed from the shipped data.

``python -m exodus.view.estimate_example`` prints it; a test checks that the About page holds
exactly this text, so the numbers a reader sees there cannot drift from the code.
"""

from __future__ import annotations

import pandas as pd

from exodus.derive import estimate
from exodus.charts.formatting import number

_KEY = {"population": "russian_citizens", "metric": "arrivals", "unit": "people"}


def _series(departures: pd.DataFrame, destination: str) -> pd.DataFrame:
    rows = departures[(departures["destination_iso3"] == destination) & (departures["crossing_id"].fillna("") == "")]
    for column, value in _KEY.items():
        rows = rows[rows[column] == value]
    return rows


def _total(rows: pd.DataFrame, start: str, end: str) -> dict:
    totals = estimate.estimate_totals(rows, start, end)
    return totals.iloc[0].to_dict() | {"conflicts": totals.attrs["conflicts"]}


def _ids(text: str) -> str:
    return ", ".join(text.split(";"))


def _between(low: float, high: float) -> str:
    if round(low) == round(high):
        return f"exactly {number(round(low))}"
    return f"between {number(round(low))} and {number(round(high))}"


def worked_example(departures: pd.DataFrame) -> str:
    kaz = _total(_series(departures, "KAZ"), "2022-09-21", "2022-09-27")
    geo = _total(_series(departures, "GEO"), "2022-09-17", "2022-09-20")
    geo_conflicts = [c for c in geo["conflicts"].to_dict("records") if "m22-geo-024" in c["report_ids"].split(";")]
    named = "; ".join(f"{_ids(c['report_ids'])} (set aside: {c['set_aside']})" for c in geo_conflicts)
    return (
        f"**Worked example** (computed from the data by the same code, and checked by a test). Kazakhstan's interior "
        f"ministry said about 98,000 Russians entered between 21 and 27 September 2022 (m22-kaz-001). Read as 98,000 "
        f"± 5 %, and with the other reports of that series, the total for those seven days lies between "
        f"{number(round(kaz['low']))} and {number(round(kaz['high']))}; the bounds are set by {_ids(kaz['binding_ids'])}, "
        f"and the smoothest series gives {number(round(kaz['point']))}. "
        f"For Georgia on 17–20 September 2022 the ministry's day-by-day counts are above the minister's "
        f"\"5,000 to 6,000 a day\" (m22-geo-024) on some days, so these reports cannot all be true: {named}. "
        f"Without the range the four days total {_between(geo['low'], geo['high'])}, set by {_ids(geo['binding_ids'])}."
    )


if __name__ == "__main__":
    from exodus.data.load import load_all

    print(worked_example(load_all()["departures"]))
