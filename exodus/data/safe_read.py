"""Reading a data file without trusting what the path points to.

The validator's command line takes any path: a named pipe would make it wait forever, a
device such as ``/dev/zero`` would be read until memory runs out. Only regular files are
read, and at most :data:`MAX_FILE_BYTES` of them.
"""

from __future__ import annotations

import stat
from pathlib import Path

from exodus import config

MAX_FILE_BYTES = config.MAX_FILE_BYTES


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; OSError with a readable
    message for anything else (a directory, a FIFO, a device, a file too large)."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise OSError(f"not a regular file; give a CSV file (this is {_file_type(mode)})")
    with path.open("rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise OSError(f"larger than {limit // 2**20} MiB; the validator reads at most that much")
    return raw


def _file_type(mode: int) -> str:
    for test, what in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "not a regular file"


def shown_path(path: Path) -> str:
    """A path as a message shown to visitors names it: inside the data folder
    (``geo/countries.geojson``), never with the server's folders; elsewhere as given."""
    path = Path(path)
    try:
        return path.resolve().relative_to(Path(config.DATA_DIR).resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)
