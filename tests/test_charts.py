"""Chart builders are pure: their figures carry the right data, colours and text."""

from __future__ import annotations

from datetime import date

import pandas as pd

import pytest

from exodus.view.chart import figure_of
from exodus.derive import filters as flt
from exodus.derive import headlines
from exodus.charts import palette
from exodus.charts.formatting import esc
from exodus.view import report
from exodus.view.build import build_view

from conftest import reports_frame

SEP = flt.Filters(date(2022, 9, 15), date(2022, 10, 15), "custom")


def read(hover: str) -> str:
    """A hover text as one line: the breaks that keep its lines short become spaces."""
    return hover.replace("<br>", " ")


def country_trace(fig, iso3):
    return next(t for t in fig.data if isinstance(t.meta, dict) and t.meta.get("iso3") == iso3)


def test_headlines_pick_one_report_per_destination_and_never_sum(map_tables):
    best = headlines.pick(map_tables["departures"], SEP.start, SEP.end, "arrivals")
    by_dest = dict(zip(best["destination_iso3"], best["value"]))
    assert by_dest["KAZ"] == 98000 and by_dest["GEO"] == 53000
    assert by_dest["GEO"] != 53000 + 20000  # the crossing's own total is not added
    assert list(best["destination_iso3"]).count("GEO") == 1
    assert "m22-geo-002" not in set(best["id"])  # a daily figure is not a total


def test_map_colours_reported_countries_and_hatches_the_rest(map_tables):
    chart = report.map_chart(map_tables, SEP, metric="arrivals")
    fig = figure_of(chart)
    kaz, geo, mng = (country_trace(fig, c) for c in ("KAZ", "GEO", "MNG"))
    assert kaz.meta["has_report"] and geo.meta["has_report"] and not mng.meta["has_report"]
    assert mng.fillcolor == palette.NO_REPORT and mng.fillpattern.shape == "/"
    assert kaz.fillcolor != geo.fillcolor  # 98,000 and 53,000 get different shades
    assert "98,000" in kaz.text and "Kazakhstan Ministry of Internal Affairs" in read(kaz.text)
    assert "No report in this range" in mng.text


def test_map_escapes_text_from_data(map_tables):
    fig = figure_of(report.map_chart(map_tables, SEP))
    geo = country_trace(fig, "GEO")
    assert "<script>" not in geo.text and "&lt;script&gt;" in geo.text


def test_map_outlines_restrictions_in_force(map_tables):
    during = figure_of(report.map_chart(map_tables, SEP))
    before = figure_of(report.map_chart(map_tables, flt.Filters(date(2022, 9, 1), date(2022, 9, 20), "custom")))
    assert country_trace(during, "FIN").line.color == palette.RESTRICTION_LINE
    assert "Finland closes &lt;b&gt;to&lt;/b&gt; tourists" in read(country_trace(during, "FIN").text)
    assert country_trace(before, "FIN").line.color == palette.COUNTRY_LINE


def test_map_crossing_markers_are_sized_by_their_figures(map_tables):
    fig = figure_of(report.map_chart(map_tables, SEP))
    markers = next(t for t in fig.data if t.name and t.name.startswith("Crossing point"))
    sizes = dict(zip(markers.customdata, markers.marker.size))
    assert sizes["verkhny-lars"] > sizes["vaalimaa-torfyanovka"]
    assert "20,000" in markers.text[list(markers.customdata).index("verkhny-lars")]


def test_date_range_changes_what_the_map_shows(map_tables):
    crocus = flt.Filters(date(2024, 3, 22), date(2024, 12, 31), "crocus")
    fig = figure_of(report.map_chart(map_tables, crocus, metric="deportations"))
    assert country_trace(fig, "TJK").meta["has_report"]
    assert not country_trace(fig, "KAZ").meta["has_report"]


def test_timeline_draws_daily_figures_as_segments_and_totals_as_spans(map_tables):
    fig = figure_of(report.timeline_chart(map_tables, SEP))
    data = fig.to_dict()["data"]
    georgia = [t for t in data if t.get("legendgroup") == "GEO"]
    daily = next(t for t in georgia if t["xaxis"] == "x")
    days = [str(x)[:10] for x in daily["x"] if x is not None]
    assert days == ["2022-09-22", "2022-09-27"] and set(y for y in daily["y"] if y is not None) == {10000}
    hover = next(t for t in georgia if t["xaxis"] == "x" and t.get("meta") == {"hover": "reports"})
    assert [str(x)[:10] for x in hover["x"]] == ["2022-09-27"] and "%{customdata[1]}" in hover["hovertemplate"]
    assert "10,000 people per day, 22 Sep" in hover["customdata"][0][1] and daily["hoverinfo"] == "skip"
    spans = next(t for t in georgia if t["xaxis"] == "x2")
    assert str(spans["x"][0])[:10] == "2022-09-21" and str(spans["x"][1])[:10] == "2022-09-27"
    assert spans["y"][:2] == [53000, 53000]


def test_timeline_shows_events_and_follows_the_range(map_tables):
    fig = figure_of(report.timeline_chart(map_tables, SEP))
    names = {t.name for t in fig.data}
    assert {"Mobilization", "Border restriction"} <= names
    assert str(fig.layout.xaxis3.range[0])[:10] == "2022-09-14"
    later = figure_of(report.timeline_chart(map_tables, flt.Filters(date(2024, 1, 1), date(2024, 12, 31), "custom")))
    assert not [t for t in later.data if t.legendgroup == "GEO"]


def test_estimate_timeline_is_labelled_as_estimate(map_tables):
    chart = report.timeline_chart(map_tables, SEP, mode="estimate")
    estimates = [t for t in figure_of(chart).data if isinstance(t.meta, dict) and t.meta.get("kind") == "estimate"]
    assert estimates and all("(estimate)" in t.name for t in estimates)
    assert set(chart.table["kind"]) == {"estimate"}


def test_events_chart_lists_events_in_range(map_tables):
    chart = report.events_chart(map_tables, SEP)
    assert set(chart.drawn["id"]) == set(chart.table["id"]) == {"ev-1", "ev-2"}
    assert "Crocus" not in str(figure_of(chart).to_dict())


@pytest.mark.parametrize("mode", ["reported", "estimate"])
def test_every_chart_has_title_and_alt_text(map_tables, mode):
    for chart in build_view(map_tables, SEP).charts:
        assert figure_of(chart).layout.title.text and chart.alt and chart.caption
        # The figure's own title is built from the chart's plain title and subtitle.
        assert figure_of(chart).layout.title.text.startswith(esc(chart.title) + "<br><sup>" + SEP.label)
        assert esc(chart.subtitle) in figure_of(chart).layout.title.text


def test_timeline_shows_one_metric_at_a_time(map_tables):
    year = flt.Filters(date(2022, 1, 1), date(2024, 12, 31), "custom")
    rows = flt.select(map_tables["departures"], year)
    assert report.timeline_metrics(rows) == ["arrivals", "deportations"]
    arrivals = figure_of(report.timeline_chart(map_tables, year))
    deported = figure_of(report.timeline_chart(map_tables, year, metric="deportations"))
    assert {t.legendgroup for t in arrivals.data if t.legendgroup and t.legendgroup != "events"} == {"GEO", "KAZ", "FIN"}
    assert {t.legendgroup for t in deported.data if t.legendgroup and t.legendgroup != "events"} == {"TJK"}
    assert deported.layout.title.text.startswith("Deported")


def test_charts_use_reports_mostly_inside_the_range(map_tables):
    # The Tajik half-year total (Jan-Jun 2024) has far less than half its days in March.
    march = flt.Filters(date(2024, 3, 1), date(2024, 3, 31), "custom")
    fig = figure_of(report.map_chart(map_tables, march, metric="deportations"))
    assert not country_trace(fig, "TJK").meta["has_report"]
    half_year = flt.Filters(date(2024, 1, 1), date(2024, 4, 30), "custom")
    assert country_trace(figure_of(report.map_chart(map_tables, half_year, metric="deportations")), "TJK").meta["has_report"]


@pytest.mark.parametrize("state", [SEP, flt.Filters(date(2030, 1, 1), date(2030, 1, 2), "custom")], ids=["with-data", "empty"])
def test_every_chart_passes_plotly_schema_validation(map_tables, state):
    """Figures are assembled without Plotly's validation for speed; here they get it."""
    from exodus.charts.figures import validated

    charts = list(build_view(map_tables, state).charts) + [
        report.map_chart(map_tables, state, mode="estimate"),
        report.timeline_chart(map_tables, state, mode="estimate"),
    ]
    for chart in charts:
        fig = validated(chart.figure)  # raises ValueError on any unknown property or bad value
        assert fig.layout.title.text.startswith(figure_of(chart).layout.title.text.split("<br>")[0])
        assert len(fig.data) == len(figure_of(chart).data)


def test_validation_catches_a_misspelt_property():
    from exodus.charts.figures import assemble, validated

    with pytest.raises(ValueError):
        validated(assemble([dict(type="scatter", x=[1], y=[1], colour="red")], {}))


def legend_colour_of(fig, value: float) -> str:
    """The colour the figure's colour bar gives to ``value``."""
    import math

    from plotly.colors import sample_colorscale

    bar = next(t for t in fig.data if t.name == "scale").marker
    share = (math.log10(value) - bar.cmin) / (bar.cmax - bar.cmin)
    assert 0.0 <= share <= 1.0, f"{value:,} lies outside the colour bar"
    return sample_colorscale([list(step) for step in bar.colorscale], [share])[0]


@pytest.mark.parametrize("destinations", [("KAZ",), ("GEO",), ("KAZ", "GEO"), ()])
def test_map_fill_is_the_colour_the_legend_gives_to_its_figure(map_tables, destinations):
    state = flt.Filters(SEP.start, SEP.end, "custom", destinations=destinations)
    chart = report.map_chart(map_tables, state, metric="arrivals")
    reported = {c: v for c, v in zip(chart.drawn["destination_iso3"], chart.drawn["value"])}
    assert reported, "the fixture reports arrivals in this range"
    for iso3, value in reported.items():
        fig = figure_of(chart)
        assert country_trace(fig, iso3).fillcolor == legend_colour_of(fig, value), iso3


def test_map_draws_filtered_out_countries_apart_from_unreported_ones(map_tables):
    state = flt.Filters(SEP.start, SEP.end, "custom", destinations=("KAZ",))
    fig = figure_of(report.map_chart(map_tables, state, metric="arrivals"))
    geo, kaz = country_trace(fig, "GEO"), country_trace(fig, "KAZ")
    assert kaz.meta["has_report"] and not geo.meta["has_report"] and geo.meta["excluded"]
    assert geo.fillcolor == palette.NOT_SELECTED != palette.NO_REPORT and geo.fillpattern.shape in (None, "")
    assert "Not among the selected destinations" in geo.text
    legend = [t.name for t in fig.data if t.showlegend is not False and t.name]
    assert "Not among the selected destinations" in legend and "No report in this range" in legend
    everything = figure_of(report.map_chart(map_tables, SEP, metric="arrivals"))
    assert not any(t.meta.get("excluded") for t in everything.data if isinstance(t.meta, dict))
    assert "Not among the selected destinations" not in [t.name for t in everything.data]


def test_timeline_log_axes_label_powers_of_ten_in_short_form(map_tables):
    fig = figure_of(report.timeline_chart(map_tables, SEP)).to_dict()["layout"]
    for axis in ("yaxis", "yaxis2"):
        assert fig[axis]["type"] == "log"
        assert fig[axis]["dtick"] == 1 and fig[axis]["tickformat"] == "~s"


def test_map_click_targets_name_the_reported_countries(map_tables):
    from exodus.app.chart_sections import clicked_country

    chart = report.map_chart(map_tables, SEP, metric="arrivals")
    fig = figure_of(chart)
    index, targets = next((i, t) for i, t in enumerate(fig.data) if isinstance(t.meta, dict) and t.meta.get("role") == "click_targets")
    assert set(targets.customdata) == {"KAZ", "GEO", "FIN"}
    assert targets.marker.opacity == 0
    geo = list(targets.customdata).index("GEO")
    assert targets.text[geo] == country_trace(fig, "GEO").text, "the tooltip is the country's own"
    assert clicked_country(fig, [{"curve_number": index, "customdata": "GEO"}]) == "GEO"
    assert clicked_country(chart.figure, [{"curve_number": index, "customdata": "GEO"}]) == "GEO", "the dict the app sends"
    assert clicked_country(chart.figure, [{"curve_number": 0, "customdata": "GEO"}]) is None
    assert clicked_country(fig, [{"curve_number": 0, "point_index": 3}]) is None
    assert clicked_country(fig, [{"curve_number": 10_000, "customdata": "GEO"}]) is None
    assert clicked_country(fig, []) is None


def test_small_countries_are_named_beside_their_shape_large_ones_inside(map_tables):
    from exodus.charts.map_chart import LABEL_MIN_AREA

    fig = figure_of(report.map_chart(map_tables, SEP, metric="arrivals"))
    labels = {a.name.removeprefix("label-"): a for a in fig.layout.annotations if (a.name or "").startswith("label-")}
    base = map_tables["map_base"]
    assert base.areas["GEO"] < LABEL_MIN_AREA <= base.areas["KAZ"]
    assert labels["GEO"].showarrow and abs(labels["GEO"].ax) >= 30, "Georgia's name stands off its shape"
    assert not labels["KAZ"].showarrow and not labels["RUS"].showarrow
    assert set(labels) == {"GEO", "KAZ", "FIN", "RUS"}, "every reported country is named, and Russia"


def test_crowded_neighbours_are_named_beside_each_other_and_text_and_size_pass_through(map_tables):
    from exodus.charts.map_chart import CROWDED, LABEL_MIN_AREA, place_labels

    base = map_tables["map_base"]
    assert base.areas["KGZ"] >= LABEL_MIN_AREA and base.areas["TJK"] >= LABEL_MIN_AREA  # large enough alone
    labels = {a["name"]: a for a in place_labels(base, {"KGZ": "Kyrgyzstan<br>×2", "TJK": "T", "KAZ": "K", "GEO": "G"}, size=10)}
    assert set(labels) == {"label-KGZ", "label-TJK", "label-KAZ", "label-GEO"}
    for code in ("KGZ", "TJK"):
        label = labels[f"label-{code}"]
        assert label["showarrow"] and (label["ax"], label["ay"]) == CROWDED[code]
        assert label["xanchor"] == "left", "named to the east, away from the other labels"
    # one above the other: their offsets point to different sides vertically
    assert labels["label-KGZ"]["ay"] < 0 < labels["label-TJK"]["ay"]
    assert labels["label-KAZ"]["showarrow"] is False and labels["label-GEO"]["showarrow"] is True
    assert labels["label-KGZ"]["text"] == "Kyrgyzstan<br>×2" and {a["font"]["size"] for a in labels.values()} == {10}
    assert (labels["label-KAZ"]["x"], labels["label-KAZ"]["y"]) == base.labels["KAZ"]


def test_crossing_circles_stay_small_and_smaller_ones_are_drawn_on_top(map_tables):
    from exodus.charts.map_chart import MAX_CROSSING_GROWTH

    fig = figure_of(report.map_chart(map_tables, SEP))
    markers = next(t for t in fig.data if t.name and t.name.startswith("Crossing point"))
    sizes = list(markers.marker.size)
    assert max(sizes) <= 7 + MAX_CROSSING_GROWTH
    assert sizes == sorted(sizes, reverse=True)


def test_key_event_labels_each_take_a_row_above_the_panels_and_the_legend_sits_below(map_tables):
    events = map_tables["events"].assign(category=["mobilization", "border_restriction", "mobilization"],
                                         date=[pd.Timestamp("2022-09-21"), pd.Timestamp("2022-09-30"), pd.Timestamp("2022-10-28")])
    autumn = flt.Filters(date(2022, 9, 1), date(2022, 10, 31), "custom")
    layout = figure_of(report.timeline_chart(dict(map_tables, events=events), autumn)).to_dict()["layout"]
    labels = [a for a in layout["annotations"] if a.get("name") == "key-event"]
    assert len(labels) == 2
    assert all(a["yref"] == "paper" and a["y"] == 1.0 and a["yanchor"] == "bottom" and a.get("textangle") in (None, 0) for a in labels)
    assert len({a["yshift"] for a in labels}) == 2, "two labels never share a row"
    assert layout["margin"]["t"] >= 90 + 16 * len(labels)
    assert labels[1]["xanchor"] == "right", "a label in the right half ends at its line"
    assert layout["legend"]["orientation"] == "h" and layout["legend"]["y"] < 0, "the legend sits below the panels"
    assert not [a for a in layout["annotations"] if a.get("text", "").startswith("Figures reported per day")]


def test_a_daily_range_is_drawn_as_a_box_and_open_figures_as_triangles():
    from exodus.charts.timeline import build_timeline

    rows = reports_frame([
        dict(id="m22-geo-001", destination_iso3="GEO", measure="daily", period_start="2022-09-25", period_end="2022-09-27",
             value="5000", value_high="6000", qualifier="range"),
        dict(id="m22-kaz-001", measure="daily", period_start="2022-09-22", period_end="2022-09-22", value="30000", qualifier="at_most"),
    ])
    fig = build_timeline(rows, pd.DataFrame(columns=["id", "date", "end_date", "title", "category", "country_iso3", "description", "source_publisher"]).astype({"date": "datetime64[ns]", "end_date": "datetime64[ns]"}),
                         start=SEP.start, end=SEP.end, title="t", subtitle="s")
    box = next(t for t in fig.data if isinstance(t.meta, dict) and t.meta.get("kind") == "range")
    assert box.fill == "toself" and min(v for v in box.y if v is not None) == 5000 and max(v for v in box.y if v is not None) == 6000
    kaz = next(t for t in fig.data if t.name == "Kazakhstan" and t.mode == "lines+markers")
    assert list(kaz.marker.symbol)[0] == "triangle-down"
    geo_line = next(t for t in fig.data if t.name == "Georgia" and t.mode == "lines+markers")
    assert 5000 not in [v for v in geo_line.y if v is not None], "a range is not drawn as an exact figure"


def test_each_chart_decides_its_own_csv_table(map_tables):
    from exodus.data import schema

    shown = report.map_chart(map_tables, SEP, metric="arrivals")
    assert list(shown.table.columns) == schema.columns("departures") and shown.csv_name == "map"
    assert set(shown.table["metric"]) == {"arrivals"}
    assert (shown.table["crossing_id"] != "").any(), "the crossings drawn on the map are in its CSV"
    assert set(shown.drawn["id"]) < set(shown.table["id"]), "the headline picks are among the reports"
    estimated = report.map_chart(map_tables, SEP, metric="arrivals", mode="estimate")
    assert estimated.csv_name == "map-estimate" and {"point", "low", "high", "report_ids"} <= set(estimated.table.columns)
    assert list(estimated.table["destination_iso3"]) == list(estimated.drawn["destination_iso3"])
    timeline = report.timeline_chart(map_tables, SEP)
    assert list(timeline.table["id"]) == list(timeline.drawn["id"]) and timeline.span == (SEP.start, SEP.end)
    assert timeline.title == "Arrivals in the destination from Russia: reported figures over time" and timeline.subtitle == ""


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("state", [SEP, flt.Filters(date(2030, 1, 1), date(2030, 1, 2), "custom")], ids=["with-data", "empty"])
def test_the_timeline_and_events_dicts_are_what_their_figures_give(map_tables, state, lang):
    """The app sends these two charts as dicts built without a Figure: each must give
    exactly the Figure's JSON (in any key order), template included, with no Timestamp left for Plotly's
    encoder to clean."""
    import json

    import plotly.io as pio

    from exodus import i18n
    from exodus.charts import timeline

    def as_json(figure):
        """The JSON the browser gets, read back (key order aside)."""
        return json.loads(pio.to_json(figure, validate=False))

    def timestamps(node) -> int:
        if isinstance(node, dict):
            return sum(timestamps(v) for v in node.values())
        if isinstance(node, (list, tuple)):
            return sum(timestamps(v) for v in node)
        return isinstance(node, pd.Timestamp)

    with i18n.language(lang):
        rows = flt.select(map_tables["departures"], state, flt.CHART_SHARE)
        rows = rows[rows["metric"] == "arrivals"]
        events = flt.select_events(map_tables["events"], state)
        parts = dict(start=state.start, end=state.end, title="T", subtitle="S")
        plain = timeline.timeline_dict(rows, events, **parts)
        assert as_json(plain) == as_json(timeline.build_timeline(rows, events, **parts))
        assert plain["layout"]["template"]["layout"], "Plotly's default template is carried"
        assert timestamps(plain) == 0 and timestamps(timeline.build_timeline(rows, events, **parts).to_dict()) > 0
        assert as_json(timeline.events_dict(events, **parts)) == as_json(timeline.build_events_timeline(events, **parts))
        chart = report.timeline_chart(map_tables, state)
        assert isinstance(chart.figure, dict) and chart.figure["data"] == plain["data"]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("state", [SEP, flt.Filters(date(2030, 1, 1), date(2030, 1, 2), "custom"),
                                   flt.Filters(SEP.start, SEP.end, "custom", destinations=("GEO",))], ids=["with-data", "empty", "one-country"])
def test_the_map_dict_is_what_its_figure_gives(map_tables, state, lang, monkeypatch):
    """The map is sent as a dict built without a Figure: the same JSON as the Figure's
    (key order aside), its shapes and crossing points as typed arrays either way."""
    import json

    import plotly.io as pio

    from exodus import i18n
    from exodus.charts import map_chart

    built = []
    real = map_chart._map_parts
    monkeypatch.setattr(map_chart, "_map_parts", lambda *a, **k: built.append((a, k)) or real(*a, **k))
    with i18n.language(lang):
        chart = report.map_chart(map_tables, state, metric="arrivals")
        [(args, kwargs)] = built
        figure = map_chart.build_map(*args, **kwargs)
    assert isinstance(chart.figure, dict)
    assert json.loads(pio.to_json(chart.figure, validate=False)) == json.loads(pio.to_json(figure, validate=False))
    crossings = next(t for t in chart.figure["data"] if t.get("customdata") is not None and t.get("name", "").startswith(("Crossing", "Пункт")))
    assert set(crossings["x"]) == {"dtype", "bdata"} and isinstance(crossings["customdata"], list)


def test_records_converts_only_the_columns_asked_for_that_the_frame_has():
    from exodus.charts.figures import records

    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"], "when": pd.to_datetime(["2022-09-21", "2024-03-22"])})
    assert records(frame) == [{"a": 1, "b": "x", "when": pd.Timestamp("2022-09-21")},
                              {"a": 2, "b": "y", "when": pd.Timestamp("2024-03-22")}]
    assert records(frame, ("when", "b", "not-there")) == [{"when": pd.Timestamp("2022-09-21"), "b": "x"},
                                                          {"when": pd.Timestamp("2024-03-22"), "b": "y"}]
    assert list(records(frame, ("b", "when"))[0]) == ["b", "when"], "in the order asked for"



@pytest.mark.parametrize("kind", ["map", "timeline", "events"])
def test_a_charts_csv_table_is_made_when_first_read_and_kept(map_tables, monkeypatch, kind):
    made = []
    real = report.for_export
    monkeypatch.setattr(report, "for_export", lambda rows: made.append(rows) or real(rows))
    build = {"map": report.map_chart, "timeline": report.timeline_chart, "events": report.events_chart}[kind]
    shown = build(map_tables, flt.Filters(date(2022, 9, 1), date(2022, 10, 31), "custom"))
    assert made == [], "nothing is made while no one reads the table"
    table = shown.table
    assert len(made) == 1 and shown.table is table and len(made) == 1, "made once, then kept"
    assert not table.empty and table.equals(real(made[0]))
    if kind != "map":
        assert made[0] is shown.drawn, "the CSV holds exactly what the chart draws"


@pytest.mark.parametrize("start, end", [(date(2022, 9, 21), date(2022, 10, 5)), (date(2022, 1, 1), date(2024, 12, 31)),
                                        (date(2010, 1, 1), date(2026, 12, 1))])
def test_crossings_are_chosen_as_the_sorted_table_would_choose_them(package, start, end):
    """The plain-Python choice is the rule written with pandas, on the shipped reports."""
    rows = report.chart_reports(package, flt.Filters(start, end, flt.CUSTOM))
    kept = rows[(rows["crossing_id"] != "") & rows["unit"].isin(("people", "vehicles", "crossings"))]
    kept = kept[(kept["measure"] != "change_pct") & ~kept["flagged"]]
    expected = (kept.sort_values(["crossing_id", "value", "period_end", "id"], ascending=[True, False, True, True], kind="stable")
                .drop_duplicates("crossing_id").reset_index(drop=True))
    got = headlines.by_crossing(rows)
    assert len(got) > 0 or start.year == 2010 and len(expected) == 0
    pd.testing.assert_frame_equal(got, expected)


def test_crossing_points_carry_their_figure_as_a_left_join_would(package):
    from exodus.charts.map_chart import _crossing_points
    base = package["map_base"]
    rows = report.chart_reports(package, flt.Filters(date(2022, 9, 21), date(2022, 10, 5), flt.CUSTOM))
    figures = headlines.by_crossing(rows[rows["metric"] == "vehicles"])
    joined = base.crossings.merge(figures, how="left", left_on="id", right_on="crossing_id", suffixes=("", "_report"))
    got = _crossing_points(base, figures)
    assert [p["id"] for p in got] == joined["id"].tolist()
    with_figure = [p for p in got if "id_report" in p]
    assert with_figure and all(p["id_report"] in set(figures["id"]) for p in with_figure)
    for point, (_, row) in zip(got, joined.iterrows()):
        if "id_report" in point:
            assert point["id_report"] == row["id_report"] and point["value"] == row["value"] and point["name"] == row["name"]
        else:
            assert pd.isna(row["value"]) and point.keys() == set(base.crossings.columns)
