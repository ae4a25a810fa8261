"""The app's pages, in the order of the navigation. The page scripts live in ``pages/``
beside ``dashboard.py``."""

from __future__ import annotations

import streamlit as st

from exodus.i18n import N_, _

#: (script, title, address) of every page; the first is the default.
PAGES = (
    ("pages/overview.py", N_("Map & headlines"), "map"),
    ("pages/timelines.py", N_("Timelines"), "timelines"),
    ("pages/country.py", N_("Country profile"), "country"),
    ("pages/data_sources.py", N_("Data & sources"), "data"),
    ("pages/about.py", N_("About & method"), "about"),
)


def pages() -> list:
    return [st.Page(script, title=_(title), url_path=address, default=i == 0) for i, (script, title, address) in enumerate(PAGES)]
