"""Calendar periods of the official series: which end date a period kind implies, and
the same period in another year (the baseline of a value)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def expected_end(period: str, start: date) -> date | str:
    """The last day a period of this kind starting on ``start`` must have, or a
    sentence saying why ``start`` cannot begin such a period."""
    if period == "day":
        return start
    if period == "week":
        return start + timedelta(days=6)
    if period == "month":
        if start.day != 1:
            return "a month starts on the 1st"
        return _month_end(start.year, start.month)
    if period == "quarter":
        if start.day != 1 or start.month not in (1, 4, 7, 10):
            return "a quarter starts on 1 January, 1 April, 1 July or 1 October"
        return _month_end(start.year, start.month + 2)
    if period == "half_year":
        if (start.month, start.day) not in ((1, 1), (7, 1)):
            return "a half-year starts on 1 January or 1 July"
        return _month_end(start.year, start.month + 5)
    if period == "nine_months":
        if (start.month, start.day) != (1, 1):
            return "nine months (January-September) start on 1 January"
        return date(start.year, 9, 30)
    if period == "year":
        if (start.month, start.day) != (1, 1):
            return "a calendar year starts on 1 January"
        return date(start.year, 12, 31)
    return f"unknown period kind {period!r}"


def same_period_in(year: int, period: str, start: date) -> tuple[date, date] | None:
    """The period of the same kind and place in the calendar in ``year``.

    A week is matched by its ISO week number and weekday (so it is again seven days
    from the same weekday); a day by its calendar date (29 February has none).
    """
    if period == "week":
        iso_year, week, weekday = start.isocalendar()
        try:
            first = date.fromisocalendar(year, week, weekday)
        except ValueError:
            return None
        return first, first + timedelta(days=6)
    try:
        first = start.replace(year=year)
    except ValueError:
        return None
    end = expected_end(period, first)
    return (first, end) if isinstance(end, date) else None


def quarter_label(start: date) -> str:
    """``2022 Q3`` for a quarter starting on 1 July 2022."""
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"
