"""Tables as CSV that spreadsheet programs open safely: UTF-8 with a byte-order mark, and
no cell that a spreadsheet would run as a formula."""

from __future__ import annotations

import io

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
CSV_ENCODING = "utf-8-sig"  # the byte-order mark lets spreadsheet apps detect UTF-8


def _needs_quote_prefix(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START + (NEUTRALISER,))


def _neutralise(value):
    return NEUTRALISER + value if _needs_quote_prefix(value) else value


def _restore(value):
    return value[1:] if isinstance(value, str) and value.startswith(NEUTRALISER) else value


def safe_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel reads Cyrillic names correctly only with it).

    Text that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
    return) gets a leading apostrophe, as OWASP advises; so does text already starting with
    an apostrophe, which keeps the change reversible (:func:`read_safe_csv`). Numbers,
    negative ones included, are written as they are. A named or non-default index is kept
    as a column."""
    frame = df if isinstance(df.index, pd.RangeIndex) and df.index.name is None else df.reset_index()
    frame = frame.copy()
    frame.columns = [_neutralise(str(c)) for c in frame.columns]
    for column in frame.columns:
        if not (pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_datetime64_any_dtype(frame[column])):
            frame[column] = frame[column].map(_neutralise, na_action="ignore")
    return frame.to_csv(index=False, lineterminator="\r\n").encode(CSV_ENCODING)


def read_safe_csv(data: bytes, **read_csv_kwargs) -> pd.DataFrame:
    """Read what safe_csv wrote, removing the protective apostrophes.

    Lines are never skipped as blank: a row whose only cell is white space is data."""
    read_csv_kwargs.setdefault("skip_blank_lines", False)
    frame = pd.read_csv(io.BytesIO(data), encoding=CSV_ENCODING, **read_csv_kwargs)
    frame.columns = [_restore(c) for c in frame.columns]
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(_restore, na_action="ignore")
    return frame
