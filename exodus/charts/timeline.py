"""Timelines: reported figures over time set against the events.

Each report is drawn as what it is: a daily figure as a flat dotted segment across its
window (a point for a single day), the hover on its last day, a total as a horizontal span over its period, a cumulative figure as a span
from its start date ending in a triangle, a stock as a diamond on its day. Daily
figures and totals sit in separate panels because they are different quantities.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from exodus.charts import palette
from exodus import i18n
from exodus.data import schema
from exodus.i18n import _
from exodus.charts.figures import assemble, assemble_plain, axes, axis_key, records, stacked_layout
from exodus.charts.figures import title as chart_title
from exodus.derive.filters import event_last_day
from exodus.charts.formatting import HOVER_FIELDS, HOVER_TEMPLATE, esc, kept_hover_lines

KEY_EVENT_CATEGORIES = ("war", "mobilization", "terror_attack")
PEOPLE_UNITS = ("people",)


#: The columns of a report that the timeline reads: its hover lines' (its traces read a
#: few of the same); only these are turned into Python values, not the whole row of the
#: curated table.
REPORT_COLUMNS = HOVER_FIELDS
#: The columns of an event that its lane reads.
EVENT_COLUMNS = ("category", "title", "date", "country_iso3", "description", "source_publisher", "lane")


def _panel_rows(reports: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    counted = reports[reports["unit"].isin(PEOPLE_UNITS)]
    daily = counted[counted["measure"] == "daily"]
    totals = counted[counted["measure"].isin(("period_total", "cumulative", "stock"))]
    return daily, totals


def _by_destination(rows: pd.DataFrame) -> dict[str, list[dict]]:
    """The reports of each destination (as :func:`records` gives them, in the frame's
    order), destinations in alphabetical order: one conversion of the whole frame, not
    one per destination."""
    grouped: dict[str, list[dict]] = {}
    for r in records(rows, REPORT_COLUMNS):
        grouped.setdefault(r["destination_iso3"], []).append(r)
    return {code: grouped[code] for code in sorted(grouped)}


def _span_traces(points: list[dict], code: str, showlegend: bool) -> list[dict]:
    """Totals as spans: a line from start to end (one point for a stock), and the hover
    on the end point only (see :func:`_hover_trace`)."""
    xs, ys, symbols, end_symbols = [], [], [], []
    for r in points:
        if r["measure"] == "stock":
            xs += [r["period_end"], None]
            ys += [r["value"], None]
            symbols += ["diamond", "circle"]
            end_symbols.append("diamond")
            continue
        end_symbol = palette.MEASURE_SYMBOLS.get(r["measure"], "circle")
        xs += [r["period_start"], r["period_end"], None]
        ys += [r["value"], r["value"], None]
        symbols += ["line-ns-open", end_symbol, "circle"]
        end_symbols.append(end_symbol)
    colour = palette.destination_colour(code)
    marker = dict(symbol=symbols, size=8, color=colour, line=dict(width=1.5, color=colour))
    line = dict(
        type="scatter", x=xs, y=ys, mode="lines+markers", name=esc(schema.label_destination(code)), legendgroup=code,
        line=dict(color=colour, width=2), marker=marker, hoverinfo="skip", showlegend=showlegend, connectgaps=False,
    )
    return [line, _hover_trace(points, code, dict(marker, symbol=end_symbols))]


#: The end markers of a daily figure by its precision: a triangle points the way an "at
#: least" or "up to" figure is open; a range is drawn as the box between its two ends.
QUALIFIER_SYMBOLS = {"at_least": "triangle-up", "at_most": "triangle-down"}


def _daily_trace(points: list[dict], code: str, showlegend: bool) -> list[dict]:
    """Daily figures (``points`` in the order of their first day) as one flat segment a
    report, from its first to its last day (one point for a single day): the payload grows
    with the reports, not with their days. A range ("5,000-6,000 a day") is a box from its
    low to its high end."""
    xs, ys, symbols = [], [], []
    box_x, box_y = [], []
    for r in points:
        days = [r["period_start"]] if r["period_end"] == r["period_start"] else [r["period_start"], r["period_end"]]
        high = r.get("value_high")
        if r["qualifier"] == "range" and high == high and high is not None and high > r["value"]:
            first, last = days[0] - pd.Timedelta(hours=10), days[-1] + pd.Timedelta(hours=10)
            box_x += [first, last, last, first, first, None]
            box_y += [r["value"], r["value"], high, high, r["value"], None]
            continue
        xs += days + [None]
        ys += [r["value"]] * len(days) + [None]
        symbols += [QUALIFIER_SYMBOLS.get(r["qualifier"], "circle")] * len(days) + ["circle"]
    colour = palette.destination_colour(code)
    marker = dict(size=7, color=colour, symbol=symbols)
    traces = [dict(
        type="scatter", x=xs, y=ys, mode="lines+markers", name=esc(schema.label_destination(code)), legendgroup=code,
        line=dict(color=colour, width=1.5, dash="dot"), marker=marker, hoverinfo="skip", showlegend=showlegend,
    )]
    if box_x:
        traces.append(dict(type="scatter", x=box_x, y=box_y, mode="lines", fill="toself", fillcolor=_translucent(colour),
                           line=dict(color=colour, width=1), name=esc(schema.label_destination(code)), legendgroup=code,
                           showlegend=False, hoverinfo="skip", meta={"kind": "range"}))
    ends = [QUALIFIER_SYMBOLS.get(r["qualifier"], "circle") if r["qualifier"] != "range" else "line-ew" for r in points]
    return traces + [_hover_trace(points, code, dict(marker, symbol=ends))]


def _translucent(colour: str, alpha: float = 0.25) -> str:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _hover_trace(points: list[dict], code: str, marker: dict) -> dict:
    """One point a report (``points``: the reports as :func:`records` gives them), on its
    last day, over the end marker drawn by the line trace: it carries the report's hover
    lines as ``customdata`` under a shared template, so a report's text is sent once
    however long its line."""
    return dict(
        type="scatter", x=[r["period_end"] for r in points], y=[r["value"] for r in points], mode="markers",
        name=esc(schema.label_destination(code)), legendgroup=code, showlegend=False, marker=marker,
        customdata=[kept_hover_lines(r) for r in points], hovertemplate=HOVER_TEMPLATE, meta={"hover": "reports"},
    )


#: Log axes labelled at powers of ten only, in short form (100, 1k, 10k, 1M), never with
#: the bare "2" and "5" of Plotly's minor log ticks.
LOG_AXIS = dict(type="log", dtick=1, tickformat="~s", minor=dict(ticks="inside", ticklen=3, showgrid=False))


def date_range_axis(start, end) -> list:
    """The shared date axis spans the range with a day to spare on each side."""
    return [pd.Timestamp(start) - pd.Timedelta(days=1), pd.Timestamp(end) + pd.Timedelta(days=1)]


def build_timeline(reports: pd.DataFrame, events: pd.DataFrame, *, start, end, title: str, subtitle: str) -> go.Figure:
    """Reported figures per destination over time, with the events in a lane below."""
    return assemble(*_timeline_parts(reports, events, start=start, end=end, title=title, subtitle=subtitle))


def timeline_dict(reports: pd.DataFrame, events: pd.DataFrame, *, start, end, title: str, subtitle: str) -> dict:
    """:func:`build_timeline` as the figure's plain dict (see :func:`exodus.charts.figures.assemble_plain`)."""
    return assemble_plain(*_timeline_parts(reports, events, start=start, end=end, title=title, subtitle=subtitle))


def _timeline_parts(reports: pd.DataFrame, events: pd.DataFrame, *, start, end, title: str, subtitle: str) -> tuple[list, dict]:
    daily, totals = _panel_rows(reports)
    events_px = max(90, 30 * len(lanes(events)))
    heights = (250, 290, events_px)
    layout = stacked_layout(tuple(round(h / sum(heights), 3) for h in heights), 0.05)
    traces: list[dict] = []
    shown: set[str] = set()
    for code, points in _by_destination(daily.sort_values("period_start", kind="stable")).items():
        traces += [trace | axes(1) for trace in _daily_trace(points, code, code not in shown)]
        shown.add(code)
    for code, points in _by_destination(totals).items():
        traces += [trace | axes(2) for trace in _span_traces(points, code, code not in shown)]
        shown.add(code)
    traces += event_lane_traces(events, row=3)
    for row, label in ((1, _("Per day (people)")), (2, _("Totals (people)"))):
        layout[axis_key("y", row)].update(LOG_AXIS, title=dict(text=label))
    layout[axis_key("y", 3)].update(lane_axis(events))
    layout[axis_key("x", 3)].update(range=date_range_axis(start, end))
    add_key_event_marks(layout, events, start, end)
    layout.update(
        title=chart_title(esc(title), esc(subtitle)),
        height=sum(heights) + 230, margin=dict(l=130, r=20, t=key_label_top(events), b=40), hovermode="closest",
        # Below the panels, across: a legend there never covers a line, at any width.
        legend=dict(title=dict(text=_("Destination")), orientation="h", x=0, xanchor="left", y=-0.06, yanchor="top"),
    )
    if daily.empty and totals.empty:
        layout.setdefault("annotations", []).append(_note(_("No figures reported in this range with these filters"), y=0.7))
    return traces, layout


def _note(text: str, y: float) -> dict:
    return dict(text=text, xref="paper", yref="paper", x=0.5, y=y, showarrow=False)


def lanes(events: pd.DataFrame) -> dict[str, int]:
    """One lane per category present, in the schema's order."""
    present = set(events["category"].tolist())
    used = [c for c in schema.EVENT_CATEGORIES if c in present]
    return {c: i for i, c in enumerate(used)}


def _event_rows(events: pd.DataFrame) -> pd.DataFrame:
    """Each category gets a lane; events within it are staggered so spans do not hide each other."""
    stagger = events.groupby("category").cumcount() % 3 * 0.2
    return events.assign(lane=events["category"].map(lanes(events)) + stagger)


def lane_axis(events: pd.DataFrame) -> dict:
    """The events panel's y axis: one labelled lane per category, first at the top."""
    used = lanes(events)
    return dict(tickvals=list(used.values()), ticktext=[esc(schema.label(schema.EVENT_CATEGORIES, c)) for c in used],
                range=[len(used) - 0.4, -0.6], showgrid=False, zeroline=False)


def event_lane_traces(events: pd.DataFrame, row: int) -> list[dict]:
    """Events as markers (one-day) or bars (in force over a span), one lane per category."""
    if events.empty:
        return []
    rows = _event_rows(events)
    last = event_last_day(events).clip(upper=pd.Timestamp.today().normalize()).tolist()
    # Grouped in Python, in the order categories first appear (as groupby(sort=False)).
    by_category: dict[str, list] = {}
    for e, until in zip(records(rows, EVENT_COLUMNS), last):
        by_category.setdefault(e["category"], []).append((e, until))
    traces = []
    for category, group in by_category.items():
        colour = palette.EVENT_COLOURS.get(category, "#777777")
        label = schema.label(schema.EVENT_CATEGORIES, category)
        xs, ys, texts = [], [], []
        for e, until in group:
            text = (f"<b>{esc(e['title'])}</b><br>{i18n.format_day(e['date'])} · {esc(label)} · {esc(e['country_iso3'])}<br>"
                    f"{esc(e['description'])}<br>" + esc(_("Source: {publisher}").format(publisher=e["source_publisher"])))
            if until > e["date"]:
                xs += [e["date"], until, None]
                ys += [e["lane"]] * 2 + [None]
                texts += [text, text, None]
            else:
                xs += [e["date"], None]
                ys += [e["lane"], None]
                texts += [text, None]
        traces.append(dict(
            type="scatter", x=xs, y=ys, mode="lines+markers", name=esc(label), legendgroup="events",
            legendgrouptitle=dict(text=_("Events")),
            line=dict(color=colour, width=6), marker=dict(color=colour, size=10, symbol="line-ns", line=dict(width=3, color=colour)),
            hoverinfo="text", text=texts, showlegend=False,  # each lane is named on the axis
        ) | axes(row))
    return traces


#: Top margin of a timeline for its title and subtitle; each key-event label adds a row.
TITLE_TOP = 90
KEY_LABEL_ROW = 16


def key_label_top(events: pd.DataFrame) -> int:
    """The top margin that holds the title and one row per key-event label."""
    return TITLE_TOP + KEY_LABEL_ROW * len(_key_events(events))


def _key_events(events: pd.DataFrame) -> pd.DataFrame:
    from exodus.derive.filters import KEY_DAYS

    return events[events["category"].isin(KEY_EVENT_CATEGORIES) & events["date"].dt.date.isin(KEY_DAYS)].sort_values("date")


def add_key_event_marks(layout: dict, events: pd.DataFrame, start=None, end=None) -> None:
    """Dotted vertical lines across all panels for the decree, the invasion, the attack,
    each named above the panels on a row of its own (see :func:`key_label_top`), so no
    label sits on a panel, an axis title or another label at any width. Labels in the
    right part of the range end at their line, so they stay inside the chart."""
    key = _key_events(events)
    if key.empty:
        return
    first = pd.Timestamp(start) if start is not None else key["date"].min()
    span = max(((pd.Timestamp(end) if end is not None else key["date"].max()) - first).days, 1)
    for row, e in enumerate(records(key)):
        at = (e["date"] - first).days / span
        layout.setdefault("shapes", []).append(dict(
            type="line", x0=e["date"], x1=e["date"], xref="x", y0=0, y1=1, yref="paper",
            line=dict(color=palette.EVENT_COLOURS[e["category"]], width=1, dash="dot")))
        layout.setdefault("annotations", []).append(dict(
            x=e["date"], y=1.0, xref="x", yref="paper", text=esc(_short(e["title"], 32)), showarrow=False,
            xanchor="left" if at < 0.5 else "right", yanchor="bottom", yshift=4 + KEY_LABEL_ROW * (len(key) - 1 - row),
            font=dict(size=11), name="key-event"))


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build_events_timeline(events: pd.DataFrame, *, start, end, title: str, subtitle: str) -> go.Figure:
    """The events in the range on their own, one lane per category."""
    return assemble(*_events_parts(events, start=start, end=end, title=title, subtitle=subtitle))


def events_dict(events: pd.DataFrame, *, start, end, title: str, subtitle: str) -> dict:
    """:func:`build_events_timeline` as the figure's plain dict."""
    return assemble_plain(*_events_parts(events, start=start, end=end, title=title, subtitle=subtitle))


def _events_parts(events: pd.DataFrame, *, start, end, title: str, subtitle: str) -> tuple[list, dict]:
    layout = dict(
        title=chart_title(esc(title), esc(subtitle)),
        xaxis=dict(range=date_range_axis(start, end)), yaxis=lane_axis(events),
        height=max(260, 110 + 42 * len(lanes(events))), margin=dict(l=150, r=20, t=80, b=40), showlegend=False,
        annotations=[_note(_("No events in this range"), y=0.5)] if events.empty else [],
    )
    return event_lane_traces(events, row=1), layout
