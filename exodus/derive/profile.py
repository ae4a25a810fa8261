"""A destination's profile: every figure reported for it in the range, ordered so the
most authoritative and best-fitting comes first, with its crossings, events and sources.

Pure: tables and filters in, frames out. The country page and its exports read it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from exodus.derive import filters as flt
from exodus.derive import headlines
from exodus.data import schema


@dataclass(frozen=True)
class Profile:
    iso3: str
    name: str
    reports: pd.DataFrame  # reports overlapping the range, best first, with days_inside / days_outside
    total_reports: int  # every report for the destination, whatever the range
    crossings: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame  # one row per reporting body: how many figures, latest publication


def period_fit(rows: pd.DataFrame, start, end) -> pd.DataFrame:
    """The rows with how many of their days fall inside and outside the range."""
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    length = (rows["period_end"] - rows["period_start"]).dt.days + 1
    inside = ((rows["period_end"].clip(upper=last) - rows["period_start"].clip(lower=first)).dt.days + 1).clip(lower=0)
    return rows.assign(days_inside=inside.astype("int64"), days_outside=(length - inside).astype("int64"))


def ordered(rows: pd.DataFrame, start, end) -> pd.DataFrame:
    """Best first, by the headline rule (:mod:`exodus.derive.headlines`): reports with at least
    half their days in the range come first; then the strongest kind of body, most days
    inside, fewest outside, the latest publication. ``candidate`` says whether a report
    could be a headline figure for the range; ``flagged`` reports can never lead."""
    fitted = period_fit(rows, start, end)
    length = fitted["days_inside"] + fitted["days_outside"]
    fitted = fitted.assign(candidate=fitted["days_inside"] >= headlines.MIN_SHARE * length)
    keys = fitted.assign(
        _weak=~fitted["candidate"], _rank=fitted["authority_rank"] if "authority_rank" in fitted else 0,
        _in=-fitted["days_inside"], _published=fitted["reported_on_date"] if "reported_on_date" in fitted else fitted["reported_on"])
    keys = keys.sort_values(["_published", "id"], ascending=[False, True], kind="stable")
    keys = keys.sort_values(["_weak", "_rank", "_in", "days_outside"], kind="stable")
    return keys.drop(columns=["_weak", "_rank", "_in", "_published"]).reset_index(drop=True)


def lead(reports: pd.DataFrame) -> dict | None:
    """The figure that answers the range: the first ordered report that could be a
    headline, is counted in people (not a percentage) and carries no flag."""
    counted = reports[(reports["unit"] == "people") & ~reports["measure"].isin(("change_pct", "daily"))]
    if "candidate" in counted:
        counted = counted[counted["candidate"]]
    if "flagged" in counted:
        counted = counted[~counted["flagged"].astype(bool)]
    return counted.iloc[0].to_dict() if len(counted) else None


def destinations(reports: pd.DataFrame) -> list[str]:
    """Destinations with at least one report, countries first by name, then EU and 'all'."""
    codes = set(reports["destination_iso3"]) - {"RUS"}
    special = [c for c in schema.SPECIAL_DESTINATIONS if c in codes]
    return sorted(codes - set(special), key=schema.label_destination) + special


def build_profile(tables: dict, iso3: str, state: flt.Filters) -> Profile:
    everything = tables["departures"][tables["departures"]["destination_iso3"] == iso3]
    in_range = flt.select(everything, replace(state, destinations=()))
    reports = ordered(in_range, state.start, state.end)
    crossings = tables["crossings"][tables["crossings"]["country_iso3"] == iso3]
    events = flt.select_events(tables["events"], state)
    events = events[events["country_iso3"] == iso3]
    if reports.empty:
        sources = pd.DataFrame(columns=["reporting_body", "figures", "latest"])
    else:
        sources = (reports.groupby("reporting_body", sort=False)
                   .agg(figures=("id", "size"), latest=("reported_on", lambda s: max(map(str, s))))
                   .reset_index().sort_values(["figures", "reporting_body"], ascending=[False, True], kind="stable"))
    return Profile(iso3, schema.label_destination(iso3), reports, len(everything), crossings.reset_index(drop=True),
                   events.reset_index(drop=True), sources.reset_index(drop=True))
