"""Imported once by the process that forks the upload checkers (see
:mod:`exodus.upload_worker`): loads the package and the curated chart base and runs one
small check, so that every check forked from it starts with all of that in memory.

Nothing here may raise: the forking process survives only an ImportError of a preload.
"""

from exodus.data import parse_upload

_SAMPLE = (
    b"id,period_start,period_end,reported_on,destination_iso3,crossing_id,population,metric,measure,unit,value,"
    b"value_high,qualifier,reporting_body,source_publisher,source_url,source_title,language,wave,notes\n"
    b"m22-kaz-001,2022-09-21,2022-09-27,2022-09-27,KAZ,,russian_citizens,arrivals,cumulative,people,98000,,about,"
    b"Body,Publisher,https://example.org/a,Title,en,mobilization_2022,\n"
)

try:
    from exodus.upload_preview import build_preview, chart_base

    BASE: dict | None = chart_base()
    build_preview(BASE, parse_upload(_SAMPLE, "warm-up.csv")[0])
except Exception:  # noqa: BLE001 - each check then loads the base itself and reports what fails
    BASE = None
