"""The headline rule to the letter, on hand-made reports: candidates at the edges of the
range, stocks, parts and wholes, the words of "why", the order of the cards, the metrics a
range opens with, arrivals against departures, and the figures that size crossings."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from conftest import reports_frame
from exodus.data import authority
from exodus.derive import headlines

BODIES = pd.DataFrame([
    {"name": "Border guard", "kind": "border_authority", "country_iso3": "KAZ"},
    {"name": "Ministry", "kind": "government", "country_iso3": "KAZ"},
    {"name": "Outlet", "kind": "media_count", "country_iso3": "ALL"},
    {"name": "Unnamed", "kind": "anonymous", "country_iso3": "ALL"},
])
SEP = (date(2022, 9, 21), date(2022, 9, 27))


def frame(*rows: dict) -> pd.DataFrame:
    base = reports_frame([{"measure": "period_total", "qualifier": "exact", "reporting_body": "Border guard"} | r for r in rows])
    return authority.annotate(base.drop(columns=authority.COLUMNS), BODIES)


def ids(found) -> list[str]:
    return sorted(found["id"])


@pytest.mark.parametrize("start, end, kept", [
    ("2022-09-21", "2022-09-21", True),  # one day, the range's first
    ("2022-09-27", "2022-09-27", True),  # one day, the range's last
    ("2022-09-20", "2022-09-20", False),
    ("2022-09-28", "2022-09-28", False),
    ("2022-09-14", "2022-09-27", True),  # 7 of 14 days inside: exactly half
    ("2022-09-13", "2022-09-27", False),  # 7 of 15
    ("2022-09-21", "2022-10-04", True),
])
def test_a_candidate_has_at_least_half_its_days_in_the_range(start, end, kept):
    rows = frame(dict(id="k-1", period_start=start, period_end=end, reported_on="2022-12-31"))
    assert ids(headlines.candidates(rows, *SEP, "arrivals")) == (["k-1"] if kept else [])


def test_a_stock_metric_takes_levels_on_a_day_and_nothing_else():
    rows = frame(dict(id="k-level", metric="registered_migrants", measure="stock", period_start="2022-09-25", period_end="2022-09-25"),
                 dict(id="k-total", metric="registered_migrants", measure="period_total"),
                 dict(id="k-arr-stock", metric="arrivals", measure="stock", period_start="2022-09-25", period_end="2022-09-25"))
    assert ids(headlines.candidates(rows, *SEP, "registered_migrants")) == ["k-level"]
    assert ids(headlines.candidates(rows, *SEP, "arrivals")) == []


def test_a_part_gives_way_to_its_whole_and_stands_when_the_whole_is_no_candidate():
    rows = frame(dict(id="k-whole", value="100"), dict(id="k-part", value="40", part_of="k-whole"))
    assert ids(headlines.candidates(rows, *SEP, "arrivals")) == ["k-whole"]
    best = headlines.pick(rows, *SEP, "arrivals").iloc[0]
    assert (best["id"], best["n_reports"]) == ("k-whole", 1)
    alone = frame(dict(id="k-whole", value="100", period_start="2022-01-01", period_end="2022-12-31"),
                  dict(id="k-part", value="40", part_of="k-whole"))
    assert ids(headlines.candidates(alone, *SEP, "arrivals")) == ["k-part"]


def test_the_spread_reaches_to_the_top_of_a_range():
    rows = frame(dict(id="k-exact", value="100"), dict(id="k-range", value="50", qualifier="range", value_high="300", reporting_body="Outlet"))
    best = headlines.pick(rows, *SEP, "arrivals").iloc[0]
    assert best["id"] == "k-exact"
    assert (best["spread_low"], best["spread_low_id"], best["spread_low_body"]) == (50.0, "k-range", "Outlet")
    assert (best["spread_high"], best["spread_high_id"], best["spread_high_body"]) == (300.0, "k-range", "Outlet")


@pytest.mark.parametrize("rivals, tail", [
    (0, "published 2022-09-27"),
    (1, "published 2022-09-27; preferred to 1 other unflagged report"),
    (2, "published 2022-09-27; preferred to 2 other unflagged reports"),
])
def test_why_counts_the_reports_it_was_preferred_to(rivals, tail):
    others = [dict(id=f"k-other-{i}", reporting_body="Outlet", value=str(10 + i)) for i in range(rivals)]
    rows = frame(dict(id="k-best"), dict(id="k-flagged", reporting_body="Unnamed"), *others)
    best = headlines.pick(rows, *SEP, "arrivals").iloc[0]
    assert best["id"] == "k-best"
    assert best["why"] == f"kind of body: border or statistics authority; 7 of the range's 7 days covered, 0 outside; {tail}"


def test_cards_come_strongest_kind_first_then_larger_figure_with_the_rows_columns():
    rows = frame(dict(id="g-1", destination_iso3="GEO", value="10"), dict(id="f-1", destination_iso3="FIN", value="30"),
                 dict(id="k-1", destination_iso3="KAZ", value="500", reporting_body="Outlet"), dict(id="a-1", destination_iso3="ARM", value="10"))
    best = headlines.pick(rows, *SEP, "arrivals")
    assert list(best["id"]) == ["f-1", "a-1", "g-1", "k-1"]
    assert list(best.columns) == list(rows.columns) + headlines.EXPLAIN_COLUMNS
    assert list(best.index) == [0, 1, 2, 3]


def test_nothing_to_pick_gives_an_empty_frame_with_the_columns():
    rows = frame(dict(id="k-1", reporting_body="Unnamed"))
    empty = headlines.pick(rows, *SEP, "arrivals")
    assert empty.empty and list(empty.columns) == list(rows.columns) + headlines.EXPLAIN_COLUMNS


def test_metrics_with_headlines_in_the_order_offered_and_only_in_the_range():
    rows = frame(dict(id="k-dep", metric="deportations"), dict(id="k-arr", metric="arrivals"),
                 dict(id="k-onw", metric="onward_departures"), dict(id="k-vis", metric="visas_issued"),
                 dict(id="k-oth", metric="other"), dict(id="k-flag", metric="returnees", reporting_body="Unnamed"),
                 dict(id="k-old", metric="entry_bans", period_start="2022-01-01", period_end="2022-01-31"))
    assert headlines.metrics_with_headlines(rows, *SEP) == ["arrivals", "onward_departures", "deportations", "visas_issued"]
    assert headlines.metrics_with_headlines(rows, date(2023, 1, 1), date(2023, 1, 31)) == []


@pytest.mark.parametrize("metrics, wave, expected", [
    (["arrivals", "deportations"], "mobilization_2022", ["arrivals"]),
    (["returnees", "deportations", "arrivals"], "crocus_2024", ["deportations", "returnees"]),
    (["entry_bans", "departures"], "crocus_2024", ["entry_bans"]),
    (["entry_bans", "departures"], "mobilization_2022", ["departures"]),
    (["entry_bans", "departures"], "no_such_wave", ["departures"]),
    (["visas_issued", "asylum_applications"], "mobilization_2022", ["asylum_applications"]),
    ([], "mobilization_2022", []),
])
def test_the_metrics_a_range_opens_with(metrics, wave, expected):
    rows = frame(*[dict(id=f"k-{i}", metric=m) for i, m in enumerate(metrics)],
                 dict(id="k-before", metric="returnees", period_start="2022-01-01", period_end="2022-01-31"))
    assert headlines.default_metrics(rows, *SEP, wave) == expected


@pytest.mark.parametrize("start, wave", [
    (date(2024, 3, 21), "mobilization_2022"), (date(2024, 3, 22), "crocus_2024"), (date(2024, 3, 23), "crocus_2024"),
])
def test_the_wave_of_a_range(start, wave):
    assert headlines.wave_of(start, date(2024, 3, 22)) == wave


def pair(**changes):
    """Arrivals and onward departures of one body over one period."""
    base = dict(measure="period_total", reporting_body="Ministry", source_url="https://example.org/a")
    arrived = base | dict(id="k-in", metric="arrivals", value="100") | changes.pop("arrived", {})
    left = base | dict(id="k-out", metric="onward_departures", value="60") | changes.pop("left", {})
    return arrived, left


def test_in_and_out_row_word_for_word():
    arrived, left = pair(left={"qualifier": "about", "disputed": "double counted"})
    got = headlines.in_and_out(frame(arrived, left), *SEP)
    assert list(got.columns) == headlines.IN_OUT_COLUMNS and list(got.index) == [0]
    row = got.iloc[0].to_dict()
    assert row == {
        "destination_iso3": "KAZ", "period_start": pd.Timestamp("2022-09-21"), "period_end": pd.Timestamp("2022-09-27"),
        "population": "russian_citizens", "unit": "people", "reporting_body": "Ministry", "arrived": 100.0,
        "arrived_qualifier": "exact", "arrived_id": "k-in", "left": 60.0, "left_qualifier": "about", "left_id": "k-out",
        "difference": 40.0, "direction": "more arrived than left", "approximate": True, "flagged": True,
        "source_url": "https://example.org/a",
    }


@pytest.mark.parametrize("changes", [
    dict(arrived={"qualifier": "range", "value_high": "200"}),
    dict(arrived={"crossing_id": "verkhny-lars"}, left={"crossing_id": "verkhny-lars"}),
    dict(arrived={"measure": "daily"}, left={"measure": "daily"}),
    dict(arrived={"period_start": "2022-09-01", "period_end": "2022-09-10"}, left={"period_start": "2022-09-01", "period_end": "2022-09-10"}),
    dict(arrived={"period_start": "2022-09-12", "period_end": "2022-09-27"}, left={"period_start": "2022-09-12", "period_end": "2022-09-27"}),
    dict(left={"reporting_body": "Outlet", "source_url": "https://example.org/b"}),
])
def test_in_and_out_leaves_out_what_cannot_be_compared(changes):
    assert headlines.in_and_out(frame(*pair(**changes)), *SEP).empty


@pytest.mark.parametrize("changes, found", [
    (dict(arrived={"period_start": "2022-09-18", "period_end": "2022-09-27"}, left={"period_start": "2022-09-18", "period_end": "2022-09-27"}), 1),
    (dict(arrived={"period_start": "2022-09-15", "period_end": "2022-09-27"}, left={"period_start": "2022-09-15", "period_end": "2022-09-27"}), 1),
    (dict(arrived={"period_start": "2022-09-27", "period_end": "2022-09-27"}, left={"period_start": "2022-09-27", "period_end": "2022-09-27"}), 1),
    (dict(arrived={"period_start": "2022-09-21", "period_end": "2022-09-21"}, left={"period_start": "2022-09-21", "period_end": "2022-09-21"}), 1),
    (dict(left={"source_url": "https://example.org/b"}), 1),  # same body, another page
    (dict(left={"reporting_body": "Outlet"}), 1),  # same page, another body
])
def test_in_and_out_pairs_the_same_body_or_page_with_half_the_days_inside(changes, found):
    assert len(headlines.in_and_out(frame(*pair(**changes)), *SEP)) == found


def test_an_even_result_counts_as_more_arrived_and_one_pair_does_not_stop_the_next():
    arrived, left = pair(left={"value": "100"})
    other = dict(left, id="k-out-0", reporting_body="Outlet", source_url="https://example.org/z")
    got = headlines.in_and_out(frame(arrived, other, left), *SEP)
    assert list(got["left_id"]) == ["k-out"]
    assert (got.iloc[0]["difference"], got.iloc[0]["direction"], got.iloc[0]["approximate"], got.iloc[0]["flagged"]) == (
        0.0, "more arrived than left", False, False)
    fewer = headlines.in_and_out(frame(*pair(left={"value": "150"})), *SEP).iloc[0]
    assert (fewer["difference"], fewer["direction"]) == (50.0, "more left than arrived")


def test_no_pair_gives_an_empty_frame_with_the_columns():
    got = headlines.in_and_out(frame(dict(id="k-1", metric="deportations")), *SEP)
    assert got.empty and list(got.columns) == headlines.IN_OUT_COLUMNS


def test_crossings_are_sized_by_their_largest_unflagged_count():
    rows = frame(
        dict(id="c-small", crossing_id="verkhny-lars", value="10"),
        dict(id="c-big", crossing_id="verkhny-lars", value="500", measure="daily", period_start="2022-09-25", period_end="2022-09-25"),
        dict(id="c-flag", crossing_id="verkhny-lars", value="9000", reporting_body="Unnamed"),
        dict(id="c-pct", crossing_id="verkhny-lars", value="800", measure="change_pct", unit="percent"),
        dict(id="c-km", crossing_id="verkhny-lars", value="9999", unit="km"),
        dict(id="c-cars", crossing_id="vaalimaa-torfyanovka", value="300", unit="vehicles"),
        dict(id="c-trips", crossing_id="upper-lars", value="20", unit="crossings"),
        dict(id="c-tie-late", crossing_id="upper-lars", value="20", unit="crossings", period_end="2022-09-28"),
        dict(id="c-tie-a", crossing_id="upper-lars", value="20", unit="crossings"),
        dict(id="k-country", value="99999"),
    )
    got = headlines.by_crossing(rows)
    assert list(got["crossing_id"]) == ["upper-lars", "vaalimaa-torfyanovka", "verkhny-lars"]
    assert list(got["id"]) == ["c-tie-a", "c-cars", "c-big"]
    assert list(got.index) == [0, 1, 2] and list(got.columns) == list(rows.columns)


@pytest.mark.parametrize("start, end, found", [
    ("2022-09-14", "2022-09-27", 1),  # 7 of 14 days inside: exactly half
    ("2022-09-13", "2022-09-27", 0),  # 7 of 15
    ("2022-09-24", "2022-10-10", 0),  # 4 of 17: the days after the range do not count
    ("2022-09-21", "2022-10-04", 1),  # 7 of 14, running past the range's end
])
def test_in_and_out_needs_half_of_each_pairs_days_inside(start, end, found):
    days = {"period_start": start, "period_end": end}
    assert len(headlines.in_and_out(frame(*pair(arrived=days, left=days)), *SEP)) == found


def test_why_says_one_day_in_the_singular():
    day = date(2022, 9, 21)
    rows = frame(dict(id="k-1", period_start="2022-09-21", period_end="2022-09-21", reported_on="2022-09-22"))
    assert headlines.pick(rows, day, day, "arrivals").iloc[0]["why"] == (
        "kind of body: border or statistics authority; 1 of the range's 1 day covered, 0 outside; published 2022-09-22")
