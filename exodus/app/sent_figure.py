"""A chart's figure as handed to ``st.plotly_chart``, converted to Plotly's plain dict once.

``st.plotly_chart`` turns a Figure into a dict on every call (``Figure.to_dict``: a deep
copy of every trace and of the layout, then a pass that packs numeric arrays), and a
rerun shows every chart of the page again, most of them unchanged and taken from the
cache (:mod:`exodus.app.cache`). Those figures are never modified, so their dict is made
once (:func:`exodus.charts.figures.plain_dict`) and later showings hand Streamlit that
dict through :class:`SentFigure`.
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


def for_streamlit(figure: BaseFigure) -> SentFigure:
    """What the app passes to ``st.plotly_chart`` for a figure that is never modified."""
    return SentFigure(plain_dict(figure))
