from __future__ import annotations

import socket

from celery import shared_task
from django.utils import timezone

from centres.imports.tasks import apply_reference_import  # noqa: F401 - registered for Celery autodiscovery
from centres.models import WorkerHeartbeat


@shared_task(name="centres.tasks.worker_heartbeat")
def worker_heartbeat(hostname: str | None = None) -> str:
    """Record that a worker is alive; beat runs it every minute and /healthz reads it.

    Idempotent: one row per host, moved forward each time.
    """
    host = hostname or socket.gethostname()
    WorkerHeartbeat.objects.update_or_create(hostname=host, defaults={"last_seen": timezone.now()})
    return host


@shared_task(name="centres.tasks.prune_api_tables")
def prune_api_tables() -> dict[str, int]:
    """Nightly: expired idempotency keys and API calls past their retention. Idempotent."""
    from centres.api.pruning import api_tables_prune

    keys, calls = api_tables_prune()
    return {"idempotency_keys": keys, "api_calls": calls}
