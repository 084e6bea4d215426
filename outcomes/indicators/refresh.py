"""Refreshing the stored indicators: on demand (a manager's button, a command) and nightly."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from outcomes.indicators.engine import compute_period
from outcomes.indicators.periods import Period, period_containing, period_starting
from outcomes.models import PeriodKind, RefreshRun

NIGHTLY_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)


def current_and_previous(kind: str, today: date) -> list[Period]:
    current = period_containing(kind, today)
    return [current.previous(), current]


def refresh_request(*, user: Any, period_kind: str, periods: list[Period]) -> RefreshRun:
    """Record a refresh and hand it to a worker once the record is committed."""
    from outcomes.tasks import run_refresh

    run = RefreshRun.objects.create(
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        period_kind=period_kind,
        periods=[p.start.isoformat() for p in periods],
        steps_total=len(periods),
    )
    transaction.on_commit(lambda: run_refresh.delay(run.pk))
    return run


def refresh_run(*, run_id: int) -> RefreshRun:
    """Compute each period of the run, counting progress. Idempotent: a finished run is left
    alone, and computing a period again replaces its snapshots (upsert)."""
    run = RefreshRun.objects.get(pk=run_id)
    if run.status == RefreshRun.Status.DONE:
        return run
    RefreshRun.objects.filter(pk=run.pk).update(status=RefreshRun.Status.RUNNING, started_at=timezone.now(), error="")
    try:
        for number, start in enumerate(run.periods, start=1):
            # A period's snapshots and the progress that counts it commit together.
            with transaction.atomic():
                compute_period(period=period_starting(run.period_kind, date.fromisoformat(start)))
                RefreshRun.objects.filter(pk=run.pk).update(steps_done=number)
    except Exception as error:
        RefreshRun.objects.filter(pk=run.pk).update(
            status=RefreshRun.Status.FAILED, finished_at=timezone.now(), error=error.__class__.__name__
        )
        raise
    RefreshRun.objects.filter(pk=run.pk).update(status=RefreshRun.Status.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    return run


def last_refresh() -> RefreshRun | None:
    return RefreshRun.objects.filter(status=RefreshRun.Status.DONE).order_by("-finished_at").first()
