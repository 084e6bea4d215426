from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from centres.imports.command import ImportCommand
from centres.models.areas import Vintage


class Command(ImportCommand):
    help = "Import ONS mid-year population estimates by LSOA and single year of age (CSV or .xlsx): ages 0 to 4."
    kind = "population"

    def add_import_options(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The mid-year of the estimates, e.g. 2024.")
        parser.add_argument(
            "--vintage",
            type=int,
            choices=Vintage.values,
            help="LSOA boundaries, 2011 or 2021 (default: from the LSOA code heading; a plain 'LSOA Code' is 2011).",
        )
        parser.add_argument("--sheet", default="", help="The workbook's sheet (default: the first).")

    def import_options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"year": options["year"], "vintage": options["vintage"], "sheet": options["sheet"]}
