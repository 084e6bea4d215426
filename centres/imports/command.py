"""What the five `import_*` management commands share: the file argument, --dry-run, a tqdm
progress bar on stderr, the summary on stdout, and a non-zero exit with the reason when the file
cannot be imported (nothing is changed then)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from centres.imports.errors import ImportFileError
from centres.imports.service import import_file


class ImportCommand(BaseCommand):
    kind: ClassVar[str]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The file, in the layout its publisher uses.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would change, then roll back."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (for logs).")
        self.add_import_options(parser)

    def add_import_options(self, parser: CommandParser) -> None:
        """Arguments of one kind of file."""

    def import_options(self, options: dict[str, Any]) -> dict[str, Any]:
        """The service's options from the parsed arguments."""
        return {}

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with tqdm(desc=path.name, unit=" rows", file=sys.stderr, disable=options["no_progress"]) as bar:
            try:
                summary = import_file(
                    kind=self.kind,
                    path_or_file=path,
                    options=self.import_options(options),
                    dry_run=options["dry_run"],
                    progress=bar.update,
                )
            except ImportFileError as exc:
                raise CommandError(f"{path.name}: {exc}. Nothing was changed.") from exc
        about = "".join(f"; {label.lower()} {value}" for label, value in summary.about.items())
        prefix = "Dry run, nothing saved: " if summary.dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{path.name}: {summary.rows:,} rows read{about}; {summary}"))
        for example in summary.examples:
            self.stdout.write(f"  {example['change']} {example['key']}: {example['detail']}")
