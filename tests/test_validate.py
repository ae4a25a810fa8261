"""The validator names each broken row by line and reason, and never changes a file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, VALID_CROSSING, VALID_EVENT, departure, examples, to_csv
from exodus.data import schema
from exodus.data.rows import check_field, validate_text
from exodus.data.validate import validate_package

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
    result = subprocess.run([sys.executable, "-m", "exodus.data.validate", str(path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert ":2: [period_end] period_end 2022-09-01 is before period_start 2022-09-21" in result.stdout
    assert path.read_bytes() == raw


def test_command_line_accepts_a_good_file(tmp_path):
    path = tmp_path / "my-departures.csv"
    path.write_bytes(to_csv("departures", [departure()]))
    result = subprocess.run([sys.executable, "-m", "exodus.data.validate", str(path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK")


def test_a_nul_character_costs_only_its_own_row():
    from exodus.data.load import parse_upload

    raw = to_csv("departures", [departure(), departure(id="m22-kaz-002", notes="bad\x00byte"), departure(id="m22-kaz-003")])
    frame, problems = parse_upload(raw, "f.csv")
    assert [str(p) for p in problems] == ["f.csv:3: contains a NUL character; remove it or re-save the file as plain UTF-8 CSV"]
    assert list(frame["id"]) == ["m22-kaz-001", "m22-kaz-003"]
    assert "header contains a NUL" in problems_of(b"id\x00,x\n1,2\n")[0]


# ---------------------------------------------------------------- one parser for the validator and the loader

FOREIGN_INPUTS = [
    ({"value": "1_000"}, "[value] '1_000' is not a number (write ASCII digits only"),
    ({"value": "１０００"}, "[value] '１０００' uses digits other than 0-9"),
    ({"value": "١٢٣"}, "[value] '١٢٣' uses digits other than 0-9"),
    ({"value": "1e5"}, "[value] '1e5' is not a number"),
    ({"value": "inf"}, "[value] 'inf' is not a number"),
    ({"value": "9" * 400}, "is too large to be a number"),
    ({"period_start": "２０２２-０９-２１"}, "[period_start] '２０２２-０９-２１' uses digits other than 0-9; write the date as YYYY-MM-DD"),
    ({"reported_on": "２０２２"}, "[reported_on] '２０２２' uses digits other than 0-9"),
    ({"reported_on": "2022-٠٩"}, "[reported_on] '2022-٠٩' uses digits other than 0-9"),
    ({"source_url": "HTTPS://example.org/x"}, "is not an http(s) URL (it must start with http:// or https://)"),
]


@pytest.mark.parametrize("change, expected", FOREIGN_INPUTS)
def test_non_ascii_digits_and_loose_numbers_are_refused_by_validator_and_loader_alike(tmp_path, change, expected):
    from exodus.data.load import load_departures
    from exodus.data.rows import DataError

    raw = to_csv("departures", [departure(id="m22-ok-001"), departure(**change)])
    found = problems_of(raw)
    assert any(p.startswith("f.csv:3:") and expected in p for p in found), found
    path = tmp_path / "departures.csv"
    path.write_bytes(raw)
    with pytest.raises(DataError) as refused:  # the loader says the same, never a pandas ValueError
        load_departures(path)
    assert any(expected in str(p) for p in refused.value.problems)


def test_an_unterminated_quote_costs_only_its_own_line():
    from exodus.data.load import parse_upload

    good = to_csv("departures", [departure(id="m22-kaz-002"), departure(id="m22-kaz-003")]).split(b"\n", 1)[1]
    raw = to_csv("departures", [departure()]) + b'm22-kaz-009,"2022-09-21,oops\n' + good
    frame, problems = parse_upload(raw, "f.csv")
    assert [str(p) for p in problems] == [
        'f.csv:3: cannot parse this row as CSV (lines 3-5): a quoted field is never closed (a " is missing); '
        "the lines after its first line are read again as rows"]
    assert list(frame["id"]) == ["m22-kaz-001", "m22-kaz-002", "m22-kaz-003"]


def test_a_field_over_the_csv_limit_costs_only_its_own_line():
    from exodus.data.load import parse_upload
    from exodus.data.parsing import FIELD_LIMIT

    raw = to_csv("departures", [departure(), departure(id="m22-kaz-002", notes="n" * (FIELD_LIMIT + 1)), departure(id="m22-kaz-003")])
    frame, problems = parse_upload(raw, "f.csv")
    assert [str(p) for p in problems] == [
        "f.csv:3: cannot parse this row as CSV: a field is longer than 131,072 characters; "
        "the lines after its first line are read again as rows"]
    assert list(frame["id"]) == ["m22-kaz-001", "m22-kaz-003"]


def test_every_line_is_kept_or_named_after_many_broken_records():
    lines = [b'm22-x-%03d,"open\n' % i for i in range(60)]
    raw = to_csv("departures", [departure()]) + b"".join(lines)
    rows, problems = validate_text(raw, "departures", "f.csv", TODAY)
    named = {p.line for p in problems}
    assert [r.line for r in rows] == [2]
    assert named == set(range(3, 3 + 50)) | {53}  # 50 broken records, then one problem for the rest
    assert "not read: more than 50 records could not be parsed" in [p.message for p in problems if p.line == 53][0]


def test_a_huge_column_name_is_echoed_cut():
    columns = schema.columns("departures") + ["x" * 100_000]
    found = problems_of(to_csv("departures", [departure()], columns))
    assert len(found) == 1 and len(found[0]) < 700
    assert "xxxxxx… (100,000 characters)" in found[0]


def test_a_huge_value_is_echoed_cut():
    found = problems_of(to_csv("departures", [departure(metric="m" * 50_000)]))
    assert len(found) == 1 and "… (50,000 characters) is not allowed" in found[0] and len(found[0]) < 1000


ascii_and_foreign = st.text(alphabet=st.sampled_from(list("0123456789-._e+ ") + ["１", "٣", "۷", "०", "²", "߂"]), min_size=1, max_size=12)


@settings(max_examples=examples(200), deadline=None)
@given(text=ascii_and_foreign)
def test_numbers_follow_one_rule_on_both_paths(text):
    """A value the validator accepts is one the loader types to the same float; one it
    refuses, the loader refuses too (ASCII digits, an optional '-' and one decimal point)."""
    import re as regex

    from exodus.data import parsing
    from exodus.data.load import _typed_column

    spec = next(f for f in schema.DEPARTURES if f.name == "value")
    accepted = check_field(spec, text, TODAY) is None
    assert accepted == bool(regex.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text))
    if accepted:
        assert _typed_column("number", [text])[0] == float(text)
    else:
        with pytest.raises(parsing.CellError):
            _typed_column("number", [text])


@settings(max_examples=examples(200), deadline=None)
@given(year=st.integers(1990, 2030), month=st.integers(0, 13), day=st.integers(0, 32),
       digits=st.sampled_from(["0123456789", "０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩"]))
def test_dates_follow_one_rule_on_both_paths(year, month, day, digits):
    from exodus.data import parsing
    from exodus.data.load import _typed_column

    text = f"{year:04d}-{month:02d}-{day:02d}".translate(str.maketrans("0123456789", digits))
    spec = next(f for f in schema.DEPARTURES if f.name == "period_start")
    problem = check_field(spec, text, TODAY)
    try:
        expected = date(year, month, day) if digits == "0123456789" else None
    except ValueError:
        expected = None
    if expected is None:
        assert problem is not None
        with pytest.raises(parsing.CellError):
            _typed_column("date", [text])
    elif date(2000, 1, 1) <= expected <= TODAY:
        assert problem is None and _typed_column("date", [text])[0].date() == expected


def test_command_line_refuses_a_fifo_without_waiting(tmp_path):
    fifo = tmp_path / "departures.csv"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "exodus.data.validate", str(fifo)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "not a regular file; give a CSV file (this is a named pipe)" in result.stdout


def test_command_line_refuses_a_device_and_a_huge_file(tmp_path):
    huge = tmp_path / "big-departures.csv"
    with huge.open("wb") as handle:
        handle.truncate(17 * 2**20)  # sparse: no disk used
    result = subprocess.run([sys.executable, "-m", "exodus.data.validate", "--kind", "departures", "/dev/zero", str(huge)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "/dev/zero: not a regular file; give a CSV file (this is a character device)" in result.stdout
    assert "larger than 16 MiB; the validator reads at most that much" in result.stdout


@pytest.mark.parametrize("damage, message", [
    (lambda text: text[: len(text) // 2], "cannot read country shapes"),
    (lambda text: text.replace('"iso3"', '"iso_3"'), "missing column(s) iso3"),
])
def test_package_check_covers_the_country_shapes(package_dir, damage, message):
    shapes = package_dir / "geo" / "countries.geojson"
    shapes.write_text(damage(shapes.read_text(encoding="utf-8")), encoding="utf-8")
    found = validate_package(package_dir, TODAY)
    assert len(found) == 1 and found[0].file.endswith("countries.geojson") and message in found[0].message
    env = dict(os.environ, EXODUS_DATA_DIR=str(package_dir))
    result = subprocess.run([sys.executable, "-m", "exodus.data.validate"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1 and message in result.stdout


def test_package_check_covers_the_official_series(package_dir):
    """The check run before a server starts also reads the series files."""
    (package_dir / "series_catalogue.csv").write_text("series_id,publisher\nfsb-departures-russians,FSB\n", encoding="utf-8")
    problems = [str(p) for p in validate_package(package_dir)]
    assert any("series_catalogue.csv" in p for p in problems), problems
