"""The reverse proxy's configuration: deploy/nginx.conf.template filled in for a set of servers.

The values that must agree with the app are read from the app itself: the upload limit
from ``.streamlit/config.toml`` and the hash of the inline script from the
``index.html`` of the installed Streamlit, so the proxy never refuses what the app
accepts, nor lets through what it refuses.
"""

from __future__ import annotations

import base64
import hashlib
import re
import tomllib
import importlib.util
from pathlib import Path

from exodus import config

ROOT = config.ROOT
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
#: Streamlit's default for server.maxUploadSize, in megabytes.
STREAMLIT_DEFAULT_UPLOAD_MB = 200
#: Who may show the dashboard in a frame: only its own pages unless told otherwise.
DEFAULT_FRAME_ANCESTORS = config.FRAME_ANCESTORS

_FIELD = re.compile(r"\{\{ (\w+) \}\}")


def max_upload_mb(config: Path = STREAMLIT_CONFIG) -> int:
    """Streamlit's ``server.maxUploadSize`` (megabytes of 1024 * 1024 bytes) as the app sets it."""
    with open(config, "rb") as f:
        return int(tomllib.load(f).get("server", {}).get("maxUploadSize", STREAMLIT_DEFAULT_UPLOAD_MB))


def streamlit_index_html() -> str:
    # Found without importing Streamlit: only exodus.app imports it.
    folder = importlib.util.find_spec("streamlit").submodule_search_locations[0]
    return (Path(folder) / "static" / "index.html").read_text(encoding="utf-8")


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-...') for every inline <script> of ``html``."""
    hashes = []
    for body in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    return hashes


def content_security_policy(frame_ancestors: str = DEFAULT_FRAME_ANCESTORS, html: str | None = None) -> str:
    """The policy for the dashboard's pages.

    Plotly's maps read their shapes from the figure (nothing from a CDN), exports are made
    on the server, and Streamlit's frontend only talks to its own origin; so everything is
    'self', but for inline styles (Streamlit styles its components at run time) and data:
    or blob: images and fonts (icons, the PNG download preview).
    """
    # 'wasm-unsafe-eval' lets the frontend's protobuf library compile its small WebAssembly
    # helper for 64-bit numbers (it falls back to plain JavaScript, but every page would
    # report a violation); it does not allow eval() of JavaScript.
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'",
                        *inline_script_hashes(html if html is not None else streamlit_index_html())])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ])


def frame_options(frame_ancestors: str) -> str | None:
    """X-Frame-Options for browsers without CSP frame-ancestors; None when it cannot say it."""
    return {"'self'": "SAMEORIGIN", "'none'": "DENY"}.get(frame_ancestors.strip())


def upstream_fields(upstreams: list[str]) -> dict[str, str]:
    """The template's upstream groups and the maps between servers and cookie values.

    Server N (from 1) is cookie value N. The served-by map reads nginx's $upstream_addr,
    which holds addresses, not names: so servers are given as IPv4 ``address:port``.
    """
    for upstream in upstreams:
        if not re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}:\d{1,5}", upstream):
            raise ValueError(f"an app server is an IPv4 address:port (nginx reports addresses), not {upstream!r}")
    # max_fails/fail_timeout: the passive health check (see the template).
    check = "max_fails=1 fail_timeout=5s"

    def group(name: str, lines: list[str]) -> str:
        return "\n".join([f"    upstream {name} {{", f"        zone {name} 64k;", *lines, "        keepalive 8;", "    }"])

    groups = [group("exodus_new", ["        least_conn;", *(f"        server {u} {check};" for u in upstreams)])]
    for number, upstream in enumerate(upstreams, 1):
        backups = [f"        server {u} backup;" for u in upstreams if u != upstream]
        groups.append(group(f"exodus_{number}", [f"        server {upstream} {check};", *backups]))
    return {
        "upstream_groups": "\n".join(groups),
        "cookie_routes": "\n".join(f"        {n} exodus_{n};" for n in range(1, len(upstreams) + 1)),
        "served_by": "\n".join(f'        "~(^|\\s){re.escape(u)}$" {n};' for n, u in enumerate(upstreams, 1)),
    }


def render(upstreams: list[str], listen: str, *, frame_ancestors: str = DEFAULT_FRAME_ANCESTORS,
           error_log: str = "error.log", secure_cookie: bool = False, worker_processes: int = 1,
           upload_mb: int | None = None, html: str | None = None) -> str:
    """nginx.conf for ``upstreams`` (``host:port`` of each app server) listening on ``listen``."""
    if not upstreams:
        raise ValueError("at least one app server is needed")
    if any(c in frame_ancestors for c in '";\n'):
        raise ValueError(f"frame ancestors must be CSP source expressions, not {frame_ancestors!r}")
    options = frame_options(frame_ancestors)
    values = {
        "worker_processes": str(worker_processes),
        "error_log": error_log,
        "listen": listen,
        "cookie_flags": "; Secure" if secure_cookie else "",
        **upstream_fields(upstreams),
        "max_body_size": f"{upload_mb if upload_mb is not None else max_upload_mb()}m",
        "content_security_policy": content_security_policy(frame_ancestors, html),
        "frame_options_header": f'        add_header X-Frame-Options "{options}" always;' if options else
                                "        # no X-Frame-Options: it cannot name other sites; frame-ancestors does",
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    missing = set(_FIELD.findall(text)) - set(values)
    if missing:
        raise KeyError(f"{TEMPLATE.name} has fields nobody fills in: {sorted(missing)}")
    return _FIELD.sub(lambda m: values[m.group(1)], text)
