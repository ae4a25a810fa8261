"""The data release: which version the files are, and what each version changed, by row id.

- ``data/releases.csv`` says, per version and file, how many rows the file had and a
  digest of its contents. It is written by ``python -m exodus.data.release record
  VERSION``, never by hand, so a version names exactly one state of the files.
- ``data/changes.csv`` is written by hand: one line per row added, corrected or removed
  (or column added), with the version, the row's id, the fields and the reason.
- ``data/CHANGELOG.md`` is generated from both (``python -m exodus.data.release
  changelog``); a test checks that it is current.

What a release pins (the files, their row keys and digests) is
:mod:`exodus.data.release_files`.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from exodus.config import DATA_DIR
from exodus.data import schema
from exodus.data.release_files import KEYS, current_ids, differences, file_state, read_csv as _csv_rows
from exodus.data.rows import DataError, Problem

RELEASES, CHANGES, CHANGELOG = "releases.csv", "changes.csv", "CHANGELOG.md"
RELEASE_COLUMNS = ["version", "released", "file", "rows", "digest"]
CHANGE_COLUMNS = ["version", "file", "row_id", "change", "fields", "commit", "reason"]
CHANGE_KINDS = {
    "added": "Added",
    "corrected": "Corrected",
    "removed": "Removed",
    "column_added": "Columns added",
}
#: Year, month, and a number counting the releases of that month from 0.
VERSION_RE = re.compile(r"^(\d{4})\.(0[1-9]|1[0-2])\.(0|[1-9]\d*)$")
COMMIT_RE = re.compile(r"^[0-9a-f]{7,40}$")


@dataclass(frozen=True)
class Release:
    version: str
    released: date
    files: dict[str, tuple[int, str]]  # file -> (rows, digest)


@dataclass(frozen=True)
class Change:
    line: int
    version: str
    file: str
    row_id: str
    change: str
    fields: str
    commit: str
    reason: str


def version_key(version: str) -> tuple[int, int, int]:
    match = VERSION_RE.match(version)
    if not match:
        raise ValueError(f"{version!r} is not a data version (YEAR.MONTH.N, e.g. 2026.12.0)")
    return tuple(int(part) for part in match.groups())


def read_releases(data_dir: Path = DATA_DIR) -> list[Release]:
    """Every release, oldest first; raises DataError naming the line of a bad one."""
    path = Path(data_dir) / RELEASES
    header, records = _csv_rows(path)
    problems = [] if header == RELEASE_COLUMNS else [Problem(RELEASES, 1, "", f"columns must be {', '.join(RELEASE_COLUMNS)}")]
    by_version: dict[str, Release] = {}
    for line, row in enumerate(records, start=2):
        where = lambda column, message: Problem(RELEASES, line, column, message)  # noqa: E731
        try:
            key = version_key(row["version"])
            released = date.fromisoformat(row["released"])
        except (ValueError, TypeError) as err:
            problems.append(where("version", str(err)))
            continue
        if (released.year, released.month) != key[:2]:
            problems.append(where("released", f"{row['released']} is not in the month of version {row['version']}"))
        if row["file"] not in KEYS:
            problems.append(where("file", f"unknown file {row['file']!r}"))
            continue
        if not row["rows"].isdigit() or not re.fullmatch(r"[0-9a-f]{16}", row["digest"] or ""):
            problems.append(where("rows", "rows must be a whole number and digest 16 hex digits"))
            continue
        release = by_version.setdefault(row["version"], Release(row["version"], released, {}))
        if release.released != released:
            problems.append(where("released", f"version {row['version']} has two release dates"))
        if row["file"] in release.files:
            problems.append(where("file", f"{row['file']} appears twice in version {row['version']}"))
        release.files[row["file"]] = (int(row["rows"]), row["digest"])
    releases = sorted(by_version.values(), key=lambda r: version_key(r.version))
    for release in releases:
        if missing := sorted(set(KEYS) - set(release.files)):
            problems.append(Problem(RELEASES, 0, "file", f"version {release.version} lacks {', '.join(missing)}"))
    for older, newer in zip(releases, releases[1:]):
        if newer.released < older.released:
            problems.append(Problem(RELEASES, 0, "released", f"{newer.version} is dated before {older.version}"))
    if not releases and not problems:
        problems.append(Problem(RELEASES, 0, "", "no release recorded"))
    if problems:
        raise DataError(problems)
    return releases


def latest(data_dir: Path = DATA_DIR) -> Release:
    return read_releases(data_dir)[-1]


def read_changes(data_dir: Path = DATA_DIR) -> list[Change]:
    header, records = _csv_rows(Path(data_dir) / CHANGES)
    if header != CHANGE_COLUMNS:
        raise DataError([Problem(CHANGES, 1, "", f"columns must be {', '.join(CHANGE_COLUMNS)}")])
    return [Change(line, **{c: (row.get(c) or "").strip() for c in CHANGE_COLUMNS}) for line, row in enumerate(records, start=2)]


def _columns_of(file: str) -> set[str]:
    kind = file.removesuffix(".csv")
    return set(schema.columns(kind)) if file.endswith(".csv") else set()


def check_changes(data_dir: Path = DATA_DIR) -> list[Problem]:
    """Problems of changes.csv: each named by line. Rows of the latest version must agree
    with the files as they are (added and corrected ids exist, removed ones do not)."""
    releases = read_releases(data_dir)
    versions, newest = {r.version for r in releases}, releases[-1].version
    problems, seen, ids = [], set(), {}
    for c in read_changes(data_dir):
        where = lambda column, message: problems.append(Problem(CHANGES, c.line, column, message))  # noqa: E731
        if c.version not in versions:
            where("version", f"{c.version!r} is not a release in {RELEASES}")
        if c.file not in KEYS:
            where("file", f"unknown file {c.file!r}")
            continue
        if c.change not in CHANGE_KINDS:
            where("change", f"{c.change!r} is not one of {', '.join(CHANGE_KINDS)}")
            continue
        if (c.change == "column_added") == bool(c.row_id):
            where("row_id", "a column_added line names no row" if c.row_id else "the row's id is missing")
        fields = [f.strip() for f in c.fields.split(";") if f.strip()]
        if c.change in ("corrected", "column_added") and not fields:
            where("fields", "name the columns that changed, separated by ';'")
        if unknown := sorted(set(fields) - _columns_of(c.file)):
            where("fields", f"not a column of {c.file}: {', '.join(unknown)}")
        if c.commit and not COMMIT_RE.match(c.commit):
            where("commit", f"{c.commit!r} is not a commit hash")
        if not c.reason:
            where("reason", "say why, in a few plain words")
        if (c.version, c.file, c.row_id, c.change, c.fields) in seen:
            where("row_id", "the same change is listed twice")
        seen.add((c.version, c.file, c.row_id, c.change, c.fields))
        if c.version == newest and c.row_id:
            if c.file not in ids:
                ids[c.file] = current_ids(data_dir, c.file)
            present = c.row_id in ids[c.file]
            if c.change == "removed" and present:
                where("row_id", f"{c.row_id} is listed as removed but is still in {c.file}")
            if c.change in ("added", "corrected") and not present:
                where("row_id", f"no row {c.row_id} in {c.file}")
    return problems


def unreleased(data_dir: Path = DATA_DIR) -> list[str]:
    """Files that differ from the latest release, each with what to do about it."""
    release = latest(data_dir)
    out = []
    for file, (rows, digest) in release.files.items():
        now_rows, now_digest = file_state(data_dir, file)
        if now_digest != digest:
            out.append(f"data/{file} differs from release {release.version} ({rows} rows then, {now_rows} now): list its "
                       f"changed rows in data/{CHANGES} under a new version, then run "
                       f"python -m exodus.data.release record VERSION")
    return out


def version_label(data_dir: Path = DATA_DIR) -> str:
    """The version the app and every export name: the latest release, flagged when the
    files have changed since. Worked out again only when a file's size or time changes."""
    stamps = []
    for name in [*KEYS, RELEASES]:
        path = Path(data_dir) / name
        stat = path.stat() if path.exists() else None
        stamps.append((name, stat.st_mtime_ns, stat.st_size) if stat else (name,))
    return _label(Path(data_dir), tuple(stamps))


@functools.lru_cache(maxsize=8)
def _label(data_dir: Path, stamps: tuple) -> str:
    version = latest(data_dir).version
    return version if not unreleased(data_dir) else f"{version}, with changes not yet released"


def render_changelog(data_dir: Path = DATA_DIR) -> str:
    releases, changes = read_releases(data_dir), read_changes(data_dir)
    lines = ["# Data changelog", "",
             "Versions of the data package (`data/`), newest first. A version is `YEAR.MONTH.N`; "
             "`data/releases.csv` holds each file's row count and digest at that version, and "
             "`data/changes.csv` the same changes as below, one line per row. Generated by "
             "`python -m exodus.data.release changelog`: do not edit by hand.", ""]
    for index, release in reversed(list(enumerate(releases))):
        mine = [c for c in changes if c.version == release.version]
        lines += [f"## {release.version} ({release.released.isoformat()})", ""]
        counts = ", ".join(f"{file} {rows}" for file, (rows, _) in release.files.items())
        if index == 0:
            lines += ["First release. Rows per file: " + counts + ".", ""]
            if mine:
                lines += ["Changes made while the files were prepared, as the repository's history records them:", ""]
        else:
            tally = ", ".join(f"{sum(c.change == kind for c in mine)} {kind.replace('_', ' ')}" for kind in CHANGE_KINDS)
            lines += [f"Rows per file: {counts}. Changes: {tally}.", ""]
        for kind, heading in CHANGE_KINDS.items():
            listed = sorted((c for c in mine if c.change == kind), key=lambda c: (c.file, c.row_id, c.fields))
            if not listed:
                continue
            lines += [f"### {heading} ({len(listed)})", ""]
            for c in listed:
                what = f"`{c.row_id}`" if c.row_id else f"`{c.fields}`"
                fields = f" ({c.fields.replace(';', ', ')})" if c.row_id and c.fields else ""
                commit = f" [{c.commit}]" if c.commit else ""
                lines.append(f"- {c.file} {what}{fields}: {c.reason}{commit}")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def record(version: str, released: date, data_dir: Path = DATA_DIR) -> str:
    """releases.csv with ``version`` added (or replaced) for the files as they are now."""
    version_key(version)
    path = Path(data_dir) / RELEASES
    _, kept = _csv_rows(path) if path.exists() else ([], [])
    kept = [r for r in kept if r["version"] != version]
    for file in KEYS:
        rows, digest = file_state(data_dir, file)
        kept.append({"version": version, "released": released.isoformat(), "file": file, "rows": str(rows), "digest": digest})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=RELEASE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(kept, key=lambda r: (version_key(r["version"]), list(KEYS).index(r["file"]))))
    return buffer.getvalue()


def _print_diff(commit: str) -> int:
    import subprocess

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CHANGE_COLUMNS)
    for file in (f for f in KEYS if KEYS[f]):
        shown = subprocess.run(["git", "show", f"{commit}:data/{file}"], cwd=DATA_DIR, capture_output=True, text=True)
        old = shown.stdout if shown.returncode == 0 else ""
        new = (DATA_DIR / file).read_text(encoding="utf-8-sig")
        for key, change, fields in differences(file, old, new):
            writer.writerow(["", file, key, change, ";".join(fields), "", ""])
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m exodus.data.release", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="record the files as they are now as VERSION in releases.csv, then write CHANGELOG.md")
    rec.add_argument("version")
    rec.add_argument("--released", type=date.fromisoformat, default=date.today(), help="release date (default: today)")
    sub.add_parser("changelog", help="write data/CHANGELOG.md from releases.csv and changes.csv")
    sub.add_parser("check", help="check changes.csv and whether the files are the latest release")
    diff = sub.add_parser("diff", help="print changes.csv lines (reason left empty) for the rows that differ from a git commit")
    diff.add_argument("commit", help="a git commit, e.g. the one that recorded the latest release")
    args = parser.parse_args(argv)
    if args.command == "diff":
        return _print_diff(args.commit)
    if args.command == "record":
        (DATA_DIR / RELEASES).write_text(record(args.version, args.released), encoding="utf-8")
    if args.command in ("record", "changelog"):
        (DATA_DIR / CHANGELOG).write_text(render_changelog(), encoding="utf-8")
        print(f"wrote {DATA_DIR / CHANGELOG}")
    problems = [str(p) for p in check_changes()] + unreleased()
    print("\n".join(problems) or f"data is release {latest().version}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
