"""One description of the columns (exodus/data/schema.py and the column types of
exodus/data/columns.py) from which the row validator, the typed loading with its pandera
contract and the data package descriptor are all generated."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pandera.errors
import pytest

from conftest import ROOT, VALID_EVENT, VALID_SERIES, to_csv, write_series, VALID_SERIES_VALUE
from exodus.data import columns, datapackage, schema
from exodus.data.load import contract, load_all, load_events
from exodus.data.rows import DataError, validate_text
from exodus.data.series_validate import validate_series_text
from exodus.derive.series import load_series

TODAY = date(2026, 1, 1)
REFUSED = (pandera.errors.SchemaError, pandera.errors.SchemaErrors)
TABLES = ("departures", "events", "crossings", "bodies", "series", "series_catalogue")


def test_the_descriptor_on_disk_is_byte_for_byte_what_the_code_generates():
    assert (ROOT / "data" / "datapackage.json").read_text(encoding="utf-8") == datapackage.render(), \
        "run: python -m exodus.data.datapackage"


def test_every_column_has_a_known_type_that_can_be_typed():
    for kind in list(schema.FILES) + list(schema.SERIES_FILES):
        for spec in schema.fields(kind):
            ctype = columns.of(spec)
            # A column read from a file is either kept as text or has a parser to its dtype.
            assert ctype.dtype == "str" or ctype.parse is not None, (kind, spec.name)
            assert spec.description.strip(), (kind, spec.name)
            if spec.kind == "enum":
                assert spec.allowed, (kind, spec.name)
    for table, added in schema.LOADED.items():
        for spec in added:
            columns.of(spec)
    with pytest.raises(KeyError, match="'colour' has the kind 'hue', which is not a column type"):
        columns.of(schema.Field("colour", "hue", "A colour."))


@pytest.fixture(scope="module")
def shipped() -> dict[str, pd.DataFrame]:
    return load_all() | load_series()


@pytest.mark.parametrize("table", TABLES)
def test_loaded_tables_hold_exactly_the_described_columns_with_their_dtypes(shipped, table):
    frame = shipped[table]
    described = schema.fields(table) + schema.LOADED[table]
    assert sorted(frame.columns) == sorted(s.name for s in described)
    for spec in described:
        assert str(frame[spec.name].dtype) == columns.of(spec).dtype, spec.name
    contract(table).validate(frame)  # the loaders ran it already; it also passes on its own


def _broken(frame: pd.DataFrame, column: str, value) -> pd.DataFrame:
    out = frame.copy()
    out.loc[out.index[0], column] = value
    return out


CONTRACT_BREAKS = [
    ("departures", "metric", "fled"),  # an enum value not allowed
    ("departures", "destination_iso3", "XXX"),  # a code not in the list
    ("departures", "source_url", "ftp://example.org"),  # the url pattern
    ("departures", "authority_rank", 9),  # bound of a loaded column
    ("crossings", "lat", 95.0),  # bound of the type
    ("crossings", "mode", "road;boat"),  # pattern of the modes
    ("events", "country_iso3", ""),  # required
    ("series_catalogue", "series_id", "Bad Id"),  # pattern of the id
    ("series", "country_iso3", "geo"),
]


@pytest.mark.parametrize("table, column, value", CONTRACT_BREAKS)
def test_the_contract_refuses_what_the_description_forbids(shipped, table, column, value):
    with pytest.raises(REFUSED):
        contract(table).validate(_broken(shipped[table], column, value))


def test_the_contract_refuses_a_duplicate_key_and_an_undescribed_column(shipped):
    departures = shipped["departures"]
    with pytest.raises(REFUSED):
        contract("departures").validate(_broken(departures, "id", departures["id"].iloc[1]))
    series = shipped["series"]
    twice = pd.concat([series.head(3), series.head(1)], ignore_index=True)
    with pytest.raises(REFUSED):
        contract("series").validate(twice)
    with pytest.raises(REFUSED):
        contract("events").validate(shipped["events"].assign(colour="red"))


# --- a column added to the description shows up in all three -----------------------------

CONFIDENCE = schema.Field("confidence", "enum", "How sure the source is that the event happened.", required=False,
                          allowed=("confirmed", "reported"))


def test_a_column_added_to_the_description_reaches_validator_loader_and_descriptor(monkeypatch, tmp_path):
    monkeypatch.setitem(schema.FILES, "events", schema.EVENTS + (CONFIDENCE,))

    # The validator: the header must have it, and its cells follow its rule.
    without = to_csv("events", [VALID_EVENT], columns=[f.name for f in schema.EVENTS])
    assert [str(p) for p in validate_text(without, "events", "events.csv", TODAY)[1]] == [
        "events.csv:1: missing column(s): confidence"]
    bad = to_csv("events", [VALID_EVENT | {"confidence": "rumoured"}])
    assert [str(p) for p in validate_text(bad, "events", "events.csv", TODAY)[1]] == [
        "events.csv:2: [confidence] 'rumoured' is not allowed; expected one of: confirmed, reported"]

    # The typed loading and its contract.
    good = tmp_path / "events.csv"
    good.write_bytes(to_csv("events", [VALID_EVENT | {"confidence": "confirmed"}, VALID_EVENT | {"id": "ev-other"}]))
    events = load_events(good)
    assert events["confidence"].tolist() == ["confirmed", ""] and str(events["confidence"].dtype) == "str"
    assert "confidence" in contract("events").columns
    with pytest.raises(REFUSED):
        contract("events").validate(events.assign(confidence="rumoured"))

    # The descriptor.
    fields = {f["name"]: f for r in datapackage.descriptor()["resources"] if r["name"] == "events" for f in r["schema"]["fields"]}
    assert fields["confidence"] == {"name": "confidence", "type": "string", "description": CONFIDENCE.description,
                                    "constraints": {"required": False, "enum": ["confirmed", "reported"]}}


def test_a_column_added_to_a_series_file_reaches_validator_loader_and_descriptor(monkeypatch, tmp_path):
    revised = schema.Field("revised", "date", "Day the publisher last revised the series.", required=False)
    monkeypatch.setitem(schema.SERIES_FILES, "series_catalogue", schema.SERIES_CATALOGUE + (revised,))

    header = ",".join(schema.series_columns("series_catalogue"))
    raw = f"{header}\n" + ",".join(VALID_SERIES.get(c, "") for c in schema.series_columns("series_catalogue")[:-1])
    found = validate_series_text((raw + ",2019-13-01\n").encode(), "series_catalogue", "series_catalogue.csv", today=TODAY)[1]
    assert [str(p) for p in found] == ["series_catalogue.csv:2: [revised] '2019-13-01' is not a valid date (YYYY-MM-DD)"]

    write_series(tmp_path, catalogue=[VALID_SERIES | {"revised": "2024-05-02"}], built=[VALID_SERIES_VALUE],
                 curated=[VALID_SERIES_VALUE | {"period_start": "2019-10-01", "period_end": "2019-12-31", "published": "2020"}])
    catalogue = load_series(tmp_path)["series_catalogue"]
    assert catalogue["revised"].tolist() == [pd.Timestamp("2024-05-02")]
    assert str(catalogue["revised"].dtype) == "datetime64[ns]"

    fields = {f["name"]: f for r in datapackage.descriptor()["resources"] if r["name"] == "series_catalogue"
              for f in r["schema"]["fields"]}
    assert fields["revised"]["type"] == "date" and fields["revised"]["format"] == "%Y-%m-%d"


def test_a_bad_row_names_file_line_and_reason_through_the_loader(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes(to_csv("events", [VALID_EVENT, VALID_EVENT | {"id": "ev-two", "category": "weather"}]))
    with pytest.raises(DataError) as err:
        load_events(path)
    assert [str(p) for p in err.value.problems] == [
        "events.csv:3: [category] 'weather' is not allowed; expected one of: " + ", ".join(schema.EVENT_CATEGORIES)]


def test_the_descriptor_declares_the_bounds_and_patterns_of_the_types():
    resources = {r["name"]: r for r in json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    crossings = {f["name"]: f for f in resources["crossings"]["schema"]["fields"]}
    assert (crossings["lat"]["constraints"]["minimum"], crossings["lat"]["constraints"]["maximum"]) == (-90, 90)
    assert crossings["mode"]["constraints"]["pattern"] == "(air|foot|rail|road|sea)(;(air|foot|rail|road|sea))*"
    assert resources["bodies"]["schema"]["primaryKey"] == ["name"]
    assert {f["name"]: f for f in resources["bodies"]["schema"]["fields"]}["name"]["constraints"]["unique"] is True


@pytest.mark.parametrize("column, text, message", [
    ("country_iso3", " GEO", "[country_iso3] ' GEO' has leading or trailing spaces"),
    ("series_id", "fsb-departures-russians ", "[series_id] 'fsb-departures-russians ' has leading or trailing spaces"),
    ("country_iso3", "XYZ", "[country_iso3] 'XYZ' is not an ISO 3166-1 alpha-3 code (nor EUU, ALL, XAB, XOS)"),
])
def test_series_cells_follow_the_rules_of_their_column_types(column, text, message):
    """The series' own column types (area, series reference) go through the one cell check,
    spaces included."""
    header = ",".join(schema.series_columns("series"))
    row = ",".join((VALID_SERIES_VALUE | {column: text}).get(c, "") for c in schema.series_columns("series"))
    found = validate_series_text(f"{header}\n{row}\n".encode(), "series", "series.csv", {VALID_SERIES["series_id"]}, TODAY)[1]
    assert [str(p) for p in found] == [f"series.csv:2: {message}"]
