from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from centres.demo import SCALES, generate
from centres.models import Centre


class Command(BaseCommand):
    help = "Generate a synthetic local authority: centres, staff for every role, families and children."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data (default 2026).")
        parser.add_argument(
            "--as-of", type=date.fromisoformat, default=None, help="Date the data is built around (default today)."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database already has centres (make run)."
        )
        parser.add_argument(
            "--allow-production", action="store_true", help="Run even with DEBUG off (the demo password is public)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("Refusing to load demo accounts with DEBUG off; pass --allow-production if you mean it.")
        if Centre.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demo data: the database already has data, nothing loaded.")
                return
            raise CommandError("The database already has centres; the demo loads into an empty database only.")
        started = time.monotonic()
        counts = generate(
            scale=options["scale"],
            seed=options["seed"],
            as_of=options["as_of"] or timezone.localdate(),
            log=lambda line: self.stdout.write(line),
        )
        summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the {options['scale']} authority in {time.monotonic() - started:.1f}s: {summary}"
            )
        )
