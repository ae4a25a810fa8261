"""The data release: one version named everywhere, a changelog by row id, files pinned by digest."""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import date

import pytest

from conftest import ROOT
from exodus.data import datapackage, release, release_files
from exodus.data.rows import DataError

DATA = ROOT / "data"


@pytest.fixture()
def data_copy(tmp_path):
    """The shipped data folder without the raw files, to change freely."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("raw"))
    return target


def _append(path, row: dict) -> None:
    with open(path, "a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=list(row), lineterminator="\n").writerow(row)


def _change(**values) -> dict:
    return {c: values.get(c, "") for c in release.CHANGE_COLUMNS}


def test_descriptor_changelog_and_releases_name_the_same_version():
    committed = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    newest = release.latest()
    changelog = (DATA / "CHANGELOG.md").read_text(encoding="utf-8")
    first_heading = re.search(r"^## (\S+) \((\d{4}-\d{2}-\d{2})\)$", changelog, re.M)
    assert committed["version"] == datapackage.descriptor()["version"] == newest.version
    assert first_heading.groups() == (newest.version, newest.released.isoformat())
    assert release.version_label() == newest.version


def test_the_files_are_the_latest_release():
    assert release.unreleased() == [], "\n".join(release.unreleased())


def test_changes_agree_with_the_files():
    assert [str(p) for p in release.check_changes()] == []


def test_changelog_is_generated_from_releases_and_changes():
    committed = (DATA / "CHANGELOG.md").read_text(encoding="utf-8")
    assert committed == release.render_changelog(), "run: python -m exodus.data.release changelog"


def test_first_release_counts_every_file_and_lists_the_corrections_by_id():
    first = release.read_releases()[0]
    assert first.version == "2026.12.0"
    with open(DATA / "departures.csv", encoding="utf-8", newline="") as f:
        departures = list(csv.DictReader(f))
    assert first.files["departures.csv"][0] == len(departures) == 452
    assert first.files["geo/countries.geojson"][0] == len(json.loads((DATA / "geo" / "countries.geojson").read_text())["features"])
    changes = [c for c in release.read_changes() if c.version == first.version]
    removed = {c.row_id for c in changes if c.change == "removed"}
    assert removed == {"m22-all-008", "c24-all-028"}
    assert not removed & {row["id"] for row in departures}
    corrected = {(c.row_id, c.fields) for c in changes if c.change == "corrected"}
    assert ("m22-all-007", "period_end;reported_on;population;source_publisher;source_url;source_title;notes") in corrected
    assert ("c24-tjk-005", "population") in corrected
    text = (DATA / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "First release. Rows per file: departures.csv 452," in text
    assert "### Removed (2)" in text and "`m22-all-008`" in text


def test_digest_ignores_line_endings_and_row_order_but_not_a_changed_cell(data_copy):
    path = data_copy / "crossings.csv"
    before = release.file_state(data_copy, "crossings.csv")
    header, *lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    records = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows([records[0]] + records[:0:-1])
    assert release.file_state(data_copy, "crossings.csv") == before
    records[3][records[0].index("lat")] = "42.0000"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(records)
    assert release.file_state(data_copy, "crossings.csv")[1] != before[1]


def test_a_changed_file_is_named_with_what_to_do(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Russia launches full-scale invasion", "Russia launches a full-scale invasion", 1), encoding="utf-8")
    problems = release.unreleased(data_copy)
    assert len(problems) == 1 and problems[0].startswith("data/events.csv differs from release 2026.12.0 (85 rows then, 85 now)")
    assert "python -m exodus.data.release record VERSION" in problems[0]
    assert release.version_label(data_copy) == "2026.12.0, with changes not yet released"


def test_recording_a_new_release_pins_the_files_and_the_changelog_counts_it(data_copy):
    path = data_copy / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Russia launches full-scale", "Russia launches a full-scale", 1), encoding="utf-8")
    _append(data_copy / "changes.csv", _change(version="2026.12.1", file="events.csv", row_id="ev-2022-0224-invasion",
                                               change="corrected", fields="title", reason="wording"))
    (data_copy / "releases.csv").write_text(release.record("2026.12.1", date(2026, 12, 20), data_copy), encoding="utf-8")
    assert release.unreleased(data_copy) == []
    assert release.latest(data_copy).version == "2026.12.1"
    assert release.check_changes(data_copy) == []
    text = release.render_changelog(data_copy)
    assert text.index("## 2026.12.1 (2026-12-20)") < text.index("## 2026.12.0 (2026-12-02)")
    assert "Changes: 0 added, 1 corrected, 0 removed, 0 column added." in text
    assert "- events.csv `ev-2022-0224-invasion` (title): wording" in text


@pytest.mark.parametrize(
    "row, message",
    [
        (dict(version="2027.01.0"), "'2027.01.0' is not a release in releases.csv"),
        (dict(file="people.csv"), "unknown file 'people.csv'"),
        (dict(change="edited"), "'edited' is not one of added, corrected, removed, column_added"),
        (dict(row_id=""), "the row's id is missing"),
        (dict(fields=""), "name the columns that changed"),
        (dict(fields="valu"), "not a column of departures.csv: valu"),
        (dict(commit="HEAD~1"), "'HEAD~1' is not a commit hash"),
        (dict(reason=""), "say why"),
        (dict(row_id="m22-xxx-999"), "no row m22-xxx-999 in departures.csv"),
        (dict(change="removed", row_id="m22-kaz-001", fields=""), "m22-kaz-001 is listed as removed but is still in departures.csv"),
        (dict(change="column_added", row_id="m22-kaz-001"), "a column_added line names no row"),
    ],
)
def test_a_bad_change_line_is_named_by_line_and_reason(data_copy, row, message):
    good = dict(version="2026.12.0", file="departures.csv", row_id="m22-kaz-001", change="corrected", fields="value",
                commit="fb6b993", reason="a test")
    _append(data_copy / "changes.csv", _change(**(good | row)))
    lines = len((data_copy / "changes.csv").read_text(encoding="utf-8").splitlines())
    problems = [str(p) for p in release.check_changes(data_copy)]
    assert len(problems) == 1 and problems[0].startswith(f"changes.csv:{lines}:") and message in problems[0], problems


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.replace("2026.12.0,2026-12-02,events.csv", "2026.12.0,2026-11-30,events.csv"), "is not in the month of version"),
        (lambda t: t.replace("2026.12.0,2026-12-02,events.csv", "2026.12,2026-12-02,events.csv"), "is not a data version"),
        (lambda t: "\n".join(line for line in t.splitlines() if "bodies.csv" not in line) + "\n", "version 2026.12.0 lacks bodies.csv"),
    ],
)
def test_a_bad_release_line_is_refused(data_copy, edit, message):
    path = data_copy / "releases.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError, match=message):
        release.read_releases(data_copy)


def test_cli_check_passes_on_the_shipped_data(capsys):
    assert release.main(["check"]) == 0
    assert capsys.readouterr().out.strip() == f"data is release {release.latest().version}"


def test_differences_name_rows_added_corrected_and_removed_by_key():
    old = "id,value,notes\na-1,10,x\na-2,20,y\na-3,30,z\n"
    new = "id,value,notes,part_of\na-1,10,x,\na-3,31,z2,\na-4,40,w,\n"
    assert release_files.differences("departures.csv", old, new) == [
        ("a-4", "added", []), ("a-3", "corrected", ["value", "notes"]), ("a-2", "removed", [])]
    series_old = "series_id,country_iso3,period_start,period_end,value\ns-1,GEO,2019-01-01,2019-03-31,5\n"
    assert release_files.differences("series.csv", series_old, "") == [("s-1/GEO/2019-01-01/2019-03-31", "removed", [])]
