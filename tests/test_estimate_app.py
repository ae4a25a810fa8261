"""The estimate views in the running app: conflicts named, disputed reports on request."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from conftest import ROOT


def _timeline_estimates() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["preset"] = "custom"
    at.query_params["from"], at.query_params["to"] = "2022-09-21", "2022-10-31"
    at.run()
    at.switch_page("pages/timelines.py").run()
    at.radio(key="timeline_mode").set_value("estimate").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_timeline_names_reports_that_cannot_all_be_true_and_the_toggle_shows_the_band_move():
    at = _timeline_estimates()
    notice = " ".join(w.value for w in at.warning)
    assert "cannot all be true" in notice and "m22\\-geo\\-024" in notice  # escaped for Markdown
    names = [t.get("name", "") for t in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]]
    assert not any("without disputed or anonymous" in n for n in names)
    at.toggle(key="timeline_flagged").set_value(True).run()
    assert not at.exception
    names = [t.get("name", "") for t in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]]
    assert any("without disputed or anonymous" in n for n in names)
