"""The About & method page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st


ABOUT = Path(__file__).resolve().parent / "texts" / "about.md"


def about() -> None:
    st.title("About Exodus")
    st.markdown(ABOUT.read_text(encoding="utf-8"))
