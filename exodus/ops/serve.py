"""Several dashboard servers behind one nginx: ``python -m exodus.ops.serve --replicas 2``.

One Streamlit server runs every session's script in threads of one Python process, so it
uses about one core however many the machine has. This starts ``--replicas`` servers on
free loopback ports and Debian's nginx in front of them (deploy/nginx.conf.template,
filled in by :mod:`exodus.ops.proxy_config`), as an unprivileged foreground process with its
files in a temporary folder. Open-source nginx checks servers only passively, so this
launcher checks ``/_stcore/health`` of every server itself before the proxy takes
traffic and every few seconds after, and restarts a server that exits or stops
answering. Ctrl-C (or SIGTERM) stops everything.

The servers share nothing but the read-only data files: each loads and caches them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from exodus import config
from exodus.ops import proxy_config

ROOT = proxy_config.ROOT
HEALTH = "/_stcore/health"
START_TIMEOUT = config.SERVER_START_TIMEOUT  # a fresh server on a busy machine takes a while to import everything
CHECK_EVERY = config.HEALTH_CHECK_EVERY
HEALTH_TIMEOUT = config.HEALTH_TIMEOUT
HUNG_AFTER = config.HUNG_AFTER


class ServeError(RuntimeError):
    """The set-up could not start; the message says why."""


def find_nginx() -> str | None:
    """Debian's nginx lives in /usr/sbin, which is not on every user's PATH."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def is_healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url + HEALTH, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def wait_healthy(url: str, proc: subprocess.Popen, what: str, log: Path, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServeError(f"{what} exited with code {proc.returncode}:\n{_tail(log)}")
        if is_healthy(url):
            return
        time.sleep(0.3)
    raise ServeError(f"{what} did not answer {HEALTH} within {timeout:.0f} s:\n{_tail(log)}")


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class Replica:
    """One Streamlit server on a loopback port."""

    index: int
    port: int
    log: Path
    proc: subprocess.Popen | None = None
    restarts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        # Flags on the command line, not in .streamlit/config.toml: they are about where
        # this server listens, not about the app.
        return [sys.executable, "-m", "streamlit", "run", "dashboard.py",
                "--server.port", str(self.port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--server.fileWatcherType", "none",
                "--server.runOnSave", "false", "--browser.gatherUsageStats", "false"]

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(self.command(), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)

    def wait(self) -> None:
        wait_healthy(self.url, self.proc, f"app server {self.index} (port {self.port})", self.log)


@dataclass
class Cluster:
    """The running set-up: the proxy's URL, the servers behind it and the proxy process."""

    url: str
    replicas: list[Replica]
    proxy: subprocess.Popen
    run_dir: Path
    events: list[str] = field(default_factory=list)


def _stop(proc: subprocess.Popen | None, sig: int = signal.SIGTERM, timeout: float = 10.0) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _supervise(cluster: Cluster, stopping: threading.Event, say) -> None:
    """Restart a server that exits, or that stops answering its health endpoint.

    nginx meanwhile sends its visitors to the others. A busy server answers slowly, so
    only HUNG_AFTER checks in a row without an answer within HEALTH_TIMEOUT count as hung.
    """
    silent = {replica.index: 0 for replica in cluster.replicas}
    while not stopping.wait(CHECK_EVERY):
        for replica in cluster.replicas:
            if stopping.is_set() or replica.proc is None:
                continue
            if replica.proc.poll() is None:
                silent[replica.index] = 0 if is_healthy(replica.url, HEALTH_TIMEOUT) else silent[replica.index] + 1
                if silent[replica.index] < HUNG_AFTER:
                    continue
                say(f"app server {replica.index} (port {replica.port}) has not answered {HEALTH} "
                    f"{HUNG_AFTER} times; restarting it")
                _stop(replica.proc)
            else:
                say(f"app server {replica.index} (port {replica.port}) exited with code {replica.proc.returncode}; "
                    "restarting it")
            silent[replica.index] = 0
            replica.restarts += 1
            cluster.events.append(f"restart {replica.index}")
            replica.start()
            try:
                replica.wait()
                say(f"app server {replica.index} is healthy again")
            except ServeError as error:
                say(str(error))


def start_proxy(nginx: str, run_dir: Path, config: str, url: str) -> subprocess.Popen:
    (run_dir / "nginx.conf").write_text(config, encoding="utf-8")
    base = [nginx, "-p", str(run_dir), "-c", "nginx.conf", "-e", str(run_dir / "error.log")]
    check = subprocess.run([*base, "-t", "-q"], capture_output=True, text=True)
    if check.returncode:
        raise ServeError(f"nginx refused the configuration:\n{check.stderr}")
    proc = subprocess.Popen([*base, "-g", "daemon off;"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_healthy(url, proc, "nginx", run_dir / "error.log", timeout=30)
    return proc


@contextlib.contextmanager
def serving(replicas: int = 2, port: int = 0, host: str = "127.0.0.1", frame_ancestors: str | None = None,
            supervise: bool = True, say=lambda text: None):
    """Start ``replicas`` servers and the proxy on ``host:port`` (0: a free port); yield a :class:`Cluster`."""
    if replicas < 1:
        raise ServeError("at least one app server is needed")
    nginx = find_nginx()
    if nginx is None:
        raise ServeError("nginx is not installed: run `make proxy` (Debian's nginx package)")
    run_dir = Path(tempfile.mkdtemp(prefix="exodus-serve-"))
    (run_dir / "tmp").mkdir()
    run_dir.chmod(0o755)  # nginx's workers run as nobody when started by root, and write tmp/ here
    stopping = threading.Event()
    servers = [Replica(i + 1, free_port(), run_dir / f"app-{i + 1}.log") for i in range(replicas)]
    proxy = None
    try:
        for replica in servers:
            replica.start()
        for replica in servers:
            replica.wait()
            say(f"app server {replica.index} healthy on {replica.url}")
        listen_port = port or free_port(host)
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{listen_port}"
        config = proxy_config.render([f"127.0.0.1:{r.port}" for r in servers], f"{host}:{listen_port}",
                                     frame_ancestors=frame_ancestors or proxy_config.DEFAULT_FRAME_ANCESTORS)
        proxy = start_proxy(nginx, run_dir, config, url)
        cluster = Cluster(url, servers, proxy, run_dir)
        watcher = threading.Thread(target=_supervise, args=(cluster, stopping, say), daemon=True)
        if supervise:
            watcher.start()
        yield cluster
    finally:
        stopping.set()
        _stop(proxy)
        for replica in servers:
            _stop(replica.proc)
        shutil.rmtree(run_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="app servers behind the proxy (default 2)")
    parser.add_argument("--port", type=int, default=8501, help="the proxy's port (default 8501)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="the proxy's address (default 127.0.0.1; 0.0.0.0 for every interface)")
    parser.add_argument("--frame-ancestors", default=proxy_config.DEFAULT_FRAME_ANCESTORS,
                        help="CSP frame-ancestors: who may show the dashboard in a frame "
                             "(default 'self'; e.g. \"'self' https://news.example\" to allow a site to embed it)")
    parser.add_argument("--print-config", action="store_true",
                        help="print nginx.conf for the servers given with --upstream and exit")
    parser.add_argument("--upstream", action="append", default=[], metavar="HOST:PORT",
                        help="with --print-config: an app server (repeat for each)")
    parser.add_argument("--listen", default="8080", help="with --print-config: nginx's listen value (default 8080)")
    parser.add_argument("--error-log", default="stderr", help="with --print-config: nginx's error log (default stderr)")
    args = parser.parse_args(argv)
    if args.print_config:
        try:
            print(proxy_config.render(args.upstream, args.listen, frame_ancestors=args.frame_ancestors,
                                      error_log=args.error_log), end="")
        except ValueError as error:
            parser.error(str(error))
        return 0

    def say(text: str) -> None:
        print(f"[exodus.ops.serve] {text}", flush=True)

    # The data package (shapes included) is checked before any server starts, as `make run`
    # does: a broken package stops here with its problems instead of behind the proxy.
    from exodus.data.validate import validate_package

    problems = validate_package()
    if problems:
        say("the data package has problems; no server was started:\n" + "\n".join(str(p) for p in problems[:20]))
        return 1

    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    try:
        with serving(args.replicas, args.port, args.host, args.frame_ancestors, say=say) as cluster:
            say(f"Exodus on {cluster.url} ({args.replicas} app server(s) behind nginx; logs in {cluster.run_dir})")
            while not done.wait(1.0):
                if cluster.proxy.poll() is not None:
                    say(f"nginx exited with code {cluster.proxy.returncode}:\n{_tail(cluster.run_dir / 'error.log')}")
                    return 1
            say("stopping")
    except ServeError as error:
        say(str(error))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
