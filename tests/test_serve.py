"""The launcher's supervision of its app servers (exodus.ops.serve), without nginx or Streamlit."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time

import pytest

from exodus.ops import serve

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.send_response(200 if self.path == serve.HEALTH else 404)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def supervised(monkeypatch, tmp_path):
    """Run the supervisor over replicas whose start only records the restart."""
    monkeypatch.setattr(serve, "CHECK_EVERY", 0.05)
    monkeypatch.setattr(serve, "HEALTH_TIMEOUT", 0.2)
    restarted, procs = [], []

    def start(self):
        restarted.append(self.index)
        self.proc = subprocess.Popen(SLEEPER)
        procs.append(self.proc)

    monkeypatch.setattr(serve.Replica, "start", start)
    monkeypatch.setattr(serve.Replica, "wait", lambda self: None)

    def run(replicas, seconds=1.5):
        cluster = serve.Cluster("http://127.0.0.1:1", replicas, proxy=None, run_dir=tmp_path)
        stopping = threading.Event()
        thread = threading.Thread(target=serve._supervise, args=(cluster, stopping, lambda text: None))
        thread.start()
        time.sleep(seconds)
        stopping.set()
        thread.join()
        return restarted

    yield run
    for proc in procs:
        proc.kill()
        proc.wait()


def test_a_server_that_exits_or_stops_answering_is_restarted_and_a_healthy_one_is_not(supervised, tmp_path):
    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    answering = subprocess.Popen(SLEEPER)  # stands for the process of the server that answers
    silent = subprocess.Popen(SLEEPER)  # alive, but nothing listens on its port
    exited = subprocess.Popen([sys.executable, "-c", "pass"])
    exited.wait()
    replicas = [serve.Replica(1, web.server_address[1], tmp_path / "1.log", proc=answering),
                serve.Replica(2, serve.free_port(), tmp_path / "2.log", proc=silent),
                serve.Replica(3, serve.free_port(), tmp_path / "3.log", proc=exited)]
    try:
        restarted = supervised(replicas)
        assert sorted(set(restarted)) == [2, 3]
        assert silent.poll() is not None, "the server that stopped answering was not stopped before its restart"
        assert replicas[0].proc is answering and answering.poll() is None and replicas[0].restarts == 0
    finally:
        web.shutdown()
        for proc in (answering, silent):
            proc.kill()
            proc.wait()


def test_the_proxy_needs_at_least_one_server():
    with pytest.raises(serve.ServeError):
        with serve.serving(replicas=0):
            pass


def test_print_config_prints_nginx_conf_and_refuses_server_names(capsys):
    assert serve.main(["--print-config", "--upstream", "127.0.0.1:8501", "--listen", "80"]) == 0
    out = capsys.readouterr().out
    assert "listen 80;" in out and "server 127.0.0.1:8501 max_fails=1" in out
    for upstreams in (["--upstream", "app1:8501"], []):
        with pytest.raises(SystemExit) as stop:
            serve.main(["--print-config", *upstreams])
        assert stop.value.code == 2 and "app server" in capsys.readouterr().err


def test_a_broken_data_package_stops_the_launcher_before_any_server(monkeypatch, capsys):
    from exodus.ops import serve
    from exodus.data import validate
    from exodus.data import rows

    monkeypatch.setattr(validate, "validate_package", lambda *a, **k: [rows.Problem("countries.geojson", 0, "", "not valid JSON")])
    started = []
    monkeypatch.setattr(serve, "serving", lambda *a, **k: started.append(a))
    assert serve.main(["--replicas", "1"]) == 1
    assert started == []
    assert "countries.geojson" in capsys.readouterr().out
