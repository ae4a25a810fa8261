"""What a reader gets of one chart, and of a whole view, as typed values.

A :class:`Chart` is decided entirely by the builder that made it: its plain title and
subtitle (the figure shows them too, built from the same strings), the bodies behind it,
the days it covers and exactly the table its CSV holds. Exports read these fields; nothing
is parsed back out of the figure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from exodus.derive import filters as flt


class _MadeOnRead:
    """A field that takes a table, or a function of no arguments that makes it: the
    function runs when the field is first read, and its table is kept. A chart's CSV table
    is read only when someone downloads it, so a page need not build it on every rerun."""

    def __set_name__(self, owner, name: str) -> None:
        self._slot = "_made_" + name

    def __get__(self, chart, owner=None):
        if chart is None:
            raise AttributeError(self._slot)  # no default: the field must be given
        value = chart.__dict__[self._slot]
        if callable(value):
            value = value()
            chart.__dict__[self._slot] = value
        return value

    def __set__(self, chart, value) -> None:
        chart.__dict__[self._slot] = value


@dataclass(frozen=True, eq=False)
class Chart:
    """One chart with everything an export or a page needs to show it."""

    slug: str
    #: The figure, or its plain dict: the reported timeline and the events chart are built
    #: as dicts (:func:`exodus.charts.figures.assemble_plain`), and a chart drawn in another
    #: process (a user's own file, see :mod:`exodus.view.upload_preview`) comes as the dict
    #: Plotly's JSON reads back. The app sends a dict as it is and the exports decorate it
    #: as they do a Figure (:func:`figure_of` makes a Figure of either).
    figure: go.Figure | dict
    #: Plain text (not HTML): the export draws it with the date range after it.
    title: str
    #: Plain text under the title, without the date range (may be empty).
    subtitle: str
    caption: str
    alt: str
    #: The reporting bodies (or publishers) behind the figures drawn, each once, the one
    #: behind the most figures first: an image's source line names the first ones.
    sources: tuple[str, ...]
    #: Exactly the rows and columns of the chart's CSV (given as a table, or as a function
    #: of no arguments that makes it when it is first read).
    table: pd.DataFrame = _MadeOnRead()
    #: Stem of the CSV's file name (the export adds the prefix, dates and extension).
    csv_name: str
    #: First and last day the chart covers.
    span: tuple[date, date]
    #: What the figure was drawn from (headline picks, estimates, events, series values
    #: with their baselines), for the tables a page shows beside it; not exported as is.
    drawn: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Reports that cannot all be true, for an estimate chart (else None).
    conflicts: pd.DataFrame | None = None
    #: Plain text of the line under the title as the figure draws it (the date range, the
    #: legend's key). The app writes the title and this line above the figure, where they
    #: wrap at any width; a figure's own title is one line that a phone screen cuts.
    subtitle_line: str = ""


@dataclass(frozen=True, eq=False)
class View:
    """Every chart of the filters, with the view's own tables: the reported figures and
    the events of the range, in the curated files' columns."""

    filters: flt.Filters
    charts: tuple[Chart, ...]
    figures: pd.DataFrame
    events: pd.DataFrame

    @property
    def span(self) -> tuple[date, date]:
        return (self.filters.start, self.filters.end)

    @property
    def sources(self) -> list[str]:
        """Every body behind the view's charts and figures, each once, sorted."""
        names = {s for c in self.charts for s in c.sources}
        if "reporting_body" in self.figures:
            names |= set(self.figures["reporting_body"])
        return sorted(n for n in names if isinstance(n, str) and n)


def figure_of(chart: Chart) -> go.Figure:
    """The chart's figure as a Figure, checked against Plotly's schema when it is a dict."""
    return chart.figure if isinstance(chart.figure, go.Figure) else go.Figure(chart.figure)


def bodies(rows: pd.DataFrame, column: str = "reporting_body") -> tuple[str, ...]:
    """The distinct names in ``column`` of ``rows``, the most frequent first, then by name
    (empty when there is no such column)."""
    if column not in rows:
        return ()
    counts = Counter(v for v in rows[column].tolist() if isinstance(v, str) and v.strip())
    return tuple(sorted(counts, key=lambda name: (-counts[name], name.casefold(), name)))


def dated_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A derived table as its CSV holds it: dates as YYYY-MM-DD, a fresh index, no attrs."""
    out = frame.copy()
    out.attrs = {}
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out.reset_index(drop=True)
