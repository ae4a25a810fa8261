"""What the app's buttons hand over and what the About page says, checked on the bytes.

The Streamlit calls are replaced by recorders, so each button's file is built here, in
this process, exactly as the app builds it when a reader clicks: the ZIP of the view, the
four files of a chart, the CSV of the data page, and the About page's text.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pandas as pd
import pytest

from exodus.app import about_page, frame
from exodus.charts.tables import for_export
from exodus.derive import filters as flt
from exodus.export import formats as export
from exodus.view import report
from exodus.view.package import load_package

STATE = flt.Filters(date(2022, 9, 21), date(2022, 10, 5), "custom", ("GEO", "KAZ"))


@pytest.fixture(scope="module")
def package():
    return load_package(text_columns_as_objects=True)


class Recorder:
    """Stands in for a Streamlit container: keeps every download button it is given."""

    def __init__(self):
        self.buttons: dict[str, dict] = {}
        self.captions: list[str] = []

    def download_button(self, label, data, **options):
        self.buttons[label] = {"data": data} | options

    def caption(self, text):
        self.captions.append(text)


class NoBrowser:
    """An exporter on a machine without Chromium (PNG and SVG are then left out)."""

    topojson_dir = None

    def start(self):
        raise export.ExportUnavailable("PNG/SVG export unavailable: no browser here")


def zip_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_zip_holds_every_chart_and_exactly_the_filtered_rows(package, monkeypatch):
    sidebar = Recorder()
    monkeypatch.setattr(frame.st, "sidebar", sidebar)
    monkeypatch.setattr(frame.export, "browser_available", lambda: False)
    monkeypatch.setattr(frame.export, "default_exporter", NoBrowser)
    frame.export_all_button(package, STATE)
    button = sidebar.buttons["Export all (ZIP)"]
    assert (button["file_name"], button["mime"], button["on_click"]) == (export.file_name("all", STATE.start, STATE.end, "zip"), "application/zip", "ignore")
    entries = zip_entries(button["data"]())
    csv = lambda key: export.file_name(key, STATE.start, STATE.end, "csv")  # noqa: E731
    assert entries[csv("figures")] == export.safe_csv(for_export(flt.select(package["departures"], STATE)))
    assert entries[csv("events")] == export.safe_csv(for_export(flt.select_events(package["events"], STATE)))
    charts = report.all_charts(package, STATE)
    for chart in charts:
        assert export.file_name(chart.slug, STATE.start, STATE.end, "html") in entries, chart.slug
    own = {("%s-estimates" % c.slug if c.slug in ("map-estimate", "estimated-flow") else c.slug): c for c in charts if report.has_own_table(c)}
    assert own, "no chart with its own table in this view"
    for key, chart in own.items():
        assert entries[csv(key)] == export.safe_csv(chart.export_table()), key
    readme = entries["README.txt"].decode("utf-8")
    assert "PNG and SVG images are not included: no browser here." in readme
    assert not any(name.endswith((".png", ".svg")) for name in entries)


def test_a_chart_offers_four_files_each_named_for_the_chart_and_its_dates(package, monkeypatch):
    shown = report.all_charts(package, STATE)[0]
    columns = [Recorder() for _ in range(5)]
    monkeypatch.setattr(frame.st, "plotly_chart", lambda *a, **k: None)
    monkeypatch.setattr(frame.st, "caption", lambda text: columns[4].captions.append(("page", text)))
    monkeypatch.setattr(frame.st, "columns", lambda spec: columns)
    monkeypatch.setattr(frame.export, "browser_available", lambda: False)
    assert frame.chart(shown, STATE) is None
    start, end = getattr(shown, "span", None) or (STATE.start, STATE.end)
    buttons = {label: b for c in columns[:4] for label, b in c.buttons.items()}
    assert list(buttons) == ["PNG", "SVG", "HTML", "CSV"]
    for label, mime in (("PNG", "image/png"), ("SVG", "image/svg+xml"), ("HTML", "text/html"), ("CSV", "text/csv")):
        assert buttons[label]["file_name"] == export.file_name(shown.slug, start, end, label.lower())
        assert buttons[label]["mime"] == mime and buttons[label]["on_click"] == "ignore"
    assert buttons["PNG"]["disabled"] and buttons["SVG"]["disabled"]
    assert buttons["CSV"]["data"]() == export.safe_csv(shown.export_table())
    html = buttons["HTML"]["data"]().decode("utf-8") if isinstance(buttons["HTML"]["data"](), bytes) else buttons["HTML"]["data"]()
    assert "<html" in html.lower() and "plotly" in html.lower()
    assert ("page", shown.caption) in columns[4].captions
    assert "PNG and SVG need Chrome or Chromium on the server; HTML and CSV work without it." in columns[4].captions


def test_the_data_page_csv_is_the_rows_shown_with_their_sources(package, monkeypatch):
    page = Recorder()
    monkeypatch.setattr(frame, "st", page)
    rows = flt.select(package["departures"], STATE)
    frame.data_downloads(rows, STATE)
    button = page.buttons["Download these figures (CSV)"]
    assert button["file_name"] == export.file_name("figures", STATE.start, STATE.end, "csv") and button["mime"] == "text/csv"
    data = button["data"]()
    assert data == export.safe_csv(for_export(rows))
    header = pd.read_csv(io.BytesIO(data), nrows=0).columns
    assert "source_url" in header and len(pd.read_csv(io.BytesIO(data))) == len(rows)


def test_the_about_page_shows_the_whole_text(monkeypatch):
    shown = []
    monkeypatch.setattr(about_page.st, "title", lambda text: shown.append(("title", text)))
    monkeypatch.setattr(about_page.st, "markdown", lambda text, **options: shown.append(("markdown", text, options)))
    about_page.about()
    text = about_page.ABOUT.read_text(encoding="utf-8")
    assert shown == [("title", "About Exodus"), ("markdown", text, {})]
    assert "## Estimates (derived, and labelled so)" in text and len(text) > 5000
