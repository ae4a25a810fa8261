"""The types of column a data file can have, each described once.

A column of :mod:`exodus.data.schema` names its type (``Field.kind``); the type says how a
cell is read, what it may hold, how the column is stored once loaded and how the data
package descriptor declares it. The row validator (:mod:`exodus.data.rows`), the typed
loading and its pandera contract (:mod:`exodus.data.load`) and the descriptor
(:mod:`exodus.data.datapackage`) all read these types, so none of them keeps a list of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple
from urllib.parse import urlparse

from exodus import config
from exodus.data import parsing
from exodus.data import schema
from exodus.data.parsing import shown

#: No figure or event of the data is older than this.
EARLIEST = date(2000, 1, 1)


class Cell(NamedTuple):
    """What a type's rule is given: the column, its text and parsed value, and the context
    a check may need (today, for dates; the series ids of the catalogue, for references).
    A tuple, as one is made for every cell checked."""

    spec: schema.Field
    text: str
    value: object
    today: date
    series_ids: Collection[str] | None = None


@dataclass(frozen=True)
class ColumnType:
    """One type of column."""

    #: The Frictionless table-schema type of the column in data/datapackage.json.
    frictionless: str
    #: The pandas dtype of the column once loaded.
    dtype: str = "str"
    #: Reads a non-empty cell (raising parsing.CellError); None keeps the text as it is.
    parse: Callable[[str], object] | None = None
    #: What else is wrong with a cell that parsed, or None (the "allowed" values of an enum,
    #: codes, ranges, lengths).
    rule: Callable[[Cell], str | None] | None = None
    #: The whole-cell pattern every cell matches (declared in the descriptor, checked on load).
    pattern: str = ""
    #: The values a cell may hold, when the type itself fixes them (codes).
    codes: Collection[str] = ()
    #: Bounds of a number.
    minimum: float | None = None
    maximum: float | None = None
    #: The date format of the descriptor.
    format: str = ""


def _long(cell: Cell) -> str | None:
    if len(cell.text) > config.MAX_TEXT:
        return f"is {len(cell.text):,} characters long; at most {config.MAX_TEXT:,}"
    return None


def _matches(pattern: str, what: str) -> Callable[[Cell], str | None]:
    compiled = re.compile(pattern)

    def rule(cell: Cell) -> str | None:
        return None if compiled.fullmatch(cell.text) else f"{shown(cell.text)} is not a valid {what}"
    return rule


def _plausible_day(cell: Cell) -> str | None:
    if cell.value < EARLIEST or cell.value > cell.today:
        return f"{cell.text} is outside the plausible range {EARLIEST} to {cell.today}"
    return None


def _allowed(cell: Cell) -> str | None:
    if cell.text not in cell.spec.allowed:
        return f"{shown(cell.text)} is not allowed; expected one of: {', '.join(cell.spec.allowed)}"
    return None


def _one_of(codes: Collection[str], expected: str) -> Callable[[Cell], str | None]:
    def rule(cell: Cell) -> str | None:
        return None if cell.text in codes else f"{shown(cell.text)} is not {expected}"
    return rule


def _url(cell: Cell) -> str | None:
    if too_long := _long(cell):
        return too_long
    if not cell.text.startswith(parsing.URL_PREFIXES) or not urlparse(cell.text).netloc:
        return f"{shown(cell.text)} is not an http(s) URL (it must start with http:// or https://)"
    if any(ch.isspace() for ch in cell.text):
        return f"{shown(cell.text)} contains spaces"
    return None


def _within(limit: float) -> Callable[[Cell], str | None]:
    def rule(cell: Cell) -> str | None:
        return None if -limit <= cell.value <= limit else f"{cell.text} is outside -{limit:g}..{limit:g}"
    return rule


def _modes(cell: Cell) -> str | None:
    bad = [m for m in cell.text.split(";") if m not in schema.CROSSING_MODES]
    if bad:
        listed = ", ".join(parsing.clip(m) for m in bad[:10]) + (f" and {len(bad) - 10} more" if len(bad) > 10 else "")
        return f"unknown mode(s) {listed}; expected some of: {', '.join(sorted(schema.CROSSING_MODES))}"
    return None


def _series_ref(cell: Cell) -> str | None:
    if cell.series_ids is not None and cell.text not in cell.series_ids:
        return f"{cell.text!r} is not a series_id in series_catalogue.csv"
    return None


_ISO3 = set(schema.ISO3_COUNTRIES)
_DESTINATIONS = _ISO3 | set(schema.SPECIAL_DESTINATIONS)
_AREAS = _ISO3 | set(schema.SERIES_SPECIAL_AREAS)
_MODE = "(" + "|".join(sorted(schema.CROSSING_MODES)) + ")"

TYPES: dict[str, ColumnType] = {
    # Identifiers and references
    "id": ColumnType("string", pattern=schema.ID_PATTERN.strip("^$"),
                     rule=_matches(schema.ID_PATTERN.strip("^$"), "id (lower-case letters, digits and '-', 3 to 64 characters)")),
    "series_id": ColumnType("string", pattern=schema.SERIES_ID_PATTERN.strip("^$"),
                            rule=_matches(schema.SERIES_ID_PATTERN.strip("^$"), "series id (lower-case letters, digits and '-')")),
    "series_ref": ColumnType("string", rule=_series_ref),
    "crossing_ref": ColumnType("string", rule=_long),
    "row_ref": ColumnType("string", rule=_long),
    # Dates
    "date": ColumnType("date", dtype="datetime64[ns]", parse=parsing.parse_date, rule=_plausible_day, format="%Y-%m-%d"),
    "partial_date": ColumnType("string", parse=parsing.parse_partial_date, rule=_plausible_day, pattern=r"\d{4}(-\d{2}(-\d{2})?)?"),
    # Numbers
    "number": ColumnType("number", dtype="float64", parse=parsing.parse_number),
    "latitude": ColumnType("number", dtype="float64", parse=parsing.parse_number, rule=_within(90), minimum=-90, maximum=90),
    "longitude": ColumnType("number", dtype="float64", parse=parsing.parse_number, rule=_within(180), minimum=-180, maximum=180),
    # Codes and vocabularies
    "enum": ColumnType("string", rule=_allowed),
    "destination": ColumnType("string", codes=_DESTINATIONS, pattern="[A-Z]{3}",
                              rule=_one_of(_DESTINATIONS, "an ISO 3166-1 alpha-3 country code (nor EUU or ALL)")),
    "country": ColumnType("string", codes=_ISO3, pattern="[A-Z]{3}", rule=_one_of(_ISO3, "an ISO 3166-1 alpha-3 country code")),
    "area": ColumnType("string", codes=_AREAS, pattern="[A-Z]{3}",
                       rule=_one_of(_AREAS, f"an ISO 3166-1 alpha-3 code (nor {', '.join(schema.SERIES_SPECIAL_AREAS)})")),
    "language": ColumnType("string", codes=schema.LANGUAGES, pattern="[a-z]{2}",
                           rule=_one_of(schema.LANGUAGES, "an ISO 639-1 language code")),
    "modes": ColumnType("string", rule=_modes, pattern=f"{_MODE}(;{_MODE})*"),
    # Text
    "text": ColumnType("string", rule=_long),
    "url": ColumnType("string", rule=_url, pattern=r"https?://\S+"),
    # Only in the loaded tables (schema.LOADED), computed rather than read
    "integer": ColumnType("integer", dtype="int64"),
    "flag": ColumnType("boolean", dtype="bool"),
}


def of(spec: schema.Field) -> ColumnType:
    """The type of a column; KeyError naming it when its kind is not one of :data:`TYPES`."""
    try:
        return TYPES[spec.kind]
    except KeyError:
        raise KeyError(f"column {spec.name!r} has the kind {spec.kind!r}, which is not a column type; "
                       f"expected one of: {', '.join(TYPES)}") from None


def check_cell(spec: schema.Field, text: str, today: date, series_ids: Collection[str] | None = None) -> str | None:
    """What is wrong with one non-empty cell of a column, or None."""
    if text != text.strip():
        return f"{shown(text)} has leading or trailing spaces"
    kind = of(spec)
    try:
        value = kind.parse(text) if kind.parse else text
    except parsing.CellError as err:
        return str(err)
    return kind.rule(Cell(spec, text, value, today, series_ids)) if kind.rule else None


def try_parse(kind: str, text: str):
    """The value of a cell of a column of this kind (text stays text), or None when it
    does not parse."""
    parse = TYPES[kind].parse
    try:
        return parse(text) if parse else text
    except parsing.CellError:
        return None
