"""Turning report rows into short, safe text for hovers, captions and tables.

Everything that comes from the data passes through :func:`esc` before it reaches a
chart, so a title such as ``<script>`` shows as text and never runs.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd

from exodus import config
from exodus.data import schema

QUALIFIER_WORDS = {"exact": "", "about": "about ", "at_least": "at least ", "at_most": "up to ", "range": ""}


def esc(text: object) -> str:
    """HTML-escape a value for Plotly text (which understands a few tags)."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return html.escape(str(text), quote=True)


def number(value: float) -> str:
    """98000.0 -> '98,000'; keeps decimals only when the figure has them."""
    if value != value:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def amount(row) -> str:
    """The figure with its qualifier and unit: 'about 98,000 people', '5,000–6,000 people'."""
    unit = row["unit"]
    sign = "+" if row["measure"] == "change_pct" and row["value"] > 0 else ""
    if row["qualifier"] == "range" and row["value_high"] == row["value_high"]:
        text = f"{sign}{number(row['value'])}–{number(row['value_high'])}"
    else:
        text = QUALIFIER_WORDS.get(row["qualifier"], "") + sign + number(row["value"])
    if unit == "percent":
        return f"{text} %"
    if unit == "usd":
        return f"US$ {text}"
    return f"{text} {schema.UNITS.get(unit, unit).split(' (')[0]}"


def period(start, end) -> str:
    start, end = _day(start), _day(end)
    if start == end:
        return f"{start:%d %b %Y}"
    if start.year == end.year:
        return f"{start:%d %b} – {end:%d %b %Y}"
    return f"{start:%d %b %Y} – {end:%d %b %Y}"


def _day(value) -> date:
    return value.date() if isinstance(value, pd.Timestamp) else value


def measure_phrase(row) -> str:
    measure = row["measure"]
    span = period(row["period_start"], row["period_end"])
    if measure == "daily":
        return f"per day, {span}"
    if measure == "cumulative":
        return f"in total since {period(row['period_start'], row['period_start'])}, as of {period(row['period_end'], row['period_end'])}"
    if measure == "stock":
        return f"on {period(row['period_end'], row['period_end'])}"
    if measure == "change_pct":
        return f"change over {span}"
    return f"in total, {span}"


#: Longest piece of text from the data that a hover shows (characters, before escaping):
#: the hover is a pointer to the row, whose full text is in the tables. The longest
#: reporting body in the curated data has 123 characters.
HOVER_LIMIT = config.HOVER_LIMIT


def cut(text: object, limit: int = HOVER_LIMIT) -> str:
    """Text shortened to ``limit`` characters, ending in '…' when cut."""
    text = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hover_lines(row) -> list[str]:
    """The hover of one report as four escaped lines, each piece of data text cut to
    :data:`HOVER_LIMIT`: a chart can carry them as ``customdata`` with
    :data:`HOVER_TEMPLATE` instead of repeating the whole text."""
    metric = schema.METRICS.get(row["metric"], row["metric"])
    where = schema.label_destination(row["destination_iso3"])
    return [
        f"<b>{esc(cut(where))}</b> · {esc(metric)}",
        f"{esc(amount(row))} {esc(measure_phrase(row))}",
        f"Reported by {esc(cut(row['reporting_body']))}",
        f"Source: {esc(cut(row['source_publisher']))}, {esc(cut(row['reported_on']))} · id {esc(cut(row['id']))}",
    ]


#: Plotly hover template showing :func:`hover_lines` held in a point's ``customdata``.
HOVER_TEMPLATE = "%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"


def hover(row) -> str:
    """Multi-line hover text for one report (escaped, data text cut)."""
    return "<br>".join(hover_lines(row))


def safe_link(url: str) -> str | None:
    """The URL if it is http(s), else None (never a javascript: or data: link)."""
    text = str(url or "")
    return text if text.lower().startswith(("http://", "https://")) else None


_MARKDOWN_SPECIAL = "\\`*_{}[]()<>#+-.!|~$:"


def md_escape(text: object) -> str:
    """Escape text for Streamlit's Markdown so data or URL values can never become
    links, HTML, emphasis or LaTeX."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in str(text))


def lower_first(text: str) -> str:
    """'Arrivals in ... Russia' -> 'arrivals in ... Russia' (names keep their capitals)."""
    return text[:1].lower() + text[1:]
