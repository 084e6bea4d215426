from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone


@shared_task(
    name="outcomes.tasks.run_refresh",
    autoretry_for=(OperationalError, InterfaceError),  # a lost database connection: try again
    retry_backoff=True,
    max_retries=5,
    acks_late=True,  # safe: the refresh is idempotent (upserts), so a redelivery only repeats it
)
def run_refresh(run_id: int) -> int:
    from outcomes.indicators.refresh import refresh_run

    return refresh_run(run_id=run_id).steps_done


@shared_task(name="outcomes.tasks.nightly_refresh")
def nightly_refresh() -> list[int]:
    """Beat's nightly job: the current and the previous month, quarter and financial year."""
    from outcomes.indicators.refresh import NIGHTLY_KINDS, current_and_previous, refresh_request

    today = timezone.localdate()
    return [refresh_request(user=None, period_kind=k, periods=current_and_previous(k, today)).pk for k in NIGHTLY_KINDS]
