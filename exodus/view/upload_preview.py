"""What the dashboard shows of a user's own rows: a map, a timeline and the table, built
from the curated base (shapes, crossings, events) without Streamlit.

:mod:`exodus.ops.upload_worker` builds it in the checking process, so the server only
receives it; figures travel as plain dicts (a pickled Figure would be validated again
property by property when it is unpickled) and become Figures again with
:func:`exodus.charts.figures.assemble`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from exodus.derive import filters as flt
from exodus.charts import tables
from exodus.charts.figures import assemble
from exodus.view import report
from exodus.view.chart import Chart


@dataclass
class Preview:
    """The charts and the table of a user's rows, ready to show."""

    state: flt.Filters
    charts: list[Chart]
    table: pd.DataFrame


def build_preview(base: dict, rows: pd.DataFrame) -> Preview:
    """Map and timeline of the rows on the curated base, over the days they cover."""
    state = flt.Filters(rows["period_start"].min().date(), rows["period_end"].max().date(), flt.CUSTOM)
    own = dict(base, departures=rows)
    charts = [report.map_chart(own, state), report.timeline_chart(own, state)]
    return Preview(state, charts, tables.figures_table(rows))


def portable(preview: Preview) -> Preview:
    """The preview with each figure as a plain dict, cheap to pickle and unpickle."""
    return replace(preview, charts=[replace(c, figure=c.figure.to_dict()) for c in preview.charts])


def restored(preview: Preview) -> Preview:
    """The preview with its figures as Figures again (no validation: they were built here)."""
    return replace(preview, charts=[
        replace(c, figure=assemble(c.figure["data"], c.figure["layout"])) if isinstance(c.figure, dict) else c
        for c in preview.charts])


def chart_base() -> dict:
    """The curated tables a preview is drawn on, loaded from the data package."""
    from exodus.data.load import load_all
    from exodus.data.geo import load_countries
    from exodus.charts.map_chart import map_base

    base = load_all()
    base["map_base"] = map_base(load_countries(), base["crossings"])
    return base
