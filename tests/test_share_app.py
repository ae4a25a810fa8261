"""The sidebar's data version and "Cite or embed this view", run with AppTest."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT, run_app
from exodus import config
from exodus.data import release

TOGGLE = "show_cite"


@pytest.fixture(autouse=True)
def public_address(monkeypatch):
    monkeypatch.setattr(config, "PUBLIC_URL", "https://exodus.example/")


def _walk(block):
    for element in block.children.values():
        yield element
        if hasattr(element, "children"):
            yield from _walk(element)


def blocks(at) -> dict[str, str]:
    """The code blocks "Cite or embed this view" shows once turned on, each under the
    caption or heading just above it."""
    if not at.sidebar.toggle(key=TOGGLE).value:
        at.sidebar.toggle(key=TOGGLE).set_value(True).run()
    out, label = {}, None
    for element in _walk(at.sidebar):
        name = type(element).__name__
        if name in ("Caption", "Markdown"):
            label = element.value
        elif name == "Code":
            out[label] = element.value
    return {"iframe" if k == "**Embed this view**" else k: v for k, v in out.items()}


def iframe_src(snippet: str) -> str:
    found = {}

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.setdefault(tag, dict(attrs))

    Tags().feed(snippet)
    return found["iframe"]["src"]


def test_the_app_the_descriptor_and_the_data_changelog_name_the_same_version():
    at = run_app(preset="mobilization")
    shown = [m.group(1, 2) for c in at.sidebar.caption if (m := re.fullmatch(r"Data version (\S+), released (\S+)\. .*", c.value))]
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["version"]
    changelog = re.search(r"^## (\S+) \((\S+)\)$", (ROOT / "data" / "CHANGELOG.md").read_text(encoding="utf-8"), re.M).groups()
    newest = release.latest()
    assert shown == [(descriptor, newest.released.isoformat())] == [changelog] == [(newest.version, newest.released.isoformat())]


def test_cite_or_embed_shows_the_current_filters():
    at = run_app(preset="custom", **{"from": "2022-09-21", "to": "2022-10-05"}, dest="GEO,KAZ")
    shown = blocks(at)
    assert set(shown) == {"APA", "Chicago", "BibTeX", "iframe"}
    version = release.latest().version
    link = "https://exodus.example/?from=2022-09-21&to=2022-10-05&dest=GEO,KAZ"
    assert shown["APA"].startswith(f"The Exodus contributors. (2026). Exodus: reported departures from Russia by border and date (Data version {version})")
    assert "[Interactive dashboard view: Map & headlines, 21 September 2022 – 5 October 2022]" in shown["APA"]
    assert shown["APA"].endswith(f"from {link}")
    assert f"data version {version}" in shown["Chicago"] and shown["Chicago"].endswith(f"{link}.")
    assert re.search(r"^  url = \{" + re.escape(link) + r"\},$", shown["BibTeX"], re.M)
    src = urlsplit(iframe_src(shown["iframe"]))
    assert (src.scheme, src.netloc, src.path) == ("https", "exodus.example", "/")
    assert parse_qs(src.query) == {"from": ["2022-09-21"], "to": ["2022-10-05"], "dest": ["GEO,KAZ"], "embed": ["true"]}


def test_changing_a_filter_changes_the_citation_and_the_page_is_named():
    at = run_app(preset="mobilization")
    at.switch_page("pages/timelines.py").run()
    assert "Timelines, 1 September 2022 – 31 October 2022" in blocks(at)["APA"]
    at.sidebar.selectbox(key="f_preset").set_value("crocus").run()
    shown = blocks(at)
    assert "https://exodus.example/timelines?from=2024-03-22&to=" in shown["APA"]
    assert "from=2024-03-22" in iframe_src(shown["iframe"])


def test_no_code_block_is_sent_until_the_reader_asks_for_the_citations():
    # A code block anywhere on the page, even in a closed expander, makes the browser load
    # the code highlighter before the first chart.
    at = run_app(preset="mobilization")
    assert not at.sidebar.toggle(key=TOGGLE).value and at.sidebar.toggle(key=TOGGLE).label == "Cite or embed this view"
    assert not any(type(e).__name__ == "Code" for e in _walk(at.sidebar)) and len(at.code) == 0
    assert len(blocks(at)) == 4


def test_the_bibtex_and_the_snippet_are_highlighted_as_what_they_are():
    at = run_app(preset="mobilization")
    blocks(at)
    languages = [e.language for e in _walk(at.sidebar) if type(e).__name__ == "Code"]
    assert languages == ["plaintext", "plaintext", "bibtex", "html"]
