from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from centres.imports.command import ImportCommand
from centres.models.areas import DeprivationRelease


class Command(ImportCommand):
    help = "Import the English Indices of Deprivation file 1, 2 or 3 (CSV): IMD and IDACI rank and decile per LSOA."
    kind = "deprivation"

    def add_import_options(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--release",
            choices=DeprivationRelease.values,
            help="iod2019 or iod2025 (default: from the year in the LSOA code heading).",
        )

    def import_options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"release": options["release"] or ""}
