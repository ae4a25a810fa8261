"""What the app's buttons hand over and what the About page says, checked on the bytes.

The Streamlit calls are replaced by recorders, so each button's file is built here, in
this process, exactly as the app builds it when a reader clicks: the ZIP of the view, the
four files of a chart, the CSV of the data page, and the About page's text.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pandas as pd
import pytest

from exodus.app import about_page, frame
from exodus.charts.tables import for_export
from exodus.derive import filters as flt
from exodus.export.files import chart_file_name, file_name
from exodus.export.images import ExportUnavailable
from exodus.export.spreadsheet import safe_csv
from exodus.view.build import build_view
from painter import Painter

STATE = flt.Filters(date(2022, 9, 21), date(2022, 10, 5), "custom", ("GEO", "KAZ"))


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
        raise ExportUnavailable("PNG/SVG export unavailable: no browser here")


def zip_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_zip_holds_every_chart_and_exactly_the_filtered_rows(package, monkeypatch):
    sidebar = Recorder()
    monkeypatch.setattr(frame.st, "sidebar", sidebar)
    monkeypatch.setattr(frame, "browser_available", lambda: False)
    monkeypatch.setattr(frame, "default_exporter", NoBrowser)
    frame.export_all_button(package, STATE)
    button = sidebar.buttons["Export all (ZIP)"]
    assert (button["file_name"], button["mime"], button["on_click"]) == (file_name("all", STATE.start, STATE.end, "zip"), "application/zip", "ignore")
    entries = zip_entries(button["data"]())
    csv = lambda key: file_name(key, STATE.start, STATE.end, "csv")  # noqa: E731
    assert entries[csv("figures")] == safe_csv(for_export(flt.select(package["departures"], STATE)))
    assert entries[csv("events")] == safe_csv(for_export(flt.select_events(package["events"], STATE)))
    charts = build_view(package, STATE).charts
    assert len(charts) >= 5
    for chart in charts:
        assert chart_file_name(chart, "html") in entries, chart.slug
        assert entries[chart_file_name(chart, "csv")] == safe_csv(chart.table), chart.slug
    readme = entries["README.txt"].decode("utf-8")
    assert "PNG and SVG images are not included: no browser here." in readme
    assert not any(name.endswith((".png", ".svg")) for name in entries)


def shown_chart(package, monkeypatch, exporter=None, browser=True, key_prefix="p_"):
    """frame.chart run with recorders: the chart, its six columns, what the page was given
    (st.plotly_chart's options, the heading, the page's captions) and what it returned."""
    shown = build_view(package, STATE).charts[0]
    columns = [Recorder() for _ in range(6)]
    drawn = {"captions": []}
    monkeypatch.setattr(frame.st, "plotly_chart", lambda figure, **options: drawn.update(options))
    monkeypatch.setattr(frame.st, "markdown", lambda text: drawn.setdefault("heading", text))
    monkeypatch.setattr(frame.st, "caption", drawn["captions"].append)
    monkeypatch.setattr(frame.st, "columns", lambda spec: columns)
    monkeypatch.setattr(frame, "browser_available", lambda: browser)
    monkeypatch.setattr(frame, "static_exporter", lambda: exporter)
    drawn["returned"] = frame.chart(shown, STATE, key_prefix=key_prefix, clickable=False)
    return shown, columns, drawn


def test_a_chart_offers_its_files_each_named_for_the_chart_and_its_dates(package, monkeypatch):
    shown, columns, drawn = shown_chart(package, monkeypatch, browser=False, key_prefix="")
    assert drawn["returned"] is None
    buttons = {label: b for c in columns[:5] for label, b in c.buttons.items()}
    assert list(buttons) == ["PNG", "PNG 680 px", "SVG", "HTML", "CSV"]
    for label, fmt, size, mime in (("PNG", "png", "standard", "image/png"), ("PNG 680 px", "png", "article", "image/png"),
                                   ("SVG", "svg", "standard", "image/svg+xml"), ("HTML", "html", "standard", "text/html"),
                                   ("CSV", "csv", "standard", "text/csv")):
        assert buttons[label]["file_name"] == chart_file_name(shown, fmt, size)
        assert buttons[label]["mime"] == mime and buttons[label]["on_click"] == "ignore"
    assert buttons["PNG"]["disabled"] and buttons["SVG"]["disabled"] and buttons["PNG 680 px"]["disabled"]
    assert not buttons["CSV"]["disabled"] and not buttons["HTML"]["disabled"]
    assert buttons["CSV"]["data"]() == safe_csv(shown.table)
    html = buttons["HTML"]["data"]().decode("utf-8")
    assert "<html" in html.lower() and "plotly" in html.lower()
    assert shown.caption in drawn["captions"]
    assert "PNG and SVG need Chrome or Chromium on the server; HTML and CSV work without it." in columns[-1].captions


def test_the_data_page_csv_is_the_rows_shown_with_their_sources(package, monkeypatch):
    page = Recorder()
    monkeypatch.setattr(frame, "st", page)
    rows = flt.select(package["departures"], STATE)
    frame.data_downloads(rows, STATE)
    button = page.buttons["Download these figures (CSV)"]
    assert button["file_name"] == file_name("figures", STATE.start, STATE.end, "csv") and button["mime"] == "text/csv"
    data = button["data"]()
    assert data == safe_csv(for_export(rows))
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


class ReportingPainter(Painter):
    """A painter that keeps a problem to report, as the app's exporter does."""

    def __init__(self, problem=None):
        super().__init__()
        self.problem = problem

    def recent_problem(self):
        return self.problem


def test_each_button_has_its_own_key_and_says_what_it_gives(package, monkeypatch):
    shown, columns, drawn = shown_chart(package, monkeypatch, ReportingPainter())
    buttons = {label: b for c in columns[:5] for label, b in c.buttons.items()}
    slug = "p_" + shown.slug
    assert {label: b["key"] for label, b in buttons.items()} == {
        "PNG": f"png_{slug}", "PNG 680 px": f"png_article_{slug}", "SVG": f"svg_{slug}", "HTML": f"html_{slug}", "CSV": f"csv_{slug}"}
    assert {label: b["help"] for label, b in buttons.items()} == {label: text for label, _, _, text in frame.BUTTONS}
    assert not any(b["disabled"] for b in buttons.values()), "with a browser every format is offered"
    assert (drawn["key"], drawn["width"], drawn["theme"], drawn["alt"]) == (f"chart_{slug}", "stretch", "streamlit", shown.alt)
    assert drawn["heading"].startswith("**") and shown.title.split(":")[0] in drawn["heading"].replace("\\", "")


def test_a_charts_images_come_from_the_apps_exporter(package, monkeypatch):
    painter = ReportingPainter()
    shown, columns, _ = shown_chart(package, monkeypatch, painter)
    buttons = {label: b for c in columns[:5] for label, b in c.buttons.items()}
    assert buttons["PNG 680 px"]["data"]() == b"png" and buttons["SVG"]["data"]() == b"svg"
    assert ("png", 680, 2) in painter.images and ("svg", 1200) in painter.images


def test_the_last_image_problem_is_told_beside_the_buttons(package, monkeypatch):
    _, columns, _ = shown_chart(package, monkeypatch, ReportingPainter(problem="the PNG image took too long"))
    assert columns[-1].captions == ["The last PNG/SVG export did not work\\: the PNG image took too long\\."], "as plain text"
    _, columns, _ = shown_chart(package, monkeypatch, ReportingPainter())
    assert columns[-1].captions == []


def test_the_zip_can_name_its_csv_columns_in_the_language(package):
    from exodus import i18n

    def headers(data: bytes) -> dict[str, list[str]]:
        return {name: pd.read_csv(io.BytesIO(body), nrows=0, encoding="utf-8-sig").columns.tolist()
                for name, body in zip_entries(data).items() if name.endswith(".csv")}

    with i18n.language("ru"):
        own = headers(frame.view_zip(package, STATE, exporter=NoBrowser(), headers=False))
        translated = headers(frame.view_zip(package, STATE, exporter=NoBrowser(), headers=True))
    assert own.keys() == translated.keys() and len(own) >= 7
    for name in own:
        assert own[name] != translated[name], name
        assert not any(re.search("[А-Яа-я]", column) for column in own[name]), name
        assert any(re.search("[А-Яа-я]", column) for column in translated[name]), name
