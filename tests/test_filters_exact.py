"""Filters to the letter: the exact notices, the exact URL written back, the share rule
of ``select`` at its boundary, which events count as restrictions, and the data's bounds."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from exodus import i18n
from exodus.derive import filters as flt

BOUNDS = (date(2022, 2, 24), date(2025, 8, 17))
DESTS = {"GEO", "KAZ", "FIN"}
METRICS = {"arrivals", "deportations"}


def parse(params):
    return flt.from_query(params, BOUNDS, DESTS, METRICS)


def test_an_empty_list_value_counts_as_absent():
    state, notices = parse({"preset": []})
    assert notices == [] and state == flt.default_filters(BOUNDS)


@pytest.mark.parametrize("params, expected", [
    ({"preset": "nope"}, "Ignored unknown preset “nope”; showing Mobilization wave (Sep–Oct 2022)."),
    ({"from": "2022-09-21", "to": "tomorrow"}, "Ignored the date “tomorrow”: dates must look like 2022-09-21."),
    ({"from": "1990-01-01", "to": "1990-02-01"},
     "Ignored the range 1990-01-01 to 1990-02-01: there is no data between those dates (data covers 2022-02-24 to 2025-08-17)."),
    ({"from": "2020-01-01", "to": "2022-03-10"}, "Trimmed the range to the data's dates (2022-02-24 to 2025-08-17)."),
    ({"b": "1", "a": "2"}, "Ignored unknown URL parameter(s): a, b."),
    ({f"p{i}": "1" for i in range(6)}, "Ignored unknown URL parameter(s): p0, p1, p2, p3, p4."),
    ({"x" * 41: "1"}, f"Ignored unknown URL parameter(s): {'x' * 40}."),
    ({"dest": "XXX,YYY"}, "Ignored unknown destination(s): “XXX”, “YYY”."),
    ({"dest": "Q" * 21}, f"Ignored unknown destination(s): “{'Q' * 20}”."),
    ({"dest": "A1,A2,A3,A4,A5,A6"}, "Ignored unknown destination(s): “A1”, “A2”, “A3”, “A4”, “A5”."),
])
def test_notices_word_for_word(params, expected):
    _, notices = parse(params)
    assert notices == [expected]


def test_only_an_end_date_keeps_the_default_start():
    state, notices = parse({"to": "2022-10-05"})
    assert notices == []
    assert (state.start, state.end, state.preset) == (date(2022, 9, 1), date(2022, 10, 5), "custom")


def test_a_single_day_is_a_valid_range():
    state, notices = parse({"from": "2022-09-21", "to": "2022-09-21"})
    assert notices == [] and (state.start, state.end) == (date(2022, 9, 21), date(2022, 9, 21))


def test_a_range_trimmed_to_the_first_day_of_data_is_kept():
    state, notices = parse({"from": "2020-01-01", "to": "2022-02-24"})
    assert (state.start, state.end) == (BOUNDS[0], BOUNDS[0])
    assert notices == ["Trimmed the range to the data's dates (2022-02-24 to 2025-08-17)."]


def test_dates_that_match_a_preset_are_named_by_it():
    state, _ = parse({"from": "2022-09-01", "to": "2022-10-31"})
    assert state.preset == "mobilization"
    state, _ = parse({"from": "2022-02-24", "to": "2025-08-17"})
    assert state.preset == "all"


def test_to_query_writes_exactly_the_state():
    state = flt.Filters(date(2022, 9, 21), date(2022, 10, 5), "custom", ("GEO", "KAZ"), ("russian", "other"), ("arrivals", "deportations"))
    assert flt.to_query(state) == {
        "preset": "custom", "lang": "en", "from": "2022-09-21", "to": "2022-10-05",
        "dest": "GEO,KAZ", "pop": "russian,other", "metric": "arrivals,deportations",
    }
    assert flt.to_query(flt.Filters(date(2024, 3, 22), date(2025, 8, 17), "crocus", lang="ru")) == {"preset": "crocus", "lang": "ru"}


def reports(*rows):
    df = pd.DataFrame([dict(id=i, period_start=s, period_end=e, destination_iso3=d, population="russian_citizens", metric="arrivals")
                       for i, s, e, d in rows])
    for column in ("period_start", "period_end"):
        df[column] = pd.to_datetime(df[column])
    return df


def test_min_share_keeps_reports_with_at_least_that_share_of_days_in_the_range():
    # range 10-19 Sep; each report lasts 10 days
    frame = reports(
        ("half_before", "2022-09-05", "2022-09-14", "GEO"),  # 5 of 10 days inside
        ("four_before", "2022-09-04", "2022-09-13", "GEO"),  # 4 of 10
        ("half_after", "2022-09-15", "2022-09-24", "GEO"),  # 5 of 10
        ("four_after", "2022-09-16", "2022-09-25", "GEO"),  # 4 of 10
        ("inside", "2022-09-11", "2022-09-12", "GEO"),  # 2 of 2
        ("outside", "2022-08-01", "2022-08-10", "GEO"),
    )
    state = flt.Filters(date(2022, 9, 10), date(2022, 9, 19))
    assert list(flt.select(frame, state, min_share=0.5)["id"]) == ["half_before", "half_after", "inside"]
    assert list(flt.select(frame, state, min_share=0.45)["id"]) == ["half_before", "half_after", "inside"]
    assert list(flt.select(frame, state, min_share=0.4)["id"]) == ["half_before", "four_before", "half_after", "four_after", "inside"]
    assert list(flt.select(frame, state)["id"]) == ["half_before", "four_before", "half_after", "four_after", "inside"]
    assert list(flt.select(frame, state, min_share=1.0)["id"]) == ["inside"]


def test_a_long_report_mostly_outside_the_range_is_left_out():
    frame = reports(("year", "2022-01-01", "2022-12-31", "GEO"), ("week", "2022-09-21", "2022-09-27", "GEO"))
    state = flt.Filters(date(2022, 9, 21), date(2022, 9, 27))
    assert list(flt.select(frame, state, min_share=flt.CHART_SHARE)["id"]) == ["week"]


def test_a_destination_filter_keeps_the_date_filter():
    frame = reports(("in", "2022-09-21", "2022-09-27", "GEO"), ("before", "2021-01-01", "2021-01-02", "GEO"), ("other", "2022-09-21", "2022-09-27", "KAZ"))
    state = flt.Filters(date(2022, 9, 1), date(2022, 9, 30), destinations=("GEO",))
    assert list(flt.select(frame, state)["id"]) == ["in"]
    assert list(flt.select(frame, state, min_share=0.5)["id"]) == ["in"]


def test_restrictions_are_other_countries_border_measures_only():
    events = pd.DataFrame({
        "id": ["est", "rus", "law", "fin"],
        "category": ["border_restriction", "border_restriction", "migration_law", "border_closure"],
        "date": pd.to_datetime(["2022-09-19", "2022-09-20", "2022-09-20", "2022-09-30"]),
        "end_date": pd.to_datetime([None, None, None, None]),
        "country_iso3": ["EST", "RUS", "KAZ", "FIN"], "title": ["a", "b", "c", "d"],
    })
    state = flt.Filters(date(2022, 9, 21), date(2022, 9, 25))
    assert list(flt.restrictions_in_force(events, state)["id"]) == ["est"]
    assert list(flt.select_events(events, state)["id"]) == ["est", "rus", "law"]


def test_data_bounds_span_reports_and_events():
    frame = reports(("a", "2022-03-01", "2022-04-01", "GEO"), ("b", "2022-02-01", "2022-02-10", "KAZ"))
    events = pd.DataFrame({"date": pd.to_datetime(["2022-02-24", "2022-05-01"])})
    assert flt.data_bounds(frame, events) == (date(2022, 2, 1), date(2022, 5, 1))
    later_events = pd.DataFrame({"date": pd.to_datetime(["2022-02-15"])})
    assert flt.data_bounds(frame, later_events) == (date(2022, 2, 1), date(2022, 4, 1))
    early_events = pd.DataFrame({"date": pd.to_datetime(["2021-12-31"])})
    assert flt.data_bounds(frame, early_events) == (date(2021, 12, 31), date(2022, 4, 1))


@pytest.mark.parametrize("params, expected", [
    ({"from": "2022-10-05", "to": "2022-09-21"}, "Ignored the range 2022-10-05 to 2022-09-21: the end is before the start."),
    ({"pop": "martians"}, "Ignored unknown population(s): “martians”."),
    ({"metric": "tourists"}, "Ignored unknown metric(s): “tourists”."),
])
def test_more_notices_word_for_word(params, expected):
    assert parse(params)[1] == [expected]


def test_the_default_filters_are_the_default_preset_in_the_language_asked():
    state = flt.default_filters(BOUNDS, "ru")
    assert (state.preset, state.lang) == (flt.DEFAULT_PRESET, "ru")
    assert (state.start, state.end) == flt.preset_range(flt.DEFAULT_PRESET, BOUNDS)


def test_the_link_language_comes_first_then_the_default_language_then_english():
    assert parse({"lang": "ru"})[0].lang == "ru"
    assert flt.from_query({"lang": "ru"}, BOUNDS, DESTS, METRICS, default_lang="en")[0].lang == "ru"
    assert flt.from_query({}, BOUNDS, DESTS, METRICS, default_lang="ru") == (flt.default_filters(BOUNDS, "ru"), [])
    assert flt.from_query({}, BOUNDS, DESTS, METRICS, default_lang="zz")[0].lang == "en"
    assert flt.from_query({"lang": "en"}, BOUNDS, DESTS, METRICS, default_lang="ru")[0].lang == "en"


def test_an_unknown_language_is_named_cut_to_twenty_characters_in_the_language_shown():
    state, notices = parse({"lang": "k" * 30})
    assert state.lang == "en" and notices == [f"Ignored unknown language “{'k' * 20}”."]
    state, notices = flt.from_query({"lang": "zz"}, BOUNDS, DESTS, METRICS, default_lang="ru")
    with i18n.language("ru"):
        expected = i18n._("Ignored unknown language “{code}”.").format(code="zz")
    assert state.lang == "ru" and notices == [expected] and expected != "Ignored unknown language “zz”."
    assert parse({"lang": "ru"})[1] == [] and parse({"lang": "RU"})[0].lang == i18n.normalise("RU")


def test_notices_are_written_in_the_language_of_the_link():
    with i18n.language("ru"):
        expected = i18n._("Ignored unknown preset “{preset}”; showing {shown}.").format(preset="nope", shown=i18n._(flt.PRESETS[flt.DEFAULT_PRESET][0]))
    assert expected.startswith("Ignored") is False
    assert parse({"lang": "ru", "preset": "nope"})[1] == [expected]
