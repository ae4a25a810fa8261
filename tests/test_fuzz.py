"""Fuzzed input: whatever bytes or URL a user brings, the loader answers with problems, not a crash.

The properties checked for random input:
- the validator returns rows and problems and never raises, whatever the bytes;
- a user's file loses nothing: every data row is either kept or named in a problem;
- kept rows are exactly the rows no problem points at, and they pass the loader's contract;
- kept rows can be drawn: the map and timeline builders accept them;
- a file the validator accepts is a file the loader loads and the charts draw;
- the upload path end to end (bytes -> checker -> preview charts) answers every file;
- query parameters of any shape give filters inside the data's bounds.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID_DEPARTURE, to_csv
from exodus.view.chart import figure_of
from exodus.derive import filters as flt
from exodus.data import schema
from exodus.data.load import contract, parse_upload
from exodus.charts.figures import validated
from exodus.data.rows import Problem, validate_text

TODAY = date(2026, 1, 1)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COLUMNS = schema.columns("departures")

# Text that looks like what ends up in CSV cells: CSV metacharacters, formula starters,
# HTML, odd Unicode and the plausible values themselves.
cell_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(['"', '""', ",", "\n", "\r\n", "=1+1", "<script>x</script>", "\ufeff", "\x00",
                     "2022-09-21", "2022-02-30", "2022", "-1", "1e309", "NaN", "KAZ", "EUU", "ZZZ",
                     "https://example.org/a", "javascript:alert(1)", "about", "daily", "",
                     "1_000", "１０００", "١٢٣", "２０２２-０９-２１", "２０２２", "1e5", "9" * 400, "HTTP://example.org",
                     "2000-01-01", "2025-12-31", "period_total", "stock", "range", "verkhny-lars"]),
)


def row_with_changes(changes: dict[str, str], index: int) -> dict[str, str]:
    return VALID_DEPARTURE | {"id": f"m22-kaz-{index:03d}"} | changes


mutated_rows = st.lists(
    st.dictionaries(st.sampled_from(COLUMNS), cell_text, max_size=3),
    min_size=1,
    max_size=8,
).map(lambda changes: [row_with_changes(c, i) for i, c in enumerate(changes)])


def data_lines(raw: bytes) -> dict[int, dict[str, str]]:
    """Physical start line -> row, as a spreadsheet would number them (header is line 1)."""
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""))
    rows, line = {}, 2
    for row in reader:
        rows[line] = row
        line = reader.line_num + 1
    return rows


@FUZZ
@given(raw=st.binary(max_size=2000), kind=st.sampled_from(sorted(schema.FILES)))
def test_any_bytes_give_problems_not_exceptions(raw, kind):
    rows, problems = validate_text(raw, kind, "fuzz.csv", TODAY)
    assert all(isinstance(p, Problem) and p.file == "fuzz.csv" and p.line >= 0 and p.message for p in problems)
    if not rows:
        return
    assert len({r.line for r in rows}) == len(rows)


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list(',"\n\r ;\tabc=-+@1.\u00e9\ufeff')), max_size=400))
def test_csv_shaped_noise_after_a_valid_header(text):
    raw = (",".join(COLUMNS) + "\n" + text).encode("utf-8")
    frame, problems = parse_upload(raw, "noise.csv")
    assert all(isinstance(p, Problem) for p in problems)
    assert len(frame) <= text.count("\n") + text.count("\r") + 1


@FUZZ
@given(rows=mutated_rows)
def test_an_uploaded_file_loses_no_row(rows):
    raw = to_csv("departures", rows)
    frame, problems = parse_upload(raw, "mine.csv")
    if any(p.line in (0, 1) for p in problems):
        assert frame.empty  # a broken header or encoding keeps nothing, and says so
        return
    lines = data_lines(raw)
    bad = {p.line for p in problems}
    assert bad <= set(lines), "a problem points at a line that holds no row"
    good_ids = [lines[n]["id"] for n in sorted(lines) if n not in bad]
    assert sorted(frame["id"]) == sorted(good_ids)
    assert len(frame) + len(bad) == len(lines)
    if not frame.empty:
        contract("departures").validate(frame)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(rows=mutated_rows)
def test_kept_rows_can_be_drawn(rows, map_tables):
    from exodus.view import report

    frame, _ = parse_upload(to_csv("departures", rows), "mine.csv")
    tables = map_tables | {"departures": frame}
    state = flt.Filters(date(2022, 1, 1), date(2026, 1, 1), "custom")
    figures = [figure_of(report.map_chart(tables, state)), figure_of(report.timeline_chart(tables, state))]
    assert all(fig.layout.title.text for fig in figures)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(rows=mutated_rows)
def test_a_file_the_validator_accepts_loads_and_draws(rows, map_tables, tmp_path_factory):
    from exodus.view import report
    from exodus.data.load import load_departures

    raw = to_csv("departures", rows)
    if validate_text(raw, "departures", "mine.csv")[1]:
        return
    path = tmp_path_factory.mktemp("accepted") / "departures.csv"
    path.write_bytes(raw)
    frame = load_departures(path)  # "OK" from the validator means the loader takes the file
    assert len(frame) == len(rows)
    tables = map_tables | {"departures": frame}
    state = flt.Filters(frame["period_start"].min().date(), frame["period_end"].max().date(), "custom")
    for chart in (report.map_chart(tables, state), report.timeline_chart(tables, state)):
        assert figure_of(chart).layout.title.text
        validated(chart.figure)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(rows=mutated_rows, noise=st.binary(max_size=200))
def test_the_upload_path_end_to_end(rows, noise, map_tables):
    """What the page does with a file, without Streamlit: check it, then build the map,
    the timeline and the table of the rows kept."""
    from exodus.view.upload_preview import build_preview

    raw = to_csv("departures", rows) + noise
    frame, problems = parse_upload(raw, "mine.csv", {"verkhny-lars", "vaalimaa-torfyanovka"})
    assert all(isinstance(p, Problem) and len(p.message) < 1000 for p in problems)
    if frame.empty:
        return
    preview = build_preview(map_tables, frame)
    assert [c.slug for c in preview.charts] == ["map", "timeline"]
    assert len(preview.table) == len(frame)
    for chart in preview.charts:
        validated(chart.figure)


BOUNDS = (date(2022, 2, 24), date(2024, 12, 31))
query_value = st.one_of(cell_text, st.lists(cell_text, max_size=3))


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["period", "preset", "dest", "metric", "pop", "page", "x"]),
                              query_value, max_size=5))
def test_any_query_parameters_give_filters_within_bounds(params):
    state, notices = flt.from_query(params, BOUNDS, {"KAZ", "GEO", "FIN"}, {"arrivals", "departures"})
    assert BOUNDS[0] <= state.start <= state.end <= BOUNDS[1]
    assert set(state.destinations) <= {"KAZ", "GEO", "FIN"}
    assert set(state.metrics) <= {"arrivals", "departures"}
    assert all(isinstance(n, str) and n for n in notices)
