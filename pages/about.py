"""About & method: what the data is and is not."""

import streamlit as st

from exodus import ui, views

ui.page_state()
views.about()
