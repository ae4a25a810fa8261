"""The series views in the app, run headless with Streamlit's AppTest on the shipped data."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from shown_charts import chart_titled
from exodus.derive import series

DATA = series.load_series(ROOT / "data")
VALUES = DATA["series"]


def app(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def by_title(at: AppTest, words: str) -> tuple[str, dict]:
    """The heading written above the chart that holds ``words``, and the chart."""
    return chart_titled(at, words)


def test_the_map_page_offers_the_fsb_quarter_map_and_the_quarter_changes_it():
    at = app()
    at.radio(key="map_mode").set_value("series").run()
    assert not at.exception
    quarter = at.selectbox(key="series_quarter")
    # The default preset is the mobilization wave (Sep-Oct 2022): the map starts at 2022 Q3.
    assert quarter.value == "2022-07-01" == f"{series.default_quarter(VALUES, within=('2022-09-01', '2022-10-31')):%Y-%m-%d}"
    assert "2019-07-01" not in quarter.options and all(q > "2019-12-31" for q in quarter.options)
    heading, fig = by_title(at, "FSB departures of Russian citizens by destination")
    compared = series.quarter_vs_baseline(VALUES, "2022-07-01")
    assert not compared.empty
    assert "2022 Q3 vs 2019 Q3" in heading
    quarter.set_value("2022-01-01").run()
    assert "2022 Q1 vs 2019 Q1" in by_title(at, "FSB departures of Russian citizens by destination")[0]
    quarter.set_value("2022-07-01").run()
    heading, fig = by_title(at, "FSB departures of Russian citizens by destination")
    ratios = {t["meta"]["iso3"]: t["meta"]["ratio"] for t in fig["data"] if isinstance(t.get("meta"), dict) and "ratio" in t["meta"]}
    expected = compared.dropna(subset=["ratio"]).set_index("country_iso3")["ratio"]
    shown = {c: r for c, r in ratios.items() if r is not None}
    assert shown and shown == pytest.approx({c: expected[c] for c in shown})
    at.toggle(key="show_series_map_table").set_value(True).run()
    table = at.dataframe[-1].value
    assert len(table) == len(compared) and "Same quarter of 2019" in table.columns


def test_the_timelines_page_compares_a_series_with_normal_and_follows_the_pickers():
    at = app("pages/timelines.py")
    heading, fig = by_title(at, "Compared with normal")
    assert "Georgia" in heading
    assert at.selectbox(key="normal_series").value == "fsb-departures-russians"
    picked = "fsb-entries-foreigners"
    at.selectbox(key="normal_series").set_value(picked).run()
    assert not at.exception
    country = at.selectbox(key=f"normal_country_{picked}")
    country.set_value("TJK").run()
    heading, fig = by_title(at, "Compared with normal")
    assert "Tajikistan" in heading
    points = next(t for t in fig["data"] if t.get("name") == "Value" and t.get("mode") == "markers")
    drawn = series.select(VALUES, picked, "TJK", "quarter")
    drawn = drawn[drawn["period_end"] >= pd.Timestamp("2019-01-01")]
    assert points["y"] == drawn["value"].tolist()
    at.radio(key="normal_year").set_value(2021).run()
    assert "pandemic" in " ".join(w.value for w in at.warning)
    assert "2021 (pandemic-distorted)" in by_title(at, "Compared with normal")[0]


def test_the_data_page_lists_the_series_with_definitions_and_filters_them():
    at = app("pages/data_sources.py")
    catalogue = next(d.value for d in at.dataframe if "Definition" in d.value.columns)
    assert set(catalogue["Series"]) == set(DATA["series_catalogue"]["series_id"])
    assert catalogue["Definition"].str.len().min() > 20
    assert not any("Via" in d.value.columns for d in at.dataframe)  # values are listed on request only
    at.multiselect(key="data_series").set_value(["fsb-entries-foreigners"]).run()
    listed = next(d.value for d in at.dataframe if "Via" in d.value.columns)
    assert set(listed["Series"]) == {"fsb-entries-foreigners"}
    assert len(listed) == int((VALUES["series_id"] == "fsb-entries-foreigners").sum())
    assert any(b.proto.label == "Download these series values (CSV)" for b in at.get("download_button"))
