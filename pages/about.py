"""About & method: what the data is and is not."""

import streamlit as st

from exodus.app import ui
from exodus.app import views

ui.page_state()
views.about()
