"""Files in one ZIP, in the order given (README.txt first when :func:`files` made them)."""

from __future__ import annotations

import io
import zipfile

from exodus.export.files import File


def bundle_zip(found: list[File]) -> bytes:
    names = [f.name for f in found]
    if len(set(names)) != len(names):
        raise ValueError(f"two files share a name: {sorted({n for n in names if names.count(n) > 1})}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in found:
            archive.writestr(f.name, f.data)
    return buffer.getvalue()
