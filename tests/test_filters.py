"""URL parameters become valid filters, with a notice for everything ignored."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from exodus.derive import filters as flt

BOUNDS = (date(2022, 2, 24), date(2025, 8, 17))
DESTS = {"GEO", "KAZ", "FIN"}
METRICS = {"arrivals", "deportations"}


def parse(**params):
    return flt.from_query(params, BOUNDS, DESTS, METRICS)


def test_no_parameters_give_the_default_preset():
    state, notices = parse()
    assert (state.start, state.end, state.preset) == (date(2022, 9, 1), date(2022, 10, 31), "mobilization")
    assert notices == []


@pytest.mark.parametrize("preset, span", [
    ("crocus", (date(2024, 3, 22), BOUNDS[1])),
    ("all", BOUNDS),
    ("mobilization", (date(2022, 9, 1), date(2022, 10, 31))),
])
def test_presets(preset, span):
    state, notices = parse(preset=preset)
    assert (state.start, state.end) == span and notices == []


def test_custom_range_and_codes_round_trip():
    state, notices = parse(**{"from": "2022-09-21", "to": "2022-10-05", "dest": "geo,KAZ", "pop": "russian", "metric": "arrivals"})
    assert notices == []
    assert state == flt.Filters(date(2022, 9, 21), date(2022, 10, 5), "custom", ("GEO", "KAZ"), ("russian",), ("arrivals",))
    again, _ = flt.from_query(flt.to_query(state), BOUNDS, DESTS, METRICS)
    assert again == state


@pytest.mark.parametrize("params, notice", [
    ({"from": "2022-10-05", "to": "2022-09-21"}, "the end is before the start"),
    ({"from": "yesterday"}, "Ignored the date “yesterday”"),
    ({"from": "2022-02-30"}, "Ignored the date “2022-02-30”"),
    ({"from": "1990-01-01", "to": "1990-02-01"}, "there is no data between those dates"),
    ({"dest": "XXX,GEO"}, "Ignored unknown destination(s): “XXX”"),
    ({"pop": "martians"}, "Ignored unknown population(s)"),
    ({"metric": "<script>"}, "Ignored unknown metric(s)"),
    ({"preset": "nope"}, "Ignored unknown preset “nope”"),
    ({"zoom": "3"}, "Ignored unknown URL parameter(s): zoom"),
])
def test_bad_parameters_are_ignored_with_a_notice(params, notice):
    state, notices = parse(**params)
    assert any(notice in n for n in notices), notices
    assert state.start <= state.end
    assert set(state.destinations) <= DESTS


def test_range_is_trimmed_to_the_data():
    state, notices = parse(**{"from": "2020-01-01", "to": "2022-03-10"})
    assert (state.start, state.end) == (BOUNDS[0], date(2022, 3, 10))
    assert any("Trimmed" in n for n in notices)


def test_very_long_parameters_are_cut():
    state, notices = parse(dest="A" * 10_000)
    assert state.destinations == ()
    assert all(len(n) < 300 for n in notices)


def test_list_values_as_streamlit_gives_them():
    state, _ = flt.from_query({"preset": ["crocus", "all"]}, BOUNDS, DESTS, METRICS)
    assert state.preset == "crocus"


def frame(rows):
    df = pd.DataFrame(rows)
    for c in ("period_start", "period_end"):
        df[c] = pd.to_datetime(df[c])
    return df


def test_select_keeps_reports_overlapping_the_range():
    reports = frame([
        dict(id="a", period_start="2022-09-01", period_end="2022-09-10", destination_iso3="GEO", population="russian_citizens", metric="arrivals"),
        dict(id="b", period_start="2022-09-11", period_end="2022-09-20", destination_iso3="KAZ", population="tajik_citizens", metric="arrivals"),
        dict(id="c", period_start="2022-08-01", period_end="2022-12-31", destination_iso3="FIN", population="russian_citizens", metric="deportations"),
    ])
    state = flt.Filters(date(2022, 9, 10), date(2022, 9, 11))
    assert list(flt.select(reports, state)["id"]) == ["a", "b", "c"]
    assert list(flt.select(reports, flt.Filters(date(2022, 9, 12), date(2022, 9, 30), populations=("russian",)))["id"]) == ["c"]
    assert list(flt.select(reports, flt.Filters(date(2022, 9, 1), date(2022, 9, 30), metrics=("arrivals",), destinations=("KAZ",)))["id"]) == ["b"]


def test_open_ended_restrictions_stay_in_force():
    events = pd.DataFrame({
        "id": ["r", "s", "t"], "category": ["border_restriction", "statement", "border_closure"],
        "date": pd.to_datetime(["2022-09-19", "2022-09-19", "2022-01-01"]),
        "end_date": pd.to_datetime([None, None, "2022-02-01"]), "country_iso3": ["EST", "RUS", "FIN"], "title": ["r", "s", "t"],
    })
    later = flt.Filters(date(2023, 1, 1), date(2023, 2, 1))
    assert list(flt.restrictions_in_force(events, later)["id"]) == ["r"]
    assert list(flt.select_events(events, later)["id"]) == ["r"]
    assert list(flt.select_events(events, flt.Filters(date(2022, 9, 19), date(2022, 9, 19)))["id"]) == ["r", "s"]
