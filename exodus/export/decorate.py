"""What every exported chart carries inside the image: its title with the date range, its
subtitle, a short source line and the project's name, on a light background
(:func:`exodus.export.light.light_copy`), at the size it is exported at."""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import plotly.graph_objects as go

from exodus import i18n
from exodus.data import release
from exodus.i18n import _
from exodus.export.light import TEXT_COLOUR, light_copy

FOOTER_COLOUR = "#555555"
SOURCES_NAME, PROJECT_NAME = "exodus-sources", "exodus-project"
PROJECT = "Exodus"
#: Average width of a character of Plotly's default font, as a share of its size: used
#: to wrap titles and to cut the source line so that they fit the image's width.
CHAR_WIDTH = 0.55


@dataclass(frozen=True)
class ImageSize:
    """How large an image is exported: CSS pixels at 1x, the scale of the PNG, the
    title's font size and the least font size of any text in the image."""

    name: str
    width: int
    height: int
    scale: float
    title_px: int
    min_text_px: int
    #: Added to the chart's slug in file names ("" for the standard size).
    suffix: str


SIZES = {
    "standard": ImageSize("standard", 1200, 700, 2, 18, 11, ""),
    # A column of a news article: 680 px wide, printed at 2x.
    "article": ImageSize("article", 680, 560, 2, 16, 11, "-article"),
}


def as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def date_range_text(start, end) -> str:
    """'21 Sep 2022 – 31 Oct 2022' (one date when start == end)."""
    first, last = as_date(start), as_date(end)
    if first > last:
        raise ValueError(f"start {first} is after end {last}")
    if i18n.current() != i18n.DEFAULT:
        return i18n.format_period(first, last)
    show = lambda d: f"{d.day} {d:%b %Y}"  # noqa: E731
    return show(first) if first == last else f"{show(first)} – {show(last)}"


def body_name(source: str) -> str:
    """A body as the source line names it: its name without the details in brackets
    ("Finnish Border Guard (press release)" -> "Finnish Border Guard"), spacing tidied."""
    text = " ".join(str(source).split())
    short = text.split(" (", 1)[0].rstrip(" ,;")
    return short or text


def unique_sources(sources) -> list[str]:
    """Source names with spacing tidied, duplicates (ignoring case) dropped, sorted."""
    bodies: dict[str, str] = {}
    for source in sorted((" ".join(str(s).split()) for s in sources), key=lambda s: (s.casefold(), s)):
        if source:
            bodies.setdefault(source.casefold(), source)
    return list(bodies.values())


def source_line(sources, max_chars: int = 120) -> str:
    """'Sources: A; B; and 3 more': each body once by its name (see :func:`body_name`,
    ignoring case), in the order given, as many as fit in ``max_chars``; the full list is
    in the export's CSV and README. Without any source: 'Sources: none (no figure in
    this range)'."""
    names: dict[str, str] = {}
    for source in sources:
        if name := body_name(source):
            names.setdefault(name.casefold(), name)
    names = list(names.values())
    if not names:
        return _("Sources: none (no figure in this range)")
    for shown in range(len(names), 0, -1):
        rest = len(names) - shown
        line = _("Sources: {names}").format(names="; ".join(names[:shown] + ([_("and {n} more").format(n=rest)] if rest else [])))
        if len(line) <= max_chars:
            return line
    # Even the first body alone is too long: shorten it at a word boundary.
    more = "; " + _("and {n} more").format(n=len(names) - 1) if len(names) > 1 else ""
    cut = names[0][: max(max_chars - len(_("Sources: {names}").format(names="")) - len(more) - 1, 1)]
    if " " in cut and names[0][len(cut):][:1] not in ("", " "):
        cut = cut[: cut.rfind(" ")]
    return _("Sources: {names}").format(names=f"{cut.rstrip(' ;,')}…{more}")


def _raise_small_fonts(node, least: float) -> None:
    """Every font size set in a figure's dict (layout and traces) raised to ``least``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict) and "size" in value:
                size = value["size"]
                if isinstance(size, (int, float)) and size < least:
                    value["size"] = least
                elif isinstance(size, (list, tuple)):
                    value["size"] = [max(s, least) if isinstance(s, (int, float)) else s for s in size]
            _raise_small_fonts(value, least)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _raise_small_fonts(value, least)


def _wrapped(text: str, chars: int) -> list[str]:
    return textwrap.wrap(text, width=max(chars, 20), break_long_words=False, break_on_hyphens=False) or [""]


def _wrapped_parts(text: str, chars: int, separator: str = " · ") -> list[str]:
    """Lines of at most ``chars`` that break between the " · " parts of a subtitle where
    they can, and inside a part only when it is longer than a line."""
    lines: list[str] = []
    for part in text.split(separator):
        if lines and len(lines[-1]) + len(separator) + len(part) <= chars:
            lines[-1] += separator + part
        else:
            lines += _wrapped(part, chars)
    return lines


def _lines_html(lines: list[str]) -> str:
    return "<br>".join(html.escape(line, quote=False) for line in lines)


#: Space kept free around the image's texts, and the height of the two footer lines.
EDGE, FOOTER_BLOCK = 16, 52


def _legend_below(layout) -> bool:
    legend = layout.legend
    return (layout.showlegend is not False) and legend.orientation == "h" and legend.y is not None and legend.y < 0


def _legend_entries(fig: go.Figure) -> list[str]:
    names, groups = [], set()
    for trace in fig.data:
        if trace.showlegend is False or not trace.name:
            continue
        group_title = getattr(trace, "legendgrouptitle", None)
        if trace.legendgroup and group_title is not None and group_title.text and trace.legendgroup not in groups:
            groups.add(trace.legendgroup)
            names.append(group_title.text)
        names.append(trace.name)
    return names


def legend_height(fig: go.Figure, width: float) -> int:
    """About how tall a horizontal legend of ``fig`` is when ``width`` pixels wide: its
    entries laid out in rows like Plotly does (symbol, gap, text)."""
    entries = _legend_entries(fig)
    if not entries:
        return 0
    px = fig.layout.legend.font.size or fig.layout.font.size or 12
    title = fig.layout.legend.title.text
    used, rows = (len(_plain(title)) * px * CHAR_WIDTH + 10) if title else 0.0, 1
    for name in entries:
        entry = 46 + len(_plain(name)) * px * CHAR_WIDTH
        if used and used + entry > width:
            rows, used = rows + 1, 0.0
        used += entry
    return round(rows * (1.5 * px + 11) + 10)


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", str(text)))


def decorate(fig, *, title: str, start, end, sources, subtitle: str = "", size: ImageSize = SIZES["standard"],
             project: str = PROJECT) -> go.Figure:
    """A light copy, ``size.width`` wide, that carries inside the figure the title with the
    date range, the subtitle, the source line and the project's name, so every format
    keeps them. Texts are plain text, escaped here: do not pass them through an HTML
    escaper first. Titles wrap to the width; no text is smaller than ``size.min_text_px``;
    a legend below the plot sits above the footer. The plot keeps the height the chart
    has in the app; ``layout.height`` is the image's height. The given figure is not
    changed; decorating twice replaces the earlier decoration."""
    out = light_copy(fig, adjust=lambda spec: _raise_small_fonts(spec, size.min_text_px))
    out.layout.annotations = [a for a in out.layout.annotations if a.name not in (SOURCES_NAME, PROJECT_NAME)]
    width = size.width
    subtitle_px = max(size.min_text_px + 1, round(size.title_px * 0.72))
    usable = width - 2 * EDGE
    days = date_range_text(start, end).replace(" ", "\u00a0")  # the dates never break across lines
    heading = _wrapped(f"{title} ·\u00a0{days}", int(usable / (size.title_px * CHAR_WIDTH)))
    below = _wrapped_parts(subtitle, int(usable / (subtitle_px * CHAR_WIDTH))) if subtitle else []
    text = _lines_html(heading)
    if below:
        text += f'<br><span style="font-size:{subtitle_px}px">{_lines_html(below)}</span>'
    margin = out.layout.margin
    own_top = margin.t if margin.t is not None else 80
    own_bottom = margin.b if margin.b is not None else 80
    left, right = max(margin.l if margin.l is not None else 80, 40), max(margin.r if margin.r is not None else 80, 20)
    plot_height = (out.layout.height or size.height) - own_top - own_bottom
    title_height = 22 + round(1.3 * size.title_px * (len(heading) + len(below))) + 12  # Plotly spaces every line by the title font
    top = max(own_top - 70, 0) + title_height  # what the chart keeps above its plot besides its title (key-event labels)
    has_axis_title = any(axis.title.text for axis in out.select_xaxes())
    legend = legend_height(out, usable) if _legend_below(out.layout) else 0
    bottom = max(own_bottom, 60 if has_axis_title else 40) + (legend + 8 if legend else 0) + FOOTER_BLOCK
    height = max(plot_height, 200) + top + bottom
    out.update_layout(
        title=dict(text=text, x=EDGE / width, xref="container", xanchor="left", y=1, yref="container",
                   yanchor="top", pad=dict(t=22), font=dict(size=size.title_px, color=TEXT_COLOUR)),
        margin=dict(t=top, b=bottom, l=left, r=right), width=width, height=height,
    )
    if legend:
        out.update_layout(legend=dict(xref="container", x=EDGE / width, xanchor="left",
                                      yref="container", y=(FOOTER_BLOCK + 4) / height, yanchor="bottom"))
    out.update_xaxes(rangeslider_visible=False)  # a slider means nothing on paper
    # Two left-aligned lines pinned near the bottom edge, from the image's left edge.
    footer_px = size.min_text_px
    footer = dict(xref="paper", yref="paper", x=-(left - EDGE) / (width - left - right), y=0, xanchor="left",
                  yanchor="bottom", showarrow=False, align="left", font=dict(size=footer_px, color=FOOTER_COLOUR))
    line = source_line(sources, max_chars=int(usable / (footer_px * CHAR_WIDTH)))
    out.add_annotation(name=SOURCES_NAME, text=html.escape(line, quote=False), yshift=-(bottom - 28), **footer)
    out.add_annotation(name=PROJECT_NAME, text=_("Chart: {project} · data {version}").format(project=html.escape(project, quote=False), version=html.escape(release.version_label(), quote=False)),
                       yshift=-(bottom - 10), **footer)
    return out


def is_decorated(fig) -> bool:
    return any(a.name == SOURCES_NAME for a in go.Figure(fig).layout.annotations)
