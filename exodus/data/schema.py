"""The column contract of every data file, in one place: each column's name, type,
whether it is required, its allowed values and its description.

The row validator (:mod:`exodus.data.rows`), the typed loading and its pandera contract
(:mod:`exodus.data.load`) and the data package descriptor (``data/datapackage.json``,
:mod:`exodus.data.datapackage`) are all generated from these specifications and the column
types of :mod:`exodus.data.columns`, so a column cannot be added in one place and
forgotten in another. The module is longer than most because every column and every
vocabulary sits here together, and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

import pycountry

from exodus.data.authority import KINDS
from exodus.i18n import N_, _
from exodus import i18n

#: Codes that are not countries but are allowed where a destination is expected.
SPECIAL_DESTINATIONS = {
    "EUU": N_("European Union (as a whole)"),
    "ALL": N_("All or unspecified destinations"),
}

ISO3_COUNTRIES: dict[str, str] = {c.alpha_3: c.name for c in pycountry.countries}

POPULATIONS = {
    "russian_citizens": N_("Russian citizens"),
    "tajik_citizens": N_("Citizens of Tajikistan"),
    "tajik_women": N_("Women citizens of Tajikistan"),
    "uzbek_citizens": N_("Citizens of Uzbekistan"),
    "kyrgyz_citizens": N_("Citizens of Kyrgyzstan"),
    "kazakh_citizens": N_("Citizens of Kazakhstan"),
    "turkmen_citizens": N_("Citizens of Turkmenistan"),
    "central_asian_citizens": N_("Central Asian citizens (several nationalities)"),
    "foreign_citizens": N_("Foreign citizens (all non-Russians)"),
    "it_specialists": N_("IT specialists leaving Russia"),
    "all_travellers": N_("All travellers (any citizenship)"),
}

#: Populations grouped the way the dashboard's population filter offers them.
POPULATION_GROUPS = {
    "Russian citizens": ["russian_citizens"],
    "Central Asian migrants": [
        "tajik_citizens",
        "tajik_women",
        "uzbek_citizens",
        "kyrgyz_citizens",
        "kazakh_citizens",
        "turkmen_citizens",
        "central_asian_citizens",
    ],
    "Other / all": ["foreign_citizens", "all_travellers", "it_specialists"],
}

METRICS = {
    "arrivals": N_("Arrivals in the destination from Russia"),
    "departures": N_("Departures from Russia"),
    "onward_departures": N_("Left the destination again"),
    "border_crossings": N_("Border crossings (both directions)"),
    "entries_to_russia": N_("Entries into Russia"),
    "vehicles": N_("Vehicles"),
    "returnees": N_("Returned home"),
    "deportations": N_("Deported (removed)"),
    "expulsion_orders": N_("Expulsion orders"),
    "planned_expulsions": N_("Listed for expulsion (planned, not yet ordered)"),
    "entry_refusals": N_("Refused entry into Russia"),
    "entry_bans": N_("Banned from entering Russia"),
    "refused_entry_abroad": N_("Refused entry by the destination's border guard"),
    "detentions": N_("Detentions"),
    "registered_migrants": N_("Registered migrants (stock)"),
    "residence_permits": N_("Residence permits"),
    "id_registrations": N_("ID numbers issued"),
    "asylum_applications": N_("Asylum applications"),
    "visas_issued": N_("Visas issued"),
    "people_waiting": N_("People waiting at the border"),
    "queue_length": N_("Queue length"),
    "call_up": N_("Mobilization call-up"),
    "eligible_reservists": N_("Reservists eligible for call-up"),
    "legal_aid_requests": N_("Requests for legal help"),
    "crime_change": N_("Change in recorded crime"),
    "border_length": N_("Length of the border"),
    "remittances": N_("Remittances"),
    "social_media_followers": N_("Followers of an online group"),
    "regional_bans": N_("Regional bans on migrant work"),
    "other": N_("Other"),
}

#: Metrics that count people (or their vehicles) moving out of Russia or back home.
MOVEMENT_METRICS = (
    "arrivals",
    "departures",
    "returnees",
    "deportations",
)

MEASURES = {
    "daily": N_("Per day, on each day of the period"),
    "period_total": N_("Total over the period"),
    "cumulative": N_("Running total since the period start"),
    "stock": N_("Level on the period's last day"),
    "change_pct": N_("Percent change against a stated baseline"),
}

UNITS = {
    "people": N_("people"),
    "crossings": N_("border crossings (trips, not persons)"),
    "vehicles": N_("vehicles"),
    "percent": N_("percent"),
    "km": N_("kilometres"),
    "usd": N_("US dollars"),
    "requests": N_("requests"),
    "cases": N_("cases"),
    "followers": N_("followers"),
    "regions": N_("regions"),
    "countries": N_("countries"),
}

QUALIFIERS = {
    "exact": N_("as stated"),
    "about": N_("about"),
    "at_least": N_("at least / more than"),
    "at_most": N_("at most / up to"),
    "range": N_("a range (value to value_high)"),
}

SOURCE_TYPES = {
    "original": "the page of the outlet or body that published the figure",
    "syndicated": "a licensed copy of a news agency's or partner outlet's report, on a newspaper's own site",
    "republication": "a copy on a blog, aggregator or mirror: the original page could not be found",
}

WAVES = {
    "mobilization_2022": N_("2022: war and mobilization"),
    "crocus_2024": N_("2024: after the Crocus City Hall attack"),
}

EVENT_CATEGORIES = {
    "war": N_("War"),
    "mobilization": N_("Mobilization"),
    "border_restriction": N_("Border restriction"),
    "border_closure": N_("Border closure"),
    "border_reopening": N_("Border reopening"),
    "terror_attack": N_("Terror attack"),
    "arrest": N_("Arrests"),
    "raid": N_("Raids"),
    "expulsion": N_("Expulsions"),
    "migration_law": N_("Migration law"),
    "regional_ban": N_("Regional ban"),
    "travel_advice": N_("Travel advice"),
    "statement": N_("Statement"),
}

CROSSING_MODES = {"road", "rail", "foot", "air", "sea"}

LANGUAGES = {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}


@dataclass(frozen=True)
class Field:
    """One column of a data file, or one the loader adds to a table.

    ``kind`` is its type, one of :data:`exodus.data.columns.TYPES`; ``allowed`` the
    values an ``enum`` column may hold; ``minimum``/``maximum`` bounds of a number."""

    name: str
    kind: str
    description: str
    required: bool = True
    allowed: tuple[str, ...] = ()
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None


ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"

DEPARTURES = (
    Field("id", "id", "Stable identifier of the reported figure."),
    Field("period_start", "date", "First day the figure covers (YYYY-MM-DD)."),
    Field("period_end", "date", "Last day the figure covers (YYYY-MM-DD); for a stock, the day it describes."),
    Field("reported_on", "partial_date", "Publication date of the source: YYYY-MM-DD, or YYYY-MM / YYYY when the page shows no more."),
    Field("destination_iso3", "destination", "ISO 3166-1 alpha-3 of the country people went to; EUU for the EU as a whole, ALL for all or unspecified destinations, RUS when the figure counts people inside Russia."),
    Field("crossing_id", "crossing_ref", "Crossing point the figure is about (id in crossings.csv); empty for a whole country.", required=False),
    Field("population", "enum", "Whose movement is counted.", allowed=tuple(POPULATIONS)),
    Field("metric", "enum", "What is counted.", allowed=tuple(METRICS)),
    Field("measure", "enum", "How the figure relates to its period.", allowed=tuple(MEASURES)),
    Field("unit", "enum", "Unit of the value.", allowed=tuple(UNITS)),
    Field("value", "number", "The figure as reported, in full digits.", unit="see unit"),
    Field("value_high", "number", "Upper end when the source gave a range.", required=False, unit="see unit"),
    Field("qualifier", "enum", "How precise the source said the figure is.", allowed=tuple(QUALIFIERS)),
    Field("reporting_body", "text", "Who produced the number (a ministry, border guard, agency or the outlet's own count)."),
    Field("source_publisher", "text", "Publisher of the page the figure was read on."),
    Field("source_url", "url", "Address of that page (http or https)."),
    Field("source_title", "text", "Title of that page."),
    Field("language", "language", "ISO 639-1 code of the page's language."),
    Field("wave", "enum", "Which wave of departures the figure belongs to.", allowed=tuple(WAVES)),
    Field("notes", "text", "How the period was fixed, what the figure counts, overlaps and disagreements with other rows.", required=False),
    Field("source_type", "enum", "Whether source_url is the original page, a syndicated copy or only a republication.", allowed=tuple(SOURCE_TYPES)),
    Field("part_of", "row_ref", "Id of the row this figure is a part of (a region, a crossing, part of the period or of the people counted there); empty otherwise.", required=False),
    Field("disputed", "text", "Empty, or in a few words why the figure is disputed (it is then never a headline figure).", required=False),
)

EVENTS = (
    Field("id", "id", "Stable identifier of the event."),
    Field("date", "date", "Day the event happened or the measure took effect."),
    Field("end_date", "date", "Last day a measure was in force; empty when still in force or a one-day event.", required=False),
    Field("title", "text", "Short title."),
    Field("category", "enum", "Kind of event.", allowed=tuple(EVENT_CATEGORIES)),
    Field("country_iso3", "destination", "Country that acted (RUS for Russian measures; EUU for the EU as a whole)."),
    Field("wave", "enum", "Which wave the event belongs to.", allowed=tuple(WAVES)),
    Field("description", "text", "One line on what happened."),
    Field("source_publisher", "text", "Publisher of the source page."),
    Field("source_url", "url", "Address of the source page (http or https)."),
    Field("reported_on", "partial_date", "Publication date of the source (YYYY-MM-DD, YYYY-MM or YYYY)."),
)

CROSSINGS = (
    Field("id", "id", "Stable identifier of the crossing point."),
    Field("name", "text", "English name, both sides where they differ."),
    Field("russia_side", "text", "Name of the Russian checkpoint."),
    Field("other_side", "text", "Name of the neighbour's checkpoint.", required=False),
    Field("country_iso3", "country", "The neighbour's ISO 3166-1 alpha-3 code (RUS for airports inside Russia)."),
    Field("lat", "latitude", "Latitude, WGS84 decimal degrees.", unit="degrees"),
    Field("lon", "longitude", "Longitude, WGS84 decimal degrees.", unit="degrees"),
    Field("mode", "modes", "Modes of transport, ';'-separated: road, rail, foot, air, sea."),
    Field("notes", "text", "Notes on the location or the crossing.", required=False),
    Field("source_url", "url", "Page documenting the location (http or https)."),
)

BODIES = (
    Field("name", "text", "The reporting body exactly as written in departures.csv reporting_body."),
    Field("kind", "enum", "What kind of body it is; the headline rule prefers the kinds listed first.", allowed=tuple(KINDS)),
    Field("country_iso3", "destination", "Country the body belongs to (ALL for outlets, unnamed sources and bodies of no one country; EUU for EU agencies)."),
    Field("notes", "text", "Why the body has this kind, when it is not plain from its name.", required=False),
)

FILES = {
    "departures": DEPARTURES,
    "events": EVENTS,
    "crossings": CROSSINGS,
    "bodies": BODIES,
}


def fields(kind: str) -> tuple[Field, ...]:
    """The columns of a curated file or a series file, in file order."""
    return FILES[kind] if kind in FILES else SERIES_FILES[kind]


def columns(kind: str) -> list[str]:
    """Column names of a curated file (or a series file), in file order."""
    return [f.name for f in fields(kind)]


def key(kind: str) -> tuple[str, ...]:
    """The columns that identify a row: a curated file's first column, a series value's
    series, country and period (:data:`SERIES_KEY`), a catalogue entry's series_id."""
    if kind in FILES:
        return (FILES[kind][0].name,)
    return ("series_id",) if kind == "series_catalogue" else SERIES_KEY


def label_destination(code: str) -> str:
    """A readable name for a destination code (country, EU or all) in the active
    language: English from pycountry (with the short names below), other languages
    from Babel's territory names."""
    if code in SPECIAL_DESTINATIONS:
        return _(SPECIAL_DESTINATIONS[code])
    if i18n.current() != i18n.DEFAULT and (name := i18n.territory_name(code)):
        return name
    return COMMON_NAMES.get(code) or ISO3_COUNTRIES.get(code, code)


def translated(labels: dict[str, str]) -> dict[str, str]:
    """One of the label tables above in the active language (code -> label)."""
    return {code: _(text) for code, text in labels.items()}


def label(labels: dict[str, str], code: str) -> str:
    """The label of ``code`` in a table above, in the active language (the code itself
    when the table has none)."""
    return _(labels[code]) if code in labels else code


#: Short names where the ISO name is long or formal.
COMMON_NAMES = {
    "RUS": "Russia",
    "PRK": "North Korea",
    "ARE": "UAE",
    "TUR": "Turkey",
    "MDA": "Moldova",
}


# --- Official series (data/series.csv, data/series_fsb.csv, data/series_catalogue.csv) ---

#: Codes allowed where a series value names a country, besides ISO 3166-1 alpha-3.
SERIES_SPECIAL_AREAS = SPECIAL_DESTINATIONS | {
    "XAB": N_("Abkhazia"),
    "XOS": N_("South Ossetia"),
}

SERIES_PERIODS = {
    "day": N_("one day"),
    "week": N_("seven consecutive days"),
    "month": N_("a calendar month"),
    "quarter": N_("a calendar quarter"),
    "half_year": N_("January–June or July–December"),
    "nine_months": N_("January–September"),
    "year": N_("a calendar year"),
}

SERIES_QUALIFIERS = {k: QUALIFIERS[k] for k in ("exact", "about", "at_least")}

SERIES_MEASURES = {
    "departures": N_("Departures"),
    "arrivals": N_("Arrivals"),
    "entries": N_("Entries"),
    "exits": N_("Exits"),
    "crossings": N_("Border crossings (both directions)"),
    "first_permits": N_("First residence permits"),
    "asylum_applications": N_("Asylum applications"),
    "immigration": N_("Immigration"),
    "emigration": N_("Emigration"),
    "registrations": N_("Registrations"),
    "removals": N_("Removals"),
    "returnees": N_("Returnees"),
}

SERIES_UNITS = {
    "trips": N_("trips (border crossings; one person can make many)"),
    "persons": N_("persons"),
    "applications": N_("applications"),
    "permits": N_("permits"),
    "decisions": N_("decisions"),
}

SERIES_DIRECTIONS = {
    "out_of_russia": N_("out of Russia"),
    "into_russia": N_("into Russia"),
    "both": N_("both directions"),
}

COUNTRY_ROLES = {
    "destination": N_("where Russian citizens went"),
    "citizenship": N_("whose citizens entered Russia"),
    "reporting_country": N_("the country whose border or office counted"),
}

SERIES_ID_PATTERN = r"^[a-z0-9-]+$"

SERIES_VALUES = (
    Field("series_id", "series_ref", "Id of the series in series_catalogue.csv."),
    Field("country_iso3", "area", "The country the value is about (its role is the catalogue's country_role): ISO 3166-1 alpha-3, or XAB Abkhazia, XOS South Ossetia, EUU the EU as a whole, ALL all countries."),
    Field("period", "enum", "Length of the period the value covers.", allowed=tuple(SERIES_PERIODS)),
    Field("period_start", "date", "First day covered (YYYY-MM-DD)."),
    Field("period_end", "date", "Last day covered, inclusive (YYYY-MM-DD)."),
    Field("value", "number", "The number as published; never rounded or derived.", unit="the catalogue's unit"),
    Field("qualifier", "enum", "How precise the source said the value is.", allowed=tuple(SERIES_QUALIFIERS)),
    Field("source_url", "url", "The page the value was read on (http or https)."),
    Field("source_title", "text", "Title of that page."),
    Field("published", "partial_date", "When that page was published: YYYY-MM-DD, or YYYY-MM / YYYY where the page shows only that."),
    Field("via", "text", "Empty when source_url is the publisher's own page; otherwise the outlet or transcription that carried the value.", required=False),
    Field("notes", "text", "What exactly the value is, and its caveats.", required=False),
)

SERIES_CATALOGUE = (
    Field("series_id", "series_id", "Stable id of the series (lower-case letters, digits and '-')."),
    Field("publisher", "text", "The body that produces the statistic."),
    Field("dataset", "text", "Dataset or indicator code where one exists.", required=False),
    Field("measure", "enum", "What is counted.", allowed=tuple(SERIES_MEASURES)),
    Field("unit", "enum", "Unit of every value of the series.", allowed=tuple(SERIES_UNITS)),
    Field("direction", "enum", "Direction of the movement counted.", allowed=tuple(SERIES_DIRECTIONS)),
    Field("population", "enum", "Whose movement is counted.", allowed=tuple(POPULATIONS)),
    Field("country_role", "enum", "What the values' country_iso3 means for this series.", allowed=tuple(COUNTRY_ROLES)),
    Field("definition", "text", "What is counted, by whom, and what it is not."),
)

#: The series files; series.csv (hand-curated) and series_fsb.csv (built by
#: scripts/build_fsb_series.py) share one set of columns.
SERIES_FILES = {
    "series": SERIES_VALUES,
    "series_fsb": SERIES_VALUES,
    "series_catalogue": SERIES_CATALOGUE,
}

#: A value is identified by these columns across series.csv and series_fsb.csv together.
SERIES_KEY = ("series_id", "country_iso3", "period_start", "period_end")


def series_columns(kind: str) -> list[str]:
    """Column names of a series file, in file order."""
    return [f.name for f in SERIES_FILES[kind]]


def label_area(code: str) -> str:
    """A readable name for a series value's country code."""
    return _(SERIES_SPECIAL_AREAS[code]) if code in SERIES_SPECIAL_AREAS else label_destination(code)


# --- Columns the loader adds to the tables (not in the files) ---

LINE = Field("line", "integer", "Line of the file the row starts on.", minimum=1)

#: Per loaded table, the columns added to those of its file (:mod:`exodus.data.load`).
LOADED = {
    "departures": (
        LINE,
        Field("reported_on_date", "date", "First day the publication date (reported_on) can mean."),
        Field("days", "integer", "Days of the period, both ends included.", minimum=1),
        Field("destination_name", "text", "Readable name of destination_iso3."),
        Field("authority_kind", "enum", "Kind of the reporting body (from bodies.csv).", allowed=tuple(KINDS)),
        Field("authority_rank", "integer", "Rank of that kind, 0 the strongest.", minimum=0, maximum=len(KINDS) - 1),
        Field("flagged", "flag", "True when the figure is never a headline (an unnamed source, a forecast, disputed)."),
        Field("flag_reason", "text", "Why it is flagged; empty otherwise.", required=False),
    ),
    "events": (LINE,),
    "crossings": (LINE,),
    "bodies": (LINE,),
    "series": (Field("file", "text", "The value file the row comes from (series.csv or series_fsb.csv)."), LINE),
    "series_catalogue": (LINE,),
}
