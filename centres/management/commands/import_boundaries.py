from __future__ import annotations

from centres.imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import LSOA boundaries from a GeoJSON FeatureCollection with LSOA21CD or LSOA11CD properties."
    kind = "boundaries"
