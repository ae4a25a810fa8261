"""The one parser of the curated files: CSV records with their line numbers, and cells
turned into values.

The column types of :mod:`exodus.data.columns` name these parsers, and the validator and
the typed loading both read cells through them, so a file the validator accepts is a file
the loader can type.
The rules:

* Numbers and dates use ASCII digits only. Full-width, Arabic-Indic or other digits,
  ``1_000``, ``1e5``, ``inf`` are refused with a message saying so; nothing is
  normalised silently.
* A record the CSV reader cannot parse (an unterminated quote, a field longer than
  :data:`FIELD_LIMIT`) is reported with the lines it ran over, and reading starts again
  on the next line, so the rows after it are still read: every line of the file is
  either kept in a row or named in a problem.
* Text echoed back in a message is cut to :data:`ECHO_LIMIT` characters.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date

ECHO_LIMIT = 60
FIELD_LIMIT = csv.field_size_limit()  # 131,072 characters: longer fields are reported
NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$", re.ASCII)
FULL_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$", re.ASCII)
PARTIAL_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$", re.ASCII)
URL_PREFIXES = ("http://", "https://")
MAX_BROKEN = 50
NUMBER_HINT = "write ASCII digits only, e.g. 98000 or 12.5"


def clip(text: object, limit: int = ECHO_LIMIT) -> str:
    """Text cut to ``limit`` characters for a message: 'abc…' (12,345 characters)."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def shown(value: object, limit: int = ECHO_LIMIT) -> str:
    """A cell as quoted in a message: repr of at most ``limit`` characters."""
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def _foreign_digits(text: str) -> bool:
    return any(ch.isdigit() and not ch.isascii() for ch in text)


class CellError(ValueError):
    """A cell that cannot be read as its kind; the message says why, for the user."""


def parse_number(text: str) -> float:
    """'98000' -> 98000.0. Raises CellError for anything but ASCII digits with an
    optional minus sign and decimal point."""
    if not NUMBER.match(text):
        if _foreign_digits(text):
            raise CellError(f"{shown(text)} uses digits other than 0-9; {NUMBER_HINT}")
        raise CellError(f"{shown(text)} is not a number ({NUMBER_HINT})")
    number = float(text)
    if not math.isfinite(number):
        raise CellError(f"{shown(text)} is too large to be a number")
    return number


def parse_date(text: str) -> date:
    """'2022-09-21' -> date. Raises CellError for any other form."""
    m = FULL_DATE.match(text)
    if not m:
        if _foreign_digits(text):
            raise CellError(f"{shown(text)} uses digits other than 0-9; write the date as YYYY-MM-DD in ASCII digits")
        raise CellError(f"{shown(text)} is not a date in the form YYYY-MM-DD")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise CellError(f"{shown(text)} is not a valid date (YYYY-MM-DD)") from None


def parse_partial_date(text: str) -> date:
    """'2022', '2022-09' or '2022-09-21' -> the first day it can mean."""
    m = PARTIAL_DATE.match(text)
    if not m:
        if _foreign_digits(text):
            raise CellError(f"{shown(text)} uses digits other than 0-9; write YYYY-MM-DD, YYYY-MM or YYYY in ASCII digits")
        raise CellError(f"{shown(text)} is not a valid date (YYYY-MM-DD, YYYY-MM or YYYY)")
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        raise CellError(f"{shown(text)} is not a valid date (YYYY-MM-DD, YYYY-MM or YYYY)") from None


# ---------------------------------------------------------------- CSV records

@dataclass(frozen=True)
class Record:
    """Fields of one CSV record and the physical lines it spans (first, last)."""

    line: int
    last_line: int
    fields: list[str]


@dataclass(frozen=True)
class Broken:
    """A record the CSV reader could not parse: where it started and why."""

    line: int
    last_line: int
    reason: str


def records(text: str, max_broken: int = MAX_BROKEN) -> list[Record | Broken]:
    """Every record of the text in order, blank lines skipped.

    Quoting is read strictly: a quote opened and never closed, or text after a closing
    quote, is an error. After an error reading resumes on the line after the one the
    broken record started on, so later rows are not swallowed by it. After
    ``max_broken`` broken records reading stops, and one last :class:`Broken` names the
    lines left unread (each restart may read to the end of the file again)."""
    lines = io.StringIO(text, newline="").readlines()
    out: list[Record | Broken] = []
    broken = 0
    position = 0  # index into lines where the current reader started
    while position < len(lines):
        if broken >= max_broken:
            out.append(Broken(position + 1, len(lines), f"not read: more than {max_broken} records could not be parsed before this line"))
            break
        reader = csv.reader((lines[i] for i in range(position, len(lines))), strict=True)
        consumed = 0
        while True:
            first = position + consumed + 1
            try:
                fields = next(reader)
            except StopIteration:
                position = len(lines)
                break
            except csv.Error as err:
                last = position + max(reader.line_num, consumed + 1)
                out.append(Broken(first, last, _reason(err)))
                broken += 1
                position = first  # the line after the broken record's first line
                break
            consumed = reader.line_num
            if fields and any(f.strip() for f in fields):
                out.append(Record(first, position + consumed, fields))
    return out


def _reason(err: csv.Error) -> str:
    text = str(err)
    if "field larger than field limit" in text:
        return f"a field is longer than {FIELD_LIMIT:,} characters"
    if "unexpected end of data" in text:
        return "a quoted field is never closed (a \" is missing)"
    if "expected after" in text:
        return "text follows a closing quote inside a field; double the quote (\"\") to write one"
    return clip(text)
