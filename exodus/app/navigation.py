"""The app's pages, in the order of the navigation. The page scripts live in ``pages/``
beside ``dashboard.py``."""

from __future__ import annotations

import streamlit as st

#: (script, title, address) of every page; the first is the default.
PAGES = (
    ("pages/overview.py", "Map & headlines", "map"),
    ("pages/timelines.py", "Timelines", "timelines"),
    ("pages/country.py", "Country profile", "country"),
    ("pages/data_sources.py", "Data & sources", "data"),
    ("pages/about.py", "About & method", "about"),
)


def pages() -> list:
    return [st.Page(script, title=title, url_path=address, default=i == 0) for i, (script, title, address) in enumerate(PAGES)]
