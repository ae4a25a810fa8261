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

from exodus.data import schema  # noqa: E402

from hypothesis import settings  # noqa: E402

# Property tests draw the same examples on every run, so a test run (and CI) gives the same
# verdict for the same code. HYPOTHESIS_PROFILE=explore draws new random examples each time:
# run it now and then to look for cases nobody has thought of yet, and pin what it finds
# with @example.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
# Mutation runs (scripts/mutation.py) rerun the tests once per mutant on a busy machine: a
# slow example there is not a bug, and a tenth of the examples keeps a run within the hour.
settings.register_profile("mutation", derandomize=True, deadline=None, max_examples=10)
MUTATION_RUN = os.environ.get("HYPOTHESIS_PROFILE") == "mutation"


def examples(n: int) -> int:
    """``n`` property examples; a tenth of them (at least 5) in a mutation run."""
    return max(5, n // 10) if MUTATION_RUN else n
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

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
    "source_type": "original",
    "part_of": "",
    "disputed": "",
}

VALID_BODY = {"name": "Kazakhstan Ministry of Internal Affairs", "kind": "border_authority", "country_iso3": "KAZ", "notes": ""}

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


@pytest.fixture(scope="session")
def package():
    """The shipped data package as the app loads it (read once for the whole run; never modified)."""
    from exodus.view.package import load_package

    return load_package(text_columns_as_objects=True)


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
    (tmp_path / "bodies.csv").write_bytes(to_csv("bodies", [VALID_BODY]))
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "countries.geojson").write_bytes((ROOT / "data" / "geo" / "countries.geojson").read_bytes())
    write_series(tmp_path, catalogue=[VALID_SERIES], built=[VALID_SERIES_VALUE],
                 curated=[VALID_SERIES_VALUE | dict(period_start="2022-07-01", period_end="2022-09-30", value="461000",
                                                    qualifier="about", published="2022-11-05", via="Vedomosti")])
    return tmp_path


VALID_SERIES = dict(series_id="fsb-departures-russians", publisher="FSB Border Service", dataset="EMISS 38480",
                    measure="departures", unit="trips", direction="out_of_russia", population="russian_citizens",
                    country_role="destination", definition="Trips out of Russia by Russian citizens.")
VALID_SERIES_VALUE = dict(series_id="fsb-departures-russians", country_iso3="GEO", period="quarter", period_start="2019-07-01",
                          period_end="2019-09-30", value="371138", qualifier="exact", source_url="https://example.org/fsb",
                          source_title="FSB: Q3 2019", published="2020", via="Ksimi/Russia_in_out transcription", notes="")


def write_series(folder: Path, *, catalogue: list[dict], built: list[dict], curated: list[dict]) -> None:
    """The three series files of a data package, from row dicts."""
    for kind, rows in (("series_catalogue", catalogue), ("series_fsb", built), ("series", curated)):
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=schema.series_columns(kind), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        (folder / f"{kind}.csv").write_bytes(out.getvalue().encode("utf-8"))


def reports_frame(rows: list[dict]):
    """Typed report rows (as the loader gives them) from partial dicts."""
    from exodus.data.load import parse_upload

    frame, problems = parse_upload(to_csv("departures", [departure(**r) for r in rows]), "fixture.csv")
    assert problems == [], problems
    return frame


@pytest.fixture(scope="session")
def map_tables():
    """A small package with real country shapes, for chart tests."""
    import pandas as pd

    from exodus.data.geo import load_countries
    from exodus.charts.map_chart import map_base

    crossings = pd.DataFrame([
        {"id": "verkhny-lars", "name": "Verkhny Lars", "country_iso3": "GEO", "lat": 42.74, "lon": 44.63, "mode": "road"},
        {"id": "vaalimaa-torfyanovka", "name": "Vaalimaa", "country_iso3": "FIN", "lat": 60.58, "lon": 27.83, "mode": "road"},
    ])
    events = pd.DataFrame([
        {"id": "ev-1", "date": "2022-09-21", "end_date": None, "title": "Decree", "category": "mobilization", "country_iso3": "RUS"},
        {"id": "ev-2", "date": "2022-09-30", "end_date": "2023-11-17", "title": "Finland closes <b>to</b> tourists", "category": "border_restriction", "country_iso3": "FIN"},
        {"id": "ev-3", "date": "2024-03-22", "end_date": None, "title": "Crocus City Hall attack", "category": "terror_attack", "country_iso3": "RUS"},
    ]).assign(description="d", source_publisher="p", source_url="https://e.org", wave="mobilization_2022", reported_on="2022")
    for column in ("date", "end_date"):
        events[column] = pd.to_datetime(events[column])
    departures = reports_frame([
        dict(id="m22-kaz-001"),
        dict(id="m22-geo-001", destination_iso3="GEO", measure="cumulative", value="53000", qualifier="at_least", reporting_body="Georgia <script>alert(1)</script>"),
        dict(id="m22-geo-002", destination_iso3="GEO", measure="daily", period_start="2022-09-22", period_end="2022-09-27", value="10000"),
        dict(id="m22-geo-003", destination_iso3="GEO", crossing_id="verkhny-lars", measure="period_total", period_start="2022-09-22", period_end="2022-09-23", value="20000"),
        dict(id="m22-fin-001", destination_iso3="FIN", measure="period_total", period_start="2022-09-22", period_end="2022-09-25", value="30000"),
        dict(id="c24-tjk-001", destination_iso3="TJK", population="tajik_citizens", metric="deportations", measure="period_total",
             period_start="2024-01-01", period_end="2024-06-30", reported_on="2024-08", value="17134", qualifier="exact", wave="crocus_2024"),
    ])
    return {"departures": departures, "events": events, "crossings": crossings,
            "map_base": map_base(load_countries(), crossings)}


def run_app(**query):
    """The dashboard run once with Streamlit's AppTest, the given URL parameters set;
    fails on any exception the page raised."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --- Browser tests: one server and one browser per test module, a fresh page per test ---

@pytest.fixture(scope="module")
def app_url():
    """The dashboard served on a free loopback port for the module's tests."""
    from browser import running_app

    with running_app() as (url, _):
        yield url


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, headless, shared by the module's tests."""
    from browser import browser

    with browser() as instance:
        yield instance


@pytest.fixture
def page(app_url):
    """A fresh page that records every URL it requests (see browser.recording_page)."""
    from browser import recording_page

    with recording_page() as page:
        yield page
