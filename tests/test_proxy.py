"""Two app servers behind nginx (exodus.ops.serve): sessions stay on one server, headers, limits.

A session lives in the memory of one Streamlit server, so the evidence of where it runs is
asked of the servers themselves, not of the proxy: an upload for a session is accepted
(204) by the server that holds it and refused (400, "Invalid session_id") by any other.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from conftest import ROOT
from exodus.ops import proxy_config
from exodus.ops import serve

sys.path.insert(0, str(ROOT / "benchmarks"))
import ws_load_test as wsl  # noqa: E402

if serve.find_nginx() is None:
    if os.environ.get("CI"):  # `make test` installs nginx: its absence in CI is a fault, not a skip
        pytest.fail("nginx is missing: `make test` should have installed it (make proxy)", pytrace=False)
    pytest.skip("nginx is not installed (make proxy)", allow_module_level=True)

SESSIONS = 6  # on the map and timelines pages, rerunning back to back
SECONDS = 4.0
VISITORS = 10  # arriving one after the other: the proxy gives each to the server with fewer


@pytest.fixture(scope="module")
def cluster():
    with serve.serving(replicas=2) as running:
        yield running


def request(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None):
    """(status, headers, body) of an HTTP request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def cookies_of(headers) -> dict:
    return dict(c.split(";", 1)[0].split("=", 1) for c in headers.get_all("Set-Cookie") or [])


def xsrf_cookie(base_url: str) -> str:
    """Streamlit's XSRF cookie (any server's is valid on every server: it holds no server secret)."""
    _, headers, _ = request(base_url + "/_stcore/health")
    return cookies_of(headers)["_streamlit_xsrf"]


def upload(base_url: str, session_id: str, size: int = 10, cookie: str = "", xsrf: str = ""):
    """PUT a small CSV for ``session_id`` as the file uploader does; returns the status."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"probe.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + b"a" * size + f"\r\n--{boundary}--\r\n".encode()
    cookies = "; ".join(c for c in (cookie, f"_streamlit_xsrf={xsrf}" if xsrf else "") if c)
    status, _, _ = request(f"{base_url}/_stcore/upload_file/{session_id}/{uuid.uuid4().hex}", "PUT", body,
                           {"Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": cookies,
                            "X-Xsrftoken": xsrf})
    return status


def holder(cluster, session_id: str, xsrf: str) -> int:
    """The index of the one server that holds ``session_id``, asked of each server directly."""
    answers = {r.index: upload(r.url, session_id, xsrf=xsrf) for r in cluster.replicas}
    accepting = [index for index, status in answers.items() if status == 204]
    assert len(accepting) == 1 and set(answers.values()) <= {204, 400}, answers
    return accepting[0]


def ws_url(cluster) -> str:
    return cluster.url.replace("http://", "ws://") + "/_stcore/stream"


def test_every_session_stays_on_one_server_with_no_errors(cluster):
    xsrf = xsrf_cookie(cluster.url)

    async def scenario():
        stats = wsl.Stats()
        crowd = [wsl.Session(i, ws_url(cluster), seed=7, stats=stats, visit=True) for i in range(SESSIONS)]
        await asyncio.gather(*(s.open() for s in crowd))
        first = {s.index: (s.client.session_id, await asyncio.to_thread(holder, cluster, s.client.session_id, xsrf))
                 for s in crowd}
        deadline = time.monotonic() + SECONDS
        await asyncio.gather(*(s.run_until(deadline) for s in crowd))
        after = {}
        for s in crowd:  # reconnect through the proxy with the same cookie, as a browser does
            old = s.client.session_id
            await s.client.close()
            s.client = wsl.Client(s.ws_url, s.page_name, s.headers, resume=old)
            await s.client.open()
            reply = await s.client.rerun(s.next_query())
            stats.errors.update(wsl.problems_of(reply))
            through_proxy = await asyncio.to_thread(upload, cluster.url, old, 10, s.headers["Cookie"], xsrf)
            after[s.index] = (s.client.session_id, await asyncio.to_thread(holder, cluster, old, xsrf), through_proxy)
            await s.client.close()
        return stats, crowd, first, after

    stats, crowd, first, after = asyncio.run(scenario())
    assert sum(stats.errors.values()) == 0, stats.errors
    assert all("exodus_affinity=" in s.headers.get("Cookie", "") for s in crowd), [s.headers for s in crowd]
    reruns = stats.latencies["map"] + stats.latencies["timelines"]
    assert len(reruns) >= SESSIONS, f"only {len(reruns)} reruns in {SECONDS} s"
    for index, (session_id, server) in first.items():
        resumed_id, server_after, through_proxy = after[index]
        assert resumed_id == session_id, f"session {index} was not resumed: it reached another server"
        assert server_after == server
        assert through_proxy == 204, f"session {index}: its upload through the proxy reached another server"


def test_new_visitors_are_spread_over_both_servers(cluster):
    xsrf = xsrf_cookie(cluster.url)

    async def visitor() -> int:
        headers = await asyncio.to_thread(wsl.visit_page, cluster.url + "/about")
        client = wsl.Client(ws_url(cluster), "about", headers)
        await client.open()
        try:
            await client.rerun("")
            return await asyncio.to_thread(holder, cluster, client.session_id, xsrf)
        finally:
            await client.close()

    async def crowd():
        return [await visitor() for _ in range(VISITORS)]

    servers = asyncio.run(crowd())
    assert abs(servers.count(1) - servers.count(2)) <= 1, servers


def test_security_headers_on_the_page(cluster):
    status, headers, body = request(cluster.url + "/")
    assert status == 200 and b"<html" in body
    policy = headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["frame-ancestors"] == "'self'"
    assert directives["default-src"] == "'self'"
    scripts = directives["script-src"].split()
    assert "'unsafe-eval'" not in scripts and "'unsafe-inline'" not in scripts
    assert all(s in ("'self'", "'wasm-unsafe-eval'") or s.startswith("'sha256-") for s in scripts), scripts
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_metrics_are_not_public_through_the_proxy(cluster):
    direct, _, _ = request(cluster.replicas[0].url + "/_stcore/metrics")
    assert direct == 200, "the servers answer /_stcore/metrics, so the proxy is what keeps it private"
    for path in ("/_stcore/metrics", "/_stcore/metrics?families=session_events_total", "/_stcore/metrics/"):
        status, _, body = request(cluster.url + path)
        assert status == 404 and b"session" not in body, path


def test_upload_limit_is_enforced_at_the_proxy(cluster):
    limit = proxy_config.max_upload_mb() * 1024 * 1024
    status, headers, body = request(cluster.url + f"/_stcore/upload_file/{uuid.uuid4()}/x", "PUT", b"a" * (limit + 1),
                                    {"Content-Type": "application/octet-stream"})
    assert status == 413 and headers["Server"] == "nginx" and b"nginx" in body  # refused by nginx itself
    # The same size sent straight to a server is refused by Streamlit: the two limits agree.
    status, _, body = request(cluster.replicas[0].url + f"/_stcore/upload_file/{uuid.uuid4()}/x", "PUT",
                              b"a" * (limit + 1), {"Content-Type": "application/octet-stream"})
    assert status in (400, 403, 413) and b"nginx" not in body
    # Exactly the limit passes the proxy and reaches Streamlit (which refuses the unknown session).
    status, _, body = request(cluster.url + f"/_stcore/upload_file/{uuid.uuid4()}/x", "PUT", b"a" * limit,
                              {"Content-Type": "application/octet-stream"})
    assert status != 413 and b"nginx" not in body


def test_a_server_that_dies_is_bypassed_then_restarted(cluster):
    # Last of the tests without a browser: it stops a server of the shared set-up.
    _, headers, _ = request(cluster.url + "/")
    number = cookies_of(headers)["exodus_affinity"]
    victim = cluster.replicas[int(number) - 1]
    other = str(3 - int(number))
    old_pid = victim.proc.pid
    victim.proc.kill()
    victim.proc.wait()
    status, headers, body = request(cluster.url + "/", headers={"Cookie": f"exodus_affinity={number}"})
    assert status == 200 and b"<html" in body, "the visitor of the dead server was not served"
    assert cookies_of(headers).get("exodus_affinity") == other, "the visitor was not moved to the server that answered"
    for _ in range(4):  # new visitors go to the live server
        status, headers, _ = request(cluster.url + "/")
        assert status == 200 and cookies_of(headers)["exodus_affinity"] == other
    deadline = time.monotonic() + serve.START_TIMEOUT
    while time.monotonic() < deadline and not (victim.proc.pid != old_pid and serve.is_healthy(victim.url)):
        time.sleep(0.5)
    assert victim.proc.pid != old_pid and serve.is_healthy(victim.url), "the launcher did not restart the server"
    assert victim.restarts == 1


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/?preset=mobilization", "/timelines?preset=crocus", "/country", "/data", "/about"])
def test_pages_work_in_a_browser_under_the_policy(cluster, path):
    from browser import browser, chromium_missing, wait_for_charts

    missing = chromium_missing()
    if missing:
        pytest.skip(missing)
    with browser() as chromium:
        page = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        # Every violation of the policy is recorded, whether it blocks something or not.
        page.add_init_script("window.__violations = [];"
                             "document.addEventListener('securitypolicyviolation', e =>"
                             " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")
        response = page.goto(cluster.url + path)
        assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
        if "preset" in path:
            wait_for_charts(page)
        else:
            page.get_by_role("heading").first.wait_for(timeout=60_000)
        assert page.evaluate("window.prerenderReady !== undefined"), "Streamlit's inline script was blocked"
        # The policy is enforced: a script added without a hash does not run, and is reported.
        page.evaluate("() => { const s = document.createElement('script');"
                      " s.textContent = 'window.__injected = 1'; document.head.appendChild(s); }")
        page.wait_for_function("window.__violations.length > 0", timeout=5_000)
        assert page.evaluate("window.__injected") is None
        violations = page.evaluate("window.__violations")
        assert violations == ["script-src-elem inline"], violations


@pytest.mark.browser
def test_a_browser_upload_reaches_the_server_of_its_session(cluster, tmp_path):
    from browser import browser, chromium_missing

    from conftest import departure, to_csv

    missing = chromium_missing()
    if missing:
        pytest.skip(missing)
    path = tmp_path / "mine.csv"
    path.write_bytes(to_csv("departures", [departure(id="my-geo-001", destination_iso3="GEO", value="12345")]))
    with browser() as chromium:
        page = chromium.new_context().new_page()
        uploads = []
        page.on("response", lambda r: "/_stcore/upload_file/" in r.url and uploads.append((r.request.method, r.status)))
        page.goto(cluster.url + "/data")
        page.wait_for_selector("h1", timeout=60_000)
        page.locator("input[type=file]").set_input_files(str(path))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not uploads:
            page.wait_for_timeout(200)
        cookies = {c["name"] for c in page.context.cookies()}
    assert uploads == [("PUT", 204)], uploads  # 400 would mean it reached a server without the session
    assert {"exodus_affinity", "_streamlit_xsrf"} <= cookies
