"""The Russian map page in a real headless Chromium: every text the browser shows, the
navigation and the chart's SVG included, is Russian but for the data as reported; a
browser that prefers Russian gets Russian without asking; the language survives a click
to another page."""

from __future__ import annotations

import pytest

from browser import browser, chromium_missing, wait_for_charts
from languages import CYRILLIC, stray_english

pytestmark = pytest.mark.browser
missing = chromium_missing()
if missing:
    pytest.skip(f"browser tests skipped: {missing}", allow_module_level=True)

#: Every text node the reader can see: the page, the sidebar and the navigation, and the
#: charts' SVG text (titles, axes, legends, labels).
VISIBLE_TEXTS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.nodeValue.trim(), el = node.parentElement;
    // Icon ligatures (Streamlit's Material icons) and code blocks (the citation records and the
    // embed snippet, which are bibliographic data and HTML, not interface text) are left out.
    if (!text || !el || el.closest('script, style, noscript, pre, code, [data-testid="stIconMaterial"]')) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || style.display === 'none') continue;
    out.push(text);
  }
  return out;
}"""


#: Texts Streamlit itself draws, in English whatever the page's language.
STREAMLIT_OWN = {"Skip to main content"}


def open_page(chromium, url: str, locale: str = "en-US"):
    context = chromium.new_context(viewport={"width": 1400, "height": 1800}, locale=locale)
    page = context.new_page()
    page.goto(url)
    wait_for_charts(page, 1)
    page.wait_for_timeout(1500)
    return context, page


def test_the_russian_map_page_shows_no_english_beyond_the_data(chromium, app_url):
    context, page = open_page(chromium, app_url + "/?preset=mobilization&lang=ru")
    try:
        texts = page.evaluate(VISIBLE_TEXTS)
        assert "Кто уехал из России, через какую границу и когда" in texts
        assert {"Карта и главные цифры", "Хронология", "Профиль страны"} <= set(texts), "the navigation is Russian too"
        assert "Фильтры" in texts and "Грузия" in texts
        assert sum(bool(CYRILLIC.search(t)) for t in texts) > 50
        # Streamlit's own skip link is not the dashboard's to translate.
        assert stray_english([t for t in texts if t not in STREAMLIT_OWN]) == []
    finally:
        context.close()


def test_a_browser_that_prefers_russian_gets_russian(chromium, app_url):
    context, page = open_page(chromium, app_url + "/?preset=mobilization", locale="ru-RU")
    try:
        page.wait_for_url("**lang=ru**", timeout=30_000)
        assert page.locator("h1").first.inner_text() == "Кто уехал из России, через какую границу и когда"
    finally:
        context.close()


def test_the_language_survives_a_click_to_another_page(chromium, app_url):
    context, page = open_page(chromium, app_url + "/?preset=crocus&lang=ru")
    try:
        page.get_by_role("link", name="Хронология").click()
        page.wait_for_url("**/timelines?**lang=ru**", timeout=30_000)
        page.locator("h1", has_text="Хронология").wait_for(timeout=30_000)
        assert "preset=crocus" in page.url
    finally:
        context.close()
