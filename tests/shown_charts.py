"""The charts an AppTest run shows, each with the title the app writes above it.

The app writes a chart's title as a bold line of text just before the figure (the figure it
sends has no title of its own), so a test finds a chart by the last such line above it.
"""

from __future__ import annotations

import json


def _walk(node, out: list, heading: list) -> None:
    for child in getattr(node, "children", {}).values():
        kind = getattr(child, "type", None)
        if kind == "markdown" and str(child.value).startswith("**"):
            heading[0] = str(child.value).replace("\\", "")
        elif kind == "plotly_chart":
            out.append((heading[0], json.loads(child.proto.spec)))
        else:
            _walk(child, out, heading)


def titled_charts(at) -> list[tuple[str, dict]]:
    """(heading above it, figure spec) for every chart of the page, in the page's order;
    the heading keeps its markdown (``**title**``, then the subtitle line)."""
    out: list[tuple[str, dict]] = []
    _walk(at.main, out, [""])
    return out


def chart_titled(at, words: str) -> tuple[str, dict]:
    """The first chart whose heading holds ``words``, with that heading."""
    found = [pair for pair in titled_charts(at) if words in pair[0]]
    assert found, f"no chart headed with {words!r}: {[h for h, _ in titled_charts(at)]}"
    return found[0]
