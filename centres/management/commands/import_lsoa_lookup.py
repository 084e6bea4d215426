from __future__ import annotations

from centres.imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import the ONS LSOA 2011 to 2021 lookup (CSV): LSOAs of both vintages, their names, and the links."
    kind = "lsoa_lookup"
