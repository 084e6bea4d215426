from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from outcomes.indicators.engine import compute_period
from outcomes.indicators.periods import recent_periods
from outcomes.models import PeriodKind


class Command(BaseCommand):
    help = "Compute the indicators for recent periods, here and now (no worker needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=PeriodKind.values, action="append", help="Default: all three kinds.")
        parser.add_argument("--periods", type=int, default=8, help="How many recent periods of each kind (default 8).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        for kind in options["kind"] or PeriodKind.values:
            started = time.monotonic()
            rows = sum(compute_period(period=p) for p in recent_periods(kind, options["periods"], until=today))
            self.stdout.write(
                f"{kind}: {rows:,} figures for {options['periods']} periods in {time.monotonic() - started:.1f}s"
            )
