"""What the Streamlit glue hands to the page, checked under AppTest: the sidebar's filters
with their labels, ranges and placeholders, the filters they make, the lede and the
headline cards, the country page (its tables, CSV, source button and notices), the data
page's search and the tables' link columns."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
import streamlit

from conftest import run_app
from exodus import i18n
from exodus.app import frame
from exodus.charts import tables
from exodus.data import schema
from exodus.derive import filters as flt
from exodus.derive import headlines as picks
from exodus.derive import profile
from exodus.export.files import file_name
from exodus.export.spreadsheet import safe_csv


# Page fixtures are made again for each test: the mutation run (scripts/mutation.py) runs,
# for each mutant, only the tests that called the mutated code, and a fixture shared by a
# module counts as called by its first test alone.
@pytest.fixture
def map_page():
    return run_app(preset="mobilization")


def test_the_sidebar_names_each_filter_and_what_an_empty_one_means(map_page):
    side = map_page.sidebar
    assert side.selectbox(key="f_lang").label == "Language · Язык", "the language switch reads in both languages"
    assert side.selectbox(key="f_preset").label == "Period" and side.selectbox(key="f_preset").options[-1] == "Custom range"
    labels = {w.key: (w.label, w.placeholder) for w in side.multiselect}
    assert labels == {"f_dest": ("Destinations", "All destinations"), "f_pop": ("Population", "All populations"),
                      "f_metric": ("Metric", "All metrics")}
    assert side.date_input(key="f_range").label == "Date range"


def test_destinations_are_listed_by_their_names(map_page):
    shown = map_page.sidebar.multiselect(key="f_dest").options
    assert len(shown) > 10 and shown == sorted(shown, key=str.casefold)


def test_the_date_range_is_bounded_by_the_data(map_page, package):
    picker = map_page.sidebar.date_input(key="f_range")
    first, last = package["bounds"]
    assert (picker.proto.min, picker.proto.max) == (first.isoformat(), last.isoformat())


def test_the_sidebar_says_which_days_are_shown_and_that_the_address_keeps_them(map_page):
    label = map_page.session_state["filters"].label
    assert map_page.sidebar.caption[0].value == f"Showing {label}. The address bar keeps these filters: copy it to share this view."


def test_each_sidebar_filter_reaches_the_pages_filters():
    at = run_app(preset="mobilization")
    at.sidebar.multiselect(key="f_metric").set_value(["departures"]).run()
    at.sidebar.multiselect(key="f_pop").set_value(["russian"]).run()
    state = at.session_state["filters"]
    assert state.metrics == ("departures",) and state.populations == ("russian",)
    assert at.query_params["metric"] == "departures"


def test_the_lede_gives_the_first_headline_metric_and_points_to_the_cards(map_page, package):
    state = map_page.session_state["filters"]
    rows = flt.select(package["departures"], state, flt.CHART_SHARE)
    first = picks.default_metrics(rows, state.start, state.end, picks.wave_of(state.start, flt.CROCUS_DAY))[0]
    sentence = tables.lede(picks.pick(rows, state.start, state.end, first), schema.label(schema.METRICS, first))
    lede = map_page.markdown[0].value
    assert len(sentence) > 40
    assert lede.replace("\\", "") == f"{state.label.rstrip('.')}. {sentence} Each figure in full, with its source, below the map."


def test_each_headline_card_explains_itself_and_its_lines_are_sentences(map_page):
    cards = map_page.metric
    assert len(cards) >= 3
    assert {c.proto.help for c in cards} == {"The figure as reported; below: its precision, exact period, who counted it and the spread of all reports."}
    details = [m.value for m in map_page.markdown if "Counted by" in m.value]
    assert len(details) == len(cards)
    for text in details:
        for line in text.split("  \n"):
            assert line.endswith("\\.") and not line.endswith("\\.\\."), line
            assert not re.search(r"[A-Z]{2}\\\.", line), line


def test_the_data_page_finds_a_row_by_its_id_outside_the_filters(package):
    at = run_app(preset="crocus")
    at.switch_page("pages/data_sources.py").run()
    search = at.text_input(key="data_search")
    assert search.placeholder == "e.g. Frontex, Verkhny Lars, deportations"
    row_id = package["departures"]["id"].iloc[0]  # a 2022 row, outside the Crocus days
    search.input(row_id).run()
    assert not at.exception
    assert any(m.value.startswith("1 of ") for m in at.markdown), "the row is found though the filters leave it out"
    assert [e.label for e in at.expander][-1:] == ["Crossing points"]


@pytest.mark.parametrize("lang, label, text", [("en", "Link", "source ↗"), ("ru", "Ссылка", "источник ↗")])
def test_link_columns_are_named_and_open_the_source_in_the_language(lang, label, text):
    with i18n.language(lang):
        config = frame.table_config(pd.DataFrame({"Link": ["https://a.example"], "source_url": ["https://b.example"], "value": [1]}))
    for column in ("Link", "source_url"):
        assert config[column]["label"] == label and config[column]["type_config"]["display_text"] == text
    assert config["value"] == ("Value" if lang == "en" else "Значение")


@pytest.fixture
def georgia():
    at = run_app(preset="mobilization", country="GEO")
    at.switch_page("pages/country.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_country_page_is_laid_out_in_its_sections(georgia):
    assert [s.value for s in georgia.subheader] == ["Best match for this range", "All figures for this range", "Regular statistics for Georgia",
                                                     "Reporting bodies", "Crossing points", "Events in this range"]


def test_the_best_match_names_who_reported_it_when_and_its_id(georgia, package):
    figures = georgia.dataframe[0].value
    best = package["departures"].set_index("id").loc[figures["Id"].iloc[0]]
    line = georgia.markdown[0].value.replace("\\", "")
    assert line.endswith(f"Reported by {best['reporting_body']}, published {best['reported_on']} (id {figures['Id'].iloc[0]}).")


def test_the_country_tables_say_how_each_figure_fits_the_range(georgia):
    figures, bodies = georgia.dataframe[0].value, georgia.dataframe[2].value
    assert list(figures.columns[4:6]) == ["Days inside the range", "Days outside"]
    assert figures["Days inside the range"].between(1, 61).all() and (figures["Days outside"] >= 0).all()
    assert list(bodies.columns) == ["Reported by", "Figures in range", "Latest publication"]
    assert bodies["Figures in range"].sum() == len(figures)


def test_the_country_pages_series_caption_counts_what_overlaps(georgia, package):
    state = georgia.session_state["filters"]
    caption = next(c.value for c in georgia.caption if "series for Georgia" in c.value).replace("\\", "")
    values = package["series"]
    mine = values[values["country_iso3"] == "GEO"] if "country_iso3" in values else values
    assert re.fullmatch(rf"\d+ values of {mine['series_id'].nunique()} series for Georgia overlap {re.escape(state.label)}\. "
                        r"Series are regular counts, comparable over time; every series and its definition: Data & sources\.", caption), caption


def test_the_chosen_country_stays_when_the_filters_change():
    at = run_app(preset="mobilization", country="GEO")
    at.switch_page("pages/country.py").run()
    at.selectbox(key="profile_country").set_value("KAZ").run()
    assert at.title[0].value == "Kazakhstan: every reported figure" and at.query_params["country"] == "KAZ"
    at.sidebar.selectbox(key="f_preset").set_value("crocus").run()
    assert at.selectbox(key="profile_country").value == "KAZ" and at.title[0].value == "Kazakhstan: every reported figure"


def test_a_filtered_destination_is_the_country_a_bare_profile_opens():
    at = run_app(preset="mobilization", dest="KAZ,ARM")
    at.switch_page("pages/country.py").run()
    assert at.selectbox(key="profile_country").value == "KAZ"


def test_a_click_on_the_first_trace_counts_too():
    import plotly.graph_objects as go

    from exodus.app.chart_sections import clicked_country

    fig = go.Figure([go.Scatter(x=[0], y=[0], customdata=["ARM"], meta={"role": "click_targets"}), go.Scatter(x=[1], y=[1])])
    assert clicked_country(fig, [{"curve_number": 0, "customdata": "ARM"}]) == "ARM"
    assert clicked_country(fig, [{"curve_number": 1, "customdata": "ARM"}]) is None
    assert clicked_country(fig, [{"curve_number": 0, "customdata": 3}]) is None


def test_a_figure_without_a_margin_is_shown_untitled_with_the_least_top():
    from exodus.app import sent_figure

    plain = {"data": [], "layout": {"title": {"text": "T"}}}
    assert sent_figure.untitled(plain)["layout"] == {"title": {"text": ""}, "margin": {"t": sent_figure.LEAST_TOP}}
    assert sent_figure.untitled({"data": [], "layout": {"margin": {"l": 5}}})["layout"]["margin"] == {"l": 5, "t": sent_figure.LEAST_TOP}


def test_the_estimate_says_what_its_switch_adds():
    at = run_app(preset="mobilization")
    at.radio(key="map_mode").set_value("estimate").run()
    switch = at.toggle(key="map_flagged")
    assert switch.label == "Include disputed and anonymous reports in the estimate" and not switch.value
    assert switch.help.startswith("Reports from anonymous sources, forecasts and disputed figures are left out of the estimate")


def test_the_country_pages_csv_is_its_figures_named_for_the_country(monkeypatch, package):
    buttons = {}
    original = streamlit.download_button

    def keep(label, data, **options):
        if options.get("key") != "csv_profile":
            return original(label, data, **options)
        buttons[label] = {"data": data} | options
        return False
    monkeypatch.setattr(streamlit, "download_button", keep)
    at = run_app(preset="mobilization", country="GEO")
    at.switch_page("pages/country.py").run()
    assert not at.exception, [e.value for e in at.exception]
    state = at.session_state["filters"]
    button = buttons["Download these figures (CSV)"]
    assert (button["file_name"], button["mime"]) == (file_name("geo-figures", state.start, state.end, "csv"), "text/csv")
    found = profile.build_profile(package, "GEO", state)
    data = button["data"]()
    assert data == safe_csv(tables.for_export(found.reports))
    assert pd.read_csv(io.BytesIO(data), dtype=str)["id"].tolist() == at.dataframe[0].value["Id"].tolist()


def test_the_country_table_counts_each_figures_days_and_hides_the_index(georgia, package):
    state = georgia.session_state["filters"]
    found = profile.build_profile(package, "GEO", state)
    figures = georgia.dataframe[0]
    assert figures.value["Days inside the range"].tolist() == found.reports["days_inside"].tolist()
    assert figures.value["Days outside"].tolist() == found.reports["days_outside"].tolist()
    assert all(json.loads(d.proto.columns)["_index"]["hidden"] is True for d in georgia.dataframe)


def test_an_unknown_country_in_the_link_is_named_word_for_word():
    at = run_app(preset="mobilization", country="ZZZ")
    at.switch_page("pages/country.py").run()
    assert [w.value.replace("\\", "") for w in at.warning] == ["Ignored unknown country “ZZZ”; showing Georgia."]
    assert at.title[0].value == "Georgia: every reported figure"


def test_the_best_match_opens_its_source_from_a_labelled_button(georgia):
    buttons = georgia.get("link_button")
    assert [b.proto.label for b in buttons][:1] == ["Open the source ↗"] and buttons[0].proto.url.startswith("http")
