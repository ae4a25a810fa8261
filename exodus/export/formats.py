"""Files a journalist can take away: PNG, SVG and standalone HTML charts, safe CSV tables,
and a ZIP bundle with a README naming the filters, the period and the sources.

Nothing here imports Streamlit and nothing reaches the network. Two traps shape the code:

* ``import streamlit`` makes "streamlit" Plotly's default template. Its colours are
  placeholders (``#000001`` ...) that only the Streamlit frontend replaces, and Plotly
  Express bakes them into traces, so an exported chart comes out nearly black. Every
  export therefore gets an explicit ``plotly_white`` template and the placeholders are
  mapped back to real colours (:func:`light_copy`).
* Static images need a headless Chromium. Starting one costs about two seconds, so
  :class:`StaticExporter` starts it once on a private event-loop thread and reuses it.
  kaleido's own ``start_sync_server()`` is not used: when the browser fails to start,
  its worker thread dies and every later call waits forever.

Geo subplots (``scattergeo``, ``choropleth``) need topojson, which Plotly fetches from its
CDN. Our maps are plain x/y polygons and need none; for a geo figure pass
``topojson_dir`` (a folder holding e.g. ``world_110m.json``): HTML embeds the files, images
read them from disk. Without it, or for tile maps other than ``white-bg``,
:class:`ExportUnavailable` says what is missing instead of exporting a blank map.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import copy
import html
import importlib.util
import io
import json
import os
import re
import threading
import time
import unicodedata
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from exodus import i18n
from exodus.i18n import _, ngettext
from exodus.export.processes import kill_process_tree, reap_group

EXPORT_TEMPLATE = "plotly_white"
TEXT_COLOUR = "#2a3f5f"  # plotly_white's font colour
SOURCES_NAME, PROJECT_NAME = "exodus-sources", "exodus-project"
IMAGE_FORMATS = ("png", "svg")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
CSV_ENCODING = "utf-8-sig"  # the byte-order mark lets spreadsheet apps detect UTF-8
DEBIAN_CHROMIUM = "/usr/bin/chromium"
RETRY_START_AFTER = 60.0  # seconds before a browser that failed to start is tried again
IMAGE_TIMEOUT = 20.0  # seconds one PNG or SVG may take before the browser is treated as hung
PROBLEM_SHOWN_FOR = 300.0  # seconds the app mentions the last export failure
_PLACEHOLDER = re.compile(r"^#0000[0-9]{2}$")
_GEO_TYPES = {"scattergeo", "choropleth"}
_TILE_TYPES = {"scattermap": "map", "choroplethmap": "map", "densitymap": "map",
               "scattermapbox": "mapbox", "choroplethmapbox": "mapbox", "densitymapbox": "mapbox"}


class ExportUnavailable(RuntimeError):
    """An export cannot be made here; the message names what is missing."""


class ExportTimedOut(ExportUnavailable):
    """An image took longer than its time limit; the browser was killed and restarted."""


class ExportBusy(ExportUnavailable):
    """The export browser stayed busy with other images for longer than the time limit."""


# ---------------------------------------------------------------- figures

def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def date_range_text(start, end) -> str:
    """'21 Sep 2022 – 31 Oct 2022' (one date when start == end)."""
    first, last = _as_date(start), _as_date(end)
    if first > last:
        raise ValueError(f"start {first} is after end {last}")
    if i18n.current() != i18n.DEFAULT:
        return i18n.format_period(first, last)
    show = lambda d: f"{d.day} {d:%b %Y}"  # noqa: E731
    return show(first) if first == last else f"{show(first)} – {show(last)}"


def unique_sources(sources) -> list[str]:
    """Source names with spacing tidied, duplicates (ignoring case) dropped, sorted."""
    bodies: dict[str, str] = {}
    for source in sorted((" ".join(str(s).split()) for s in sources), key=lambda s: (s.casefold(), s)):
        if source:
            bodies.setdefault(source.casefold(), source)
    return list(bodies.values())


def source_line(sources: list[str], max_chars: int = 120) -> str:
    """'Sources: A; B; +3 more': deduplicated (ignoring case), sorted, cut to max_chars."""
    names = unique_sources(sources)
    if not names:
        raise ValueError("an exported chart needs at least one source")
    for shown in range(len(names), 0, -1):
        rest = len(names) - shown
        line = _("Sources: {names}").format(names="; ".join(names[:shown] + ([_("+{n} more").format(n=rest)] if rest else [])))
        if len(line) <= max_chars:
            return line
    # Even the first body alone is too long: shorten it at a word boundary.
    more = "; " + _("+{n} more").format(n=len(names) - 1) if len(names) > 1 else ""
    cut = names[0][: max(max_chars - len(_("Sources: {names}").format(names="")) - len(more) - 1, 1)]
    if " " in cut and names[0][len(cut):][:1] not in ("", " "):
        cut = cut[: cut.rfind(" ")]
    return _("Sources: {names}").format(names=f"{cut.rstrip(' ;,')}…{more}")


def _placeholder_colours() -> dict[str, str]:
    """Streamlit's placeholder colours mapped to plotly_white's colour at the same place."""
    if "streamlit" not in pio.templates:
        return {}
    mapping: dict[str, str] = {}

    def walk(ours, theirs):
        if isinstance(ours, dict):
            for key, value in ours.items():
                walk(value, theirs.get(key) if isinstance(theirs, dict) else None)
        elif isinstance(ours, (list, tuple)):
            for i, value in enumerate(ours):
                walk(value, theirs[i] if isinstance(theirs, (list, tuple)) and i < len(theirs) else None)
        elif isinstance(ours, str) and _PLACEHOLDER.match(ours) and isinstance(theirs, str):
            mapping.setdefault(ours.lower(), theirs)

    walk(pio.templates["streamlit"].to_plotly_json(), pio.templates[EXPORT_TEMPLATE].to_plotly_json())
    return mapping


def _replace_colours(node, mapping: dict[str, str]):
    if isinstance(node, dict):
        return {key: _replace_colours(value, mapping) for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        return type(node)(_replace_colours(value, mapping) for value in node)
    if isinstance(node, str) and _PLACEHOLDER.match(node):
        return mapping.get(node.lower(), TEXT_COLOUR)
    if getattr(node, "dtype", None) is not None and node.dtype.kind in "OU":
        return [_replace_colours(value, mapping) for value in node.tolist()]
    return node


def _is_light(colour) -> bool:
    colour = str(colour or "").strip().lower()
    if colour == "white":
        return True
    if m := re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", colour):
        digits = m.group(1) if len(m.group(1)) == 6 else "".join(c * 2 for c in m.group(1))
        rgb = [int(digits[i:i + 2], 16) for i in (0, 2, 4)]
    elif m := re.fullmatch(r"rgba?\(([^)]*)\)", colour):
        rgb = [float(part) for part in m.group(1).split(",")[:3]]
    else:
        return False
    return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255 > 0.7


def light_copy(fig) -> go.Figure:
    """A copy with the plotly_white template, white backgrounds and dark default text,
    whatever the ambient default template is (Streamlit's renders black off-screen)."""
    spec = fig.to_dict() if hasattr(fig, "to_dict") else copy.deepcopy(dict(fig))
    layout = spec.setdefault("layout", {})
    layout.pop("template", None)
    spec = _replace_colours(spec, _placeholder_colours())
    # An explicit template object: the figure no longer depends on pio.templates.default.
    spec["layout"]["template"] = pio.templates[EXPORT_TEMPLATE]
    out = go.Figure(spec)
    out.update_layout(paper_bgcolor="white", plot_bgcolor="white")
    if out.layout.font.color is not None and _is_light(out.layout.font.color):
        out.layout.font.color = TEXT_COLOUR
    return out


def decorate_for_export(fig, *, title: str, start, end, sources: list[str],
                        project: str = "Exodus", subtitle: str | None = None) -> go.Figure:
    """A light copy carrying, inside the image, the title with the period, the sources
    and the project name, so every exported format keeps them. Texts are plain text,
    escaped here: do not pass them through an HTML escaper first.
    Decorating twice replaces the earlier decoration; the given figure is not changed.
    Title and footer take about 210 px of height: export at 400 px or more."""
    out = light_copy(fig)
    heading = f"{html.escape(title, quote=False)} · {date_range_text(start, end)}"
    if subtitle:
        heading += f"<br><sup>{html.escape(subtitle, quote=False)}</sup>"
    out.layout.annotations = [a for a in out.layout.annotations if a.name not in (SOURCES_NAME, PROJECT_NAME)]
    has_axis_title = any(axis.title.text for axis in out.select_xaxes())
    margin = out.layout.margin
    top = max(margin.t or 0, 100 if subtitle else 80)
    bottom = max(margin.b or 0, 130 if has_axis_title else 100)
    out.update_layout(
        title=dict(text=heading, x=0, xref="paper", xanchor="left", y=1, yref="container",
                   yanchor="top", pad=dict(t=22), font=dict(size=18, color=TEXT_COLOUR)),
        margin=dict(t=top, b=bottom, l=max(margin.l or 0, 50), r=max(margin.r or 0, 30)),
    )
    out.update_xaxes(rangeslider_visible=False)  # a slider means nothing on paper
    # Two left-aligned lines pinned near the bottom edge: they cannot collide at any width.
    footer = dict(xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="bottom",
                  showarrow=False, align="left", font=dict(size=11, color="#555555"))
    out.add_annotation(name=SOURCES_NAME, text=html.escape(source_line(sources), quote=False),
                       yshift=-(bottom - 26), **footer)
    out.add_annotation(name=PROJECT_NAME, text=_("Chart: {project}").format(project=html.escape(project, quote=False)),
                       yshift=-(bottom - 8), **footer)
    return out


def is_decorated(fig) -> bool:
    return any(a.name == SOURCES_NAME for a in go.Figure(fig).layout.annotations)


def _plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())


def split_title(text: str | None) -> tuple[str, str | None]:
    """A chart's own title ('Title<br><sup>subtitle</sup>') as plain title and subtitle."""
    first, *rest = re.split(r"<br\s*/?>", text or "", flags=re.IGNORECASE)
    return _plain(first), (_plain(" ".join(rest)) or None)


# ---------------------------------------------------------------- offline checks

def _subplot(fig: go.Figure, name: str) -> dict:
    return fig.layout.to_plotly_json().get(name) or {}  # "geo2" may be referenced yet unset


def _needed_topojson(fig: go.Figure) -> list[str]:
    """The topojson files plotly.js would fetch, named as it names them."""
    names = set()
    for trace in fig.data:
        if trace.type in _GEO_TYPES:
            geo = _subplot(fig, trace.geo or "geo")
            names.add(f"{(geo.get('scope') or 'world').replace(' ', '-')}_{geo.get('resolution') or 110}m")
    return sorted(names)


def _offline_problems(fig: go.Figure, topojson_dir) -> list[str]:
    """What in this figure would be fetched from the internet, in words."""
    problems = []
    for name in _needed_topojson(fig):
        if topojson_dir is None:
            problems.append(f"its geo map needs the topojson file {name}.json: pass topojson_dir=")
        elif not (Path(topojson_dir) / f"{name}.json").is_file():
            problems.append(f"its geo map needs {Path(topojson_dir) / f'{name}.json'}, which does not exist")
    for i, trace in enumerate(fig.data):
        if isinstance(getattr(trace, "geojson", None), str):
            problems.append(f"trace {i} loads its geojson from {trace.geojson}")
        if trace.type in _TILE_TYPES:
            subplot = getattr(trace, "subplot", None) or _TILE_TYPES[trace.type]
            style = _subplot(fig, subplot).get("style")
            if style != "white-bg":
                problems.append(f"trace {i} ({trace.type}) uses the tile style {style or 'default'!r}; "
                                "only 'white-bg' draws offline")
    for image in fig.layout.images:
        if isinstance(image.source, str) and image.source.startswith(("http:", "https:", "//")):
            problems.append(f"a layout image loads {image.source}")
    return problems


def _check_offline(fig: go.Figure, topojson_dir, what: str) -> None:
    if problems := _offline_problems(fig, topojson_dir):
        raise ExportUnavailable(f"cannot export this figure as {what} without internet: " + "; ".join(problems))


# ---------------------------------------------------------------- static images

def _executable(path) -> bool:
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


class StaticExporter:
    """PNG and SVG through one headless Chromium, started on first use and reused.

    Safe to share between threads (Streamlit reruns): calls are serialised by a lock.
    The browser is the given path, else $BROWSER_PATH, else /usr/bin/chromium, else
    whatever kaleido's browser search finds.
    """

    def __init__(self, browser_path: str | None = None, *, timeout: float = 60.0, topojson_dir=None,
                 image_timeout: float = IMAGE_TIMEOUT):
        self._explicit_path = browser_path
        self.timeout = timeout
        self.image_timeout = image_timeout
        self.kills = 0  # how many hung browsers were killed
        self.last_problem: tuple[float, str] | None = None
        self.topojson_dir = Path(topojson_dir) if topojson_dir else None
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
        _check_offline(fig, self.topojson_dir, fmt.upper())
        topojson = self.topojson_dir.resolve().as_uri() if _needed_topojson(fig) else None
        opts = dict(format=fmt, width=width, height=height, scale=scale)
        if not self._lock.acquire(timeout=self.image_timeout + 10):
            message = (f"the export browser has been busy with other images for over {self.image_timeout + 10:g} seconds; "
                       "try again shortly, or download the chart as HTML or its data as CSV")
            self._note(message)
            raise ExportBusy(message)
        try:
            self.start()
            job = asyncio.run_coroutine_threadsafe(
                self._kaleido.calc_fig(fig.to_dict(), opts=opts, topojson=topojson), self._loop)
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


def to_png(fig, width: int = 1200, height: int = 700, scale: float = 2) -> bytes:
    return default_exporter().to_png(fig, width, height, scale)


def to_svg(fig, width: int = 1200, height: int = 700) -> bytes:
    return default_exporter().to_svg(fig, width, height)


# ---------------------------------------------------------------- HTML

def to_html(fig, *, topojson_dir=None) -> bytes:
    """A standalone page (plotly.js inlined, about 5 MB) that works from disk offline.

    Geo figures get their topojson embedded from topojson_dir; without it they raise
    ExportUnavailable rather than open as an empty map."""
    fig = light_copy(fig)
    _check_offline(fig, topojson_dir, "HTML")
    # topojsonURL is never used once assets are embedded; a local path keeps any
    # stray request off the CDN.
    config = {"displaylogo": False, "responsive": True, "topojsonURL": "topojson/"}
    page = pio.to_html(fig, include_plotlyjs=True, full_html=True, include_mathjax=False, config=config)
    if names := _needed_topojson(fig):
        assets = {name: json.loads((Path(topojson_dir) / f"{name}.json").read_text("utf-8")) for name in names}
        payload = json.dumps(assets, separators=(",", ":")).replace("</", "<\\/")
        script = ("<script>window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};"
                  f"Object.assign(window.PlotlyGeoAssets.topojson, {payload});</script>")
        page = page.replace("<body>", "<body>\n" + script, 1)
    return page.encode("utf-8")


# ---------------------------------------------------------------- CSV

def _needs_quote_prefix(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START + (NEUTRALISER,))


def _neutralise(value):
    return NEUTRALISER + value if _needs_quote_prefix(value) else value


def _restore(value):
    return value[1:] if isinstance(value, str) and value.startswith(NEUTRALISER) else value


def safe_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel reads Cyrillic names correctly only with it).

    Text that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
    return) gets a leading apostrophe, as OWASP advises; so does text already starting with
    an apostrophe, which keeps the change reversible (:func:`read_safe_csv`). Numbers,
    negative ones included, are written as they are. A named or non-default index is kept
    as a column."""
    frame = df if isinstance(df.index, pd.RangeIndex) and df.index.name is None else df.reset_index()
    frame = frame.copy()
    frame.columns = [_neutralise(str(c)) for c in frame.columns]
    for column in frame.columns:
        if not (pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_datetime64_any_dtype(frame[column])):
            frame[column] = frame[column].map(_neutralise, na_action="ignore")
    return frame.to_csv(index=False, lineterminator="\r\n").encode(CSV_ENCODING)


def read_safe_csv(data: bytes, **read_csv_kwargs) -> pd.DataFrame:
    """Read what safe_csv wrote, removing the protective apostrophes.

    Lines are never skipped as blank: a row whose only cell is white space is data."""
    read_csv_kwargs.setdefault("skip_blank_lines", False)
    frame = pd.read_csv(io.BytesIO(data), encoding=CSV_ENCODING, **read_csv_kwargs)
    frame.columns = [_restore(c) for c in frame.columns]
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(_restore, na_action="ignore")
    return frame


# ---------------------------------------------------------------- names and bundle

def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "chart"


def file_name(chart_slug: str, start, end, ext: str) -> str:
    """exodus-map_2022-09-21_2022-10-31.png"""
    extension = re.sub(r"[^a-z0-9]", "", str(ext).lower())
    if not extension:
        raise ValueError(f"bad file extension {ext!r}")
    return f"exodus-{slug(chart_slug)}_{_as_date(start).isoformat()}_{_as_date(end).isoformat()}.{extension}"


def _filter_text(value) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(_filter_text(v) for v in (sorted(value, key=str) if isinstance(value, (set, frozenset)) else value)) or "(none)"
    if isinstance(value, (date, datetime, pd.Timestamp)):
        return _as_date(value).isoformat()
    return str(value)


def _readme(start, end, filters: dict, sources: list[str], files: list[tuple[str, str]], notes: list[str]) -> str:
    heading = _("Exodus data export")
    lines = [heading, "=" * len(heading), "",
             _("Period: {period} ({start} to {end}, inclusive)").format(
                 period=date_range_text(start, end), start=_as_date(start).isoformat(), end=_as_date(end).isoformat()),
             _("Exported: {time} UTC").format(time=f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M}"), "", _("Filters")]
    lines += [f"  {key}: {_filter_text(value)}" for key, value in filters.items()] or ["  " + _("none (all data in the period)")]
    lines += ["", _("Sources (every reporting body behind the numbers in this export)")]
    lines += [f"  - {source}" for source in unique_sources(sources)]
    width = max((len(name) for name, _ in files), default=0)
    lines += ["", _("Files")] + [f"  {name.ljust(width)}  {what}" for name, what in files]
    lines += ["", _("Notes")] + ["  - " + note for note in (
        _("CSV files are UTF-8 with a byte-order mark, so spreadsheet programs pick the right encoding."),
        _("In CSV files, text that begins with = + - @, a tab, a carriage return or an apostrophe carries one extra "
          "leading apostrophe, so spreadsheet programs show it as text instead of running it as a formula. Remove "
          "that first apostrophe to get the original text."),
        _("HTML charts are self-contained: they open offline in any browser and stay interactive."),
        _("Numbers, names and notes in the data are as reported; the files keep the curated files' column names."))]
    lines += [f"  - {note}" for note in notes]
    return "\n".join(lines) + "\n"


def bundle_zip(figures: dict, tables: dict, *, start, end, filters: dict, sources: list[str],
               exporter: StaticExporter | None = None, formats=("png", "svg", "html"),
               project: str = "Exodus") -> bytes:
    """A ZIP with each figure in each format, each table as safe CSV, and README.txt.

    Figures not yet decorated get the title they carry (or their key), the period and the
    sources. Without a browser PNG and SVG are left out and the README says why."""
    unknown = set(formats) - {"png", "svg", "html"}
    if unknown:
        raise ValueError(f"unknown export formats {sorted(unknown)}; use png, svg or html")
    exporter = exporter or default_exporter()
    notes: list[str] = []
    image_formats = [f for f in formats if f in IMAGE_FORMATS]
    if image_formats:
        try:
            exporter.start()
        except ExportUnavailable as error:
            reason = str(error).removeprefix("PNG/SVG export unavailable: ")
            notes.append(_("{formats} images are not included: {reason}.").format(formats=_(" and ").join(f.upper() for f in image_formats), reason=reason))
            image_formats = []
    entries: list[tuple[str, bytes, str]] = []
    for key, fig in figures.items():
        if not is_decorated(fig):
            title, subtitle = split_title(go.Figure(fig).layout.title.text)
            fig = decorate_for_export(fig, title=title or key, subtitle=subtitle, start=start, end=end,
                                      sources=sources, project=project)
        for fmt in formats:
            name = file_name(key, start, end, fmt)
            if fmt == "html":
                entries.append((name, to_html(fig, topojson_dir=exporter.topojson_dir), _("chart '{key}', interactive HTML").format(key=key)))
            elif fmt in image_formats:
                data = exporter.to_png(fig) if fmt == "png" else exporter.to_svg(fig)
                entries.append((name, data, _("chart '{key}', {format} image").format(key=key, format=fmt.upper())))
    for key, df in tables.items():
        entries.append((file_name(key, start, end, "csv"), safe_csv(df),
                        ngettext("table '{key}', {n} row, CSV", "table '{key}', {n} rows, CSV", len(df)).format(key=key, n=len(df))))
    names = [name for name, _, _ in entries]
    if len(set(names)) != len(names):
        raise ValueError(f"two charts or tables map to the same file name: {sorted(n for n in names if names.count(n) > 1)}")
    readme = _readme(start, end, filters, sources, [(n, what) for n, _, what in entries], notes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme.encode("utf-8"))
        for name, data, _what in entries:
            archive.writestr(name, data)
    return buffer.getvalue()

