"""Data & sources: the filtered tables with links, and checking your own file."""

import streamlit as st

from exodus.derive import filters as flt
from exodus.app import views
from exodus.app import ui

tables, state = ui.page_state()

st.title("Data & sources")
views.data_tables(tables, state)
views.series_data_section(tables, state)
views.upload_section(tables)
