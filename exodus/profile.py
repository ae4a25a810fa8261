"""A destination's profile: every figure reported for it in the range, ordered so the
most authoritative and best-fitting comes first, with its crossings, events and sources.

Pure: tables and filters in, frames out. The country page and its exports read it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from exodus import filters as flt
from exodus import schema


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
    """Best first: the strongest kind of body (where the data says), then the period that
    fits the range best, then the latest publication.

    A period's fit is the share its days have in the union of its days and the range's
    (days inside / (days in the range + days outside)): a week's figure fits a week better
    than a month's does, although both cover every day of it."""
    fitted = period_fit(rows, start, end)
    range_days = (pd.Timestamp(end) - pd.Timestamp(start)).days + 1
    fitted = fitted.assign(fit=fitted["days_inside"] / (range_days + fitted["days_outside"]))
    rank = fitted["authority_rank"] if "authority_rank" in fitted else pd.Series(0, index=fitted.index)
    keys = fitted.assign(_rank=rank, _fit=-fitted["fit"], _published=fitted["reported_on"].astype(str))
    keys = keys.sort_values(["_published", "id"], ascending=[False, True], kind="stable")
    keys = keys.sort_values(["_rank", "_fit"], kind="stable")
    return keys.drop(columns=["_rank", "_fit", "_published"]).reset_index(drop=True)


def lead(reports: pd.DataFrame) -> dict | None:
    """The first counted figure (people, not a percentage) of ordered reports."""
    counted = reports[(reports["unit"] == "people") & (reports["measure"] != "change_pct")]
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
