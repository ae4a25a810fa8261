"""``python -m exodus.export`` run in-process: its refusals and their words, its exit
codes, what it asks of the browser, where it writes and what it prints."""

from __future__ import annotations

from datetime import date

import pytest

from exodus.export import cli
from exodus.export import images
from exodus.view import package as pkg
from painter import Painter


class FakeExporter(Painter):
    """Stands in for the browser; ``available`` says whether it could start."""

    made: list["FakeExporter"] = []
    available = True

    def __init__(self):
        super().__init__()
        self.closed = False
        FakeExporter.made.append(self)

    def browser_available(self):
        return FakeExporter.available

    def missing(self):
        return "no browser here (fake)"

    def start(self):
        if not FakeExporter.available:
            raise images.ExportUnavailable("PNG/SVG export unavailable: no browser here (fake)")

    def close(self):
        self.closed = True


@pytest.fixture
def fake(monkeypatch):
    FakeExporter.made, FakeExporter.available = [], True
    monkeypatch.setattr(images, "StaticExporter", FakeExporter)
    return FakeExporter


WEEK = ["--from", "2022-09-21", "--to", "2022-09-27", "--dest", " geo, kaz ,"]


def test_it_writes_into_a_new_nested_folder_and_prints_each_path(tmp_path, capsys, fake):
    out = tmp_path / "a" / "b"
    assert cli.main([*WEEK, "--out", str(out), "--formats", "CSV, html", "--zip"]) == 0
    printed = capsys.readouterr().out.splitlines()
    written = sorted(p.name for p in out.iterdir())
    assert sorted(p.rsplit("/", 1)[1] for p in printed) == written and all(p.startswith(str(out) + "/") for p in printed)
    assert printed[-1] == str(out / "exodus-all_2022-09-21_2022-09-27.zip") and printed[0] == str(out / "README.txt")
    assert fake.made == [], "no browser is started without an image format"
    readme = (out / "README.txt").read_text()
    assert "  dest: GEO,KAZ\n" in readme and "  preset: custom\n" in readme and "(2022-09-21 to 2022-09-27, inclusive)" in readme


def test_images_come_from_one_exporter_in_the_sizes_asked_and_it_is_closed(tmp_path, capsys, fake):
    assert cli.main([*WEEK, "--out", str(tmp_path), "--formats", "svg,png", "--size", "article"]) == 0
    (exporter,) = fake.made
    assert exporter.closed and exporter.images and {i[1] for i in exporter.images} == {680}
    assert {i[0] for i in exporter.images} == {"png", "svg"}
    names = {p.name for p in tmp_path.iterdir()}
    assert "exodus-map-article_2022-09-21_2022-09-27.png" in names and "exodus-map-article_2022-09-21_2022-09-27.svg" in names
    assert capsys.readouterr().err == ""


def test_without_a_browser_it_says_so_and_writes_the_rest(tmp_path, capsys, fake):
    fake.available = False
    assert cli.main([*WEEK, "--out", str(tmp_path), "--formats", "png,csv"]) == 0
    assert capsys.readouterr().err == "note: PNG and SVG skipped: no browser here (fake)\n"
    assert fake.made[0].closed and not any(p.suffix == ".png" for p in tmp_path.iterdir())
    assert "PNG images are not included: no browser here (fake)." in (tmp_path / "README.txt").read_text()


@pytest.mark.parametrize("option, value, message", [
    ("--formats", "PNG, pdf ,gif", "error: unknown format(s): gif, pdf; use png, svg, html, csv\n"),
    ("--size", "poster,Big,standard", "error: unknown size(s): big, poster; use standard, article\n"),
])
def test_unknown_formats_and_sizes_are_named(tmp_path, capsys, option, value, message):
    assert cli.main(["--out", str(tmp_path / "x"), option, value]) == 2
    assert capsys.readouterr().err == message and not (tmp_path / "x").exists()


def test_a_reversed_range_is_refused_and_one_day_is_a_range(tmp_path, capsys, fake):
    assert cli.main(["--from", "2022-10-02", "--to", "2022-10-01", "--out", str(tmp_path / "x")]) == 2
    assert capsys.readouterr().err == "error: --to 2022-10-01 is before --from 2022-10-02\n" and not (tmp_path / "x").exists()
    assert cli.main(["--from", "2022-10-01", "--to", "2022-10-01", "--out", str(tmp_path / "y"), "--formats", "csv"]) == 0
    assert (tmp_path / "y" / "exodus-figures_2022-10-01_2022-10-01.csv").exists()


def test_the_days_default_to_those_of_the_data(tmp_path, fake):
    first, last = pkg.load_package().bounds
    assert cli.main(["--out", str(tmp_path), "--formats", "csv", "--dest", "GEO"]) == 0
    assert (tmp_path / f"exodus-figures_{first}_{last}.csv").exists()
    assert cli.main(["--from", "2022-09-21", "--out", str(tmp_path / "b"), "--formats", "csv", "--dest", "GEO"]) == 0
    assert (tmp_path / "b" / f"exodus-figures_2022-09-21_{last}.csv").exists()


def test_broken_data_is_an_error_with_its_message_and_code_1(tmp_path, capsys, monkeypatch):
    from exodus.data.rows import Problem, DataError

    def broken():
        raise DataError([Problem("departures.csv", 7, "value", "not a number")])

    monkeypatch.setattr(pkg, "load_package", broken)
    assert cli.main(["--out", str(tmp_path / "x"), "--formats", "csv"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "departures.csv" in err and "not a number" in err and not (tmp_path / "x").exists()


def test_the_language_applies_to_the_files_but_not_to_the_data(tmp_path, fake):
    assert cli.main([*WEEK, "--out", str(tmp_path), "--formats", "csv", "--lang", "ru"]) == 0
    readme = (tmp_path / "README.txt").read_text()
    assert readme.startswith("Выгрузка данных Exodus\n") and "  lang: ru\n" in readme
    figures = (tmp_path / "exodus-figures_2022-09-21_2022-09-27.csv").read_text(encoding="utf-8-sig")
    assert figures.startswith("id,") and "reporting_body" in figures.splitlines()[0] and ",GEO," in figures


def test_a_bad_date_is_refused_by_the_parser_with_its_words(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--from", "2022-13-01", "--out", str(tmp_path)])
    assert stop.value.code == 2 and "'2022-13-01' is not a date like 2022-09-21" in capsys.readouterr().err


def test_the_options_have_their_defaults_and_help():
    args = cli.parse_args(["--out", "x"])
    assert (args.start, args.end, args.dest, args.formats, args.size, args.zip, args.lang) == (
        None, None, "", "png,svg,html,csv", "standard", False, "en")
    assert cli.parse_args(["--out", "x", "--from", "2022-09-21", "--zip"]).start == date(2022, 9, 21)
    with pytest.raises(SystemExit):
        cli.parse_args([])  # --out is required
    with pytest.raises(SystemExit):
        cli.parse_args(["--out", "x", "--lang", "xx"])


def test_help_describes_every_option(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.parse_args(["--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert stop.value.code == 0 and shown.startswith("usage: python -m exodus.export")
    for words in ("Export the dashboard's charts and data for a date range.", "first day (default: first day of the data)",
                  "last day (default: last day of the data)", "destination codes, comma-separated (default: all)",
                  "folder to write into (created if missing)", "comma-separated: png, svg, html, csv (default: all)",
                  "image size, comma-separated: standard (1200 px wide), article (680 px wide); PNG at 2x",
                  "also write one ZIP with everything and a README",
                  "language of titles, source lines and README (default: en)"):
        assert words in shown, words
