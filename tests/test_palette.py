"""Colours: every destination its own, none shared with an event category."""

from __future__ import annotations

from exodus import palette, schema


def test_every_destination_in_the_data_has_its_own_fixed_colour():
    from exodus.data import load_all

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
