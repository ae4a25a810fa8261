"""Hover texts in short lines: breaks at spaces, tags and entities counted as drawn."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from exodus.charts import figures
from exodus.charts.hover_wrap import HOVER_WIDTH, wrap, wrap_hovers

TAG = re.compile(r"<[^>]*>")


def visible_lines(text: str) -> list[str]:
    return [TAG.sub("", line).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") for line in text.split("<br>")]


def test_a_long_line_breaks_at_the_last_space_that_fits():
    assert wrap("aaa bbb ccc ddd", width=7) == "aaa bbb<br>ccc ddd"
    assert wrap("aaa bbb ccc ddd", width=8) == "aaa bbb<br>ccc ddd"
    assert wrap("aaa bbb ccc ddd", width=11) == "aaa bbb ccc<br>ddd"
    assert wrap("aaa bbb", width=7) == "aaa bbb"  # exactly the width: unchanged


def test_existing_breaks_stay_and_each_line_is_wrapped_on_its_own():
    assert wrap("aaa bbb<br>c d e f g h", width=5) == "aaa<br>bbb<br>c d e<br>f g h"


def test_tags_and_entities_count_as_they_are_drawn():
    # "<b>Georgia</b>" is 7 characters wide, "&lt;b&gt;" is 3
    assert wrap("<b>Georgia</b> · x", width=11) == "<b>Georgia</b> · x"
    assert wrap("&lt;b&gt; tourists go", width=12) == "&lt;b&gt; tourists<br>go"
    # a space inside a tag is not a place to break
    assert wrap('<span style="a b">aaaa</span> bbbb', width=5) == '<span style="a b">aaaa</span><br>bbbb'


def test_a_word_longer_than_the_width_keeps_its_own_line():
    assert wrap("see https://example.org/a/very/long/path now", width=10) == "see<br>https://example.org/a/very/long/path<br>now"


@given(st.lists(st.text(alphabet="ab<>&", min_size=1, max_size=12).map(lambda w: w.replace("<", "&lt;").replace(">", "&gt;")),
                min_size=1, max_size=30), st.integers(5, 40))
def test_no_word_is_lost_and_no_line_is_longer_than_it_must_be(words, width):
    text = " ".join(words)
    lines = visible_lines(wrap(text, width))
    assert " ".join(lines) == " ".join(visible_lines(text))  # the same words, in order
    for line in lines:
        assert len(line) <= width or " " not in line


def test_figures_get_their_hover_texts_wrapped_but_not_text_drawn_on_the_chart():
    long = "word " * 20
    fig = figures.assemble([
        dict(type="scatter", x=[1], y=[1], text=[long], customdata=[["GEO", long]], hoverinfo="text"),
        dict(type="scatter", x=[1], y=[1], text=[long], mode="markers+text"),
    ], dict(hoverlabel=dict(bgcolor="white")))
    hover, drawn = fig.data
    assert all(len(line) <= HOVER_WIDTH for line in hover.text[0].split("<br>")) and "<br>" in hover.text[0]
    assert hover.customdata[0][0] == "GEO" and "<br>" in hover.customdata[0][1]
    assert drawn.text[0] == long
    assert fig.layout.hoverlabel.align == "left" and fig.layout.hoverlabel.bgcolor == "white"
    kept = dict(type="scatter", x=[1], y=[1], text=["short"])
    assert wrap_hovers([kept])[0] == kept
