"""Checking the rows of one curated CSV file.

Every problem names the file, the line, the column and what was expected, so a bad
row fails CI with a message a person can act on. Checking never changes a file.

The rule for a cell is its column type's (:mod:`exodus.data.columns`); the rules here are
those of whole rows and files. Reading CSV records and cells lives in
:mod:`exodus.data.parsing`, reading files in :mod:`exodus.data.safe_read`.
Checking a whole package (files, references, shapes, series) is :mod:`exodus.data.validate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from exodus import config
from exodus.data import columns
from exodus.data import parsing
from exodus.data import schema
from exodus.data.parsing import shown
from exodus.data.safe_read import read_capped

FULL_DATE = parsing.FULL_DATE
MAX_TEXT = config.MAX_TEXT


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in a file."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        column = f" [{self.column}]" if self.column else ""
        return f"{where}:{column} {self.message}"


@dataclass
class Row:
    """A parsed row and the physical line it starts on."""

    line: int
    values: dict[str, str]


class DataError(ValueError):
    """Raised by the loaders when a file has problems; carries them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{shown}{more}")


def decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Decode bytes as UTF-8 without a byte-order mark, or say why not."""
    if not raw.strip():
        return None, [Problem(name, 0, "", "the file is empty; expected a header row and data rows")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(name, 1, "", "the file is UTF-16 encoded; save it as UTF-8 (without a byte-order mark)")]
    problems = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(name, 1, "", "the file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.append(Problem(name, line, "", f"byte {raw[err.start]:#04x} is not valid UTF-8; save the file as UTF-8"))
        return None, problems
    if "\x00" in text.partition("\n")[0]:
        problems.append(Problem(name, 1, "", "the header contains a NUL character; is it really a CSV file?"))
        return None, problems
    return text, problems


def read_rows(text: str, kind: str, name: str) -> tuple[list[Row], list[Problem]]:
    """Split CSV text into rows keyed by column, checking the header and field counts.

    Every line is either in a returned row or named by a problem (see
    :func:`exodus.data.parsing.records`)."""
    expected = schema.columns(kind)
    found = parsing.records(text)
    if not found or isinstance(found[0], parsing.Broken):
        reason = found[0].reason if found else "no header"
        return [], [Problem(name, 1, "", f"no readable header row ({reason})")]
    header = [h.strip() for h in found[0].fields]
    problems: list[Problem] = []
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing:
        problems.append(Problem(name, 1, "", f"missing column(s): {', '.join(missing)}"))
    if extra:
        problems.append(Problem(name, 1, "", f"unexpected column(s): {_names(extra)}; expected exactly: {', '.join(expected)}"))
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        problems.append(Problem(name, 1, "", f"column(s) named twice: {_names(duplicated)}"))
    if missing or duplicated:
        return [], problems
    rows: list[Row] = []
    for record in found[1:]:
        start = record.line
        lines = f" (lines {record.line}-{record.last_line})" if record.last_line > record.line else ""
        if isinstance(record, parsing.Broken):
            problems.append(Problem(name, start, "", f"cannot parse this row as CSV{lines}: {record.reason}; "
                                                     "the lines after its first line are read again as rows"))
        elif any("\x00" in f for f in record.fields):
            problems.append(Problem(name, start, "", "contains a NUL character; remove it or re-save the file as plain UTF-8 CSV"))
        elif len(record.fields) != len(header):
            problems.append(Problem(name, start, "", f"has {len(record.fields)} fields but the header has {len(header)}{lines}; check quoting of commas"))
        else:
            rows.append(Row(start, {h: v for h, v in zip(header, record.fields) if h in expected}))
    if not rows and not problems:
        problems.append(Problem(name, 2, "", "the file has a header but no data rows"))
    return rows, problems


def _names(names: list[str], most: int = 10) -> str:
    """Column names as echoed in a message: each cut, at most ``most`` of them."""
    shown = ", ".join(parsing.clip(n) for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def parse_partial_date(text: str) -> date | None:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD to the first day it can mean, or None."""
    return columns.try_parse("partial_date", text)


def check_field(spec: schema.Field, value: str, today: date, series_ids=None) -> str | None:
    """Return what is wrong with one non-empty cell, or None: the rule of the column's
    type (:mod:`exodus.data.columns`)."""
    return columns.check_cell(spec, value, today, series_ids)


def check_rows(kind: str, rows: list[Row], name: str, today: date | None = None) -> list[Problem]:
    """Field, row and file-level checks (not references to other files)."""
    today = today or date.today()
    specs = schema.FILES[kind]
    problems: list[Problem] = []
    first_line_of_id: dict[str, int] = {}
    for row in rows:
        for spec in specs:
            value = row.values.get(spec.name, "")
            if value == "":
                if spec.required:
                    problems.append(Problem(name, row.line, spec.name, "is empty but required"))
                continue
            message = check_field(spec, value, today)
            if message:
                problems.append(Problem(name, row.line, spec.name, message))
        key = schema.key(kind)[0]  # a curated file's key is its first column
        row_id = row.values.get(key, "")
        if row_id:
            if row_id in first_line_of_id:
                problems.append(Problem(name, row.line, key, f"duplicate {key} {shown(row_id)} (first used on line {first_line_of_id[row_id]})"))
            else:
                first_line_of_id[row_id] = row.line
        problems.extend(ROW_RULES[kind](row, name))
    return problems


def _dates_in_order(row: Row, name: str, start_col: str, end_col: str) -> list[Problem]:
    start, end = row.values.get(start_col, ""), row.values.get(end_col, "")
    if FULL_DATE.match(start) and FULL_DATE.match(end) and end < start:
        return [Problem(name, row.line, end_col, f"{end_col} {end} is before {start_col} {start}")]
    return []


def _departure_rules(row: Row, name: str) -> list[Problem]:
    v = row.values
    problems = _dates_in_order(row, name, "period_start", "period_end")
    value = _number(v.get("value", ""))
    high = _number(v.get("value_high", ""))
    if value is not None and value < 0 and v.get("measure") != "change_pct":
        problems.append(Problem(name, row.line, "value", f"{v['value']} is negative; only change_pct figures may be"))
    if v.get("qualifier") == "range":
        if v.get("value_high", "") == "":
            problems.append(Problem(name, row.line, "value_high", "qualifier is 'range' but value_high is empty"))
        elif value is not None and high is not None and high < value:
            problems.append(Problem(name, row.line, "value_high", f"{v['value_high']} is below value {v['value']}"))
    elif v.get("value_high", "") != "":
        problems.append(Problem(name, row.line, "value_high", "is set but qualifier is not 'range'"))
    if v.get("measure") == "change_pct" and v.get("unit") != "percent":
        problems.append(Problem(name, row.line, "unit", "a change_pct figure must have unit 'percent'"))
    reported = parse_partial_date(v.get("reported_on", ""))
    start = parse_partial_date(v.get("period_start", ""))
    if reported and start and FULL_DATE.match(v.get("period_start", "")):
        precision = len(v["reported_on"])
        if v["reported_on"] < v["period_start"][:precision]:
            problems.append(Problem(name, row.line, "reported_on", f"{v['reported_on']} is before the period it reports on starts ({v['period_start']})"))
    return problems


def _event_rules(row: Row, name: str) -> list[Problem]:
    return _dates_in_order(row, name, "date", "end_date")


def _crossing_rules(row: Row, name: str) -> list[Problem]:
    return []


ROW_RULES = {"departures": _departure_rules, "events": _event_rules, "crossings": _crossing_rules, "bodies": _crossing_rules}


def _number(text: str) -> float | None:
    return columns.try_parse("number", text)


def validate_text(raw: bytes, kind: str, name: str, today: date | None = None) -> tuple[list[Row], list[Problem]]:
    """Decode, split and check one file's bytes. Returns the rows and all problems."""
    text, problems = decode(raw, name)
    if text is None:
        return [], problems
    rows, structural = read_rows(text, kind, name)
    problems += structural
    problems += check_rows(kind, rows, name, today)
    return rows, sorted(problems)


def check_crossing_refs(departures: list[Row], crossing_ids: set[str], name: str) -> list[Problem]:
    """Every crossing_id of a departure row must exist in crossings.csv."""
    return [
        Problem(name, row.line, "crossing_id", f"{shown(row.values['crossing_id'])} is not an id in crossings.csv")
        for row in departures
        if row.values.get("crossing_id") and row.values["crossing_id"] not in crossing_ids
    ]


def check_body_refs(departures: list[Row], body_names: set[str], name: str) -> list[Problem]:
    """Every reporting_body of a departure row must be described in bodies.csv."""
    return [
        Problem(name, row.line, "reporting_body", f"{shown(row.values['reporting_body'])} is not a name in bodies.csv; add it there with its kind")
        for row in departures
        if row.values.get("reporting_body") and row.values["reporting_body"] not in body_names
    ]


def check_row_refs(departures: list[Row], name: str) -> list[Problem]:
    """Every part_of of a departure row must be the id of another row of the file."""
    ids = {row.values.get("id") for row in departures}
    return [
        Problem(name, row.line, "part_of", f"{shown(row.values['part_of'])} is not the id of another row")
        for row in departures
        if row.values.get("part_of") and (row.values["part_of"] not in ids or row.values["part_of"] == row.values.get("id"))
    ]
