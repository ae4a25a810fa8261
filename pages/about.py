"""About & method: what the data is and is not."""

import streamlit as st

from exodus import views

views.about()
