"""Build data/geo/countries.geojson from Natural Earth, via the npm package world-atlas.

Source: ``countries-50m.json`` of ``world-atlas@2.0.2`` (ISC licence), a TopoJSON
redistribution of Natural Earth 4.1.0 Admin 0 countries at 1:50m (public domain).
Countries carry ISO 3166-1 numeric ids and a ``name`` property.

Usage (from the repository root)::

    python scripts/build_geo.py                      # fetch the package with `npm pack`
    python scripts/build_geo.py /path/to/package     # use an unpacked package folder

Without an argument the script runs ``npm pack world-atlas@2.0.2`` in a temporary
directory (the only network access: the npm registry), unpacks the tarball there and
deletes it afterwards. With an argument it reads ``<path>/countries-50m.json`` and
``<path>/package.json`` and touches no network. Either way the package version and the
SHA-256 of the input file are checked, so the output is the same on every run.

Steps:
1. decode the TopoJSON arcs (delta-encoded, quantised) ourselves: no extra dependency;
2. simplify each *arc* once (Douglas-Peucker, 0.05 degrees), so a border shared by
   two countries is simplified identically on both sides and no gaps or overlaps open;
3. assemble the kept countries from the simplified arcs, dropping rings that collapse;
4. Crimea: Natural Earth draws the peninsula inside Russia (de facto control). The map
   shows internationally recognised borders (UN General Assembly resolution 68/262,
   27 March 2014), so the peninsula is taken out of Russia and merged into Ukraine. No
   line has to be drawn for this: in the source the peninsula is already a polygon of
   its own within Russia's MultiPolygon (the Kerch Strait separates it from the Taman
   peninsula) and its northern edge across the Perekop isthmus, the Syvash and Chonhar
   is an arc shared with Ukraine. See ``CRIMEA_BOX`` and ``split_off_crimea``;
5. Russia: move its western-hemisphere longitudes east by 360 degrees so that
   Chukotka and Wrangel Island are continuous across the 180th meridian, then
   ``make_valid(method="structure")`` merges the pieces cut at 180;
6. snap to a 0.001 degree grid (keeping geometries valid), check validity, area and
   size, and write compact GeoJSON with properties iso3, name, neighbour, role.

The output deliberately keeps longitudes above 180 for Russia (RFC 7946 asks for
-180..180); projecting with pyproj handles them, and it is what keeps Chukotka whole.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiPolygon, Polygon, mapping

PACKAGE = "world-atlas"
VERSION = "2.0.2"
SOURCE_FILE = "countries-50m.json"
SOURCE_SHA256 = "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "data" / "geo" / "countries.geojson"

SIMPLIFY_DEGREES = 0.05
GRID_DEGREES = 0.001
DECIMALS = 3
MAX_BYTES = 150_000

# iso3 -> ISO 3166-1 numeric id used by world-atlas. One table, in map order.
RUSSIA = {"RUS": "643"}
NEIGHBOURS = {
    "NOR": "578", "FIN": "246", "EST": "233", "LVA": "428", "LTU": "440",
    "POL": "616", "BLR": "112", "UKR": "804", "GEO": "268", "AZE": "031",
    "KAZ": "398", "CHN": "156", "MNG": "496", "PRK": "408",
}
DESTINATIONS = {
    "ARM": "051", "TUR": "792", "SRB": "688", "ARE": "784", "ISR": "376",
    "KGZ": "417", "UZB": "860", "TJK": "762", "TKM": "795", "MNE": "499",
    "DEU": "276", "CYP": "196",
}

# Natural Earth 4.1 Russia on the WGS84 ellipsoid is about 16.96 million km2 as that
# edition draws it, 16.93 million without Crimea; anything far off means a broken ring.
RUSSIA_AREA_KM2 = (16.6e6, 17.4e6)

# Crimea (the Autonomous Republic of Crimea and the city of Sevastopol) is drawn as part of
# Ukraine, within the borders recognised by UN General Assembly resolution 68/262 (2014),
# not inside Russia as Natural Earth's de facto line has it. The peninsula is the one
# polygon of Russia's MultiPolygon whose bounding box lies inside this box
# (min lon, min lat, max lon, max lat; degrees). In countries-50m.json it spans
# 32.51-36.57 E, 44.39-46.22 N. The east edge runs through the Kerch Strait: Russia's
# Taman peninsula begins at 36.62 E and is part of Russia's mainland polygon, which no
# box this small can contain, so it can never be picked.
CRIMEA_BOX = (32.3, 44.2, 36.6, 46.3)
# Crimea on the WGS84 ellipsoid is about 27,000 km2 (26,800 once simplified).
CRIMEA_AREA_KM2 = (25_000, 28_000)

# (lon, lat) of places whose side of the border the build checks.
IN_UKRAINE = {
    "Kyiv": (30.52, 50.45), "Simferopol": (34.10, 44.95),
    "Sevastopol": (33.52, 44.62), "Kerch": (36.47, 45.36),
}
IN_RUSSIA = {
    "Moscow": (37.62, 55.75), "Krasnodar": (38.98, 45.04),
    "Novorossiysk": (37.77, 44.72), "Taman peninsula": (36.80, 45.16),
}


def fetch_package(workdir: Path) -> Path:
    """Download the pinned npm tarball into workdir and unpack it; return the package dir."""
    spec = f"{PACKAGE}@{VERSION}"
    result = subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(workdir)],
        check=True, capture_output=True, text=True, cwd=workdir,
    )
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def read_source(package_dir: Path) -> dict:
    """Read and verify the TopoJSON file of an unpacked world-atlas package."""
    meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    if (meta.get("name"), meta.get("version")) != (PACKAGE, VERSION):
        raise SystemExit(
            f"{package_dir}: expected {PACKAGE}@{VERSION}, found "
            f"{meta.get('name')}@{meta.get('version')}"
        )
    raw = (package_dir / SOURCE_FILE).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCE_SHA256:
        raise SystemExit(f"{package_dir / SOURCE_FILE}: sha256 {digest}, expected {SOURCE_SHA256}")
    return json.loads(raw)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Turn quantised, delta-encoded TopoJSON arcs into lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify_arcs(arcs: list[list[tuple[float, float]]], tolerance: float) -> list[list[tuple[float, float]]]:
    """Simplify every arc on its own; its end points stay, so shared borders still match."""
    simplified = []
    for points in arcs:
        if len(points) > 2:
            points = list(LineString(points).simplify(tolerance, preserve_topology=False).coords)
        simplified.append(points)
    return simplified


def ring_from_arcs(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join the arcs of one ring; a negative index ~i means arc i reversed."""
    ring: list[tuple[float, float]] = []
    for index in indices:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        # consecutive arcs share their joining point
        ring.extend(points if not ring else points[1:])
    return ring


def polygon_from_rings(rings: list[list[int]], arcs) -> Polygon | None:
    shell, *holes = (ring_from_arcs(r, arcs) for r in rings)
    if len(set(shell)) < 3:
        return None  # island that vanished when simplified
    holes = [h for h in holes if len(set(h)) >= 3]
    return Polygon(shell, holes)


def geometry_from_topology(obj: dict, arcs) -> MultiPolygon:
    polygons_arcs = [obj["arcs"]] if obj["type"] == "Polygon" else obj["arcs"]
    polygons = [p for p in (polygon_from_rings(r, arcs) for r in polygons_arcs) if p is not None]
    return MultiPolygon(polygons)


def shift_east_of_antimeridian(geom):
    """Add 360 to negative longitudes (Russia's only ones are Chukotka and Wrangel)."""
    return shapely.transform(geom, lambda xy: xy + [[360.0, 0.0]] * (xy[:, :1] < 0))


def split_off_crimea(russia: MultiPolygon) -> tuple[MultiPolygon, Polygon]:
    """Return Russia without Crimea, and Crimea, from Russia's unshifted MultiPolygon."""
    xmin, ymin, xmax, ymax = CRIMEA_BOX
    inside, rest = [], []
    for part in shapely.get_parts(russia):
        x0, y0, x1, y1 = part.bounds
        (inside if xmin <= x0 and ymin <= y0 and x1 <= xmax and y1 <= ymax else rest).append(part)
    if len(inside) != 1:
        raise SystemExit(f"expected one Russian polygon inside CRIMEA_BOX, found {len(inside)}")
    crimea = inside[0]
    area_km2 = abs(Geod(ellps="WGS84").geometry_area_perimeter(crimea)[0]) / 1e6
    if not CRIMEA_AREA_KM2[0] <= area_km2 <= CRIMEA_AREA_KM2[1]:
        raise SystemExit(f"Crimea polygon is {area_km2:.0f} km2, outside {CRIMEA_AREA_KM2}")
    for place in ("Simferopol", "Sevastopol", "Kerch"):
        if not crimea.contains(shapely.Point(IN_UKRAINE[place])):
            raise SystemExit(f"the polygon taken for Crimea does not contain {place}")
    return MultiPolygon(rest), crimea


def clean(geom):
    """Make valid, snap to the output grid, keep only the polygonal part."""
    geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    geom = shapely.set_precision(geom, GRID_DEGREES)
    if geom.geom_type == "GeometryCollection":
        geom = MultiPolygon([g for g in shapely.get_parts(geom) if g.geom_type == "Polygon"])
    return geom


def rounded(coords):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], float):
        return [round(c, DECIMALS) for c in coords]
    return [rounded(c) for c in coords]


def build(topology: dict) -> dict:
    arcs = simplify_arcs(decode_arcs(topology), SIMPLIFY_DEGREES)
    by_id = {g.get("id"): g for g in topology["objects"]["countries"]["geometries"]}
    roles = (
        [(iso3, num, "russia") for iso3, num in RUSSIA.items()]
        + [(iso3, num, "neighbour") for iso3, num in NEIGHBOURS.items()]
        + [(iso3, num, "destination") for iso3, num in DESTINATIONS.items()]
    )
    geometries = {iso3: geometry_from_topology(by_id[numeric], arcs) for iso3, numeric, _ in roles}
    geometries["RUS"], crimea = split_off_crimea(geometries["RUS"])
    # Both sides of the Perekop-Chonhar line come from the same arcs, so the union
    # dissolves it exactly and leaves no sliver.
    geometries["UKR"] = shapely.union_all([*shapely.get_parts(geometries["UKR"]), crimea])
    features = []
    for iso3, numeric, role in roles:
        obj = by_id[numeric]
        geom = geometries[iso3]
        if iso3 == "RUS":
            geom = shift_east_of_antimeridian(geom)
        geom = clean(geom)
        if not geom.is_valid or geom.is_empty:
            raise SystemExit(f"{iso3}: geometry invalid or empty after cleaning")
        features.append({
            "type": "Feature",
            "properties": {
                "iso3": iso3,
                "name": obj["properties"]["name"],
                "neighbour": role == "neighbour",
                "role": role,
            },
            "geometry": {"type": geom.geom_type, "coordinates": rounded(mapping(geom)["coordinates"])},
        })
    return {"type": "FeatureCollection", "features": features}


def check(collection: dict, text: str) -> None:
    """Fail loudly if the result is not what the map needs."""
    russia = next(f for f in collection["features"] if f["properties"]["iso3"] == "RUS")
    geom = shapely.geometry.shape(russia["geometry"])
    area_km2 = abs(Geod(ellps="WGS84").geometry_area_perimeter(geom)[0]) / 1e6
    minx, _, maxx, _ = geom.bounds
    print(f"Russia: {area_km2 / 1e6:.3f} million km2, lon {minx:.2f}..{maxx:.2f}")
    if not RUSSIA_AREA_KM2[0] <= area_km2 <= RUSSIA_AREA_KM2[1]:
        raise SystemExit(f"Russia area {area_km2:.0f} km2 outside {RUSSIA_AREA_KM2}")
    if maxx <= 180:
        raise SystemExit("Russia does not reach east of 180: Chukotka was lost")
    ukraine = shapely.geometry.shape(
        next(f for f in collection["features"] if f["properties"]["iso3"] == "UKR")["geometry"]
    )
    for expected, places in (("UKR", IN_UKRAINE), ("RUS", IN_RUSSIA)):
        for place, lonlat in places.items():
            found = [iso3 for iso3, g in (("UKR", ukraine), ("RUS", geom)) if g.contains(shapely.Point(lonlat))]
            if found != [expected]:
                raise SystemExit(f"{place} {lonlat} falls in {found or 'no country'}, expected {expected}")
    size = len(text.encode("utf-8"))
    print(f"{len(collection['features'])} features, {size} bytes")
    if size >= MAX_BYTES:
        raise SystemExit(f"output is {size} bytes, limit {MAX_BYTES}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package_dir", nargs="?", type=Path,
                        help=f"unpacked {PACKAGE}@{VERSION} folder; omitted: fetch with npm pack")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    if args.package_dir is not None:
        topology = read_source(args.package_dir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            topology = read_source(fetch_package(Path(tmp)))

    collection = build(topology)
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n"
    check(collection, text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
