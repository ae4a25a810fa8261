"""Charts of the official series (pure: DataFrame in, Figure out, from plain dicts).

- :func:`build_ratio_map`: every destination of one quarter coloured by its ratio to the
  same quarter of the baseline year, on the dashboard's map base (:mod:`exodus.charts.map_chart`);
- :func:`build_normal_chart`: one series for one country over time, the baseline year's
  value of the same period drawn beside each value, the events on the same date axis.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from exodus.charts import palette
from exodus.data import schema
from exodus.charts.figures import assemble, axes, axis_key, records, stacked_layout
from exodus.charts.figures import title as chart_title
from exodus import i18n
from exodus.charts.formatting import esc, number, plural_count, qualified
from exodus.charts.map_chart import MapBase, country_name, place_labels
from exodus.i18n import N_, _, ngettext, npgettext
from exodus.derive.series import period_label
from exodus.charts.timeline import add_key_event_marks, event_lane_traces, key_label_top, lane_axis

RATIO_LIMIT = 8.0  # ratios beyond 1/8 and 8 get the end colours of the scale
RATIO_TICKS = (0.125, 0.25, 0.5, 1, 2, 4, 8)
NO_VALUE_TEXT = N_("No value for this quarter")
NO_BASELINE_TEXT = N_("No value for the same quarter of the baseline year")


def ratio_colour(ratio: float) -> str:
    """A colour on the diverging scale: light at 1, blue below (fewer), red above (more)."""
    share = (math.log2(min(max(ratio, 1 / RATIO_LIMIT), RATIO_LIMIT)) / math.log2(RATIO_LIMIT) + 1) / 2
    return sample_colorscale(palette.DIVERGING, [share])[0]


def ratio_text(ratio: float) -> str:
    """``×2.35 (+135 %)`` for 2.35, ``×0.4 (−60 %)`` for 0.4; two significant decimals."""
    if ratio != ratio:
        return ""
    change = (ratio - 1) * 100
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    return f"×{i18n.format_fixed(ratio, 2)} ({sign}{i18n.format_fixed(abs(change), 0)} %)"


def value_text(value: float, qualifier: str, unit: str) -> str:
    return f"{qualified(qualifier, number(value))} {unit_words(unit, value)}"


#: Series units as written after a figure, in the figure's form (the definitions are in
#: schema.SERIES_UNITS).
SERIES_UNIT_FORMS = {
    "trips": lambda n: ngettext("trip", "trips", n),
    "persons": lambda n: npgettext("series unit", "person", "persons", n),
    "applications": lambda n: ngettext("application", "applications", n),
    "permits": lambda n: ngettext("permit", "permits", n),
    "decisions": lambda n: ngettext("decision", "decisions", n),
}


def unit_words(unit: str, value: float | None = None) -> str:
    """The unit after a figure; without one, as an axis names it (the plural)."""
    if value is None:
        return schema.label(SERIES_UNIT_AXIS, unit)
    forms = SERIES_UNIT_FORMS.get(unit)
    return forms(plural_count(value)) if forms else unit


#: Series units as an axis title names them.
SERIES_UNIT_AXIS = {"trips": N_("trips"), "persons": N_("persons"), "applications": N_("applications"),
                    "permits": N_("permits"), "decisions": N_("decisions")}


def _compared_text(row: dict, unit: str) -> str:
    lines = [f"{esc(period_label('quarter', row['period_start']))}: {esc(value_text(row['value'], row['qualifier'], unit))}"]
    if row.get("ratio") == row.get("ratio") and row.get("ratio") is not None:
        lines.append(f"{esc(period_label('quarter', row['baseline_start']))}: {esc(value_text(row['baseline_value'], row['baseline_qualifier'], unit))}")
        lines.append(esc(_("Ratio: {ratio}").format(ratio=ratio_text(row["ratio"]))))
    else:
        lines.append(_(NO_BASELINE_TEXT))
    lines.append(esc(_("Source: {source}, {published}").format(source=row["via"] or row["source_title"], published=row["published"])))
    return "<br>".join(lines)


def build_ratio_map(base: MapBase, compared: pd.DataFrame, *, unit: str, title: str, subtitle: str) -> go.Figure:
    """Countries of the map base coloured by ``compared["ratio"]`` (one row per
    ``country_iso3``, from :func:`exodus.derive.series.quarter_vs_baseline`)."""
    by_country = {r["country_iso3"]: r for r in records(compared)}
    traces: list[dict] = []
    for iso3, (xs, ys) in base.encoded.items():
        name = country_name(base, iso3)
        row = by_country.get(iso3)
        has_ratio = row is not None and row["ratio"] == row["ratio"]
        pattern = None
        if iso3 == "RUS":
            fill, body = palette.RUSSIA_FILL, _("Russia (country of departure)")
        elif row is None:
            fill, body = palette.NO_REPORT, _(NO_VALUE_TEXT)
            pattern = dict(shape="/", fgcolor=palette.NO_REPORT_LINE, size=6, solidity=0.15)
        else:
            fill = ratio_colour(row["ratio"]) if has_ratio else palette.NO_REPORT
            body = _compared_text(row, unit)
            if not has_ratio:
                pattern = dict(shape=".", fgcolor=palette.NO_REPORT_LINE, size=6, solidity=0.2)
        trace = dict(
            type="scatter", x=xs, y=ys, fill="toself", mode="lines", name=name, fillcolor=fill,
            line=dict(color=palette.COUNTRY_LINE, width=0.8), hoveron="fills", hoverinfo="text",
            text=f"<b>{esc(name)}</b><br>{body}", showlegend=False,
            meta={"iso3": iso3, "ratio": float(row["ratio"]) if has_ratio else None,
                  "value": float(row["value"]) if row is not None else None,
                  "baseline_value": float(row["baseline_value"]) if has_ratio else None},
        )
        traces.append(trace | ({"fillpattern": pattern} if pattern else {}))
    traces += _ratio_legend()
    xs = np.concatenate([outline[0] for outline in base.outlines.values()])
    low, high = float(np.nanmin(xs)), float(np.nanmax(xs))
    labels = place_labels(base, {c: esc(country_name(base, c)) + "<br>" + esc(ratio_text(by_country[c]["ratio"]).split(" ")[0])
                                 for c in base.labels if c in by_country and by_country[c]["ratio"] == by_country[c]["ratio"]},
                          size=10)
    return assemble(traces, dict(
        title=chart_title(esc(title), esc(subtitle)), annotations=labels,
        xaxis=dict(visible=False, range=[low - (high - low) * 0.02, high + (high - low) * 0.02]),
        yaxis=dict(visible=False, scaleanchor="x", scaleratio=1),
        margin=dict(l=10, r=10, t=70, b=10), height=560, hoverlabel=dict(align="left"),
        legend=dict(orientation="h", yanchor="bottom", y=0.0, x=0.01, bgcolor="rgba(0,0,0,0)"),
        dragmode="pan",
    ))


def _ratio_legend() -> list[dict]:
    ticks = [math.log2(t) for t in RATIO_TICKS]
    limit = math.log2(RATIO_LIMIT)
    return [
        dict(type="scatter", x=[None], y=[None], mode="markers", name=_(NO_VALUE_TEXT),
             marker=dict(size=14, symbol="square", color=palette.NO_REPORT, line=dict(color=palette.NO_REPORT_LINE, width=1))),
        dict(type="scatter", x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip", name="scale",
             marker=dict(colorscale=palette.DIVERGING, cmin=-limit, cmax=limit, color=[0],
                         colorbar=dict(title=dict(text=_("ratio to the same quarter of the baseline year"), side="right"),
                                       tickvals=ticks, ticktext=["×" + i18n.format_number(t, decimals=3) for t in RATIO_TICKS], thickness=12, len=0.6, x=1.0))),
    ]


def _segments(rows: list[dict], value_key: str, start_key: str, end_key: str, texts: list[str]) -> tuple[list, list, list]:
    """Each value drawn as a flat line over the days it covers, gaps left open."""
    xs, ys, hover = [], [], []
    for r, text in zip(rows, texts):
        end = r[end_key] + pd.Timedelta(days=1) if r["period"] != "day" else r[end_key]
        xs += [r[start_key], end, None]
        ys += [r[value_key], r[value_key], None]
        hover += [text, text, None]
    return xs, ys, hover


def build_normal_chart(compared: pd.DataFrame, events: pd.DataFrame, *, unit: str, baseline_label: str,
                       title: str, subtitle: str, start, end) -> go.Figure:
    """The values of one series, country and kind of period (rows of
    :func:`exodus.derive.series.with_baselines`) over time; the baseline value of each period as
    a dashed line over the same days; the events in a lane below on the same axis."""
    rows = records(compared.sort_values("period_start"))
    layout = stacked_layout((0.72, 0.28), 0.08)
    words = unit_words(unit)
    value_hover = []
    for r in rows:
        lines = [f"<b>{esc(period_label(r['period'], r['period_start']))}</b>: {esc(value_text(r['value'], r['qualifier'], unit))}"]
        if r["ratio"] == r["ratio"]:
            lines.append(f"{esc(period_label(r['period'], r['baseline_start']))} ({esc(baseline_label)}): {esc(value_text(r['baseline_value'], r['baseline_qualifier'], unit))}")
            lines.append(esc(_("Ratio: {ratio}").format(ratio=ratio_text(r["ratio"]))))
        lines.append(esc(_("Source: {source}, {published}").format(source=r["via"] or r["source_title"], published=r["published"])))
        value_hover.append("<br>".join(lines))
    xs, ys, texts = _segments(rows, "value", "period_start", "period_end", value_hover)
    colour = palette.destination_colour(rows[0]["country_iso3"]) if rows else palette.SERIES_VALUE
    mids = [r["period_start"] + (r["period_end"] - r["period_start"]) / 2 for r in rows]
    traces = [
        dict(type="scatter", x=xs, y=ys, mode="lines", name=_("Value"), legendgroup="value", line=dict(color=colour, width=3),
             hoverinfo="skip", showlegend=False, connectgaps=False) | axes(1),
        dict(type="scatter", x=mids, y=[r["value"] for r in rows], mode="markers", name=_("Value"), legendgroup="value",
             marker=dict(color=colour, size=7), hoverinfo="text", text=value_hover,
             customdata=[r["ratio"] if r["ratio"] == r["ratio"] else None for r in rows]) | axes(1),
    ]
    # The baseline year's own values are their own baseline: drawn once, as values.
    compared_rows = [(r, t) for r, t in zip(rows, value_hover) if r["ratio"] == r["ratio"] and r["baseline_start"] != r["period_start"]]
    if compared_rows:
        bx, by, btexts = _segments([r for r, _ in compared_rows], "baseline_value", "period_start", "period_end",
                                   [t for _, t in compared_rows])
        traces.append(dict(type="scatter", x=bx, y=by, mode="lines", name=esc(_("Same period of {baseline}").format(baseline=baseline_label)),
                           line=dict(color=palette.SERIES_BASELINE, width=2, dash="dash"), hoverinfo="text", text=btexts,
                           connectgaps=False) | axes(1))
    traces += event_lane_traces(events, row=2)
    layout[axis_key("y", 1)].update(title=dict(text=esc(_("{unit} (value and same period of {baseline})").format(unit=words, baseline=baseline_label))), rangemode="tozero")
    layout[axis_key("y", 2)].update(lane_axis(events))
    layout[axis_key("x", 2)].update(range=[pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)])
    add_key_event_marks(layout, events, start, end)
    layout.update(title=chart_title(esc(title), esc(subtitle)), height=720, margin=dict(l=130, r=20, t=key_label_top(events), b=40),
                  hovermode="closest", legend=dict(orientation="h", x=0, xanchor="left", y=-0.06, yanchor="top"))
    if not rows:
        layout.setdefault("annotations", []).append(dict(text=_("No values for this choice"), xref="paper", yref="paper", x=0.5, y=0.7, showarrow=False))
    return assemble(traces, layout)
