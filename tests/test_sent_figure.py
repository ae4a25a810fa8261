"""A figure shown again is not converted again, and the chart JSON is written by orjson."""

from __future__ import annotations

import gc
import json
import re

import plotly.io as pio
from plotly.tools import return_figure_from_figure_or_data

from exodus.app.sent_figure import LEAST_TOP, TITLE_ROOM, SentFigure, for_streamlit, untitled
from exodus.charts import figures
from exodus.view.upload_preview import portable


def _figure():
    return figures.assemble([dict(type="scatter", x=[1, 2, 3], y=[3, 1, 2], name="a")], dict(height=333, title=dict(text="t")))


def test_a_figure_is_converted_once_and_sent_as_streamlit_would_send_it():
    fig = _figure()
    first, second = for_streamlit(fig), for_streamlit(fig)
    assert first.to_dict() is second.to_dict()  # made once, shared
    assert first.to_dict() == fig.to_dict()
    # what st.plotly_chart does with it: the same dict, the same JSON as for the Figure itself
    assert return_figure_from_figure_or_data(first, validate_figure=True) is first.to_dict()
    assert json.loads(pio.to_json(first.to_dict(), validate=False)) == json.loads(pio.to_json(fig, validate=False))


def test_the_figure_shown_under_a_written_title_drops_its_own_and_the_room_it_took():
    fig = figures.assemble([dict(type="scatter", x=[1, 2], y=[2, 1])], dict(title=dict(text="T<br><sub>s</sub>"), margin=dict(t=90, l=7)))
    plain = figures.plain_dict(fig)
    sent = for_streamlit(fig, titled=False).to_dict()
    assert sent["layout"]["title"] == {"text": ""}
    assert sent["layout"]["margin"] == {"t": 90 - TITLE_ROOM, "l": 7}
    assert sent["data"] is plain["data"], "the traces are shared, not copied"
    assert plain["layout"]["title"]["text"] == "T<br><sub>s</sub>" and plain["layout"]["margin"]["t"] == 90, "the kept dict is untouched"
    assert for_streamlit(fig).to_dict() is plain  # titled, as before
    # a small top margin keeps the least room; none at all gets it too
    assert untitled({"layout": {"margin": {"t": 40}}})["layout"]["margin"]["t"] == LEAST_TOP
    assert untitled({"layout": {}})["layout"]["margin"] == {"t": LEAST_TOP}
    assert untitled({"layout": {"margin": {"t": TITLE_ROOM + LEAST_TOP + 1}}})["layout"]["margin"]["t"] == LEAST_TOP + 1


def test_the_kept_dict_goes_with_its_figure():
    fig = _figure()
    for_streamlit(fig)
    key = id(fig)
    assert key in figures._PLAIN
    del fig
    gc.collect()
    assert key not in figures._PLAIN


def test_a_sent_figure_cannot_be_modified():
    sent = for_streamlit(_figure())
    try:
        sent.layout = {}
    except TypeError:
        pass
    else:
        raise AssertionError("a SentFigure took a new attribute")
    assert isinstance(sent, SentFigure) and sent.to_dict()["layout"]["height"] == 333


def test_a_preview_figure_stays_the_dict_it_travelled_as_and_exports_as_the_figure_does():
    from datetime import date

    import pandas as pd

    from exodus.export import files as export
    from exodus.derive import filters as flt
    from exodus.view.chart import Chart
    from exodus.view.upload_preview import Preview

    chart = Chart("x", _figure(), title="t", subtitle="s", caption="", alt="", sources=("A body",),
                  table=pd.DataFrame({"value": [1]}), csv_name="x", span=(date(2022, 9, 21), date(2022, 9, 21)))
    travelled = portable(Preview(flt.Filters(None, None, flt.CUSTOM), [chart], None)).charts[0]
    plain = travelled.figure
    assert isinstance(plain, dict)
    sent = for_streamlit(plain)
    assert sent.to_dict() is plain  # sent as it came, not made into a Figure first
    assert pio.to_json(plain, validate=False) == pio.to_json(chart.figure, validate=False)  # the same chart sent
    assert untitled(plain)["layout"]["title"] == {"text": ""} and for_streamlit(plain, titled=False).to_dict()["data"] is plain["data"]
    # its files are those of the Figure it was drawn as
    made, original = export.files(travelled, ["html", "csv"]), export.files(chart, ["html", "csv"])
    assert [(f.name, f.media_type) for f in made] == [(f.name, f.media_type) for f in original]
    strip = lambda data: re.sub(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", b"", data)  # the div id
    assert [strip(f.data) for f in made] == [strip(f.data) for f in original]


def test_chart_json_is_written_by_orjson():
    import orjson  # pinned in requirements.txt

    assert pio.json.config.default_engine in ("auto", "orjson")
    assert pio.json.to_json_plotly({"a": [1]}, engine=None) == orjson.dumps({"a": [1]}).decode()


def test_a_travelling_preview_carries_each_table_once():
    import pickle

    from dataclasses import replace

    from exodus.view.upload_preview import build_preview, chart_base

    base = chart_base()
    rows = base["departures"].head(40).reset_index(drop=True)
    preview = build_preview(base, rows)
    assert preview.charts[0].table is not preview.charts[1].table  # built apart
    checked = preview.charts[1].drawn.copy()  # stands for checked rows that are all drawn
    travelled = portable(preview, checked)
    (map_chart, timeline) = travelled.charts
    assert map_chart.table is timeline.table and map_chart.table.equals(preview.charts[0].table)
    assert timeline.drawn is checked  # what the timeline was drawn from travels as the checked rows
    assert travelled.table is preview.table
    copies = replace(travelled, charts=[replace(c, table=c.table.copy(), drawn=c.drawn.copy()) for c in travelled.charts])
    assert len(pickle.dumps((checked, travelled))) < len(pickle.dumps((checked, copies)))


def test_days_are_kept_as_the_text_plotly_writes_for_them():
    import pandas as pd

    days = [pd.Timestamp("2022-09-21"), None, pd.Timestamp("2022-09-22 12:30")]
    fig = figures.assemble([dict(type="scatter", x=days, y=[1, None, 2], customdata=[(pd.Timestamp("2024-03-22"), "a")] * 3)],
                           dict(xaxis=dict(range=[pd.Timestamp("2022-09-20"), pd.Timestamp("2022-09-23")])))
    plain = figures.plain_dict(fig)
    assert plain["data"][0]["x"] == ["2022-09-21T00:00:00", None, "2022-09-22T12:30:00"]
    assert list(plain["data"][0]["customdata"][0]) == ["2024-03-22T00:00:00", "a"]
    assert plain["layout"]["xaxis"]["range"] == ["2022-09-20T00:00:00", "2022-09-23T00:00:00"]
    assert json.loads(pio.to_json(plain, validate=False)) == json.loads(pio.to_json(fig, validate=False))
