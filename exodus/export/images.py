"""PNG and SVG images through one headless Chromium, started once and reused.

Starting a browser costs about two seconds, so :class:`StaticExporter` starts it on
first use on a private event-loop thread and keeps it. kaleido's own
``start_sync_server()`` is not used: when the browser fails to start, its worker thread
dies and every later call waits forever. A hung browser is killed with all its processes
and started again (:mod:`exodus.export.processes`).

Our maps are plain x/y polygons: no figure of the dashboard needs topojson or map tiles
from the internet, so none is handled here.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import importlib.util
import os
import threading
import time

from exodus import config
from exodus.export.light import light_copy
from exodus.export.processes import kill_process_tree, reap_group

DEBIAN_CHROMIUM = "/usr/bin/chromium"
RETRY_START_AFTER = config.BROWSER_RETRY_AFTER
IMAGE_TIMEOUT = config.IMAGE_TIMEOUT
PROBLEM_SHOWN_FOR = config.EXPORT_PROBLEM_SHOWN_FOR


class ExportUnavailable(RuntimeError):
    """An export cannot be made here; the message names what is missing."""


class ExportTimedOut(ExportUnavailable):
    """An image took longer than its time limit; the browser was killed and restarted."""


class ExportBusy(ExportUnavailable):
    """The export browser stayed busy with other images for longer than the time limit."""


def _executable(path) -> bool:
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


class StaticExporter:
    """PNG and SVG through one headless Chromium, started on first use and reused.

    Safe to share between threads (Streamlit reruns): calls are serialised by a lock.
    The browser is the given path, else $BROWSER_PATH, else /usr/bin/chromium, else
    whatever kaleido's browser search finds.
    """

    def __init__(self, browser_path: str | None = None, *, timeout: float = 60.0, image_timeout: float = IMAGE_TIMEOUT):
        self._explicit_path = browser_path
        self.timeout = timeout
        self.image_timeout = image_timeout
        self.kills = 0  # how many hung browsers were killed
        self.last_problem: tuple[float, str] | None = None
        self.launches = 0  # how many times a browser was started, for tests and benchmarks
        self._lock = threading.RLock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._start_error: str | None = None
        self._failed_at = 0.0

    # -- finding the browser
    def browser_path(self) -> str | None:
        for candidate in (self._explicit_path, os.environ.get("BROWSER_PATH")):
            if candidate:  # a path someone chose wins, even when it is wrong
                return candidate if _executable(candidate) else None
        if _executable(DEBIAN_CHROMIUM):
            return DEBIAN_CHROMIUM
        try:
            from choreographer.browsers import Chromium

            found = Chromium.find_browser(skip_local=False)
        except Exception:  # noqa: BLE001 - a search that fails means "not found"
            return None
        return found if _executable(found) else None

    def missing(self) -> str | None:
        """Why static export cannot work here, or None."""
        try:
            if self._start_error and time.monotonic() - self._failed_at < RETRY_START_AFTER:
                return self._start_error
            if importlib.util.find_spec("kaleido") is None:
                return "the kaleido package is not installed (pip install kaleido)"
            if self.browser_path():
                return None
            chosen = self._explicit_path or os.environ.get("BROWSER_PATH")
            if chosen:
                how = "browser_path" if self._explicit_path else "BROWSER_PATH"
                return f"{how}={chosen!r} is not an executable file"
            return (f"no Chromium found ({DEBIAN_CHROMIUM} is missing and kaleido found none); "
                    "install it (apt-get install chromium) or set BROWSER_PATH")
        except Exception as error:  # noqa: BLE001
            return f"browser check failed: {error}"

    def browser_available(self) -> bool:
        """True when a browser can be started; never raises."""
        try:
            return self.missing() is None
        except Exception:  # noqa: BLE001
            return False

    # -- lifecycle
    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        with self._lock:
            if self._kaleido is not None:
                return
            if reason := self.missing():
                raise ExportUnavailable(f"PNG/SVG export unavailable: {reason}")
            import kaleido

            path = self.browser_path()
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="exodus-export-browser", daemon=True)
            thread.start()

            async def open_browser():
                # mathjax=False: kaleido would otherwise load MathJax from a CDN.
                k = kaleido.Kaleido(n=1, timeout=self.timeout, mathjax=False, path=path)
                await k.open()
                return k

            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(self.timeout)
            except Exception as error:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(5)
                loop.close()
                self._start_error = f"the browser at {path} did not start: {error}"
                self._failed_at = time.monotonic()
                raise ExportUnavailable(f"PNG/SVG export unavailable: {self._start_error}") from error
            self._loop, self._thread, self._start_error = loop, thread, None
            self.launches += 1
            if self.launches == 1:
                atexit.register(self.close)

    def close(self) -> None:
        with self._lock:
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
            if loop is None:
                return
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(15)
            except Exception:  # noqa: BLE001 - closing a broken browser is best effort
                pass
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            if not thread.is_alive():
                loop.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- supervision
    def browser_pid(self) -> int | None:
        """Process id of the running browser (the leader of its own process group)."""
        process = getattr(self._kaleido, "subprocess", None)
        return getattr(process, "pid", None)

    def kill_browser(self) -> None:
        """Kill the browser and every process it started, reap them, and forget it: the
        next image starts a fresh one. Used when an image hangs; never raises."""
        with self._lock:
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
            if k is None:
                return
            process = getattr(k, "subprocess", None)
            if process is not None:
                kill_process_tree(process.pid)
                try:
                    process.wait(5)
                except Exception:  # noqa: BLE001 - reaped below or by its parent
                    pass
                reap_group(process.pid)
            self.kills += 1
            if loop is not None:
                loop.call_soon_threadsafe(loop.stop)
                if thread is not None:
                    thread.join(5)
                if thread is None or not thread.is_alive():
                    loop.close()

    def _restart_quietly(self) -> None:
        try:
            self.start()
        except Exception:  # noqa: BLE001 - the next image reports it
            pass

    def recent_problem(self, within: float = PROBLEM_SHOWN_FOR) -> str | None:
        """What went wrong with the last failed image, if that was recent."""
        if self.last_problem and time.monotonic() - self.last_problem[0] < within:
            return self.last_problem[1]
        return None

    def _note(self, message: str) -> None:
        self.last_problem = (time.monotonic(), message)

    # -- rendering
    def _render(self, fig, fmt: str, width: int, height: int, scale: float) -> bytes:
        fig = light_copy(fig)
        opts = dict(format=fmt, width=width, height=height, scale=scale)
        if not self._lock.acquire(timeout=self.image_timeout + 10):
            message = (f"the export browser has been busy with other images for over {self.image_timeout + 10:g} seconds; "
                       "try again shortly, or download the chart as HTML or its data as CSV")
            self._note(message)
            raise ExportBusy(message)
        try:
            self.start()
            job = asyncio.run_coroutine_threadsafe(
                self._kaleido.calc_fig(fig.to_dict(), opts=opts), self._loop)
            try:
                return job.result(self.image_timeout)
            except concurrent.futures.TimeoutError:
                job.cancel()
                self.kill_browser()
                message = (f"the {fmt.upper()} image took longer than {self.image_timeout:g} seconds, so the export browser "
                           "was stopped and is being restarted; download the chart as HTML or its data as CSV, "
                           "or try the image again in a moment")
                self._note(message)
                threading.Thread(target=self._restart_quietly, name="exodus-export-restart", daemon=True).start()
                raise ExportTimedOut(message) from None
            except BaseException as error:
                job.cancel()
                from kaleido.errors import JavascriptError, KaleidoError

                if not isinstance(error, (JavascriptError, KaleidoError)):
                    self.kill_browser()  # the browser may be gone or stuck: the next call starts afresh
                self._note(f"the {fmt.upper()} image failed; download the chart as HTML or its data as CSV")
                raise
        finally:
            self._lock.release()

    def to_png(self, fig, width: int = 1200, height: int = 700, scale: float = 2) -> bytes:
        """PNG bytes of width*scale x height*scale pixels."""
        return self._render(fig, "png", width, height, scale)

    def to_svg(self, fig, width: int = 1200, height: int = 700) -> bytes:
        return self._render(fig, "svg", width, height, 1)


_default: StaticExporter | None = None
_default_lock = threading.Lock()


def default_exporter() -> StaticExporter:
    """The process-wide exporter (one browser for all sessions)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = StaticExporter()
        return _default


def browser_available() -> bool:
    try:
        return default_exporter().browser_available()
    except Exception:  # noqa: BLE001
        return False
