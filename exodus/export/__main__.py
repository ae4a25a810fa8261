"""``python -m exodus.export``: the command-line export (see :mod:`exodus.export.cli`)."""

import sys

from exodus.export.cli import main

sys.exit(main())
