"""Hovers kept per language: the same text as writing them afresh, found again for a report
with missing numbers, never one language's text in another."""

from __future__ import annotations

import pandas as pd

from exodus import i18n
from exodus.charts import formatting
from exodus.charts.figures import records
from exodus.charts.formatting import HOVER_FIELDS, hover_lines, kept_hover_lines


def rows(package) -> list[dict]:
    return records(package.departures, HOVER_FIELDS)


def test_kept_hovers_are_the_hovers_written_afresh_in_each_language(package):
    for lang in ("en", "ru"):
        with i18n.language(lang):
            for row in rows(package):
                assert kept_hover_lines(row) == hover_lines(row)


def test_a_report_without_a_high_value_is_found_again(package):
    row = next(r for r in rows(package) if r["value_high"] != r["value_high"])
    formatting._kept_lines.cache_clear()
    kept_hover_lines(row)
    again = dict(row, value_high=float("nan"))  # a NaN of its own, as each conversion gives
    kept_hover_lines(again)
    info = formatting._kept_lines.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_the_language_is_part_of_what_is_kept(package):
    row = rows(package)[0]
    with i18n.language("en"):
        english = kept_hover_lines(row)
    with i18n.language("ru"):
        russian = kept_hover_lines(row)
    assert english != russian
    with i18n.language("ru"):
        assert kept_hover_lines(row) == hover_lines(row)


def test_a_range_keeps_its_high_end_and_a_changed_value_is_a_new_hover():
    row = {"id": "x1", "destination_iso3": "GEO", "metric": "departures", "unit": "people", "measure": "daily",
           "qualifier": "range", "value": 5000.0, "value_high": 6000.0, "period_start": pd.Timestamp("2022-09-25"),
           "period_end": pd.Timestamp("2022-09-25"), "reporting_body": "Body", "source_publisher": "Pub", "reported_on": "2022-09-26"}
    with i18n.language("en"):
        assert "5,000–6,000" in kept_hover_lines(row)[1]
        assert "7,000" in kept_hover_lines(dict(row, value_high=7000.0))[1]


def test_a_value_that_cannot_be_a_key_is_written_each_time():
    row = {field: "a" for field in HOVER_FIELDS} | {"value": 1.0, "value_high": float("nan"), "qualifier": "exact",
                                                    "unit": "people", "measure": "stock", "period_start": pd.Timestamp("2022-01-01"),
                                                    "period_end": pd.Timestamp("2022-01-01"), "reporting_body": ["not", "hashable"]}
    with i18n.language("en"):
        assert kept_hover_lines(row) == hover_lines(row)
