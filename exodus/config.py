"""Settings of the dashboard in one place; each can be set by an environment variable.

Imports nothing from exodus, so every layer may read it.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The curated data package (departures, events, crossings, bodies, series, shapes).
DATA_DIR = Path(os.environ.get("EXODUS_DATA_DIR") or ROOT / "data")
