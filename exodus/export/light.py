"""Exported charts are light whatever the page's theme.

``import streamlit`` makes "streamlit" Plotly's default template. Its colours are
placeholders (``#000001`` ...) that only the Streamlit frontend replaces, and Plotly
Express bakes them into traces, so an exported chart would come out nearly black. Every
export therefore gets an explicit ``plotly_white`` template and the placeholders are
mapped back to real colours (:func:`light_copy`).
"""

from __future__ import annotations

import copy
import re

import plotly.graph_objects as go
import plotly.io as pio

EXPORT_TEMPLATE = "plotly_white"
TEXT_COLOUR = "#2a3f5f"  # plotly_white's font colour
_PLACEHOLDER = re.compile(r"^#0000[0-9]{2}$")


def _placeholder_colours() -> dict[str, str]:
    """Streamlit's placeholder colours mapped to plotly_white's colour at the same place."""
    if "streamlit" not in pio.templates:
        return {}
    mapping: dict[str, str] = {}

    def walk(ours, theirs):
        if isinstance(ours, dict):
            for key, value in ours.items():
                walk(value, theirs.get(key) if isinstance(theirs, dict) else None)
        elif isinstance(ours, (list, tuple)):
            for i, value in enumerate(ours):
                walk(value, theirs[i] if isinstance(theirs, (list, tuple)) and i < len(theirs) else None)
        elif isinstance(ours, str) and _PLACEHOLDER.match(ours) and isinstance(theirs, str):
            mapping.setdefault(ours.lower(), theirs)

    walk(pio.templates["streamlit"].to_plotly_json(), pio.templates[EXPORT_TEMPLATE].to_plotly_json())
    return mapping


def _replace_colours(node, mapping: dict[str, str]):
    if isinstance(node, dict):
        return {key: _replace_colours(value, mapping) for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        return type(node)(_replace_colours(value, mapping) for value in node)
    if isinstance(node, str) and _PLACEHOLDER.match(node):
        return mapping.get(node.lower(), TEXT_COLOUR)
    if getattr(node, "dtype", None) is not None and node.dtype.kind in "OU":
        return [_replace_colours(value, mapping) for value in node.tolist()]
    return node


def _is_light(colour) -> bool:
    colour = str(colour or "").strip().lower()
    if colour == "white":
        return True
    if m := re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", colour):
        digits = m.group(1) if len(m.group(1)) == 6 else "".join(c * 2 for c in m.group(1))
        rgb = [int(digits[i:i + 2], 16) for i in (0, 2, 4)]
    elif m := re.fullmatch(r"rgba?\(([^)]*)\)", colour):
        rgb = [float(part) for part in m.group(1).split(",")[:3]]
    else:
        return False
    return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255 > 0.7


def light_copy(fig, adjust=None) -> go.Figure:
    """A copy with the plotly_white template, white backgrounds and dark default text,
    whatever the ambient default template is (Streamlit's renders black off-screen).
    ``adjust``, if given, may change the figure's dict in place before it becomes a
    Figure (which is built once: building one is the slow part)."""
    spec = fig.to_dict() if hasattr(fig, "to_dict") else copy.deepcopy(dict(fig))
    layout = spec.setdefault("layout", {})
    layout.pop("template", None)
    spec = _replace_colours(spec, _placeholder_colours())
    if adjust is not None:
        adjust(spec)
    # An explicit template object: the figure no longer depends on pio.templates.default.
    spec["layout"]["template"] = pio.templates[EXPORT_TEMPLATE]
    out = go.Figure(spec)
    out.update_layout(paper_bgcolor="white", plot_bgcolor="white")
    if out.layout.font.color is not None and _is_light(out.layout.font.color):
        out.layout.font.color = TEXT_COLOUR
    return out
