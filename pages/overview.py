"""Map & headlines: where people went in the chosen range, and the headline figures."""

import streamlit as st

from exodus.i18n import _
from exodus.app import chart_sections, headline_sections, state

data, filters = state.page_state()

st.title(_("Who left Russia, across which border, and when"))
headline_sections.lede_section(data, filters)
chart_sections.map_section(data, filters)
chart_sections.profile_picker(data, filters)
st.caption(
    _("Every number on this page is a figure reported in public sources, with its source a click away. "
    "Figures are never added together: they overlap and count different things.")
)
headline_sections.headline_section(data, filters)
