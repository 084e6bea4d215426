"""LSOA boundaries for the reach-area map: a GeoJSON FeatureCollection (as the ONS Open
Geography Portal exports it) whose features' properties carry `LSOA21CD` or `LSOA11CD`; the
property name gives the boundaries' vintage. Each geometry (Polygon or MultiPolygon) is stored
in `LSOA.boundary` of an LSOA already imported; features of other LSOAs are skipped and counted.

Kept simple: the file is read whole with `json`, so use the generalised (BGC or BSC) edition,
cut down to the authority and its neighbours (for example with ogr2ogr), not the full-resolution
national file. Rows are "features", numbered from 1 in the order of the file.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from centres.imports.base import Importer
from centres.imports.errors import ImportFileError, RowError, SkipRow
from centres.imports.tables import Source, open_binary
from centres.imports.values import lsoa_code
from centres.models import LSOA
from centres.models.areas import Vintage

CODE_PROPERTIES = {"lsoa21cd": Vintage.V2021, "lsoa11cd": Vintage.V2011}
GEOMETRIES = ("Polygon", "MultiPolygon")


@dataclass(slots=True)
class BoundaryRow:
    code: str
    geometry: dict[str, Any]


class BoundaryImporter(Importer[BoundaryRow]):
    kind = "boundaries"
    extensions = (".geojson", ".json")
    row_word = "feature"

    @contextmanager
    def _features(self, source: Source) -> Iterator[Iterator[tuple[int, Any]]]:
        with open_binary(source) as binary:
            try:
                data = json.loads(binary.read().decode("utf-8-sig"))
            except (UnicodeDecodeError, ValueError) as exc:
                raise ImportFileError(f"the file is not GeoJSON: {exc}") from None
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            raise ImportFileError("the file is not a GeoJSON FeatureCollection")
        features = data.get("features")
        if not isinstance(features, list):
            raise ImportFileError("the FeatureCollection has no list of features")
        self.vintage = self._vintage(features)
        self.summary.about["LSOA boundaries"] = str(self.vintage)
        yield iter(enumerate(features, start=1))

    def rows(self, source: Source) -> AbstractContextManager[Iterator[tuple[int, Any]]]:
        return self._features(source)

    @staticmethod
    def _vintage(features: list[Any]) -> int:
        for feature in features[:1]:
            properties = feature.get("properties") if isinstance(feature, dict) else None
            for name in properties or {}:
                if str(name).lower() in CODE_PROPERTIES:
                    return int(CODE_PROPERTIES[str(name).lower()])
            raise ImportFileError("feature 1 has no “LSOA21CD” or “LSOA11CD” property")
        return int(Vintage.V2021)

    def parse(self, raw: Any) -> BoundaryRow:
        if not isinstance(raw, dict):
            raise RowError("is not a GeoJSON feature")
        properties = {str(name).lower(): value for name, value in (raw.get("properties") or {}).items()}
        wanted = "lsoa21cd" if self.vintage == Vintage.V2021 else "lsoa11cd"
        if wanted not in properties:
            raise RowError(f"has no “{wanted.upper()}” property")
        code = lsoa_code(str(properties[wanted] or ""), what=wanted.upper())
        if code is None:
            raise SkipRow("not an English or Welsh LSOA")
        geometry = raw.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRIES:
            raise RowError("has no Polygon or MultiPolygon geometry")
        if not isinstance(geometry.get("coordinates"), list):
            raise RowError("has a geometry without coordinates")
        return BoundaryRow(code=code, geometry=geometry)

    def key(self, record: BoundaryRow) -> Hashable:
        return record.code

    def describe(self, record: BoundaryRow) -> str:
        return f"{record.geometry['type']} boundary"

    def write(self, batch: list[BoundaryRow]) -> None:
        existing = {
            lsoa.code: lsoa for lsoa in LSOA.objects.filter(vintage=self.vintage, code__in=[r.code for r in batch])
        }
        for row in batch:
            if row.code not in existing:
                self.summary.skip("LSOA not imported yet")
        self.upsert(
            model=LSOA,
            existing=existing,
            items=[(row.code, row, {"boundary": row.geometry}) for row in batch if row.code in existing],
            build=None,
        )
