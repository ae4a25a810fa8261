"""Turning report rows into short, safe text for hovers, captions and tables.

Everything that comes from the data passes through :func:`esc` before it reaches a
chart, so a title such as ``<script>`` shows as text and never runs.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd

from exodus import schema

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


def hover(row) -> str:
    """Multi-line hover text for one report (escaped)."""
    metric = schema.METRICS.get(row["metric"], row["metric"])
    where = schema.label_destination(row["destination_iso3"])
    return (
        f"<b>{esc(where)}</b> · {esc(metric)}<br>"
        f"{esc(amount(row))} {esc(measure_phrase(row))}<br>"
        f"Reported by {esc(row['reporting_body'])}<br>"
        f"Source: {esc(row['source_publisher'])}, {esc(row['reported_on'])} · id {esc(row['id'])}"
    )


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
