"""Batch export from the command line writes the dashboard's files, estimates included."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pandas as pd

from conftest import ROOT
from exodus.export.spreadsheet import read_safe_csv, safe_csv
from exodus.view import report
from exodus.derive import filters as flt


def test_estimate_charts_export_their_estimates_with_report_ids(map_tables):
    from datetime import date

    state = flt.Filters(date(2022, 9, 15), date(2022, 10, 15), "custom")
    flow = report.timeline_chart(map_tables, state, mode="estimate")
    table = flow.table
    assert {"point", "low", "high", "report_ids", "kind"} <= set(table.columns)
    assert set(table["kind"]) == {"estimate"} and table["date"].str.match(r"\d{4}-\d{2}-\d{2}").all()
    assert table.attrs == {} and flow.conflicts is not None, "the conflicts travel beside the table, not in it"
    back = read_safe_csv(safe_csv(table))
    assert list(back.columns) == list(table.columns) and len(back) == len(table)
    reported = report.timeline_chart(map_tables, state).table
    assert "source_url" in reported.columns and "point" not in reported.columns


def test_command_line_export_writes_html_csv_and_zip(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "exodus.export", "--from", "2022-09-21", "--to", "2022-10-31", "--out", str(tmp_path),
         "--formats", "html,csv", "--zip"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    names = {p.name for p in tmp_path.iterdir()}
    for slug in ("map", "map-estimate", "timeline", "estimated-flow", "events"):
        assert f"exodus-{slug}_2022-09-21_2022-10-31.html" in names
    assert {"exodus-figures_2022-09-21_2022-10-31.csv", "exodus-events_2022-09-21_2022-10-31.csv", "README.txt"} <= names
    estimates = read_safe_csv((tmp_path / "exodus-estimated-flow_2022-09-21_2022-10-31.csv").read_bytes())
    assert set(estimates["kind"]) == {"estimate"} and estimates["report_ids"].str.len().gt(0).all()
    figures = read_safe_csv((tmp_path / "exodus-figures_2022-09-21_2022-10-31.csv").read_bytes())
    assert len(figures) > 20 and figures["source_url"].str.startswith("http").all()
    assert pd.to_datetime(figures["period_end"]).min() >= pd.Timestamp("2022-09-21")
    with zipfile.ZipFile(tmp_path / "exodus-all_2022-09-21_2022-10-31.zip") as bundle:
        listed = bundle.namelist()
    assert sorted(listed) == sorted(names - {"exodus-all_2022-09-21_2022-10-31.zip"})


def test_command_line_rejects_an_impossible_range(tmp_path):
    result = subprocess.run([sys.executable, "-m", "exodus.export", "--from", "2022-10-31", "--to", "2022-09-21", "--out", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "is before" in result.stderr
    result = subprocess.run([sys.executable, "-m", "exodus.export", "--from", "31/10/2022", "--out", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "is not a date" in result.stderr
