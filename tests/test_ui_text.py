"""Text from a URL, an upload or an error reaches visitors as plain text: no links,
headings, icons or HTML from input, no tracebacks and no server paths."""

from __future__ import annotations

import asyncio
import re
import textwrap
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from exodus.data import upload_limits
from exodus.app.state import plain_text

HOSTILE = [
    "[Log in again](https://evil.example/login)",
    "https://evil.example/login",
    "www.evil.example",
    "a\n# Your session expired\n===",
    ":material/lock: Account locked",
    "<img src=x onerror=alert(1)>",
    "**bold** _em_ `code` $x$ ~~s~~ | table |",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_leaves_nothing_for_markdown_to_render(text):
    out = plain_text(text)
    assert "\n" not in out and "\r" not in out
    for special in "[]()#<>*_`$~|:":
        assert all(out[i - 1] == "\\" for i, ch in enumerate(out) if ch == special), (special, out)
    assert "https://" not in out and "www." not in out and not re.search(r"(?<!\\):material/", out)


def test_plain_text_is_cut():
    assert len(plain_text("x" * 10_000)) <= 301


def test_a_link_in_the_url_becomes_an_escaped_one_line_notice():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["preset"] = "[Log in](https://evil.example)\n# Expired :material/lock:"
    at.run()
    assert not at.exception
    notice = " ".join(w.value for w in at.warning)
    assert "Ignored unknown preset" in notice
    assert "\n" not in notice and "https://" not in notice and "\\:material/lock\\:" in notice and "\\[Log in\\]" in notice


def test_production_config_hides_error_details_and_matches_the_upload_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["maxUploadSize"] * 2**20 == upload_limits.MAX_BYTES
    assert config["server"]["enableExpensiveMemoryStats"] is False


def test_broken_shapes_show_a_plain_error_without_paths(tmp_path, monkeypatch):
    import shutil

    from exodus import config
    from exodus.app import state as ui

    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy, ignore=shutil.ignore_patterns("raw"))
    (copy / "geo" / "countries.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    monkeypatch.setattr(config, "DATA_DIR", copy)
    ui.package.clear()
    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert "The data package could not be loaded" in at.error[0].value
        shown = at.text[0].value
        assert "countries.geojson" in shown and "cannot read country shapes" in shown
        assert str(ROOT) not in shown and "Traceback" not in shown
    finally:
        ui.package.clear()


FAILING_APP = textwrap.dedent('''
    import streamlit as st
    st.write("before")
    open("/nonexistent/secret/path.csv")
''')


def test_an_uncaught_error_reaches_the_visitor_without_traceback_or_path(tmp_path):
    """The production config (read from the repository root) makes Streamlit send a
    generic message only; run over a real websocket because AppTest ignores it."""
    from browser import running_app
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    script = tmp_path / "failing.py"
    script.write_text(FAILING_APP, encoding="utf-8")

    async def exceptions(url: str) -> list:
        found = []
        async with connect(url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                           max_size=None) as ws:
            await ws.send(BackMsg(rerun_script=ClientState(query_string="", page_name="")).SerializeToString())
            async with asyncio.timeout(60):
                while True:
                    fwd = ForwardMsg.FromString(await ws.recv(decode=False))
                    if fwd.WhichOneof("type") == "delta" and fwd.delta.new_element.WhichOneof("type") == "exception":
                        found.append(fwd.delta.new_element.exception)
                    if fwd.WhichOneof("type") == "script_finished":
                        return found

    with running_app(script=str(script)) as (url, _):
        found = asyncio.run(exceptions(url))
    assert len(found) == 1
    sent = str(found[0])
    assert "/nonexistent/secret" not in sent and str(tmp_path) not in sent and "FileNotFoundError" not in sent
    assert list(found[0].stack_trace) == []
