"""Lists of report ids joined into text ("a;b;c") in Arrow, for many series at once,
without a Python string per id."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def joined_many(parts: list, names: pa.Array, first_id: np.ndarray) -> list:
    """Per series, per day of its ``days``, the names of its pairs (day, report; sorted by
    day) joined by ";", as Arrow text arrays: one join for all series, sliced (no copy)."""
    counts, take, sizes = [], [], []
    for (day, report, days), base in zip(parts, first_id.tolist()):
        cut = np.searchsorted(day, np.r_[days, days[-1] + 1] if len(days) else days)
        counts.append(np.diff(cut))
        take.append(report[cut[0]: cut[-1]] + base if len(cut) else report[:0])
        sizes.append(len(days))
    offsets = np.r_[0, np.cumsum(np.concatenate(counts))].astype(np.int64)
    values = names.take(pa.array(np.concatenate(take).astype(np.int64)))
    joined = pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets), values), pa.scalar(";", pa.large_string()))
    starts = np.r_[0, np.cumsum(sizes)].tolist()
    return [joined.slice(a, b - a) for a, b in zip(starts[:-1], starts[1:])]


def joined(parts: list) -> list[str]:
    """Each Arrow text array of ``parts`` joined by ";", in one join (no Python string per value)."""
    offsets = np.r_[0, np.cumsum([len(p) for p in parts])].astype(np.int64)
    values = pa.concat_arrays([p.cast(pa.large_string()) for p in parts]) if parts else pa.array([], pa.large_string())
    return pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets), values), pa.scalar(";", pa.large_string())).to_pylist()
