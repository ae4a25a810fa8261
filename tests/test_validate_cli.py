"""The validator's command line and package check, run in this process: what it prints,
what it returns, how it names files and kinds, and every problem the package check adds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import VALID_BODY, VALID_CROSSING, departure, to_csv
from exodus.data import validate
from exodus.data.rows import Problem

TODAY = None


@pytest.mark.parametrize("name, kind", [
    ("departures.csv", "departures"), ("my-events-2024.csv", "events"), ("crossings_new.csv", "crossings"), ("bodies.csv", "bodies"),
])
def test_the_kind_comes_from_the_file_name(name, kind):
    assert validate.kind_of(Path("somewhere") / name) == kind


def test_a_file_name_without_a_kind_is_refused_by_name():
    with pytest.raises(ValueError) as err:
        validate.kind_of(Path("x/figures.csv"))
    assert str(err.value) == "cannot tell the kind of figures.csv; name it after departures, events or crossings, or pass --kind"


def test_a_good_file_prints_ok_and_returns_0(tmp_path, capsys):
    path = tmp_path / "my-departures.csv"
    path.write_bytes(to_csv("departures", [departure()]))
    assert validate.main([str(path)]) == 0
    out = capsys.readouterr()
    assert out.out == f"OK: no problems in {path}.\n" and out.err == ""


def test_a_bad_file_prints_each_problem_and_a_count(tmp_path, capsys):
    path = tmp_path / "departures.csv"
    raw = to_csv("departures", [departure(period_end="2022-09-01"), departure(id="m22-kaz-002", value="-5")])
    path.write_bytes(raw)
    assert validate.main([str(path)]) == 1
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert f"{path}:2: [period_end] period_end 2022-09-01 is before period_start 2022-09-21" in lines
    assert any(line.startswith(f"{path}:3: [value]") for line in lines), lines
    assert out.err == f"{len(lines)} problem(s) found in {path}.\n"
    assert path.read_bytes() == raw


def test_kind_given_on_the_command_line_wins_over_the_name(tmp_path, capsys):
    path = tmp_path / "figures.csv"
    path.write_bytes(to_csv("crossings", [VALID_CROSSING]))
    assert validate.main(["--kind", "crossings", str(path)]) == 0
    assert validate.main([str(path)]) == 1
    assert "cannot tell the kind of figures.csv" in capsys.readouterr().out


def test_several_files_are_named_together_and_a_missing_one_is_a_problem(tmp_path, capsys):
    good = tmp_path / "bodies.csv"
    good.write_bytes(to_csv("bodies", [VALID_BODY]))
    missing = tmp_path / "events.csv"
    assert validate.main([str(good), str(missing)]) == 1
    out = capsys.readouterr()
    assert out.out.startswith(f"{missing}: ") and out.err == f"1 problem(s) found in {good}, {missing}.\n"


def test_no_argument_checks_the_shipped_package(capsys):
    assert validate.main([]) == 0
    assert capsys.readouterr().out == "OK: no problems in the data package.\n"


def test_names_are_shown_relative_to_the_working_folder(tmp_path):
    inside = tmp_path / "data" / "departures.csv"
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert validate._display(inside) == os.path.join("data", "departures.csv")
    finally:
        os.chdir(old)
    assert validate._display(Path("/nowhere/x.csv")) == "/nowhere/x.csv"


def test_a_missing_or_unreadable_file_of_the_package_is_one_problem_each(package_dir):
    (package_dir / "events.csv").unlink()
    (package_dir / "bodies.csv").unlink()
    (package_dir / "bodies.csv").mkdir()
    found = validate.validate_package(package_dir)
    events = [p for p in found if p.file.endswith("events.csv")]
    assert events == [Problem(validate._display(package_dir / "events.csv"), 0, "", "file not found")]
    bodies = [p for p in found if p.file.endswith("bodies.csv")]
    assert len(bodies) == 1 and bodies[0].line == 0 and bodies[0].message
    assert found == sorted(found)


def test_references_to_bodies_and_other_rows_are_checked(package_dir):
    rows = [departure(), departure(id="m22-kaz-002", reporting_body="Nobody at all"), departure(id="m22-kaz-003", part_of="m22-none-999")]
    (package_dir / "departures.csv").write_bytes(to_csv("departures", rows))
    found = [str(p) for p in validate.validate_package(package_dir)]
    assert any(":3: [reporting_body]" in p and "Nobody at all" in p for p in found), found
    assert any(":4: [part_of]" in p and "m22-none-999" in p for p in found), found
    assert all(p.startswith(validate._display(package_dir / "departures.csv")) for p in found), found


def test_broken_shapes_are_one_friendly_problem_without_the_path_twice(tmp_path):
    shapes = tmp_path / "countries.geojson"
    shapes.write_text("{not json", encoding="utf-8")
    found = validate.check_shapes(shapes)
    assert len(found) == 1
    assert (found[0].file, found[0].line, found[0].column) == (str(shapes), 0, "")
    assert found[0].message.startswith("cannot read country shapes: ")
    missing = validate.check_shapes(tmp_path / "none.geojson")
    assert [(p.file, p.message) for p in missing] == [
        (str(tmp_path / "none.geojson"), "country shapes file not found (rebuild with scripts/build_geo.py)")]
