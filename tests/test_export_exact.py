"""The export path's details, value for value: which image each format and size asks the
browser for, the words of each file's line in the README, the README's layout, the legend
height an image keeps free, and which text colours count as light. A recording exporter
stands in for the browser, so these run fast and without one."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from exodus.derive import filters as flt
from exodus.export import decorate as deco
from exodus.export import files as ef
from exodus.export.images import ExportUnavailable
from exodus.export.light import TEXT_COLOUR, _is_light, light_copy
from exodus.view.chart import Chart, View

SPAN = (date(2022, 9, 21), date(2022, 10, 31))


class Recorder:
    """Takes the place of the browser: each call is written down, each image is its arguments."""

    def __init__(self, fails: str | None = None):
        self.calls: list[tuple] = []
        self.fails = fails

    def start(self):
        self.calls.append(("start",))
        if self.fails:
            raise ExportUnavailable(f"PNG/SVG export unavailable: {self.fails}")

    def to_png(self, fig, width, height, scale):
        self.calls.append(("png", fig.layout.title.text.split("<br>")[0], width, height, scale))
        return f"png {width}x{height}@{scale}".encode()

    def to_svg(self, fig, width, height):
        self.calls.append(("svg", fig.layout.title.text.split("<br>")[0], width, height))
        return f"svg {width}x{height}".encode()


def chart(slug="map", title="Entries by border", span=SPAN, rows=2, sources=("Body A", "Body B")) -> Chart:
    figure = go.Figure(go.Bar(x=["GEO", "KAZ"][:rows], y=[1, 2][:rows]), layout=dict(height=450))
    table = pd.DataFrame({"destination": ["GEO", "KAZ"][:rows], "value": [1, 2][:rows]})
    return Chart(slug=slug, figure=figure, title=title, subtitle="", caption="", alt="", sources=sources,
                 table=table, csv_name=f"{slug}-data", span=span)


def view(*charts: Chart, filters=flt.Filters(*SPAN, flt.CUSTOM, ("GEO",))) -> View:
    figures = pd.DataFrame({"id": ["r1"], "reporting_body": ["Body C"]})
    events = pd.DataFrame({"id": ["e1", "e2"], "date": ["2022-09-21", "2022-09-22"]})
    return View(filters=filters, charts=charts, figures=figures, events=events)


# ---------------------------------------------------------------- one chart's files

def test_each_format_and_size_asks_for_its_own_image_and_names_it():
    rec = Recorder()
    found = ef.chart_files(chart(), ["svg", "png", "csv", "html"], rec, sizes=["standard", "article"])
    assert [f.name for f in found] == [
        "exodus-map_2022-09-21_2022-10-31.svg", "exodus-map-article_2022-09-21_2022-10-31.svg",
        "exodus-map_2022-09-21_2022-10-31.png", "exodus-map-article_2022-09-21_2022-10-31.png",
        "exodus-map-data_2022-09-21_2022-10-31.csv", "exodus-map_2022-09-21_2022-10-31.html"]
    assert [f.media_type for f in found] == ["image/svg+xml"] * 2 + ["image/png"] * 2 + ["text/csv", "text/html"]
    standard = ef.decorated(chart()).layout.height
    article = ef.decorated(chart(), deco.SIZES["article"]).layout.height
    assert standard != article
    heading = "Entries by border ·\u00a021\u00a0Sep\u00a02022\u00a0–\u00a031\u00a0Oct\u00a02022"
    assert rec.calls == [("svg", heading, 1200, standard), ("svg", heading, 680, article),
                         ("png", heading, 1200, standard, 2), ("png", heading, 680, article, 2)]
    assert [f.data for f in found[:4]] == [f"svg 1200x{standard}".encode(), f"svg 680x{article}".encode(),
                                           f"png 1200x{standard}@2".encode(), f"png 680x{article}@2".encode()]
    assert [f.about for f in found] == [
        "chart 'map', SVG image, 1200 px wide", "chart 'map', SVG image, 680 px wide",
        "chart 'map', PNG image, 1200 px wide at 2x", "chart 'map', PNG image, 680 px wide at 2x",
        "the data of chart 'map', 2 rows, CSV", "chart 'map', interactive HTML"]


def test_a_chart_without_images_never_touches_the_browser():
    rec = Recorder()
    found = ef.chart_files(chart(rows=1), ["csv", "html", "csv"], rec)
    assert rec.calls == [] and [f.about for f in found] == ["the data of chart 'map', 1 row, CSV", "chart 'map', interactive HTML"]
    assert b"Entries by border" in found[1].data and b"Body A" in found[1].data


def test_a_repeated_size_is_made_once():
    rec = Recorder()
    assert len(ef.chart_files(chart(), ["png"], rec, sizes=["article", "article"])) == 1
    assert [c[2] for c in rec.calls] == [680]


@pytest.mark.parametrize("fmt, size, name", [
    ("png", "standard", "exodus-map_2022-09-21_2022-10-31.png"),
    ("png", "article", "exodus-map-article_2022-09-21_2022-10-31.png"),
    ("svg", "article", "exodus-map-article_2022-09-21_2022-10-31.svg"),
    ("html", "article", "exodus-map_2022-09-21_2022-10-31.html"),
    ("csv", "article", "exodus-map-data_2022-09-21_2022-10-31.csv"),
])
def test_a_file_name_is_known_before_the_file_is_made(fmt, size, name):
    assert ef.chart_file_name(chart(), fmt, size) == name


@pytest.mark.parametrize("text, expected", [
    ("Entries by border", "entries-by-border"), ("  Grenzübergang  ", "grenzubergang"),
    ("Вход", "chart"), ("a__b--c", "a-b-c"), ("2022: A/B", "2022-a-b"), ("", "chart"),
])
def test_slug(text, expected):
    assert ef.slug(text) == expected


def test_a_file_extension_is_letters_and_digits_only():
    assert ef.file_name("x", *SPAN, ".P-N_G") == "exodus-x_2022-09-21_2022-10-31.png"
    with pytest.raises(ValueError, match=r"bad file extension '\.\.'"):
        ef.file_name("x", *SPAN, "..")


def test_refusals_name_what_is_known():
    with pytest.raises(ValueError, match=r"unknown export formats \['pdf', 'jpg'\]; use png, svg, html, csv$"):
        ef.files(chart(), ["png", "pdf", "jpg"], Recorder())
    with pytest.raises(ValueError, match=r"unknown image sizes \['poster'\]; use standard, article$"):
        ef.files(chart(), ["png"], Recorder(), sizes=["standard", "poster"])


# ---------------------------------------------------------------- a view's files and README

def test_a_views_images_start_the_browser_once_before_any_chart():
    rec = Recorder()
    found = ef.files(view(chart("a"), chart("b")), ["png"], rec)
    assert rec.calls[0] == ("start",) and [c[0] for c in rec.calls] == ["start", "png", "png"]
    assert [f.name for f in found] == ["README.txt", "exodus-a_2022-09-21_2022-10-31.png", "exodus-b_2022-09-21_2022-10-31.png"]
    assert "Notes" in found[0].data.decode() and "images are not included" not in found[0].data.decode()


def test_a_view_without_a_browser_says_which_images_are_missing_and_why():
    rec = Recorder(fails="no browser at /x")
    found = ef.files(view(chart("a")), ["svg", "csv", "png"], rec)
    readme = found[0].data.decode()
    assert "  - SVG and PNG images are not included: no browser at /x.\n" in readme
    assert [f.name for f in found] == ["README.txt", "exodus-a-data_2022-09-21_2022-10-31.csv",
                                       "exodus-figures_2022-09-21_2022-10-31.csv", "exodus-events_2022-09-21_2022-10-31.csv"]
    assert rec.calls == [("start",)]


def test_without_csv_a_view_has_no_tables():
    found = ef.files(view(chart("a")), ["html"], Recorder())
    assert [f.name for f in found] == ["README.txt", "exodus-a_2022-09-21_2022-10-31.html"]


def test_the_views_tables_are_its_figures_and_events():
    found = {f.name: f for f in ef.files(view(chart("a")), ["csv"], Recorder())}
    assert found["exodus-figures_2022-09-21_2022-10-31.csv"].about == "every reported figure of the filters, 1 row, CSV"
    assert found["exodus-events_2022-09-21_2022-10-31.csv"].about == "the events of the range, 2 rows, CSV"
    assert b"Body C" in found["exodus-figures_2022-09-21_2022-10-31.csv"].data
    assert b"e2" in found["exodus-events_2022-09-21_2022-10-31.csv"].data
    assert found["README.txt"].about == "this file" and found["README.txt"].media_type == "text/plain"


def test_two_different_files_under_one_name_are_an_error_and_equal_ones_are_kept_once():
    a, b = ef.File("x.csv", "text/csv", b"1"), ef.File("x.csv", "text/csv", b"2")
    assert ef._without_repeats([a, ef.File("x.csv", "text/csv", b"1", "other"), ef.File("y.csv", "text/csv", b"1")]) == [
        a, ef.File("y.csv", "text/csv", b"1")]
    with pytest.raises(ValueError, match="two different files map to the same name: x.csv"):
        ef._without_repeats([a, b])


def test_the_readme_lays_out_period_filters_sources_spans_files_and_notes():
    own = chart("series", span=(date(2022, 7, 1), date(2022, 9, 30)), sources=("Body B", "body b"))
    listed = [ef.File("short.csv", "text/csv", b"", "one"), ef.File("a-much-longer-name.png", "image/png", b"", "two")]
    text = ef.readme(view(chart("map"), own), listed, ["a note"], project="Proj")
    lines = text.splitlines()
    assert lines[:4] == ["Proj data export", "================", "",
                         "Period: 21 Sep 2022 – 31 Oct 2022 (2022-09-21 to 2022-10-31, inclusive)"]
    assert lines[4].startswith("Exported: ") and lines[4].endswith(" UTC") and len(lines[4]) == len("Exported: 2026-01-01 00:00 UTC")
    assert lines[5:7] == ["", "Filters (as in the dashboard's address)"]
    at = lines.index("Sources (every reporting body and publisher behind the numbers in this export)")
    assert lines[7:at] == ["  preset: custom", "  lang: en", "  from: 2022-09-21", "  to: 2022-10-31", "  dest: GEO", ""]
    assert lines[at + 1:at + 5] == ["  - Body A", "  - Body B", "  - Body C", ""]
    assert lines[at + 5:at + 8] == ["Charts with days of their own", "  series: 1 Jul 2022 – 30 Sep 2022", ""]
    assert lines[at + 8:at + 11] == ["Files", "  short.csv" + " " * 13 + "  one", "  a-much-longer-name.png  two"]
    notes = lines.index("Notes")
    assert lines[notes + 1].startswith("  - CSV files are UTF-8 with a byte-order mark")
    assert "  - a note" in lines[notes + 1:] and lines[notes + 1:].index("  - a note") == 5
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_the_readme_of_a_preset_without_other_filters_names_the_preset_and_lists_no_spans():
    text = ef.readme(view(chart("map"), filters=flt.Filters(*SPAN, "mobilization", ())), [], [])
    lines = text.splitlines()
    filters = lines.index("Filters (as in the dashboard's address)")
    assert lines[filters + 1:filters + 4] == ["  preset: mobilization", "  lang: en", ""]
    assert "Charts with days of their own" not in text and lines[lines.index("Files") + 1] == ""
    assert text.startswith("Exodus data export\n==================\n")


def test_the_zip_is_named_after_the_views_days():
    assert ef.zip_name(view(chart())) == "exodus-all_2022-09-21_2022-10-31.zip"


# ---------------------------------------------------------------- legend height

def legend_figure(*traces, legend_font=None, font=None, title=None) -> go.Figure:
    fig = go.Figure(list(traces))
    fig.update_layout(legend=dict(orientation="h", y=-0.2, font=dict(size=legend_font), title=dict(text=title)),
                      font=dict(size=font))
    return fig


def bar(name, **kw):
    return go.Bar(x=[1], y=[1], name=name, **kw)


def test_a_legend_without_entries_takes_no_room():
    assert deco.legend_height(legend_figure(bar("a", showlegend=False), bar("")), 500) == 0


@pytest.mark.parametrize("width, rows", [(103, 1), (102.9, 2), (51.5, 2), (10, 2)])
def test_entries_wrap_into_rows_when_the_width_is_used(width, rows):
    # each entry: 46 px of symbol and gap + 1 character at 10 px x 0.55 = 51.5 px
    fig = legend_figure(bar("a"), bar("b"), legend_font=10)
    assert deco.legend_height(fig, width) == round(rows * (1.5 * 10 + 11) + 10)


def test_the_font_size_falls_back_to_the_figures_then_to_12():
    assert deco.legend_height(legend_figure(bar("a"), font=20), 1000) == round(1.5 * 20 + 11 + 10)
    assert deco.legend_height(legend_figure(bar("a")), 1000) == round(1.5 * 12 + 11 + 10)
    assert deco.legend_height(legend_figure(bar("a"), legend_font=8, font=20), 1000) == round(1.5 * 8 + 11 + 10)


def test_a_legend_title_and_group_titles_take_their_room():
    one_row = round(1.5 * 10 + 11 + 10)
    # title "abc": 3 x 5.5 + 10 = 26.5 px; entry "a": 51.5 px
    assert deco.legend_height(legend_figure(bar("a"), legend_font=10, title="abc"), 78) == one_row
    assert deco.legend_height(legend_figure(bar("a"), legend_font=10, title="abc"), 77.9) == 2 * (1.5 * 10 + 11) + 10
    grouped = legend_figure(bar("a", legendgroup="g", legendgrouptitle_text="T"), bar("b", legendgroup="g", legendgrouptitle_text="T"),
                            legend_font=10)
    assert deco._legend_entries(grouped) == ["T", "a", "b"]
    assert deco.legend_height(grouped, 154.5) == one_row and deco.legend_height(grouped, 154.4) > one_row


def test_markup_in_names_counts_as_the_text_it_shows():
    plain = legend_figure(bar("a&b"), bar("c"), legend_font=10)
    marked = legend_figure(bar("<b>a&amp;b</b>"), bar("c"), legend_font=10)
    assert deco._plain("<b>a&amp;b</b>") == "a&b"
    for width in (114.0, 113.9, 200):
        assert deco.legend_height(marked, width) == deco.legend_height(plain, width)
    assert deco.legend_height(plain, 114) == round(1.5 * 10 + 11 + 10) < deco.legend_height(plain, 113.9)


@pytest.mark.parametrize("legend, below", [
    (dict(orientation="h", y=-0.2), True), (dict(orientation="h", y=0.2), False),
    (dict(orientation="v", y=-0.2), False), (dict(orientation="h"), False), (dict(orientation="h", y=0), False),
])
def test_only_a_horizontal_legend_under_the_plot_counts_as_below(legend, below):
    fig = go.Figure(bar("a"), layout=dict(legend=legend))
    assert deco._legend_below(fig.layout) is below
    fig.update_layout(showlegend=False)
    assert deco._legend_below(fig.layout) is False


# ---------------------------------------------------------------- light colours

@pytest.mark.parametrize("colour, light", [
    ("white", True), (" White ", True), ("#fff", True), ("#FFFFFF", True), ("#b3b3b3", True), ("#b2b2b2", False),
    ("#0f0", True), ("#00ff00", True), ("#ff0000", False), ("#0000ff", False), ("#f0f", False), ("#ffff00", True),
    ("rgb(255, 255, 255)", True), ("rgba(179,179,179,0.5)", True), ("rgb(178,178,178)", False), ("rgb(0,255,0)", True),
    ("black", False), ("#000", False), (None, False), ("", False), ("#ffff", False), ("#fffffff", False), ("hsl(0,0%,100%)", False),
])
def test_which_colours_are_light(colour, light):
    assert _is_light(colour) is light


def test_a_light_font_becomes_the_dark_text_colour_and_a_dark_one_stays():
    assert light_copy(go.Figure(layout=dict(font=dict(color="#fafafa")))).layout.font.color == TEXT_COLOUR
    assert light_copy(go.Figure(layout=dict(font=dict(color="#101010")))).layout.font.color == "#101010"
    assert light_copy(go.Figure()).layout.font.color is None


def test_a_wrapped_row_starts_empty():
    # four entries of 51.5 px at 103 px: two rows of two; a row that did not start at 0 px
    # would push the fourth entry to a third row
    fig = legend_figure(bar("a"), bar("b"), bar("c"), bar("d"), legend_font=10)
    assert deco.legend_height(fig, 103) == round(2 * (1.5 * 10 + 11) + 10)


# ---------------------------------------------------------------- the decorated frame
# One figure worked through by hand at the standard size (1200 px wide, 18 px title,
# 11 px least text): the numbers below are the frame's layout contract.

def framed(height=450, margin=None, legend=None, sources=("Body A",), subtitle="", size=deco.SIZES["standard"], **traces):
    fig = go.Figure(go.Bar(x=[1], y=[1], name=traces.get("name", "Georgia")),
                    layout=dict(height=height, margin=margin or dict(t=100, b=90, l=30, r=10)))
    if legend:
        fig.update_layout(legend=legend)
    return deco.decorate(fig, title="T", start=SPAN[0], end=SPAN[1], sources=sources, subtitle=subtitle, size=size)


def test_the_frame_keeps_the_plot_and_adds_the_title_and_footer_room():
    out = framed()
    # title: 22 px pad + one line at 1.3 x 18 px (23) + 12 px = 57, over the 30 px the chart keeps above 70
    assert out.layout.margin.t == 30 + 57
    # bottom: the chart's own 90 px (no axis title, no legend below) + the 52 px footer block
    assert out.layout.margin.b == 90 + 52
    assert (out.layout.margin.l, out.layout.margin.r) == (40, 20), "at least 40 px left and 20 px right"
    assert out.layout.height == (450 - 100 - 90) + 87 + 142, "the plot keeps its 260 px"
    title = out.layout.title
    assert (title.xref, title.xanchor, title.yref, title.yanchor, title.y) == ("container", "left", "container", "top", 1)
    assert title.x == 16 / 1200 and title.pad.t == 22 and title.font.size == 18


def test_a_chart_without_a_bottom_margin_gets_plotlys_80_px():
    assert framed(margin=dict(t=100, l=30, r=10)).layout.margin.b == 80 + 52


def test_a_short_plot_is_drawn_at_least_200_px_tall():
    out = framed(height=300)  # 300 - 100 - 90 = 110 px of plot
    assert out.layout.height - out.layout.margin.t - out.layout.margin.b == 200


def test_a_legend_beside_the_plot_takes_no_room_at_the_bottom():
    out = framed(legend=dict(orientation="v"))
    assert out.layout.margin.b == 90 + 52
    assert out.layout.legend.xref is None, "a legend beside the plot stays where the chart put it"


def test_a_legend_under_the_plot_sits_above_the_footer():
    out = framed(legend=dict(orientation="h", y=-0.3))
    room = deco.legend_height(out, 1200 - 2 * 16)
    assert room > 0
    assert out.layout.margin.b == 90 + room + 8 + 52
    legend = out.layout.legend
    assert (legend.xref, legend.x, legend.xanchor) == ("container", 16 / 1200, "left")
    assert (legend.yref, legend.yanchor) == ("container", "bottom") and legend.y == (52 + 4) / out.layout.height


def test_the_footer_lines_are_pinned_to_the_bottom_at_the_least_text_size():
    out = framed(sources=('Body "Q" <x>',))
    bottom = out.layout.margin.b
    notes = {a.name: a for a in out.layout.annotations}
    sources, project = notes[deco.SOURCES_NAME], notes[deco.PROJECT_NAME]
    assert sources.text == 'Sources: Body "Q" &lt;x&gt;', "escaped as text, quotes kept as they are"
    assert (sources.yshift, project.yshift) == (-(bottom - 28), -(bottom - 10)), "two lines inside the image's bottom edge"
    for note in (sources, project):
        assert note.font.size == 11 and note.font.color == deco.FOOTER_COLOUR
        assert (note.xref, note.yref, note.y, note.xanchor, note.yanchor) == ("paper", "paper", 0, "left", "bottom")
        assert note.x == -(40 - 16) / (1200 - 40 - 20), "from the image's left edge, not the plot's"


def test_a_subtitle_is_at_least_one_pixel_larger_than_the_least_text():
    tiny = deco.ImageSize("tiny", 400, 300, 1, 12, 11, "-tiny")  # 0.72 x 12 px rounds to 9 px
    out = framed(subtitle="below", size=tiny)
    assert '<br><span style="font-size:12px">below</span>' in out.layout.title.text


def test_font_sizes_given_per_point_are_raised_one_by_one():
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 2, 3], mode="text", text=["a", "b", "c"], textfont=dict(size=[8, 14, 10])))
    out = deco.decorate(fig, title="T", start=SPAN[0], end=SPAN[1], sources=["A"])
    assert list(out.data[0].textfont.size) == [11, 14, 11]


def test_a_table_file_is_a_csv_named_after_its_days_and_rows():
    file = ef.table_file("x", pd.DataFrame({"a": [1, 2]}), *SPAN, what="figures")
    assert (file.name, file.media_type, file.about) == ("exodus-x_2022-09-21_2022-10-31.csv", "text/csv", "figures, 2 rows, CSV")


def test_the_readme_tells_how_to_undo_the_apostrophe_and_links_the_same_view():
    lines = ef.readme(view(chart("map")), [], []).splitlines()
    notes = lines.index("Notes")
    assert lines[notes + 2].endswith("Remove that first apostrophe to get the original text.")
    assert lines[notes + 5] == "  - Numbers, names and notes in the data are as reported; the files keep the curated files' column names."
    link = next(line for line in lines if line.startswith("This view: "))
    assert link.endswith("/?from=2022-09-21&to=2022-10-31&dest=GEO"), "the link carries the view's filters"


def test_a_figure_given_as_a_dict_is_copied_like_a_figure():
    fig = go.Figure(go.Bar(x=[1], y=[2]), layout=dict(font=dict(color="#fafafa"), title=dict(text="t")))
    spec = fig.to_dict()
    assert light_copy(spec).to_dict() == light_copy(fig).to_dict()
    assert spec == fig.to_dict(), "the given dict is not changed"
