"""Shared fixtures: a small valid data package and helpers to break it."""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EXODUS_TEST", "1")

from exodus import schema  # noqa: E402

VALID_DEPARTURE = {
    "id": "m22-kaz-001",
    "period_start": "2022-09-21",
    "period_end": "2022-09-27",
    "reported_on": "2022-09-27",
    "destination_iso3": "KAZ",
    "crossing_id": "",
    "population": "russian_citizens",
    "metric": "arrivals",
    "measure": "cumulative",
    "unit": "people",
    "value": "98000",
    "value_high": "",
    "qualifier": "about",
    "reporting_body": "Kazakhstan Ministry of Internal Affairs",
    "source_publisher": "Example News",
    "source_url": "https://example.org/kazakhstan-98000",
    "source_title": "Russians enter Kazakhstan",
    "language": "en",
    "wave": "mobilization_2022",
    "notes": "test row",
}

VALID_EVENT = {
    "id": "ev-2022-mobilization",
    "date": "2022-09-21",
    "end_date": "",
    "title": "Partial mobilization decreed",
    "category": "mobilization",
    "country_iso3": "RUS",
    "wave": "mobilization_2022",
    "description": "Russia orders a partial mobilization.",
    "source_publisher": "Example News",
    "source_url": "https://example.org/decree",
    "reported_on": "2022-09-21",
}

VALID_CROSSING = {
    "id": "verkhny-lars",
    "name": "Verkhny Lars - Dariali",
    "russia_side": "Verkhny Lars",
    "other_side": "Dariali",
    "country_iso3": "GEO",
    "lat": "42.74",
    "lon": "44.63",
    "mode": "road",
    "notes": "",
    "source_url": "https://example.org/verkhny-lars",
}


def to_csv(kind: str, rows: list[dict], columns: list[str] | None = None) -> bytes:
    """Rows as CSV bytes in the file's column order (or the given columns)."""
    columns = columns or schema.columns(kind)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue().encode("utf-8")


def departure(**changes) -> dict:
    return VALID_DEPARTURE | changes


@pytest.fixture
def package_dir(tmp_path: Path) -> Path:
    """A tiny valid data package in a temporary folder."""
    rows = [
        departure(),
        departure(id="m22-geo-001", destination_iso3="GEO", crossing_id="verkhny-lars", measure="daily",
                  period_start="2022-09-25", period_end="2022-09-25", value="11200", qualifier="exact"),
    ]
    (tmp_path / "departures.csv").write_bytes(to_csv("departures", rows))
    (tmp_path / "events.csv").write_bytes(to_csv("events", [VALID_EVENT]))
    (tmp_path / "crossings.csv").write_bytes(to_csv("crossings", [VALID_CROSSING]))
    return tmp_path
