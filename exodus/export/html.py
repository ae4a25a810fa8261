"""A chart as one standalone HTML page that stays interactive and opens offline."""

from __future__ import annotations

import plotly.io as pio

from exodus.export.light import light_copy


def to_html(fig) -> bytes:
    """A standalone page (plotly.js inlined, about 5 MB) that works from disk offline.
    The dashboard's figures need nothing from the internet (maps are x/y polygons)."""
    config = {"displaylogo": False, "responsive": True}
    page = pio.to_html(light_copy(fig), include_plotlyjs=True, full_html=True, include_mathjax=False, config=config)
    return page.encode("utf-8")
