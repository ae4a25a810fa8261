"""Take the README's screenshots: every page at desktop width in headless Chromium.

Usage: python scripts/screenshots.py [--out docs] [--width 1400] [--dark] [--pages map map-crocus]
Phone width: python scripts/screenshots.py --width 390 --height 844 --suffix=-phone --pages map timelines country
In Russian: python scripts/screenshots.py --lang ru --pages map timelines (files end in -ru)

A shot may first click a control (by its text) and may show one chart only (the chart whose
title contains the given words) instead of the whole page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from browser import browser, running_app, wait_for_charts  # noqa: E402
from exodus import i18n  # noqa: E402

PAGES = {
    "map": ("/?preset=mobilization", 2),
    "map-crocus": ("/?preset=crocus", 2),
    "timelines": ("/timelines?preset=mobilization", 2),
    "country": ("/country?preset=custom&from=2022-09-21&to=2022-09-27&country=GEO", 2),
    "data": ("/data?preset=mobilization", 0),
    "about": ("/about", 0),
    "series-map": ("/?preset=mobilization", 1, "FSB departures vs the same quarter of 2019", "FSB departures of Russian citizens"),
    "compared-with-normal": ("/timelines?preset=mobilization", 3, None, "Compared with normal"),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=2200)
    parser.add_argument("--suffix", default="")
    parser.add_argument("--dark", action="store_true", help="use the dark colour scheme")
    parser.add_argument("--pages", nargs="+", choices=list(PAGES), default=list(PAGES), help="which screenshots to take (default: all)")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT, help="interface language (files get -LANG unless English)")
    args = parser.parse_args()
    suffix = args.suffix + ("" if args.lang == i18n.DEFAULT else f"-{args.lang}")
    args.out.mkdir(parents=True, exist_ok=True)
    with running_app() as (url, _), browser() as chromium:
        context = chromium.new_context(viewport={"width": args.width, "height": args.height},
                                       color_scheme="dark" if args.dark else "light")
        page = context.new_page()
        for name in args.pages:
            path, charts, *extra = PAGES[name]
            click, chart_title = (list(extra) + [None, None])[:2]
            with i18n.language(args.lang):  # the control and the chart are named in the page's language
                click, chart_title = (i18n._(click) if click else None), (i18n._(chart_title) if chart_title else None)
            page.goto(url + path + ("&" if "?" in path else "?") + f"lang={args.lang}")
            if charts:
                wait_for_charts(page, charts)
            else:
                page.wait_for_selector("h1", timeout=60_000)
            if click:
                page.get_by_text(click).click()
            target = args.out / f"screenshot-{name}{suffix}.png"
            if chart_title:
                # the chart's title is the text just above it, and its text alternative holds it
                chart = page.locator(f'[data-testid="stPlotlyChart"][aria-label*="{chart_title}"]').first
                chart.wait_for(timeout=60_000)
                chart.scroll_into_view_if_needed()
                page.wait_for_timeout(1500)
                box = page.evaluate("""el => { const c = el.closest('[data-testid="stElementContainer"]');
                    const above = (c && c.previousElementSibling) || el; const a = above.getBoundingClientRect();
                    const b = el.getBoundingClientRect();
                    return {x: Math.min(a.x, b.x), y: a.y + window.scrollY, width: Math.max(a.right, b.right) - Math.min(a.x, b.x),
                            height: b.bottom - a.y}; }""", chart.element_handle())
                page.screenshot(path=str(target), clip=box, full_page=True)
            else:
                page.wait_for_timeout(1500)
                page.screenshot(path=str(target), full_page=True)
            print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
