"""Timelines: reported figures over time against the mobilization and Crocus events."""

import streamlit as st

from exodus.i18n import _
from exodus.app import chart_sections, state

data, filters = state.page_state()

st.title(_("Timelines"))
chart_sections.timeline_section(data, filters)
chart_sections.normal_section(data, filters)
chart_sections.events_section(data, filters)
