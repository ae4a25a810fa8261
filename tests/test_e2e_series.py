"""End-to-end: the series views in a real headless Chromium, offline."""

from __future__ import annotations

import pytest

from browser import chromium_missing, wait_for_charts

pytestmark = pytest.mark.browser
missing = chromium_missing()
if missing:
    pytest.skip(f"browser tests skipped: {missing}", allow_module_level=True)

from test_e2e import outside_requests  # noqa: E402

#: The chart whose text alternative (its aria-label, which holds its title) has the words.
FIND = ("w => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
        ".find(c => (c.getAttribute('aria-label') || '').includes(w) && c.querySelector('.js-plotly-plot .main-svg'))")


def chart_with_title(page, words: str) -> dict:
    page.wait_for_function(f"w => !!({FIND})(w)", arg=words, timeout=60_000)
    return page.evaluate(
        f"w => {{ const p = ({FIND})(w).querySelector('.js-plotly-plot');"
        " return {data: p.data.map(t => ({name: t.name, meta: t.meta, y: t.y})), svg: p.querySelectorAll('path').length}; }", words)


def test_the_fsb_quarter_map_opens_and_draws_ratios(page, app_url):
    page.goto(app_url + "/?preset=mobilization")
    wait_for_charts(page)
    page.get_by_text("FSB departures vs the same quarter of 2019").click()
    drawn = chart_with_title(page, "FSB departures of Russian citizens by destination")
    ratios = [t["meta"]["ratio"] for t in drawn["data"] if isinstance(t.get("meta"), dict) and t["meta"].get("ratio")]
    assert len(ratios) >= 5 and drawn["svg"] > 25
    assert page.get_by_text("Quarter", exact=True).count() >= 1
    label = page.get_by_test_id("stPlotlyChart").first.get_attribute("aria-label")
    assert label.startswith("Map: FSB departures of Russian citizens by destination")
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    assert [v["id"] for v in result.response["violations"] if v["impact"] in ("critical", "serious")] == []
    assert outside_requests(page.requests_seen) == []


def test_the_compared_with_normal_chart_opens_on_the_timelines_page(page, app_url):
    page.goto(app_url + "/timelines?preset=mobilization")
    wait_for_charts(page, 2)
    drawn = chart_with_title(page, "Compared with normal")
    names = [t["name"] for t in drawn["data"]]
    assert "Value" in names and "Same period of 2019" in names
    page.get_by_text("Compared with normal", exact=True).scroll_into_view_if_needed()
    assert outside_requests(page.requests_seen) == []


def test_the_data_page_shows_the_series_catalogue(page, app_url):
    page.goto(app_url + "/data")
    page.get_by_text("Official series", exact=True).wait_for(timeout=60_000)
    page.get_by_text("Download these series values (CSV)").wait_for(timeout=60_000)
    assert outside_requests(page.requests_seen) == []
