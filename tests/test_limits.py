"""Upload limits: each is named when it refuses a file, is checked before any chart is
built, and the check runs in its own process with a time limit and a memory cap."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, departure, to_csv
from exodus import config
from exodus.data import upload_limits as limits
from exodus.data.load import parse_upload
from exodus.ops.upload_worker import check_upload


def rows(n: int, **changes) -> list[dict]:
    return [departure(id=f"m22-row-{i:05d}", **changes) for i in range(n)]


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_the_row_limit_is_exact_and_named():
    kept, problems = parse_upload(to_csv("departures", rows(limits.MAX_ROWS)), "f.csv")
    assert problems == [] and len(kept) == limits.MAX_ROWS
    kept, problems = parse_upload(to_csv("departures", rows(limits.MAX_ROWS + 1)), "f.csv")
    assert kept.empty
    assert messages(problems) == ["f.csv: the file has 1,001 data rows; at most 1,000 rows can be checked and drawn here: split the file"]


def test_broken_rows_count_towards_the_row_limit():
    raw = to_csv("departures", rows(limits.MAX_ROWS)) + b"m22-short,2022-09-21\n"
    kept, problems = parse_upload(raw, "f.csv")
    assert kept.empty and any("1,001 data rows" in m for m in messages(problems))


def span_rows(days: int) -> list[dict]:
    first = date(2015, 1, 1)
    last = first + timedelta(days=days - 1)
    return [departure(id="m22-first-001", period_start=str(first), period_end=str(first), reported_on=str(first)),
            departure(id="m22-last-001", period_start=str(last), period_end=str(last), reported_on=str(last))]


def test_the_span_limit_is_exact_and_named():
    kept, problems = parse_upload(to_csv("departures", span_rows(limits.MAX_SPAN_DAYS)), "f.csv")
    assert problems == [] and len(kept) == 2
    kept, problems = parse_upload(to_csv("departures", span_rows(limits.MAX_SPAN_DAYS + 1)), "f.csv")
    assert kept.empty
    assert messages(problems) == ["f.csv: the figures span 3,661 days (2015-01-01 to 2025-01-08); at most 3,660 days "
                                  "(about ten years) can be drawn here: split the file by period"]


def test_one_long_row_is_held_to_the_span_limit_too():
    kept, problems = parse_upload(to_csv("departures", [departure(period_start="2000-01-01", period_end="2025-12-31",
                                                                 measure="daily", reported_on="2026-01-01")]), "f.csv")
    assert kept.empty and "the figures span 9,497 days" in messages(problems)[0]


def test_the_size_limit_is_named_before_anything_is_read():
    raw = to_csv("departures", [departure()])
    raw += b" " * (limits.MAX_BYTES + 1 - len(raw))
    kept, problems = parse_upload(raw, "f.csv")
    assert kept.empty and messages(problems) == ["f.csv: the file has 2,097,153 bytes; at most 2,097,152 bytes (2 MiB) can be checked here"]


def test_the_text_limit_is_exact_and_named():
    at_limit = departure(id="m22-long-001", source_title="t" * limits.MAX_CELL_TEXT)
    over = departure(id="m22-long-002", source_title="t" * (limits.MAX_CELL_TEXT + 1))
    kept, problems = parse_upload(to_csv("departures", [at_limit, over]), "f.csv")
    assert list(kept["id"]) == ["m22-long-001"]
    assert messages(problems) == ["f.csv:3: [source_title] is 2,001 characters long; at most 2,000"]


def test_the_worker_gives_what_the_loader_gives():
    raw = to_csv("departures", [departure(), departure(id="m22-bad-001", value="1_000")])
    checked = check_upload(raw, "f.csv", {"verkhny-lars"})
    kept, problems = parse_upload(raw, "f.csv", {"verkhny-lars"})
    assert checked.problems == problems and messages(problems) == [
        "f.csv:3: [value] '1_000' is not a number (write ASCII digits only, e.g. 98000 or 12.5)"]
    assert checked.rows.equals(kept)


def test_the_check_runs_at_a_lower_priority_than_the_server():
    raw = to_csv("departures", [departure()])
    server = os.getpriority(os.PRIO_PROCESS, 0)
    assert check_upload(raw, "f.csv").niceness == max(server, config.UPLOAD_NICENESS)
    assert check_upload(raw, "f.csv", niceness=server + 3).niceness == min(server + 3, 19)
    assert os.getpriority(os.PRIO_PROCESS, 0) == server  # the server itself keeps its place


def test_the_worker_stops_a_check_at_its_time_limit():
    checked = check_upload(to_csv("departures", rows(limits.MAX_ROWS)), "f.csv", time_limit=0.01)
    assert checked.rows.empty
    assert messages(checked.problems) == ["f.csv: checking the file took longer than 0.01 seconds and was stopped; try a smaller file"]


def test_the_worker_caps_the_memory_of_a_check():
    # parsing 2 MiB of text needs more than 1 MiB beyond what the checker starts with
    heavy = rows(limits.MAX_ROWS, notes="n" * 2000, source_title="t" * 2000)
    checked = check_upload(to_csv("departures", heavy)[: limits.MAX_BYTES], "f.csv", memory_cap=2**20)
    assert checked.rows.empty
    assert messages(checked.problems) == ["f.csv: checking the file needed more than 1 MiB of memory and was stopped; try a smaller file"]


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def upload_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/data_sources.py").run()
    assert not at.exception
    return at


@pytest.mark.parametrize("upload, problem, charts", [
    (rows(limits.MAX_ROWS + 1), "at most 1,000 rows", 0),
    (span_rows(limits.MAX_SPAN_DAYS + 1), "at most 3,660 days", 0),
    (rows(3), None, 2),
])
def test_a_file_over_a_limit_draws_no_chart(upload, problem, charts):
    at = upload_page()
    at.file_uploader(key="own_csv").upload("mine.csv", to_csv("departures", upload), "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel())
    if problem:
        assert problem in shown and at.error
    assert len(plotly_specs(at)) == charts
