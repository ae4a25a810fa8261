"""The validator names each broken row by line and reason, and never changes a file."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from conftest import ROOT, VALID_CROSSING, VALID_EVENT, departure, to_csv
from exodus import schema
from exodus.validate import validate_package, validate_text

TODAY = date(2026, 1, 1)


def problems_of(raw: bytes, kind: str = "departures") -> list[str]:
    return [str(p) for p in validate_text(raw, kind, "f.csv", TODAY)[1]]


def test_valid_rows_have_no_problems():
    assert problems_of(to_csv("departures", [departure()])) == []
    assert problems_of(to_csv("events", [VALID_EVENT]), "events") == []
    assert problems_of(to_csv("crossings", [VALID_CROSSING]), "crossings") == []


BROKEN_DEPARTURES = [
    ({"period_start": "2022-13-01"}, "[period_start] '2022-13-01' is not a valid date"),
    ({"period_start": "21/09/2022"}, "[period_start] '21/09/2022' is not a date in the form YYYY-MM-DD"),
    ({"period_end": "2022-09-01"}, "[period_end] period_end 2022-09-01 is before period_start 2022-09-21"),
    ({"destination_iso3": "XXX"}, "[destination_iso3] 'XXX' is not an ISO 3166-1 alpha-3 country code"),
    ({"destination_iso3": "geo"}, "[destination_iso3] 'geo' is not an ISO 3166-1 alpha-3"),
    ({"value": "-5"}, "[value] -5 is negative"),
    ({"value": "98k"}, "[value] '98k' is not a number"),
    ({"value": "nan"}, "[value] 'nan' is not a number (write ASCII digits only"),
    ({"source_url": ""}, "[source_url] is empty but required"),
    ({"reporting_body": ""}, "[reporting_body] is empty but required"),
    ({"source_url": "javascript:alert(1)"}, "[source_url] 'javascript:alert(1)' is not an http(s) URL"),
    ({"source_url": "ftp://example.org/x"}, "is not an http(s) URL"),
    ({"metric": "fled"}, "[metric] 'fled' is not allowed; expected one of: arrivals"),
    ({"qualifier": "range"}, "[value_high] qualifier is 'range' but value_high is empty"),
    ({"qualifier": "range", "value_high": "10"}, "[value_high] 10 is below value 98000"),
    ({"value_high": "99000"}, "[value_high] is set but qualifier is not 'range'"),
    ({"reported_on": "2022-09-00"}, "[reported_on] '2022-09-00' is not a valid date"),
    ({"reported_on": "2022-08-01"}, "[reported_on] 2022-08-01 is before the period it reports on starts"),
    ({"reported_on": "2031-01-01"}, "[reported_on] 2031-01-01 is outside the plausible range"),
    ({"language": "xx"}, "[language] 'xx' is not an ISO 639-1 language code"),
    ({"id": "Bad Id"}, "[id] 'Bad Id' is not a valid id"),
    ({"measure": "change_pct"}, "[unit] a change_pct figure must have unit 'percent'"),
    ({"value": " 98000"}, "has leading or trailing spaces"),
]


@pytest.mark.parametrize("change, expected", BROKEN_DEPARTURES)
def test_broken_departure_row_is_named_with_line_and_reason(change, expected):
    raw = to_csv("departures", [departure(id="m22-ok-001"), departure(**change)])
    found = problems_of(raw)
    assert any(p.startswith("f.csv:3:") and expected in p for p in found), found
    assert not any(p.startswith("f.csv:2:") for p in found), found


def test_partial_publication_dates_are_accepted():
    for reported in ("2022-10", "2023"):
        assert problems_of(to_csv("departures", [departure(reported_on=reported)])) == []


def test_negative_change_is_allowed_for_percent_changes():
    row = departure(measure="change_pct", unit="percent", value="-9")
    assert problems_of(to_csv("departures", [row])) == []


def test_duplicate_id_names_both_lines():
    found = problems_of(to_csv("departures", [departure(), departure()]))
    assert found == ["f.csv:3: [id] duplicate id 'm22-kaz-001' (first used on line 2)"]


def test_byte_order_mark_is_reported():
    found = problems_of(b"\xef\xbb\xbf" + to_csv("departures", [departure()]))
    assert found == ["f.csv:1: the file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM"]


def test_wrong_encoding_names_the_line():
    raw = to_csv("departures", [departure(), departure(id="m22-x-002", notes="café")])
    found = problems_of(raw.replace("café".encode(), "café".encode("latin-1")))
    assert found == ["f.csv:3: byte 0xe9 is not valid UTF-8; save the file as UTF-8"]


def test_utf16_is_reported():
    raw = to_csv("departures", [departure()]).decode().encode("utf-16")
    assert "UTF-16" in problems_of(raw)[0]


def test_empty_file_and_header_only():
    assert problems_of(b"") == ["f.csv: the file is empty; expected a header row and data rows"]
    assert problems_of(to_csv("departures", [])) == ["f.csv:2: the file has a header but no data rows"]


def test_missing_and_extra_columns():
    columns = [c for c in schema.columns("departures") if c != "value"] + ["comment"]
    found = problems_of(to_csv("departures", [departure()], columns))
    assert "f.csv:1: missing column(s): value" in found
    assert any(p.startswith("f.csv:1: unexpected column(s): comment") for p in found)


def test_row_with_wrong_field_count():
    raw = to_csv("departures", [departure()]) + b"m22-short-001,2022-09-21\n"
    assert problems_of(raw) == [f"f.csv:3: has 2 fields but the header has {len(schema.columns('departures'))}; check quoting of commas"]


def test_line_numbers_count_multiline_quoted_fields():
    rows = [departure(notes="first line\nsecond line"), departure(id="m22-x-002", value="oops")]
    found = problems_of(to_csv("departures", rows))
    assert found == ["f.csv:4: [value] 'oops' is not a number (write ASCII digits only, e.g. 98000 or 12.5)"]


def test_events_and_crossings_rules():
    bad_event = VALID_EVENT | {"end_date": "2022-09-01", "country_iso3": "ZZZ"}
    found = problems_of(to_csv("events", [bad_event]), "events")
    assert any("[country_iso3] 'ZZZ' is not an ISO 3166-1 alpha-3 country code" in p for p in found)
    assert "f.csv:2: [end_date] end_date 2022-09-01 is before date 2022-09-21" in found
    bad_crossing = VALID_CROSSING | {"lat": "95", "mode": "road;ferry"}
    found = problems_of(to_csv("crossings", [bad_crossing]), "crossings")
    assert "f.csv:2: [lat] 95 is outside -90..90" in found
    assert any("unknown mode(s) ferry" in p for p in found)


def test_package_checks_crossing_references(package_dir):
    assert validate_package(package_dir, TODAY) == []
    raw = to_csv("departures", [departure(crossing_id="nowhere")])
    (package_dir / "departures.csv").write_bytes(raw)
    found = [str(p) for p in validate_package(package_dir, TODAY)]
    assert len(found) == 1 and "[crossing_id] 'nowhere' is not an id in crossings.csv" in found[0]


def test_command_line_prints_problems_exits_non_zero_and_leaves_file_alone(tmp_path):
    path = tmp_path / "departures.csv"
    raw = to_csv("departures", [departure(period_end="2022-09-01")])
    path.write_bytes(raw)
    result = subprocess.run([sys.executable, "-m", "exodus.validate", str(path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert ":2: [period_end] period_end 2022-09-01 is before period_start 2022-09-21" in result.stdout
    assert path.read_bytes() == raw


def test_command_line_accepts_a_good_file(tmp_path):
    path = tmp_path / "my-departures.csv"
    path.write_bytes(to_csv("departures", [departure()]))
    result = subprocess.run([sys.executable, "-m", "exodus.validate", str(path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK")


def test_a_nul_character_costs_only_its_own_row():
    from exodus.data import parse_upload

    raw = to_csv("departures", [departure(), departure(id="m22-kaz-002", notes="bad\x00byte"), departure(id="m22-kaz-003")])
    frame, problems = parse_upload(raw, "f.csv")
    assert [str(p) for p in problems] == ["f.csv:3: contains a NUL character; remove it or re-save the file as plain UTF-8 CSV"]
    assert list(frame["id"]) == ["m22-kaz-001", "m22-kaz-003"]
    assert "header contains a NUL" in problems_of(b"id\x00,x\n1,2\n")[0]
