"""The "estimated daily flow" timeline: a low-high band and a middle line per series,
with the reports it rests on drawn over it. Every trace is labelled as an estimate."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from exodus import palette, schema
from exodus.figures import assemble, axes, stacked_layout
from exodus.figures import title as chart_title
from exodus.formatting import esc, number
from exodus.timeline import add_key_event_marks, date_range_axis, event_lane_traces, lane_axis


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i: i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _series_label(key: tuple) -> str:
    destination, _crossing, population, _metric, _unit = key
    return f"{schema.label_destination(destination)} · {schema.POPULATIONS.get(population, population)}"


def _segments(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """Split a series where days are missing, so no band bridges a gap."""
    gaps = frame["date"].diff().dt.days.fillna(1).ne(1).cumsum()
    return [part for _, part in frame.groupby(gaps)]


def build_estimate_timeline(daily: pd.DataFrame, reports: pd.DataFrame, events: pd.DataFrame, *, start, end, title: str, subtitle: str) -> go.Figure:
    """Estimated people per day for each series, as bands, with events below."""
    layout = stacked_layout((0.75, 0.25), 0.07, ("Estimated people per day (derived from the reports)", "Events"))
    traces: list[dict] = []
    keys = ["destination_iso3", "crossing_id", "population", "metric", "unit"]
    for key, frame in daily.sort_values("date").groupby(keys, sort=True):
        colour = palette.destination_colour(key[0])
        label = esc(_series_label(key))
        first = True
        for part in _segments(frame):
            high = part["high"].fillna(part["point"])
            texts = [
                f"<b>{label}</b><br>{d:%d %b %Y}: estimate {number(round(p))} a day (range {number(round(lo))}–{'open' if h != h else number(round(h))})"
                f"<br>{n} report(s): {esc(ids)}"
                for d, p, lo, h, n, ids in zip(part["date"], part["point"], part["low"], part["high"], part["n_reports"], part["report_ids"])
            ]
            dates = part["date"].to_numpy()
            traces += [
                dict(type="scatter", x=dates, y=high.to_numpy(), mode="lines", line=dict(width=0), hoverinfo="skip",
                     showlegend=False, legendgroup=label, name=f"{label} high"),
                dict(type="scatter", x=dates, y=part["low"].to_numpy(), mode="lines", line=dict(width=0), fill="tonexty",
                     fillcolor=_rgba(colour, 0.25), hoverinfo="skip", showlegend=False, legendgroup=label, name=f"{label} low"),
                dict(type="scatter", x=dates, y=part["point"].to_numpy(), mode="lines+markers", line=dict(color=colour, width=2),
                     marker=dict(size=4), name=f"{label} (estimate)", legendgroup=label, showlegend=first,
                     hoverinfo="text", text=texts, meta={"kind": "estimate"}),
            ]
            first = False
    traces += _reported_daily(reports)
    traces = [t | axes(1) for t in traces] + event_lane_traces(events, row=2)
    layout["yaxis"].update(title=dict(text="people per day (estimate)"), rangemode="tozero")
    layout["yaxis2"].update(lane_axis(events))
    layout["xaxis2"].update(range=date_range_axis(start, end))
    add_key_event_marks(layout, events)
    layout.update(title=chart_title(esc(title), esc(subtitle)), height=720, margin=dict(l=130, r=20, t=90, b=40), hovermode="closest")
    if daily.empty:
        layout["annotations"].append(dict(text="No report in this range can be turned into a daily rate", xref="paper", yref="paper",
                                          x=0.5, y=0.7, showarrow=False))
    return assemble(traces, layout)


def _reported_daily(reports: pd.DataFrame) -> list[dict]:
    """The reported daily figures themselves, as open markers over the bands."""
    daily = reports[reports["measure"] == "daily"]
    if daily.empty:
        return []
    xs, ys, texts = [], [], []
    for r in daily.to_dict("records"):
        for day in pd.date_range(r["period_start"], r["period_end"], freq="D"):
            xs.append(day)
            ys.append(r["value"])
            texts.append(f"Reported: {number(r['value'])} a day · {esc(schema.label_destination(r['destination_iso3']))} · {esc(r['reporting_body'])} · id {esc(r['id'])}")
    return [dict(type="scatter", x=xs, y=ys, mode="markers", name="Reported daily figure",
                 marker=dict(symbol="circle-open", size=8, color="#222222"), hoverinfo="text", text=texts)]
