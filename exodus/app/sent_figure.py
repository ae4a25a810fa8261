"""A chart's figure as handed to ``st.plotly_chart``, converted to Plotly's plain dict once.

``st.plotly_chart`` turns a Figure into a dict on every call (``Figure.to_dict``: a deep
copy of every trace and of the layout, then a pass that packs numeric arrays), and a
rerun shows every chart of the page again, most of them unchanged and taken from the
cache (:mod:`exodus.app.cache`). The figures kept there are never modified, so their
dict is made once, on the first showing, and kept beside the figure for as long as the
figure lives; later showings hand Streamlit that dict through :class:`SentFigure`.
"""

from __future__ import annotations

import threading
import weakref

from plotly.basedatatypes import BaseFigure

#: Figures are not hashable (Plotly defines equality on them), so the dicts are kept by
#: the figure's id, and dropped when the figure is collected (so an id is never reused
#: for another figure while its entry is here).
_DICTS: dict[int, dict] = {}
_LOCK = threading.Lock()


class SentFigure(BaseFigure):
    """Stands in for a Figure whose dict is made already: Streamlit asks a Figure for
    ``to_dict()`` and uses only the dict it gets back (JSON, size from its layout).
    Built without Plotly's constructor, so it costs nothing; it is not a figure to draw
    on or modify, and it refuses to be modified."""

    def __init__(self, plain: dict):  # deliberately skips BaseFigure.__init__
        object.__setattr__(self, "_plain", plain)

    def to_dict(self) -> dict:
        return self._plain

    def __setattr__(self, name, value):
        raise TypeError("a SentFigure cannot be modified")


def _forget(key: int) -> None:
    with _LOCK:
        _DICTS.pop(key, None)


def plain_dict(figure: BaseFigure) -> dict:
    """``figure.to_dict()``, made once per figure object and shared by every caller."""
    key = id(figure)
    with _LOCK:
        found = _DICTS.get(key)
    if found is not None:
        return found
    plain = figure.to_dict()
    with _LOCK:
        if key not in _DICTS:
            _DICTS[key] = plain
            weakref.finalize(figure, _forget, key)
        return _DICTS[key]


def for_streamlit(figure: BaseFigure) -> SentFigure:
    """What the app passes to ``st.plotly_chart`` for a figure that is never modified."""
    return SentFigure(plain_dict(figure))
