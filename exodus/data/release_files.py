"""What a data release pins: the released files, the columns that identify a row of each,
and a digest of each file's contents; and the rows that differ between two versions of a
file, by key, for ``data/changes.csv``.

The digest is taken over the parsed rows sorted by their key, so line endings, quoting
and row order do not change it; any changed cell does.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

from exodus.data import schema

#: Every released file and the columns that identify one of its rows.
KEYS: dict[str, tuple[str, ...]] = {
    "departures.csv": ("id",),
    "events.csv": ("id",),
    "crossings.csv": ("id",),
    "bodies.csv": ("name",),
    "series.csv": schema.SERIES_KEY,
    "series_fsb.csv": schema.SERIES_KEY,
    "series_catalogue.csv": ("series_id",),
    "geo/countries.geojson": (),
}


def row_key(file: str, row: dict[str, str]) -> str:
    """How changes.csv names a row: its id, or its key columns joined by '/'."""
    return "/".join(row.get(column, "") for column in KEYS[file])


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def file_state(data_dir: Path, file: str) -> tuple[int, str]:
    """(rows, digest) of one file as it is now."""
    path = Path(data_dir) / file
    if file.endswith(".geojson"):
        shapes = json.loads(path.read_text(encoding="utf-8"))
        canonical, rows = json.dumps(shapes, sort_keys=True, separators=(",", ":")), len(shapes.get("features", []))
    else:
        with open(path, encoding="utf-8-sig", newline="") as f:
            header, *records = list(csv.reader(f)) or [[]]
        width, at = len(header), [header.index(c) for c in KEYS[file] if c in header]
        ordered = sorted((cells[:width] + [""] * (width - len(cells)) for cells in records if cells),
                         key=lambda cells: ([cells[i] for i in at], cells))
        canonical, rows = json.dumps([header, ordered], ensure_ascii=False, separators=(",", ":")), len(ordered)
    return rows, hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def current_ids(data_dir: Path, file: str) -> set[str]:
    if not KEYS[file]:
        return set()
    return {row_key(file, row) for row in read_csv(Path(data_dir) / file)[1]}


def differences(file: str, old_text: str, new_text: str) -> list[tuple[str, str, list[str]]]:
    """(row key, change, changed columns) for every row added, corrected or removed
    between two texts of one released CSV file, sorted by change and key. Columns that only
    the new text has and that a row leaves empty do not count as a change of that row."""
    def rows(text: str) -> dict[str, dict[str, str]]:
        return {row_key(file, r): r for r in csv.DictReader(io.StringIO(text))} if text else {}

    old, new = rows(old_text), rows(new_text)
    out = [(key, "added", []) for key in sorted(set(new) - set(old))]
    out += [(key, "removed", []) for key in sorted(set(old) - set(new))]
    for key in sorted(set(old) & set(new)):
        changed = [c for c in new[key] if (old[key].get(c) or "") != (new[key][c] or "")]
        if changed:
            out.append((key, "corrected", changed))
    return sorted(out, key=lambda d: (["added", "corrected", "removed"].index(d[1]), d[0]))
