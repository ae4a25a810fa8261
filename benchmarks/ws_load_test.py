"""Bounded load test on loopback without browsers: many websocket sessions rerunning at once.

Run from the repository root:
    .venv/bin/python benchmarks/ws_load_test.py [--sessions 20] [--seconds 60] [--baseline 30]

Starts the dashboard and opens ``--sessions`` websocket connections to ``/_stcore/stream``
that speak Streamlit's own protocol, as the browser's frontend does: each sends a
``BackMsg`` asking for a rerun with a query string (the filters live in the URL) and reads
``ForwardMsg`` replies until ``script_finished``. Half the sessions are on the map page,
half on the timelines page. Nothing is drawn, so this measures the server alone, while
``load_test.py`` measures what browser tabs on the same machine see.

Before the timed part, one session checks that the query string really changes what the
server sends: the chart of ``preset=mobilization`` must differ from the one of
``preset=crocus`` on both pages, and a custom range must show up in the sidebar caption.
The script exits with an error if not, because the figures would then time a no-op.

Each session then loops for ``--seconds`` seconds: it picks the next filter (the four
presets in turn, or a custom range drawn at random, seeded per session so most ranges
are new to the server's chart cache), sends the rerun and times it until
``script_finished``. Errors are: a rerun without a Plotly chart, an exception element
(``st.exception`` or an uncaught error), a script that did not compile, a dropped
connection, or no ``script_finished`` within 30 s. ``--baseline SECONDS`` first runs the
same test with one session for that long, on the same server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import psutil
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from _common import RssSampler, machine, mib, percentile, running_app, tree_cpu, tree_rss

from exodus.derive.filters import PRESETS, Filters
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ORDER = list(PRESETS)  # mobilization, crocus, invasion, all
#: Pages by the name the frontend sends for their URL path ("" is the default page, the map).
PAGES = {"": "map", "timelines": "timelines"}
#: Each page's title, to check that the page asked for is the one that ran.
TITLES = {"map": "Who left Russia, across which border, and when", "timelines": "Timelines"}
FIRST_DAY, LAST_DAY = date(2022, 2, 24), date(2024, 12, 31)
MIN_DAYS, MAX_DAYS = 14, 400
RERUN_TIMEOUT = 30.0  # s
OPEN_TIMEOUT = 120.0  # s: the first run of a fresh server loads the data
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


class RerunError(Exception):
    """A rerun that did not end as it should; ``kind`` is what the report counts."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


@dataclass
class Reply:
    """What the server sent back for one rerun."""

    charts: list[str] = field(default_factory=list)  # Plotly figure JSON, in order
    exceptions: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # markdown bodies (captions, headings...)
    compile_error: bool = False
    wrong_page: bool = False
    page_script_hash: str = ""
    messages: int = 0
    bytes: int = 0


class Client:
    """One websocket session on one page, speaking the frontend's protocol."""

    def __init__(self, ws_url: str, page_name: str, headers: dict | None = None, resume: str = ""):
        self.ws_url, self.page_name, self.page_script_hash, self.ws = ws_url, page_name, "", None
        # ``headers``: e.g. the cookies a proxy set; ``resume``: the id of a session to reconnect to.
        self.headers, self.resume, self.session_id = headers or {}, resume, ""

    async def open(self) -> None:
        # The frontend sends "streamlit" as the subprotocol, then an XSRF token and a session
        # id to resume; without an Origin header the server needs no token ("-" keeps the place).
        subprotocols = ["streamlit", "-", self.resume] if self.resume else ["streamlit"]
        self.ws = await connect(self.ws_url, subprotocols=subprotocols, max_size=None, open_timeout=30,
                                additional_headers=self.headers)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def rerun(self, query: str, timeout: float = RERUN_TIMEOUT) -> Reply:
        """Ask for a rerun with ``query`` as the URL's query string; wait for its end."""
        msg = BackMsg(rerun_script=ClientState(query_string=query, page_name=self.page_name,
                                               page_script_hash=self.page_script_hash))
        reply = Reply()
        try:
            async with asyncio.timeout(timeout):
                await self.ws.send(msg.SerializeToString())
                while True:
                    data = await self.ws.recv(decode=False)
                    reply.messages += 1
                    reply.bytes += len(data)
                    fwd = ForwardMsg.FromString(data)
                    kind = fwd.WhichOneof("type")
                    if kind == "delta":
                        _read_delta(fwd.delta, reply)
                    elif kind == "new_session":  # the first reply on a connection names its session
                        self.session_id = fwd.new_session.initialize.session_id
                    elif kind == "navigation":  # the page st.navigation chose (new_session names the entry script)
                        reply.page_script_hash = fwd.navigation.page_script_hash
                    elif kind == "ref_hash":  # not expected: this client reports no cached messages
                        raise RerunError("message sent by reference")
                    elif kind == "script_finished" and fwd.script_finished in FINISHED:
                        reply.compile_error = fwd.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR
                        break
                    # FINISHED_EARLY_FOR_RERUN (the app's own st.rerun): keep reading.
        except TimeoutError:
            raise RerunError("timeout (30 s)") from None
        except ConnectionClosed:
            raise RerunError("connection dropped") from None
        if not self.page_script_hash:
            self.page_script_hash = reply.page_script_hash  # as the frontend does after its first run
        elif reply.page_script_hash != self.page_script_hash:
            reply.wrong_page = True
        return reply


def _read_delta(delta, reply: Reply) -> None:
    if delta.WhichOneof("type") != "new_element":
        return
    element = delta.new_element
    kind = element.WhichOneof("type")
    if kind == "plotly_chart":
        reply.charts.append(element.plotly_chart.spec)
    elif kind == "exception":
        reply.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:200])
    elif kind == "markdown":
        reply.texts.append(element.markdown.body)
    elif kind == "heading":
        reply.texts.append(element.heading.body)


def problems_of(reply: Reply) -> list[str]:
    """The error kinds a finished rerun counts for."""
    found = []
    if reply.compile_error:
        found.append("script did not compile")
    if reply.exceptions:
        found.append("exception element")
    if not reply.charts:
        found.append("no Plotly chart")
    if reply.wrong_page:
        found.append("another page ran")
    return found


def custom_query(rng: random.Random) -> str:
    days = rng.randint(MIN_DAYS, MAX_DAYS)
    start = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days - MIN_DAYS))
    end = min(start + timedelta(days=days), LAST_DAY)
    return f"preset=custom&from={start.isoformat()}&to={end.isoformat()}"


class Session:
    """A client that keeps changing its filters until the deadline."""

    def __init__(self, index: int, ws_url: str, seed: int, stats: Stats, think: float = 0.0, visit: bool = False):
        self.index, self.ws_url, self.stats, self.think, self.visit = index, ws_url, stats, think, visit
        self.page_name = list(PAGES)[index % len(PAGES)]
        self.rng = random.Random(f"{seed}-{index}")
        self.step, self.last = index % len(ORDER), ""
        self.headers: dict = {}
        self.client = Client(ws_url, self.page_name)

    def next_query(self) -> str:
        """Half the time the next preset in turn, half the time a random custom range."""
        while True:
            if self.rng.random() < 0.5:
                self.step = (self.step + 1) % len(ORDER)
                query = f"preset={ORDER[self.step]}"
            else:
                query = custom_query(self.rng)
            if query != self.last:
                self.last = query
                return query

    async def open(self) -> None:
        """Connect and run the page once, as a browser opening the page does."""
        if self.visit and not self.headers:  # behind a proxy: load the page first, keep its cookies
            self.headers = await asyncio.to_thread(visit_page, page_url(self.ws_url, self.page_name))
            self.client.headers = self.headers
        await self.client.open()
        reply = await self.client.rerun(self.next_query(), timeout=OPEN_TIMEOUT)
        for kind in problems_of(reply):
            self.stats.errors.update([f"first run: {kind}"])

    async def reconnect(self) -> None:
        await self.client.close()
        self.client = Client(self.ws_url, self.page_name, self.headers, resume=self.client.session_id)
        await self.open()

    async def run_until(self, deadline: float) -> None:
        if self.think:  # readers do not all change a filter in the same instant
            await asyncio.sleep(self.rng.uniform(0, self.think))
        while time.monotonic() < deadline:
            query = self.next_query()
            began = time.perf_counter()
            try:
                reply = await self.client.rerun(query)
            except RerunError as error:
                self.stats.errors.update([error.kind])
                if time.monotonic() < deadline:
                    try:
                        await self.reconnect()
                    except (RerunError, OSError, TimeoutError) as again:
                        self.stats.errors.update([f"reconnect failed ({getattr(again, 'kind', type(again).__name__)})"])
                        return
                continue
            elapsed = time.perf_counter() - began
            problems = problems_of(reply)
            self.stats.errors.update(problems)
            if problems and reply.exceptions:
                self.stats.exceptions.update(reply.exceptions)
            self.stats.latencies[PAGES[self.page_name]].append(elapsed)
            self.stats.by_filter["custom range" if "custom" in query else "preset"].append(elapsed)
            self.stats.bytes += reply.bytes
            if self.think:  # a person looks at the new chart before changing the filters again
                await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think)


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {page: [] for page in PAGES.values()})
    by_filter: dict[str, list[float]] = field(default_factory=lambda: {"preset": [], "custom range": []})
    errors: Counter = field(default_factory=Counter)
    exceptions: Counter = field(default_factory=Counter)
    bytes: int = 0

    @property
    def all_latencies(self) -> list[float]:
        return [x for values in self.latencies.values() for x in values]


def page_url(ws_url: str, page_name: str) -> str:
    """The page's address over HTTP, from the websocket's."""
    return ws_url.replace("ws://", "http://", 1).removesuffix("/_stcore/stream") + "/" + page_name


def visit_page(url: str) -> dict:
    """GET the page as a browser does first; returns the Cookie header its answer sets."""
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
    return {"Cookie": "; ".join(cookies)} if cookies else {}


def _figure_data(spec: str):
    """The traces of a Plotly figure JSON: what a change of filters must change."""
    return json.loads(spec).get("data")


async def check_filters_apply(ws_url: str) -> list[str]:
    """One session per page: the query string must change the charts and the caption.

    Returns what did not hold; an empty list means the test measures real work.
    """
    failures = []
    for page_name, page in PAGES.items():
        client = Client(ws_url, page_name)
        await client.open()
        try:
            replies = {}
            for preset in ("mobilization", "crocus"):
                reply = replies[preset] = await client.rerun(f"preset={preset}", timeout=OPEN_TIMEOUT)
                if problems_of(reply):
                    failures.append(f"{page}, preset={preset}: {', '.join(problems_of(reply))} {reply.exceptions}")
            if all(r.charts for r in replies.values()):
                first = [_figure_data(r.charts[0]) for r in replies.values()]
                if first[0] == first[1]:
                    failures.append(f"{page}: the first chart's data is the same for preset=mobilization and preset=crocus")
            start, end = date(2023, 1, 5), date(2023, 6, 17)
            reply = await client.rerun(f"preset=custom&from={start}&to={end}", timeout=OPEN_TIMEOUT)
            label = Filters(start, end).label
            if not any(label in text for text in reply.texts):
                failures.append(f"{page}: a custom range {start}..{end} does not show “{label}” on the page")
            if not any(text.strip() == TITLES[page] for text in reply.texts):
                failures.append(f"the {page} page did not run on its third rerun (no heading “{TITLES[page]}”)")
        finally:
            await client.close()
    return failures


async def load_test(ws_url: str, server_pid: int | list[int], sessions: int, seconds: float, seed: int,
                    think: float = 0.0, visit: bool = False) -> dict:
    """Open the sessions, then let them all rerun with new filters for ``seconds``.

    ``server_pid`` may list several servers (their CPU is added up); ``visit`` loads the page
    over HTTP before each session connects, as a browser does (behind a proxy, that sets the
    cookie that keeps the session on one server).
    """
    stats = Stats()
    crowd = [Session(i, ws_url, seed, stats, think, visit) for i in range(sessions)]
    pids = server_pid if isinstance(server_pid, list) else [server_pid]
    began = time.perf_counter()
    await asyncio.gather(*(s.open() for s in crowd))
    opened = time.perf_counter() - began
    me = psutil.Process()
    cpu_before = sum(map(tree_cpu, pids)), sum(me.cpu_times()[:2])
    began = time.monotonic()
    await asyncio.gather(*(s.run_until(began + seconds) for s in crowd))
    elapsed = time.monotonic() - began  # a little longer than ``seconds``: the last reruns finish
    server_cpu, client_cpu = sum(map(tree_cpu, pids)) - cpu_before[0], sum(me.cpu_times()[:2]) - cpu_before[1]
    rss_after = sum(map(tree_rss, pids))
    await asyncio.gather(*(s.client.close() for s in crowd))
    return {"stats": stats, "opened": opened, "elapsed": elapsed, "server_cpu": server_cpu / elapsed,
            "client_cpu": client_cpu / elapsed, "rss_after": rss_after}


def report(sessions: int, seconds: float, result: dict, peak_rss: int, samples: int) -> None:
    stats = result["stats"]
    latencies, errors = stats.all_latencies, stats.errors
    n_map = sessions - sessions // 2
    print(f"{sessions} websocket session(s) ({n_map} map, {sessions // 2} timelines), first runs of all done in "
          f"{result['opened']:.1f} s, then {seconds:.0f} s of reruns ({result['elapsed']:.1f} s until the last finished)")
    print(f"reruns completed:  {len(latencies)} ({len(latencies) / result['elapsed']:.1f} per s), "
          f"{stats.bytes / 2**20:.1f} MiB received")
    print(f"errors:            {sum(errors.values())}" + (f"  ({', '.join(f'{k}: {n}' for k, n in errors.items())})" if errors else "")
          + "  (target 0)")
    for text, n in stats.exceptions.most_common(3):
        print(f"  exception x{n}: {text}")
    print(f"rerun latency:     p50 {percentile(latencies, 50):.2f} s, p95 {percentile(latencies, 95):.2f} s, "
          f"max {max(latencies, default=float('nan')):.2f} s  (target p95 < 1 s)")
    for group, values in [*stats.latencies.items(), *stats.by_filter.items()]:
        if values:
            print(f"  {group + ':':<15}  {len(values)} reruns, p50 {percentile(values, 50):.2f} s, "
                  f"p95 {percentile(values, 95):.2f} s, max {max(values):.2f} s")
    print(f"CPU during the reruns: server {result['server_cpu']:.2f} cores, this client {result['client_cpu']:.2f} cores "
          f"(of {psutil.cpu_count()})")
    print(f"server peak RSS:   {mib(peak_rss)} ({samples} samples, every 0.5 s; {mib(result['rss_after'])} at the end)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent websocket sessions (default 20)")
    parser.add_argument("--seconds", type=float, default=60, help="how long the sessions rerun (default 60)")
    parser.add_argument("--baseline", type=float, default=0, metavar="SECONDS",
                        help="first run one session alone for this long on the same server (default: no baseline)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random custom ranges (default 0)")
    parser.add_argument("--think", type=float, default=0, metavar="SECONDS",
                        help="mean pause between a session's filter changes, as a reader looking at the chart "
                             "(uniform from half to one and a half times this; default 0: back to back)")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    phases = ([(1, args.baseline)] if args.baseline > 0 else []) + [(args.sessions, args.seconds)]
    with running_app() as (url, proc):
        ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        failures = asyncio.run(check_filters_apply(ws_url))
        if failures:
            raise SystemExit("the query string does not change what the server sends, so the test would time a no-op:\n  "
                             + "\n  ".join(failures))
        print("check: preset=mobilization and preset=crocus give different charts on both pages; "
              "a custom range reaches the page")
        for number, (sessions, seconds) in enumerate(phases):
            print()
            with RssSampler(proc.pid, every=0.5) as rss:
                result = asyncio.run(load_test(ws_url, proc.pid, sessions, seconds, seed=args.seed + 1000 * number,
                                               think=args.think))
            report(sessions, seconds, result, rss.peak, rss.samples)
    print(f"\npause between changes: {args.think:g} s on average" if args.think else "\nno pause between changes (back to back)")
    print(f"machine at the end: {machine()}")


if __name__ == "__main__":
    main()
