"""Every page in English and in Russian (AppTest on the shipped data): the Russian map page
shows no English beyond the data as reported, the English pages no Russian, and the
language stays in the address across page switches."""

from __future__ import annotations

import json
import re

import pytest

from conftest import run_app
from exodus.app.chart_sections import LAZY_TABLES
from languages import page_texts, stray_english, stray_russian

PAGES = ["pages/overview.py", "pages/timelines.py", "pages/country.py", "pages/data_sources.py", "pages/about.py"]
#: The views checked word by word: the map page in both waves, the other pages as they open.
STRICT = [("pages/overview.py", "mobilization"), ("pages/overview.py", "crocus"), ("pages/timelines.py", "mobilization"),
          ("pages/country.py", "mobilization"), ("pages/about.py", "mobilization")]


def run(page: str, lang: str, preset: str = "mobilization"):
    at = run_app(lang=lang, preset=preset)
    if page != PAGES[0]:
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
    if page == "pages/timelines.py":  # its tables too, which are built only when opened
        for key in LAZY_TABLES:
            at.session_state[key] = True
        at.run()
        assert len(at.dataframe) >= 2, "the figures and the values compared with normal"
    return at


def table_headers(at) -> list[str]:
    """The headers a reader sees: each column's label from the table's column settings."""
    out = []
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        for column in frame.value.columns:
            settings = config.get(f"name:{column}") or config.get(str(column)) or {}
            out.append(settings.get("label") or str(column))
    return out


def shown_texts(at) -> list[str]:
    headers = set(str(c) for frame in at.dataframe for c in frame.value.columns)
    return [t for t in page_texts(at) if t not in headers] + table_headers(at)


@pytest.mark.parametrize("page, preset", STRICT)
def test_no_english_left_on_the_russian_page(page, preset):
    at = run(page, "ru", preset)
    texts = shown_texts(at)
    assert len(texts) > 20
    assert stray_english(texts) == []


@pytest.mark.parametrize("page, preset", STRICT)
def test_no_russian_on_the_english_page(page, preset):
    at = run(page, "en", preset)
    assert stray_russian(shown_texts(at)) == []


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang, title_word", [("en", r"[A-Za-z]"), ("ru", r"[А-Яа-я]")])
def test_every_page_runs_in_both_languages(page, lang, title_word):
    at = run(page, lang)
    assert at.title and re.search(title_word, at.title[0].value)
    assert at.query_params["lang"] == lang
    assert at.selectbox(key="f_lang").value == lang


def test_the_russian_map_speaks_russian():
    at = run(PAGES[0], "ru")
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    heading = next(m.value for m in at.markdown if m.value.startswith("**"))
    assert heading.replace("\\", "").startswith("**Прибыли из России в страну назначения: главная цифра по странам")
    georgia = next(t for t in fig["data"] if isinstance(t.get("meta"), dict) and t["meta"].get("iso3") == "GEO")
    assert georgia["text"].startswith("<b>Грузия</b><br>") and "222\u00a0274 человека" in georgia["text"]
    assert fig["layout"]["separators"] == ",\u00a0"
    assert [a["text"] for a in fig["layout"]["annotations"] if a.get("name") == "label-KAZ"] == ["Казахстан"]
    assert at.sidebar.header[0].value == "Фильтры"


def test_the_language_survives_a_page_switch():
    at = run_app(lang="ru", preset="crocus")
    at.query_params.clear()  # the navigation drops the address bar's parameters
    at.switch_page("pages/timelines.py").run()
    assert not at.exception
    assert at.query_params["lang"] == "ru" and at.query_params["preset"] == "crocus"
    assert at.title[0].value == "Хронология"


def test_the_switch_changes_the_language_and_the_address():
    at = run_app(preset="mobilization")
    assert at.title[0].value == "Who left Russia, across which border, and when"
    at.selectbox(key="f_lang").set_value("ru").run()
    assert not at.exception
    assert at.title[0].value == "Кто уехал из России, через какую границу и когда"
    assert at.query_params["lang"] == "ru"
    at.selectbox(key="f_lang").set_value("en").run()
    assert at.title[0].value == "Who left Russia, across which border, and when" and at.query_params["lang"] == "en"


def test_the_about_page_in_russian_names_the_same_rows_and_figures():
    from pathlib import Path

    texts = Path(__file__).resolve().parent.parent / "exodus" / "app" / "texts"
    english, russian = (texts / "about.md").read_text(encoding="utf-8"), (texts / "about.ru.md").read_text(encoding="utf-8")
    ids = r"\b(?:m22|c24)-[a-z]{3}-\d{3}\b"
    assert set(re.findall(ids, russian)) == set(re.findall(ids, english))
    flat = " ".join(russian.split())
    for figure in ("222 274", "93 100 и 102 900", "25 606", "6109 до 700 000", "869 874"):
        assert figure in flat
    assert "на английском" in russian, "the page says the data stays as reported"
    at = run("pages/about.py", "ru")
    assert "Язык данных" in " ".join(m.value for m in at.markdown)


def test_the_csv_header_switch_is_offered_outside_english():
    russian, english = run_app(lang="ru"), run_app(lang="en")
    assert [t.label for t in russian.sidebar.toggle if t.key == "csv_headers"] == ["Заголовки столбцов CSV на этом языке"]
    assert not [t for t in english.sidebar.toggle if t.key == "csv_headers"]
