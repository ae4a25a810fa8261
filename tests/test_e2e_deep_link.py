"""A link to a page other than the map, opened as the first request of a freshly started
server, shows that page with the app's own navigation and filters (Streamlit would
otherwise treat ``pages/`` as a folder of pages for that run)."""

from __future__ import annotations

import pytest

from browser import chromium_missing, recording_page, running_app, wait_for_charts

pytestmark = pytest.mark.browser
missing = chromium_missing()
if missing:
    pytest.skip(f"browser tests skipped: {missing}", allow_module_level=True)


def test_a_country_link_works_as_the_first_request_of_a_fresh_server():
    with running_app() as (url, _), recording_page() as page:
        page.goto(url + "/country?country=ARM&preset=mobilization")
        page.get_by_role("heading", name="Armenia: every reported figure").wait_for(timeout=60_000)
        wait_for_charts(page)
        nav = page.get_by_test_id("stSidebarNav")
        assert nav.get_by_text("Map & headlines").count() == 1, "the app's own navigation is missing"
        assert nav.get_by_text("overview").count() == 0, "Streamlit's folder navigation is shown"
        assert "country=ARM" in page.url and "preset=mobilization" in page.url
        assert page.get_by_role("combobox", name="Period").count() == 1
