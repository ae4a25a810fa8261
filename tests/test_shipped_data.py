"""The shipped data package: valid, complete enough, and true to its seed articles."""

from __future__ import annotations

import pandas as pd
import pytest

from exodus.data.load import load_all
from exodus.data.validate import validate_package

LAND_NEIGHBOURS = {"NOR", "FIN", "EST", "LVA", "LTU", "POL", "BLR", "UKR", "GEO", "AZE", "KAZ", "CHN", "MNG", "PRK"}


@pytest.fixture(scope="module")
def tables():
    return load_all()


def test_package_has_no_problems():
    problems = validate_package()
    assert problems == [], "\n".join(map(str, problems[:30]))


def test_sizes(tables):
    assert len(tables["departures"]) >= 150
    assert len(tables["events"]) >= 40
    waves = tables["departures"]["wave"].value_counts()
    assert waves["mobilization_2022"] >= 50 and waves["crocus_2024"] >= 50


def test_neighbours_and_destinations_are_covered(tables):
    reported = set(tables["departures"]["destination_iso3"])
    assert len(LAND_NEIGHBOURS & reported) >= 10, sorted(LAND_NEIGHBOURS - reported)
    assert {"ARM", "TUR", "SRB", "ARE", "ISR", "KGZ", "UZB", "TJK", "EUU", "ALL"} <= reported


def test_no_figure_is_entered_twice(tables):
    key = ["destination_iso3", "crossing_id", "population", "metric", "measure", "period_start", "period_end", "value", "reporting_body"]
    twice = tables["departures"][tables["departures"].duplicated(key, keep=False)]
    assert twice.empty, twice[["id"] + key].to_string()


def _has(d: pd.DataFrame, **conditions) -> pd.DataFrame:
    mask = pd.Series(True, index=d.index)
    for column, wanted in conditions.items():
        mask &= d[column].isin(wanted) if isinstance(wanted, (set, list, tuple)) else d[column] == wanted
    return d[mask]


SEED_FIGURES = [
    ("200,000 left in a week", dict(destination_iso3="ALL", value=200000)),
    ("up to 300,000 to be called up", dict(metric="call_up", value=300000)),
    ("about 25 million eligible", dict(metric="eligible_reservists", value=25000000)),
    ("Kazakhstan: 98,000 in the past week", dict(destination_iso3="KAZ", metric="arrivals", value=98000)),
    ("Georgia: over 53,000 since 21 Sep", dict(destination_iso3="GEO", metric="arrivals", value=53000, period_start=pd.Timestamp("2022-09-21"))),
    ("Georgia: 5,000-6,000 a day before", dict(destination_iso3="GEO", measure="daily", value=5000, value_high=6000)),
    ("Georgia: about 10,000 a day after", dict(destination_iso3="GEO", measure="daily", value=10000)),
    ("Frontex: about 66,000 in the week to 25 Sep", dict(destination_iso3="EUU", value=66000)),
    ("Frontex: +30 % on the week before", dict(destination_iso3="EUU", measure="change_pct", value=30)),
    ("Novaya Gazeta: 261,000 men", dict(destination_iso3="ALL", value=261000)),
    ("North Ossetia: 20,000 in two days", dict(value=20000, destination_iso3="GEO")),
    ("Russia borders 14 countries", dict(unit="countries", value=14)),
    ("cars to Kazakhstan +20 %", dict(destination_iso3="KAZ", measure="change_pct", value=20)),
    ("Russia-Kazakhstan border about 7,000 km", dict(metric="border_length", value=7000)),
    ("Telegram group about 100,000 followers", dict(metric="social_media_followers", value=100000)),
    ("2,500 requests to a migrant lawyer", dict(metric="legal_aid_requests", value=2500)),
    ("about 10.5 million Central Asian migrants", dict(value=10500000)),
    ("over 15,000 deported the year before", dict(value=15000, metric={"deportations", "expulsion_orders"})),
    ("four Tajik citizens accused", dict(value=4, wave="crocus_2024")),
    ("about 40 migrants arrested near Moscow", dict(value=40, metric="detentions")),
    ("almost 500 ordered expelled (466)", dict(value=466, metric="expulsion_orders")),
    ("migrant crime +75 % (Prosecutor General)", dict(metric="crime_change", value=75)),
    ("migrant crime -9 % (Interior Ministry)", dict(metric="crime_change", value=-9)),
]


@pytest.mark.parametrize("label, conditions", SEED_FIGURES, ids=[s[0] for s in SEED_FIGURES])
def test_every_seed_figure_is_in_the_data(tables, label, conditions):
    found = _has(tables["departures"], **conditions)
    assert not found.empty, f"seed figure missing: {label}"
    assert found["source_url"].str.startswith(("http://", "https://")).all()


def test_crossings_lie_on_their_border(tables):
    from exodus.data.geo import load_countries

    countries = load_countries().set_index("iso3").to_crs("+proj=laea +lat_0=55 +lon_0=75 +units=km")
    crossings = tables["crossings"]
    points = pd.Series(
        __import__("geopandas").points_from_xy(crossings["lon"], crossings["lat"], crs=4326).to_crs(countries.crs),
        index=crossings["id"],
    )
    far = []
    for row in crossings.to_dict("records"):
        if row["country_iso3"] == "RUS" or row["country_iso3"] not in countries.index:
            continue
        point = points[row["id"]]
        gap = max(point.distance(countries.geometry[row["country_iso3"]]), point.distance(countries.geometry["RUS"]))
        if gap > 30:
            far.append(f"{row['id']}: {gap:.0f} km from the {row['country_iso3']}-RUS border")
    assert far == []


def test_every_reporting_body_is_described_once_with_a_known_kind(tables):
    from exodus.data import authority

    bodies = tables["bodies"]
    assert bodies["name"].is_unique
    assert set(bodies["kind"]) <= set(authority.KINDS)
    used = set(tables["departures"]["reporting_body"])
    assert used <= set(bodies["name"])
    assert set(bodies["name"]) - used == set(), "bodies.csv names a body no row uses"


def test_a_body_missing_from_bodies_csv_fails_with_its_line(package_dir):
    from conftest import departure, to_csv

    rows = [departure(), departure(id="m22-kaz-002", reporting_body="Someone nobody described")]
    (package_dir / "departures.csv").write_bytes(to_csv("departures", rows))
    problems = [str(p) for p in validate_package(package_dir)]
    assert len(problems) == 1
    assert problems[0].endswith("departures.csv:3: [reporting_body] 'Someone nobody described' is not a name in bodies.csv; add it there with its kind")


def test_flags_follow_the_kind_of_body_and_the_disputed_column(tables):
    d = tables["departures"]
    weak = d["authority_kind"].isin(["anonymous", "forecast"])
    disputed = d["disputed"] != ""
    assert d["flagged"].equals(weak | disputed)
    assert (d.loc[disputed, "flag_reason"].str.contains("disputed: ")).all()
    assert (d.loc[~d["flagged"], "flag_reason"] == "").all()
    assert set(d.loc[d["id"].isin(["m22-all-005", "m22-all-006"]), "authority_kind"]) == {"anonymous"}
    assert d.loc[d["id"] == "m22-geo-038", "flagged"].item()  # the president's 700,000


def test_pages_copied_by_blogs_or_aggregators_say_so(tables):
    d = tables["departures"].set_index("id")
    assert d.loc["m22-all-001", "source_type"] == "republication"  # only a copy of the NYT page could be found
    assert (d.loc[d["source_publisher"].str.contains("republication|republishes|reprint|mirror", case=False), "source_type"] == "republication").all()


def test_notes_carry_no_internal_shorthand(tables):
    notes = tables["departures"]["notes"]
    for pattern in (r"\bseed\b", r"not found", r"\bTODO\b"):
        hits = tables["departures"].loc[notes.str.contains(pattern, case=False, regex=True), "id"]
        assert hits.empty, f"{pattern}: {list(hits)}"


def test_metric_labels_fit_their_rows(tables):
    d = tables["departures"]
    refusals = d[d["metric"] == "entry_refusals"]
    assert not refusals["destination_iso3"].isin(["EST", "LVA", "LTU", "POL", "FIN"]).any(), "refusals at EU borders are refused_entry_abroad"
    assert (d.loc[d["metric"] == "refused_entry_abroad", "destination_iso3"] != "RUS").all()
    assert d.loc[d["id"] == "c24-rus-020", "metric"].item() == "planned_expulsions"
    assert d.loc[d["id"] == "m22-all-007", "population"].item() == "it_specialists"
    assert not d["id"].isin(["m22-all-008", "c24-all-028"]).any()  # a forecast; a repeat of c24-rus-049


def test_part_of_must_name_another_row_and_fails_with_its_line(package_dir):
    from conftest import departure, to_csv

    rows = [departure(), departure(id="m22-kaz-002", part_of="m22-kaz-999"), departure(id="m22-kaz-003", part_of="m22-kaz-001")]
    (package_dir / "departures.csv").write_bytes(to_csv("departures", rows))
    problems = [str(p) for p in validate_package(package_dir)]
    assert [p.split("departures.csv")[1] for p in problems] == [":3: [part_of] 'm22-kaz-999' is not the id of another row"]


def test_data_readme_explains_every_kind_of_body_and_source_type():
    from conftest import ROOT
    from exodus.data import authority
    from exodus.data import schema

    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for word in list(authority.KINDS) + list(schema.SOURCE_TYPES) + ["part_of", "disputed", "bodies.csv"]:
        assert f"`{word}`" in text, word
    ranks = [text.index(f"| {rank} | `{kind}` |") for rank, kind in enumerate(authority.KINDS)]
    assert ranks == sorted(ranks), "the README lists the kinds in the rule's order"
