"""End-to-end: the dashboard in a real headless Chromium, offline."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from browser import chromium_missing, wait_for_charts

pytestmark = pytest.mark.browser
missing = chromium_missing()
if missing:
    pytest.skip(f"browser tests skipped: {missing}", allow_module_level=True)

LOCAL = {"127.0.0.1", "localhost", "::1"}


def outside_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname not in LOCAL]


def chart_data(page, index: int = 0) -> str:
    return page.evaluate("i => JSON.stringify(document.querySelectorAll('.js-plotly-plot')[i].data)", index)


def test_map_renders_offline(page, app_url):
    page.goto(app_url + "/?preset=mobilization")
    wait_for_charts(page)
    paths = page.locator(".js-plotly-plot").first.locator("path").count()
    assert paths > 25, f"only {paths} SVG paths: the map did not draw its countries"
    fills = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')[0].querySelectorAll('path.js-fill')].length")
    assert fills >= 15
    assert outside_requests(page.requests_seen) == []


def test_changing_the_date_range_changes_the_timeline(page, app_url):
    page.goto(app_url + "/timelines?preset=mobilization")
    wait_for_charts(page)
    before = chart_data(page)
    page.goto(app_url + "/timelines?preset=crocus")
    wait_for_charts(page)
    page.wait_for_function("b => JSON.stringify(document.querySelectorAll('.js-plotly-plot')[0].data) !== b", arg=before, timeout=30_000)
    crocus = chart_data(page)
    assert crocus != before
    # Now through the sidebar control itself.
    page.get_by_role("combobox", name="Period").click()
    page.get_by_role("option", name="Mobilization wave (Sep–Oct 2022)").click()
    page.wait_for_function("b => JSON.stringify(document.querySelectorAll('.js-plotly-plot')[0].data) !== b", arg=crocus, timeout=30_000)
    page.wait_for_url("**preset=mobilization**", timeout=30_000)
    assert "2022-09" in chart_data(page)
    assert outside_requests(page.requests_seen) == []


def test_download_button_delivers_a_file(page, app_url, tmp_path):
    page.goto(app_url + "/?preset=mobilization")
    wait_for_charts(page)
    with page.expect_download(timeout=90_000) as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="PNG").first.click()
    download = info.value
    assert download.suggested_filename == "exodus-map_2022-09-01_2022-10-31.png"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert outside_requests(page.requests_seen) == []


def test_the_zip_button_holds_the_chart_buttons_csv_the_events_and_the_images(page, app_url, tmp_path):
    import zipfile

    page.goto(app_url + "/?preset=custom&from=2022-09-21&to=2022-10-31&dest=GEO,KAZ")
    wait_for_charts(page)
    with page.expect_download(timeout=90_000) as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="CSV").first.click()
    assert info.value.suggested_filename == "exodus-map_2022-09-21_2022-10-31.csv"
    csv = tmp_path / "map.csv"
    info.value.save_as(csv)
    with page.expect_download(timeout=300_000) as info:
        page.get_by_test_id("stSidebar").get_by_test_id("stDownloadButton").filter(has_text="Export all").click()
    assert info.value.suggested_filename == "exodus-all_2022-09-21_2022-10-31.zip"
    target = tmp_path / "all.zip"
    info.value.save_as(target)
    with zipfile.ZipFile(target) as bundle:
        names = bundle.namelist()
        assert names[0] == "README.txt" and "exodus-events_2022-09-21_2022-10-31.csv" in names
        assert bundle.read("exodus-map_2022-09-21_2022-10-31.csv") == csv.read_bytes()
        assert bundle.read("exodus-map_2022-09-21_2022-10-31.png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert outside_requests(page.requests_seen) == []


def test_bad_link_shows_a_notice_and_still_draws(page, app_url):
    page.goto(app_url + "/?dest=ZZZ&from=garbage&preset=%3Cscript%3E")
    wait_for_charts(page)
    alerts = page.get_by_test_id("stAlert").all_inner_texts()
    text = " ".join(alerts)
    assert "Ignored unknown destination" in text and "Ignored the date" in text
    assert "<script>" in text  # shown as text, not run
    assert outside_requests(page.requests_seen) == []


def test_own_file_is_checked_and_drawn(page, app_url, tmp_path):
    from conftest import departure, to_csv

    path = tmp_path / "mine.csv"
    path.write_bytes(to_csv("departures", [departure(id="my-geo-001", destination_iso3="GEO", value="12345"),
                                           departure(id="my-bad-002", destination_iso3="XYZ")]))
    page.goto(app_url + "/data")
    page.wait_for_selector("h1", timeout=60_000)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("1 problem found").wait_for(timeout=60_000)
    page.get_by_text("1 valid row.").wait_for(timeout=60_000)
    wait_for_charts(page, 2)
    assert outside_requests(page.requests_seen) == []


def test_page_switch_through_the_navigation_keeps_the_filters(page, app_url):
    page.goto(app_url + "/?preset=custom&from=2022-09-21&to=2022-10-31&dest=GEO,KAZ")
    wait_for_charts(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Timelines").click()
    page.wait_for_url("**/timelines**", timeout=30_000)
    page.wait_for_url("**from=2022-09-21**", timeout=30_000)
    assert "to=2022-10-31" in page.url and "dest=GEO%2CKAZ" in page.url.replace(",", "%2C")
    wait_for_charts(page)
    assert "Showing 21 Sep 2022 – 31 Oct 2022" in page.get_by_test_id("stSidebar").inner_text()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Data & sources").click()
    page.wait_for_url("**/data?**", timeout=30_000)
    assert "from=2022-09-21" in page.url
    # An export made after the switch uses the kept range, not the default period.
    with page.expect_download(timeout=60_000) as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="Download these figures").click()
    assert info.value.suggested_filename == "exodus-figures_2022-09-21_2022-10-31.csv"
    assert outside_requests(page.requests_seen) == []


def test_clicking_a_country_on_the_map_opens_its_profile_with_the_filters(page, app_url):
    page.goto(app_url + "/?preset=custom&from=2022-09-21&to=2022-09-27")
    wait_for_charts(page)
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    x, y = page.evaluate("""() => {
        const gd = document.querySelectorAll('.js-plotly-plot')[0];
        const targets = gd.data.find(t => t.meta && t.meta.role === 'click_targets');
        const i = targets.customdata.indexOf('GEO');
        const fl = gd._fullLayout, box = gd.getBoundingClientRect();
        return [box.left + fl._size.l + fl.xaxis.l2p(targets.x[i]), box.top + fl._size.t + fl.yaxis.l2p(targets.y[i])];
    }""")
    page.mouse.click(x, y)
    page.wait_for_url("**/country?**", timeout=30_000)
    assert "country=GEO" in page.url and "from=2022-09-21" in page.url
    page.get_by_role("heading", name="Georgia: every reported figure").wait_for(timeout=30_000)
    # The answer and its source, one click away.
    assert "53,000" in page.get_by_test_id("stMain").inner_text()
    assert page.get_by_role("link", name="Open the source ↗").get_attribute("href").startswith("https://")
    assert outside_requests(page.requests_seen) == []


def test_a_closed_table_is_built_when_its_expander_opens(page, app_url):
    page.goto(app_url + "/timelines?preset=mobilization")
    wait_for_charts(page)
    box = page.locator('[data-testid="stExpander"]').filter(has_text="The figures drawn, with their sources")
    assert box.locator('[data-testid="stDataFrame"]').count() == 0, "the table is not sent while the expander is closed"
    box.locator("summary").click()
    box.locator('[data-testid="stDataFrame"]').wait_for(state="visible", timeout=30_000)
    assert box.locator('[data-testid="stDataFrame"]').count() == 1
