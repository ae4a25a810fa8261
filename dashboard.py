"""Exodus: reported departures from Russia by border and date, with their sources.

Start with ``streamlit run dashboard.py``. This entry script sets up the page, loads the
data once, draws the shared filters and hands over to the chosen page.
"""

import streamlit as st

from exodus.app import ui

st.set_page_config(page_title="Exodus: departures from Russia", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Map & headlines", default=True, url_path="map"),
    st.Page("pages/timelines.py", title="Timelines", url_path="timelines"),
    st.Page("pages/country.py", title="Country profile", url_path="country"),
    st.Page("pages/data_sources.py", title="Data & sources", url_path="data"),
    st.Page("pages/about.py", title="About & method", url_path="about"),
]
current = st.navigation(pages)
ui.entered()
ui.global_style()
tables = ui.load_or_stop()
st.session_state["filters"] = ui.sidebar_filters(tables)
ui.export_all_button(tables, st.session_state["filters"])
current.run()
