"""The Frictionless data package descriptor, generated from :mod:`exodus.data.schema` and
the column types of :mod:`exodus.data.columns`.

``python -m exodus.data.datapackage`` rewrites ``data/datapackage.json``; a test checks the
committed file matches, so the descriptor cannot drift from the code.
"""

from __future__ import annotations

import json
import sys

from exodus.data import columns
from exodus.data import release, schema
from exodus import config
from exodus.config import DATA_DIR

DESCRIPTIONS = {
    "departures": "One row per figure reported in public sources about people leaving Russia (2022) and Central Asian migrants leaving or being removed from Russia (2024), with who reported it, where, when, and exactly which period and quantity it describes.",
    "events": "Dated events set against the figures on the timelines: the invasion, the mobilization decree, border restrictions and closures, the Crocus City Hall attack and the measures against migrants that followed.",
    "crossings": "Border crossing points named in the reports, with coordinates, the neighbouring country and the modes of transport.",
    "bodies": "Every reporting body named in departures.csv, once, with its kind (border or statistics authority, other government body, international agency, an outlet's own count, unnamed source, forecast); the headline rule prefers the kinds listed first.",
    "series": "Values of official series (border services, ministries, statistics offices) read on public pages, one row per value of a regular statistic, each with its source; comparable over time within a series, unlike the one-off reports in departures.csv.",
    "series_fsb": "FSB Border Service quarterly departures of Russian citizens by destination (EMISS 38480) and entries of foreign citizens by citizenship (EMISS 38479), 2010 Q1 to 2020 Q1, built by scripts/build_fsb_series.py from the raw files in raw/fsb-border-crossings/ (never edited by hand). Trips, not persons.",
    "series_catalogue": "One row per official series: its publisher, dataset code, what is counted, unit, direction, population, what the values' country means, and a definition.",
}


def _field(spec: schema.Field, unique: bool = False) -> dict:
    """A column as the descriptor declares it: from its description and its type."""
    ctype = columns.of(spec)
    out = {"name": spec.name, "type": ctype.frictionless, "description": spec.description,
           "constraints": {"required": spec.required}}
    if ctype.format:
        out["format"] = ctype.format
    if ctype.pattern:
        out["constraints"]["pattern"] = ctype.pattern
    if unique:
        out["constraints"]["unique"] = True
    if spec.allowed:
        out["constraints"]["enum"] = list(spec.allowed)
    for bound in ("minimum", "maximum"):
        if (value := getattr(spec, bound) if getattr(spec, bound) is not None else getattr(ctype, bound)) is not None:
            out["constraints"][bound] = value
    if spec.unit:
        out["unit"] = spec.unit
    return out


def _resource(kind: str, specs) -> dict:
    """The parts every CSV resource of the package shares."""
    return {
        "name": kind,
        "path": f"{kind}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": DESCRIPTIONS[kind],
        "schema": {"fields": [_field(s, unique=schema.key(kind) == (s.name,)) for s in specs], "primaryKey": list(schema.key(kind))},
    }


def _series_resources() -> list[dict]:
    out = []
    for kind, specs in schema.SERIES_FILES.items():
        resource = _resource(kind, specs)
        if kind == "series_catalogue":
            resource["valueLabels"] = {
                "measure": schema.SERIES_MEASURES, "unit": schema.SERIES_UNITS, "direction": schema.SERIES_DIRECTIONS,
                "population": schema.POPULATIONS, "country_role": schema.COUNTRY_ROLES,
            }
        else:
            resource["schema"]["foreignKeys"] = [
                {"fields": ["series_id"], "reference": {"resource": "series_catalogue", "fields": ["series_id"]}}
            ]
            resource["valueLabels"] = {
                "period": schema.SERIES_PERIODS, "qualifier": schema.SERIES_QUALIFIERS,
                "country_iso3 (special codes)": schema.SERIES_SPECIAL_AREAS,
            }
        if kind == "series_fsb":
            resource["sources"] = [{
                "title": "FSB Border Service via Rosstat EMISS, indicators 38480 and 38479, transcribed in Ksimi/Russia_in_out (commit 5523c8a30ac5a13561c088bf6e5ed958a762d0ed)",
                "path": "https://github.com/Ksimi/Russia_in_out",
            }]
            resource["licenses"] = [{"name": "MIT", "title": "Transcription: MIT licence (raw/fsb-border-crossings/LICENSE)"}]
        out.append(resource)
    return out


def descriptor() -> dict:
    resources = []
    for kind, specs in schema.FILES.items():
        resource = _resource(kind, specs)
        if kind == "departures":
            resource["schema"]["foreignKeys"] = [
                {"fields": ["crossing_id"], "reference": {"resource": "crossings", "fields": ["id"]}},
                {"fields": ["reporting_body"], "reference": {"resource": "bodies", "fields": ["name"]}},
                {"fields": ["part_of"], "reference": {"resource": "", "fields": ["id"]}},
            ]
            resource["valueLabels"] = {
                "population": schema.POPULATIONS,
                "metric": schema.METRICS,
                "measure": schema.MEASURES,
                "unit": schema.UNITS,
                "qualifier": schema.QUALIFIERS,
                "wave": schema.WAVES,
                "source_type": schema.SOURCE_TYPES,
                "destination_iso3 (special codes)": schema.SPECIAL_DESTINATIONS | {"RUS": "People counted inside Russia (not a move to a destination)"},
            }
        if kind == "events":
            resource["valueLabels"] = {"category": schema.EVENT_CATEGORIES}
        if kind == "bodies":
            resource["valueLabels"] = {"kind (strongest first)": dict(schema.KINDS)}
        resources.append(resource)
    resources += _series_resources()
    resources.append(
        {
            "name": "countries",
            "path": config.SHAPES_FILE.as_posix(),
            "format": "geojson",
            "mediatype": "application/geo+json",
            "description": "Simplified outlines of Russia, its land neighbours and the other destinations, derived from Natural Earth (see geo/README.md).",
            "licenses": [{"name": "public-domain", "title": "Natural Earth: public domain"}],
        }
    )
    return {
        "profile": "data-package",
        "name": "exodus-departures-from-russia",
        "title": "Exodus: reported departures from Russia by border and date",
        "version": release.latest().version,
        "description": "Figures from public reporting on departures from Russia after the 2022 mobilization and on Central Asian migrants leaving Russia after the Crocus City Hall attack of 22 March 2024. Each figure keeps its source; nothing is rounded or estimated in these files. See README.md.",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0 (the compilation and notes); the figures are facts reported by the named sources",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "resources": resources,
    }


def render() -> str:
    return json.dumps(descriptor(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    path = DATA_DIR / "datapackage.json"
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
