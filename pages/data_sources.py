"""Data & sources: the filtered tables with links, and checking your own file."""

import streamlit as st

from exodus import filters as flt
from exodus import views
from exodus import ui

tables = ui.load_or_stop()
state: flt.Filters = st.session_state["filters"]

st.title("Data & sources")
views.data_tables(tables, state)
views.upload_section(tables)
