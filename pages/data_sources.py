"""Data & sources: the filtered tables with links, and checking your own file."""

import streamlit as st

from exodus.i18n import _
from exodus.app import data_page, state

data, filters = state.page_state()

st.title(_("Data & sources"))
data_page.data_tables(data, filters)
data_page.series_data_section(data, filters)
data_page.upload_section(data)
