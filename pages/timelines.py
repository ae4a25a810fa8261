"""Timelines: reported figures over time against the mobilization and Crocus events."""

import streamlit as st

from exodus.app import ui
from exodus.app import views

tables, state = ui.page_state()

st.title("Timelines")
views.timeline_section(tables, state)
views.normal_section(tables, state)
views.events_section(tables, state)
