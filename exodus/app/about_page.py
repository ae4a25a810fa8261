"""The About & method page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from exodus import i18n
from exodus.i18n import _


ABOUT = Path(__file__).resolve().parent / "texts" / "about.md"


def about_text(lang: str) -> str:
    """The About page in a language: ``about.LANG.md`` beside the English ``about.md``."""
    translated = ABOUT.with_name(f"about.{lang}.md")
    return (translated if lang != i18n.DEFAULT and translated.exists() else ABOUT).read_text(encoding="utf-8")


def about() -> None:
    st.title(_("About Exodus"))
    st.markdown(about_text(i18n.current()))
