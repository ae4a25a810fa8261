"""One source of truth for colours and symbols, chosen to stay distinguishable for
colour-blind readers (Paul Tol's 'bright' and 'muted' qualitative schemes)."""

from __future__ import annotations

TOL_BRIGHT = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"]
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]

#: Fixed colours for the destinations readers compare most, so a country keeps its
#: colour on every chart and in every export.
DESTINATION_COLOURS = {
    "GEO": "#EE6677",
    "KAZ": "#4477AA",
    "FIN": "#228833",
    "EUU": "#66CCEE",
    "MNG": "#CCBB44",
    "ARM": "#AA3377",
    "TUR": "#882255",
    "SRB": "#44AA99",
    "EST": "#117733",
    "NOR": "#332288",
    "ISR": "#999933",
    "ARE": "#DDCC77",
    "KGZ": "#CC6677",
    "UZB": "#88CCEE",
    "TJK": "#AA4499",
    "LVA": "#117733",
    "LTU": "#44AA99",
    "POL": "#999933",
    "AZE": "#DDCC77",
    "RUS": "#555555",
    "ALL": "#222222",
}

EXTRA = TOL_MUTED + TOL_BRIGHT

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
SEA = "#F2F6FA"

EVENT_COLOURS = {
    "war": "#222222",
    "mobilization": "#B2182B",
    "border_restriction": "#EE7733",
    "border_closure": "#CC3311",
    "border_reopening": "#009988",
    "terror_attack": "#000000",
    "arrest": "#AA3377",
    "raid": "#882255",
    "expulsion": "#EE3377",
    "migration_law": "#0077BB",
    "regional_ban": "#33BBEE",
    "travel_advice": "#999933",
    "statement": "#777777",
}

MEASURE_SYMBOLS = {"daily": "circle", "period_total": "square", "cumulative": "triangle-up", "stock": "diamond"}


def destination_colour(code: str) -> str:
    """The colour of a destination; stable for codes outside the fixed table too."""
    if code in DESTINATION_COLOURS:
        return DESTINATION_COLOURS[code]
    return EXTRA[sum(map(ord, code)) % len(EXTRA)]
