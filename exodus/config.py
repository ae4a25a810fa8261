"""Settings of the dashboard in one place: paths, limits and timeouts.

Imports nothing from exodus, so every layer may read it. The data folder is set by the
environment variable ``EXODUS_DATA_DIR`` (read once, when the package is first imported);
the other values are constants that the modules using them read from here. README.md,
"Configuration", lists them all (a test checks that none is left out).
"""

from __future__ import annotations

import os
from pathlib import Path

#: The repository (the code, the default data folder, the deployment files).
ROOT = Path(__file__).resolve().parent.parent

# --- Data -------------------------------------------------------------------------------

#: The data package (departures, events, crossings, bodies, series, shapes); env EXODUS_DATA_DIR.
DATA_DIR = Path(os.environ.get("EXODUS_DATA_DIR") or ROOT / "data")
#: Where the country shapes sit inside a data folder.
SHAPES_FILE = Path("geo") / "countries.geojson"
#: The country shapes of the data folder, drawn on every map.
COUNTRIES_PATH = DATA_DIR / SHAPES_FILE
#: Bytes of the largest data file the validator reads (the curated files are far smaller).
MAX_FILE_BYTES = 16 * 2**20
#: Characters of one cell of any data file or upload (text and addresses alike).
MAX_TEXT = 2000

# --- A visitor's own file (Data & sources page) -------------------------------------------

#: Bytes of one upload; equal to Streamlit's server.maxUploadSize (MB) in .streamlit/config.toml.
UPLOAD_MAX_BYTES = 2 * 2**20
#: Data rows of one upload (the curated departures file has about 450).
UPLOAD_MAX_ROWS = 1000
#: Days from the first period_start to the last period_end of the rows of one upload.
UPLOAD_MAX_SPAN_DAYS = 3660
#: Seconds the separate process may take to check one upload before it is killed.
UPLOAD_TIME_LIMIT = 20.0
#: Bytes of resident memory that checking one upload may add before the process is killed.
UPLOAD_MEMORY_CAP = 512 * 2**20
#: Niceness the checking process runs at (0 = as the server; 19 = only when a core is idle):
#: other visitors' reruns go first when the machine has no free core.
UPLOAD_NICENESS = 10

# --- Charts and exports -------------------------------------------------------------------

#: Characters of a piece of data text a chart's hover shows (keeps the chart message small).
HOVER_LIMIT = 130
#: Seconds one PNG or SVG may take before the export browser is treated as hung and restarted.
IMAGE_TIMEOUT = 20.0
#: Seconds before a browser that failed to start is tried again.
BROWSER_RETRY_AFTER = 60.0
#: Seconds the app keeps mentioning the last export failure.
EXPORT_PROBLEM_SHOWN_FOR = 300.0

# --- Several servers behind nginx (python -m exodus.ops.serve) ----------------------------

#: Seconds a fresh server may take to answer its health endpoint.
SERVER_START_TIMEOUT = 120.0
#: Seconds between two rounds of health checks of the running servers.
HEALTH_CHECK_EVERY = 2.0
#: Seconds a running server has to answer one health check.
HEALTH_TIMEOUT = 5.0
#: Health checks in a row without an answer after which a server is restarted.
HUNG_AFTER = 3
#: Who may show the dashboard in a frame, unless --frame-ancestors says otherwise.
FRAME_ANCESTORS = "'self'"

# --- Citing and embedding ------------------------------------------------------------

#: The dashboard's public address (e.g. https://exodus.example), named in citations and
#: embed snippets; when empty, the address the reader's browser shows is used.
PUBLIC_URL = os.environ.get("EXODUS_PUBLIC_URL", "")
