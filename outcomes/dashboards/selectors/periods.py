"""The period a dashboard shows, read from its address and written back into links."""

from __future__ import annotations

from datetime import date
from typing import Any

from outcomes.indicators.periods import Period, period_containing
from outcomes.models.indicators import PeriodKind

TREND_PERIODS = 8


def period_from(params: Any, *, default_kind: str) -> Period:
    """The period a dashboard's address asks for (?kind=quarter&period=2026-04-01); anything
    unreadable falls back to the current period of the kind."""
    from django.utils import timezone

    kind = params.get("kind", default_kind)
    if kind not in PeriodKind.values:
        kind = default_kind
    try:
        day = date.fromisoformat(params.get("period", ""))
    except ValueError:
        day = timezone.localdate()
    return period_containing(kind, day)


def period_query(period: Period) -> str:
    return f"?kind={period.kind}&period={period.start:%Y-%m-%d}"
