"""The app's export buttons are thin adapters over exodus.export.files.files: the same view
through the chart buttons, the "Export all" ZIP and the command line gives the same files."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from conftest import run_app
from exodus.app import frame
from exodus.derive import filters as flt
from exodus.export.files import chart_file_name, files
from exodus.export.images import StaticExporter
from exodus.view.build import build_view

STATE = flt.Filters(date(2022, 9, 21), date(2022, 10, 31), flt.CUSTOM, ("GEO", "KAZ"))
OFFLINE = StaticExporter(browser_path="/nonexistent/chromium")


@pytest.fixture(scope="module")
def view(package):
    return build_view(package, STATE)


@pytest.fixture(scope="module")
def made(view):
    """The view's files as the one export path makes them (HTML and CSV: no browser needed)."""
    return {f.name: f for f in files(view, ["html", "csv"], OFFLINE)}


@pytest.fixture(scope="module")
def app_zip(package):
    return zipfile.ZipFile(io.BytesIO(frame.view_zip(package, STATE, OFFLINE)))


@pytest.fixture(scope="module")
def cli_folder(tmp_path_factory):
    from exodus.export.cli import main

    out = tmp_path_factory.mktemp("cli")
    assert main(["--from", "2022-09-21", "--to", "2022-10-31", "--dest", "GEO,KAZ", "--out", str(out), "--formats", "html,csv"]) == 0
    return out


def csv_names(names) -> set[str]:
    return {n for n in names if n.endswith(".csv")}


def test_the_app_zip_the_command_line_and_the_chart_buttons_give_the_same_files(view, made, app_zip, cli_folder):
    # The app's ZIP has the images too (or says why not); without a browser it holds what the folder holds.
    assert set(app_zip.namelist()) == set(made) == {p.name for p in cli_folder.iterdir()}
    assert "exodus-events_2022-09-21_2022-10-31.csv" in csv_names(made), "the events table is in every path"
    for name in csv_names(made):
        assert app_zip.read(name) == made[name].data == (cli_folder / name).read_bytes(), name
    for chart in view.charts:
        button = frame.chart_file(chart, "csv")
        assert button.name == chart_file_name(chart, "csv") and button.data == made[button.name].data, chart.slug
        assert chart_file_name(chart, "html") in made


def test_the_zip_readme_comes_first_and_names_every_file(app_zip):
    names = app_zip.namelist()
    assert names[0] == "README.txt"
    readme = app_zip.read("README.txt").decode("utf-8")
    assert all(f"  {n}" in readme for n in names[1:])
    assert "PNG and SVG images are not included" in readme


def test_the_data_page_download_is_the_views_figures_table(package, made):
    rows = flt.select(package["departures"], STATE)
    own = frame.figures_file(rows, STATE)
    assert own.name == "exodus-figures_2022-09-21_2022-10-31.csv"
    assert own.data == made[own.name].data


def test_every_chart_on_the_pages_has_its_five_export_buttons():
    at = run_app(preset="custom", **{"from": "2022-09-21", "to": "2022-10-31"}, dest="GEO,KAZ")
    labels = [b.proto.label for b in at.get("download_button")]
    charts = len(at.get("plotly_chart"))
    assert charts >= 1 and "Export all (ZIP)" in labels
    for label, *_ in frame.BUTTONS:
        assert labels.count(label) == charts, label
