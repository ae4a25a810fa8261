"""Mutation testing of the package, one part at a time (``make mutation [MODULE=name]``).

Each part is mutated by mutmut in a folder of its own under ``.mutation/`` and tested
only by the fast tests that exercise it, so that the whole run fits in an hour on a
two-core machine. mutmut runs, for each mutant, only the tests that called the mutated
function. The scores are printed and written to ``.mutation/scores.json``; the
surviving mutants of a part are listed in ``.mutation/NAME/survivors.txt`` (see
TESTING.md for how to read them).

    python scripts/mutation.py                # every part, in the order below
    python scripts/mutation.py filters app    # some parts
    python scripts/mutation.py --list         # the parts and their tests
    python scripts/mutation.py --every series # every mutant of a part, not its sample
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"

#: part -> (files mutated, tests that exercise them, tests left out by name, sample). Pure
#: modules first, the glue last. A mutant costs the run time of every test that calls the
#: mutated function, so slow tests whose ground faster ones cover are left out (the oracle
#: stands for the estimator's property tests), and the three largest parts test a fixed
#: sample of their mutants, a pattern their number ends in: "0" (one in ten) for the
#: estimator, "[02468]0" (one in twenty, a subset of the one in ten) for the export and the
#: glue, whose mutants cost seconds each. The samples spread over every function and are
#: sized so that the whole run takes well under an hour; ``--every`` tests every mutant of
#: the parts named. The export part
#: is tested by its own byte-level tests only: the page tests that click its buttons cost
#: seconds a mutant and belong to the glue's run.
PARTS: dict[str, tuple[list[str], list[str], str, str]] = {
    "filters": (["exodus/derive/filters.py"], ["tests/test_filters.py", "tests/test_filters_exact.py"], "", ""),
    "headlines": (["exodus/derive/headlines.py"], ["tests/test_headlines.py", "tests/test_headlines_exact.py"],
                  "first_screen or crocus_view or row_id_in_the_search or part_gives_way_to_its_whole_but", ""),
    "series": (["exodus/derive/series.py"], ["tests/test_series.py", "tests/test_series_exact.py"],
               "command_line_exports or rebuilding_the_fsb_series or export_bundle", ""),
    "estimate": (["exodus/derive/estimate*.py"], ["tests/test_estimate.py", "tests/test_estimate_fast.py", "tests/test_estimate_oracle.py",
                                                  "tests/test_estimate_paths.py", "tests/test_estimate_smooth_many.py"],
                 "about_page_worked_example or on_the_shipped_data or row_order_changes_nothing or does_not_depend_on_the_window"
                 " or plain_linear_program or pinned_days_taken_out or grouped_at_once", "0"),
    "validate": (["exodus/data/validate.py"], ["tests/test_validate.py", "tests/test_validate_cli.py"], "", ""),
    "export": (["exodus/export/*.py"], ["tests/test_export.py", "tests/test_export_exact.py", "tests/test_export_cli.py", "tests/test_export_files.py", "tests/test_export_supervision.py",
                                        "tests/test_batch.py"], "", "[02468]0"),
    "app": (["exodus/app/*.py"], ["tests/test_app_exports.py", "tests/test_app.py", "tests/test_ui_text.py", "tests/test_app_export.py",
                                  "tests/test_app_languages.py", "tests/test_share_app.py", "tests/test_series_app.py",
                                  "tests/test_estimate_app.py", "tests/test_fragments.py", "tests/test_app_glue.py"], "", "[02468]0"),
}
#: Parts counted as pure modules (target 85 % killed); the rest is glue (target 70 %).
PURE = {"filters", "headlines", "series", "estimate", "validate", "export"}
#: Top-level entries of the repository that the runs leave out.
LEFT_OUT = {".git", ".mutation", ".venv", ".hypothesis", ".pytest_cache", "mutants"}


def prepare(name: str) -> Path:
    """A fresh folder for one part: links to the repository and mutmut's settings."""
    mutate, tests, left_out, _ = PARTS[name]
    selection = [t for t in tests if (ROOT / t).exists()] + (["-k", f"not ({left_out})"] if left_out else [])
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    entries = sorted(e.name for e in ROOT.iterdir() if e.name not in LEFT_OUT)
    for entry in entries:
        (folder / entry).symlink_to(ROOT / entry)
    # mutmut copies the package and tests/ itself, and everything else the tests read.
    also_copy = [e for e in entries if e not in {"exodus", "tests"}]
    lines = [
        "[mutmut]",
        "source_paths = exodus",
        "only_mutate =\n" + "".join(f"    {m}\n" for m in mutate),
        "also_copy =\n" + "".join(f"    {a}\n" for a in also_copy),
        "pytest_add_cli_args_test_selection =\n" + "".join(f"    {t}\n" for t in selection),
        "pytest_add_cli_args =\n    -p\n    no:cacheprovider\n    -m\n    not browser\n",
        "use_git_change_detection = false",
        "",
    ]
    (folder / "setup.cfg").write_text("\n".join(lines))
    return folder


def outcomes(folder: Path) -> dict[str, int | None]:
    """mutmut's exit code for every mutant of a run (None: not tested)."""
    found: dict[str, int | None] = {}
    for meta in sorted((folder / "mutants").rglob("*.py.meta")):
        found |= json.loads(meta.read_text())["exit_code_by_key"]
    return found


def tally(folder: Path, earlier: dict[str, int | None] | None = None) -> dict:
    """Killed, survived and other outcomes of a finished run, from mutmut's records; with
    ``earlier``, the outcomes of a first run whose survivors this run tested again."""
    counts: dict[str, int] = {}
    survivors: list[str] = []
    codes = outcomes(folder)
    if earlier is not None:
        # a survivor not tested again keeps its first verdict
        codes = {key: codes[key] if code in (0, 33) and codes.get(key) is not None else code for key, code in earlier.items()}
    for key, code in codes.items():
        if code is None:  # outside the sample, or the run was stopped
            counts["not checked"] = counts.get("not checked", 0) + 1
            continue
        status = {1: "killed", 3: "killed", 0: "survived", 33: "no tests", 5: "no tests"}.get(code, "timeout" if code in (-24, 24, 152, 255, 36) else f"other:{code}")
        counts[status] = counts.get(status, 0) + 1
        if status != "killed" and status != "timeout":
            survivors.append(f"{key}: {status}")
    total = sum(n for status, n in counts.items() if status != "not checked")
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    (folder / "survivors.txt").write_text(describe(folder, survivors))
    return {"killed": killed, "total": total, "percent": round(100 * killed / total, 1) if total else None, "counts": counts}


SHOW = """
import os, sys
from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant
for line in sys.stdin.read().splitlines():
    name = line.split(": ")[0]
    print("#", line)
    print(get_diff_for_mutant(name, path=find_mutant(name).path))
"""


def describe(folder: Path, survivors: list[str]) -> str:
    """Each surviving mutant with the change it made (what ``mutmut show`` prints)."""
    if not survivors:
        return ""
    shown = subprocess.run([sys.executable, "-c", SHOW], cwd=folder, input="\n".join(survivors), capture_output=True, text=True)
    return shown.stdout + shown.stderr


def run(name: str, children: int, again: bool = False, every: bool = False) -> dict:
    """One part; with ``again``, only the survivors of its first run (kept in
    ``.mutation/PART.first``) are tested, with the tests as they are now, and the verdicts
    of the others are kept."""
    earlier = None
    if again:
        first = WORK / f"{name}.first"
        if not first.exists():
            shutil.move(WORK / name, first)
        earlier = outcomes(first)
        names = [k for k, code in earlier.items() if code in (0, 33)]
    folder = prepare(name)
    env = dict(os.environ, HYPOTHESIS_PROFILE="mutation")
    mutmut = Path(sys.executable).with_name("mutmut")
    started = time.monotonic()
    with open(folder / "mutmut.log", "w") as log:
        sample = [f"*__mutmut_*{PARTS[name][3]}"] if PARTS[name][3] and not every else []
        if earlier is not None:
            sample = names or sample
        done = subprocess.run([str(mutmut), "run", "--max-children", str(children), *sample], cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    result = tally(folder, earlier) | {"seconds": round(time.monotonic() - started), "exit": done.returncode,
                                       "survivors tested again": earlier is not None,
                                       "sample": "every mutant" if every or not PARTS[name][3] else f"numbers ending {PARTS[name][3]}"}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", help=f"parts to mutate (default: all): {', '.join(PARTS)}")
    parser.add_argument("--children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--list", action="store_true", help="print the parts and their tests")
    parser.add_argument("--again", action="store_true", help="test only the survivors of each part's last run again")
    parser.add_argument("--every", action="store_true", help="test every mutant of the parts named, not their sample")
    args = parser.parse_args(argv)
    if args.list:
        for name, (mutate, tests, left_out, sample) in PARTS.items():
            print(f"{name}: {' '.join(mutate)}  <-  {' '.join(tests)}" + (f" (not {left_out})" if left_out else "")
                  + (f"; mutants numbered *{sample}" if sample else ""))
        return 0
    unknown = [p for p in args.parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s): {', '.join(unknown)}; known: {', '.join(PARTS)}")
    scores_file = WORK / "scores.json"
    scores = json.loads(scores_file.read_text()) if scores_file.exists() else {}
    failed = False
    started = time.monotonic()
    for name in args.parts or list(PARTS):
        result = run(name, args.children, args.again, args.every)
        scores[name] = result
        WORK.mkdir(exist_ok=True)
        scores_file.write_text(json.dumps(scores, indent=2) + "\n")
        target = 85 if name in PURE else 70
        print(f"{name}: {result['killed']}/{result['total']} killed ({result['percent']} %, target {target} %) in {result['seconds']} s")
        failed |= result["exit"] != 0 or (result["percent"] or 0) < target
    print(f"all parts asked for: {round(time.monotonic() - started)} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
