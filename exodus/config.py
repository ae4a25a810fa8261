"""Settings of the dashboard in one place; each can be set by an environment variable.

Imports nothing from exodus, so every layer may read it.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The curated data package (departures, events, crossings, bodies, series, shapes).
DATA_DIR = Path(os.environ.get("EXODUS_DATA_DIR") or ROOT / "data")
#: The dashboard's public address (e.g. https://exodus.example), named in citations and
#: embed snippets; when empty, the address the reader's browser shows is used.
PUBLIC_URL = os.environ.get("EXODUS_PUBLIC_URL", "")
