"""What the dashboard shows of a user's own rows: a map, a timeline and the table, built
from the curated base (shapes, crossings, events) without Streamlit.

:mod:`exodus.ops.upload_worker` builds it in the checking process, so the server only
receives it; figures travel as plain dicts (:func:`portable`) and stay so in the server:
the app sends a dict to the browser as it is, and an export decorates it as it does a
Figure. Making Figures of them again cost the server's script thread more than anything
else an upload asks of it (Plotly's constructor copies every trace, and the hover texts
were wrapped a second time), at the expense of every other visitor's reruns.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import orjson
import pandas as pd
import plotly.io as pio

from exodus.derive import filters as flt
from exodus.charts import tables
from exodus.view import report
from exodus.view.chart import Chart


@dataclass
class Preview:
    """The charts and the table of a user's rows, ready to show."""

    state: flt.Filters
    charts: list[Chart]
    table: pd.DataFrame


def build_preview(base: dict, rows: pd.DataFrame) -> Preview:
    """Map and timeline of the rows on the curated base, over the days they cover."""
    state = flt.Filters(rows["period_start"].min().date(), rows["period_end"].max().date(), flt.CUSTOM)
    own = dict(base, departures=rows)
    charts = [report.map_chart(own, state), report.timeline_chart(own, state)]
    return Preview(state, charts, tables.figures_table(rows))


def portable(preview: Preview, *also: pd.DataFrame) -> Preview:
    """The preview with each figure as a plain dict, cheap to pickle and unpickle: the dict
    read back from the figure's JSON, so it holds only lists, strings and numbers, which
    the server writes out as JSON again in under half the time of ``to_dict()``'s output
    (same JSON; for the largest upload, about 20 ms instead of 46 ms). The server keeps
    these dicts (see :class:`exodus.view.chart.Chart`'s ``figure``).

    Tables equal to one another (each chart's CSV table and the preview's, what the
    timeline was drawn from and the checked rows in ``also``) become one object, which a
    pickle then carries once: for the largest upload the message to the server shrinks from
    9.4 MB to 6.3 MB."""
    kept = [f for f in (*also, preview.table) if f is not None]

    def one(frame):
        if frame is None:
            return frame
        for earlier in kept:
            if earlier is frame or earlier.equals(frame):  # same labels, dtypes and values
                return earlier
        kept.append(frame)
        return frame

    return replace(preview, charts=[replace(c, figure=orjson.loads(pio.to_json(c.figure, validate=False)),
                                            table=one(c.table), drawn=one(c.drawn))
                                    for c in preview.charts])


def chart_base() -> dict:
    """The curated tables a preview is drawn on, loaded from the data package."""
    from exodus.data.load import load_all
    from exodus.data.geo import load_countries
    from exodus.charts.map_chart import map_base

    base = load_all()
    base["map_base"] = map_base(load_countries(), base["crossings"])
    return base
