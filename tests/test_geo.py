"""Country shapes: the bundled GeoJSON, its projection, and the Plotly-ready outlines."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod

from exodus.data import geo

ROOT = Path(__file__).resolve().parent.parent
RUSSIA = "RUS"
NEIGHBOURS = {"NOR", "FIN", "EST", "LVA", "LTU", "POL", "BLR", "UKR", "GEO", "AZE", "KAZ", "CHN", "MNG", "PRK"}
DESTINATIONS = {"ARM", "TUR", "SRB", "ARE", "ISR", "KGZ", "UZB", "TJK", "TKM", "MNE", "DEU", "CYP"}

# Natural Earth 1:50m Russia, without Crimea (drawn as part of Ukraine, see
# data/geo/README.md), covers about 16.94 million km2; 2 % either side still catches a
# lost or doubled region.
RUSSIA_AREA_KM2 = 16.94e6
AREA_TOLERANCE = 0.02

VERKHNY_LARS = (44.63, 42.74)  # lon, lat

# (lon, lat). Crimea is drawn inside Ukraine's internationally recognised borders.
IN_UKRAINE = {"Simferopol": (34.10, 44.95), "Sevastopol": (33.52, 44.62), "Kerch": (36.47, 45.36)}
IN_RUSSIA = {
    "Moscow": (37.62, 55.75), "Krasnodar": (38.98, 45.04), "Novorossiysk": (37.77, 44.72),
    # Taman village itself (36.72, 45.21) sits on the shore of Taman Bay and falls about
    # 2 km out to sea once the coast is simplified; this point is inland on the peninsula.
    "Taman peninsula": (36.80, 45.16),
}
TAMAN_VILLAGE = (36.72, 45.21)
# Crimea lies in here; the east edge is in the Kerch Strait, west of the Taman peninsula.
CRIMEA_BOX = (32.3, 44.2, 36.6, 46.3)


@pytest.fixture(scope="module")
def countries():
    return geo.load_countries()


@pytest.fixture(scope="module")
def projected(countries):
    return geo.project_countries(countries)


def shape_of(gdf, iso3):
    return gdf.loc[gdf["iso3"] == iso3].geometry.iloc[0]


def rings(geom):
    for polygon in shapely.get_parts(geom):
        yield polygon.exterior
        yield from polygon.interiors


def test_file_is_small():
    assert geo.COUNTRIES_PATH.stat().st_size < 150_000


def test_columns_and_crs(countries):
    assert list(countries.columns) == ["iso3", "name", "neighbour", "role", "geometry"]
    assert countries.crs.to_epsg() == 4326
    assert countries["name"].str.len().min() > 0


def test_all_countries_present_with_roles(countries):
    roles = dict(zip(countries["iso3"], countries["role"]))
    assert set(roles) == {RUSSIA} | NEIGHBOURS | DESTINATIONS
    assert roles[RUSSIA] == "russia"
    assert {k for k, v in roles.items() if v == "neighbour"} == NEIGHBOURS
    assert {k for k, v in roles.items() if v == "destination"} == DESTINATIONS
    neighbours = set(countries.loc[countries["neighbour"], "iso3"])
    assert neighbours == NEIGHBOURS


def test_every_geometry_valid_and_polygonal(countries):
    assert countries.geometry.is_valid.all()
    assert set(countries.geom_type) <= {"Polygon", "MultiPolygon"}
    assert not countries.geometry.is_empty.any()


def test_russia_keeps_chukotka_east_of_180(countries):
    minx, _, maxx, _ = shape_of(countries, RUSSIA).bounds
    assert maxx > 180, "the part of Chukotka east of the 180th meridian is missing"
    assert minx > 0, "Russia still has western-hemisphere longitudes"


def test_no_ring_jumps_across_the_map(countries):
    for iso3, geom in zip(countries["iso3"], countries.geometry):
        for ring in rings(geom):
            lon = np.asarray(ring.coords)[:, 0]
            assert np.abs(np.diff(lon)).max() < 180, f"{iso3}: a ring jumps across the antimeridian"


def test_only_russia_leaves_the_usual_longitude_range(countries):
    others = countries[countries["iso3"] != RUSSIA]
    minx, _, maxx, _ = others.total_bounds
    assert -180 <= minx and maxx <= 180


def test_russia_area_matches_natural_earth(countries, projected):
    area_projected = shape_of(projected, RUSSIA).area  # km2: MAP_CRS is equal-area in km
    area_geodesic = abs(Geod(ellps="WGS84").geometry_area_perimeter(shape_of(countries, RUSSIA))[0]) / 1e6
    assert area_projected == pytest.approx(RUSSIA_AREA_KM2, rel=AREA_TOLERANCE)
    assert area_projected == pytest.approx(area_geodesic, rel=0.005)


@pytest.mark.parametrize("iso3", sorted(NEIGHBOURS))
def test_neighbours_share_a_border_with_russia_without_overlap(countries, iso3):
    russia, other = shape_of(countries, RUSSIA), shape_of(countries, iso3)
    assert russia.intersects(other)
    assert russia.intersection(other).area < 1e-6


@pytest.mark.parametrize("place", sorted(IN_UKRAINE))
def test_crimea_is_drawn_in_ukraine(countries, place):
    point = shapely.Point(IN_UKRAINE[place])
    assert shape_of(countries, "UKR").contains(point)
    assert not shape_of(countries, RUSSIA).contains(point)


@pytest.mark.parametrize("place", sorted(IN_RUSSIA))
def test_russian_places_stay_in_russia(countries, place):
    point = shapely.Point(IN_RUSSIA[place])
    assert shape_of(countries, RUSSIA).contains(point)
    assert not shape_of(countries, "UKR").contains(point)


def test_taman_village_is_on_the_russian_shore(projected):
    x, y = geo.project_points(*TAMAN_VILLAGE)
    point = shapely.Point(x[0], y[0])
    assert not shape_of(projected, "UKR").contains(point)
    assert point.distance(shape_of(projected, RUSSIA)) < 3  # km
    assert point.distance(shape_of(projected, "UKR")) > 5  # km: across the Kerch Strait


def test_russia_has_no_land_on_the_crimean_peninsula(countries):
    assert shape_of(countries, RUSSIA).intersection(shapely.box(*CRIMEA_BOX)).is_empty


def test_crimea_joins_mainland_ukraine_without_a_seam(countries):
    ukraine = shape_of(countries, "UKR")
    kyiv, simferopol = shapely.Point(30.52, 50.45), shapely.Point(IN_UKRAINE["Simferopol"])
    part = next(p for p in shapely.get_parts(ukraine) if p.contains(kyiv))
    assert part.contains(simferopol)
    assert len(part.interiors) == 0


def test_projection_keeps_chukotka_attached(projected):
    russia = shape_of(projected, RUSSIA)
    mainland = max(shapely.get_parts(russia), key=lambda p: p.area)
    # Moscow, and Chukotka on both sides of the 180th meridian, in one piece
    x, y = geo.project_points([37.62, 179.5, -179.5], [55.75, 67.0, 67.0])
    for px, py in zip(x, y):
        assert mainland.contains(shapely.Point(px, py))


def test_project_points_same_across_the_antimeridian():
    x1, y1 = geo.project_points(-179.5, 67.0)
    x2, y2 = geo.project_points(180.5, 67.0)
    assert np.allclose([x1, y1], [x2, y2], atol=1e-6)


def test_verkhny_lars_lands_on_the_georgian_border(projected):
    x, y = geo.project_points(*VERKHNY_LARS)
    point = shapely.Point(x[0], y[0])
    border = shape_of(projected, RUSSIA).boundary.intersection(shape_of(projected, "GEO").boundary)
    assert not border.is_empty
    assert point.distance(border) <= 30  # km


def test_project_points_accepts_arrays():
    x, y = geo.project_points(np.array([37.62, 44.63]), np.array([55.75, 42.74]))
    assert x.shape == y.shape == (2,)
    assert np.isfinite(x).all() and np.isfinite(y).all()


def test_polygon_outlines_are_drawable(projected):
    outlines = geo.polygon_outlines(projected)
    assert set(outlines) == set(projected["iso3"])
    for iso3, (xs, ys) in outlines.items():
        assert len(xs) == len(ys) > 3, iso3
        assert [i for i, v in enumerate(xs) if v is None] == [i for i, v in enumerate(ys) if v is None]
        assert xs[0] is not None and xs[-1] is not None
        parts = len(shapely.get_parts(shape_of(projected, iso3)))
        assert xs.count(None) == parts - 1, iso3


def test_polygon_outlines_with_holes_adds_rings(projected):
    without = geo.polygon_outlines(projected)["KGZ"][0].count(None)
    with_holes = geo.polygon_outlines(projected, holes=True)["KGZ"][0].count(None)
    assert with_holes > without


def test_label_points_lie_inside(projected):
    labels = geo.label_points(projected)
    for iso3, geom in zip(projected["iso3"], projected.geometry):
        assert geom.contains(shapely.Point(labels[iso3])), iso3


def test_missing_file_is_a_clear_error(tmp_path):
    path = tmp_path / "nowhere.geojson"
    with pytest.raises(ValueError, match="nowhere.geojson"):
        geo.load_countries(path)


@pytest.mark.parametrize(
    "text, message",
    [
        ("not json", "cannot read"),
        ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso3":"RUS"},'
         '"geometry":{"type":"Point","coordinates":[40,55]}}]}', "missing column"),
        ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
         '{"iso3":"XXX","name":"Bow tie","neighbour":false,"role":"destination"},'
         '"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}', "invalid geometry"),
    ],
)
def test_broken_file_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "broken.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=f"broken.geojson.*{message}"):
        geo.load_countries(path)


def load_build_script():
    spec = importlib.util.spec_from_file_location("build_geo", ROOT / "scripts" / "build_geo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_topojson_arcs_decode_and_join():
    build_geo = load_build_script()
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        # a unit square drawn as two arcs: bottom-right half, then top-left half reversed
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[0, 0], [0, 4], [2, 0]]],
    }
    arcs = build_geo.decode_arcs(topology)
    assert arcs[0] == [(10, 20), (11, 20), (11, 21)]
    ring = build_geo.ring_from_arcs([0, ~1], arcs)
    assert ring == [(10, 20), (11, 20), (11, 21), (10, 21), (10, 20)]
    square = build_geo.polygon_from_rings([[0, ~1]], arcs)
    assert square.is_valid and square.area == pytest.approx(1.0)


def test_antimeridian_shift_joins_pieces():
    build_geo = load_build_script()
    west = shapely.box(179, 60, 180, 61)
    east = shapely.box(-180, 60, -179, 61)
    joined = build_geo.clean(build_geo.shift_east_of_antimeridian(shapely.MultiPolygon([west, east])))
    assert joined.geom_type == "Polygon"
    assert joined.bounds == pytest.approx((179, 60, 181, 61))
