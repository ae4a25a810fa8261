"""Colours: every destination its own, none shared with an event category."""

from __future__ import annotations

from exodus.charts import palette
from exodus.data import schema


def test_every_destination_in_the_data_has_its_own_fixed_colour():
    from exodus.data.load import load_all

    tables = load_all()
    shipped = set(tables["departures"]["destination_iso3"])
    assert shipped <= set(palette.DESTINATION_COLOURS), shipped - set(palette.DESTINATION_COLOURS)
    colours = [c.upper() for c in palette.DESTINATION_COLOURS.values()]
    assert len(colours) == len(set(colours)), "two destinations share a colour"


def test_no_event_category_reuses_a_destination_colour():
    destinations = {c.upper() for c in palette.DESTINATION_COLOURS.values()} | {c.upper() for c in palette.EXTRA}
    events = {c.upper() for c in palette.EVENT_COLOURS.values()}
    assert not destinations & events
    assert set(schema.EVENT_CATEGORIES) <= set(palette.EVENT_COLOURS)


def test_codes_outside_the_table_get_a_stable_colour_no_fixed_destination_uses():
    fixed = {c.upper() for c in palette.DESTINATION_COLOURS.values()}
    for code in ("XAB", "BLR", "PRK", "USA"):
        colour = palette.destination_colour(code)
        assert colour == palette.destination_colour(code)
        assert colour.upper() not in fixed


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_destination_and_event_colours_read_on_a_light_and_on_a_dark_page():
    light, dark = "#FFFFFF", "#0E1117"
    for code, colour in palette.DESTINATION_COLOURS.items():
        assert max(contrast(colour, light), contrast(colour, dark)) >= 3, code
        assert min(contrast(colour, light), contrast(colour, dark)) >= 1.5, f"{code} nearly vanishes on one of the themes"
    for category, colour in palette.EVENT_COLOURS.items():
        assert min(contrast(colour, light), contrast(colour, dark)) >= 2, category
