"""The worst upload against a neighbour: chart message, server memory and another
visitor's rerun latency while one visitor uploads, over websockets, without browsers.

Run from the repository root:
    .venv/bin/python benchmarks/bench_upload.py [--seconds 20] [--file worst|long-row] [--root PATH]

One session (the neighbour) reruns the map page back to back with new custom ranges, as
``ws_load_test.py`` does, first alone for ``--seconds``, then for as long again while a
second session uploads a file on the Data & sources page over and over, speaking the
frontend's protocol: it asks for an upload address, PUTs the file, then reruns with the
uploader's widget state naming it. Each upload is a new file, so it is checked again.

``--file worst`` is the largest file the upload limits allow, built to make the biggest
chart message (tests/uploads.py); ``--file long-row`` is one valid daily row from
2000-01-01 to 2025-12-31 with 2,000-character texts (the case that made a 40 MB timeline
before the payload work). ``--root`` serves another checkout of the app (for the figures
before a change); the XSRF check is switched off on that server so the script can PUT.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
import urllib.request
import uuid
from pathlib import Path

import psutil

from _common import ROOT, RssSampler, machine, mib, percentile, running_app, tree_cpu
from ws_load_test import Client, RerunError, custom_query, problems_of

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Common_pb2 import FileURLsRequest, FileUploaderState, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

TIMEOUT = 120.0


def upload_file(kind: str) -> bytes:
    from conftest import departure, to_csv
    from uploads import fit_to_size, worst_rows

    if kind == "worst":
        return fit_to_size(worst_rows(character="\U0001F600"))
    return to_csv("departures", [departure(measure="daily", period_start="2000-01-01", period_end="2025-12-31",
                                           reported_on="2026-01-01", qualifier="exact", value="100",
                                           reporting_body="B" * 2000, source_publisher="P" * 2000)])


class Uploader:
    """A session on the Data & sources page that uploads files through the file uploader."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.session_id = self.widget_id = self.page_hash = self.fragment_id = ""
        self.ws = None

    async def open(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=30)
        await self.run(ClientState(query_string="preset=all", page_name="data"))
        if not self.widget_id:
            raise SystemExit("the Data & sources page showed no file uploader")

    async def close(self) -> None:
        await self.ws.close()

    async def _read_until(self, done) -> dict:
        seen = {"charts": [], "bytes": 0, "exceptions": 0, "errors": []}
        async with asyncio.timeout(TIMEOUT):
            while True:
                data = await self.ws.recv(decode=False)
                seen["bytes"] += len(data)
                fwd = ForwardMsg.FromString(data)
                kind = fwd.WhichOneof("type")
                if kind == "new_session":
                    self.session_id = fwd.new_session.initialize.session_id
                elif kind == "navigation":
                    self.page_hash = self.page_hash or fwd.navigation.page_script_hash
                elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    element = fwd.delta.new_element
                    which = element.WhichOneof("type")
                    if which == "file_uploader":
                        self.widget_id = element.file_uploader.id
                        self.fragment_id = fwd.delta.fragment_id  # the upload section's fragment, if it is one
                    elif which == "plotly_chart":
                        seen["charts"].append(len(element.plotly_chart.spec.encode("utf-8")))
                    elif which == "exception":
                        seen["exceptions"] += 1
                    elif which == "alert" and element.alert.format == 1:  # st.error
                        seen["errors"].append(element.alert.body[:120])
                if done(fwd):
                    return seen | {"last": fwd}

    async def run(self, state: ClientState) -> dict:
        await self.ws.send(BackMsg(rerun_script=state).SerializeToString())
        return await self._read_until(lambda f: f.WhichOneof("type") == "script_finished"
                                      and f.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN)

    async def upload(self, raw: bytes) -> dict:
        """Upload ``raw`` as a new file and rerun with it; returns what the rerun sent."""
        request_id = uuid.uuid4().hex
        await self.ws.send(BackMsg(file_urls_request=FileURLsRequest(
            request_id=request_id, file_names=["worst.csv"], session_id=self.session_id)).SerializeToString())
        reply = await self._read_until(lambda f: f.WhichOneof("type") == "file_urls_response"
                                       and f.file_urls_response.response_id == request_id)
        urls = reply["last"].file_urls_response.file_urls[0]
        await asyncio.to_thread(self._put, urls.upload_url, raw)
        info = UploadedFileInfo(name="worst.csv", size=len(raw), file_id=urls.file_id, file_urls=urls)
        widget = WidgetState(id=self.widget_id, file_uploader_state_value=FileUploaderState(uploaded_file_info=[info]))
        began = time.perf_counter()
        # As the browser does: a widget inside a fragment asks for a rerun of that fragment alone.
        seen = await self.run(ClientState(query_string="preset=all", page_name="data", page_script_hash=self.page_hash,
                                          widget_states=WidgetStates(widgets=[widget]), fragment_id=self.fragment_id))
        return seen | {"seconds": time.perf_counter() - began}

    def _put(self, upload_url: str, raw: bytes) -> None:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"worst.csv\"\r\n"
                f"Content-Type: text/csv\r\n\r\n").encode() + raw + f"\r\n--{boundary}--\r\n".encode()
        url = upload_url if upload_url.startswith("http") else self.base_url + upload_url
        request = urllib.request.Request(url, data=body, method="PUT",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()


async def neighbour(ws_url: str, seconds: float, seed: int) -> tuple[list[float], int]:
    client = Client(ws_url, "")
    await client.open()
    rng = random.Random(seed)
    await client.rerun("preset=mobilization", timeout=TIMEOUT)
    latencies, errors = [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        began = time.perf_counter()
        try:
            reply = await client.rerun(custom_query(rng), timeout=TIMEOUT)
        except RerunError:
            errors += 1
            continue
        latencies.append(time.perf_counter() - began)
        errors += bool(problems_of(reply))
    await client.close()
    return latencies, errors


async def uploads_for(base_url: str, raw: bytes, seconds: float) -> list[dict]:
    uploader = Uploader(base_url)
    await uploader.open()
    done, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = await uploader.upload(raw)
        result.pop("last", None)
        done.append(result)
    await uploader.close()
    return done


def _uploader_process(base_url: str, raw: bytes, seconds: float, results) -> None:
    # The uploading visitor's browser runs on their machine, not the server's: here its
    # stand-in reads each 1.5 MB chart message too, so on a 2-core machine it takes CPU
    # only when a core is idle (niceness 19), and what is measured is the server's share.
    os.nice(19)
    results.put(asyncio.run(uploads_for(base_url, raw, seconds)))


def during_uploads(base_url: str, raw: bytes, seconds: float) -> tuple[list[float], int, list[dict]]:
    """The neighbour reruns in this process while another process uploads: reading a
    large chart message in the same process would stall the neighbour's own timing."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    uploader = context.Process(target=_uploader_process, args=(base_url, raw, seconds + 1, results))
    uploader.start()
    time.sleep(1.5)  # the uploader has connected and its first upload is under way
    latencies, errors = asyncio.run(neighbour(base_url.replace("http://", "ws://") + "/_stcore/stream", seconds, seed=2))
    done = results.get(timeout=TIMEOUT + seconds)
    uploader.join(10)
    return latencies, errors, done


class PssSampler(RssSampler):
    """Peak of the proportional set size summed over the server and its children: pages
    a forked checker shares with the process it came from are counted once, not twice."""

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for process in [psutil.Process(self.pid), *psutil.Process(self.pid).children(recursive=True)]:
                try:
                    total += process.memory_full_info().pss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            self.peak = max(self.peak, total)
            self.samples += 1
            self._stop.wait(self.every)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def settle(pid: int, quiet: float = 0.1, most: float = 60) -> float:
    """Wait until the server and its children use under ``quiet`` cores for a second."""
    began = time.monotonic()
    while time.monotonic() - began < most:
        before = tree_cpu(pid)
        time.sleep(1)
        if tree_cpu(pid) - before < quiet:
            break
    return time.monotonic() - began


def line(name: str, values: list[float]) -> str:
    return (f"{name}: {len(values)} reruns, p50 {percentile(values, 50) * 1000:.0f} ms, "
            f"p95 {percentile(values, 95) * 1000:.0f} ms, max {max(values, default=float('nan')) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase (default 20)")
    parser.add_argument("--file", choices=["worst", "long-row"], default="worst")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout of the app to serve (default: this one)")
    args = parser.parse_args()
    raw = upload_file(args.file)
    print(f"machine: {machine()}")
    print(f"serving {args.root}; upload: --file {args.file}, {len(raw):,} bytes")
    env = {"STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION": "false", "STREAMLIT_SERVER_MAX_MESSAGE_SIZE": "1000"}
    with running_app(extra_env=env, cwd=args.root) as (url, proc):
        ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        asyncio.run(neighbour(ws_url, 0, seed=0))  # the first session loads the data (and starts the checker)
        print(f"server settled after {settle(proc.pid):.0f} s")
        with RssSampler(proc.pid, every=0.25) as idle, PssSampler(proc.pid, every=0.25) as idle_pss:
            alone, alone_errors = asyncio.run(neighbour(ws_url, args.seconds, seed=1))
        server = psutil.Process(proc.pid)
        own_before = sum(server.cpu_times()[:2])
        with RssSampler(proc.pid, every=0.25) as busy, PssSampler(proc.pid, every=0.25) as busy_pss:
            during, during_errors, done = during_uploads(url, raw, args.seconds)
        own_cpu = sum(server.cpu_times()[:2]) - own_before
    print(line("neighbour alone        ", alone) + f", errors {alone_errors}")
    print(line("neighbour during upload", during) + f", errors {during_errors}")
    print(f"p95 during / alone: {percentile(during, 95) / percentile(alone, 95):.2f}x (target <= 1.20x)")
    charts = [size for d in done for size in d["charts"]]
    print(f"uploads processed: {len(done)}; upload rerun p50 {percentile([d['seconds'] for d in done], 50):.2f} s; "
          f"largest chart message {max(charts, default=0) / 1e6:.2f} MB; exceptions {sum(d['exceptions'] for d in done)}")
    errors = sorted({e for d in done for e in d["errors"]})
    if errors:
        print(f"errors shown to the uploader: {errors[:3]}")
    print(f"CPU of the server process during the upload phase: {own_cpu:.1f} s (the neighbour's reruns included; "
          "the checking processes not)")
    print(f"server memory (process and children), peak RSS: {mib(idle.peak)} alone, {mib(busy.peak)} during uploads; "
          f"peak PSS: {mib(idle_pss.peak)} alone, {mib(busy_pss.peak)} during uploads")
    print(f"machine at the end: {machine()}")


if __name__ == "__main__":
    main()
