"""Country profiles: the right rows, best first, and what belongs to the country only."""

from __future__ import annotations

from datetime import date

import pandas as pd

from exodus.derive import filters as flt
from exodus.derive import profile

from conftest import reports_frame

WEEK = flt.Filters(date(2022, 9, 21), date(2022, 9, 27), "custom")


def test_period_fit_counts_days_inside_and_outside():
    rows = reports_frame([
        dict(id="m22-geo-001", destination_iso3="GEO", period_start="2022-09-21", period_end="2022-09-27"),
        dict(id="m22-geo-002", destination_iso3="GEO", period_start="2022-09-01", period_end="2022-09-30"),
        dict(id="m22-geo-003", destination_iso3="GEO", period_start="2022-09-25", period_end="2022-10-04"),
    ])
    fit = profile.period_fit(rows, WEEK.start, WEEK.end).set_index("id")
    assert fit.loc["m22-geo-001", ["days_inside", "days_outside"]].tolist() == [7, 0]
    assert fit.loc["m22-geo-002", ["days_inside", "days_outside"]].tolist() == [7, 23]
    assert fit.loc["m22-geo-003", ["days_inside", "days_outside"]].tolist() == [3, 7]


def test_order_follows_the_headline_rule():
    rows = reports_frame([
        dict(id="m22-geo-001", destination_iso3="GEO", period_start="2022-09-01", period_end="2022-09-30", value="222274"),
        dict(id="m22-geo-002", destination_iso3="GEO", period_start="2022-09-21", period_end="2022-09-27", reported_on="2022-09-28"),
        dict(id="m22-geo-003", destination_iso3="GEO", period_start="2022-09-21", period_end="2022-09-27", reported_on="2022-10-02"),
        dict(id="m22-geo-004", destination_iso3="GEO", period_start="2022-09-25", period_end="2022-09-25"),
    ])
    ordered = profile.ordered(rows, WEEK.start, WEEK.end)
    # The month has 7 of its 30 days in the week: under half, so it could not be a headline
    # for the week and comes after every report that could; the later of two equal weeks leads.
    assert ordered["id"].tolist() == ["m22-geo-003", "m22-geo-002", "m22-geo-004", "m22-geo-001"]
    assert ordered["candidate"].tolist() == [True, True, True, False]


def test_stronger_body_comes_first_among_candidates():
    rows = reports_frame([
        dict(id="m22-geo-001", destination_iso3="GEO", period_start="2022-09-21", period_end="2022-09-27"),
        dict(id="m22-geo-002", destination_iso3="GEO", period_start="2022-09-20", period_end="2022-09-27"),
    ]).assign(authority_rank=[4, 0])
    assert profile.ordered(rows, WEEK.start, WEEK.end)["id"].tolist() == ["m22-geo-002", "m22-geo-001"]


def test_lead_is_the_first_unflagged_count_in_people_that_could_be_a_headline():
    rows = reports_frame([
        dict(id="m22-geo-001", destination_iso3="GEO", measure="change_pct", unit="percent", value="40"),
        dict(id="m22-geo-002", destination_iso3="GEO", value="700000"),
        dict(id="m22-geo-003", destination_iso3="GEO"),
        dict(id="m22-geo-004", destination_iso3="GEO", period_start="2022-01-01", period_end="2022-12-31"),
    ])
    rows = profile.ordered(rows.assign(flagged=[False, True, False, False]), WEEK.start, WEEK.end)
    assert profile.lead(rows)["id"] == "m22-geo-003"
    assert profile.lead(rows[rows["id"].isin(["m22-geo-001", "m22-geo-002", "m22-geo-004"])]) is None


def test_profile_holds_only_the_country_and_the_range(map_tables):
    tables = dict(map_tables)
    found = profile.build_profile(tables, "GEO", flt.Filters(date(2022, 9, 15), date(2022, 10, 15), "custom", destinations=("KAZ",)))
    assert set(found.reports["destination_iso3"]) == {"GEO"}, "the page's country, whatever the destination filter"
    assert set(found.reports["id"]) == {"m22-geo-001", "m22-geo-002", "m22-geo-003"}
    assert found.total_reports == 3
    assert found.crossings["id"].tolist() == ["verkhny-lars"]
    assert found.events.empty  # the fixture's events are Russia's and Finland's
    assert found.sources["figures"].sum() == 3
    fin = profile.build_profile(tables, "FIN", flt.Filters(date(2022, 9, 15), date(2022, 10, 15), "custom"))
    assert fin.events["id"].tolist() == ["ev-2"]
    later = profile.build_profile(tables, "GEO", flt.Filters(date(2023, 1, 1), date(2023, 2, 1), "custom"))
    assert later.reports.empty and later.total_reports == 3 and later.sources.empty


def test_destinations_list_countries_by_name_then_eu_and_all(map_tables):
    deps = map_tables["departures"]
    extra = reports_frame([dict(id="m22-all-001", destination_iso3="ALL"), dict(id="m22-euu-001", destination_iso3="EUU"),
                           dict(id="c24-rus-001", destination_iso3="RUS")])
    import pandas as pd

    codes = profile.destinations(pd.concat([deps, extra]))
    assert codes == ["FIN", "GEO", "KAZ", "TJK", "EUU", "ALL"]
