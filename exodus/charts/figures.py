"""Assembling Plotly figures from plain dicts.

The chart builders describe traces and layout as plain dicts (Plotly's JSON schema) and
turn them into a Figure once, without Plotly's per-property validation: building the
map that way takes a fraction of the time, which keeps a rerun after a filter change
fast. Charts the app only sends (the reported timeline, the events) skip the Figure
altogether and stay the dict it would give (:func:`assemble_plain`). The tests validate
every chart against Plotly's schema (:func:`validated`), so a misspelt property still
fails CI.
"""

from __future__ import annotations

import copy
import threading
import weakref
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from exodus import i18n
from exodus.charts.hover_wrap import wrap_hovers


def _finished(traces: list[dict], layout: dict) -> tuple[list[dict], dict]:
    layout = {**layout, "hoverlabel": {"align": "left", **layout.get("hoverlabel", {})}}
    return wrap_hovers(traces), localised(layout)


def assemble(traces: list[dict], layout: dict) -> go.Figure:
    """A Figure from trace and layout dicts, skipping Plotly's validation; numbers and
    dates that Plotly itself draws follow the active language (:func:`localised`), and
    hover texts come in short lines (:func:`exodus.charts.hover_wrap.wrap_hovers`),
    aligned left."""
    data, layout = _finished(traces, layout)
    return go.Figure(data=data, layout=layout, _validate=False)


def assemble_plain(traces: list[dict], layout: dict) -> dict:
    """What ``assemble(traces, layout).to_dict()`` gives, without building the Figure: for
    a chart the app only sends, building and then copying a Figure is most of a rerun's
    time. Days are written as Plotly's JSON writes them (:func:`_days_as_text`), so the
    JSON is the Figure's (the tests hold the two equal) and costs a tenth to
    write on every rerun. The dict shares parts with its inputs and with other charts (the
    template): nobody may modify it."""
    data, layout = _days_as_text(_finished(traces, layout))
    if "template" not in layout and (template := _default_template(pio.templates.default)) is not None:
        layout = {**layout, "template": template}
    return {"data": data, "layout": layout}


_TIMESTAMP = pd.Timestamp
_NESTED = (dict, list, tuple)


def _days_as_text(node):
    """``node`` with every Timestamp in its dicts, lists and tuples as its ISO text, which
    is what Plotly's JSON encoder writes for it; Plotly cleans each Timestamp in Python on
    every encoding, a string it passes as it is."""
    kind = type(node)
    if kind is dict:
        return {key: _days_as_text(value) for key, value in node.items()}
    if kind is list or kind is tuple:
        out = [value.isoformat() if type(value) is _TIMESTAMP else (_days_as_text(value) if type(value) in _NESTED else value)
               for value in node]
        return out if kind is list else tuple(out)
    if kind is _TIMESTAMP:
        return node.isoformat()
    return node


@lru_cache(maxsize=4)
def _default_template(name) -> dict | None:
    """Plotly's default template as a Figure's dict carries it."""
    if name is None:
        return None
    return go.Figure(layout=dict(template=pio.templates[name]) if isinstance(name, str) else dict(template=name)).to_dict()["layout"]["template"]


#: Plotly's date format for tick labels and hovers where it cannot name months in the
#: language (its bundle in the app carries English month names only).
NUMERIC_DAY = "%d.%m.%Y"


def separators() -> str:
    """Plotly's decimal and thousands separators for the active language ('.,' in
    English, ', ' in Russian), so that numbers drawn by Plotly read like the rest."""
    symbols = i18n.locale().number_symbols["latn"]
    return symbols["decimal"] + symbols["group"]


def localised(layout: dict) -> dict:
    """The layout with the language's separators and, outside English, days written as
    numbers on every visible x axis (all of them are date axes), never with English
    month names."""
    if i18n.current() == i18n.DEFAULT:
        return layout
    layout = dict(layout, separators=separators())
    for key in [k for k in layout if k.startswith("xaxis")]:
        axis = layout[key]
        if isinstance(axis, dict) and axis.get("visible", True):
            layout[key] = dict(axis, tickformat=NUMERIC_DAY, hoverformat=NUMERIC_DAY)
    for key in [k for k in layout if k.startswith("yaxis")]:
        axis = layout[key]
        if isinstance(axis, dict) and not axis.get("tickvals"):  # numbers in full, never 10k or 1M
            layout[key] = dict(axis, tickformat=",~r", exponentformat="none")
    return layout


def day_format() -> str:
    """The date format for a Plotly hover template in the active language."""
    return "%d %b %Y" if i18n.current() == i18n.DEFAULT else NUMERIC_DAY


#: Figures are not hashable (Plotly defines equality on them), so their dicts are kept by
#: the figure's id and dropped when the figure is collected (an id is never reused for
#: another figure while its entry is here).
_PLAIN: dict[int, dict] = {}
_PLAIN_LOCK = threading.Lock()


def _forget(key: int) -> None:
    with _PLAIN_LOCK:
        _PLAIN.pop(key, None)


def _keep(fig: go.Figure, plain: dict) -> dict:
    key = id(fig)
    with _PLAIN_LOCK:
        if key not in _PLAIN:
            _PLAIN[key] = plain
            weakref.finalize(fig, _forget, key)
        return _PLAIN[key]


def plain_dict(fig: go.Figure) -> dict:
    """``fig.to_dict()`` (a deep copy of every trace and of the layout, numeric arrays
    packed as Plotly sends them, days as the text its JSON writes: :func:`_days_as_text`),
    made once per figure object and shared by every caller.

    Only for figures that are never modified once built, as the charts the app keeps in
    its caches; callers must not modify the dict either."""
    with _PLAIN_LOCK:
        found = _PLAIN.get(id(fig))
    return found if found is not None else _keep(fig, _days_as_text(fig.to_dict()))


def validated(fig: go.Figure | dict) -> go.Figure:
    """The same figure (or a figure's plain dict) rebuilt with full validation: raises on
    any unknown property."""
    return go.Figure(fig if isinstance(fig, dict) else fig.to_dict(), skip_invalid=False)


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


def records(frame, columns: tuple[str, ...] | None = None) -> list[dict]:
    """A DataFrame's rows as dicts of plain Python values (as ``Series.tolist`` gives them),
    from one object array of the whole frame: far quicker than iterrows, ``to_dict("records")``
    or reading the frame column by column, each of which pays pandas' per-column overhead.
    With ``columns``, only those of them the frame has (each one converted costs time)."""
    if columns is not None:
        frame = frame[[c for c in columns if c in frame.columns]]
    columns = list(frame.columns)
    return [dict(zip(columns, row)) for row in frame.to_numpy(dtype=object).tolist()]
