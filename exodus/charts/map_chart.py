"""The map of Russia's neighbours: countries coloured by the largest reported total in
the date range, crossing points as markers, restrictions in force as red outlines.

Countries are drawn as projected, filled x/y polygons (plain SVG in the browser), so
the map needs no tiles, no topojson download and no WebGL, and exports cleanly.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from exodus.charts import palette
from exodus import i18n
from exodus.data import schema
from exodus.i18n import N_, _
from exodus.charts.figures import assemble, assemble_plain, records
from exodus.charts.figures import title as chart_title
from exodus.charts.formatting import amount, cut, esc, hover, measure_phrase, number

NO_REPORT_TEXT = N_("No report in this range")
NOT_SELECTED_TEXT = N_("Not among the selected destinations")
LABEL_MIN_AREA = 70_000  # km²: smaller countries are named beside their shape, with a leader line
#: Where the name of a small country goes, in pixels from a point inside it: away from
#: Russia and from each other (the Baltic states are stacked to the west), so that no
#: name sits on the country it names.
CALLOUTS = {"EST": (-70, -22), "LVA": (-78, 0), "LTU": (-78, 22), "GEO": (-58, 26), "ARM": (-30, 44),
            "AZE": (52, 34), "MDA": (-60, 10), "ISR": (-50, 20), "ARE": (50, 20)}
DEFAULT_CALLOUT = (-50, 24)
#: Large enough for a name inside, but so close to each other that two-line labels (the
#: official series' map) would overlap: named beside, to the east, one above the other.
CROWDED = {"KGZ": (64, -14), "TJK": (60, 30)}
#: A crossing's circle grows by at most this many pixels over the smallest (area ~ figure),
#: small enough that neighbouring circles and country names stay readable.
MAX_CROSSING_GROWTH = 13


@dataclass(frozen=True)
class MapBase:
    """Everything about the map that does not depend on the filters (built once)."""

    outlines: dict[str, tuple[list, list]]
    labels: dict[str, tuple[float, float]]
    names: dict[str, str]
    roles: dict[str, str]
    areas: dict[str, float]
    crossings: pd.DataFrame  # id, name, country_iso3, x, y, mode
    encoded: dict[str, tuple[dict, dict]]  # outlines as Plotly typed-array specs, encoded once

    @property
    def crossing_records(self) -> list[dict]:
        """The crossing points as plain dicts, made once (nothing may modify them)."""
        kept = self.__dict__.get("_crossing_records")
        if kept is None:
            kept = records(self.crossings)
            object.__setattr__(self, "_crossing_records", kept)
        return kept


def map_base(countries, crossings: pd.DataFrame) -> MapBase:
    """Project the country shapes and crossing points once."""
    from exodus.data import geo

    projected = geo.project_countries(countries)
    x, y = geo.project_points(crossings["lon"].to_numpy(), crossings["lat"].to_numpy())
    points = crossings[["id", "name", "country_iso3", "mode"]].assign(x=np.asarray(x), y=np.asarray(y))
    outlines = {iso3: (_floats(xs), _floats(ys)) for iso3, (xs, ys) in geo.polygon_outlines(projected).items()}
    return MapBase(
        outlines=outlines,
        labels=geo.label_points(projected),
        names=dict(zip(projected["iso3"], projected["name"])),
        roles=dict(zip(projected["iso3"], projected["role"])),
        areas=dict(zip(projected["iso3"], projected.geometry.area)),
        crossings=points.reset_index(drop=True),
        encoded={iso3: (_typed_array(xs), _typed_array(ys)) for iso3, (xs, ys) in outlines.items()},
    )


def _floats(values) -> np.ndarray:
    """Coordinates as a float array, ring breaks as NaN: Plotly draws gaps there and
    takes arrays far faster than lists."""
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _typed_array(values: np.ndarray) -> dict:
    """Plotly's JSON form of a float array (base64 of little-endian doubles): encoded once
    here instead of on every rerun."""
    return {"dtype": "f8", "bdata": base64.b64encode(np.asarray(values, dtype="<f8").tobytes()).decode("ascii")}


def log_scale(low: float, high: float) -> tuple[float, float]:
    """The ends of the colour scale (log10 of the values) shared by the fills and the
    colour bar, so that a country's colour is the one the legend gives to its figure.
    A single value (or equal values) sits in the middle of a one-decade scale."""
    lo, hi = math.log10(max(low, 1)), math.log10(max(high, 1))
    if hi - lo < 1e-9:
        return lo - 0.5, hi + 0.5
    return lo, hi


def _colour(value: float, scale: tuple[float, float]) -> str:
    lo, hi = scale
    share = (math.log10(max(value, 1)) - lo) / (hi - lo)
    return sample_colorscale(palette.SEQUENTIAL, [min(max(share, 0.0), 1.0)])[0]


def build_map(base: MapBase, country_totals: pd.DataFrame, crossing_figures: pd.DataFrame, restrictions: pd.DataFrame,
              **labels) -> go.Figure:
    """A map figure (the arguments: see :func:`_map_parts`)."""
    return assemble(*_map_parts(base, country_totals, crossing_figures, restrictions, **labels))


def map_dict(base: MapBase, country_totals: pd.DataFrame, crossing_figures: pd.DataFrame, restrictions: pd.DataFrame,
             **labels) -> dict:
    """:func:`build_map` as the figure's plain dict, built without the Figure (see
    :func:`exodus.charts.figures.assemble_plain`): the app only sends it."""
    return assemble_plain(*_map_parts(base, country_totals, crossing_figures, restrictions, **labels))


def _map_parts(
    base: MapBase,
    country_totals: pd.DataFrame,
    crossing_figures: pd.DataFrame,
    restrictions: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    value_label: str | None = None,
    excluded: frozenset[str] | set[str] = frozenset(),
) -> tuple[list[dict], dict]:
    """A map's traces and layout.

    ``country_totals`` has one row per destination (``destination_iso3``, ``value``, and
    either report columns or an ``explanation``); ``crossing_figures`` one row per crossing
    (``crossing_id`` and report columns); ``restrictions`` the events in force; ``excluded``
    the countries the reader filtered out, drawn apart from those with no report.
    Every word on it is in the active language (:mod:`exodus.i18n`).
    """
    value_label = _("people") if value_label is None else value_label
    traces: list[dict] = []
    # Plain dicts, not pandas lookups: a map has a few dozen shapes, and each ``.loc`` of a
    # row costs more than the shape it colours.
    totals = {row["destination_iso3"]: row for row in records(country_totals)} if len(country_totals) else {}
    values = {code: row["value"] for code, row in totals.items() if code in base.outlines and code not in excluded}
    counted = [v for v in values.values() if v == v]
    scale = (log_scale(float(min(counted, default=math.nan)), float(max(counted, default=math.nan)))
             if values else (0.0, 1.0))
    restricted: dict[str, list] = {}
    if len(restrictions):
        for code, text in zip(restrictions["country_iso3"].tolist(), restrictions["title"].tolist()):
            if code == code and code is not None:
                restricted.setdefault(code, []).append(text)

    for iso3, (xs, ys) in base.encoded.items():
        name = country_name(base, iso3)
        lines = [f"<b>{esc(name)}</b>"]
        if iso3 == "RUS":
            fill, pattern = palette.RUSSIA_FILL, None
            lines.append(_("Russia (country of departure)"))
        elif iso3 in values:
            row = totals[iso3]
            fill, pattern = _colour(float(row["value"]), scale), None
            lines.append(_total_text(row))
        elif iso3 in excluded:
            fill, pattern = palette.NOT_SELECTED, None
            lines.append(_(NOT_SELECTED_TEXT))
        else:
            fill, pattern = palette.NO_REPORT, dict(shape="/", fgcolor=palette.NO_REPORT_LINE, bgcolor=palette.NO_REPORT, size=6, solidity=0.15)
            lines.append(_(NO_REPORT_TEXT))
        if iso3 in restricted:
            lines.append(_("Restriction in force: {titles}").format(titles="; ".join(esc(t) for t in restricted[iso3][:3])))
        country = dict(
            type="scatter", x=xs, y=ys, fill="toself", mode="lines", name=name, fillcolor=fill,
            line=dict(color=palette.RESTRICTION_LINE if iso3 in restricted else palette.NO_REPORT_LINE if iso3 in excluded else palette.COUNTRY_LINE,
                      width=2.2 if iso3 in restricted else 0.8,
                      dash="dot" if iso3 in restricted else "solid"),
            hoveron="fills", hoverinfo="text", text="<br>".join(lines),
            showlegend=False, meta={"iso3": iso3, "has_report": iso3 in values, "excluded": iso3 in excluded},
        )
        traces.append(country | ({"fillpattern": pattern} if pattern else {}))
    traces.append(_click_targets(base, [c for c in values if c in base.labels], traces))
    traces.append(_crossings_trace(base, crossing_figures))
    traces += _legend_keys(bool(restricted), bool(excluded))
    traces += _colourbar(scale, len(values) > 0, value_label)
    return traces, dict(
        title=chart_title(esc(title), esc(subtitle)),
        annotations=_labels(base, values),
        xaxis=dict(visible=False, range=_x_range(base)),
        yaxis=dict(visible=False, scaleanchor="x", scaleratio=1),
        margin=dict(l=10, r=10, t=70, b=10),
        height=560,
        legend=dict(orientation="h", yanchor="bottom", y=0.0, x=0.01, bgcolor="rgba(0,0,0,0)"),
        hoverlabel=dict(align="left"),
        # No backgrounds of its own: in the app the chart takes the page's light or dark
        # theme; exports are made light (exodus.export.decorate.light_copy).
        dragmode="pan",
    )


def country_name(base: MapBase, iso3: str) -> str:
    """The shapes' English name, or the country's name in the active language."""
    if i18n.current() == i18n.DEFAULT:
        return base.names.get(iso3, iso3)
    return schema.label_destination(iso3)


def _total_text(row: dict) -> str:
    """One line per country: every piece of data text in it is cut (see formatting.hover)."""
    if isinstance(row.get("explanation"), str):
        return esc(cut(row["explanation"], 400))
    return hover(row).split("<br>", 1)[1]


def _x_range(base: MapBase) -> list[float]:
    xs = np.concatenate([outline[0] for outline in base.outlines.values()])
    low, high = float(np.nanmin(xs)), float(np.nanmax(xs))
    pad = (high - low) * 0.02
    return [low - pad, high + pad]


def _labels(base: MapBase, values: dict) -> list[dict]:
    """Names on the map: Russia and every reported country (see :func:`place_labels`)."""
    codes = [c for c in base.labels if c in values or base.roles.get(c) == "russia"]
    return place_labels(base, {code: esc(country_name(base, code)) for code in codes})


def place_labels(base: MapBase, texts: dict[str, str], size: int = 11) -> list[dict]:
    """One label per country code (``texts``: code -> escaped text). A large country
    carries its label inside; a small one, or one of a crowded group (:data:`CROWDED`), gets
    it beside, joined by a thin line, so that a label never covers the shape it names nor
    another label."""
    out = []
    for code, text in texts.items():
        x, y = base.labels[code]
        label = dict(x=x, y=y, text=text, font=dict(size=size, color="#1A1A1A"),
                     bgcolor="rgba(255,255,255,0.8)", borderpad=1, name=f"label-{code}")
        inside = (base.areas.get(code, 0) >= LABEL_MIN_AREA and code not in CROWDED) or base.roles.get(code) == "russia"
        if inside:
            out.append(label | dict(showarrow=False))
        else:
            ax, ay = CROWDED.get(code) or CALLOUTS.get(code, DEFAULT_CALLOUT)
            out.append(label | dict(showarrow=True, arrowhead=0, arrowwidth=1, arrowcolor="#8A8A8A", ax=ax, ay=ay,
                                    standoff=2, xanchor="right" if ax < 0 else "left"))
    return out


def _click_targets(base: MapBase, codes: list[str], countries: list[dict]) -> dict:
    """Invisible points on the reported countries' label spots: Plotly reports clicks on
    points, not on filled areas, so these make a country clickable (the app opens its
    profile). They repeat the country's hover text so the tooltip does not change."""
    text = {t["meta"]["iso3"]: t["text"] for t in countries}
    return dict(
        type="scatter", x=[base.labels[c][0] for c in codes], y=[base.labels[c][1] for c in codes], mode="markers",
        marker=dict(size=26, opacity=0), customdata=codes, text=[text[c] for c in codes], hoverinfo="text",
        showlegend=False, name="countries", meta={"role": "click_targets"},
    )


def _crossing_points(base: MapBase, crossing_figures: pd.DataFrame) -> list[dict]:
    """Every crossing point of the shapes with its figure, if it has one: the point's own
    columns, then the figure's (those the point has too get the suffix ``_report``), as a
    left join of the points with the figures would give them, without one."""
    figures = {}
    if "crossing_id" in crossing_figures and len(crossing_figures):
        for figure in records(crossing_figures):
            figures.setdefault(figure["crossing_id"], figure)
    out = []
    for point in base.crossing_records:
        figure = figures.get(point["id"])
        if figure is None:
            out.append(dict(point))
            continue
        both = {f"{k}_report" if k in point else k: v for k, v in figure.items()}
        out.append(point | both)
    return out


def _crossings_trace(base: MapBase, crossing_figures: pd.DataFrame) -> dict:
    points = _crossing_points(base, crossing_figures)
    values = [p.get("value") for p in points]
    reported = [isinstance(v, (int, float)) and v == v for v in values]
    biggest = float(max(v for v, r in zip(values, reported) if r)) if any(reported) else 1.0
    sizes = [7 + MAX_CROSSING_GROWTH * math.sqrt(v / biggest) if r else 6 for v, r in zip(values, reported)]
    # Larger circles first, so a smaller one nearby is drawn on top and stays visible.
    order = sorted(range(len(points)), key=lambda i: -sizes[i])
    points, sizes, reported = [points[i] for i in order], [sizes[i] for i in order], [reported[i] for i in order]
    texts = []
    for p in points:
        head = _("{name} crossing ({modes})").format(name=f"<b>{esc(p['name'])}</b>", modes=esc(", ".join(_mode(m) for m in p["mode"].split(";"))))
        if isinstance(p.get("metric"), str):
            body = (f"{esc(schema.label(schema.METRICS, p['metric']))}: {esc(amount(p))} {esc(measure_phrase(p))}<br>"
                    + esc(_("Reported by {body}").format(body=cut(p["reporting_body"]))) + f" · id {esc(cut(p['id_report']))}")
        else:
            body = _(NO_REPORT_TEXT)
        texts.append(f"{head}<br>{body}")
    return dict(
        type="scatter", x=_typed_array(np.array([p["x"] for p in points], dtype=float)),
        y=_typed_array(np.array([p["y"] for p in points], dtype=float)), mode="markers",
        name=_("Crossing point (size: largest figure)"),
        marker=dict(size=sizes, color=["rgba(34,34,34,0.55)" if r else "rgba(0,0,0,0)" for r in reported],
                    line=dict(color=["#FFFFFF" if r else "#444444" for r in reported], width=1), symbol="circle"),
        hoverinfo="text", text=texts, customdata=[p["id"] for p in points], showlegend=True,
    )


#: Modes of transport as the crossings file writes them.
MODES = {"road": N_("road"), "rail": N_("rail"), "foot": N_("foot"), "air": N_("air"), "sea": N_("sea")}


def _mode(code: str) -> str:
    return _(MODES[code]) if code in MODES else code


def _legend_keys(restrictions: bool, excluded: bool) -> list[dict]:
    keys = [dict(type="scatter", x=[None], y=[None], mode="markers", name=_(NO_REPORT_TEXT),
                 marker=dict(size=14, symbol="square", color=palette.NO_REPORT, line=dict(color=palette.NO_REPORT_LINE, width=1)))]
    if excluded:
        keys.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=_(NOT_SELECTED_TEXT),
                         marker=dict(size=14, symbol="square", color=palette.NOT_SELECTED, line=dict(color=palette.NO_REPORT_LINE, width=1))))
    if restrictions:
        keys.append(dict(type="scatter", x=[None], y=[None], mode="lines", name=_("Border restriction in force"),
                         line=dict(color=palette.RESTRICTION_LINE, width=2.2, dash="dot")))
    return keys


def _colourbar(scale: tuple[float, float], any_values: bool, value_label: str) -> list[dict]:
    if not any_values:
        return []
    lo, hi = scale
    ticks = [math.log10(m * 10 ** p) for p in range(int(math.floor(lo)), int(math.ceil(hi)) + 1) for m in (1, 2, 5)]
    ticks = [t for t in ticks if lo - 1e-9 <= t <= hi + 1e-9] or [lo, hi]
    return [dict(
        type="scatter", x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip", name="scale",
        marker=dict(colorscale=palette.SEQUENTIAL, cmin=lo, cmax=hi, color=[lo],
                    colorbar=dict(title=dict(text=esc(value_label), side="right"), tickvals=ticks,
                                  ticktext=[number(round(10 ** t)) for t in ticks], thickness=12, len=0.6, x=1.0)),
    )]
