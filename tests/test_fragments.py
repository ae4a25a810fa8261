"""Sections with pickers of their own are fragments: a change of one of their widgets
reruns that section alone (the other sections send nothing and stay as they were), and
the next full run still shows the whole page with the change kept."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from conftest import ROOT, run_app
from fragments import chart_headings, chart_specs, elements, fragment_of, recording, rerun_fragment
from test_limits import rows, to_csv


def _kinds(messages) -> list[str]:
    return [kind for kind, _, _ in elements(messages)]


def _fragments(messages) -> set[str]:
    return {fragment for _, _, fragment in elements(messages)}


def _texts(messages) -> str:
    return " ".join(str(getattr(proto, "body", "")) for kind, proto, _ in elements(messages) if kind == "markdown")


def test_map_mode_reruns_the_map_section_alone():
    with recording() as sent:
        at = run_app(preset="mobilization")
        full = list(sent)
        map_fragment = fragment_of(full, "map_mode")
        cards_fragment = fragment_of(full, "show_headline_table")
        assert map_fragment and cards_fragment and map_fragment != cards_fragment
        assert "headline figure per country" in chart_headings(full)[0]
        cards = _kinds(full).count("metric")
        assert cards > 0

        rerun_fragment(at.radio(key="map_mode").set_value("estimate"), map_fragment)
        assert not at.exception, [e.value for e in at.exception]
        scoped = list(sent)
        assert _fragments(scoped) == {map_fragment}  # nothing of the other sections was sent
        assert "metric" not in _kinds(scoped)  # the headline cards were not drawn again
        assert "Who left Russia" not in " ".join(str(getattr(p, "body", "")) for k, p, _ in elements(scoped) if k == "heading")
        [shown] = chart_headings(scoped)
        assert "estimated total per country" in shown

        at.run()  # a full run, as after a change of the filters
        assert not at.exception, [e.value for e in at.exception]
        again = list(sent)
        assert "estimated total per country" in chart_headings(again)[0]
        assert _kinds(again).count("metric") == cards
        assert at.title[0].value.startswith("Who left Russia")


def test_headline_picker_reruns_the_cards_alone():
    with recording() as sent:
        at = run_app(preset="mobilization")
        full = list(sent)
        picker = next(m for m in at.multiselect if m.key.startswith("headline_metrics_"))
        fragment = fragment_of(full, picker.key)
        assert fragment and fragment != fragment_of(full, "map_mode")
        assert len(picker.value) >= 1
        kept = picker.value[:1]
        rerun_fragment(picker.set_value(kept), fragment)
        assert not at.exception, [e.value for e in at.exception]
        scoped = list(sent)
        assert _fragments(scoped) == {fragment}
        assert chart_specs(scoped) == []  # the map was not sent again
        assert 0 < _kinds(scoped).count("metric") <= 4  # one row of cards: the one figure kept


def test_timeline_and_normal_pickers_rerun_their_own_section():
    with recording() as sent:
        at = run_app(preset="mobilization")
        at.switch_page("pages/timelines.py").run()
        full = list(sent)
        timeline, normal = fragment_of(full, "timeline_mode"), fragment_of(full, "normal_series")
        assert timeline and normal and timeline != normal
        specs = chart_specs(full)
        assert len(specs) == 3  # timeline, compared with normal, events

        rerun_fragment(at.radio(key="timeline_mode").set_value("estimate"), timeline)
        assert not at.exception, [e.value for e in at.exception]
        scoped = list(sent)
        assert _fragments(scoped) == {timeline}
        [shown] = chart_specs(scoped)
        assert shown != specs[0]
        assert "estimate" in chart_headings(scoped)[0].lower()

        at.run()
        series = at.selectbox(key="normal_series")
        first = series.value
        rerun_fragment(series.select_index((series.index + 1) % len(series.options)), normal)
        assert not at.exception, [e.value for e in at.exception]
        scoped = list(sent)
        assert _fragments(scoped) == {normal}
        [shown] = chart_specs(scoped)
        assert shown != specs[1]

        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert len(chart_specs(list(sent))) == 3
        assert at.selectbox(key="normal_series").value != first  # the series picked in the fragment stays


def test_an_upload_reruns_its_own_section_alone():
    with recording() as sent:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.run()
        at.switch_page("pages/data_sources.py").run()
        full = list(sent)
        upload = fragment_of(full, "own_csv")
        assert upload and upload != fragment_of(full, "data_search")
        tables = _kinds(full).count("dataframe")
        widget = at.file_uploader(key="own_csv").upload("mine.csv", to_csv("departures", rows(3)), "text/csv")
        rerun_fragment(widget, upload)
        assert not at.exception, [e.value for e in at.exception]
        scoped = list(sent)
        assert _fragments(scoped) == {upload}
        assert len(chart_specs(scoped)) == 2  # the file's map and timeline
        assert _kinds(scoped).count("dataframe") == 1  # its table; the tables above were not sent again
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert len(chart_specs(list(sent))) == 2
        assert _kinds(list(sent)).count("dataframe") == tables + 1
