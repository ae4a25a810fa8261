"""The official series: contract, validation, the FSB build, baselines and the charts' data."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT
from exodus.data import datapackage
from exodus.data import schema
from exodus.derive import series
from exodus.view import series_report
from exodus.export.spreadsheet import read_safe_csv, safe_csv
from exodus.charts.figures import validated
from exodus.data.series_validate import validate_series_package, validate_series_text
from exodus.data.rows import DataError

sys.path.insert(0, str(ROOT / "scripts"))
import build_fsb_series  # noqa: E402

DATA = ROOT / "data"
URL = "https://example.org/fsb-q3"

CATALOGUE = [
    dict(series_id="fsb-departures-russians", publisher="FSB Border Service", dataset="EMISS 38480", measure="departures",
         unit="trips", direction="out_of_russia", population="russian_citizens", country_role="destination", definition="Trips out."),
    dict(series_id="geo-mia-entries-russians", publisher="Ministry of Internal Affairs of Georgia", dataset="", measure="entries",
         unit="persons", direction="into_russia", population="russian_citizens", country_role="reporting_country", definition="Entries."),
]


def value(**changes) -> dict:
    row = dict(series_id="fsb-departures-russians", country_iso3="GEO", period="quarter", period_start="2022-07-01",
               period_end="2022-09-30", value="461000", qualifier="about", source_url=URL, source_title="FSB: Q3",
               published="2022-11-05", via="Vedomosti", notes="")
    return row | changes


def fsb(iso3: str, year: int, quarter: int, count: int) -> dict:
    start = date(year, 3 * quarter - 2, 1)
    end = (pd.Timestamp(start) + pd.offsets.QuarterEnd(0)).date()
    return value(country_iso3=iso3, period_start=start.isoformat(), period_end=end.isoformat(), value=str(count), qualifier="exact",
                 via="Ksimi/Russia_in_out transcription", published="2020")


def to_csv(kind: str, rows: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=schema.series_columns(kind), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def write_package(folder: Path, curated: list[dict], built: list[dict], catalogue: list[dict] = CATALOGUE) -> Path:
    (folder / "series.csv").write_bytes(to_csv("series", curated))
    (folder / "series_fsb.csv").write_bytes(to_csv("series_fsb", built))
    (folder / "series_catalogue.csv").write_bytes(to_csv("series_catalogue", catalogue))
    return folder


CURATED = [
    value(),  # GEO 2022 Q3: 461,000 against 371,138 in 2019 Q3
    value(country_iso3="KAZ", value="1300000"),  # KAZ 2022 Q3: no 2019 Q3 value below
    value(country_iso3="ARM", value="267000"),
    value(series_id="geo-mia-entries-russians", period="year", period_start="2022-01-01", period_end="2022-12-31", value="1400000",
          qualifier="exact", via=""),
    value(series_id="geo-mia-entries-russians", period="year", period_start="2019-01-01", period_end="2019-12-31", value="1400000",
          qualifier="exact", via="", published="2020-01-15"),
]
BUILT = [fsb("GEO", 2019, q, v) for q, v in ((1, 219624), (2, 437524), (3, 371138), (4, 190434))] + [
    fsb("ARM", 2019, 3, 192105), fsb("KAZ", 2019, 2, 910001), fsb("GEO", 2021, 3, 150000) | {"published": "2021-11"},
]


@pytest.fixture
def series_dir(tmp_path):
    return write_package(tmp_path, CURATED, BUILT)


@pytest.fixture
def series_tables(series_dir, map_tables):
    return dict(map_tables) | series.load_series(series_dir)


# --- validation ---------------------------------------------------------------------------

BAD_ROWS = [
    (dict(period_end="2022-09-29"), "period_end", "ends on 2022-09-30"),
    (dict(period_start="2022-08-01", period_end="2022-10-31"), "period_start", "cannot start a quarter"),
    (dict(period="month", period_start="2022-09-02", period_end="2022-09-30"), "period_start", "a month starts on the 1st"),
    (dict(period="week", period_start="2022-09-19", period_end="2022-09-24"), "period_end", "ends on 2022-09-25"),
    (dict(period="fortnight"), "period", "not allowed"),
    (dict(period_end="2022-06-30"), "period_end", "before period_start"),
    (dict(value="461 thousand"), "value", "not a number"),
    (dict(value="-5"), "value", "negative"),
    (dict(value="461.5"), "value", "not a whole number"),
    (dict(qualifier="at_most"), "qualifier", "not allowed"),
    (dict(source_url="javascript:alert(1)"), "source_url", "not an http(s) URL"),
    (dict(source_url=""), "source_url", "empty but required"),
    (dict(published="2022-13"), "published", "not a valid date"),
    (dict(published="2022-05"), "published", "before the period it reports on starts"),
    (dict(country_iso3="XYZ"), "country_iso3", "not an ISO 3166-1 alpha-3"),
    (dict(series_id="fsb-departures-belarus"), "series_id", "not a series_id in series_catalogue.csv"),
    (dict(period_start="2022-7-01"), "period_start", "not a date in the form YYYY-MM-DD"),
]


@pytest.mark.parametrize("changes, column, message", BAD_ROWS, ids=[f"{c}-{m[:20]}" for _, c, m in BAD_ROWS])
def test_a_bad_row_fails_with_its_line_column_and_reason(tmp_path, changes, column, message):
    rows = CURATED[:2] + [value(country_iso3="ARM") | changes] + CURATED[3:]
    write_package(tmp_path, rows, BUILT)
    problems = validate_series_package(tmp_path)
    assert [(p.file, p.line, p.column) for p in problems] == [("series.csv", 4, column)], problems
    assert message in problems[0].message
    assert str(problems[0]).startswith("series.csv:4: [")


def test_the_shipped_layout_passes(series_dir):
    assert validate_series_package(series_dir) == []


def test_a_key_used_twice_in_a_file_names_both_lines(tmp_path):
    write_package(tmp_path, CURATED + [value(value="462000", source_url="https://example.org/other")], BUILT)
    problems = validate_series_package(tmp_path)
    assert [(p.line, p.column) for p in problems] == [(7, "series_id")]
    assert "duplicate key" in problems[0].message and "first on line 2" in problems[0].message


def test_a_key_in_both_value_files_is_refused(tmp_path):
    write_package(tmp_path, CURATED + [fsb("GEO", 2019, 3, 371138) | {"via": "RBC"}], BUILT)
    problems = validate_series_package(tmp_path)
    assert [(p.file, p.line) for p in problems] == [("series.csv", 7)]
    assert "already in series_fsb.csv:4" in problems[0].message


def test_catalogue_is_checked_and_every_series_needs_values(tmp_path):
    catalogue = CATALOGUE + [CATALOGUE[1] | dict(series_id="isr-aliyah-russia", unit="people", measure="aliyah")]
    write_package(tmp_path, CURATED, BUILT, catalogue)
    found = {(p.file, p.line, p.column): p.message for p in validate_series_package(tmp_path)}
    assert set(found) == {("series_catalogue.csv", 4, "unit"), ("series_catalogue.csv", 4, "measure"), ("series_catalogue.csv", 4, "series_id")}
    assert "has no value" in found[("series_catalogue.csv", 4, "series_id")]


def test_a_missing_column_or_file_is_reported(tmp_path):
    write_package(tmp_path, CURATED, BUILT)
    (tmp_path / "series.csv").write_bytes(b"series_id,value\nfsb-departures-russians,1\n")
    (tmp_path / "series_fsb.csv").unlink()
    messages = [str(p) for p in validate_series_package(tmp_path)]
    assert any(m.startswith("series.csv:1:") and "missing column(s)" in m for m in messages)
    assert "series_fsb.csv: file not found" in messages


def test_the_loader_refuses_bad_data_with_every_problem(tmp_path):
    write_package(tmp_path, CURATED + [value(country_iso3="TUR", value="x"), value(country_iso3="AZE", period_end="2022-09-01")], BUILT)
    with pytest.raises(DataError) as err:
        series.load_series(tmp_path)
    assert [(p.line, p.column) for p in err.value.problems] == [(7, "value"), (8, "period_end")]


def test_validation_of_bytes_reports_encoding_problems():
    rows, problems = validate_series_text(b"\xef\xbb\xbf" + to_csv("series_catalogue", CATALOGUE), "series_catalogue", "c.csv")
    assert len(rows) == 2 and [p.line for p in problems] == [1] and "byte-order mark" in problems[0].message


def test_the_shipped_series_pass_and_are_typed():
    assert validate_series_package(DATA) == []
    loaded = series.load_series(DATA)
    values = loaded["series"]
    assert values["value"].dtype == "float64" and values["period_start"].dtype == "datetime64[ns]"
    assert set(values["series_id"]) == set(loaded["series_catalogue"]["series_id"])
    assert {"fsb-departures-russians", "fsb-entries-foreigners"} <= set(values["series_id"])


def test_the_descriptor_describes_the_series_files_from_the_schema():
    resources = {r["name"]: r for r in json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    for kind in schema.SERIES_FILES:
        fields = resources[kind]["schema"]["fields"]
        assert [f["name"] for f in fields] == schema.series_columns(kind)
        assert all(f["description"].strip() for f in fields)
    assert resources["series"]["schema"]["primaryKey"] == list(schema.SERIES_KEY)
    assert resources["series_fsb"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "series_catalogue"
    assert resources["series_catalogue"]["schema"]["fields"][4]["constraints"]["enum"] == list(schema.SERIES_UNITS)
    assert datapackage.descriptor()["resources"] == list(resources.values())


# --- the FSB build ------------------------------------------------------------------------

def test_rebuilding_the_fsb_series_gives_the_committed_bytes(tmp_path):
    out = tmp_path / "series_fsb.csv"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_fsb_series.py"), "--out", str(out)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == (DATA / "series_fsb.csv").read_bytes()


RAW_HEADER = "ENG,Trans,Type,Value,ISO_A2,ISO_A3,M49,Date\n"


def raw_dir(tmp_path: Path, out_rows: str, in_rows: str = 'Tajikistan,Car,In,"1,000",TJ,TJK,762,9/30/2019\n') -> Path:
    (tmp_path / "Russia_out_master.csv").write_text(RAW_HEADER + out_rows, encoding="utf-8")
    (tmp_path / "Russia_in_master.csv").write_text(RAW_HEADER + in_rows, encoding="utf-8")
    return tmp_path


def test_the_build_adds_up_the_modes_per_country_and_quarter_and_fills_nothing(tmp_path):
    raw = raw_dir(tmp_path, 'Georgia,Car,Out,"354,679",GE,GEO,268,9/30/2019\n'
                            'Georgia,Air,Out,"14,510",GE,GEO,268,9/30/2019\n'
                            'Georgia,Walk,Out,"1,949",GE,GEO,268,9/30/2019\n'
                            'Abkhazia,Car,Out,0,XB,XAB,949,3/31/2010\n')
    rows = list(csv.DictReader(io.StringIO(build_fsb_series.build(raw).decode("utf-8"))))
    assert [(r["series_id"], r["country_iso3"], r["period_start"], r["period_end"], r["value"]) for r in rows] == [
        ("fsb-departures-russians", "GEO", "2019-07-01", "2019-09-30", "371138"),
        ("fsb-departures-russians", "XAB", "2010-01-01", "2010-03-31", "0"),
        ("fsb-entries-foreigners", "TJK", "2019-07-01", "2019-09-30", "1000"),
    ]


@pytest.mark.parametrize("row, message", [
    ('Georgia,Bus,Out,5,GE,GEO,268,9/30/2019\n', "unknown mode of transport"),
    ('Georgia,Car,In,5,GE,GEO,268,9/30/2019\n', "expected 'Out'"),
    ('Georgia,Car,Out,five,GE,GEO,268,9/30/2019\n', "is not a count"),
    ('Georgia,Car,Out,5,GE,GEO,268,8/31/2019\n', "not the last day of a quarter"),
    ('Georgia,Car,Out,5,GE,GEO,268,9/30/2019\nGeorgia,Car,Out,6,GE,GEO,268,9/30/2019\n', "appears twice"),
])
def test_the_build_stops_on_a_raw_row_it_cannot_read(tmp_path, row, message):
    with pytest.raises(ValueError, match=message):
        build_fsb_series.build(raw_dir(tmp_path, row))


def test_the_built_series_agree_with_the_press_checks():
    values = pd.read_csv(DATA / "series_fsb.csv", parse_dates=["period_start"])
    q3 = values[(values["series_id"] == "fsb-departures-russians") & (values["period_start"] == "2019-07-01")]
    assert q3["value"].sum() == 16_036_413  # RBC: 16.1 million trips abroad in Q3 2019
    assert q3.set_index("country_iso3").loc["GEO", "value"] == 371_138
    tjk = values[(values["series_id"] == "fsb-entries-foreigners") & (values["country_iso3"] == "TJK") & (values["period_start"] == "2019-07-01")]
    assert tjk["value"].tolist() == [444_123]


# --- baselines ----------------------------------------------------------------------------

def test_a_value_is_compared_with_the_same_quarter_of_2019(series_dir):
    values = series.load_series(series_dir)["series"]
    compared = series.with_baselines(values).set_index(["series_id", "country_iso3", "period_start"])
    geo = compared.loc[("fsb-departures-russians", "GEO", pd.Timestamp("2022-07-01"))]
    assert geo["baseline_start"] == pd.Timestamp("2019-07-01") and geo["baseline_value"] == 371138
    assert geo["ratio"] == pytest.approx(461000 / 371138) and geo["baseline_year"] == "2019"
    assert geo["baseline_qualifier"] == "exact"
    kaz = compared.loc[("fsb-departures-russians", "KAZ", pd.Timestamp("2022-07-01"))]
    assert math.isnan(kaz["ratio"]) and math.isnan(kaz["baseline_value"]) and kaz["baseline_year"] == ""  # only Q2 2019 exists
    year = compared.loc[("geo-mia-entries-russians", "GEO", pd.Timestamp("2022-01-01"))]
    assert year["ratio"] == 1.0


def test_2021_is_offered_only_labelled_pandemic_distorted(series_dir):
    values = series.load_series(series_dir)["series"]
    compared = series.with_baselines(values, 2021)
    geo = compared[(compared["country_iso3"] == "GEO") & (compared["period_start"] == "2022-07-01")].iloc[0]
    assert geo["baseline_value"] == 150000 and geo["baseline_year"] == "2021 (pandemic-distorted)"
    with pytest.raises(ValueError, match="not offered"):
        series.with_baselines(values, 2020)


def test_the_map_starts_at_the_quarter_of_the_date_range_where_it_has_values(series_dir):
    values = series.load_series(series_dir)["series"]
    assert series.default_quarter(values, within=(date(2022, 9, 21), date(2022, 10, 31))) == pd.Timestamp("2022-07-01")
    assert series.default_quarter(values, within=(date(2024, 3, 22), date(2024, 6, 30))) == pd.Timestamp("2022-07-01")  # none then
    assert series.default_quarter(values, within=(date(2019, 7, 1), date(2019, 9, 30))) == pd.Timestamp("2022-07-01")  # 2019 itself is no comparison


def test_a_zero_baseline_gives_no_ratio():
    values = pd.DataFrame([
        dict(series_id="s", country_iso3="GEO", period="quarter", period_start=pd.Timestamp(y, 7, 1), period_end=pd.Timestamp(y, 9, 30),
             value=v, qualifier="exact", source_url=URL, via="") for y, v in ((2019, 0.0), (2022, 10.0))])
    assert series.with_baselines(values)["ratio"].isna().all()


@pytest.mark.parametrize("period, start, expected", [
    ("week", date(2022, 9, 19), (date(2019, 9, 16), date(2019, 9, 22))),  # ISO week 38, from Monday
    ("day", date(2022, 9, 21), (date(2019, 9, 21), date(2019, 9, 21))),
    ("day", date(2024, 2, 29), None),
    ("month", date(2024, 2, 1), (date(2019, 2, 1), date(2019, 2, 28))),
    ("half_year", date(2022, 7, 1), (date(2019, 7, 1), date(2019, 12, 31))),
    ("year", date(2023, 1, 1), (date(2019, 1, 1), date(2019, 12, 31))),
])
def test_the_same_period_of_another_year(period, start, expected):
    from exodus.data.periods import same_period_in

    assert same_period_in(2019, period, start) == expected


# --- the charts' data ---------------------------------------------------------------------

def country(fig, iso3):
    return next(t for t in fig.data if isinstance(t.meta, dict) and t.meta.get("iso3") == iso3)


def test_the_quarter_map_colours_by_the_ratio_to_the_same_quarter_of_2019(series_tables):
    chart = series_report.series_map_chart(series_tables, "2022-07-01")
    fig = validated(chart.figure)
    assert "2022 Q3 vs 2019 Q3" in fig.layout.title.text
    geo, arm, kaz, tur = (country(fig, c) for c in ("GEO", "ARM", "KAZ", "TUR"))
    assert geo.meta["ratio"] == pytest.approx(461000 / 371138) and geo.meta["baseline_value"] == 371138
    assert arm.meta["ratio"] == pytest.approx(267000 / 192105)
    assert "2022 Q3: about 461,000 trips" in geo.text and "2019 Q3: 371,138 trips" in geo.text and "×1.24 (+24 %)" in geo.text
    assert geo.fillcolor != arm.fillcolor and geo.fillcolor.startswith("rgb")
    assert kaz.meta["ratio"] is None and kaz.meta["value"] == 1300000 and "No value for the same quarter" in kaz.text
    assert tur.meta["value"] is None and tur.fillpattern.shape == "/"
    assert list(chart.drawn["country_iso3"]) == ["KAZ", "GEO", "ARM"]  # the quarter's values only, largest first
    assert list(chart.table["country_iso3"]) == ["KAZ", "GEO", "ARM"] and chart.csv_name == "series-map-fsb-departures"


def test_the_quarter_map_names_every_destination_with_a_ratio_small_ones_beside_their_shape(series_tables):
    fig = series_report.series_map_chart(series_tables, "2022-07-01").figure
    labels = {a.name.removeprefix("label-"): a for a in fig.layout.annotations if (a.name or "").startswith("label-")}
    assert set(labels) == {"GEO", "ARM"}, "KAZ has no 2019 value in the test series, so no ratio to print"
    assert labels["GEO"].text == "Georgia<br>×1.24" and labels["ARM"].text == "Armenia<br>×1.39"
    assert labels["GEO"].showarrow and labels["ARM"].showarrow, "both too small to hold a two-line label"
    assert (labels["GEO"].ax, labels["GEO"].ay) != (labels["ARM"].ax, labels["ARM"].ay)


def test_another_quarter_draws_other_values(series_tables):
    fig = series_report.series_map_chart(series_tables, "2019-07-01").figure
    assert "2019 Q3 vs 2019 Q3" in fig.layout.title.text
    assert country(fig, "GEO").meta["value"] == 371138 and country(fig, "GEO").meta["ratio"] == 1.0


def test_ratio_colours_diverge_around_one():
    from exodus.charts.series_chart import ratio_colour

    assert ratio_colour(1.0) == "rgb(234, 236, 204)"
    assert ratio_colour(8) == ratio_colour(100) == "rgb(165, 0, 38)"
    assert ratio_colour(1 / 8) == "rgb(54, 75, 154)"


def test_the_compared_with_normal_chart_draws_values_baseline_and_events(series_tables):
    chart = series_report.normal_chart(series_tables, "fsb-departures-russians", "GEO", "quarter")
    fig = validated(chart.figure)
    value_line, value_points, baseline = fig.data[:3]
    assert baseline.name == "Same period of 2019" and baseline.line.dash == "dash"
    # 2022 Q3 is drawn over its days at 461,000, and the 2019 Q3 value beside it over the same days.
    assert list(value_points.y) == [219624, 437524, 371138, 190434, 150000, 461000]
    assert list(baseline.x[-3:-1]) == [pd.Timestamp("2022-07-01"), pd.Timestamp("2022-10-01")]
    assert list(baseline.y[-3:-1]) == [371138, 371138]
    assert value_points.customdata[-1] == pytest.approx(461000 / 371138)
    assert "Ratio: ×1.24 (+24 %)" in value_points.text[-1]
    lanes = [t for t in fig.data if t.legendgroup == "events"]
    assert [t.name for t in lanes] == ["Mobilization", "Border restriction"]  # the events of the span, not the 2024 attack
    assert {t.xaxis for t in lanes} == {"x2"}
    # The baseline year's own values are not drawn again as their own baseline.
    assert pd.Timestamp("2019-07-01") not in list(baseline.x)
    assert fig.layout.xaxis.matches == "x2"  # values and events share one date axis
    assert chart.span == (date(2019, 1, 1), date(2022, 9, 30))


def test_the_chart_csv_has_each_value_with_its_baseline_and_ratio(series_tables):
    chart = series_report.normal_chart(series_tables, "fsb-departures-russians", "GEO", "quarter")
    table = read_safe_csv(safe_csv(chart.table), dtype=str, keep_default_na=False)
    assert list(table.columns[:12]) == schema.series_columns("series")
    last = table.iloc[-1]
    assert (last["period_start"], last["value"], last["baseline_start"], last["baseline_value"]) == ("2022-07-01", "461000", "2019-07-01", "371138")
    assert float(last["ratio"]) == pytest.approx(461000 / 371138)
    assert chart.sources == ("FSB Border Service", "via Ksimi/Russia_in_out transcription", "via Vedomosti")


def test_the_export_bundle_carries_the_series_charts(series_tables):
    from exodus.derive import filters as flt
    from exodus.view.build import build_view

    view = build_view(series_tables, flt.Filters(date(2022, 9, 15), date(2022, 10, 15), "custom"))
    spans = {c.slug: c.span for c in view.charts}
    assert spans["series-map-fsb-departures"] == (date(2022, 7, 1), date(2022, 9, 30))
    assert spans["series-compared-with-normal"][0] == date(2019, 1, 1)
    assert spans["map"] == spans["map-estimate"] == (date(2022, 9, 15), date(2022, 10, 15))


def test_the_command_line_exports_the_series_charts_and_their_tables(tmp_path):
    from exodus.export.cli import main

    assert main(["--from", "2022-09-21", "--to", "2022-10-31", "--out", str(tmp_path), "--formats", "html,csv"]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    quarter = series.default_quarter(series.load_series(DATA)["series"], within=(date(2022, 9, 21), date(2022, 10, 31)))
    assert quarter == pd.Timestamp("2022-07-01")
    end = (quarter + pd.offsets.QuarterEnd(0)).date()
    stem = f"exodus-series-map-fsb-departures_{quarter.date()}_{end}"
    assert {stem + ".html", stem + ".csv"} <= names
    table = read_safe_csv((tmp_path / (stem + ".csv")).read_bytes(), dtype=str, keep_default_na=False)
    assert set(table["period_start"]) == {f"{quarter.date()}"} and (table["series_id"] == "fsb-departures-russians").all()
    compared = table[table["ratio"] != ""]
    assert len(compared) > 0
    for row in compared.to_dict("records"):
        assert float(row["ratio"]) == pytest.approx(int(row["value"]) / int(row["baseline_value"]))
    assert any(n.startswith("exodus-series-compared-with-normal_2019-01-01_") and n.endswith(".html") for n in names)


def test_text_from_the_series_is_escaped_in_the_charts(tmp_path, map_tables):
    rows = CURATED[:1] + [value(country_iso3="ARM", value="267000", via="<script>alert(1)</script>")] + CURATED[3:]
    tables = dict(map_tables) | series.load_series(write_package(tmp_path, rows, BUILT))
    arm = country(series_report.series_map_chart(tables, "2022-07-01").figure, "ARM")
    assert "<script>" not in arm.text and "&lt;script&gt;" in arm.text
    points = series_report.normal_chart(tables, "fsb-departures-russians", "ARM", "quarter").figure.data[1]
    assert not any("<script>" in t for t in points.text) and any("&lt;script&gt;" in t for t in points.text)


def test_the_data_readme_explains_every_period_unit_and_qualifier_of_the_series():
    text = (DATA / "README.md").read_text(encoding="utf-8")
    for word in list(schema.SERIES_PERIODS) + list(schema.SERIES_UNITS) + list(schema.SERIES_QUALIFIERS):
        assert f"`{word}`" in text, word
