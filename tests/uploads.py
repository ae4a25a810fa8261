"""Generated uploads at the edge of every upload limit, for the payload tests and
benchmarks/bench_payload.py."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import departure, to_csv
from exodus.data import upload_limits as limits
from exodus.charts.formatting import HOVER_LIMIT

#: Characters that grow most on their way into a chart message: '"' and '<' become
#: 6- and 4-character HTML entities, an emoji a 12-character JSON escape.
HEAVY_CHARACTERS = {"quote": '"', "angle": "<", "emoji": "\U0001F600", "cyrillic": "Ж"}
FIRST_DAY = date(2015, 1, 1)
LAST_DAY = FIRST_DAY + timedelta(days=limits.MAX_SPAN_DAYS - 1)


#: The longest figures a cell can hold: 300 digits (1e300 is still a finite float), and
#: written out in full with thousands separators in the hover.
HUGE_VALUE, HUGE_VALUE_HIGH = "9" * 300, "9" * 301


def worst_rows(n: int = limits.MAX_ROWS, measure: str = "daily", character: str = '"',
               crossing: str = "", text: int = HOVER_LIMIT + 10) -> list[dict]:
    """``n`` valid rows, each spanning the whole allowed period, with every text cell the
    hover shows longer than the hover keeps (longer text is cut, so it adds nothing) and
    made of ``character``, and the longest figures. Rows alternate between two
    destinations so that both the map and the timeline draw them all."""
    filler = (character * text)[:text]
    rows = []
    for i in range(n):
        rows.append(departure(
            id=f"m22-w{i:05d}-{'x' * 50}"[:64], measure=measure, unit="people", qualifier="range",
            value=HUGE_VALUE, value_high=HUGE_VALUE_HIGH, period_start=str(FIRST_DAY), period_end=str(LAST_DAY),
            reported_on=str(LAST_DAY), destination_iso3=("KAZ", "GEO")[i % 2], crossing_id=crossing,
            reporting_body=filler, source_publisher=filler,
        ))
    return rows


def fit_to_size(rows: list[dict]) -> bytes:
    """The rows as CSV, shortening the two text cells evenly until the file is under the
    size limit."""
    text = len(rows[0]["reporting_body"])
    while True:
        raw = to_csv("departures", [r | {"reporting_body": r["reporting_body"][:text],
                                         "source_publisher": r["source_publisher"][:text]} for r in rows])
        if len(raw) <= limits.MAX_BYTES:
            return raw
        text = int(text * 0.9)
