"""One source of truth for colours and symbols.

Destinations own the hues: each has its own colour, mostly from Kenneth Kelly's 22 colours
of maximum contrast (the darkest replaced, so every line reads on a dark page too), so no
two destinations share one. Events are
drawn in greys, so a line of a destination can never be mistaken for an event.
"""

from __future__ import annotations

#: Fixed colours for every destination in the data, so a country keeps its colour on
#: every chart and in every export.
DESTINATION_COLOURS = {
    "GEO": "#BE0032",
    "KAZ": "#0067A5",
    "FIN": "#008856",
    "EUU": "#A1CAF1",
    "MNG": "#F3C300",
    "ARM": "#F38400",
    "TUR": "#882D17",
    "SRB": "#8DB600",
    "EST": "#604E97",
    "NOR": "#E68FAC",
    "ISR": "#C2B280",
    "ARE": "#F6A600",
    "KGZ": "#B3446C",
    "UZB": "#875692",
    "TJK": "#E25822",
    "LVA": "#DCD300",
    "LTU": "#F99379",
    "POL": "#6699CC",
    "RUS": "#A6761D",
    "ALL": "#E7298A",
    "UKR": "#44AA99",
    "CHN": "#848482",
    "AZE": "#999933",
}

#: For a code outside the table (a user's own file): hues no fixed destination uses.
EXTRA = ["#88CCEE", "#117733", "#DDCC77", "#CC6677", "#AA4499", "#66CCEE", "#EE7733"]

#: Map colours: a sequential light-to-dark blue scale (Tol 'YlGnBu'-like) readable
#: in greyscale; no-report countries use a hatched grey, Russia a neutral grey.
SEQUENTIAL = [
    [0.0, "#FFFFD9"],
    [0.2, "#C7E9B4"],
    [0.4, "#7FCDBB"],
    [0.6, "#41B6C4"],
    [0.8, "#225EA8"],
    [1.0, "#081D58"],
]
NO_REPORT = "#E6E6E6"
NO_REPORT_LINE = "#9A9A9A"
#: Countries the reader filtered out: plain, outlined, so they read apart from "no report".
NOT_SELECTED = "#FFFFFF"
RUSSIA_FILL = "#B0B0B0"
RESTRICTION_LINE = "#B2182B"
COUNTRY_LINE = "#FFFFFF"

#: Events in three greys by family: force and coercion darkest, borders in between,
#: laws and statements lightest, each visible on a light and on a dark page. The lane of
#: each event names its category.
_FORCE, _BORDER, _POLICY = "#595959", "#7F7F7F", "#A3A3A3"
EVENT_COLOURS = {
    "war": _FORCE,
    "mobilization": _FORCE,
    "terror_attack": _FORCE,
    "arrest": _FORCE,
    "raid": _FORCE,
    "expulsion": _FORCE,
    "border_restriction": _BORDER,
    "border_closure": _BORDER,
    "border_reopening": _BORDER,
    "migration_law": _POLICY,
    "regional_ban": _POLICY,
    "travel_advice": _POLICY,
    "statement": _POLICY,
}

MEASURE_SYMBOLS = {"daily": "circle", "period_total": "square", "cumulative": "triangle-up", "stock": "diamond"}


def destination_colour(code: str) -> str:
    """The colour of a destination; stable for codes outside the fixed table too."""
    if code in DESTINATION_COLOURS:
        return DESTINATION_COLOURS[code]
    return EXTRA[sum(map(ord, code)) % len(EXTRA)]


#: Ratio to a normal year on the series map: Paul Tol's diverging 'sunset' scale, blue
#: for fewer than in the baseline year, pale yellow for the same, red for more.
DIVERGING = [
    [0.0, "#364B9A"],
    [0.1, "#4A7BB7"],
    [0.2, "#6EA6CD"],
    [0.3, "#98CAE1"],
    [0.4, "#C2E4EF"],
    [0.5, "#EAECCC"],
    [0.6, "#FEDA8B"],
    [0.7, "#FDB366"],
    [0.8, "#F67E4B"],
    [0.9, "#DD3D2D"],
    [1.0, "#A50026"],
]
SERIES_VALUE = "#0067A5"  # fallback; the value line takes its country's colour
SERIES_BASELINE = "#777777"
