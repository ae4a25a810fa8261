"""The chart message of any upload under the limits stays under 5 MB.

A chart message is what Streamlit sends for one ``st.plotly_chart``: the figure as
``plotly.io.to_json(fig, validate=False)``. Before the payload work one daily row from
2000 to 2025 with long text made a 40 MB timeline (see BENCHMARKS.md)."""

from __future__ import annotations

from datetime import date

import plotly.io as pio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import departure, to_csv
from exodus.view.chart import figure_of
from exodus.derive import filters as flt
from exodus.view import report
from exodus.data import upload_limits as limits
from exodus.data.load import parse_upload
from uploads import HEAVY_CHARACTERS, fit_to_size, worst_rows

BUDGET = 5_000_000  # bytes


def preview_messages(tables: dict, raw: bytes) -> dict[str, int]:
    """Bytes of each chart message the upload preview sends (as exodus.app.data_page.own_file_preview)."""
    rows, problems = parse_upload(raw, "up.csv", set(tables["crossings"]["id"]))
    assert not [p for p in problems if p.line in (0, 1)], problems
    state = flt.Filters(rows["period_start"].min().date(), rows["period_end"].max().date(), flt.CUSTOM)
    own = dict(tables, departures=rows)
    charts = [report.map_chart(own, state), report.timeline_chart(own, state)]
    return {c.slug: len(pio.to_json(c.figure, validate=False)) for c in charts}


@pytest.mark.parametrize("measure", ["daily", "period_total", "cumulative", "stock"])
@pytest.mark.parametrize("character", sorted(HEAVY_CHARACTERS))
def test_worst_upload_at_every_limit_stays_under_budget(map_tables, measure, character):
    raw = fit_to_size(worst_rows(measure=measure, character=HEAVY_CHARACTERS[character]))
    assert len(raw) <= limits.MAX_BYTES
    sizes = preview_messages(map_tables, raw)
    assert max(sizes.values()) < BUDGET, sizes


def test_worst_upload_on_a_crossing_stays_under_budget(map_tables):
    raw = fit_to_size(worst_rows(crossing="verkhny-lars", character=HEAVY_CHARACTERS["emoji"]))
    assert max(preview_messages(map_tables, raw).values()) < BUDGET


def test_a_daily_row_is_one_segment_whatever_its_length(map_tables):
    long_row = departure(measure="daily", period_start="2015-01-01", period_end="2024-12-31", reported_on="2025")
    fig = figure_of(report.timeline_chart(dict(map_tables, departures=parse_upload(to_csv("departures", [long_row]), "f.csv")[0]),
                                flt.Filters(date(2015, 1, 1), date(2024, 12, 31), flt.CUSTOM)))
    daily = [t for t in fig.data if t.legendgroup == "KAZ"][0]
    assert [str(x)[:10] for x in daily.x] == ["2015-01-01", "2024-12-31", "None"] and daily.hoverinfo == "skip"
    hover = [t for t in fig.data if t.legendgroup == "KAZ" and t.meta == {"hover": "reports"}][0]
    assert [str(x)[:10] for x in hover.x] == ["2024-12-31"] and len(hover.customdata) == 1
    assert hover.hovertemplate.count("%{customdata") == 4 and hover.text is None


def test_hover_text_from_data_is_cut(map_tables):
    long_text = dict(reporting_body="B" * 2000, source_publisher="P" * 2000)
    rows = [departure(measure="daily", **long_text), departure(id="m22-kaz-002", measure="period_total", **long_text)]
    own = dict(map_tables, departures=parse_upload(to_csv("departures", rows), "f.csv")[0])
    state = flt.Filters(date(2022, 9, 21), date(2022, 9, 27), flt.CUSTOM)
    timeline = figure_of(report.timeline_chart(own, state))
    hover = [t for t in timeline.data if t.legendgroup == "KAZ" and t.meta == {"hover": "reports"}][0].customdata[0]
    assert hover[2].replace("<br>", " ") == "Reported by " + "B" * 129 + "…"
    country = [t for t in figure_of(report.map_chart(own, state)).data if (t.meta or {}).get("iso3") == "KAZ"][0]
    assert "B" * 129 + "…" in country.text and "B" * 131 not in country.text


uploads = st.lists(
    st.fixed_dictionaries({
        "measure": st.sampled_from(["daily", "period_total", "cumulative", "stock"]),
        "start": st.integers(0, limits.MAX_SPAN_DAYS - 1),
        "length": st.integers(1, limits.MAX_SPAN_DAYS),
        "text": st.sampled_from(sorted(HEAVY_CHARACTERS.values())),
        "dest": st.sampled_from(["KAZ", "GEO", "FIN", "MNG"]),
    }),
    min_size=1, max_size=6,
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(shapes=uploads, copies=st.integers(limits.MAX_ROWS - 5, limits.MAX_ROWS))
def test_generated_uploads_near_the_limits_stay_under_budget(map_tables, shapes, copies):
    """Files of up to 1,000 rows with random periods inside the span limit: the bound
    does not depend on the shape of the periods."""
    from uploads import FIRST_DAY
    from datetime import timedelta

    rows = []
    for i in range(copies):
        shape = shapes[i % len(shapes)]
        start = FIRST_DAY + timedelta(days=shape["start"])
        end = min(start + timedelta(days=shape["length"] - 1), FIRST_DAY + timedelta(days=limits.MAX_SPAN_DAYS - 1))
        rows.append(departure(id=f"m22-g{i:05d}", measure=shape["measure"], period_start=str(start), period_end=str(end),
                              reported_on=str(end), destination_iso3=shape["dest"],
                              reporting_body=shape["text"] * 80, source_publisher=shape["text"] * 80))
    raw = to_csv("departures", rows)
    assert len(raw) <= limits.MAX_BYTES
    assert max(preview_messages(map_tables, raw).values()) < BUDGET
