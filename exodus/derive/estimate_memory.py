"""Memory that a large computation freed, handed back to the system.

After a fit of a million reports the freed memory stays with the allocators: Arrow's pool,
and the C allocator's arenas, one per thread that solved a part, which the next large
frame allocated by another thread cannot reuse. Handing it back keeps the peak near what
is in use.
"""

from __future__ import annotations

import ctypes
import ctypes.util

import pyarrow as pa


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


_LIBC = _libc()


def give_back_memory() -> None:
    """Hand memory freed by a large fit back to the system: Arrow's pool, and the C
    allocator's (the threads that solved parts of the fit each freed into their own
    arena, which the next large frame could not reuse). Where neither is available,
    nothing happens."""
    pa.default_memory_pool().release_unused()
    trim = getattr(_LIBC, "malloc_trim", None)
    if trim is not None:
        trim(0)
