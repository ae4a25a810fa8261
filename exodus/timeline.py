"""Timelines: reported figures over time set against the events.

Each report is drawn as what it is: a daily figure as points (joined across its
window), a total as a horizontal span over its period, a cumulative figure as a span
from its start date ending in a triangle, a stock as a diamond on its day. Daily
figures and totals sit in separate panels because they are different quantities.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from exodus import palette, schema
from exodus.filters import event_last_day
from exodus.formatting import esc, hover

KEY_EVENT_CATEGORIES = ("war", "mobilization", "terror_attack")
PEOPLE_UNITS = ("people",)


def _panel_rows(reports: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    counted = reports[reports["unit"].isin(PEOPLE_UNITS)]
    daily = counted[counted["measure"] == "daily"]
    totals = counted[counted["measure"].isin(("period_total", "cumulative", "stock"))]
    return daily, totals


def _span_trace(rows: pd.DataFrame, code: str, showlegend: bool) -> go.Scatter:
    xs, ys, texts, symbols = [], [], [], []
    for _, r in rows.iterrows():
        text = hover(r)
        if r["measure"] == "stock":
            xs += [r["period_end"], None]
            ys += [r["value"], None]
            texts += [text, None]
            symbols += ["diamond", "circle"]
            continue
        end_symbol = palette.MEASURE_SYMBOLS.get(r["measure"], "circle")
        xs += [r["period_start"], r["period_end"], None]
        ys += [r["value"], r["value"], None]
        texts += [text, text, None]
        symbols += ["line-ns-open", end_symbol, "circle"]
    colour = palette.destination_colour(code)
    return go.Scatter(
        x=xs, y=ys, mode="lines+markers", name=esc(schema.label_destination(code)), legendgroup=code,
        line=dict(color=colour, width=2), marker=dict(symbol=symbols, size=8, color=colour, line=dict(width=1.5, color=colour)),
        hoverinfo="text", text=texts, showlegend=showlegend, connectgaps=False,
    )


def _daily_trace(rows: pd.DataFrame, code: str, showlegend: bool) -> go.Scatter:
    xs, ys, texts = [], [], []
    for _, r in rows.sort_values("period_start").iterrows():
        days = pd.date_range(r["period_start"], r["period_end"], freq="D")
        text = hover(r)
        xs += list(days) + [None]
        ys += [r["value"]] * len(days) + [None]
        texts += [text] * len(days) + [None]
    colour = palette.destination_colour(code)
    return go.Scatter(
        x=xs, y=ys, mode="lines+markers", name=esc(schema.label_destination(code)), legendgroup=code,
        line=dict(color=colour, width=1.5, dash="dot"), marker=dict(size=7, color=colour),
        hoverinfo="text", text=texts, showlegend=showlegend,
    )


def build_timeline(reports: pd.DataFrame, events: pd.DataFrame, *, start, end, title: str, subtitle: str) -> go.Figure:
    """Reported figures per destination over time, with the events in a lane below."""
    daily, totals = _panel_rows(reports)
    fig = make_subplots(
        rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.36, 0.42, 0.22],
        subplot_titles=("Figures reported per day (people per day)", "Totals reported over a period (people)", "Events"),
    )
    shown: set[str] = set()
    for code, rows in daily.groupby("destination_iso3", sort=True):
        fig.add_trace(_daily_trace(rows, code, code not in shown), row=1, col=1)
        shown.add(code)
    for code, rows in totals.groupby("destination_iso3", sort=True):
        fig.add_trace(_span_trace(rows, code, code not in shown), row=2, col=1)
        shown.add(code)
    add_event_lane(fig, events, row=3)
    add_key_event_lines(fig, events)
    for row, label in ((1, "people per day"), (2, "people")):
        fig.update_yaxes(type="log", title_text=label, row=row, col=1)
    label_event_lanes(fig, events, row=3)
    fig.update_xaxes(range=[pd.Timestamp(start) - pd.Timedelta(days=1), pd.Timestamp(end) + pd.Timedelta(days=1)], title_text="", row=3, col=1)
    fig.update_layout(
        title=dict(text=f"{esc(title)}<br><sup>{esc(subtitle)}</sup>", x=0.01, xanchor="left"),
        height=800, margin=dict(l=130, r=20, t=90, b=40), hovermode="closest",
        legend=dict(title_text="Destination", orientation="v"),
    )
    if daily.empty and totals.empty:
        fig.add_annotation(text="No figures reported in this range with these filters", xref="paper", yref="paper", x=0.5, y=0.7, showarrow=False)
    return fig


def lanes(events: pd.DataFrame) -> dict[str, int]:
    """One lane per category present, in the schema's order."""
    used = [c for c in schema.EVENT_CATEGORIES if c in set(events["category"])]
    return {c: i for i, c in enumerate(used)}


def _event_rows(events: pd.DataFrame) -> pd.DataFrame:
    """Each category gets a lane; events within it are staggered so spans do not hide each other."""
    stagger = events.groupby("category").cumcount() % 3 * 0.2
    return events.assign(lane=events["category"].map(lanes(events)) + stagger)


def label_event_lanes(fig: go.Figure, events: pd.DataFrame, row: int | None = None) -> None:
    kwargs = dict(row=row, col=1) if row else {}
    used = lanes(events)
    fig.update_yaxes(tickvals=list(used.values()), ticktext=[esc(schema.EVENT_CATEGORIES[c]) for c in used],
                     range=[len(used) - 0.4, -0.6], showgrid=False, zeroline=False, **kwargs)


def add_event_lane(fig: go.Figure, events: pd.DataFrame, row: int) -> None:
    """Events as markers (one-day) or bars (in force over a span), one lane per category."""
    rows = _event_rows(events)
    last = event_last_day(events).clip(upper=pd.Timestamp.today().normalize())
    for category, group in rows.groupby("category", sort=False):
        colour = palette.EVENT_COLOURS.get(category, "#777777")
        label = schema.EVENT_CATEGORIES.get(category, category)
        xs, ys, texts = [], [], []
        for idx, e in group.iterrows():
            text = f"<b>{esc(e['title'])}</b><br>{e['date']:%d %b %Y} · {esc(label)} · {esc(e['country_iso3'])}<br>{esc(e['description'])}<br>Source: {esc(e['source_publisher'])}"
            if last[idx] > e["date"]:
                xs += [e["date"], last[idx], None]
                ys += [e["lane"]] * 2 + [None]
                texts += [text, text, None]
            else:
                xs += [e["date"], None]
                ys += [e["lane"], None]
                texts += [text, None]
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines+markers", name=esc(label), legendgroup="events", legendgrouptitle_text="Events",
                       line=dict(color=colour, width=6), marker=dict(color=colour, size=10, symbol="line-ns", line=dict(width=3, color=colour)),
                       hoverinfo="text", text=texts, showlegend=True),
            row=row, col=1,
        )


def add_key_event_lines(fig: go.Figure, events: pd.DataFrame) -> None:
    """Dotted vertical lines across all panels for the decree, the invasion, the attack."""
    from exodus.filters import KEY_DAYS

    key = events[events["category"].isin(KEY_EVENT_CATEGORIES) & events["date"].dt.date.isin(KEY_DAYS)]
    for _, e in key.iterrows():
        fig.add_vline(x=e["date"], line=dict(color=palette.EVENT_COLOURS[e["category"]], width=1, dash="dot"))
        fig.add_annotation(x=e["date"], y=1.0, xref="x", yref="paper", text=esc(_short(e["title"])), showarrow=False,
                           textangle=-90, xanchor="right", yanchor="top", font=dict(size=10, color="#444444"))


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build_events_timeline(events: pd.DataFrame, *, start, end, title: str, subtitle: str) -> go.Figure:
    """The events in the range on their own, one lane per category."""
    fig = go.Figure()
    shown = events
    rows = make_subplots(rows=1, cols=1)
    add_event_lane(rows, shown, row=1)
    for trace in rows.data:
        fig.add_trace(trace)
    used = [c for c in schema.EVENT_CATEGORIES if c in set(events["category"])]
    label_event_lanes(fig, events)
    fig.update_xaxes(range=[pd.Timestamp(start) - pd.Timedelta(days=1), pd.Timestamp(end) + pd.Timedelta(days=1)])
    fig.update_layout(
        title=dict(text=f"{esc(title)}<br><sup>{esc(subtitle)}</sup>", x=0.01, xanchor="left"),
        height=max(260, 110 + 42 * len(used)), margin=dict(l=150, r=20, t=80, b=40), showlegend=False,
    )
    if events.empty:
        fig.add_annotation(text="No events in this range", xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False)
    return fig
