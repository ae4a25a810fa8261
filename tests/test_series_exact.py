"""Official series to the letter, on a few hand-made values: selection, baselines and
ratios, the quarter shown first, country and period order, period names, the export."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from exodus import i18n
from exodus.derive import series

FSB = series.FSB_DEPARTURES


def values(*rows) -> pd.DataFrame:
    """Typed series values: (series, country, period, start, end, value[, qualifier])."""
    records = []
    for i, (sid, country, period, start, end, value, *rest) in enumerate(rows):
        records.append({"series_id": sid, "country_iso3": country, "period": period, "period_start": start, "period_end": end,
                        "value": value, "qualifier": rest[0] if rest else "exact", "source_url": f"https://example.org/{i}",
                        "source_title": f"title {i}", "published": "2023", "via": f"via {i}", "notes": "", "file": "series.csv", "line": i + 2})
    frame = pd.DataFrame.from_records(records)
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    frame["value"] = frame["value"].astype("float64")
    return frame


def quarter(year: int, q: int) -> tuple[str, str]:
    start = pd.Timestamp(year=year, month=3 * q - 2, day=1)
    return str(start.date()), str((start + pd.offsets.QuarterEnd(0)).date())


def fsb(country, year, q, value):
    return (FSB, country, "quarter", *quarter(year, q), value)


VALUES = values(
    fsb("GEO", 2019, 3, 400.0), fsb("GEO", 2022, 3, 1000.0), fsb("GEO", 2022, 4, 300.0), fsb("GEO", 2021, 3, 100.0),
    fsb("KAZ", 2019, 3, 0.0), fsb("KAZ", 2022, 3, 500.0), fsb("KAZ", 2019, 4, 50.0), fsb("KAZ", 2022, 4, 100.0),
    fsb("FIN", 2022, 3, 700.0),
    ("other", "GEO", "month", "2022-09-01", "2022-09-30", 10.0, "about"),
    ("other", "GEO", "year", "2019-01-01", "2019-12-31", 5.0),
    ("other", "GEO", "year", "2022-01-01", "2022-12-31", 15.0),
)


def test_select_one_series_country_and_period_oldest_first():
    got = series.select(VALUES, FSB, "GEO")
    assert list(got["period_start"].dt.year) == [2019, 2021, 2022, 2022] and list(got["country_iso3"].unique()) == ["GEO"]
    assert list(series.select(VALUES, "other", "GEO", "year")["value"]) == [5.0, 15.0]
    assert list(series.select(VALUES, "other", period="month")["value"]) == [10.0]
    assert list(series.select(VALUES, FSB)["country_iso3"]) == ["FIN"] + ["GEO"] * 4 + ["KAZ"] * 4


def test_baselines_are_the_same_period_in_2019_and_ratios_need_a_positive_baseline():
    got = series.with_baselines(series.select(VALUES, FSB)).set_index(["country_iso3", "period_start"])
    geo = got.loc[("GEO", pd.Timestamp("2022-07-01"))]
    assert (geo["baseline_value"], geo["ratio"], geo["baseline_year"]) == (400.0, 2.5, "2019")
    assert (geo["baseline_start"], geo["baseline_end"]) == (pd.Timestamp("2019-07-01"), pd.Timestamp("2019-09-30"))
    assert (geo["baseline_qualifier"], geo["baseline_source_url"], geo["baseline_via"]) == ("exact", "https://example.org/0", "via 0")
    kaz = got.loc[("KAZ", pd.Timestamp("2022-07-01"))]
    assert kaz["baseline_value"] == 0.0 and math.isnan(kaz["ratio"]) and kaz["baseline_year"] == "2019"
    fin = got.loc[("FIN", pd.Timestamp("2022-07-01"))]
    assert math.isnan(fin["baseline_value"]) and math.isnan(fin["ratio"]) and fin["baseline_year"] == ""
    assert got.loc[("GEO", pd.Timestamp("2019-07-01")), "ratio"] == 1.0


def test_a_2021_baseline_is_labelled_pandemic_distorted():
    got = series.with_baselines(series.select(VALUES, FSB, "GEO"), 2021).set_index("period_start")
    assert got.loc[pd.Timestamp("2022-07-01"), "ratio"] == 10.0
    assert got.loc[pd.Timestamp("2022-07-01"), "baseline_year"] == "2021 (pandemic-distorted)"
    with pytest.raises(ValueError, match=r"baseline year 2020 is not offered; choose one of \[2019, 2021\]"):
        series.with_baselines(VALUES, 2020)


def test_quarters_and_one_quarter_against_2019():
    assert series.quarters(VALUES) == [pd.Timestamp(d) for d in ("2019-07-01", "2019-10-01", "2021-07-01", "2022-07-01", "2022-10-01")]
    assert series.quarters(VALUES, "other") == []
    got = series.quarter_vs_baseline(VALUES, "2022-07-01")
    assert list(got["country_iso3"]) == ["GEO", "FIN", "KAZ"]  # largest value first
    assert list(got["ratio"].fillna(-1)) == [2.5, -1, -1]


def test_the_quarter_shown_first():
    # ratios: GEO 2022Q3 (2.5), GEO 2019Q3, KAZ 2022Q4 (2.0), KAZ 2019Q4; 2022Q3 and Q4 have one each: the latest
    assert series.default_quarter(VALUES) == pd.Timestamp("2022-10-01")
    assert series.default_quarter(VALUES, within=("2022-08-01", "2022-08-31")) == pd.Timestamp("2022-07-01")
    # a range with no compared quarter after 2019 falls back to the quarters since 2022
    assert series.default_quarter(VALUES, within=("2019-07-01", "2019-12-31")) == pd.Timestamp("2022-10-01")
    assert series.default_quarter(VALUES, since=2023) == pd.Timestamp("2022-10-01")  # none later: the latest quarter
    more = pd.concat([VALUES, values(fsb("FIN", 2019, 3, 350.0))], ignore_index=True)
    assert series.default_quarter(more) == pd.Timestamp("2022-07-01")  # now two ratios in 2022 Q3
    assert series.default_quarter(VALUES, "none") is None


def test_countries_with_most_values_first_and_period_kinds_in_schema_order():
    assert series.countries(VALUES, FSB) == ["GEO", "KAZ", "FIN"]
    ties = values((FSB, "AAA", "quarter", *quarter(2022, 1), 5.0), (FSB, "BBB", "quarter", *quarter(2022, 1), 9.0))
    assert series.countries(ties, FSB) == ["BBB", "AAA"]  # same count: the larger value first
    assert series.period_kinds(VALUES, "other", "GEO") == ["month", "year"]
    assert series.period_kinds(VALUES, FSB, "GEO") == ["quarter"]


def test_default_period_prefers_compared_values_then_more_values():
    assert series.default_period(VALUES, "other", "GEO") == "year"  # 2022 has a 2019 baseline
    monthly = values(("m", "GEO", "month", "2022-09-01", "2022-09-30", 1.0), ("m", "GEO", "month", "2022-10-01", "2022-10-31", 1.0),
                     ("m", "GEO", "year", "2022-01-01", "2022-12-31", 1.0))
    assert series.default_period(monthly, "m", "GEO") == "month"
    assert series.default_period(VALUES, "other", "KAZ") is None


@pytest.mark.parametrize("period, start, label", [
    ("quarter", "2022-07-01", "2022 Q3"), ("month", "2022-09-01", "Sep 2022"), ("year", "2022-01-01", "2022"),
    ("half_year", "2022-01-01", "2022 H1"), ("half_year", "2022-07-01", "2022 H2"), ("nine_months", "2022-01-01", "Jan–Sep 2022"),
    ("week", "2022-09-19", "week from 19 Sep 2022"), ("day", "2022-09-05", "5 Sep 2022"),
])
def test_period_names(period, start, label):
    assert series.period_label(period, start) == label



@pytest.mark.parametrize("period, start, label", [
    ("quarter", "2022-04-01", "2 кв. 2022"), ("quarter", "2022-10-01", "4 кв. 2022"), ("month", "2022-09-01", "сент. 2022 г."),
    ("year", "2023-01-01", "2023"), ("half_year", "2022-01-01", "1-е полугодие 2022"), ("half_year", "2022-07-01", "2-е полугодие 2022"),
    ("nine_months", "2023-01-01", "январь–сентябрь 2023"), ("week", "2022-09-19", "неделя с 19 сент. 2022 г."),
    ("day", "2022-09-05", "5 сент. 2022 г."),
])
def test_period_names_in_russian(period, start, label):
    with i18n.language("ru"):
        shown = series.period_label(period, start)
    assert shown.replace("\u202f", " ").replace("\xa0", " ") == label

def test_export_writes_dates_and_counts_as_published():
    compared = series.with_baselines(series.select(VALUES, FSB, "KAZ"))
    out = series.for_export(compared)
    assert list(out.columns) == ["series_id", "country_iso3", "period", "period_start", "period_end", "value", "qualifier",
                                 "source_url", "source_title", "published", "via", "notes", "baseline_year", "baseline_start",
                                 "baseline_end", "baseline_value", "baseline_qualifier", "baseline_source_url", "baseline_via", "ratio"]
    first = out.iloc[0]
    assert (first["period_start"], first["value"], first["baseline_start"], first["baseline_value"]) == ("2019-07-01", "0", "2019-07-01", "0")
    assert out.iloc[2]["value"] == "500" and out.iloc[2]["baseline_value"] == "0" and out.iloc[3]["ratio"] == 2.0
    finland = series.for_export(series.with_baselines(series.select(VALUES, FSB, "FIN"))).iloc[0]
    assert (finland["baseline_year"], finland["baseline_start"], finland["baseline_value"]) == ("", "2019-07-01", "")
    plain = series.for_export(values(("x", "GEO", "day", "2022-09-05", "2022-09-05", 12.5)))
    assert list(plain.columns) == ["series_id", "country_iso3", "period", "period_start", "period_end", "value", "qualifier",
                                   "source_url", "source_title", "published", "via", "notes"]
    assert plain.iloc[0]["value"] == "12.5" and plain.iloc[0]["period_end"] == "2022-09-05"


def test_results_keep_their_own_columns_only():
    own = list(VALUES.columns)
    assert list(series.select(VALUES, FSB, "GEO").columns) == own
    assert list(series.select(VALUES, FSB, "GEO").index) == [0, 1, 2, 3]
    compared = series.quarter_vs_baseline(VALUES, "2022-07-01")
    assert list(compared.columns) == own + ["baseline_start", "baseline_end", "baseline_value", "baseline_qualifier",
                                            "baseline_source_url", "baseline_via", "ratio", "baseline_year"]
    assert list(compared.index) == [0, 1, 2]


def test_one_quarter_takes_only_that_series_quarters_and_breaks_ties_by_country():
    mixed = pd.concat([VALUES, values((FSB, "ARM", "month", "2022-07-01", "2022-07-31", 9999.0),
                                      ("other", "ARM", "quarter", *quarter(2022, 3), 9999.0),
                                      fsb("AZE", 2022, 3, 700.0))], ignore_index=True)
    got = series.quarter_vs_baseline(mixed, "2022-07-01")
    assert list(got["country_iso3"]) == ["GEO", "AZE", "FIN", "KAZ"]
    assert list(series.quarter_vs_baseline(VALUES, "2022-07-01", year=2021)["baseline_year"]) == ["2021 (pandemic-distorted)", "", ""]


def test_the_quarter_shown_first_at_the_edges_of_the_range():
    more = pd.concat([VALUES, values(fsb("FIN", 2019, 3, 350.0))], ignore_index=True)  # 2022 Q3: two ratios, Q4: one
    assert series.default_quarter(more, within=("2022-09-30", "2022-09-30")) == pd.Timestamp("2022-07-01")
    assert series.default_quarter(VALUES, within=("2022-09-30", "2022-09-30")) == pd.Timestamp("2022-07-01")
    assert series.default_quarter(more, within=("2022-10-01", "2022-10-01")) == pd.Timestamp("2022-10-01")
    assert series.default_quarter(more, within=("2022-07-01", "2022-10-15")) == pd.Timestamp("2022-07-01")
    # against 2021 only GEO 2022 Q3 has a ratio
    assert series.default_quarter(VALUES, year=2021) == pd.Timestamp("2022-07-01")


def test_the_default_period_follows_the_baseline_year():
    rows = values(("m", "GEO", "month", "2021-09-01", "2021-09-30", 1.0), ("m", "GEO", "month", "2022-09-01", "2022-09-30", 1.0),
                  ("m", "GEO", "year", "2019-01-01", "2019-12-31", 1.0), ("m", "GEO", "year", "2022-01-01", "2022-12-31", 1.0),
                  ("m", "GEO", "year", "2023-01-01", "2023-12-31", 1.0))
    assert series.default_period(rows, "m", "GEO") == "year"
    assert series.default_period(rows, "m", "GEO", year=2021) == "month"


def test_a_baseline_of_one_gives_a_ratio_and_a_day_without_a_2019_twin_gives_none():
    rows = values(("d", "GEO", "day", "2019-03-01", "2019-03-01", 1.0), ("d", "GEO", "day", "2022-03-01", "2022-03-01", 7.0),
                  ("d", "GEO", "day", "2024-02-29", "2024-02-29", 5.0))
    got = series.with_baselines(rows)
    assert got.loc[1, "ratio"] == 7.0
    assert pd.isna(got.loc[2, "baseline_start"]) and pd.isna(got.loc[2, "baseline_end"]) and pd.isna(got.loc[2, "ratio"])
    out = series.for_export(got)
    assert (out.loc[2, "baseline_start"], out.loc[2, "baseline_end"], out.loc[2, "baseline_value"]) == ("", "", "")
    assert out.loc[1, "baseline_start"] == "2019-03-01"


def test_loaded_series_name_their_file_and_line(package_dir):
    loaded = series.load_series(package_dir)
    values_ = loaded["series"]
    assert list(values_.columns) == series.schema.series_columns("series") + ["file", "line"]
    assert list(zip(values_["file"], values_["line"], values_["value"])) == [("series_fsb.csv", 2, 371138.0), ("series.csv", 2, 461000.0)]
    assert values_["line"].dtype == "int64" and list(values_.index) == [0, 1]
    catalogue = loaded["series_catalogue"]
    assert list(catalogue.columns) == series.schema.series_columns("series_catalogue") + ["line"]
    assert list(catalogue.index) == [0] and catalogue.loc[0, "line"] == 2
