"""The dashboard's filters as plain data: presets, URL parameters and row selection.

The URL is the shareable state. ``from_query`` reads whatever a link carries and
returns a valid :class:`Filters` plus a notice for every value it had to ignore, so a
mistyped or tampered link never breaks the page. ``to_query`` writes the state back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Mapping

import pandas as pd

from exodus import i18n
from exodus.data import schema
from exodus.i18n import N_, _

CROCUS_DAY = date(2024, 3, 22)
DECREE_DAY = date(2022, 9, 21)

#: Date presets: key -> (label, start, end). ``None`` means the edge of the data.
PRESETS: dict[str, tuple[str, date | None, date | None]] = {
    "mobilization": (N_("Mobilization wave (Sep–Oct 2022)"), date(2022, 9, 1), date(2022, 10, 31)),
    "crocus": (N_("Crocus aftermath (22 Mar 2024 onward)"), CROCUS_DAY, None),
    "invasion": (N_("Invasion to decree (24 Feb – 20 Sep 2022)"), date(2022, 2, 24), date(2022, 9, 20)),
    "all": (N_("All"), None, None),
}
CUSTOM = "custom"
DEFAULT_PRESET = "mobilization"

POPULATION_KEYS = {
    "russian": "Russian citizens",
    "central_asian": "Central Asian migrants",
    "other": "Other / all",
}
#: The population groups as the filter offers them (POPULATION_KEYS' values name the
#: groups of schema.POPULATION_GROUPS).
POPULATION_LABELS = {"russian": N_("Russian citizens"), "central_asian": N_("Central Asian migrants"), "other": N_("Other / all")}
MAX_PARAM_LENGTH = 400
#: Parameters that belong to one page (read there), kept in the address beside the filters.
PAGE_PARAMS = ("country",)


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    preset: str = DEFAULT_PRESET
    destinations: tuple[str, ...] = ()  # empty = all
    populations: tuple[str, ...] = ()  # keys of POPULATION_KEYS; empty = all
    metrics: tuple[str, ...] = ()  # empty = all
    lang: str = i18n.DEFAULT  # the interface language (exodus.i18n.LANGUAGES)

    @property
    def label(self) -> str:
        if self.lang == i18n.DEFAULT:
            return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"
        return i18n.format_period(self.start, self.end, self.lang)


def preset_range(key: str, bounds: tuple[date, date]) -> tuple[date, date]:
    """The dates a preset stands for, clipped to the data's first and last day."""
    _, start, end = PRESETS[key]
    return (start or bounds[0], end or bounds[1])


def default_filters(bounds: tuple[date, date], lang: str = i18n.DEFAULT) -> Filters:
    start, end = preset_range(DEFAULT_PRESET, bounds)
    return Filters(start, end, DEFAULT_PRESET, lang=lang)


def _first(params: Mapping, key: str) -> str | None:
    value = params.get(key)
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return None if value is None else str(value)[:MAX_PARAM_LENGTH]


def _codes(raw: str | None) -> list[str]:
    if not raw:
        return []
    return [part.strip() for part in raw.split(",") if part.strip()]


def _parse_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def from_query(params: Mapping, bounds: tuple[date, date], known_destinations: set[str], known_metrics: set[str],
               default_lang: str = i18n.DEFAULT) -> tuple[Filters, list[str]]:
    """Filters from URL query parameters, with a notice for every value ignored (in the
    language the link asks for, else ``default_lang``)."""
    notices: list[str] = []
    raw_lang = _first(params, "lang")
    lang = i18n.normalise(raw_lang) or i18n.normalise(default_lang) or i18n.DEFAULT
    with i18n.language(lang):
        state, notices = _from_query(params, bounds, known_destinations, known_metrics, default_filters(bounds, lang))
        if raw_lang is not None and i18n.normalise(raw_lang) is None:
            notices.append(_("Ignored unknown language “{code}”.").format(code=raw_lang[:20]))
    return state, notices


def _from_query(params: Mapping, bounds, known_destinations, known_metrics, state: Filters) -> tuple[Filters, list[str]]:
    notices: list[str] = []
    preset = _first(params, "preset")
    if preset is not None:
        if preset in PRESETS:
            start, end = preset_range(preset, bounds)
            state = replace(state, start=start, end=end, preset=preset)
        elif preset != CUSTOM:
            notices.append(_("Ignored unknown preset “{preset}”; showing {shown}.").format(preset=preset, shown=_(PRESETS[state.preset][0])))
    raw_from, raw_to = _first(params, "from"), _first(params, "to")
    if raw_from is not None or raw_to is not None:
        start = _parse_date(raw_from) if raw_from else state.start
        end = _parse_date(raw_to) if raw_to else state.end
        if start is None or end is None:
            bad = raw_from if start is None else raw_to
            notices.append(_("Ignored the date “{bad}”: dates must look like 2022-09-21.").format(bad=bad))
        elif end < start:
            notices.append(_("Ignored the range {start} to {end}: the end is before the start.").format(start=start, end=end))
        else:
            clipped = (max(start, bounds[0]), min(end, bounds[1]))
            if clipped[0] > clipped[1]:
                notices.append(_("Ignored the range {start} to {end}: there is no data between those dates (data covers {first} to {last}).").format(
                    start=start, end=end, first=bounds[0], last=bounds[1]))
            else:
                if clipped != (start, end):
                    notices.append(_("Trimmed the range to the data's dates ({first} to {last}).").format(first=bounds[0], last=bounds[1]))
                state = replace(state, start=clipped[0], end=clipped[1], preset=_matching_preset(clipped, bounds))
    state = replace(state, destinations=_known(params, "dest", known_destinations, N_("Ignored unknown destination(s): {codes}."), notices, upper=True))
    state = replace(state, populations=_known(params, "pop", set(POPULATION_KEYS), N_("Ignored unknown population(s): {codes}."), notices))
    state = replace(state, metrics=_known(params, "metric", known_metrics, N_("Ignored unknown metric(s): {codes}."), notices))
    unknown = sorted(set(params) - {"preset", "from", "to", "dest", "pop", "metric", "lang"} - set(PAGE_PARAMS))
    if unknown:
        notices.append(_("Ignored unknown URL parameter(s): {names}.").format(names=", ".join(k[:40] for k in unknown[:5])))
    return state, notices


def _known(params: Mapping, key: str, known: set[str], message: str, notices: list[str], upper: bool = False) -> tuple[str, ...]:
    codes = _codes(_first(params, key))
    if upper:
        codes = [c.upper() for c in codes]
    good = [c for c in codes if c in known]
    bad = [c for c in codes if c not in known]
    if bad:
        shown = ", ".join(f"“{b[:20]}”" for b in bad[:5])
        notices.append(_(message).format(codes=shown))
    return tuple(dict.fromkeys(good))


def _matching_preset(span: tuple[date, date], bounds: tuple[date, date]) -> str:
    for key in PRESETS:
        if preset_range(key, bounds) == span:
            return key
    return CUSTOM


def to_query(state: Filters) -> dict[str, str]:
    """The URL parameters that reproduce a state (only what differs from 'all')."""
    query = {"preset": state.preset, "lang": state.lang}
    if state.preset == CUSTOM:
        query |= {"from": state.start.isoformat(), "to": state.end.isoformat()}
    if state.destinations:
        query["dest"] = ",".join(state.destinations)
    if state.populations:
        query["pop"] = ",".join(state.populations)
    if state.metrics:
        query["metric"] = ",".join(state.metrics)
    return query


def populations_for(keys: tuple[str, ...]) -> list[str]:
    """Population codes of the chosen groups (all codes when none are chosen)."""
    if not keys:
        return list(schema.POPULATIONS)
    return [code for key in keys for code in schema.POPULATION_GROUPS[POPULATION_KEYS[key]]]


#: Charts and headlines use reports with at least this share of their days in the range,
#: so that a figure for a whole year does not stand for a few weeks inside it.
CHART_SHARE = 0.5


def select(reports: pd.DataFrame, state: Filters, min_share: float = 0.0) -> pd.DataFrame:
    """Reports whose period overlaps the date range and that match the other filters.

    With ``min_share``, only reports with at least that share of their own days inside
    the range are kept.
    """
    start, end = pd.Timestamp(state.start), pd.Timestamp(state.end)
    mask = (reports["period_end"] >= start) & (reports["period_start"] <= end)
    if min_share > 0:
        inside = (reports["period_end"].clip(upper=end) - reports["period_start"].clip(lower=start)).dt.days + 1
        length = (reports["period_end"] - reports["period_start"]).dt.days + 1
        mask &= inside >= min_share * length
    if state.destinations:
        mask &= reports["destination_iso3"].isin(state.destinations)
    mask &= reports["population"].isin(populations_for(state.populations))
    if state.metrics:
        mask &= reports["metric"].isin(state.metrics)
    return reports[mask]


#: Categories whose empty end_date means "still in force" rather than "one day".
OPEN_ENDED = {"border_restriction", "border_closure", "migration_law", "regional_ban"}
RESTRICTIONS = {"border_restriction", "border_closure"}


def event_last_day(events: pd.DataFrame) -> pd.Series:
    """The last day each event lasted or was in force (open-ended measures: far future)."""
    open_ended = events["category"].isin(OPEN_ENDED) & events["end_date"].isna()
    last = events["end_date"].fillna(events["date"])
    return last.mask(open_ended, pd.Timestamp.max.normalize())


def select_events(events: pd.DataFrame, state: Filters) -> pd.DataFrame:
    """Events that happened, or were in force, during the date range."""
    start, end = pd.Timestamp(state.start), pd.Timestamp(state.end)
    return events[(events["date"] <= end) & (event_last_day(events) >= start)]


def restrictions_in_force(events: pd.DataFrame, state: Filters) -> pd.DataFrame:
    """Border restrictions and closures by other countries in force during the date range."""
    return restrictions(select_events(events, state))


def restrictions(events: pd.DataFrame) -> pd.DataFrame:
    """The border restrictions and closures by other countries among ``events``."""
    return events[events["category"].isin(RESTRICTIONS) & (events["country_iso3"] != "RUS")]


#: Days marked across every timeline panel (if an event of a key category falls on them).
KEY_DAYS = {date(2022, 2, 24), DECREE_DAY, date(2022, 10, 28), date(2022, 10, 31), CROCUS_DAY}


def data_bounds(reports: pd.DataFrame, events: pd.DataFrame) -> tuple[date, date]:
    """First and last day covered by any report or event."""
    first = min(reports["period_start"].min(), events["date"].min())
    last = max(reports["period_end"].max(), events["date"].max())
    return first.date(), last.date()
