"""Checking the whole curated data package: every file row by row, the references between
files, the country shapes and the official series.

Run ``python -m exodus.data.validate [FILE ...]`` to check the shipped data package (no
arguments) or given files; the kind of each file is taken from its name
(``departures``, ``events`` or ``crossings`` in the file name) or ``--kind``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from exodus import config
from exodus.config import DATA_DIR
from exodus.data import schema
from exodus.data.rows import Problem, Row, check_body_refs, check_crossing_refs, check_row_refs, validate_text
from exodus.data.safe_read import read_capped
from exodus.data.series_validate import validate_series_package


def kind_of(path: Path) -> str:
    """Guess a file's kind from its name."""
    for kind in schema.FILES:
        if kind in path.name:
            return kind
    raise ValueError(f"cannot tell the kind of {path.name}; name it after departures, events or crossings, or pass --kind")


def validate_package(data_dir: Path = DATA_DIR, today: date | None = None) -> list[Problem]:
    """Check the curated files, the references between them, the country shapes and the
    official series."""
    rows: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    for kind in schema.FILES:
        path = data_dir / f"{kind}.csv"
        name = _display(path)
        if not path.exists():
            problems.append(Problem(name, 0, "", "file not found"))
            continue
        try:
            raw = read_capped(path)
        except OSError as err:
            problems.append(Problem(name, 0, "", str(err)))
            continue
        rows[kind], found = validate_text(raw, kind, name, today)
        problems += found
    if "departures" in rows and "crossings" in rows:
        ids = {r.values["id"] for r in rows["crossings"]}
        problems += check_crossing_refs(rows["departures"], ids, _display(data_dir / "departures.csv"))
    if "departures" in rows:
        problems += check_row_refs(rows["departures"], _display(data_dir / "departures.csv"))
    if "departures" in rows and "bodies" in rows:
        names = {r.values["name"] for r in rows["bodies"]}
        problems += check_body_refs(rows["departures"], names, _display(data_dir / "departures.csv"))
    problems += check_shapes(Path(data_dir) / config.SHAPES_FILE)
    # The official series are part of the package the app loads, so the one check that
    # runs before a server starts covers them too.
    problems += validate_series_package(data_dir, today)
    return sorted(problems)


def check_shapes(path: Path) -> list[Problem]:
    """The country shapes load and can be projected for the map, or one problem saying why."""
    from exodus.data import geo

    try:
        if path.is_file():
            read_capped(path)  # refuses a huge file before the GeoJSON reader sees it
        geo.project_countries(geo.load_countries(path))
    except geo.ShapesError as err:
        return [Problem(_display(path), 0, "", err.reason)]
    except (ValueError, OSError) as err:
        return [Problem(_display(path), 0, "", str(err).removeprefix(f"{path}: "))]
    return []


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exodus.data.validate", description="Check curated CSV files; prints each bad row and exits non-zero. Never modifies files.")
    parser.add_argument("files", nargs="*", type=Path, help="files to check (default: the whole data package in data/)")
    parser.add_argument("--kind", choices=sorted(schema.FILES), help="kind of the given files, if their names do not tell")
    args = parser.parse_args(argv)
    if not args.files:
        problems = validate_package()
        checked = "the data package"
    else:
        problems = []
        for path in args.files:
            name = _display(path)
            try:
                kind = args.kind or kind_of(path)
                raw = read_capped(path)
            except (ValueError, OSError) as err:
                problems.append(Problem(name, 0, "", str(err)))
                continue
            problems += validate_text(raw, kind, name)[1]
        checked = ", ".join(_display(p) for p in args.files)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found in {checked}.", file=sys.stderr)
        return 1
    print(f"OK: no problems in {checked}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
