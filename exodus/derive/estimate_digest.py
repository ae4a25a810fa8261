"""A digest of a frame's content, column by column, without copying the frame: the key
under which a fit of the same reports is found again."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pyarrow as pa


def _text_buffers(values: pd.Series) -> list | None:
    """The bytes that say everything about an Arrow-backed text column (which values are
    missing, where each value ends, the characters), or None for other columns."""
    chunks = getattr(values.array, "_pa_array", None)
    if chunks is None or not (pa.types.is_string(chunks.type) or pa.types.is_large_string(chunks.type)):
        return None
    whole = chunks.cast(pa.large_string())
    whole = whole.chunk(0) if whole.num_chunks == 1 else whole.combine_chunks()  # one array, however chunked
    _, offsets, data = whole.buffers()
    if offsets is None or len(whole) == 0:
        return [b""]
    ends = np.frombuffer(offsets, np.int64)[whole.offset: whole.offset + len(whole) + 1]
    return [whole.is_null().to_numpy(zero_copy_only=False).tobytes(), (ends - ends[0]).tobytes(),
            memoryview(data)[int(ends[0]): int(ends[-1])] if data is not None else b""]


def of_columns(reports: pd.DataFrame, columns: list[str]) -> bytes:
    """A digest of the content of ``columns``, column by column (no copy of the frame):
    numbers and dates by their bytes, Arrow text by its buffers, other text by pandas'
    hash of each value."""
    digest = hashlib.sha256()  # the quickest of hashlib's digests where the CPU has SHA instructions
    digest.update(str(len(reports)).encode())
    for column in columns:
        values = reports[column]
        digest.update(f"\x1f{column}\x1f{values.dtype}\x1f".encode())
        if isinstance(values.dtype, np.dtype) and values.dtype.kind in "biufmM":  # plain NumPy values
            digest.update(np.ascontiguousarray(values.to_numpy()).tobytes())
        elif (buffers := _text_buffers(values)) is not None:
            for part in buffers:
                digest.update(part)
        else:
            digest.update(pd.util.hash_pandas_object(values, index=False).to_numpy().tobytes())
    return digest.digest()
