"""GET /healthz: is the database, the cache and the Celery broker reachable? For load balancers
and monitoring: 200 when all are up, 503 when any is down. No login, no personal data."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "engine": connection.vendor}


def check_cache() -> dict[str, str]:
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value it was given")
    return {"status": "ok"}


def check_broker() -> dict[str, str]:
    from config.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "ok", "mode": "eager (tasks run in the web process)"}
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    result: dict[str, str] = {"status": "ok", "mode": "broker"}
    # Report the newest worker heartbeat: a broker with no worker still means stale figures.
    from centres.models import WorkerHeartbeat

    newest = WorkerHeartbeat.objects.order_by("-last_seen").first()
    if newest is None:
        result["workers"] = "no heartbeat yet"
    else:
        age = timezone.now() - newest.last_seen
        stale = age > timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS)
        result["workers"] = f"last heartbeat {int(age.total_seconds())}s ago" + (" (stale)" if stale else "")
    return result


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report: dict[str, dict[str, str]] = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:
            logger.warning("healthz: %s is down: %s", name, exc.__class__.__name__)
            report[name] = {"status": "down", "error": exc.__class__.__name__}
            healthy = False
    return JsonResponse({"status": "ok" if healthy else "down", "checks": report}, status=200 if healthy else 503)
