"""The embed snippet in a real browser: the iframe's address opens the same view, without
the app's chrome."""

from __future__ import annotations

import json
import time
from html.parser import HTMLParser

import pytest

from browser import chromium_missing, recording_page, wait_for_charts

pytestmark = pytest.mark.browser
missing = chromium_missing()
if missing:
    pytest.skip(f"browser tests skipped: {missing}", allow_module_level=True)

VIEW = "/timelines?preset=custom&from=2022-09-21&to=2022-10-05&dest=GEO,KAZ"


def snippet_from_the_sidebar(page) -> str:
    page.get_by_test_id("stSidebar").get_by_text("Cite or embed this view").click()
    code = page.get_by_test_id("stSidebar").get_by_test_id("stCode").filter(has_text="<iframe").first
    code.wait_for(timeout=30_000)
    return code.inner_text().strip()


def iframe_attrs(snippet: str) -> dict:
    found = {}

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.setdefault(tag, dict(attrs))

    Tags().feed(snippet)
    return found["iframe"]


CHROME = ("stToolbar", "stMainMenu", "stDecoration", "stAppDeployButton")
CREDIT = "Open this view in Exodus"


FIRST_CHART = "() => JSON.stringify(document.querySelectorAll('.js-plotly-plot')[0].data)"


def settled_chart_data(where, timeout: float = 60.0) -> str:
    """The first chart's traces once they have stayed the same for a second: a page still
    finishing its run under load can show a chart that is about to be replaced."""
    deadline = time.monotonic() + timeout
    seen = where.evaluate(FIRST_CHART)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = where.evaluate(FIRST_CHART)
        if now == seen:
            return now
        seen = now
    return seen


def trace_names(data: str) -> list:
    return [trace.get("name") for trace in json.loads(data)]


def test_the_iframe_shows_the_same_view_without_the_chrome(app_url):
    with recording_page() as page:
        page.goto(app_url + VIEW)
        wait_for_charts(page)
        period = "Showing 21 Sep 2022 – 05 Oct 2022"
        assert page.get_by_test_id("stSidebar").get_by_text(period, exact=False).count() == 1
        assert page.locator(".streamlit-embedded").count() == 0 and page.get_by_text(CREDIT).count() == 0
        chart = settled_chart_data(page)
        snippet = snippet_from_the_sidebar(page)
        attrs = iframe_attrs(snippet)
        assert attrs["src"] == app_url + "/timelines?from=2022-09-21&to=2022-10-05&dest=GEO,KAZ&embed=true"
        assert attrs["title"].startswith("Exodus: Timelines, 21 September 2022 – 5 October 2022 (data ")

        # An article that pastes the snippet as it is.
        page.set_content(f"<!doctype html><html lang='en'><title>An article</title><p>Before the chart.</p>{snippet}</html>")
        page.frame_locator("iframe").locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
        frame = page.locator("iframe").element_handle().content_frame()
        assert "embed=true" in frame.url and "from=2022-09-21" in frame.url and "to=2022-10-05" in frame.url
        assert frame.get_by_test_id("stSidebar").get_by_text(period, exact=False).count() == 1
        in_frame = settled_chart_data(frame)
        assert trace_names(in_frame) == trace_names(chart)
        assert in_frame == chart, "the embedded chart draws the same traces as the page"
        assert frame.locator("[data-testid=stApp].streamlit-embedded").count() == 1, "Streamlit's embed mode is on"
        assert [part for part in CHROME if frame.get_by_test_id(part).count()] == []
        credit = frame.get_by_role("link", name=CREDIT)
        assert credit.get_attribute("href") == app_url + "/timelines?from=2022-09-21&to=2022-10-05&dest=GEO,KAZ"
