from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from centres.imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import the ONS Postcode Directory (ONSPD) or NSPL CSV: postcode, LSOAs, local authority, termination."
    kind = "postcodes"

    def add_import_options(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--local-authority",
            action="append",
            default=[],
            metavar="CODE",
            help="Keep only the postcodes of this local authority (repeat, or separate with commas).",
        )

    def import_options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"local_authorities": options["local_authority"]}
