"""Settings in one place (exodus/config.py), documented, and the data folder they point to.

The app tests here run the dashboard in a fresh Python process with ``EXODUS_DATA_DIR``
pointing at a copy of the data folder, exactly as a deployment sets it, so that neither
the cached package of other tests nor the settings read at import time get in the way.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT
from exodus import config

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _settings() -> list[str]:
    return [name for name in vars(config) if re.fullmatch(r"[A-Z][A-Z0-9_]+", name)]


def test_config_imports_nothing_from_the_package():
    tree = ast.parse((ROOT / "exodus" / "config.py").read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert imported and not [m for m in imported if m and m.split(".")[0] == "exodus"]


def test_every_setting_has_a_comment_and_a_line_in_the_readme():
    source = (ROOT / "exodus" / "config.py").read_text(encoding="utf-8").splitlines()
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    for name in _settings():
        line = next(i for i, text in enumerate(source) if text.startswith(f"{name} = "))
        assert source[line - 1].startswith("#: "), f"{name} has no one-line comment above it"
        assert f"`{name}`" in section, f"README's Configuration section does not list {name}"
    assert "`EXODUS_DATA_DIR`" in section and "`BROWSER_PATH`" in section


@pytest.mark.parametrize("module, name, setting", [
    ("exodus.data.geo", "COUNTRIES_PATH", "COUNTRIES_PATH"),
    ("exodus.data.safe_read", "MAX_FILE_BYTES", "MAX_FILE_BYTES"),
    ("exodus.data.rows", "MAX_TEXT", "MAX_TEXT"),
    ("exodus.data.upload_limits", "MAX_BYTES", "UPLOAD_MAX_BYTES"),
    ("exodus.data.upload_limits", "MAX_ROWS", "UPLOAD_MAX_ROWS"),
    ("exodus.data.upload_limits", "MAX_SPAN_DAYS", "UPLOAD_MAX_SPAN_DAYS"),
    ("exodus.data.upload_limits", "MAX_CELL_TEXT", "MAX_TEXT"),
    ("exodus.ops.upload_worker", "TIME_LIMIT", "UPLOAD_TIME_LIMIT"),
    ("exodus.ops.upload_worker", "MEMORY_CAP", "UPLOAD_MEMORY_CAP"),
    ("exodus.charts.formatting", "HOVER_LIMIT", "HOVER_LIMIT"),
    ("exodus.export.images", "IMAGE_TIMEOUT", "IMAGE_TIMEOUT"),
    ("exodus.export.images", "RETRY_START_AFTER", "BROWSER_RETRY_AFTER"),
    ("exodus.export.images", "PROBLEM_SHOWN_FOR", "EXPORT_PROBLEM_SHOWN_FOR"),
    ("exodus.ops.serve", "START_TIMEOUT", "SERVER_START_TIMEOUT"),
    ("exodus.ops.serve", "CHECK_EVERY", "HEALTH_CHECK_EVERY"),
    ("exodus.ops.serve", "HEALTH_TIMEOUT", "HEALTH_TIMEOUT"),
    ("exodus.ops.serve", "HUNG_AFTER", "HUNG_AFTER"),
    ("exodus.ops.proxy_config", "DEFAULT_FRAME_ANCESTORS", "FRAME_ANCESTORS"),
])
def test_modules_read_their_settings_from_config(module, name, setting):
    import importlib

    assert getattr(importlib.import_module(module), name) is getattr(config, setting)


def _python(code: str, **env) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT), **env), timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_the_data_folder_comes_from_the_environment(tmp_path):
    shown = _python("""
        from exodus import config
        from exodus.data import geo, load, validate
        print(config.DATA_DIR, config.COUNTRIES_PATH, geo.COUNTRIES_PATH, load.DATA_DIR, validate.DATA_DIR, sep="\\n")
    """, EXODUS_DATA_DIR=str(tmp_path)).split()
    assert shown == [str(tmp_path), str(tmp_path / "geo" / "countries.geojson"), str(tmp_path / "geo" / "countries.geojson"),
                     str(tmp_path), str(tmp_path)]


# --- a broken country shapes file gives the friendly error on the page ---------------------

RUN_DASHBOARD = """
    import json
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("dashboard.py", default_timeout=240)
    at.run()
    print(json.dumps({"errors": [e.value for e in at.error], "texts": [t.value for t in at.text],
                      "exceptions": [e.value for e in at.exception], "charts": len(at.get("plotly_chart"))}))
"""


def _shapes(text: str) -> dict:
    return json.loads(text)


def _point_for_russia(text: str) -> str:
    shapes = _shapes(text)
    russia = next(f for f in shapes["features"] if f["properties"]["iso3"] == "RUS")
    russia["geometry"] = {"type": "Point", "coordinates": [37.6, 55.75]}
    return json.dumps(shapes)


def _bow_tie_for_georgia(text: str) -> str:
    shapes = _shapes(text)
    georgia = next(f for f in shapes["features"] if f["properties"]["iso3"] == "GEO")
    georgia["geometry"] = {"type": "Polygon", "coordinates": [[[40, 41], [46, 43], [46, 41], [40, 43], [40, 41]]]}
    return json.dumps(shapes)


BROKEN_SHAPES = {
    "invalid JSON": (lambda text: text[: len(text) // 2], "cannot read country shapes"),
    "missing file": (None, "country shapes file not found"),
    "a point for a country": (_point_for_russia, "not a polygon"),
    "a self-crossing outline": (_bow_tie_for_georgia, "missing or invalid geometry for GEO"),
    "no geometry": (lambda text: text.replace('"geometry"', '"geometrie"'), "countries.geojson"),
}


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory) -> Path:
    """The shipped data folder (without the raw files, which the app never reads)."""
    folder = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("raw"))
    return folder


@pytest.mark.parametrize("case", list(BROKEN_SHAPES))
def test_broken_shapes_show_the_friendly_error_and_no_traceback(case, data_copy, tmp_path):
    damage, reason = BROKEN_SHAPES[case]
    folder = tmp_path / "data"
    shutil.copytree(data_copy, folder)
    shapes = folder / config.SHAPES_FILE
    if damage is None:
        shapes.unlink()
    else:
        shapes.write_text(damage(shapes.read_text(encoding="utf-8")), encoding="utf-8")
    page = json.loads(_python(RUN_DASHBOARD, EXODUS_DATA_DIR=str(folder)).strip().splitlines()[-1])
    assert page["exceptions"] == []
    assert page["errors"] == ["The data package could not be loaded, so nothing is shown. The problem:"]
    assert len(page["texts"]) == 1, page["texts"]
    shown = page["texts"][0]
    assert "countries.geojson" in shown and reason in shown, shown
    assert "Traceback" not in shown and str(ROOT) not in shown and str(tmp_path) not in shown
    assert page["charts"] == 0


def test_the_intact_copy_draws_the_map(data_copy):
    """The same run on the undamaged copy shows charts and no error, so the cases above
    fail because of the shapes alone."""
    page = json.loads(_python(RUN_DASHBOARD, EXODUS_DATA_DIR=str(data_copy)).strip().splitlines()[-1])
    assert page["exceptions"] == [] and page["errors"] == []
    assert page["charts"] >= 1
