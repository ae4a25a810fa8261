"""The pages, run headless with Streamlit's AppTest on the shipped data."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from conftest import run_app
from shown_charts import titled_charts

PAGES = ["pages/overview.py", "pages/timelines.py", "pages/country.py", "pages/data_sources.py", "pages/about.py"]


app = run_app


def specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def reported_countries(at: AppTest) -> set[str]:
    fig = specs(at)[0]
    return {t["meta"]["iso3"] for t in fig["data"] if isinstance(t.get("meta"), dict) and t["meta"].get("has_report")}


def warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exceptions(page):
    at = app()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{page} shows no title"


def test_map_page_draws_a_map_with_reported_countries():
    at = app()
    assert reported_countries(at), "no country is coloured in the mobilization wave"
    assert at.query_params["preset"] == "mobilization"


def test_map_page_tables_appear_on_request_with_their_sources():
    at = app()
    assert not at.dataframe, "tables are drawn only when asked for"
    at.toggle(key="show_headline_table").set_value(True).run()
    at.toggle(key="show_map_table").set_value(True).run()
    assert not at.exception
    assert len(at.dataframe) == 2
    for frame in (d.value for d in at.dataframe):
        assert len(frame) > 0
        assert any(str(v).startswith("https://") for v in frame.astype(str).to_numpy().ravel())


def test_preset_changes_the_map():
    at = app()
    before = reported_countries(at)
    at.selectbox(key="f_preset").set_value("crocus").run()
    assert not at.exception
    assert at.query_params["preset"] == "crocus"
    assert at.selectbox(key="map_metric").value in ("departures", "returnees", "deportations")
    after = reported_countries(at)
    assert after != before


def test_custom_range_changes_the_timeline_and_the_url():
    at = app()
    at.switch_page("pages/timelines.py").run()
    wide = json.dumps(specs(at)[0]["data"])
    at.date_input(key="f_range").set_value(("2022-09-21", "2022-09-23")).run()
    assert not at.exception
    assert at.selectbox(key="f_preset").value == "custom"
    assert at.query_params["from"] == "2022-09-21" and at.query_params["to"] == "2022-09-23"
    narrow = json.dumps(specs(at)[0]["data"])
    assert narrow != wide
    assert specs(at)[0]["layout"]["xaxis3"]["range"][0].startswith("2022-09-20")


def test_the_reported_timeline_has_its_figures_as_a_table_beside_it():
    at = app(preset="custom", **{"from": "2022-09-21", "to": "2022-09-23"})
    at.switch_page("pages/timelines.py").run()
    [drawn] = [e for e in at.expander if e.label == "The figures drawn, with their sources"]
    assert not drawn.dataframe, "a closed table is not built"
    at.session_state["timeline_figures_table"] = True  # as opening the expander does
    at.run()
    [drawn] = [e for e in at.expander if e.label == "The figures drawn, with their sources"]
    table = drawn.dataframe[0].value
    assert list(table.columns[:2]) == ["Figure", "Destination"]
    named = {t["name"] for t in specs(at)[0]["data"] if isinstance(t.get("meta"), dict) and t["meta"].get("hover") == "reports"}
    assert named and set(table["Destination"].str.replace(r" \(.*\)$", "", regex=True)) == named
    assert table["Id"].is_unique and table["Link"].str.startswith("https://").all()
    at.radio(key="timeline_mode").set_value("estimate").run()
    assert "The figures drawn, with their sources" not in [e.label for e in at.expander]
    [estimated] = [e for e in at.expander if e.label == "Estimated daily values (derived) and the reports they rest on"]
    assert not estimated.dataframe
    at.session_state["timeline_estimate_table"] = True
    at.run()
    [estimated] = [e for e in at.expander if e.label == "Estimated daily values (derived) and the reports they rest on"]
    values = estimated.dataframe[0].value
    assert len(values) and {"date", "point", "low", "high", "report_ids"} <= set(values.columns)
    assert values["date"].between("2022-09-21", "2022-09-23").all()


def test_url_parameters_set_the_filters():
    at = app(preset="custom", **{"from": "2022-09-21", "to": "2022-10-31"}, dest="GEO,KAZ")
    assert at.date_input(key="f_range").value == (__import__("datetime").date(2022, 9, 21), __import__("datetime").date(2022, 10, 31))
    assert at.multiselect(key="f_dest").value == ["GEO", "KAZ"]
    assert reported_countries(at) <= {"GEO", "KAZ"}
    assert warnings(at) == ""


@pytest.mark.parametrize("query, notice", [
    ({"from": "2022-10-31", "to": "2022-09-21"}, "the end is before the start"),
    ({"dest": "ZZZ"}, "Ignored unknown destination"),
    ({"from": "garbage"}, "Ignored the date"),
    ({"preset": "<script>alert(1)</script>"}, "Ignored unknown preset"),
])
def test_bad_url_parameters_show_a_notice_and_no_crash(query, notice):
    at = app(**query)
    assert notice in warnings(at)
    assert specs(at), "the page still draws its charts"


def test_timeline_switches_to_estimates():
    at = app()
    at.switch_page("pages/timelines.py").run()
    at.radio(key="timeline_mode").set_value("estimate").run()
    assert not at.exception
    names = [t.get("name", "") for t in specs(at)[0]["data"]]
    assert any(n.endswith("(estimate)") for n in names)


def test_data_page_search_filters_the_table():
    at = app(preset="all")
    at.switch_page("pages/data_sources.py").run()
    total = len(at.dataframe[0].value)
    at.text_input(key="data_search").set_value("Frontex").run()
    found = at.dataframe[0].value
    assert 0 < len(found) < total
    assert found["Reported by"].str.contains("Frontex").any()


@pytest.mark.parametrize("page", PAGES[1:])
def test_page_switch_keeps_every_filter(page):
    at = app(preset="custom", **{"from": "2022-09-21", "to": "2022-10-31"}, dest="GEO,KAZ", pop="russian", metric="arrivals")
    before = dict(at.query_params)
    # The navigation drops the address bar's parameters when it switches pages.
    at.query_params.clear()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.date_input(key="f_range").value == (__import__("datetime").date(2022, 9, 21), __import__("datetime").date(2022, 10, 31))
    assert at.multiselect(key="f_dest").value == ["GEO", "KAZ"]
    assert at.multiselect(key="f_pop").value == ["russian"]
    assert at.multiselect(key="f_metric").value == ["arrivals"]
    after = dict(at.query_params)
    if page == "pages/country.py":
        assert after.pop("country") == "GEO", "the profile opens on the first destination filtered on"
    assert after == before, "the new page's address shows the same view"


def _fills_and_bar(at: AppTest) -> tuple[dict, dict]:
    fig = specs(at)[0]
    fills = {t["meta"]["iso3"]: t["fillcolor"] for t in fig["data"] if isinstance(t.get("meta"), dict) and t["meta"].get("has_report")}
    bar = next(t for t in fig["data"] if t.get("name") == "scale")["marker"]
    return fills, bar


def test_map_colour_scale_with_one_destination_puts_its_figure_mid_scale():
    from plotly.colors import sample_colorscale

    at = app(preset="custom", **{"from": "2022-09-21", "to": "2022-10-31"}, dest="KAZ")
    fills, bar = _fills_and_bar(at)
    assert list(fills) == ["KAZ"]
    assert fills["KAZ"] == sample_colorscale(bar["colorscale"], [0.5])[0]
    assert bar["cmax"] - bar["cmin"] == pytest.approx(1.0)


def test_map_colour_scale_with_two_destinations_spans_their_figures():
    from plotly.colors import sample_colorscale

    at = app(preset="custom", **{"from": "2022-09-21", "to": "2022-10-31"}, dest="GEO,KAZ")
    fills, bar = _fills_and_bar(at)
    assert set(fills) == {"GEO", "KAZ"}
    ends = {sample_colorscale(bar["colorscale"], [0.0])[0], sample_colorscale(bar["colorscale"], [1.0])[0]}
    assert set(fills.values()) == ends, "the smaller figure takes the bottom colour, the larger the top"


def test_country_page_answers_who_counted_georgia_in_the_week_after_the_decree():
    at = app(preset="custom", **{"from": "2022-09-21", "to": "2022-09-27"}, country="GEO")
    at.switch_page("pages/country.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Georgia: every reported figure"
    assert at.selectbox(key="profile_country").value == "GEO"
    figures = at.dataframe[0].value
    assert len(figures) > 3 and set(figures["Destination"].str.split(" ").str[0]) == {"Georgia"}
    best = " ".join(m.value for m in at.markdown).replace("\\", "")
    # Georgia's Interior Ministry: 53,000 arrivals from the decree to 26 Sep (6 of the 7 days, none outside).
    assert "(id m22-geo-023)" in best and "53,000" in best
    assert figures["Id"].iloc[0] == "m22-geo-023"
    assert at.query_params["country"] == "GEO" and at.query_params["from"] == "2022-09-21"
    assert warnings(at) == ""
    # The FSB's quarterly departures of Russians to Georgia, against 2019, on the same page.
    shown = titled_charts(at)
    headings = [h for h, _ in shown]
    assert any(h.startswith("**Compared with normal") and "Georgia" in h for h in headings), headings
    # each chart's title is written just above it, so the figure sent has none of its own
    assert len(shown) == len(specs(at)) and all(h.startswith("**") and len(h) > 10 for h in headings)
    assert len(set(headings)) == len(headings), "every chart has its own heading"
    assert {spec["layout"]["title"]["text"] for _, spec in shown} == {""}
    assert "Regular statistics for Georgia" in [h.value for h in at.subheader]


def test_country_page_names_an_unknown_country_and_shows_another():
    at = app(country="ZZZ")
    at.switch_page("pages/country.py").run()
    assert "Ignored unknown country" in warnings(at)
    assert at.selectbox(key="profile_country").value == "GEO"


def test_map_page_opens_a_country_profile_with_the_same_filters():
    at = app(preset="crocus")
    at.selectbox(key="map_profile_pick").set_value("TJK").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Tajikistan: every reported figure"
    assert at.query_params["preset"] == "crocus" and at.query_params["country"] == "TJK"


def test_charts_follow_the_page_theme_in_the_app():
    at = app()
    at.switch_page("pages/timelines.py").run()
    charts = list(at.get("plotly_chart"))
    assert charts and all(c.proto.theme == "streamlit" for c in charts)
    for spec in specs(at):
        assert spec["layout"].get("paper_bgcolor") in (None, "rgba(0,0,0,0)"), "no white card on a dark page"


def test_crocus_map_page_says_first_why_departures_are_missing():
    at = app(preset="crocus")
    lede = at.markdown[0].value.replace("\\", "")
    assert "Almost no one counts people leaving Russia after 22 March 2024" in lede
    assert "Deported (removed)" in lede and "157,000" in lede
