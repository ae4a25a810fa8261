"""Exports a journalist takes away: decorated figures, PNG/SVG through one browser,
offline HTML and spreadsheet-safe CSV. The files of a whole view (one path for the app,
the ZIP and the command line) are tested in tests/test_export_files.py."""

from __future__ import annotations

import re
import struct
import subprocess
import threading
import xml.etree.ElementTree as ET
import zlib
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import plotly
import plotly.express as px
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from exodus.data import release
from hypothesis import example, given, settings
from hypothesis import strategies as st

from exodus.export import decorate as deco
from exodus.export import files as export_files
from exodus.export import light
from exodus.export.html import to_html
from exodus.export.images import ExportUnavailable, StaticExporter, browser_available, default_exporter
from exodus.export.spreadsheet import FORMULA_START, read_safe_csv, safe_csv

START, END = date(2022, 9, 21), date(2022, 10, 31)
SOURCES = ["UNHCR", "Georgia Ministry of Internal Affairs", "unhcr", "Kazakhstan Border Service & MVD"]
TITLE = "Reported arrivals from Russia"
BAR_RGB = (68, 119, 170)  # "#4477AA", the bar colour in bar_figure()

needs_browser = pytest.mark.skipif(
    not browser_available(),
    reason=f"no browser for PNG/SVG export: {default_exporter().missing()}",
)


# ---------------------------------------------------------------- helpers

def bar_figure() -> go.Figure:
    return go.Figure(
        go.Bar(x=["Upper Lars", "Kazakhstan", "Finland"], y=[12345, 98000, 40000], marker_color="#4477AA"),
        layout=dict(xaxis_title="Destination", yaxis_title="People"),
    )


def polygon_figure() -> go.Figure:
    """A map-like figure: filled x/y polygons, as the dashboard draws countries."""
    fig = go.Figure()
    for i, (x0, colour) in enumerate([(0, "#EE6677"), (3, "#228833")]):
        fig.add_trace(go.Scatter(x=[x0, x0 + 2, x0 + 2.5, x0 + 1, x0], y=[0, 0, 2, 3, 0], fill="toself",
                                 fillcolor=colour, line_color="#333333", mode="lines", name=f"country {i}"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    return fig


def decorated(fig: go.Figure | None = None, size: str = "standard") -> go.Figure:
    return deco.decorate(fig or bar_figure(), title=TITLE, start=START, end=END, sources=SOURCES, size=deco.SIZES[size])


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def png_pixels(data: bytes) -> list[tuple[int, int, int]]:
    """Decode an 8-bit RGB/RGBA PNG (no interlace) into RGB tuples, with zlib only."""
    width, height = png_size(data)
    depth, colour_type, _, _, interlace = struct.unpack(">BBBBB", data[24:29])
    assert depth == 8 and colour_type in (2, 6) and interlace == 0
    channels = 4 if colour_type == 6 else 3
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    pixels = []
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                upper_left = previous[i - channels] if i >= channels else 0
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else upper_left
                line[i] = (line[i] + predictor) & 0xFF
        pixels += [tuple(line[i:i + 3]) for i in range(0, stride, channels)]
        previous = line
    return pixels


def light_share(pixels) -> float:
    return sum(1 for r, g, b in pixels if min(r, g, b) >= 235) / len(pixels)


def svg_texts(data: bytes) -> list[str]:
    """Every text of an SVG, with no-break spaces read as spaces."""
    root = ET.fromstring(data)
    return ["".join(node.itertext()).replace("\u00a0", " ") for node in root.iter("{http://www.w3.org/2000/svg}text")]


@pytest.fixture
def streamlit_template():
    """Plotly's default template as it is inside the running dashboard."""
    import streamlit  # noqa: F401  (registers the "streamlit" template and makes it the default)

    previous = pio.templates.default
    pio.templates.default = "streamlit"
    yield
    pio.templates.default = previous


@pytest.fixture(scope="module")
def exporter():
    with StaticExporter() as shared:
        yield shared


@pytest.fixture
def tricky_table() -> pd.DataFrame:
    return pd.DataFrame({
        "crossing": ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "Верхний Ларс", "'quoted", "plain"],
        "value": [-5, 12, -2, 3, 0, 7, 11200, 1, -98000],
        "share": [-0.5, 1.25, 0.0, -3.75, 2.5, 0.1, 0.2, 0.3, -1.0],
    })


# ---------------------------------------------------------------- names and text

@pytest.mark.parametrize("chart, start, end, ext, expected", [
    ("map", "2022-09-21", "2022-10-31", "png", "exodus-map_2022-09-21_2022-10-31.png"),
    ("Border crossings!", START, END, "CSV", "exodus-border-crossings_2022-09-21_2022-10-31.csv"),
    ("  Timeline / daily  ", datetime(2022, 9, 21, 13), pd.Timestamp("2022-10-31"), ".svg",
     "exodus-timeline-daily_2022-09-21_2022-10-31.svg"),
    ("Géorgie", START, START, "html", "exodus-georgie_2022-09-21_2022-09-21.html"),
    ("Карта", START, END, "png", "exodus-chart_2022-09-21_2022-10-31.png"),
    ("../../etc/passwd", START, END, "png", "exodus-etc-passwd_2022-09-21_2022-10-31.png"),
])
def test_file_name(chart, start, end, ext, expected):
    assert export_files.file_name(chart, start, end, ext) == expected
    assert re.fullmatch(r"exodus-[a-z0-9-]+_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.[a-z0-9]+", expected)


@pytest.mark.parametrize("start, end, expected", [
    (START, END, "21 Sep 2022 – 31 Oct 2022"),
    ("2023-01-05", "2023-01-05", "5 Jan 2023"),
])
def test_date_range_text(start, end, expected):
    assert deco.date_range_text(start, end) == expected


def test_date_range_rejects_reversed_period():
    with pytest.raises(ValueError, match="after"):
        deco.date_range_text(END, START)


@pytest.mark.parametrize("sources, max_chars, expected", [
    (["UNHCR", "unhcr ", "Frontex"], 120, "Sources: UNHCR; Frontex"),
    (["b", "a", "c"], 120, "Sources: b; a; c"),  # the order given: the body behind the most figures first
    ([f"Ministry number {i:02d}" for i in range(10)], 80,
     "Sources: Ministry number 00; Ministry number 01; Ministry number 02; and 7 more"),
    (["A very long official name " * 8], 40, "Sources: A very long official name A…"),
    (["Federal Security Service Border Directorate", "IOM"], 40, "Sources: Federal Security…; and 1 more"),
    # One body under several descriptions is named once, without the details in brackets.
    (["Finnish Border Guard (press release)", "Finnish Border Guard", "Frontex (via AFP)", "Finnish  Border Guard (Twitter)"], 120,
     "Sources: Finnish Border Guard; Frontex"),
])
def test_source_line(sources, max_chars, expected):
    line = deco.source_line(sources, max_chars=max_chars)
    assert line == expected and len(line) <= max_chars


def test_source_line_without_a_source_says_so():
    assert deco.source_line(["", "  "]) == "Sources: none (no figure in this range)"


# ---------------------------------------------------------------- decoration

def test_decorate_returns_a_copy_with_title_period_sources_and_project():
    fig = bar_figure()
    before = fig.to_json()
    out = decorated(fig)
    assert fig.to_json() == before, "the original figure changed"
    assert out is not fig
    assert out.layout.title.text.replace("\u00a0", " ") == f"{TITLE} · 21 Sep 2022 – 31 Oct 2022"
    notes = {a.name: a.text for a in out.layout.annotations}
    assert notes[deco.SOURCES_NAME] == (
        "Sources: UNHCR; Georgia Ministry of Internal Affairs; Kazakhstan Border Service &amp; MVD")
    assert notes[deco.PROJECT_NAME] == f"Chart: Exodus · data {release.version_label()}"
    assert out.layout.paper_bgcolor == "white" and out.layout.plot_bgcolor == "white"
    assert out.layout.margin.b >= 90 and out.layout.margin.t >= 22 + 1.3 * 18, "room for the footer and the title"
    assert out.layout.width == 1200


def test_decoration_wraps_a_long_title_and_keeps_the_subtitle():
    long_title = "Arrivals in the destination from Russia: headline figure per country (most authoritative report)"
    out = deco.decorate(bar_figure(), title=long_title, subtitle="hatched grey: no report in range", start=START, end=END,
                        sources=SOURCES, size=deco.SIZES["article"])
    text = out.layout.title.text
    heading, _, below = text.partition('<br><span style="font-size:12px">')
    assert heading.count("<br>") == 1, "wrapped to two lines at 680 px"
    assert "21\u00a0Sep\u00a02022\u00a0–\u00a031\u00a0Oct\u00a02022" in heading, "the dates never break"
    assert below == "hatched grey: no report in range</span>"
    assert out.layout.width == 680 and out.layout.title.font.size == 16


def test_article_size_raises_every_small_font():
    fig = bar_figure().add_annotation(text="small", x=0, y=0, font=dict(size=9))
    fig.update_traces(textfont=dict(size=8))
    out = decorated(fig, "article")
    assert [a.font.size for a in out.layout.annotations if a.text == "small"] == [11]
    assert out.data[0].textfont.size == 11


def test_decorating_twice_keeps_one_footer():
    twice = deco.decorate(decorated(), title="Other", start=START, end=END, sources=["IOM"])
    names = [a.name for a in twice.layout.annotations]
    assert names.count(deco.SOURCES_NAME) == 1 and names.count(deco.PROJECT_NAME) == 1
    assert deco.is_decorated(twice) and not deco.is_decorated(bar_figure())


@pytest.mark.parametrize("ambient", ["streamlit", "plotly_dark", "plotly"])
def test_decoration_ignores_the_ambient_template(streamlit_template, ambient):
    pio.templates.default = ambient
    out = decorated(px.bar(pd.DataFrame({"x": ["a", "b"], "y": [1, 2]}), x="x", y="y"))
    assert out.layout.template.layout.paper_bgcolor == pio.templates["plotly_white"].layout.paper_bgcolor
    assert not re.search(r"#0000\d\d", out.to_json()), "Streamlit placeholder colours leaked into the export"


def test_streamlit_placeholder_colours_are_mapped_to_real_ones(streamlit_template):
    fig = px.bar(pd.DataFrame({"x": ["a", "b"], "y": [1, 2], "c": ["p", "q"]}), x="x", y="y", color="c")
    assert fig.data[0].marker.color == "#000001", "Plotly Express no longer bakes placeholders; revisit light_copy"
    copied = light.light_copy(fig)
    colourway = pio.templates["plotly_white"].layout.colorway
    assert [t.marker.color for t in copied.data] == list(colourway[:2])


def test_light_font_from_a_dark_theme_is_made_readable():
    fig = bar_figure().update_layout(font_color="#fafafa")
    assert light.light_copy(fig).layout.font.color == light.TEXT_COLOUR


# ---------------------------------------------------------------- HTML

def plotly_bundle() -> str:
    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text("utf-8")


def test_html_is_standalone_and_offline():
    page = to_html(decorated()).decode("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    for value in ("Upper Lars", "12345", "98000", "Sources: UNHCR; Georgia Ministry"):
        assert value in page
    assert not re.search(r"<script[^>]*src=[\"']?(https?:)?//", page, re.I)
    bundle = plotly_bundle()
    assert bundle in page, "plotly.js is not inlined"
    # The inlined library keeps its built-in default topojsonURL; nothing else may name a CDN.
    rest = page.replace(bundle, "")
    for cdn in ("cdn.plot.ly", "cdnjs", "unpkg", "jsdelivr", "world_110m"):
        assert cdn not in rest
    config = re.search(r"\{\"displaylogo\".*?\}", rest)
    assert config and "http" not in config.group(0)


@needs_browser
def test_html_draws_from_disk_with_the_network_blocked(tmp_path, exporter):
    page = tmp_path / "chart.html"
    page.write_bytes(to_html(decorated(polygon_figure())))
    shot = tmp_path / "shot.png"
    subprocess.run(
        [exporter.browser_path(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--proxy-server=127.0.0.1:9",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1000,700",
         "--virtual-time-budget=5000", f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=90,
    )
    colours = set(png_pixels(shot.read_bytes()))
    assert (238, 102, 119) in colours and (34, 136, 51) in colours, "the polygons were not drawn"


# ---------------------------------------------------------------- CSV

def test_csv_neutralises_formula_cells_and_keeps_numbers(tricky_table):
    data = safe_csv(tricky_table)
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "crossing,value,share"
    cells = [line.split(",")[0] for line in lines[1:4]] + [lines[4].split(",")[0]]
    assert cells == ["'=1+1", "'+cmd", "'-2+3", "'@SUM(A1)"]
    assert "\"'\tx\"" in text or "'\tx" in text
    assert "\"'\rx\"" in text
    assert "''quoted" in text
    assert ",-5,-0.5" in text and ",-98000,-1.0" in text, "numbers must not be touched"
    assert "Верхний Ларс" in text


def test_csv_round_trips(tricky_table):
    back = read_safe_csv(safe_csv(tricky_table))
    pd.testing.assert_frame_equal(back, tricky_table, check_dtype=False)
    assert back["value"].tolist() == tricky_table["value"].tolist()


def test_csv_keeps_every_column_and_a_named_index():
    table = pd.DataFrame({"people": [1, 2]}, index=pd.Index(["KAZ", "GEO"], name="iso3"))
    back = read_safe_csv(safe_csv(table))
    assert back.columns.tolist() == ["iso3", "people"]
    assert back["iso3"].tolist() == ["KAZ", "GEO"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
                min_size=1, max_size=6))
@example([" "])  # a row whose only cell is a space once read back as a blank line
def test_csv_round_trips_any_text(values):
    table = pd.DataFrame({"text": values})
    back = read_safe_csv(safe_csv(table), dtype=str, keep_default_na=False)
    assert back["text"].tolist() == values
    import csv
    import io

    cells = [row[0] for row in csv.reader(io.StringIO(safe_csv(table).decode("utf-8-sig"), newline=""))][1:]
    for value, cell in zip(values, cells):
        if value.startswith(FORMULA_START):
            assert cell == "'" + value  # what a spreadsheet reads: text, not a formula


# ---------------------------------------------------------------- static images

@needs_browser
def test_png_has_the_requested_size(exporter):
    data = exporter.to_png(decorated(), width=1200, height=700, scale=2)
    assert png_size(data) == (2400, 1400)


@needs_browser
@pytest.mark.parametrize("make", [bar_figure, polygon_figure], ids=["bar", "polygons"])
def test_png_is_light_and_not_blank(exporter, make):
    data = exporter.to_png(decorated(make()), width=480, height=360, scale=1)
    assert png_size(data) == (480, 360)
    pixels = png_pixels(data)
    assert len(set(pixels)) > 1, "blank image"
    assert light_share(pixels) > 0.6, "background is not light"


@needs_browser
def test_png_is_light_after_importing_streamlit(exporter, streamlit_template):
    fig = px.bar(pd.DataFrame({"x": ["a", "b", "c"], "y": [3, 1, 2]}), x="x", y="y")
    for picture in (fig, decorated(fig)):
        pixels = png_pixels(exporter.to_png(picture, width=480, height=360, scale=1))
        assert light_share(pixels) > 0.5, "Streamlit's template made the export dark"
        assert (99, 110, 250) in set(pixels), "bars are not in plotly_white's first colour"


@needs_browser
def test_svg_parses_and_carries_title_and_sources(exporter):
    data = exporter.to_svg(decorated(polygon_figure()), width=900, height=500)
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("width") == "900"
    texts = svg_texts(data)
    assert any(f"{TITLE} · 21 Sep 2022 – 31 Oct 2022" in t for t in texts)
    assert any(t == deco.source_line(SOURCES, 150) for t in texts)
    assert any(t == f"Chart: Exodus · data {release.version_label()}" for t in texts)


@needs_browser
def test_browser_starts_once_and_serves_threads(exporter):
    exporter.to_svg(bar_figure())
    launches = exporter.launches
    results, errors = [], []

    def work():
        try:
            results.append(exporter.to_png(bar_figure(), width=200, height=150, scale=1))
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors and len(results) == 4
    assert all(png_size(r) == (200, 150) for r in results)
    assert exporter.launches == launches == 1


@needs_browser
def test_closing_ends_the_browser():
    psutil = pytest.importorskip("psutil")
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    with StaticExporter() as own:
        own.to_svg(bar_figure(), width=200, height=150)
        started = {p.pid for p in me.children(recursive=True)} - before
        assert started, "no browser process was started"
    alive = [p for p in started if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
    assert not alive


# ---------------------------------------------------------------- no browser

def test_missing_browser_is_reported_not_hung(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    nowhere = StaticExporter(browser_path="/nonexistent/chromium")
    assert nowhere.browser_available() is False
    with pytest.raises(ExportUnavailable, match="/nonexistent/chromium"):
        nowhere.to_png(bar_figure())
    with pytest.raises(ExportUnavailable, match="PNG/SVG"):
        nowhere.to_svg(bar_figure())


def test_browser_path_variable_is_honoured(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/browser")
    exporter = StaticExporter()
    assert not exporter.browser_available()
    assert exporter.missing() == "BROWSER_PATH='/nonexistent/browser' is not an executable file"


def test_browser_available_never_raises(monkeypatch):
    monkeypatch.setattr(StaticExporter, "missing", lambda self: 1 / 0)
    assert StaticExporter().browser_available() is False
    assert browser_available() is False
