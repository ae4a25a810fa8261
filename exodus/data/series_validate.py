"""Row-by-row validation of the official series files.

``data/series.csv`` (values read on public pages), ``data/series_fsb.csv`` (built from
the raw FSB files) and ``data/series_catalogue.csv`` (what each series is). The column
contract is :data:`exodus.data.schema.SERIES_FILES`; decoding, the header check and the
checks of single cells (their column types') are the curated files' own
(:mod:`exodus.data.rows`), and the checks here add what only series have: periods that
match their kind, unique keys across both value files, whole counts, and references to
the catalogue.

Run ``python -m exodus.data.series_validate [DATA_DIR]``; every problem names the file, the
line, the column and what was expected.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from exodus.data import periods
from exodus.data import schema
from exodus.config import DATA_DIR
from exodus.data.rows import Problem, Row, check_field, decode, parse_partial_date, read_rows

VALUE_FILES = ("series_fsb", "series")


def _period_problems(row: Row, name: str) -> list[Problem]:
    v = row.values
    try:
        start, end = date.fromisoformat(v["period_start"]), date.fromisoformat(v["period_end"])
    except ValueError:
        return []  # already reported as a bad date
    if end < start:
        return [Problem(name, row.line, "period_end", f"period_end {end} is before period_start {start}")]
    if v["period"] not in schema.SERIES_PERIODS:
        return []
    expected = periods.expected_end(v["period"], start)
    if isinstance(expected, str):
        return [Problem(name, row.line, "period_start", f"{start} cannot start a {v['period']}: {expected}")]
    if expected != end:
        return [Problem(name, row.line, "period_end", f"a {v['period']} starting {start} ends on {expected}, not {end}")]
    return []


def _value_problems(row: Row, name: str) -> list[Problem]:
    v = row.values
    problems = _period_problems(row, name)
    try:
        value = float(v["value"])
    except ValueError:
        value = None
    if value is not None and value < 0:
        problems.append(Problem(name, row.line, "value", f"{v['value']} is negative; a count cannot be"))
    elif value is not None and value != int(value):
        problems.append(Problem(name, row.line, "value", f"{v['value']} is not a whole number; every series counts trips, persons, applications, permits or decisions (write 2.5 million as 2500000)"))
    published, start = v.get("published", ""), v.get("period_start", "")
    if parse_partial_date(published) and parse_partial_date(start) and published < start[: len(published)]:
        problems.append(Problem(name, row.line, "published", f"{published} is before the period it reports on starts ({start})"))
    return problems


def check_series_rows(kind: str, rows: list[Row], name: str, series_ids: set[str] | None = None,
                      today: date | None = None) -> list[Problem]:
    """Cell, row and file-level checks of one series file."""
    today = today or date.today()
    problems: list[Problem] = []
    first_line: dict[tuple, int] = {}
    key_columns = schema.key(kind)
    # The built file repeats its source, title and notes on every row: each distinct cell
    # is checked once (the checks are pure), which keeps start-up quick.
    verdicts: dict[tuple[str, str], str | None] = {}
    for row in rows:
        for spec in schema.SERIES_FILES[kind]:
            value = row.values.get(spec.name, "")
            if value == "":
                if spec.required:
                    problems.append(Problem(name, row.line, spec.name, "is empty but required"))
                continue
            if (spec.name, value) not in verdicts:
                verdicts[(spec.name, value)] = check_field(spec, value, today, series_ids)
            message = verdicts[(spec.name, value)]
            if message:
                problems.append(Problem(name, row.line, spec.name, message))
        if kind != "series_catalogue":
            problems += _value_problems(row, name)
        key = tuple(row.values.get(c, "") for c in key_columns)
        if key in first_line:
            shown = ", ".join(f"{c}={k}" for c, k in zip(key_columns, key))
            problems.append(Problem(name, row.line, key_columns[0], f"duplicate key ({shown}); first on line {first_line[key]}"))
        else:
            first_line[key] = row.line
    return problems


def validate_series_text(raw: bytes, kind: str, name: str, series_ids: set[str] | None = None,
                         today: date | None = None) -> tuple[list[Row], list[Problem]]:
    """Decode, split and check one series file's bytes."""
    text, problems = decode(raw, name)
    if text is None:
        return [], problems
    rows, structural = read_rows(text, kind, name)
    return rows, sorted(problems + structural + check_series_rows(kind, rows, name, series_ids, today))


def _cross_file_keys(rows: dict[str, list[Row]], names: dict[str, str]) -> list[Problem]:
    seen: dict[tuple, str] = {}
    problems = []
    for kind in VALUE_FILES:
        for row in rows.get(kind, []):
            key = tuple(row.values.get(c, "") for c in schema.SERIES_KEY)
            where = f"{names[kind]}:{row.line}"
            if key in seen and not seen[key].startswith(names[kind] + ":"):
                problems.append(Problem(names[kind], row.line, "series_id", f"the same series, country and period is already in {seen[key]}"))
            seen.setdefault(key, where)
    return problems


def read_series_package(data_dir: Path = DATA_DIR, today: date | None = None) -> tuple[dict[str, list[Row]], list[Problem]]:
    """The rows of the three series files and every problem, references included."""
    rows: dict[str, list[Row]] = {}
    names = {kind: f"{kind}.csv" for kind in schema.SERIES_FILES}
    problems: list[Problem] = []
    series_ids: set[str] | None = None
    for kind in ("series_catalogue",) + VALUE_FILES:
        path = Path(data_dir) / names[kind]
        if not path.exists():
            problems.append(Problem(names[kind], 0, "", "file not found"))
            continue
        rows[kind], found = validate_series_text(path.read_bytes(), kind, names[kind], series_ids, today)
        problems += found
        if kind == "series_catalogue":
            series_ids = {r.values["series_id"] for r in rows[kind]}
    problems += _cross_file_keys(rows, names)
    used = {r.values["series_id"] for kind in VALUE_FILES for r in rows.get(kind, [])}
    for row in rows.get("series_catalogue", []):
        if row.values["series_id"] not in used:
            problems.append(Problem(names["series_catalogue"], row.line, "series_id", f"{row.values['series_id']!r} has no value in series.csv or series_fsb.csv"))
    return rows, sorted(problems)


def validate_series_package(data_dir: Path = DATA_DIR, today: date | None = None) -> list[Problem]:
    return read_series_package(data_dir, today)[1]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else DATA_DIR
    problems = validate_series_package(data_dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found in the series files of {data_dir}.", file=sys.stderr)
        return 1
    print(f"OK: no problems in the series files of {data_dir}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
