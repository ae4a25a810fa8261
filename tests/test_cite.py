"""Citations and embed snippets of a view, and CITATION.cff."""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from hypothesis import given, strategies as st

from conftest import ROOT
from exodus.data import release
from exodus.derive import filters as flt
from exodus.view import cite, embed

BOUNDS = (date(2020, 12, 18), date(2026, 2, 9))
STATE = flt.Filters(date(2022, 9, 1), date(2022, 10, 31), "mobilization", destinations=("GEO", "KAZ"), metrics=("arrivals",))


def ref(state=STATE, link=None, page="Map & headlines", path="map") -> cite.ViewRef:
    link = link or cite.view_link("https://exodus.example/app", path, cite.pinned_query(state))
    return cite.ViewRef(page=page, state=state, link=link, data_version="2026.12.0",
                        released=date(2026, 12, 2), accessed=date(2027, 1, 5))


def test_pinned_query_writes_out_the_dates_and_keeps_the_filters_and_page_parameters():
    query = cite.pinned_query(STATE, {"country": "GEO", "junk": "x"})
    assert query == {"from": "2022-09-01", "to": "2022-10-31", "dest": "GEO,KAZ", "metric": "arrivals", "country": "GEO"}
    state, notices = flt.from_query(query, BOUNDS, {"GEO", "KAZ"}, {"arrivals"})
    assert notices == []
    assert state == STATE, "the link opens the same filters, the preset read back from the dates"


def test_all_preset_is_pinned_to_its_days():
    everything = flt.Filters(*BOUNDS, "all")
    assert cite.pinned_query(everything) == {"from": "2020-12-18", "to": "2026-02-09"}


def test_view_link_is_the_app_address_with_the_page_and_the_query():
    link = cite.view_link("https://exodus.example/app/", "timelines", cite.pinned_query(STATE))
    assert link == "https://exodus.example/app/timelines?from=2022-09-01&to=2022-10-31&dest=GEO,KAZ&metric=arrivals"


@pytest.mark.parametrize(
    "url, page, root",
    [
        ("http://localhost:8501/timelines", "timelines", "http://localhost:8501"),
        ("http://localhost:8501/", "map", "http://localhost:8501"),
        ("https://news.example/exodus/map?x=1#top", "map", "https://news.example/exodus"),
        ("https://news.example/a b", "map", "https://news.example/a%20b"),
        ("javascript:alert(1)", "map", None),
        ("https://bad host/", "map", None),
        ("", "map", None),
        (None, "map", None),
    ],
)
def test_app_root_from_the_browser_address(url, page, root):
    assert cite.app_root(url, page) == root


def test_view_link_falls_back_when_the_root_is_not_an_http_address():
    assert cite.view_link("ftp://x", "map", {}) == "http://localhost:8501/map"


def test_apa_names_author_year_title_version_view_and_retrieval():
    text = cite.apa(ref())
    assert text == (
        "The Exodus contributors. (2026). Exodus: reported departures from Russia by border and date "
        "(Data version 2026.12.0) [Interactive dashboard view: Map & headlines, 1 September 2022 – 31 October 2022]. "
        "Retrieved January 5, 2027, from "
        "https://exodus.example/app/map?from=2022-09-01&to=2022-10-31&dest=GEO,KAZ&metric=arrivals")


def test_chicago_names_the_view_the_version_and_the_access_date():
    text = cite.chicago(ref(page="Timelines", path="timelines"))
    assert text.startswith("The Exodus contributors. “Timelines, 1 September 2022 – 31 October 2022.” Exodus: reported")
    assert "data version 2026.12.0, 2026. Accessed January 5, 2027. https://exodus.example/app/timelines?from=2022-09-01" in text


def _bibtex_fields(entry: str) -> dict[str, str]:
    head = re.match(r"@misc\{([^,]+),\n", entry)
    assert head and entry.endswith("\n}")
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", entry, re.M))
    return {"key": head.group(1)} | fields


def test_bibtex_entry_has_its_fields_and_escapes_latex_specials():
    fields = _bibtex_fields(cite.bibtex(ref()))
    assert fields["key"] == "exodus-map-headlines-20220901-20221031"
    assert fields["author"] == "{The Exodus contributors}"
    assert fields["title"] == ("Exodus: reported departures from Russia by border and date. "
                               "Map \\& headlines, 1 September 2022 -- 31 October 2022")
    assert fields["year"] == "2026" and fields["version"] == "2026.12.0" and fields["urldate"] == "2027-01-05"
    assert fields["url"] == "https://exodus.example/app/map?from=2022-09-01&to=2022-10-31&dest=GEO,KAZ&metric=arrivals"


@given(st.text(max_size=60))
def test_bibtex_text_never_leaves_a_special_character_unescaped(text):
    out = cite.bibtex_text(text)
    bare = re.sub(r"\\(textbackslash|textasciitilde|textasciicircum)\{\}|\\[{}&%$#_]", "", out)
    assert not set(bare) & set("\\{}&%$#_~^")


def test_bibtex_url_carries_no_brace_or_backslash_from_a_strange_address():
    fields = _bibtex_fields(cite.bibtex(ref(link="https://x.example/map?dest=}{\\")))
    assert not set(fields["url"]) & set("{}\\")


def test_embed_url_adds_embed_mode_and_keeps_the_view():
    url = embed.embed_url(ref().link)
    parts = urlsplit(url)
    assert parse_qs(parts.query) == {"from": ["2022-09-01"], "to": ["2022-10-31"], "dest": ["GEO,KAZ"],
                                     "metric": ["arrivals"], "embed": ["true"]}
    assert embed.embed_url(url + "&embed_options=show_toolbar", "light_theme").endswith("&embed=true&embed_options=light_theme")
    assert embed.embed_url("https://x.example/map") == "https://x.example/map?embed=true"
    assert "bogus" not in embed.embed_url("https://x.example/map", theme="bogus")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_iframe_snippet_is_one_frame_whose_source_is_the_embed_url():
    snippet = embed.iframe(ref(), height=600)
    parser = _Tags()
    parser.feed(snippet)
    assert [t for t, _ in parser.tags] == ["iframe"]
    attrs = parser.tags[0][1]
    assert attrs["src"] == embed.embed_url(ref().link)
    assert attrs["title"] == "Exodus: Map & headlines, 1 September 2022 – 31 October 2022 (data 2026.12.0)"
    assert attrs["height"] == "600" and attrs["width"] == "100%"
    assert snippet.endswith("></iframe>")


def test_iframe_attributes_are_escaped():
    snippet = embed.iframe(ref(link='https://x.example/map?dest="><script>', page='"><b>'))
    parser = _Tags()
    parser.feed(snippet)
    assert [t for t, _ in parser.tags] == ["iframe"]
    assert html.unescape(parser.tags[0][1]["title"]).startswith('Exodus: "><b>')


def test_readme_block_carries_version_link_and_the_three_styles():
    text = cite.readme_text(ref())
    assert text.startswith("Data version: 2026.12.0 (released 2026-12-02)\nThis view: https://exodus.example/app/map?from=")
    for name, styled in cite.all_styles(ref()).items():
        assert f"{name}:\n" in text
        assert all(f"  {line}" in text for line in styled.splitlines())


def test_citation_cff_is_valid_and_names_the_data_version():
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert data["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors"):
        assert data[key], key
    assert all(isinstance(a, dict) and (a.get("name") or a.get("family-names")) for a in data["authors"])
    newest = release.latest()
    assert data["version"] == newest.version
    assert str(data["date-released"]) == newest.released.isoformat()
    assert data["title"].lower() == cite.TITLE.lower()
    assert data["authors"][0]["name"] == cite.AUTHOR


def test_export_text_names_the_version_and_the_filters_link(monkeypatch):
    from exodus import config

    monkeypatch.setattr(config, "PUBLIC_URL", "https://exodus.example")
    text = cite.export_text(STATE.start, STATE.end, flt.to_query(STATE), accessed=date(2027, 1, 5))
    newest = release.latest()
    assert text.startswith(f"How to cite this export\nData version: {newest.version} (released {newest.released.isoformat()})\n")
    assert "This view: https://exodus.example/?from=2022-09-01&to=2022-10-31&dest=GEO,KAZ&metric=arrivals\n" in text
    assert f"(Data version {newest.version}) [Interactive dashboard view: All charts, 1 September 2022 – 31 October 2022]" in text
    assert "  urldate = {2027-01-05}," in text
