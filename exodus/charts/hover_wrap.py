"""Hover texts broken into short lines, so that a tooltip fits a phone's screen.

Plotly draws a hover label beside the point, in one line per ``<br>``, however long: a
report's source line or an event's description became a label up to a thousand pixels
wide, most of it off a 390 px screen. Every figure's hover texts (a trace's ``text`` and
``customdata``) are broken at spaces into lines of at most :data:`HOVER_WIDTH` visible
characters when the figure is assembled (:func:`exodus.charts.figures.assemble`).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

#: Longest hover line, in visible characters: about 250 px in Plotly's 13 px hover font,
#: so that a label beside a point near the middle of a phone's screen stays on it.
HOVER_WIDTH = 36

_TAG = re.compile(r"<[^>]*>")
#: A space outside a tag (``<span style="a b">`` is one word).
_SPACE = re.compile(r" (?![^<]*>)")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _visible(word: str) -> int:
    return len(html.unescape(_TAG.sub("", word)))


def wrap(text: str, width: int = HOVER_WIDTH) -> str:
    """``text`` (escaped, with Plotly's few tags) with a ``<br>`` put in place of the
    space before each word that would make its line longer than ``width``; existing
    breaks stay, and a single word longer than ``width`` keeps its own line whole."""
    if len(text) <= width:  # the visible text is never longer than the markup
        return text
    lines = []
    for line in _BREAK.split(text):
        out, length = [], 0
        for word in _SPACE.split(line):
            size = _visible(word)
            if out and length + 1 + size > width:
                lines.append(" ".join(out))
                out, length = [], 0
            out.append(word)
            length += size + (1 if len(out) > 1 else 0)
        lines.append(" ".join(out))
    return "<br>".join(lines)


#: The same reports and events come back in every date range, so their wrapped hovers
#: are kept (strings only, a bounded number of them).
_wrap_kept = lru_cache(maxsize=8192)(wrap)


def _wrapped(value):
    if isinstance(value, str):
        return _wrap_kept(value)
    if isinstance(value, (list, tuple)):
        return [_wrapped(v) for v in value]
    return value


def wrap_hovers(traces: list[dict]) -> list[dict]:
    """The traces with their hover texts wrapped (new dicts where something changed;
    a trace that draws its ``text`` on the chart keeps it as it is)."""
    out = []
    for trace in traces:
        changes = {}
        if "customdata" in trace and trace["customdata"] is not None:
            changes["customdata"] = _wrapped(trace["customdata"])
        if trace.get("text") is not None and "text" not in str(trace.get("mode", "")):
            changes["text"] = _wrapped(trace["text"])
        out.append(trace | changes if changes else trace)
    return out
