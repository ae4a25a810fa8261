"""Loading the curated data package into typed DataFrames.

Each loader validates the file first (see :mod:`exodus.data.validate`) and refuses bad data
with every problem listed; ``parse_upload`` is the lenient variant for a user's own
file: it keeps the good rows and returns the problems of the bad ones.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from exodus.data import authority
from exodus.data import columns
from exodus.data import parsing
from exodus.data import schema
from exodus.data import upload_limits
from exodus.config import DATA_DIR
from exodus.data.safe_read import shown_path
from exodus.data.rows import DataError, Problem, Row, check_body_refs, check_crossing_refs, check_row_refs, check_rows, decode, read_rows, validate_text


def typed_frame(kind: str, rows: list[Row]) -> pd.DataFrame:
    """Typed columns from validated rows, in file order, then ``line``. Each cell is read
    by its column type's parser (:mod:`exodus.data.columns`), the one the validator uses,
    so every file the validator accepts can be typed."""
    typed = {spec.name: _typed_column(spec.kind, [r.values.get(spec.name, "") for r in rows]) for spec in schema.fields(kind)}
    typed["line"] = pd.Series([r.line for r in rows], dtype="int64")
    return pd.DataFrame(typed)


def _typed_column(kind: str, cells: list[str]) -> pd.Series:
    """One column of cells as its type's dtype; an empty cell is missing (NaN or NaT)."""
    ctype = columns.TYPES[kind]
    if ctype.parse is None or ctype.dtype == "str":
        return pd.Series(cells, dtype="str")
    missing = None if ctype.dtype.startswith("datetime") else float("nan")
    # Each distinct cell is read once: the series files repeat their days on every row.
    values = {c: ctype.parse(c) if c else missing for c in dict.fromkeys(cells)}
    return pd.Series([values[c] for c in cells], dtype=ctype.dtype)


def contract(kind: str) -> pa.DataFrameSchema:
    """The pandera contract of a loaded table (``departures``, ``events``, ``crossings``,
    ``bodies``, ``series`` or ``series_catalogue``), generated from the description of its
    columns (:mod:`exodus.data.schema`) and their types: every column with its dtype,
    allowed values, pattern and bounds; the key unique; no column that is not described."""
    key = schema.key(kind)
    specs = schema.fields(kind) + schema.LOADED[kind]
    return pa.DataFrameSchema(
        {spec.name: _contract_column(spec, unique=key == (spec.name,)) for spec in specs},
        checks=_ROW_CHECKS.get(kind, []),
        unique=list(key) if len(key) > 1 else None,
        coerce=False,
        strict=True,
    )


def _contract_column(spec: schema.Field, unique: bool) -> pa.Column:
    ctype = columns.of(spec)
    optional = not spec.required
    checks = []
    if allowed := frozenset(spec.allowed or ctype.codes):
        checks.append(_text_check(lambda s: s.isin(allowed), optional, f"{spec.name} holds a value that is not allowed"))
    if ctype.pattern:
        pattern = ctype.pattern
        checks.append(_text_check(lambda s: s.str.fullmatch(pattern), optional, f"{spec.name} does not match {pattern}"))
    low = spec.minimum if spec.minimum is not None else ctype.minimum
    high = spec.maximum if spec.maximum is not None else ctype.maximum
    if low is not None:
        checks.append(pa.Check.ge(low))
    if high is not None:
        checks.append(pa.Check.le(high))
    return pa.Column(ctype.dtype, checks, nullable=optional and ctype.dtype != "str", unique=unique)


def _text_check(test, optional: bool, error: str) -> pa.Check:
    """A check of a text column; an optional column may also hold the empty text."""
    return pa.Check((lambda s: test(s) | s.eq("")) if optional else test, error=error)


_ROW_CHECKS = {
    "departures": [pa.Check(lambda df: (df["period_end"] >= df["period_start"]).all(), error="period_end before period_start")],
}


def _typed_departures(frame: pd.DataFrame, bodies: pd.DataFrame | None = None) -> pd.DataFrame:
    frame = authority.annotate(frame, load_bodies() if bodies is None else bodies)
    first_days = [parsing.parse_partial_date(c) for c in frame["reported_on"]]
    frame["reported_on_date"] = pd.Series(first_days, index=frame.index, dtype="datetime64[ns]")
    frame["days"] = ((frame["period_end"] - frame["period_start"]).dt.days + 1).astype("int64")
    frame["destination_name"] = frame["destination_iso3"].map(schema.label_destination).astype("str")
    return contract("departures").validate(frame)


def _read(kind: str, path: Path | None) -> tuple[list[Row], str]:
    path = Path(path) if path else DATA_DIR / f"{kind}.csv"
    if not path.exists():
        raise DataError([Problem(shown_path(path), 0, "", "file not found")])
    rows, problems = validate_text(path.read_bytes(), kind, path.name)
    if problems:
        raise DataError(problems)
    return rows, path.name


def load_crossings(path: Path | None = None) -> pd.DataFrame:
    rows, _ = _read("crossings", path)
    return contract("crossings").validate(typed_frame("crossings", rows))


def load_events(path: Path | None = None) -> pd.DataFrame:
    rows, _ = _read("events", path)
    frame = contract("events").validate(typed_frame("events", rows))
    return frame.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def load_bodies(path: Path | None = None) -> pd.DataFrame:
    """The reporting bodies and their kinds (``data/bodies.csv``)."""
    if path is None:
        return _shipped_bodies().copy()
    rows, _ = _read("bodies", path)
    return contract("bodies").validate(typed_frame("bodies", rows))


@functools.lru_cache(maxsize=1)
def _shipped_bodies() -> pd.DataFrame:
    rows, _ = _read("bodies", None)
    return contract("bodies").validate(typed_frame("bodies", rows))


def load_departures(path: Path | None = None, crossings: pd.DataFrame | None = None, bodies: pd.DataFrame | None = None) -> pd.DataFrame:
    """The reported figures, validated, with derived helper columns.

    Extra columns: ``line`` (line in the file), ``reported_on_date`` (first day the
    publication date can mean), ``days`` (length of the period),
    ``destination_name``, and from :func:`exodus.data.authority.annotate`
    ``authority_kind``, ``authority_rank``, ``flagged`` and ``flag_reason``.
    Every reporting body must be in ``bodies`` (default: the bodies.csv beside the file).
    """
    rows, name = _read("departures", path)
    if bodies is None:
        beside = Path(path).parent / "bodies.csv" if path else None
        bodies = load_bodies(beside if beside and beside.exists() else None)
    problems = check_body_refs(rows, set(bodies["name"]), name) + check_row_refs(rows, name)
    if crossings is not None:
        problems += check_crossing_refs(rows, set(crossings["id"]), name)
    if problems:
        raise DataError(sorted(problems))
    frame = _typed_departures(typed_frame("departures", rows), bodies)
    return frame.sort_values(["period_start", "id"], kind="stable").reset_index(drop=True)


def parse_upload(raw: bytes, name: str, crossing_ids: set[str] | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """A user's own departures CSV: the valid rows, and the problems of the others.

    Nothing is written anywhere. Structural problems (encoding, header) and the upload
    limits of :mod:`exodus.data.upload_limits` (size, rows, days spanned) leave no rows; the
    row limit is checked before any cell is, the span on the rows that passed.
    """
    empty = _typed_departures(typed_frame("departures", []))
    if too_big := upload_limits.size_problem(raw, name):
        return empty, [too_big]
    text, problems = decode(raw, name)
    if text is None:
        return empty, problems
    rows, structural = read_rows(text, "departures", name)
    problems += structural
    if too_many := upload_limits.rows_problem(len(rows) + sum(p.line >= 2 for p in structural), name):
        return empty, sorted(problems + [too_many])
    problems += check_rows("departures", rows, name)
    problems += check_row_refs(rows, name)
    if crossing_ids is not None:
        problems += check_crossing_refs(rows, crossing_ids, name)
    problems = sorted(problems)
    if any(p.line in (0, 1) for p in problems):
        return empty, problems
    bad_lines = {p.line for p in problems}
    good = [r for r in rows if r.line not in bad_lines]
    if too_long := upload_limits.span_problem(good, name):
        return empty, sorted(problems + [too_long])
    return _typed_departures(typed_frame("departures", good)), problems


def load_all(data_dir: Path = DATA_DIR) -> dict[str, pd.DataFrame]:
    """The curated tables, cross-checked."""
    crossings = load_crossings(data_dir / "crossings.csv")
    bodies = load_bodies(data_dir / "bodies.csv")
    return {
        "crossings": crossings,
        "events": load_events(data_dir / "events.csv"),
        "bodies": bodies,
        "departures": load_departures(data_dir / "departures.csv", crossings, bodies),
    }
