"""Assembling Plotly figures from plain dicts.

The chart builders describe traces and layout as plain dicts (Plotly's JSON schema) and
turn them into a Figure once, without Plotly's per-property validation: building the
map that way takes a fraction of the time, which keeps a rerun after a filter change
fast. The tests validate every chart against Plotly's schema (:func:`validated`), so a
misspelt property still fails CI.
"""

from __future__ import annotations

import copy
from functools import lru_cache

import plotly.graph_objects as go
from plotly.subplots import make_subplots


def assemble(traces: list[dict], layout: dict) -> go.Figure:
    """A Figure from trace and layout dicts, skipping Plotly's validation."""
    return go.Figure(data=traces, layout=layout, _validate=False)


def validated(fig: go.Figure) -> go.Figure:
    """The same figure rebuilt with full validation: raises on any unknown property."""
    return go.Figure(fig.to_dict(), skip_invalid=False)


def title(text: str, subtitle: str) -> dict:
    """A chart title with its one-line subtitle (both already escaped)."""
    return dict(text=f"{text}<br><sup>{subtitle}</sup>", x=0.01, xanchor="left")


@lru_cache(maxsize=8)
def _stacked_layout(heights: tuple[float, ...], spacing: float, titles: tuple[str, ...]) -> dict:
    fig = make_subplots(rows=len(heights), cols=1, shared_xaxes=True, vertical_spacing=spacing,
                        row_heights=list(heights), subplot_titles=titles or None)
    layout = fig.layout.to_plotly_json()
    layout.pop("template", None)
    return layout


def stacked_layout(heights: tuple[float, ...], spacing: float, titles: tuple[str, ...] = ()) -> dict:
    """Layout of panels stacked on one shared date axis (axes ``x``/``y``, ``x2``/``y2``, ...).

    Computed once per shape; each call gets its own copy to fill in.
    """
    return copy.deepcopy(_stacked_layout(tuple(heights), spacing, tuple(titles)))


def axes(row: int) -> dict:
    """The ``xaxis``/``yaxis`` references of a trace in panel ``row`` (1-based)."""
    suffix = "" if row == 1 else str(row)
    return {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}


def axis_key(axis: str, row: int) -> str:
    """Layout key of panel ``row``'s ``axis`` ("x" or "y"): ``xaxis``, ``yaxis2``, ..."""
    return f"{axis}axis" + ("" if row == 1 else str(row))


def records(frame) -> list[dict]:
    """A DataFrame's rows as dicts of plain Python values (as ``Series.tolist`` gives them),
    from one object array of the whole frame: far quicker than iterrows, ``to_dict("records")``
    or reading the frame column by column, each of which pays pandas' per-column overhead."""
    columns = list(frame.columns)
    return [dict(zip(columns, row)) for row in frame.to_numpy(dtype=object).tolist()]
