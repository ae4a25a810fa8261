"""The headline rule: which report stands for a destination, and why.

Synthetic rows pin the order of the rule; the shipped data pins what a reader sees first
for both waves and for one destination.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from conftest import ROOT, reports_frame, run_app
from exodus.data import authority
from exodus.derive import headlines
from exodus.view import report
from exodus.charts import tables
from exodus.derive import filters as flt

BODIES = pd.DataFrame([
    {"name": "Border guard", "kind": "border_authority", "country_iso3": "KAZ"},
    {"name": "Ministry", "kind": "government", "country_iso3": "KAZ"},
    {"name": "Agency", "kind": "international", "country_iso3": "EUU"},
    {"name": "Outlet", "kind": "media_count", "country_iso3": "ALL"},
    {"name": "Unnamed", "kind": "anonymous", "country_iso3": "ALL"},
    {"name": "Forecaster", "kind": "forecast", "country_iso3": "ALL"},
    {"name": "Neighbour's border guard", "kind": "border_authority", "country_iso3": "RUS"},
])
SEP = (date(2022, 9, 21), date(2022, 9, 27))


def frame(*rows: dict) -> pd.DataFrame:
    """Typed report rows, classified with the synthetic bodies above."""
    base = reports_frame([{"measure": "period_total", "qualifier": "exact"} | r for r in rows])
    return authority.annotate(base.drop(columns=authority.COLUMNS), BODIES)


def chosen(rows: pd.DataFrame, metric: str = "arrivals", span=SEP) -> str:
    best = headlines.pick(rows, span[0], span[1], metric)
    return best.loc[best["destination_iso3"] == "KAZ", "id"].item()


def test_an_anonymous_larger_figure_loses_to_an_official_smaller_one():
    rows = frame(dict(id="k-big", value="1000000", reporting_body="Unnamed"),
                 dict(id="k-small", value="98000", reporting_body="Border guard"))
    best = headlines.pick(rows, *SEP, "arrivals").iloc[0]
    assert best["id"] == "k-small" and best["value"] == 98000
    assert (best["n_reports"], best["n_flagged"]) == (2, 1)
    assert (best["spread_low"], best["spread_low_body"]) == (98000, "Border guard")
    assert (best["spread_high"], best["spread_high_body"], best["spread_high_id"]) == (1000000, "Unnamed", "k-big")
    assert tables.spread_text(best) == "2 reports for this destination range from 98,000 (Border guard) to 1,000,000 (Unnamed); 1 of them flagged"


@pytest.mark.parametrize("flag", [dict(reporting_body="Forecaster"), dict(reporting_body="Unnamed"),
                                  dict(reporting_body="Border guard", disputed="counted twice")])
def test_a_forecast_an_unnamed_source_or_a_disputed_row_never_wins_even_alone(flag):
    rows = frame(dict(id="k-flag", value="500000") | flag)
    assert rows["flagged"].item()
    assert headlines.pick(rows, *SEP, "arrivals").empty
    rows = frame(dict(id="k-flag", value="500000") | flag,
                 dict(id="k-outlet", value="1000", reporting_body="Outlet", period_start="2022-09-01", period_end="2022-09-27"))
    assert chosen(rows, span=(date(2022, 9, 1), date(2022, 9, 30))) == "k-outlet"


def test_the_flag_says_why_in_plain_words():
    rows = frame(dict(id="k-a", reporting_body="Unnamed"), dict(id="k-b", reporting_body="Forecaster"),
                 dict(id="k-c", reporting_body="Ministry", disputed="window unclear"), dict(id="k-d", reporting_body="Ministry"))
    assert list(rows.sort_values("id")["flag_reason"]) == [
        "anonymous source", "forecast or estimate, not a count", "disputed: window unclear", ""]


# Each case: two reports; the first always wins, and the comment names the step that decides.
ORDER_CASES = {
    "stronger kind beats a better fit": (
        dict(reporting_body="Ministry", value="5"),
        dict(reporting_body="Agency", value="9")),
    "border authority beats a government body": (
        dict(reporting_body="Border guard", period_start="2022-09-22", period_end="2022-09-27", value="5"),
        dict(reporting_body="Ministry", value="9")),
    "more days inside the range": (
        dict(period_start="2022-09-21", period_end="2022-09-27"),
        dict(period_start="2022-09-24", period_end="2022-09-27", value="999999")),
    "then fewer days outside it": (
        dict(period_start="2022-09-21", period_end="2022-09-30"),
        dict(period_start="2022-09-18", period_end="2022-09-30")),
    "then the latest publication": (
        dict(reported_on="2022-10-05", value="1"),
        dict(reported_on="2022-09-28", value="2")),
}


@pytest.mark.parametrize("case", list(ORDER_CASES))
def test_the_rule_orders_by_kind_then_fit_then_publication(case):
    winner, loser = ORDER_CASES[case]
    rows = frame(dict(id="k-win", reporting_body="Border guard") | winner, dict(id="k-lose", reporting_body="Border guard") | loser)
    assert chosen(rows) == "k-win"
    swapped = frame(dict(id="k-lose", reporting_body="Border guard") | loser, dict(id="k-win", reporting_body="Border guard") | winner)
    assert chosen(swapped) == "k-win"  # row order never matters


def test_a_border_authority_counting_for_another_country_ranks_as_a_government_body():
    rows = frame(dict(id="k-fsb", reporting_body="Neighbour's border guard", value="1"),
                 dict(id="k-min", reporting_body="Ministry", value="2", reported_on="2022-10-01"))
    assert list(rows.sort_values("id")["authority_kind"]) == ["government", "government"]
    assert chosen(rows) == "k-min"  # same kind and fit: the later publication
    tally = frame(dict(id="k-all", reporting_body="Neighbour's border guard", destination_iso3="ALL"))
    assert tally["authority_kind"].item() == "border_authority"


def test_only_whole_country_totals_in_people_with_half_their_days_inside_are_candidates():
    rows = frame(dict(id="k-total"), dict(id="k-day", measure="daily", value="999999"),
                 dict(id="k-trips", unit="crossings", value="999999"), dict(id="k-point", crossing_id="verkhny-lars", value="999999"),
                 dict(id="k-year", period_start="2022-01-01", period_end="2022-12-31", value="999999"))
    got = headlines.candidates(rows, *SEP, "arrivals")
    assert list(got["id"]) == ["k-total"]
    assert (got["days_inside"].item(), got["days_outside"].item()) == (7, 0)


def test_spread_never_mixes_populations():
    rows = frame(dict(id="k-all", value="100"), dict(id="k-it", value="900000", population="it_specialists"))
    best = headlines.pick(rows, *SEP, "arrivals").iloc[0]
    assert best["id"] == "k-all" and best["n_reports"] == 1 and best["spread_high"] == 100


# --- the shipped data -------------------------------------------------------------

MOBILIZATION = (date(2022, 9, 1), date(2022, 10, 31))


@pytest.fixture(scope="module")
def shipped():
    from exodus.data.load import load_all

    return load_all()


@pytest.fixture(scope="module")
def reports(shipped):
    return shipped["departures"]


def test_2022_headlines_are_official_counts_not_the_loudest_claims(reports):
    best = headlines.pick(reports, *MOBILIZATION, "arrivals").set_index("destination_iso3")
    georgia = best.loc["GEO"]
    assert georgia["id"] == "m22-geo-035" and georgia["value"] == 222274  # the ministry's September count
    assert georgia["reporting_body"] == "Georgia Ministry of Internal Affairs" and georgia["authority_kind"] == "border_authority"
    assert (georgia["spread_high"], georgia["spread_high_id"]) == (700000, "m22-geo-038")  # the president's figure stays in the spread
    assert (georgia["days_inside"], georgia["days_outside"]) == (30, 0)
    # the About page's worked example
    assert (georgia["n_reports"], georgia["n_flagged"], georgia["spread_low"]) == (6, 1, 6109)
    about = (ROOT / "exodus" / "app" / "texts" / "about.md").read_text(encoding="utf-8")
    assert "**222,274**" in about and "6 reports for\nthis destination range from 6,109 to 700,000, one of them flagged" in about
    assert best.loc["KAZ", "id"] == "m22-kaz-014" and best.loc["KAZ", "value"] == 406000
    assert best.loc["EUU", "reporting_body"] == "Frontex" and best.loc["EUU", "rank"] == authority.RANK["international"]
    assert (best["rank"] <= authority.RANK["international"]).all()
    assert not best["flagged"].any()


def test_2022_departures_never_lead_with_the_anonymous_million(reports):
    best = headlines.pick(reports, *MOBILIZATION, "departures").set_index("destination_iso3")
    assert best.loc["ALL", "id"] not in {"m22-all-004", "m22-all-005", "m22-all-006"}
    assert best.loc["ALL", "value"] < 1000000
    assert best.loc["ALL", "spread_high"] == 1000000 and best.loc["ALL", "spread_high_id"] == "m22-all-006"


def test_2022_opens_on_arrivals_and_the_crocus_range_on_removals_and_returnees(shipped, reports):
    bounds = flt.data_bounds(reports, shipped["events"])
    crocus = flt.preset_range("crocus", bounds)
    assert headlines.default_metrics(reports, *MOBILIZATION, "mobilization_2022") == ["arrivals"]
    assert headlines.default_metrics(reports, *crocus, "crocus_2024") == ["deportations", "returnees"]
    removals = headlines.pick(reports, *crocus, "deportations").set_index("destination_iso3")
    assert removals.loc["ALL", "id"] == "c24-all-027" and removals.loc["ALL", "value"] == 157000
    assert removals.loc["ALL", "reporting_body"] == "Russian Interior Ministry"
    every = pd.concat([headlines.pick(reports, *crocus, m) for m in ("deportations", "returnees")])
    assert not set(every["id"]) & {"c24-rus-062", "c24-all-029"}  # routine traffic of all foreigners is no card
    assert every["value"].max() < 1_000_000


@pytest.mark.parametrize("preset", list(flt.PRESETS))
def test_every_preset_opens_the_map_on_a_metric_with_figures(shipped, reports, preset):
    bounds = flt.data_bounds(reports, shipped["events"])
    start, end = flt.preset_range(preset, bounds)
    state = flt.Filters(start, end, preset)
    rows = flt.select(reports, state, flt.CHART_SHARE)
    metric = report.default_map_metric(rows, state)
    assert not headlines.pick(rows, start, end, metric).empty, (preset, metric)


def test_one_destination_finland_in_the_first_week(reports):
    finland = reports[reports["destination_iso3"] == "FIN"]
    best = headlines.pick(finland, *SEP, "arrivals").iloc[0]
    assert best["id"] == "m22-fin-025" and best["value"] == 50655  # the Border Guard's own week, 21-27 Sep
    assert (best["days_inside"], best["days_outside"]) == (7, 0)
    assert best["why"].startswith("kind of body: border or statistics authority; 7 of the range's 7 days covered, 0 outside")
    others = headlines.candidates(finland, *SEP, "arrivals")
    assert {"m22-fin-001", "m22-fin-002", "m22-fin-028"} <= set(others["id"])  # 43,000, 44,000 and Frontex's 30,000 lose
    assert best["n_reports"] == len(others)


def test_in_and_out_shows_both_directions_and_the_difference_never_as_emigration(reports):
    pairs = headlines.in_and_out(reports, *MOBILIZATION).set_index("arrived_id")
    georgia = pairs.loc["m22-geo-021"]
    assert (georgia["left_id"], georgia["arrived"], georgia["left"]) == ("m22-geo-022", 78742, 62120)
    assert (georgia["difference"], georgia["direction"], georgia["approximate"]) == (16622, "more arrived than left", False)
    assert pairs.loc["m22-kaz-011", "direction"] == "more left than arrived"
    assert pairs.loc["m22-euu-010", "difference"] == 28164 - 25651
    assert pairs.loc["m22-kaz-001", "approximate"]  # 'about' 98,000 in, 'over' 64,000 out
    shown = tables.in_out_table(pairs.reset_index())
    assert not shown.astype(str).apply(lambda c: c.str.contains("emigra", case=False)).any().any()
    assert "16,622 more arrived than left" in set(shown["Difference (derived)"])


# --- what the page shows (AppTest, no browser) --------------------------------------


_page = run_app


def test_the_first_screen_leads_with_the_ministry_count_not_the_loudest_claim():
    at = _page()
    cards = {m.label: m.value for m in at.metric}
    assert cards["Georgia"] == "222,274" and cards["Kazakhstan"] == "406,000"
    assert "700,000" not in cards.values() and "1,000,000" not in cards.values()
    text = " ".join(m.value for m in at.markdown)
    assert "6 reports for this destination range from 6,109 (Georgia Ministry of Internal Affairs) to 700,000" in text.replace("\\", "")
    assert at.multiselect[0].value == ["arrivals"]


def test_the_crocus_view_says_why_departures_are_missing_and_shows_removals():
    at = _page(preset="crocus")
    assert any("almost no one counts people leaving Russia" in i.value for i in at.info)
    assert at.multiselect[0].value == ["deportations", "returnees"]
    cards = {m.label: m.value for m in at.metric}
    assert cards["All destinations"] == "157,000"
    assert "9,500,000" not in cards.values() and "9,300,000" not in cards.values()
    assert at.selectbox(key="map_metric").value == "deportations"


def test_a_row_id_in_the_search_opens_that_row_whatever_the_filters():
    at = _page(preset="crocus")
    at.switch_page("pages/data_sources.py").run()
    at.text_input(key="data_search").set_value("m22-geo-035").run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert list(shown["Id"]) == ["m22-geo-035"]


def test_a_part_gives_way_to_its_whole_but_stands_alone_when_the_whole_is_out_of_range():
    rows = frame(dict(id="k-year", value="87000", period_start="2024-01-01", period_end="2024-12-31", wave="crocus_2024",
                      reported_on="2025-02-17", metric="deportations"),
                 dict(id="k-city", value="2200", period_start="2024-01-01", period_end="2024-12-31", wave="crocus_2024",
                      reported_on="2025-02-17", metric="deportations", part_of="k-year"),
                 dict(id="k-july", value="485000", period_start="2022-07-01", period_end="2022-07-31", part_of="k-summer"),
                 dict(id="k-summer", value="1200000", period_start="2022-06-01", period_end="2022-08-31"))
    year = headlines.pick(rows, date(2024, 3, 22), date(2024, 12, 31), "deportations").iloc[0]
    assert (year["id"], year["n_reports"], year["spread_low"]) == ("k-year", 1, 87000)  # the city's 2,200 is no low end
    july = headlines.pick(rows, date(2022, 7, 1), date(2022, 7, 31), "arrivals").iloc[0]
    assert july["id"] == "k-july"  # the summer total has too few days inside July to stand for it


def test_tables_show_the_flag_and_the_kind_of_page(reports):
    shown = tables.figures_table(reports[reports["id"].isin(["m22-all-006", "m22-all-001", "m22-geo-035"])]).set_index("Id")
    assert shown.loc["m22-all-006", "Flag"] == "⚑ anonymous source"
    assert shown.loc["m22-geo-035", "Flag"] == ""
    assert shown.loc["m22-all-001", "Page"] == "republication"
    best = headlines.pick(reports, *MOBILIZATION, "arrivals")
    table = tables.headline_table(best).set_index("Id")
    assert table.loc["m22-geo-035", "Kind of body"] == "border or statistics authority"
    assert table.loc["m22-geo-035", "Why this report"].startswith("kind of body: border or statistics authority; 30 of the range's 61 days")
    assert table.loc["m22-geo-035", "Spread of reports"].startswith("6 reports for this destination range from 6,109")
