"""Timelines: reported figures over time against the mobilization and Crocus events."""

import streamlit as st

from exodus import ui, views

tables = ui.load_or_stop()
state = st.session_state["filters"]

st.title("Timelines")
views.timeline_section(tables, state)
views.events_section(tables, state)
