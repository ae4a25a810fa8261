"""Imported once by the process that forks the upload checkers (see
:mod:`exodus.ops.upload_worker`): loads the package and the curated chart base and runs one
small check, so that every check forked from it starts with all of that in memory.

Nothing here may raise: the forking process survives only an ImportError of a preload.
"""

from exodus.data import schema
from exodus.data.load import parse_upload

_VALUES = {
    "id": "m22-kaz-001", "period_start": "2022-09-21", "period_end": "2022-09-27", "reported_on": "2022-09-27",
    "destination_iso3": "KAZ", "population": "russian_citizens", "metric": "arrivals", "measure": "cumulative",
    "unit": "people", "value": "98000", "qualifier": "about", "reporting_body": "Body", "source_publisher": "Publisher",
    "source_url": "https://example.org/a", "source_title": "Title", "language": "en", "wave": "mobilization_2022",
    "source_type": "original",
}
_SAMPLE = (",".join(schema.columns("departures")) + "\n"
           + ",".join(_VALUES.get(c, "") for c in schema.columns("departures")) + "\n").encode("utf-8")

try:
    from exodus.view.upload_preview import build_preview, chart_base

    BASE: dict | None = chart_base()
    build_preview(BASE, parse_upload(_SAMPLE, "warm-up.csv")[0])
except Exception:  # noqa: BLE001 - each check then loads the base itself and reports what fails
    BASE = None
