"""The interface language: catalogues complete and current, Babel's numbers, dates and
country names, plural forms, and the language carried by the filters."""

from __future__ import annotations

import ast
import gettext
import io
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from exodus import i18n
from exodus.charts.formatting import amount, measure_phrase
from exodus.data import schema
from exodus.derive import filters as flt

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "exodus" / "i18n" / "locale"
OTHER_LANGUAGES = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]
NBSP = "\u00a0"


def extracted() -> set:
    """Every message marked in the code now, as ``pybabel extract`` with babel.cfg finds it."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    return {message for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), method_map, options_map)}


def msgids(catalogue) -> set:
    return {m.id for m in catalogue if m.id}


def po(lang: str):
    with open(LOCALE / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


def test_the_template_holds_every_marked_message_and_nothing_else():
    with open(LOCALE / "messages.pot", "rb") as fh:
        template = msgids(read_po(fh))
    found = extracted()
    assert found - template == set(), "marked in the code but not in messages.pot: run make translations"
    assert template - found == set(), "in messages.pot but no longer in the code: run make translations"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_message_is_translated(lang):
    catalogue = po(lang)
    assert msgids(catalogue) == extracted(), f"{lang} catalogue out of step with the code: run make translations"
    untranslated = [m.id for m in catalogue if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))]
    assert not untranslated, f"{lang}: {len(untranslated)} messages without a translation, e.g. {untranslated[:5]}"


PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_translations_keep_every_placeholder_and_tag(lang):
    for m in po(lang):
        if not m.id:
            continue
        source = m.id if isinstance(m.id, tuple) else (m.id,)
        wanted = sorted(PLACEHOLDER.findall(source[-1]))
        tags = sorted(re.findall(r"</?[a-z]+>", source[-1]))
        for text in (m.string if isinstance(m.string, tuple) else (m.string,)):
            assert sorted(PLACEHOLDER.findall(text)) == wanted, (m.id, text)
            assert sorted(re.findall(r"</?[a-z]+>", text)) == tags, (m.id, text)


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_the_po_file(lang):
    buffer = io.BytesIO()
    write_mo(buffer, po(lang))
    fresh = gettext.GNUTranslations(io.BytesIO(buffer.getvalue()))
    with open(LOCALE / lang / "LC_MESSAGES" / "messages.mo", "rb") as fh:
        committed = gettext.GNUTranslations(fh)
    assert committed._catalog == fresh._catalog, "messages.mo is stale: run make translations"


def _modules():
    for path in sorted((ROOT / "exodus").rglob("*.py")) + sorted((ROOT / "pages").glob("*.py")) + [ROOT / "dashboard.py"]:
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_messages_are_literals_that_extraction_can_read():
    """_("...") with an f-string or a concatenation would be missing from the catalogue;
    translate a constant marked with N_() instead."""
    bad = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_", "ngettext", "npgettext", "pgettext"):
                messages = {"_": 1, "N_": 1, "ngettext": 2, "pgettext": 2, "npgettext": 3}[node.func.id]
                if any(isinstance(arg, (ast.JoinedStr, ast.BinOp)) for arg in node.args[:messages]):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bad, bad


def test_no_module_that_translates_rebinds_the_underscore():
    """A loop or assignment to ``_`` inside a function that also calls ``_()`` would turn
    the call into an error."""
    bad = []
    for path, tree in _modules():
        for func in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in ast.walk(func))
            binds = [n for n in ast.walk(func) if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
                     and not _inside_comprehension(func, n)]
            if calls and binds:
                bad.append(f"{path.relative_to(ROOT)}:{func.name}")
    assert not bad, bad


def _inside_comprehension(func, name) -> bool:
    return any(name in ast.walk(c) for c in ast.walk(func) if isinstance(c, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)))


# --- numbers, dates, names ---


@pytest.mark.parametrize("lang, value, text", [
    ("en", 1_000_000, "1,000,000"), ("ru", 1_000_000, f"1{NBSP}000{NBSP}000"),
    ("en", 98000.5, "98,000.5"), ("ru", 98000.5, f"98{NBSP}000,5"), ("ru", 3.14159, "3,14"), ("ru", 612, "612"),
])
def test_numbers_as_each_language_writes_them(lang, value, text):
    assert i18n.format_number(value, lang) == text


@pytest.mark.parametrize("lang, start, end, text", [
    ("ru", date(2022, 9, 21), date(2022, 9, 21), "21 сент. 2022\u202fг."),
    ("en", date(2022, 9, 21), date(2022, 9, 21), "21 Sep 2022"),
    ("ru", date(2022, 9, 21), date(2022, 10, 31), "21 сент. — 31 окт. 2022\u202fг."),
    ("en", date(2022, 9, 21), date(2022, 10, 31), "21 Sep – 31 Oct 2022"),
    ("ru", date(2022, 12, 30), date(2023, 1, 5), "30 дек. 2022\u202fг. — 5 янв. 2023\u202fг."),
    ("en", date(2022, 12, 30), date(2023, 1, 5), "30 Dec 2022 – 05 Jan 2023"),
])
def test_dates_and_periods(lang, start, end, text):
    assert i18n.format_period(start, end, lang) == text


def test_country_names_come_from_babel_for_every_destination_in_the_data():
    codes = [line.split(",")[4] for line in (ROOT / "data" / "departures.csv").read_text(encoding="utf-8").splitlines()[1:]]
    countries = sorted(set(codes) - set(schema.SPECIAL_DESTINATIONS))
    with i18n.language("ru"):
        names = {code: schema.label_destination(code) for code in countries}
    assert names["GEO"] == "Грузия" and names["KAZ"] == "Казахстан" and names["RUS"] == "Россия"
    assert all(re.fullmatch(r"[А-ЯЁа-яё \-]+", name) for name in names.values()), names
    assert schema.label_destination("GEO") == "Georgia", "English stays English outside the block"


@pytest.mark.parametrize("n, word", [(1, "человек"), (2, "человека"), (5, "человек"), (21, "человек"), (22, "человека"),
                                     (11, "человек"), (98000, "человек")])
def test_russian_plural_forms(n, word):
    row = dict(unit="people", measure="period_total", qualifier="exact", value=float(n), value_high=float("nan"))
    with i18n.language("ru"):
        assert amount(row).endswith(" " + word)
        assert i18n.ngettext("trip", "trips", n if n != 1 else 1) in ("поездка", "поездки", "поездок")


def test_a_report_in_russian():
    row = dict(unit="people", measure="daily", qualifier="about", value=10000.0, value_high=float("nan"),
               period_start=date(2022, 9, 22), period_end=date(2022, 9, 25))
    with i18n.language("ru"):
        assert amount(row) == f"около 10{NBSP}000 человек"
        assert measure_phrase(row) == "в день, 22—25 сент. 2022\u202fг."
    assert amount(row) == "about 10,000 people"


def test_language_block_restores_the_previous_language():
    with i18n.language("ru"):
        assert i18n.current() == "ru"
        with i18n.language("en"):
            assert i18n._("Events") == "Events"
        assert i18n._("Events") == "События"
    assert i18n.current() == i18n.DEFAULT


@pytest.mark.parametrize("code, lang", [("ru", "ru"), ("ru-RU", "ru"), ("ru_RU", "ru"), ("EN-gb", "en"), ("de", None), ("", None), (None, None)])
def test_language_codes(code, lang):
    assert i18n.normalise(code) == lang


BOUNDS = (date(2022, 2, 24), date(2024, 9, 30))


def test_the_language_is_part_of_the_address():
    state, notices = flt.from_query({"lang": "ru", "preset": "crocus"}, BOUNDS, set(), set())
    assert state.lang == "ru" and not notices
    assert flt.to_query(state)["lang"] == "ru"
    assert flt.from_query(flt.to_query(state), BOUNDS, set(), set())[0] == state


def test_the_browser_language_is_the_default_and_the_link_wins():
    assert flt.from_query({}, BOUNDS, set(), set(), default_lang="ru-RU")[0].lang == "ru"
    assert flt.from_query({"lang": "en"}, BOUNDS, set(), set(), default_lang="ru")[0].lang == "en"


def test_notices_speak_the_language_of_the_link():
    _state, notices = flt.from_query({"lang": "ru", "preset": "nope", "dest": "ZZZ"}, BOUNDS, {"GEO"}, set())
    assert notices[0].startswith("Неизвестный период «nope» пропущен")
    assert "Неизвестные направления пропущены" in notices[1]
    state, notices = flt.from_query({"lang": "xx"}, BOUNDS, set(), set())
    assert state.lang == "en" and notices == ["Ignored unknown language “xx”."]


# --- exported files ---


def test_exported_images_and_the_zip_readme_speak_the_language():
    import plotly.graph_objects as go

    from exodus.data import release
    from exodus.derive import filters as flt
    from exodus.export.decorate import decorate
    from exodus.export.files import files
    from exodus.view.build import build_view
    from exodus.view.package import load_package

    with i18n.language("ru"):
        fig = decorate(go.Figure(), title="Карта", subtitle="", start=date(2022, 9, 21), end=date(2022, 10, 31),
                       sources=["Frontex", "Georgia Ministry of Internal Affairs", "Finnish Border Guard"])
    texts = [a.text for a in fig.layout.annotations]
    assert "Источники: Frontex; Georgia Ministry of Internal Affairs; Finnish Border Guard" in texts
    assert f"График: Exodus · данные {release.version_label()}" in texts
    title = fig.layout.title.text.replace("\xa0", " ")  # the date range is kept on one line
    assert title == "Карта · 21 сент. — 31 окт. 2022\u202fг."
    package = load_package()
    state = flt.Filters(date(2022, 9, 21), date(2022, 10, 31), flt.CUSTOM, ("GEO",), lang="ru")
    with i18n.language("ru"):
        readme = files(build_view(package, state), ["html", "csv"])[0].data.decode("utf-8")
    assert readme.startswith("Выгрузка данных Exodus\n======================\n")
    assert "Период: 21 сент. — 31 окт. 2022\u202fг. (с 2022-09-21 по 2022-10-31 включительно)" in readme
    assert "все опубликованные цифры по этим фильтрам" in readme and "интерактивный HTML" in readme
    english = files(build_view(package, flt.Filters(date(2022, 9, 21), date(2022, 9, 21), flt.CUSTOM)), ["html"])[0]
    assert english.data.decode("utf-8").startswith("Exodus data export\n")


def test_csv_headers_can_follow_the_language():
    import pandas as pd

    from exodus.charts.tables import with_headers

    frame = pd.DataFrame(columns=schema.columns("departures"))
    with i18n.language("ru"):
        headers = list(with_headers(frame).columns)
    assert headers[:3] == ["ID", "Первый день", "Последний день"] and "Кто сообщил" in headers
    assert not [h for h in headers if re.search(r"[a-z]{3}", h)], headers
    assert list(with_headers(frame).columns)[:3] == ["Id", "First day", "Last day"]


def test_the_command_line_writes_russian_files(tmp_path):
    import zipfile

    from exodus.export import cli

    assert cli.main(["--from", "2022-09-21", "--to", "2022-09-30", "--out", str(tmp_path), "--formats", "html", "--zip", "--lang", "ru"]) == 0
    archive = zipfile.ZipFile(next(tmp_path.glob("*.zip")))
    assert archive.read("README.txt").decode("utf-8").startswith("Выгрузка данных Exodus")
    html = next(n for n in archive.namelist() if n.startswith("exodus-map_") and n.endswith(".html"))
    assert "главная цифра по странам" in archive.read(html).decode("utf-8")


def test_a_readers_own_file_is_drawn_in_their_language():
    from conftest import departure, to_csv
    from exodus.ops.upload_worker import check_upload

    raw = to_csv("departures", [departure(), departure(id="m22-kaz-002", value="5000")])
    russian = check_upload(raw, "f.csv", set(), preview=True, lang="ru")
    english = check_upload(raw, "f.csv", set(), preview=True)
    assert not russian.problems and len(russian.rows) == 2
    titles = [c.figure["layout"]["title"]["text"] for c in russian.preview.charts]
    assert titles and all(re.search("[А-Яа-я]", t) for t in titles), titles
    assert all(not re.search("[А-Яа-я]", c.figure["layout"]["title"]["text"]) for c in english.preview.charts)
