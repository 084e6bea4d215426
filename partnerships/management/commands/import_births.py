"""`manage.py import_births FILE [--dry-run] [--no-progress]`: load a file of birth
notifications from health and match it to registered children (layout: partnerships.births)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from tqdm import tqdm

from centres.imports.command import ImportCommand
from centres.imports.errors import ImportFileError
from partnerships.births import BirthNotificationImporter, birth_import_file


class Command(ImportCommand):
    help = "Import birth notifications from health (CSV) and match them to registered children."
    kind = BirthNotificationImporter.kind

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with tqdm(desc=path.name, unit=" rows", file=sys.stderr, disable=options["no_progress"]) as bar:
            try:
                summary = birth_import_file(path_or_file=path, dry_run=options["dry_run"], progress=bar.update)
            except ImportFileError as exc:
                raise CommandError(f"{path.name}: {exc}. Nothing was changed.") from exc
        prefix = "Dry run, nothing saved: " if summary.dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{path.name}: {summary.rows:,} rows read; {summary}"))
        for label, value in summary.about.items():
            self.stdout.write(f"  {label}: {value}")
