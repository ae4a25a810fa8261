"""What every run of the app does before the chosen page: page set-up, navigation, the
data package, the shared filters, the ZIP of the view, and how to cite or embed it."""

from __future__ import annotations

import streamlit as st

from exodus.app import frame, navigation, share, state
from exodus.i18n import _


def run() -> None:
    state.choose_language()
    st.set_page_config(page_title=_("Exodus: departures from Russia"), layout="wide")
    current = st.navigation(navigation.pages())
    state.entered()
    frame.global_style()
    data = state.load_or_stop()
    st.session_state["filters"] = state.sidebar_filters(data)
    frame.export_all_button(data, st.session_state["filters"])
    share.cite_and_embed(current, st.session_state["filters"])
    current.run()
