"""The loaded data package: every table a view is built from, loaded and checked once.

A :class:`Package` is frozen: the app shares one between all sessions, and nothing that
reads it may change it. It also reads as a mapping of table names to tables, so that the
builders take either a package or, in tests, a plain dict of the tables they need.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

import pandas as pd

from exodus.charts.map_chart import MapBase, map_base
from exodus import config
from exodus.data.geo import load_countries
from exodus.data.load import load_all
from exodus.derive import filters as flt
from exodus.derive.series import load_series


@dataclass(frozen=True, eq=False)
class Package(Mapping):
    departures: pd.DataFrame
    events: pd.DataFrame
    crossings: pd.DataFrame
    bodies: pd.DataFrame
    series: pd.DataFrame
    series_catalogue: pd.DataFrame
    map_base: MapBase
    bounds: tuple[date, date]
    #: Identifies the files the package was loaded from (their digest), for caches.
    key: str = field(default="")

    def __getitem__(self, name: str):
        if name not in self._names():
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    @classmethod
    def _names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.name != "key")


def digest(data_dir: Path) -> str:
    """A short digest of every file of the package, so that caches notice new data."""
    h = hashlib.sha256()
    for path in sorted(p for p in Path(data_dir).rglob("*") if p.is_file() and "raw" not in p.relative_to(data_dir).parts):
        h.update(str(path.relative_to(data_dir)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def load_package(data_dir: Path | None = None, text_columns_as_objects: bool = False) -> Package:
    """Load, check and prepare the package in ``data_dir``; raises
    :class:`exodus.data.rows.DataError` naming every bad row (default folder:
    :data:`exodus.config.DATA_DIR`, read at the call), or ValueError/OSError for the
    country shapes.

    ``text_columns_as_objects`` stores text columns as Python objects rather than Arrow
    strings: the app filters the same small tables many times per rerun, and selecting
    rows of Arrow-backed text columns costs more per call (see BENCHMARKS.md)."""
    data_dir = Path(data_dir or config.DATA_DIR)
    tables = load_all(data_dir) | load_series(data_dir)
    if text_columns_as_objects:
        tables = {name: _plain_strings(frame) for name, frame in tables.items()}
    return Package(
        **tables,
        map_base=map_base(load_countries(Path(data_dir) / config.SHAPES_FILE), tables["crossings"]),
        bounds=flt.data_bounds(tables["departures"], tables["events"]),
        key=digest(data_dir),
    )


def _plain_strings(frame: pd.DataFrame) -> pd.DataFrame:
    text = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c]) and frame[c].dtype != object]
    return frame.astype({c: object for c in text})
