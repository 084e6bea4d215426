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
