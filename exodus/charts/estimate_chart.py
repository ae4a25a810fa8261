"""The "estimated daily flow" timeline: per series, the band every report allows and the
smoothest series inside it, with the daily figures drawn as reported (a range as a range).

Hover text is one template per trace filled from ``customdata``, so the payload grows with
the number of days and reports, never with repeated sentences. Every trace is labelled as
an estimate or as a report.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from exodus.charts import palette
from exodus.data import schema
from exodus.charts.figures import assemble, axes, day_format, records, stacked_layout
from exodus.charts.figures import title as chart_title
from exodus.charts.formatting import esc, number, qualified
from exodus.i18n import _
from exodus.charts.timeline import add_key_event_marks, key_label_top, date_range_axis, event_lane_traces, lane_axis

KEYS = ["destination_iso3", "crossing_id", "population", "metric", "unit"]
_DAY = pd.Timedelta(days=1)
#: Reports drawn on the estimate chart: a mid grey, readable on a light and on a dark page.
REPORT_GREY = "#7A7A7A"

_REPORT_STYLE = {  # qualifier -> marker at the ends of the reported segment
    "exact": "line-ew", "about": "line-ew", "at_least": "triangle-up", "at_most": "triangle-down", "range": "line-ew",
}


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i: i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _series_label(key: tuple) -> str:
    destination, _crossing, population, _metric, _unit = key
    return f"{schema.label_destination(destination)} · {schema.label(schema.POPULATIONS, population)}"


def _segments(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """Split a series where days are missing, so no band bridges a gap."""
    gaps = frame["date"].diff().dt.days.fillna(1).ne(1).cumsum()
    return [part for _, part in frame.groupby(gaps)]


def _band(part: pd.DataFrame, label: str, colour: str, first: bool) -> list[dict]:
    dates = part["date"].dt.strftime("%Y-%m-%d").tolist()
    high = part["high"].fillna(part["point"])
    no_bound, no_report = _("no upper bound"), _("no report (counts are never negative)")
    custom = [[round(lo), no_bound if h != h else number(round(h)), esc(ids or no_report)]
              for lo, h, ids in zip(part["low"], part["high"], part["binding_ids"])]
    return [
        dict(type="scatter", x=dates, y=high.round(1).tolist(), mode="lines", line=dict(width=0), hoverinfo="skip",
             showlegend=False, legendgroup=label, name=_("{series} highest allowed (estimate)").format(series=label), meta={"kind": "estimate"}),
        dict(type="scatter", x=dates, y=part["low"].round(1).tolist(), mode="lines", line=dict(width=0), fill="tonexty",
             fillcolor=_rgba(colour, 0.25), hoverinfo="skip", showlegend=False, legendgroup=label,
             name=_("{series} lowest allowed (estimate)").format(series=label), meta={"kind": "estimate"}),
        dict(type="scatter", x=dates, y=part["point"].round(1).tolist(), mode="lines+markers", line=dict(color=colour, width=2),
             marker=dict(size=4), name=_("{series} (estimate)").format(series=label), legendgroup=label, showlegend=first, meta={"kind": "estimate"},
             customdata=custom,
             hovertemplate=_("<b>{series}</b> (estimate)<br>{day}: {value} a day<br>the reports allow {low} to {high}<br>"
                             "bounds set by {ids}").format(series=label, day="%{x|" + day_format() + "}", value="%{y:,.0f}",
                                                          low="%{customdata[0]:,.0f}", high="%{customdata[1]}",
                                                          ids="%{customdata[2]}") + "<extra></extra>"),
    ]


def _baseline(part: pd.DataFrame, label: str, colour: str) -> list[dict]:
    """The band without disputed or anonymous reports, as dashed edges, to show how it moves."""
    dates = part["date"].dt.strftime("%Y-%m-%d").tolist()
    return [dict(type="scatter", x=dates, y=part[column].round(1).tolist(), mode="lines", hoverinfo="skip",
                 line=dict(color=colour, width=1, dash="dash"), legendgroup=label, showlegend=column == "low",
                 name=_("{series}: band without disputed or anonymous reports (estimate)").format(series=label), meta={"kind": "estimate"})
            for column in ("low", "high")]


def build_estimate_timeline(daily: pd.DataFrame, reports: pd.DataFrame, events: pd.DataFrame, *, start, end, title: str,
                            subtitle: str, baseline: pd.DataFrame | None = None) -> go.Figure:
    """Estimated people per day for each series, as bands and lines, with events below."""
    layout = stacked_layout((0.75, 0.25), 0.07)
    traces: list[dict] = []
    for key, frame in daily.sort_values("date").groupby(KEYS, sort=True):
        colour = palette.destination_colour(key[0])
        label = esc(_series_label(key))
        for i, part in enumerate(_segments(frame)):
            traces += _band(part, label, colour, i == 0)
        if baseline is not None:
            base = baseline[(baseline[KEYS] == pd.Series(key, index=KEYS)).all(axis=1)].sort_values("date")
            for part in _segments(base):
                traces += _baseline(part, label, colour)
    traces += _reported_daily(reports)
    traces = [t | axes(1) for t in traces] + event_lane_traces(events, row=2)
    layout["yaxis"].update(title=dict(text=_("People per day (estimate, derived)")), rangemode="tozero")
    layout["yaxis2"].update(lane_axis(events))
    layout["xaxis2"].update(range=date_range_axis(start, end))
    add_key_event_marks(layout, events, start, end)
    layout.update(title=chart_title(esc(title), esc(subtitle)), height=760, margin=dict(l=130, r=20, t=key_label_top(events), b=40),
                  hovermode="closest", legend=dict(orientation="h", x=0, xanchor="left", y=-0.06, yanchor="top"))
    if daily.empty:
        layout.setdefault("annotations", []).append(dict(text=_("No report in this range can be turned into a daily flow"), xref="paper", yref="paper",
                                          x=0.5, y=0.7, showarrow=False))
    return assemble(traces, layout)


def _reported_daily(reports: pd.DataFrame) -> list[dict]:
    """Daily figures as reported: a flat segment over the days they name, from the first
    day to the end of the last; a range is drawn as the box between its two ends, an
    "at least" or "up to" figure with a triangle pointing the way it is open."""
    daily = reports[reports["measure"] == "daily"] if not reports.empty else reports
    if daily.empty:
        return []
    lines = {"x": [], "y": [], "customdata": []}
    boxes = {"x": [], "y": [], "customdata": []}
    symbols = []
    for r in records(daily):
        x0, x1 = pd.Timestamp(r["period_start"]), pd.Timestamp(r["period_end"]) + _DAY
        what = (f"{number(r['value'])}–{number(r['value_high'])}" if r["qualifier"] == "range"
                else qualified(r["qualifier"], number(r["value"])))
        info = [esc(r["id"]), esc(what), esc(r["reporting_body"]), esc(schema.label_destination(r["destination_iso3"]))]
        ends = [x0.strftime("%Y-%m-%d"), x1.strftime("%Y-%m-%d")]
        if r["qualifier"] == "range":
            lo, hi = r["value"], r["value_high"]
            boxes["x"] += [ends[0], ends[1], ends[1], ends[0], ends[0], None]
            boxes["y"] += [lo, lo, hi, hi, lo, None]
            boxes["customdata"] += [info] * 5 + [None]
        else:
            lines["x"] += ends + [None]
            lines["y"] += [r["value"], r["value"], None]
            lines["customdata"] += [info, info, None]
            symbols += [_REPORT_STYLE.get(r["qualifier"], "line-ew")] * 2 + ["line-ew"]
    template = _("Reported: {value} a day · {destination}").format(value="%{customdata[1]}", destination="%{customdata[3]}") + \
        "<br>%{customdata[2]} · id %{customdata[0]}<extra></extra>"
    out = []
    if lines["x"]:
        out.append(dict(type="scatter", mode="lines+markers", name=_("Reported daily figure"), line=dict(color=REPORT_GREY, width=1.5),
                        marker=dict(symbol=symbols, size=9, color=REPORT_GREY, line=dict(width=1.5, color=REPORT_GREY)),
                        hovertemplate=template, meta={"kind": "report"}, **lines))
    if boxes["x"]:
        out.append(dict(type="scatter", mode="lines", fill="toself", name=_("Reported daily range"), fillcolor="rgba(34,34,34,0.08)",
                        line=dict(color=REPORT_GREY, width=1, dash="dot"), hovertemplate=template, meta={"kind": "report"}, **boxes))
    return out
