"""Turning report rows into short, safe text for hovers, captions and tables.

Everything that comes from the data passes through :func:`esc` before it reaches a
chart, so a title such as ``<script>`` shows as text and never runs.
"""

from __future__ import annotations

import html
from datetime import date
from functools import lru_cache

import pandas as pd

from exodus import config, i18n
from exodus.data import schema
from exodus.i18n import N_, _, ngettext

#: The word before a figure, by its qualifier ({n} is the figure).
QUALIFIER_WORDS = {"exact": "{n}", "about": N_("about {n}"), "at_least": N_("at least {n}"), "at_most": N_("up to {n}"), "range": "{n}"}


def qualified(qualifier: str, figure: str) -> str:
    """'about 98,000' from 'about' and '98,000', in the active language."""
    return _(QUALIFIER_WORDS.get(qualifier, "{n}")).format(n=figure)


def esc(text: object) -> str:
    """HTML-escape a value for Plotly text (which understands a few tags)."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return html.escape(str(text), quote=True)


def number(value: float) -> str:
    """98000.0 -> '98,000' ('98 000' in Russian); keeps decimals only when the figure has them."""
    return i18n.format_number(value)


def amount(row) -> str:
    """The figure with its qualifier and unit: 'about 98,000 people', '5,000–6,000 people'."""
    unit = row["unit"]
    sign = "+" if row["measure"] == "change_pct" and row["value"] > 0 else ""
    if row["qualifier"] == "range" and row["value_high"] == row["value_high"]:
        text = f"{sign}{number(row['value'])}–{number(row['value_high'])}"
    else:
        text = qualified(row["qualifier"], sign + number(row["value"]))
    if unit == "percent":
        return f"{text} %"
    if unit == "usd":
        return _("US$ {n}").format(n=text)
    high = row["value_high"] if row["qualifier"] == "range" and row["value_high"] == row["value_high"] else row["value"]
    return f"{text} {unit_word(unit, high)}"


#: Units as written after a figure, in the form the figure asks for (Russian has three);
#: the full definitions are in schema.UNITS.
UNIT_FORMS = {
    "people": lambda n: ngettext("person", "people", n),
    "crossings": lambda n: ngettext("border crossing", "border crossings", n),
    "vehicles": lambda n: ngettext("vehicle", "vehicles", n),
    "km": lambda n: ngettext("kilometre", "kilometres", n),
    "requests": lambda n: ngettext("request", "requests", n),
    "cases": lambda n: ngettext("case", "cases", n),
    "followers": lambda n: ngettext("follower", "followers", n),
    "regions": lambda n: ngettext("region", "regions", n),
    "countries": lambda n: ngettext("country", "countries", n),
}


def plural_count(value: float) -> int:
    """The count that picks a word's form for a figure: the figure itself when whole,
    else 2 (a fraction takes the form of 2 in Russian, the plural in English)."""
    value = abs(float(value)) if value == value else 0.0
    return int(value) if value.is_integer() else 2


def unit_word(unit: str, value: float) -> str:
    """'people' after 98,000; 'человек' after 98 000, 'человека' after 2."""
    forms = UNIT_FORMS.get(unit)
    return forms(plural_count(value)) if forms else unit


def period(start, end) -> str:
    """'21 Sep – 31 Oct 2022' in the active language (see exodus.i18n.format_period)."""
    return i18n.format_period(_day(start), _day(end))


def _day(value) -> date:
    return value.date() if isinstance(value, pd.Timestamp) else value


def measure_phrase(row) -> str:
    measure = row["measure"]
    span = period(row["period_start"], row["period_end"])
    if measure == "daily":
        return _("per day, {span}").format(span=span)
    if measure == "cumulative":
        return _("in total since {start}, as of {end}").format(start=period(row["period_start"], row["period_start"]),
                                                              end=period(row["period_end"], row["period_end"]))
    if measure == "stock":
        return _("on {day}").format(day=period(row["period_end"], row["period_end"]))
    if measure == "change_pct":
        return _("change over {span}").format(span=span)
    return _("in total, {span}").format(span=span)


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
    metric = schema.label(schema.METRICS, row["metric"])
    where = schema.label_destination(row["destination_iso3"])
    return [
        f"<b>{esc(cut(where))}</b> · {esc(metric)}",
        f"{esc(amount(row))} {esc(measure_phrase(row))}",
        esc(_("Reported by {body}").format(body=cut(row["reporting_body"]))),
        esc(_("Source: {publisher}, {published} · id {id}").format(
            publisher=cut(row["source_publisher"]), published=cut(row["reported_on"]), id=cut(row["id"]))),
    ]


#: What :func:`hover_lines` reads of a report: two reports equal in these, in one language,
#: have the same hover.
HOVER_FIELDS = ("id", "destination_iso3", "metric", "unit", "measure", "qualifier", "value", "value_high",
                "period_start", "period_end", "reporting_body", "source_publisher", "reported_on")


def kept_hover_lines(row) -> list[str]:
    """:func:`hover_lines` of a report, kept per language: the same reports come back in
    every date range, so their hovers are written once (a bounded number of them)."""
    key = (i18n.current(),) + tuple(_MISSING if _is_nan(row[field]) else row[field] for field in HOVER_FIELDS)
    try:
        return list(_kept_lines(key))
    except TypeError:  # a value that cannot be a key (not in the curated data): written each time
        return hover_lines(row)


#: Stands for a missing number in a key: each NaN is a new object that equals nothing, so
#: a key holding one would never be found again.
_MISSING = "\0missing"


def _is_nan(value) -> bool:
    return isinstance(value, float) and value != value


@lru_cache(maxsize=8192)
def _kept_lines(key: tuple) -> tuple[str, ...]:
    row = {field: float("nan") if value == _MISSING else value for field, value in zip(HOVER_FIELDS, key[1:])}
    return tuple(hover_lines(row))


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
