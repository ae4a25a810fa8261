"""Accessibility and small screens, in a real headless Chromium: the axe-core audit,
keyboard reach with a visible focus ring, text alternatives for charts, phone width."""

from __future__ import annotations

import pytest

from browser import browser, chromium_missing, wait_for_charts

pytestmark = pytest.mark.browser
missing = chromium_missing()
if missing:
    pytest.skip(f"browser tests skipped: {missing}", allow_module_level=True)

#: Every page with the number of charts it draws for the mobilization wave.
PAGES = [("/", 1), ("/timelines", 2), ("/country", 1), ("/data", 0), ("/about", 0)]


def open_page(chromium, url: str, charts: int, *, width=1366, height=768, scheme="light"):
    context = chromium.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    if charts:
        wait_for_charts(page, charts)
    else:
        page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_timeout(500)
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path, charts", PAGES)
def test_axe_finds_no_critical_or_serious_violation(chromium, app_url, path, charts, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(chromium, f"{app_url}{path}?preset=mobilization", charts, scheme=scheme)
    result = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in result.response["violations"]
           if v["impact"] in ("critical", "serious")]
    page.context.close()
    assert bad == []


def test_keyboard_reaches_navigation_date_filter_and_export_buttons_with_a_visible_focus(chromium, app_url):
    page = open_page(chromium, f"{app_url}/?preset=mobilization", 1)
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => {
            const e = document.activeElement, style = getComputedStyle(e);
            return {tag: e.tagName, name: e.getAttribute('aria-label') || (e.innerText || '').trim().slice(0, 40),
                    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
        }"""))
    page.context.close()
    names = [r["name"] for r in reached]
    for wanted in ("Map & headlines", "Timelines", "Data & sources", "About & method", "Choose date range",
                   "Export all (ZIP)", "PNG", "SVG", "HTML", "CSV"):
        assert wanted in names, f"{wanted!r} is not reached by the Tab key"
    assert any("Date range start date" in n for n in names)
    unringed = [r["name"] for r in reached if r["tag"] not in ("BODY", "MAIN") and not r["ring"]]
    assert unringed == [], "focused controls without a visible focus ring"


def test_charts_carry_their_text_alternative_and_no_toolbar_camera(chromium, app_url):
    page = open_page(chromium, f"{app_url}/timelines?preset=mobilization", 2)
    labels = page.get_by_test_id("stPlotlyChart").evaluate_all("els => els.map(e => [e.getAttribute('role'), e.getAttribute('aria-label')])")
    titles = page.locator(".modebar-btn").evaluate_all("els => els.map(e => e.getAttribute('data-title'))")
    page.context.close()
    assert len(labels) >= 2
    assert all(role == "figure" and label and len(label) > 30 for role, label in labels), labels
    assert any(label.startswith("Timeline") or "timeline" in label.lower() for _, label in labels)
    # The camera saved the chart without its date range and sources; the export buttons do not.
    assert titles and not any("png" in (t or "").lower() for t in titles)


@pytest.mark.parametrize("path, charts", PAGES)
def test_no_horizontal_overflow_at_phone_width(chromium, app_url, path, charts):
    page = open_page(chromium, f"{app_url}{path}?preset=mobilization", charts, width=390, height=844)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    # each chart's title is text above it that wraps, inside the screen; no figure draws a
    # title of its own, which would be one line cut at the screen's edge
    headings = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(c => {
        const box = c.closest('[data-testid=stElementContainer]').previousElementSibling;
        const r = box.getBoundingClientRect();
        return {text: box.innerText, right: r.right, own: [...c.querySelectorAll('.gtitle')].map(t => t.textContent).join('')}; })""")
    page.context.close()
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px screen"
    assert len(headings) >= charts
    for heading in headings:
        assert len(heading["text"]) > 10 and heading["right"] <= widths[1] and heading["own"] == "", heading


HOVER_BOXES = "() => [...document.querySelectorAll('.hoverlayer .hovertext')].map(e => { const b = e.getBoundingClientRect(); return [b.left, b.right]; })"


@pytest.mark.parametrize("path, charts", [("/", 1), ("/timelines", 2)])
def test_tooltips_stay_on_a_phone_screen(chromium, app_url, path, charts):
    page = open_page(chromium, f"{app_url}{path}?preset=mobilization", charts, width=390, height=844)
    plot = page.locator(".js-plotly-plot").first
    plot.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = plot.bounding_box()
    seen = []
    for fx in (0.15, 0.3, 0.45, 0.6, 0.75, 0.9):
        for fy in (0.3, 0.45, 0.6, 0.75):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            page.wait_for_timeout(150)
            seen += page.evaluate(HOVER_BOXES)
    page.context.close()
    assert len(seen) >= 3, "the pointer found points to hover"
    outside = [(round(left), round(right)) for left, right in seen if left < 0 or right > 390]
    assert outside == [], f"tooltips past the edge of a 390 px screen: {outside}"


@pytest.mark.parametrize("preset", ["mobilization", "crocus"])
def test_the_map_shows_without_scrolling_on_a_laptop_screen(chromium, app_url, preset):
    page = open_page(chromium, f"{app_url}/?preset={preset}", 1, width=1366, height=768)
    page.get_by_text("Each figure in full, with its source, below the map.").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)  # the page has settled: every element above the map is drawn
    top, height = page.evaluate("() => { const r = document.querySelector('.js-plotly-plot').getBoundingClientRect(); return [r.top, r.height]; }")
    page.context.close()
    assert top < 768 - height / 2, f"the map starts at {top:.0f} px: less than half of it shows in a 768 px window"


@pytest.mark.parametrize("path, charts", [("/", 1), ("/timelines", 2)])
def test_charts_are_drawn_dark_on_a_dark_page(chromium, app_url, path, charts):
    page = open_page(chromium, f"{app_url}{path}?preset=mobilization", charts, scheme="dark")
    backgrounds = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot .main-svg')].map(s => getComputedStyle(s).backgroundColor)")
    page.context.close()
    assert backgrounds and "rgb(255, 255, 255)" not in backgrounds
