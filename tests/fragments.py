"""Fragment reruns under Streamlit's AppTest, as the browser asks for them.

AppTest reruns the whole script on every widget change. The browser, for a widget inside
a fragment, asks the server to rerun that fragment alone (the rerun request names its
fragment id), and the server then sends only that fragment's elements: the rest of the
page stays as the browser has it. :func:`rerun_fragment` makes AppTest ask the same, and
:func:`recording` keeps the messages of each run, so that a test can say which elements
a rerun sent and to which fragment they belong.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

from streamlit.testing.v1 import local_script_runner


@contextmanager
def recording():
    """The forward messages of the last AppTest run inside the block (a list, refilled
    by every run)."""
    kept: list = []
    original = local_script_runner.parse_tree_from_messages

    def parse(messages):
        kept[:] = list(messages)
        return original(messages)

    local_script_runner.parse_tree_from_messages = parse
    try:
        yield kept
    finally:
        local_script_runner.parse_tree_from_messages = original


def elements(messages) -> list[tuple[str, object, str]]:
    """(kind, element proto, fragment id) of every new element in ``messages``."""
    out = []
    for msg in messages:
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            continue
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        out.append((kind, getattr(element, kind), msg.delta.fragment_id))
    return out


def fragment_of(messages, key: str) -> str:
    """The fragment id of the widget with the user key ``key`` ('' when outside any)."""
    for _, proto, fragment in elements(messages):
        if str(getattr(proto, "id", "")).endswith("-" + key):
            return fragment
    raise AssertionError(f"no widget with key {key!r} in the run")


def chart_specs(messages) -> list[dict]:
    return [json.loads(proto.spec) for kind, proto, _ in elements(messages) if kind == "plotly_chart"]


def chart_headings(messages) -> list[str]:
    """For each chart in ``messages``, the bold heading the app wrote just before it (its
    title and subtitle: the figure sent has no title of its own)."""
    out, heading = [], ""
    for kind, proto, _ in elements(messages):
        if kind == "markdown" and proto.body.startswith("**"):
            heading = proto.body.replace("\\", "")
        elif kind == "plotly_chart":
            out.append(heading)
    return out


@contextmanager
def fragment_scope(fragment_id: str):
    """Runs inside the block ask for a rerun of ``fragment_id`` alone, as the browser does
    when a widget inside that fragment changes."""
    original = local_script_runner.RerunData

    def scoped(**kwargs):
        return original(**kwargs, fragment_id=fragment_id)

    local_script_runner.RerunData = scoped
    try:
        yield
    finally:
        local_script_runner.RerunData = original


def rerun_fragment(widget, fragment_id: str, timeout: float = 120):
    """Run the app after ``widget``'s new value, as a rerun of ``fragment_id`` alone."""
    with fragment_scope(fragment_id):
        return widget.run(timeout=timeout)
