"""A chart's figure as handed to ``st.plotly_chart``, converted to Plotly's plain dict once.

``st.plotly_chart`` turns a Figure into a dict on every call (``Figure.to_dict``: a deep
copy of every trace and of the layout, then a pass that packs numeric arrays), and a
rerun shows every chart of the page again, most of them unchanged and taken from the
cache (:mod:`exodus.app.cache`). Those figures are never modified, so their dict is made
once (:func:`exodus.charts.figures.plain_dict`) and later showings hand Streamlit that
dict through :class:`SentFigure`.

The app writes a chart's title and subtitle above the figure, as text that wraps
(:func:`exodus.app.frame.chart`), so the figure it sends has no title of its own
(:func:`untitled`); files made for download keep theirs.
"""

from __future__ import annotations

from plotly.basedatatypes import BaseFigure

from exodus.charts.figures import plain_dict


class SentFigure(BaseFigure):
    """Stands in for a Figure whose dict is made already: Streamlit asks a Figure for
    ``to_dict()`` and uses only the dict it gets back (its JSON, its height). Built
    without Plotly's constructor, so it costs nothing; not a figure to draw on, and it
    refuses to be modified."""

    def __init__(self, plain: dict):  # deliberately skips BaseFigure.__init__
        object.__setattr__(self, "_plain", plain)

    def to_dict(self) -> dict:
        return self._plain

    def __setattr__(self, name, value):
        raise TypeError("a SentFigure cannot be modified")


#: Pixels of a figure's top margin that hold its title and subtitle lines.
TITLE_ROOM = 55
#: The top margin a figure keeps without its title.
LEAST_TOP = 10


def untitled(plain: dict) -> dict:
    """The figure's dict without its title, and without the room the title took at the top;
    the traces and the rest of the layout are shared with ``plain``, not copied."""
    layout = plain.get("layout", {})
    margin = layout.get("margin", {})
    top = margin.get("t")
    layout = {**layout, "title": {"text": ""},
              "margin": {**margin, "t": max(LEAST_TOP, top - TITLE_ROOM) if top is not None else LEAST_TOP}}
    return {**plain, "layout": layout}


def for_streamlit(figure: BaseFigure | dict, titled: bool = True) -> SentFigure:
    """What the app passes to ``st.plotly_chart`` for a figure that is never modified (or
    for its plain dict, drawn in another process); without ``titled``, the figure as the
    app shows it under a title of its own."""
    plain = figure if isinstance(figure, dict) else plain_dict(figure)
    return SentFigure(plain if titled else untitled(plain))
