"""Limits on a user's own file, checked before any of it is drawn.

They keep the work and the chart message of one upload small whatever the file holds
(see BENCHMARKS.md, "Upload limits and chart payload"). Each refusal is one problem
that names the limit; the curated data is not subject to them.
"""

from __future__ import annotations

from datetime import date

from exodus import config
from exodus.data.rows import MAX_TEXT, Problem, Row

#: Bytes of one upload (Streamlit's ``server.maxUploadSize`` in .streamlit/config.toml).
MAX_BYTES = config.UPLOAD_MAX_BYTES
#: Data rows of one upload (the curated file has about 450).
MAX_ROWS = config.UPLOAD_MAX_ROWS
#: Days from the first period_start to the last period_end of the rows kept.
MAX_SPAN_DAYS = config.UPLOAD_MAX_SPAN_DAYS
#: Characters of one text cell (the validator's rule for every file).
MAX_CELL_TEXT = MAX_TEXT

LIMITS = {
    "bytes": (MAX_BYTES, "bytes in the file"),
    "rows": (MAX_ROWS, "data rows"),
    "span": (MAX_SPAN_DAYS, "days from the first period_start to the last period_end"),
    "text": (MAX_CELL_TEXT, "characters in one cell"),
}


def size_problem(raw: bytes, name: str) -> Problem | None:
    """The file is refused before it is read when it is larger than :data:`MAX_BYTES`."""
    if len(raw) > MAX_BYTES:
        return Problem(name, 0, "", f"the file has {len(raw):,} bytes; at most {MAX_BYTES:,} bytes (2 MiB) can be checked here")
    return None


def rows_problem(records: int, name: str) -> Problem | None:
    """More than :data:`MAX_ROWS` data records: refused before any cell is checked."""
    if records > MAX_ROWS:
        return Problem(name, 0, "", f"the file has {records:,} data rows; at most {MAX_ROWS:,} rows can be checked and "
                                    "drawn here: split the file")
    return None


def span_problem(rows: list[Row], name: str) -> Problem | None:
    """The rows kept span more than :data:`MAX_SPAN_DAYS` days."""
    from exodus.data import columns

    starts = [d for d in (columns.try_parse("date", r.values.get("period_start", "")) for r in rows) if isinstance(d, date)]
    ends = [d for d in (columns.try_parse("date", r.values.get("period_end", "")) for r in rows) if isinstance(d, date)]
    if not starts or not ends:
        return None
    first, last = min(starts), max(ends)
    days = (last - first).days + 1
    if days > MAX_SPAN_DAYS:
        return Problem(name, 0, "", f"the figures span {days:,} days ({first} to {last}); at most {MAX_SPAN_DAYS:,} days "
                                    "(about ten years) can be drawn here: split the file by period")
    return None
