"""A map of a reach area drawn as inline SVG on the server from the LSOAs' GeoJSON boundaries:
no map library, no tiles from elsewhere, nothing for the Content-Security-Policy to allow."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

WIDTH = 640

# Deciles 1 (most deprived) to 10, dark to light: readable in greyscale too.
DECILE_FILL = {
    1: "#4a1486",
    2: "#6a51a3",
    3: "#807dba",
    4: "#9e9ac8",
    5: "#bcbddc",
    6: "#dadaeb",
    7: "#e7e7f3",
    8: "#f0f0f7",
    9: "#f7f7fb",
    10: "#ffffff",
}


def _rings(geometry: dict[str, Any]) -> Iterator[list[list[float]]]:
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coordinates
    elif kind == "MultiPolygon":
        for polygon in coordinates:
            yield from polygon


def reach_area_map(rows: Iterable[dict[str, Any]], boundaries: dict[int, Any]) -> dict[str, Any] | None:
    """The SVG view box and one path per LSOA, or None if no LSOA has a boundary."""
    shapes = []
    for row in rows:
        geometry = boundaries.get(row["pk"])
        if isinstance(geometry, dict) and geometry.get("type") == "Feature":
            geometry = geometry.get("geometry")
        if not isinstance(geometry, dict):
            continue
        rings = [ring for ring in _rings(geometry) if len(ring) >= 3]
        if rings:
            shapes.append((row, rings))
    if not shapes:
        return None
    points = [point for _, rings in shapes for ring in rings for point in ring]
    min_x = min(p[0] for p in points)
    max_x = max(p[0] for p in points)
    min_y = min(p[1] for p in points)
    max_y = max(p[1] for p in points)
    # Longitude shrinks with latitude: scale x by cos(latitude) so shapes are not stretched.
    squash = math.cos(math.radians((min_y + max_y) / 2))
    span_x = max((max_x - min_x) * squash, 1e-9)
    span_y = max(max_y - min_y, 1e-9)
    scale = WIDTH / span_x
    height = round(span_y * scale)

    def project(point: list[float]) -> str:
        return f"{(point[0] - min_x) * squash * scale:.1f},{(max_y - point[1]) * scale:.1f}"

    paths = []
    for row, rings in shapes:
        d = " ".join("M" + " L".join(project(p) for p in ring) + " Z" for ring in rings)
        decile: int | None = row.get("dep__imd_decile")
        paths.append(
            {
                "d": d,
                "fill": DECILE_FILL.get(decile or 0, "#b1b4b6"),
                "code": row["code"],
                "name": row["name"],
                "decile": decile,
            }
        )
    return {"width": WIDTH, "height": max(height, 1), "paths": paths}
