"""The documentation stays true to the code: commands, descriptor, pages, columns."""

from __future__ import annotations

import json
import re

from conftest import ROOT
from exodus.data import datapackage
from exodus.data import schema

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    assert "make run" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M), ".ci/run must run the README's test command"
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run: .*\n\t.*streamlit run dashboard.py", makefile, re.M)
    assert re.search(r"^test: .*\n\t.*-m pytest$", makefile, re.M)


def test_descriptor_matches_the_schema():
    committed = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert committed == datapackage.descriptor(), "run: python -m exodus.data.datapackage"


def test_every_column_is_described_with_its_allowed_values():
    committed = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in committed["resources"]}
    for kind, specs in schema.FILES.items():
        fields = {f["name"]: f for f in resources[kind]["schema"]["fields"]}
        assert list(fields) == schema.columns(kind)
        for spec in specs:
            assert fields[spec.name]["description"].strip()
            if spec.allowed:
                assert fields[spec.name]["constraints"]["enum"] == list(spec.allowed)


def test_every_page_is_described_in_the_readme():
    from exodus.app.navigation import PAGES

    titles = [title for _, title, _ in PAGES]
    assert len(titles) == 5 and all((ROOT / script).is_file() for script, _, _ in PAGES)
    for title in titles:
        assert f"| {title} |" in README, f"README's page table lacks {title}"


def test_screenshots_shown_in_the_readme_exist():
    for path in re.findall(r"\]\((docs/[^)]+\.png)\)", README):
        assert (ROOT / path).exists(), path


def test_data_readme_explains_every_measure_and_qualifier():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for word in list(schema.MEASURES) + list(schema.QUALIFIERS):
        assert f"`{word}`" in text, word


def test_changelog_and_licence_exist():
    assert (ROOT / "CHANGELOG.md").read_text().startswith("# Changelog")
    assert "MIT" in (ROOT / "LICENSE").read_text()


def test_row_ids_named_in_the_about_page_exist():
    import csv

    about = (ROOT / "exodus" / "app" / "texts" / "about.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\b(?:m22|c24)-[a-z]{3}-\d{3}\b", about))
    with open(ROOT / "data" / "departures.csv", encoding="utf-8", newline="") as f:
        ids = {row["id"] for row in csv.DictReader(f)}
    assert len(named) >= 20
    assert named <= ids, f"unknown ids in about.md: {sorted(named - ids)}"
