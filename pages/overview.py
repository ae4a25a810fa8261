"""Map & headlines: where people went in the chosen range, and the largest figures."""

import streamlit as st

from exodus.app import views
from exodus.app import ui

tables, state = ui.page_state()
rows = views.chart_rows(state)

st.title("Who left Russia, across which border, and when")
views.lede_section(state)
views.map_section(tables, rows, state)
views.profile_picker(tables, state)
st.caption(
    "Every number on this page is a figure reported in public sources, with its source a click away. "
    "Figures are never added together: they overlap and count different things."
)
views.headline_section(state)
