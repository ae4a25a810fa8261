"""Country shapes for the map: load the bundled GeoJSON, project it, and turn it into
plain x/y lists that Plotly can draw as filled scatter traces (no tiles, no downloads).

The shapes come from ``data/geo/countries.geojson`` (see ``data/geo/README.md``).
Russia's longitudes run past 180 there so that Chukotka stays in one piece.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer

from exodus import config
from exodus.data.safe_read import shown_path

COUNTRIES_PATH = config.COUNTRIES_PATH
COLUMNS = ["iso3", "name", "neighbour", "role", "geometry"]
ROLES = {"russia", "neighbour", "destination"}
#: Geometry types a country's outline may have.
AREA_TYPES = ("Polygon", "MultiPolygon")

#: Lambert azimuthal equal-area centred between the Urals and Central Asia: areas are
#: true, and everything from Norway, Serbia and Israel to Chukotka is drawn without a cut
#: (the only singular point is the antipode, in the South Pacific). Units: km.
MAP_CRS = "+proj=laea +lat_0=55 +lon_0=75 +x_0=0 +y_0=0 +datum=WGS84 +units=km +no_defs"


class ShapesError(ValueError):
    """The country shapes cannot be used. ``reason`` says why; the message also names
    the file, inside the data folder without the server's folders (it is shown on the page)."""

    def __init__(self, path: Path, reason: str):
        self.reason = reason.replace(str(path), path.name)
        super().__init__(f"{shown_path(path)}: {self.reason}")


def load_countries(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """The country shapes in lon/lat (EPSG:4326), columns iso3, name, neighbour, role, geometry.

    Raises :class:`ShapesError` (a ValueError) naming the file when it is missing,
    unreadable or malformed, or when a country's outline is not a valid polygon.
    """
    path = Path(path) if path is not None else COUNTRIES_PATH
    if not path.is_file():
        raise ShapesError(path, "country shapes file not found (rebuild with scripts/build_geo.py)")
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for a broken file
        raise ShapesError(path, f"cannot read country shapes: {exc}") from exc
    missing = [c for c in COLUMNS if c not in gdf.columns]
    if missing:
        raise ShapesError(path, f"missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}")
    if gdf.empty:
        raise ShapesError(path, "no features")
    bad_roles = sorted(set(gdf["role"]) - ROLES)
    if bad_roles:
        raise ShapesError(path, f"unknown role(s) {bad_roles}; expected one of {sorted(ROLES)}")
    invalid = gdf.loc[gdf.geometry.isna() | ~gdf.geometry.is_valid, "iso3"].tolist()
    if invalid:
        raise ShapesError(path, f"missing or invalid geometry for {', '.join(map(str, invalid))}")
    not_areas = [f"{iso3} ({kind})" for iso3, kind in zip(gdf["iso3"], gdf.geom_type) if kind not in AREA_TYPES]
    if not_areas:
        found = ", ".join(not_areas)
        raise ShapesError(path, f"the outline of {found} is not a polygon; expected {' or '.join(AREA_TYPES)}")
    duplicated = gdf.loc[gdf["iso3"].duplicated(), "iso3"].tolist()
    if duplicated:
        raise ShapesError(path, f"iso3 listed more than once: {', '.join(duplicated)}")

    gdf = gdf[COLUMNS].set_crs(4326, allow_override=True)
    gdf["neighbour"] = gdf["neighbour"].astype(bool)
    return gdf.reset_index(drop=True)


@lru_cache(maxsize=1)
def _to_map() -> Transformer:
    return Transformer.from_crs("EPSG:4326", MAP_CRS, always_xy=True)


def project_countries(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The shapes in MAP_CRS (km)."""
    return gdf.to_crs(MAP_CRS)


def project_points(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Project lon/lat (scalars or arrays, degrees) to MAP_CRS x/y arrays in km."""
    x, y = _to_map().transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.atleast_1d(x), np.atleast_1d(y)


def polygon_outlines(projected: gpd.GeoDataFrame, *, holes: bool = False) -> dict[str, tuple[list, list]]:
    """Per country, the rings as x and y lists with None between rings.

    Suited to ``go.Scatter(x=xs, y=ys, fill="toself")``, which closes and fills each
    None-separated piece. Only outer rings by default: with ``fill="toself"`` a hole
    would be painted over, and the few holes in these shapes are enclaves of other
    countries. ``holes=True`` appends the inner rings as well (e.g. for outlines only).
    """
    outlines = {}
    for iso3, geom in zip(projected["iso3"], projected.geometry):
        xs: list = []
        ys: list = []
        for polygon in shapely.get_parts(geom):
            rings = [polygon.exterior, *(polygon.interiors if holes else [])]
            for ring in rings:
                if xs:
                    xs.append(None)
                    ys.append(None)
                ring_x, ring_y = ring.xy
                xs.extend(ring_x)
                ys.extend(ring_y)
        outlines[iso3] = (xs, ys)
    return outlines


def label_points(projected: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """Per country, a point guaranteed to lie inside its shape, for a text label."""
    points = projected.geometry.representative_point()
    return {iso3: (float(p.x), float(p.y)) for iso3, p in zip(projected["iso3"], points)}
