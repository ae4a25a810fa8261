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


def test_an_unreadable_first_file_does_not_stop_the_others(package_dir):
    (package_dir / "departures.csv").unlink()
    (package_dir / "departures.csv").mkdir()
    (package_dir / "events.csv").write_bytes(b"id,date\n")  # wrong header
    found = validate.validate_package(package_dir)
    departures = [p for p in found if p.file == validate._display(package_dir / "departures.csv")]
    assert len(departures) == 1 and (departures[0].line, departures[0].column) == (0, "")
    assert departures[0].message == "not a regular file; give a CSV file (this is a directory)"
    assert any(p.file == validate._display(package_dir / "events.csv") for p in found), found


def test_the_check_date_reaches_every_file_of_the_package(package_dir):
    from datetime import date

    found = [str(p) for p in validate.validate_package(package_dir, date(2020, 1, 1))]
    assert any(p.startswith(validate._display(package_dir / "departures.csv") + ":2:") and "plausible range" in p for p in found), found
    assert any("events.csv:2:" in p and "plausible range" in p for p in found), found
    assert any("series.csv" in p and "2020-01-01" in p for p in found), found
    assert validate.validate_package(package_dir, date(2030, 1, 1)) == []


def test_without_crossings_the_other_checks_still_run(package_dir):
    (package_dir / "crossings.csv").unlink()
    (package_dir / "departures.csv").write_bytes(to_csv("departures", [departure(reporting_body="Nobody at all")]))
    found = validate.validate_package(package_dir)
    assert [p.message for p in found if p.file.endswith("crossings.csv")] == ["file not found"]
    assert any(p.column == "reporting_body" for p in found), found


def test_a_crossing_reference_problem_names_the_departures_file(package_dir):
    (package_dir / "departures.csv").write_bytes(to_csv("departures", [departure(crossing_id="nowhere")]))
    found = validate.validate_package(package_dir)
    assert [(p.file, p.line, p.column) for p in found] == [(validate._display(package_dir / "departures.csv"), 2, "crossing_id")]


def test_help_names_the_command_the_kinds_and_what_it_does(capsys):
    with pytest.raises(SystemExit) as done:
        validate.main(["--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert text.startswith("usage: python -m exodus.data.validate [-h] [--kind {bodies,crossings,departures,events}] [files ...]")
    assert "Check curated CSV files; prints each bad row and exits non-zero. Never modifies files." in text
    assert "files to check (default: the whole data package in data/)" in text
    assert "kind of the given files, if their names do not tell" in text
    with pytest.raises(SystemExit):
        validate.main(["--kind", "figures", "x.csv"])
    assert "invalid choice: 'figures'" in capsys.readouterr().err


def test_every_file_given_is_checked_and_reported(tmp_path, capsys):
    missing = tmp_path / "events.csv"
    first, second = tmp_path / "a-departures.csv", tmp_path / "b-departures.csv"
    first.write_bytes(to_csv("departures", [departure(value="-1")]))
    second.write_bytes(to_csv("departures", [departure(period_end="2022-09-01")]))
    assert validate.main([str(missing), str(first), str(second)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{missing}: [Errno 2]") or out[0].startswith(f"{missing}: ")
    assert any(line.startswith(f"{first}:2: [value]") for line in out), out
    assert any(line.startswith(f"{second}:2: [period_end]") for line in out), out


def test_a_shapes_file_that_cannot_be_read_is_one_problem_without_its_path(tmp_path, monkeypatch):
    shapes = tmp_path / "countries.geojson"
    shapes.write_text("{}", encoding="utf-8")

    def unreadable(path):
        raise OSError(f"{path}: permission denied")
    monkeypatch.setattr(validate, "read_capped", unreadable)
    assert validate.check_shapes(shapes) == [Problem(str(shapes), 0, "", "permission denied")]


def test_a_file_argument_that_is_a_folder_is_named_and_the_others_still_checked(tmp_path, capsys):
    folder = tmp_path / "departures.csv"
    folder.mkdir()
    good = tmp_path / "more-departures.csv"
    good.write_bytes(to_csv("departures", [departure()]))
    assert validate.main([str(folder), str(good)]) == 1
    out = capsys.readouterr()
    assert out.out == f"{folder}: not a regular file; give a CSV file (this is a directory)\n"
    assert out.err.startswith("1 problem(s) found in ")


def test_the_help_says_what_the_validator_does(capsys):
    with pytest.raises(SystemExit):
        validate.main(["--help"])
    words = capsys.readouterr().out.split()
    for text in ("Check curated CSV files; prints each bad row and exits non-zero. Never modifies files.",
                 "files to check (default: the whole data package in data/)", "kind of the given files, if their names do not tell"):
        n = len(text.split())  # the text, as whole words
        assert any(words[i: i + n] == text.split() for i in range(len(words))), text
