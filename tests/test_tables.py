"""Display helpers: escaping, safe links, search and export columns."""

from __future__ import annotations

from conftest import reports_frame
from exodus.data import schema
from exodus.charts import tables
from exodus.charts.formatting import amount, esc, safe_link


def test_text_from_data_is_escaped():
    assert esc("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert esc(float("nan")) == "" and esc(None) == ""


def test_only_http_links_are_links():
    assert safe_link("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", "data:text/html,x", "JAVASCRIPT:alert(1)", "", None):
        assert safe_link(bad) is None


def test_amount_keeps_the_qualifier_and_unit():
    rows = reports_frame([dict(id="a-001", qualifier="at_least", value="53000"),
                          dict(id="a-002", qualifier="range", value="5000", value_high="6000", measure="daily"),
                          dict(id="a-003", measure="change_pct", unit="percent", value="30", qualifier="exact"),
                          dict(id="a-004", measure="change_pct", unit="percent", value="-9", qualifier="about")])
    assert [amount(r) for r in rows.to_dict("records")] == ["at least 53,000 people", "5,000–6,000 people", "+30 %", "about -9 %"]


def test_search_matches_every_word_across_columns():
    rows = reports_frame([dict(id="a-001", reporting_body="Frontex", destination_iso3="EUU"),
                          dict(id="a-002", destination_iso3="GEO", notes="queue at Verkhny Lars")])
    assert list(tables.search(rows, "frontex")["id"]) == ["a-001"]
    assert list(tables.search(rows, "georgia lars")["id"]) == ["a-002"]
    assert list(tables.search(rows, "georgia frontex")["id"]) == []
    assert len(tables.search(rows, "")) == 2


def test_export_table_has_the_file_columns_and_iso_dates():
    rows = reports_frame([dict(id="a-001")])
    out = tables.for_export(rows)
    assert list(out.columns) == schema.columns("departures")
    assert out.loc[0, "period_start"] == "2022-09-21"


def test_figures_table_links_only_http_sources():
    rows = reports_frame([dict(id="a-001")])
    table = tables.figures_table(rows)
    assert table.loc[0, "Link"] == "https://example.org/kazakhstan-98000"


def test_markdown_from_data_or_urls_is_inert():
    from exodus.charts.formatting import md_escape

    assert md_escape("[x](javascript:alert(1))") == "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"
    assert md_escape("<b>bold</b> *em* $x$") == "\\<b\\>bold\\<\\/b\\> \\*em\\* \\$x\\$".replace("\\/", "/")


def test_lede_names_the_first_figures_their_bodies_and_how_many_more():
    import pandas as pd

    from exodus.charts.tables import lede

    top = pd.DataFrame([
        {"destination_iso3": "KAZ", "value": 406000.0, "reporting_body": "Kazakhstan Ministry of Internal Affairs (Migration Service Committee)"},
        {"destination_iso3": "ALL", "value": 157000.0, "reporting_body": "Russian Interior Ministry"},
        {"destination_iso3": "GEO", "value": 222274.0, "reporting_body": "Georgia Ministry of Internal Affairs"},
        {"destination_iso3": "FIN", "value": 50655.0, "reporting_body": "Finnish Border Guard"},
    ])
    text = lede(top, "Arrivals", limit=2)
    assert text == ("Arrivals: Kazakhstan 406,000 (Kazakhstan Ministry of Internal Affairs), "
                    "All destinations 157,000 (Russian Interior Ministry) and 2 more destinations.")
    assert lede(top.head(1), "Arrivals") == "Arrivals: Kazakhstan 406,000 (Kazakhstan Ministry of Internal Affairs)."
    assert lede(top.iloc[0:0], "Arrivals") == ""


def test_tables_show_the_figure_first_then_where_what_when_and_who():
    from exodus.charts.tables import FIGURE_COLUMNS

    assert list(FIGURE_COLUMNS.values())[:6] == ["Figure", "Destination", "What was counted", "Period", "Reported by", "Link"]
    # the tables shown have their columns in that order, filled or empty
    rows = reports_frame([dict(id="a-001", value="53000"), dict(id="a-002", value="7")])
    shown = tables.figures_table(rows)
    assert list(shown.columns) == list(FIGURE_COLUMNS.values()) == list(tables.figures_table(rows.iloc[0:0]).columns)
    assert shown["Figure"].tolist() == [amount(r) for r in rows.to_dict("records")] and shown["Id"].tolist() == ["a-001", "a-002"]
