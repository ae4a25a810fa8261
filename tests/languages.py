"""Finding words of the wrong language in what a page shows.

The interface is translated; the data is shown as reported (body names, publishers, page
titles, event titles and descriptions, notes, crossing names, ids and codes). So a
Russian page may show Latin letters only inside a data value or in one of the few names
that every language writes the same way; :func:`stray_english` removes both and returns
what is left.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache

#: Names and abbreviations written the same way in every language of the interface.
SAME_IN_EVERY_LANGUAGE = {"Exodus", "id", "Frontex", "Natural", "Earth", "Forbes", "Chicago", "BibTeX", "Streamlit"}
#: The language switch names itself and each language in a way anyone can find.
LANGUAGE_SWITCH = {"Language", "English"}
LANGUAGE_SWITCH_TEXTS = {"Language · Язык", "English", "Русский"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
#: Plotly's own markup in chart texts: tags, template fields and entities.
MARKUP = re.compile(r"<[^>]+>|%\{[^}]*\}|&[a-z#0-9]+;|`[^`]*`")
#: Keys of a Plotly figure whose strings a reader sees.
SHOWN_KEYS = {"text", "name", "hovertemplate", "customdata", "ticktext", "hovertext"}


#: Kinds of column (exodus.data.schema) whose values are free text or names, shown as
#: reported; codes (metrics, units, qualifiers...) are never shown raw, so they are not here.
TEXT_KINDS = {"text", "id", "url", "row_ref", "crossing_ref", "series_ref", "series_id"}


@lru_cache(maxsize=1)
def data_values() -> tuple[str, ...]:
    """Every free text a data file holds, and the shortened forms the charts show, longest first."""
    from exodus.data import schema
    from exodus.data.load import load_all
    from exodus.derive.series import load_series

    tables = load_all() | load_series()
    specs = dict(schema.FILES) | dict(schema.SERIES_FILES)
    values: set[str] = set()
    for kind, fields in specs.items():
        frame = tables.get(kind)
        if frame is None:
            continue
        for field in fields:
            if field.kind in TEXT_KINDS and field.name in frame:
                values |= {str(v) for v in frame[field.name].dropna().unique() if len(str(v).strip()) > 2}
    shortened = set()
    for value in values:
        for limit in (20, 32, 38, 60, 130, 400):
            if len(value) > limit:
                shortened.add(value[: limit - 1])
        shortened.add(value.split(" (")[0])
    return tuple(sorted(values | shortened, key=len, reverse=True))


def without_data(text: str) -> str:
    text = html.unescape(MARKUP.sub(" ", html.unescape(text))).replace("\\", "")
    for value in data_values():
        if len(value) >= 2 and value in text:
            text = text.replace(value, " ")
    return text


def stray_english(texts: list[str]) -> list[str]:
    """Latin words left in ``texts`` once data values and shared names are taken out."""
    found = []
    for text in texts:
        words = [w for w in LATIN_WORD.findall(without_data(text)) if w not in SAME_IN_EVERY_LANGUAGE | LANGUAGE_SWITCH and not w.isupper()]
        if words:
            found.append(f"{words[:6]} in {text[:160]!r}")
    return found


def stray_russian(texts: list[str]) -> list[str]:
    return [t[:160] for t in texts if CYRILLIC.search(t) and t not in LANGUAGE_SWITCH_TEXTS]


def figure_texts(spec: dict) -> list[str]:
    out: list[str] = []

    def walk(node, shown: bool):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "name" and not _name_shown(node):
                    continue
                if key not in ("meta", "bdata"):
                    walk(value, key in SHOWN_KEYS or (shown and key == "text"))
        elif isinstance(node, list):
            for item in node:
                walk(item, shown)
        elif isinstance(node, str) and shown:
            out.append(node)

    walk(spec, False)
    return out


def _name_shown(item: dict) -> bool:
    """Whether a trace's or annotation's ``name`` reaches the reader: in the legend, or in
    a hover that does not replace it."""
    if "showarrow" in item or "xref" in item:  # an annotation: its name is only a handle
        return False
    if item.get("showlegend") is False:
        return "text" not in str(item.get("hoverinfo", "")) and item.get("hoverinfo") != "skip" \
            and "<extra></extra>" not in str(item.get("hovertemplate", "<extra></extra>"))
    return True


#: The opening of a Streamlit text directive in markdown, such as ``:small[``.
DIRECTIVE = re.compile(r":[a-z-]+\[")


def page_texts(at) -> list[str]:
    """What an AppTest run shows as text: headings, paragraphs, notices, widget labels and
    their options, metrics, table headers and every chart's visible strings."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text"):
        # Streamlit's text directives (":small[...]", ":gray[...]") are markup, not words shown
        texts += [DIRECTIVE.sub("", str(e.value)) for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "radio"):
        for widget in getattr(at, kind):
            texts.append(widget.label)
            texts += [str(o) for o in widget.options]
            if getattr(widget, "placeholder", None):
                texts.append(widget.placeholder)
    for kind in ("toggle", "button", "text_input", "date_input", "checkbox"):
        texts += [w.label for w in getattr(at, kind)]
    for widget in list(at.selectbox) + list(at.multiselect) + list(at.toggle) + list(at.text_input):
        if getattr(widget, "help", None):
            texts.append(widget.help)
    for metric in at.metric:
        texts += [metric.label, str(metric.value)]
    for frame in at.dataframe:
        texts += [str(c) for c in frame.value.columns]
    for expander in at.expander:
        texts.append(expander.label)
    for element in at.get("download_button") + at.get("link_button"):
        texts.append(element.proto.label)
        if element.proto.help:
            texts.append(element.proto.help)
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        texts += figure_texts(spec)
        texts.append(chart.proto.alt if hasattr(chart.proto, "alt") else "")
    return [t for t in texts if t]
