"""The one export path: every file of a view or a chart comes from exodus.export.files.files,
and the ZIP and the command line give the same files (the app's buttons: tests/test_app_export.py)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import date

import pandas as pd
import pytest

from exodus.data import release

from exodus.derive import filters as flt
from exodus.export import decorate as deco
from exodus.export.bundle import bundle_zip
from exodus.export.files import File, files, zip_name
from exodus.export.images import ExportUnavailable, StaticExporter, browser_available, default_exporter
from exodus.export.spreadsheet import read_safe_csv
from exodus.view.build import build_view
from exodus.view.package import load_package

STATE = flt.Filters(date(2022, 9, 21), date(2022, 10, 31), flt.CUSTOM, ("GEO", "KAZ", "FIN"))
SVG = "{http://www.w3.org/2000/svg}"
OFFLINE = "/nonexistent/chromium"

needs_browser = pytest.mark.skipif(not browser_available(), reason=f"no browser: {default_exporter().missing()}")


@pytest.fixture(scope="module")
def package():
    return load_package()


@pytest.fixture(scope="module")
def view(package):
    return build_view(package, STATE)


@pytest.fixture(scope="module")
def offline_files(view):
    return files(view, ["html", "csv"], StaticExporter(browser_path=OFFLINE))


def by_name(found: list[File]) -> dict[str, File]:
    return {f.name: f for f in found}


def stem(chart, ext: str, name: str | None = None) -> str:
    return f"exodus-{name or chart.slug}_{chart.span[0]}_{chart.span[1]}.{ext}"


def test_a_view_has_every_chart_and_table_once(view, offline_files):
    names = [f.name for f in offline_files]
    assert names[0] == "README.txt" and len(names) == len(set(names))
    expected = {"README.txt", "exodus-figures_2022-09-21_2022-10-31.csv", "exodus-events_2022-09-21_2022-10-31.csv"}
    for chart in view.charts:
        expected |= {stem(chart, "html"), stem(chart, "csv", chart.csv_name)}
    assert set(names) == expected
    assert [c.slug for c in view.charts] == ["map", "map-estimate", "timeline", "estimated-flow", "events",
                                             "series-map-fsb-departures", "series-compared-with-normal"]


def test_each_csv_holds_exactly_its_charts_table(view, offline_files):
    found = by_name(offline_files)
    for chart in view.charts:
        data = found[stem(chart, "csv", chart.csv_name)].data
        header = data.decode("utf-8-sig").split("\r\n", 1)[0]
        assert header == ",".join(chart.table.columns), chart.slug
        back = read_safe_csv(data, dtype=str, keep_default_na=False)
        assert len(back) == len(chart.table) > 0, chart.slug
        expected = chart.table.astype(object).where(chart.table.notna(), "").astype(str)
        pd.testing.assert_frame_equal(back, expected.reset_index(drop=True), check_dtype=False, obj=chart.slug)


def test_the_charts_tables_are_what_they_say(view):
    charts = {c.slug: c for c in view.charts}
    # Reported charts: the reports drawn, in the curated file's columns, with their sources.
    for slug in ("map", "timeline"):
        table = charts[slug].table
        assert {"id", "source_url", "reporting_body", "period_start"} <= set(table.columns)
        assert set(table["destination_iso3"]) <= set(STATE.destinations)
        # Every body behind the figures once, the one behind the most figures first.
        counts = table["reporting_body"].value_counts()
        assert set(charts[slug].sources) == set(counts.index)
        assert counts[charts[slug].sources[0]] == counts.max()
    # Estimates: derived values with their bounds and the reports they rest on, labelled.
    for slug in ("map-estimate", "estimated-flow"):
        table = charts[slug].table
        assert {"point", "low", "high", "report_ids"} <= set(table.columns) and set(table["kind"]) == {"estimate"}
        assert "source_url" not in table
    assert charts["estimated-flow"].table["date"].str.fullmatch(r"\d{4}-\d\d-\d\d").all()
    assert set(charts["events"].table["id"]) == set(view.events["id"])
    assert (charts["series-map-fsb-departures"].table["period_start"] == "2022-07-01").all()
    assert charts["series-map-fsb-departures"].span == (date(2022, 7, 1), date(2022, 9, 30))


def test_the_events_chart_csv_is_the_views_events_table(view, offline_files):
    data = by_name(offline_files)["exodus-events_2022-09-21_2022-10-31.csv"].data
    back = read_safe_csv(data, dtype=str, keep_default_na=False)
    assert list(back.columns) == list(view.events.columns) and len(back) == len(view.events) > 5
    assert "ev-2022-0921-mobilization-decree" in set(back["id"])


def test_the_readme_names_the_filters_period_every_source_and_file(view, offline_files):
    readme = offline_files[0].data.decode("utf-8")
    assert "Period: 21 Sep 2022 – 31 Oct 2022 (2022-09-21 to 2022-10-31, inclusive)" in readme
    assert "  dest: GEO,KAZ,FIN" in readme and "  from: 2022-09-21" in readme
    for source in view.sources:
        assert f"  - {' '.join(source.split())}\n" in readme
    for f in offline_files[1:]:
        assert f"  {f.name}" in readme
    assert "series-map-fsb-departures: 1 Jul 2022 – 30 Sep 2022" in readme
    version = release.latest().version
    assert f"Data version: {version} (released " in readme
    assert "from=2022-09-21&to=2022-10-31&" in readme and "dest=GEO" in readme
    assert f"(Data version {version})" in readme


def test_without_a_browser_a_view_leaves_images_out_and_says_why(view):
    found = files(view, ["png", "csv"], StaticExporter(browser_path=OFFLINE))
    assert not [f for f in found if f.name.endswith(".png")]
    assert "PNG images are not included" in found[0].data.decode("utf-8") and OFFLINE in found[0].data.decode("utf-8")
    with pytest.raises(ExportUnavailable, match=OFFLINE):
        files(view.charts[0], ["png"], StaticExporter(browser_path=OFFLINE))


def test_unknown_formats_and_sizes_are_refused(view):
    with pytest.raises(ValueError, match="pdf"):
        files(view, ["pdf"])
    with pytest.raises(ValueError, match="poster"):
        files(view.charts[0], ["png"], sizes=["poster"])


def test_the_zip_holds_exactly_the_files(offline_files):
    archive = zipfile.ZipFile(io.BytesIO(bundle_zip(offline_files)))
    assert archive.namelist() == [f.name for f in offline_files]
    for f in offline_files:
        assert archive.read(f.name) == f.data
    with pytest.raises(ValueError, match="share a name"):
        bundle_zip([File("a.csv", "text/csv", b"1"), File("a.csv", "text/csv", b"2")])


def test_the_command_line_writes_the_same_files_and_zip(tmp_path, view, offline_files):
    from exodus.export.cli import main

    assert main(["--from", "2022-09-21", "--to", "2022-10-31", "--dest", "GEO,KAZ,FIN", "--out", str(tmp_path),
                 "--formats", "html,csv", "--zip"]) == 0
    written = {p.name for p in tmp_path.iterdir()}
    assert written == {f.name for f in offline_files} | {zip_name(view)}
    for f in offline_files:
        if f.name.endswith(".csv"):
            assert (tmp_path / f.name).read_bytes() == f.data, f.name
    archive = zipfile.ZipFile(tmp_path / zip_name(view))
    assert archive.namelist() == [f.name for f in offline_files]
    assert archive.read("exodus-events_2022-09-21_2022-10-31.csv") == by_name(offline_files)["exodus-events_2022-09-21_2022-10-31.csv"].data


def test_the_command_line_refuses_an_unknown_size(tmp_path, capsys):
    from exodus.export.cli import main

    assert main(["--out", str(tmp_path), "--size", "poster"]) == 2
    assert "unknown size(s): poster" in capsys.readouterr().err


# ---------------------------------------------------------------- what every image carries

def svg_lines(data: bytes) -> list[tuple[str, float]]:
    """Each text of an SVG with the font size it is drawn at (a tspan's own size, in px or
    as a share of its text's), no-break spaces read as spaces."""
    out = []
    for text in ET.fromstring(data).iter(f"{SVG}text"):
        size = _px(text.get("style", ""), 12.0)
        spans = list(text.iter(f"{SVG}tspan"))
        if not spans:
            out.append(("".join(text.itertext()), size))
        for span in spans:
            own = "".join(span.itertext())
            if own.strip():
                out.append((own, _px(span.get("style", ""), size)))
    return [(t.replace("\u00a0", " "), s) for t, s in out if t.strip()]


def _px(style: str, inherited: float) -> float:
    found = re.search(r"font-size:\s*([0-9.]+)(px|%)", style)
    if not found:
        return inherited
    value = float(found.group(1))
    return value if found.group(2) == "px" else inherited * value / 100


def title_text(data: bytes) -> str:
    title = next(t for t in ET.fromstring(data).iter(f"{SVG}text") if t.get("class") == "gtitle")
    parts = [" ".join(s.itertext()) for s in title.iter(f"{SVG}tspan")] or ["".join(title.itertext())]
    return " ".join(parts).replace("\u00a0", " ")


@needs_browser
@pytest.mark.parametrize("size", ["standard", "article"])
def test_every_image_of_a_view_carries_title_dates_sources_and_project(view, size):
    with StaticExporter() as exporter:
        found = by_name(files(view, ["svg"], exporter, sizes=[size]))
    suffix = deco.SIZES[size].suffix
    for chart in view.charts:
        data = found[stem(chart, "svg", chart.slug + suffix)].data
        assert ET.fromstring(data).get("width") == str(deco.SIZES[size].width)
        heading = " ".join(title_text(data).split())
        assert heading.startswith(" ".join(chart.title.split()[:4])), (chart.slug, heading)
        assert deco.date_range_text(*chart.span) in heading, chart.slug
        for word in chart.subtitle.split()[:3]:
            assert word in heading, (chart.slug, "the subtitle (the map's legend) is kept")
        lines = svg_lines(data)
        texts = [t for t, _ in lines]
        sources = [t for t in texts if t.startswith("Sources: ")]
        assert len(sources) == 1 and chart.sources, chart.slug
        named = sources[0].removeprefix("Sources: ").split("; ")
        assert len(named) == len(set(named)), "no body named twice"
        assert named[0] == deco.body_name(chart.sources[0]) or named[0].endswith("…")
        if len({deco.body_name(s) for s in chart.sources}) > len(named):
            assert re.fullmatch(r"and \d+ more", named[-1]), named
        assert f"Chart: Exodus · data {release.version_label()}" in texts
        assert min(s for _, s in lines) >= 11, (chart.slug, sorted(lines, key=lambda x: x[1])[:3])


@needs_browser
def test_an_article_png_is_680_px_wide_at_twice_the_scale(view):
    from test_export import png_size

    with StaticExporter() as exporter:
        (png,) = files(view.charts[0], ["png"], exporter, sizes=["article"])
    assert png.name == "exodus-map-article_2022-09-21_2022-10-31.png" and png.media_type == "image/png"
    width, height = png_size(png.data)
    assert width == 1360 and height > 600
