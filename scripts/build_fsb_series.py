"""Build data/series_fsb.csv from the raw FSB Border Service files under data/raw/.

Usage: python scripts/build_fsb_series.py [--raw DIR] [--out FILE]

The raw files (a transcription of EMISS indicators 38480 and 38479, kept as they came)
give one count per country, quarter and mode of transport. The FSB's country totals are
the sums over the modes, so each output value is that sum; nothing else is changed, and
a country-quarter missing from the raw file stays missing. The output is sorted, so the
same raw files always give the same bytes (a test rebuilds the file and compares).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exodus.data import schema# noqa: E402

RAW_DIR = ROOT / "data" / "raw" / "fsb-border-crossings"
OUT = ROOT / "data" / "series_fsb.csv"
REPOSITORY = "https://github.com/Ksimi/Russia_in_out/blob/5523c8a30ac5a13561c088bf6e5ed958a762d0ed/data-raw/"
MODES = {"Air", "Car", "Rail", "Ship", "Walk"}

#: series id -> (raw file, the Type it must carry, EMISS indicator, what a value is)
SOURCES = {
    "fsb-departures-russians": ("Russia_out_master.csv", "Out", "38480",
                                "Departures of Russian citizens to this destination"),
    "fsb-entries-foreigners": ("Russia_in_master.csv", "In", "38479",
                               "Entries into Russia of citizens of this country"),
}


def _quarter(text: str) -> tuple[date, date]:
    """The quarter ending on a raw M/D/YYYY date."""
    month, day, year = (int(part) for part in text.split("/"))
    end = date(year, month, day)
    if month not in (3, 6, 9, 12):
        raise ValueError(f"{text} is not the last day of a quarter")
    return date(year, month - 2, 1), end


def read_raw(path: Path, kind: str) -> dict[tuple[str, date, date], int]:
    """Counts summed over the modes of transport, per (country, quarter)."""
    totals: dict[tuple[str, date, date], int] = defaultdict(int)
    seen: set[tuple[str, str, str]] = set()
    with open(path, encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            where = f"{path.name}:{line}"
            if row["Type"] != kind:
                raise ValueError(f"{where}: Type {row['Type']!r}, expected {kind!r}")
            if row["Trans"] not in MODES:
                raise ValueError(f"{where}: unknown mode of transport {row['Trans']!r}")
            key = (row["ISO_A3"], row["Date"], row["Trans"])
            if key in seen:
                raise ValueError(f"{where}: {key} appears twice")
            seen.add(key)
            digits = row["Value"].replace(",", "")
            if not digits.isdigit():
                raise ValueError(f"{where}: value {row['Value']!r} is not a count")
            start, end = _quarter(row["Date"])
            totals[(row["ISO_A3"], start, end)] += int(digits)
    return totals


def build(raw_dir: Path = RAW_DIR) -> bytes:
    """The bytes of series_fsb.csv."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(schema.series_columns("series_fsb"))
    for series_id, (file_name, kind, indicator, what) in sorted(SOURCES.items()):
        totals = read_raw(raw_dir / file_name, kind)
        for (iso3, start, end), value in sorted(totals.items()):
            writer.writerow([
                series_id, iso3, "quarter", start.isoformat(), end.isoformat(), value, "exact",
                REPOSITORY + file_name, f"Ksimi/Russia_in_out: data-raw/{file_name}", "2020",
                "Ksimi/Russia_in_out transcription",
                f"{what}, EMISS indicator {indicator}: the five modes of transport added up; trips, not persons.",
            ])
    return out.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=RAW_DIR, help="folder with the raw files")
    parser.add_argument("--out", type=Path, default=OUT, help="file to write")
    args = parser.parse_args(argv)
    data = build(args.raw)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    count = data.count(b"\n") - 1
    print(f"wrote {args.out} ({count} values)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
