"""How fast the dashboard loads and reruns, how much it sends, and how much memory it holds.

Run from the repository root:  .venv/bin/python benchmarks/bench_app.py [--loads N] [--reruns N] [--parts abcde]

Prints four groups of figures; asserts nothing:

a) time from ``page.goto`` to the first chart, and to the headline text, visible in
   headless Chromium, for the map page and for the bare pages in benchmarks/fixtures
   (hello world, and hello world with one Plotly chart: the floors), side by side in one run;
b) server time of a rerun after a date-range change (Streamlit's AppTest, no browser);
c) bytes sent to the browser for the map page: HTTP (the frontend's static files) and
   websocket (the app's data: figures, map shapes, widgets);
d) resident memory of the server idle, with 1 session and with 20 concurrent sessions;
e) time from a click on a chart's export button in Chromium until the file has arrived,
   the first click (which starts the browser that draws images) and the warm ones.
"""

from __future__ import annotations

import argparse
import logging
import time
from datetime import date, timedelta

from _common import (CHART, MIB, ROOT, VIEWPORT, RssSampler, browser, machine, median, mib, require_browser, running_app,
                     tree_rss, wait_for_charts)

HELLO_TEXT = "Hello, world"
#: The floors: a bare page with a title and one line, and the same with one three-point
#: Plotly line (every page with a Plotly chart loads Plotly's frontend component).
HELLO_APP, PLOTLY_APP = ROOT / "benchmarks" / "fixtures" / "hello.py", ROOT / "benchmarks" / "fixtures" / "hello_plotly.py"
#: The dashboard's headline text: the map page's title, the first text a reader sees.
HEADLINE_TEXT = "Who left Russia, across which border, and when"
#: Each rerun picks a range not asked for before: the page builds its charts anew.
FIRST_START, END = date(2022, 9, 1), date(2022, 10, 31)
PAGES = {"map": None, "timelines": "pages/timelines.py"}


def load_seconds(chromium, url: str, ready) -> float:
    """Seconds from ``goto`` until ``ready(page)`` returns, in a fresh browser context."""
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        began = time.perf_counter()
        page.goto(url, wait_until="commit")
        ready(page)
        return time.perf_counter() - began
    finally:
        context.close()


def chart_visible(page) -> None:
    page.wait_for_selector(CHART, state="visible", timeout=60_000)


def hello_visible(page) -> None:
    page.get_by_text(HELLO_TEXT).first.wait_for(state="visible", timeout=60_000)


def headline_visible(page) -> None:
    page.get_by_text(HEADLINE_TEXT).first.wait_for(state="visible", timeout=60_000)


def first_chart(loads: int) -> None:
    """a) page load, dashboard against the bare pages (benchmarks/fixtures), interleaved:
    the first chart against the bare page with one Plotly chart (target <= 1.15x), and the
    headline text against the bare hello world (target <= 1.3x)."""
    with (running_app(str(HELLO_APP)) as (hello_url, _), running_app(str(PLOTLY_APP)) as (plotly_url, _),
          running_app() as (app_url, _), browser() as chromium):
        targets = {"hello world": (hello_url, hello_visible), "hello + 1 Plotly chart": (plotly_url, chart_visible),
                   "dashboard headline text": (app_url + "/", headline_visible),
                   "dashboard map page": (app_url + "/", chart_visible)}
        cold = {name: load_seconds(chromium, url, ready) for name, (url, ready) in targets.items()}
        times = {name: [] for name in targets}
        for _ in range(loads):
            for name, (url, ready) in targets.items():
                times[name].append(load_seconds(chromium, url, ready))
    print(f"a) goto -> first chart (hello: text) visible, fresh context each, median of {loads}")
    for name in targets:
        runs = ", ".join(f"{t:.2f}" for t in times[name])
        print(f"   {name:<24} {median(times[name]):6.2f} s   (runs {runs}; first load on a fresh server {cold[name]:.2f} s)")
    ratio = median(times["dashboard map page"]) / median(times["hello + 1 Plotly chart"])
    print(f"   first chart / bare page with one Plotly chart: {ratio:.2f}x   (target <= 1.15x)")
    ratio = median(times["dashboard headline text"]) / median(times["hello world"])
    print(f"   headline text / bare hello world: {ratio:.2f}x   (target <= 1.3x)")
    ratio = median(times["dashboard map page"]) / median(times["hello world"])
    print(f"   first chart / bare hello world: {ratio:.2f}x")


def rerun_time(reruns: int) -> None:
    """b) AppTest: server time of a rerun after the date range changes, per page.

    Charts are cached per filter state, so a range never shown before (charts built) and a
    range shown before (charts from the cache) are timed apart.
    """
    from streamlit.testing.v1 import AppTest

    print(f"b) server time of a rerun after a date-range change (AppTest, no browser), median of {reruns}")
    offset = 0
    for name, script in PAGES.items():
        quiet_streamlit()
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.run()
        quiet_streamlit()  # a run sets Streamlit's log levels again
        if script:
            at.switch_page(script).run()
        fresh = [(FIRST_START + timedelta(days=offset + i), END) for i in range(reruns + 1)]
        offset += reruns + 1
        new = [timed_rerun(at, span) for span in fresh][1:]  # the first one warms the page up
        seen = [timed_rerun(at, fresh[1 + i % 2]) for i in range(reruns)]
        for label, times in (("new range", new), ("range seen before", seen)):
            runs = ", ".join(f"{t * 1000:.0f}" for t in times)
            target = 100 if label == "new range" else 60
            print(f"   {name:<10} {label:<18} {median(times) * 1000:5.0f} ms  (runs: {runs}; target < {target} ms)")


def quiet_streamlit() -> None:
    """Hide the harmless warning AppTest logs when widgets are set outside a script run."""
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)


def timed_rerun(at, span: tuple[date, date]) -> float:
    """Set the date range, rerun, and return the seconds the rerun took."""
    widget = at.date_input(key="f_range").set_value(span)
    began = time.perf_counter()
    widget.run()
    took = time.perf_counter() - began
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])
    return took


def bytes_sent() -> None:
    """c) bytes the map page costs a new visitor, by channel, until the network is quiet."""
    http, ws = {}, {"frames": 0, "bytes": 0}
    with running_app() as (url, _), browser() as chromium:
        warm = chromium.new_context(viewport=VIEWPORT)
        wait_for_charts_on(warm.new_page(), url)  # the first session fills the server's caches
        warm.close()
        context = chromium.new_context(viewport=VIEWPORT)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        urls = {}
        cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: http.__setitem__(e["requestId"], e["encodedDataLength"]))

        def on_frame(payload) -> None:
            ws["frames"] += 1
            ws["bytes"] += len(payload.encode() if isinstance(payload, str) else payload)

        page.on("websocket", lambda socket: socket.on("framereceived", on_frame))
        wait_for_charts_on(page, url)
        quiet_for(page, lambda: (len(http), sum(http.values()), ws["bytes"]), seconds=2.0)
        context.close()
    static = sum(n for rid, n in http.items() if "/static/" in urls.get(rid, ""))
    other = sum(http.values()) - static
    total = sum(http.values()) + ws["bytes"]
    print("c) bytes received by the browser for the map page (fresh context, nothing cached)")
    print(f"   HTTP, frontend static files (JS/CSS/fonts, cacheable per version): {static / MIB:6.2f} MiB")
    print(f"   HTTP, other (page, health, host config):                            {other / 1024:6.1f} KiB")
    print(f"   HTTP requests: {len(http)}")
    print(f"   websocket frames, app data ({ws['frames']} frames):                      {ws['bytes'] / MIB:6.2f} MiB  (target < 1.5 MB)")
    print(f"   total:                                                              {total / MIB:6.2f} MiB")


def wait_for_charts_on(page, url: str) -> None:
    page.goto(url, wait_until="commit")
    wait_for_charts(page)


def quiet_for(page, counters, seconds: float, limit: float = 30.0) -> None:
    """Wait until ``counters()`` stays the same for ``seconds`` (at most ``limit`` seconds)."""
    deadline, last, since = time.monotonic() + limit, counters(), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < seconds:
        page.wait_for_timeout(200)
        now = counters()
        if now != last:
            last, since = now, time.monotonic()


def memory(sessions: int) -> None:
    """d) server RSS (process and children): idle, 1 session, ``sessions`` concurrent sessions."""
    with running_app() as (url, proc), browser() as chromium:
        time.sleep(2)
        idle = tree_rss(proc.pid)
        contexts = [chromium.new_context(viewport=VIEWPORT)]
        wait_for_charts_on(contexts[0].new_page(), url)
        time.sleep(2)
        one = tree_rss(proc.pid)
        with RssSampler(proc.pid) as sampler:
            began = time.perf_counter()
            pages = []
            for _ in range(sessions - 1):
                contexts.append(chromium.new_context(viewport=VIEWPORT))
                pages.append(contexts[-1].new_page())
                pages[-1].goto(url, wait_until="commit")
            for page in pages:
                wait_for_charts(page, timeout=180_000)
            loaded = time.perf_counter() - began
            time.sleep(2)
            many = tree_rss(proc.pid)
        for context in contexts:
            context.close()
    print("d) server resident memory (streamlit process and its children)")
    print(f"   idle, before any session:        {mib(idle)}")
    print(f"   1 session, map drawn:            {mib(one)}")
    print(f"   {sessions} concurrent sessions, all drawn: {mib(many)}  (peak while loading {mib(sampler.peak)};"
          f" {sessions - 1} pages loaded together in {loaded:.1f} s)")
    print(f"   per extra session:               {(many - one) / (sessions - 1) / MIB:,.1f} MiB")


#: The map's export buttons timed in e): the label the reader clicks.
EXPORT_BUTTONS = ("PNG", "PNG 680 px", "SVG", "CSV")


def export_clicks(clicks: int) -> None:
    """e) click -> file downloaded, for each of the map's export buttons: the first click,
    then the median of ``clicks`` more (each builds its file anew: nothing is cached)."""
    with running_app() as (url, _), browser() as chromium:
        context = chromium.new_context(viewport=VIEWPORT, accept_downloads=True)
        page = context.new_page()
        page.goto(url + "/?preset=mobilization", wait_until="commit")
        wait_for_charts(page)
        print(f"e) click on the map's export button -> file downloaded (Chromium), median of {clicks} warm clicks")
        for label in EXPORT_BUTTONS:
            button = page.get_by_test_id("stDownloadButton").get_by_role("button", name=label, exact=True).first
            times = []
            for _ in range(clicks + 1):
                began = time.perf_counter()
                with page.expect_download(timeout=180_000) as info:
                    button.click()
                info.value.path()  # returns once the whole file has arrived
                times.append(time.perf_counter() - began)
            runs = ", ".join(f"{t:.2f}" for t in times[1:])
            print(f"   {label:<11} warm {median(times[1:]):5.2f} s  (runs {runs}; first click {times[0]:.2f} s)")
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--loads", type=int, default=5, help="page loads per app for a) (default 5)")
    parser.add_argument("--reruns", type=int, default=7, help="reruns per page for b) (default 7)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions for d) (default 20)")
    parser.add_argument("--clicks", type=int, default=5, help="warm clicks per export button for e) (default 5)")
    parser.add_argument("--parts", default="abcde", help="which groups to run, e.g. 'ab' (default abcde)")
    args = parser.parse_args()
    if set(args.parts) & set("acde"):
        require_browser()
    print(f"machine: {machine()}")
    if "a" in args.parts:
        first_chart(args.loads)
    if "b" in args.parts:
        rerun_time(args.reruns)
    if "c" in args.parts:
        bytes_sent()
    if "d" in args.parts:
        memory(args.sessions)
    if "e" in args.parts:
        export_clicks(args.clicks)
    print(f"machine at the end: {machine()}")


if __name__ == "__main__":
    main()
