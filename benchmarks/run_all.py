"""Run every benchmark in turn with this interpreter, streaming their output.

Run from anywhere:  .venv/bin/python benchmarks/run_all.py [--quick]   (or ``make benchmarks``)

``--quick`` passes shorter settings: fewer repeats, 3 page loads, 15-second load tests.
Exits non-zero if any script failed; the figures themselves are not checked.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: (script, full arguments, quick arguments), in the order they run
SCRIPTS = [
    ("bench_estimate.py", [], ["1"]),
    ("bench_export.py", [], []),
    ("bench_app.py", [], ["--loads", "3", "--reruns", "5"]),
    ("load_test.py", [], ["--seconds", "15"]),
    ("ws_load_test.py", ["--baseline", "30"], ["--seconds", "15", "--baseline", "15"]),
    # the same 20 sessions, each pausing about 5 s (a reader looking at the chart) between changes
    ("ws_load_test.py", ["--think", "5"], ["--seconds", "15", "--think", "5"]),
    # through nginx: 1 server, then 2, each back to back and with a 3 s reading pause
    ("proxy_load_test.py", [], ["--seconds", "10"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter settings, for a quick check")
    quick = parser.parse_args().quick
    failed = []
    for script, full, short in SCRIPTS:
        command = [sys.executable, str(HERE / script), *(short if quick else full)]
        print(f"\n=== {' '.join([script, *command[2:]])} ===", flush=True)
        began = time.perf_counter()
        code = subprocess.call(command, cwd=HERE.parent)  # inherits stdout/stderr: output streams
        print(f"=== {script}: exit {code}, {time.perf_counter() - began:.0f} s ===", flush=True)
        if code:
            failed.append(script)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
