"""scripts/mutation.py: every part names real files and tests, mutmut's settings are written
as listed, and the tally counts killed, survived and untested mutants (also after --again)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import mutation  # noqa: E402


@pytest.mark.parametrize("name", list(mutation.PARTS))
def test_every_part_mutates_existing_files_against_existing_tests(name):
    mutate, tests, _, _ = mutation.PARTS[name]
    assert all(list(ROOT.glob(pattern)) for pattern in mutate), mutate
    assert all((ROOT / t).is_file() for t in tests), tests


def test_the_brief_modules_are_all_covered():
    mutated = {str(p.relative_to(ROOT)) for m, *_ in mutation.PARTS.values() for pattern in m for p in ROOT.glob(pattern)}
    for module in ("exodus/derive/filters.py", "exodus/derive/headlines.py", "exodus/derive/estimate.py", "exodus/derive/estimate_lp.py",
                   "exodus/data/validate.py", "exodus/derive/series.py", "exodus/app/frame.py"):
        assert module in mutated
    assert mutation.PURE == set(mutation.PARTS) - {"app"}


def test_settings_name_the_files_the_tests_and_what_is_left_out(tmp_path, monkeypatch):
    monkeypatch.setattr(mutation, "WORK", tmp_path)
    folder = mutation.prepare("headlines")
    settings = (folder / "setup.cfg").read_text()
    assert "only_mutate =\n    exodus/derive/headlines.py\n" in settings
    assert "    tests/test_headlines.py\n    tests/test_headlines_exact.py\n    -k\n    not (first_screen or" in settings
    assert "source_paths = exodus" in settings and "    data\n" in settings
    assert (folder / "exodus").resolve() == ROOT / "exodus"


def write_meta(folder: Path, codes: dict):
    (folder / "mutants" / "exodus").mkdir(parents=True)
    (folder / "mutants" / "exodus" / "m.py.meta").write_text(json.dumps({"exit_code_by_key": codes}))


def test_the_tally_and_a_second_run_of_the_survivors(tmp_path, monkeypatch):
    monkeypatch.setattr(mutation, "describe", lambda folder, survivors: "\n".join(survivors))
    first = tmp_path / "first"
    write_meta(first, {"a": 1, "b": 0, "c": 33, "d": None, "e": 36, "f": 0})
    result = mutation.tally(first)
    assert (result["killed"], result["total"], result["percent"]) == (2, 5, 40.0)
    assert result["counts"] == {"killed": 1, "survived": 2, "no tests": 1, "not checked": 1, "timeout": 1}
    assert (first / "survivors.txt").read_text() == "b: survived\nc: no tests\nf: survived"
    again = tmp_path / "again"
    write_meta(again, {"a": None, "b": 1, "c": 0, "d": None, "e": None, "f": None})
    merged = mutation.tally(again, mutation.outcomes(first))
    assert (merged["killed"], merged["total"]) == (3, 5)  # b now killed; f, not tested again, still counts as survived
    assert merged["counts"] == {"killed": 2, "survived": 2, "not checked": 1, "timeout": 1}


@pytest.mark.parametrize("every, pattern", [(False, ["*__mutmut_*[02468]0"]), (True, [])])
def test_a_part_tests_its_sample_unless_every_mutant_is_asked_for(tmp_path, monkeypatch, every, pattern):
    monkeypatch.setattr(mutation, "WORK", tmp_path)
    calls = []
    monkeypatch.setattr(mutation.subprocess, "run", lambda command, **kw: calls.append(command) or type("Done", (), {"returncode": 0})())
    result = mutation.run("export", 2, every=every)
    assert calls[0][1:4] == ["run", "--max-children", "2"] and calls[0][4:] == pattern
    assert result["sample"] == ("every mutant" if every else "numbers ending [02468]0")
    assert mutation.run("filters", 2)["sample"] == "every mutant"  # a part without a sample


def test_the_samples_nest_so_that_a_smaller_one_is_part_of_a_larger():
    import fnmatch
    names = [f"x_f__mutmut_{n}" for n in range(1, 401)]
    twentieth = {n for n in names if fnmatch.fnmatch(n, "*__mutmut_*[02468]0")}
    tenth = {n for n in names if fnmatch.fnmatch(n, "*__mutmut_*0")}
    half = {n for n in names if fnmatch.fnmatch(n, "*__mutmut_*[02468]")}
    assert twentieth < tenth < half and (len(twentieth), len(tenth), len(half)) == (20, 40, 200)
