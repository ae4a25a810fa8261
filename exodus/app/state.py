"""The app's state: the data package loaded once per process, the shared filters in the
sidebar and the address bar, and what a page needs to start."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import streamlit as st

from exodus import i18n
from exodus.i18n import _
from exodus.app import navigation
from exodus.charts.formatting import cut, md_escape
from exodus.data import schema
from exodus.data.rows import DataError
from exodus.derive import filters as flt
from exodus.view.package import Package, load_package


@st.cache_resource(show_spinner=False)
def package() -> Package:
    """The data package, loaded and checked once per process and shared by every session."""
    from exodus.ops.upload_worker import start_in_background

    with i18n.language(i18n.DEFAULT):  # shared by every visitor: texts made while loading stay in the source language
        loaded = load_package(text_columns_as_objects=True)
    start_in_background()  # the process that checks uploads loads the package once, now
    return loaded


def load_or_stop() -> Package:
    """The package, or a plain error naming what is wrong with the data and nothing else."""
    try:
        return package()
    except DataError as err:
        st.error(_("The curated data did not pass validation, so nothing is shown. The problems:"))
        st.text(_without_paths(err))
        st.stop()
    except (ValueError, OSError) as err:  # the country shapes (exodus.data.geo raises ValueError naming the file)
        st.error(_("The data package could not be loaded, so nothing is shown. The problem:"))
        st.text(_without_paths(err))
        st.stop()


def _without_paths(err: Exception) -> str:
    """An error's message with the server's folders left out (file names stay)."""
    root = str(Path(__file__).resolve().parents[2])
    return str(err).replace(root + "/", "")[:4000]


def plain_text(text: object, limit: int = 300) -> str:
    """Text from a URL or an upload, ready for an element that renders Markdown: on one
    line, cut to ``limit`` characters and escaped, so it can never become a link, a
    heading, an icon or HTML."""
    return md_escape(cut(" ".join(str(text).split()), limit))


_RUN = threading.local()


def entered() -> None:
    """Called by the entry script on every run, before the page runs."""
    _RUN.entered = True


def page_state() -> tuple[Package, flt.Filters]:
    """The package and filters a page works with.

    Because the page scripts live in ``pages/``, Streamlit runs a page without the entry
    script while no run of the app has declared its navigation yet (a deep link as the
    first request of a fresh server: Streamlit then treats ``pages/`` as a folder of
    pages). Declaring the app's navigation, as the entry script does, ends that mode for
    the process; running again then goes through the entry script, filters and all.
    """
    if not getattr(_RUN, "entered", False) or "filters" not in st.session_state:
        st.navigation(navigation.pages(), position="hidden")
        st.rerun()
    _RUN.entered = False
    return load_or_stop(), st.session_state["filters"]


def _apply_to_widgets(state: flt.Filters) -> None:
    st.session_state["f_preset"] = state.preset
    st.session_state["f_range"] = (state.start, state.end)
    st.session_state["f_dest"] = list(state.destinations)
    st.session_state["f_pop"] = list(state.populations)
    st.session_state["f_metric"] = list(state.metrics)
    st.session_state["f_lang"] = state.lang


def _on_preset(bounds: tuple[date, date]) -> None:
    key = st.session_state["f_preset"]
    if key in flt.PRESETS:
        st.session_state["f_range"] = flt.preset_range(key, bounds)


def _on_range(bounds: tuple[date, date]) -> None:
    picked = st.session_state.get("f_range") or ()
    if len(picked) == 2:
        st.session_state["f_preset"] = flt._matching_preset((picked[0], picked[1]), bounds)


def _current_query() -> dict[str, str]:
    return {k: st.query_params.get(k) for k in st.query_params.keys()}


def browser_language() -> str:
    """The browser's preferred language where Streamlit reports it and the dashboard has
    it, else the default."""
    try:
        return i18n.normalise(st.context.locale) or i18n.DEFAULT
    except Exception:  # no browser behind this run (a bare script run)
        return i18n.DEFAULT


def choose_language() -> str:
    """Make this run's language active before anything is drawn: the sidebar's switch
    once this session has one (it survives page switches, which drop the address), else
    the address bar's ``lang``, else the browser's language."""
    asked = st.query_params.get("lang")
    written = st.session_state.get("_written_query") or {}
    if "f_lang" in st.session_state and (asked is None or asked == written.get("lang")):
        return i18n.activate(st.session_state["f_lang"])
    return i18n.activate(i18n.normalise(asked) or browser_language())


def localised(format_func):
    """A widget's ``format_func`` that names options in this run's language whenever it
    is called (Streamlit's test runner calls it outside the run)."""
    lang = i18n.current()

    def named(value):
        with i18n.language(lang):
            return format_func(value)
    return named


def in_language(make):
    """A file maker for a download button that builds in this run's language, whichever
    thread Streamlit later calls it on."""
    lang = i18n.current()

    def made():
        with i18n.language(lang):
            return make()
    return made


def sidebar_filters(tables: dict) -> flt.Filters:
    """Draw the shared filters; the URL carries them so a view can be shared."""
    reports, bounds = tables["departures"], tables["bounds"]
    destinations = sorted(reports["destination_iso3"].unique().tolist(), key=schema.label_destination)
    present = set(reports["metric"].unique().tolist())
    metrics = [m for m in schema.METRICS if m in present]
    query = _current_query()
    written = st.session_state.get("_written_query")
    # The navigation drops the address bar's parameters when it switches pages; an empty
    # query after this session wrote one is such a switch, so the filters stay as they were
    # and are written back to the new page's address.
    page_switch = not query and bool(written) and "f_preset" in st.session_state
    if not page_switch and (written != query or "f_preset" not in st.session_state):
        state, notices = flt.from_query(st.query_params.to_dict(), bounds, set(destinations), set(metrics),
                                        default_lang=i18n.current())
        _apply_to_widgets(state)
        st.session_state["_notices"] = notices
    side = st.sidebar
    i18n.activate(st.session_state["f_lang"])
    side.selectbox("Language · Язык", list(i18n.LANGUAGES), key="f_lang", format_func=i18n.language_name)
    side.header(_("Filters"))
    options = list(flt.PRESETS) + [flt.CUSTOM]
    side.selectbox(_("Period"), options, key="f_preset", format_func=localised(lambda k: _(flt.PRESETS[k][0]) if k in flt.PRESETS else _("Custom range")),
                   on_change=_on_preset, args=(bounds,))
    side.date_input(_("Date range"), key="f_range", min_value=bounds[0], max_value=bounds[1], format="YYYY-MM-DD",
                    on_change=_on_range, args=(bounds,))
    side.multiselect(_("Destinations"), destinations, key="f_dest", format_func=localised(schema.label_destination), placeholder=_("All destinations"))
    side.multiselect(_("Population"), list(flt.POPULATION_KEYS), key="f_pop", format_func=localised(lambda k: _(flt.POPULATION_LABELS[k])), placeholder=_("All populations"))
    side.multiselect(_("Metric"), metrics, key="f_metric", format_func=localised(lambda m: schema.label(schema.METRICS, m)), placeholder=_("All metrics"))
    picked = tuple(st.session_state["f_range"] or ())
    start, end = (picked + (picked[0],))[:2] if picked else bounds
    state = flt.Filters(
        start=start, end=end, preset=st.session_state["f_preset"],
        destinations=tuple(st.session_state["f_dest"]), populations=tuple(st.session_state["f_pop"]),
        metrics=tuple(st.session_state["f_metric"]), lang=st.session_state["f_lang"],
    )
    if state.preset in flt.PRESETS and flt.preset_range(state.preset, bounds) != (start, end):
        state = replace(state, preset=flt.CUSTOM)
    wanted = flt.to_query(state) | {k: query[k] for k in flt.PAGE_PARAMS if k in query}
    if wanted != query:
        st.query_params.from_dict(wanted)
    st.session_state["_written_query"] = wanted
    side.caption(_("Showing {period}. The address bar keeps these filters: copy it to share this view.").format(period=state.label))
    for notice in st.session_state.get("_notices", []):
        st.warning(plain_text(notice), icon="⚠️")
    return state
