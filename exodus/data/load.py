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
from exodus.data import parsing
from exodus.data import schema
from exodus.data import upload_limits
from exodus.config import DATA_DIR
from exodus.data.rows import DataError, Problem, Row, check_body_refs, check_crossing_refs, check_row_refs, check_rows, decode, read_rows, validate_text


def _frame(kind: str, rows: list[Row]) -> pd.DataFrame:
    """Typed columns from validated rows, each cell read by the validator's own parser
    (:mod:`exodus.data.parsing`), so every file the validator accepts can be typed."""
    columns = {"line": pd.Series([r.line for r in rows], dtype="int64")}
    for spec in schema.FILES[kind]:
        cells = [r.values.get(spec.name, "") for r in rows]
        columns[spec.name] = _typed_column(spec.kind, cells)
    return pd.DataFrame(columns)[schema.columns(kind) + ["line"]]


def _typed_column(kind: str, cells: list[str]) -> pd.Series:
    if kind == "date":
        return pd.Series([parsing.parse_date(c) if c else None for c in cells], dtype="datetime64[ns]")
    if kind in ("number", "latitude", "longitude"):
        return pd.Series([parsing.parse_number(c) if c else float("nan") for c in cells], dtype="float64")
    return pd.Series(cells, dtype="str")


def _typed_departures(frame: pd.DataFrame, bodies: pd.DataFrame | None = None) -> pd.DataFrame:
    frame = authority.annotate(frame, load_bodies() if bodies is None else bodies)
    first_days = [parsing.parse_partial_date(c) for c in frame["reported_on"]]
    frame["reported_on_date"] = pd.Series(first_days, index=frame.index, dtype="datetime64[ns]")
    frame["days"] = ((frame["period_end"] - frame["period_start"]).dt.days + 1).astype("int64")
    frame["destination_name"] = frame["destination_iso3"].map(schema.label_destination).astype("str")
    return DEPARTURES_CONTRACT.validate(frame)


def _read(kind: str, path: Path | None) -> tuple[list[Row], str]:
    path = Path(path) if path else DATA_DIR / f"{kind}.csv"
    if not path.exists():
        raise DataError([Problem(str(path), 0, "", "file not found")])
    rows, problems = validate_text(path.read_bytes(), kind, path.name)
    if problems:
        raise DataError(problems)
    return rows, path.name


def load_crossings(path: Path | None = None) -> pd.DataFrame:
    rows, _ = _read("crossings", path)
    return _frame("crossings", rows)


def load_events(path: Path | None = None) -> pd.DataFrame:
    rows, _ = _read("events", path)
    frame = _frame("events", rows)
    return frame.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def load_bodies(path: Path | None = None) -> pd.DataFrame:
    """The reporting bodies and their kinds (``data/bodies.csv``)."""
    if path is None:
        return _shipped_bodies().copy()
    rows, _ = _read("bodies", path)
    return _frame("bodies", rows)


@functools.lru_cache(maxsize=1)
def _shipped_bodies() -> pd.DataFrame:
    rows, _ = _read("bodies", None)
    return _frame("bodies", rows)


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
    frame = _typed_departures(_frame("departures", rows), bodies)
    return frame.sort_values(["period_start", "id"], kind="stable").reset_index(drop=True)


def parse_upload(raw: bytes, name: str, crossing_ids: set[str] | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """A user's own departures CSV: the valid rows, and the problems of the others.

    Nothing is written anywhere. Structural problems (encoding, header) and the upload
    limits of :mod:`exodus.data.upload_limits` (size, rows, days spanned) leave no rows; the
    row limit is checked before any cell is, the span on the rows that passed.
    """
    empty = _typed_departures(_frame("departures", []))
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
    return _typed_departures(_frame("departures", good)), problems


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


DEPARTURES_CONTRACT = pa.DataFrameSchema(
    {
        "id": pa.Column(str, unique=True),
        "period_start": pa.Column("datetime64[ns]"),
        "period_end": pa.Column("datetime64[ns]"),
        "destination_iso3": pa.Column(str),
        "population": pa.Column(str, pa.Check.isin(list(schema.POPULATIONS))),
        "metric": pa.Column(str, pa.Check.isin(list(schema.METRICS))),
        "measure": pa.Column(str, pa.Check.isin(list(schema.MEASURES))),
        "unit": pa.Column(str, pa.Check.isin(list(schema.UNITS))),
        "value": pa.Column(float),
        "value_high": pa.Column(float, nullable=True),
        "qualifier": pa.Column(str, pa.Check.isin(list(schema.QUALIFIERS))),
        "source_url": pa.Column(str, pa.Check.str_matches(r"^https?://")),
        "days": pa.Column("int64", pa.Check.ge(1)),
        "source_type": pa.Column(str, pa.Check.isin(list(schema.SOURCE_TYPES))),
        "authority_kind": pa.Column(str, pa.Check.isin(list(authority.KINDS))),
        "authority_rank": pa.Column("int64", pa.Check.in_range(0, len(authority.KINDS) - 1)),
        "flagged": pa.Column(bool),
        "flag_reason": pa.Column(str),
    },
    checks=pa.Check(lambda df: (df["period_end"] >= df["period_start"]).all(), error="period_end before period_start"),
    coerce=False,
    strict=False,
)
