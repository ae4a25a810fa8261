"""Load test through nginx: one app server against two, side by side in one run.

Run from the repository root (needs Debian's nginx: make proxy):
    .venv/bin/python benchmarks/proxy_load_test.py [--sessions 30] [--seconds 20] [--think 3] [--rounds 1]

For each set-up (1 server, then 2) this starts ``python -m exodus.ops.serve``'s servers and
nginx, checks through the proxy that the query string changes what the server sends (as
``ws_load_test.py`` does), then runs ``ws_load_test``'s websocket sessions through the
proxy: first back to back for ``--seconds``, then the same number of sessions pausing
about ``--think`` seconds between changes. Each session first loads the page over HTTP,
as a browser does, and keeps the proxy's affinity cookie for its websocket.

Printed per phase: reruns per second, errors, latency p50/p95/max, the CPU of each app
server and of nginx, and the load average before and after (the machine is shared: a
busy machine makes every figure worse and the comparison less fair). ``--rounds 2``
repeats 1 and 2 servers alternately, so that a change of load on the machine does not
favour one set-up. The closing lines compare the figures with the targets.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

import psutil

from _common import machine, percentile, tree_cpu
from ws_load_test import check_filters_apply, load_test

from exodus.ops import serve

#: the targets the closing summary checks
TARGETS = {
    "throughput": "2 servers >= 1.7x the reruns per second of one, back to back",
    "p95": "2 servers, back to back: p95 < 1.5 s",
    "p95_think": "2 servers, with a reading pause: p95 < 0.5 s",
}


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in psutil.getloadavg())


def run_phase(cluster, sessions: int, seconds: float, think: float, seed: int) -> dict:
    ws_url = cluster.url.replace("http://", "ws://") + "/_stcore/stream"
    pids = [r.proc.pid for r in cluster.replicas]
    before_load = load()
    per_server = [tree_cpu(pid) for pid in pids]
    proxy_cpu = tree_cpu(cluster.proxy.pid)
    result = asyncio.run(load_test(ws_url, pids, sessions, seconds, seed=seed, think=think, visit=True))
    elapsed = result["elapsed"]
    result["per_server"] = [(tree_cpu(pid) - cpu) / elapsed for pid, cpu in zip(pids, per_server)]
    result["proxy_cpu"] = (tree_cpu(cluster.proxy.pid) - proxy_cpu) / elapsed
    result["load"] = (before_load, load())
    return result


def describe(replicas: int, sessions: int, think: float, result: dict) -> dict:
    stats = result["stats"]
    latencies = stats.all_latencies
    row = {"replicas": replicas, "think": think, "reruns": len(latencies), "rate": len(latencies) / result["elapsed"],
           "errors": sum(stats.errors.values()), "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
           "max": max(latencies, default=float("nan"))}
    pause = f"pausing about {think:g} s" if think else "back to back"
    print(f"  {replicas} server(s), {sessions} sessions {pause}: {row['reruns']} reruns in {result['elapsed']:.1f} s "
          f"({row['rate']:.1f} per s), errors {row['errors']}"
          + (f" ({dict(stats.errors)})" if row["errors"] else ""))
    print(f"    latency p50 {row['p50']:.2f} s, p95 {row['p95']:.2f} s, max {row['max']:.2f} s; first runs of all "
          f"sessions {result['opened']:.1f} s")
    print(f"    CPU: app servers {' + '.join(f'{c:.2f}' for c in result['per_server'])} cores, nginx "
          f"{result['proxy_cpu']:.2f}, this client {result['client_cpu']:.2f}; memory of the servers at the end "
          f"{result['rss_after'] / 2**20:,.0f} MiB")
    print(f"    load average before {result['load'][0]}, after {result['load'][1]}", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=30, help="concurrent websocket sessions (default 30)")
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase (default 20)")
    parser.add_argument("--think", type=float, default=3, help="mean reading pause of the second phase (default 3 s)")
    parser.add_argument("--rounds", type=int, default=1, help="how many times to measure 1 then 2 servers (default 1)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if serve.find_nginx() is None:
        sys.exit("cannot run: nginx is not installed (make proxy)")
    print(f"machine: {machine()}", flush=True)
    rows = []
    for round_ in range(args.rounds):
        for replicas in (1, 2):
            with serve.serving(replicas) as cluster:
                failures = asyncio.run(check_filters_apply(cluster.url.replace("http://", "ws://") + "/_stcore/stream"))
                if failures:
                    sys.exit("the query string does not change what the server sends:\n  " + "\n  ".join(failures))
                print(f"\nround {round_ + 1}: {replicas} app server(s) behind nginx at {cluster.url}", flush=True)
                for think in (0.0, args.think):
                    result = run_phase(cluster, args.sessions, args.seconds, think, seed=args.seed + round_)
                    rows.append(describe(replicas, args.sessions, think, result))
                print(f"  servers restarted by the launcher during the run: {len(cluster.events) or 'none'}")
    summarize(rows)
    print(f"\nmachine at the end: {machine()}")


def summarize(rows: list[dict]) -> None:
    """Each round against the targets: 1 and 2 servers of the same round are compared."""
    print("\nagainst the targets, round by round (1 and 2 servers of one round ran minutes apart):")
    met = {key: 0 for key in TARGETS}
    rounds = len(rows) // 4
    for number in range(rounds):
        one, one_think, two, two_think = rows[4 * number: 4 * number + 4]
        ratio = two["rate"] / one["rate"]
        verdicts = {"throughput": ratio >= 1.7, "p95": two["p95"] < 1.5, "p95_think": two_think["p95"] < 0.5}
        for key, ok in verdicts.items():
            met[key] += ok
        print(f"  round {number + 1}: {one['rate']:.1f} -> {two['rate']:.1f} reruns/s = {ratio:.2f}x; "
              f"2 servers p95 {two['p95']:.2f} s back to back, {two_think['p95']:.2f} s with a pause")
    for key, target in TARGETS.items():
        print(f"  {target}: met in {met[key]} of {rounds} round(s)")
    print(f"  errors in all phases: {sum(r['errors'] for r in rows)} (target 0)")


if __name__ == "__main__":
    main()
