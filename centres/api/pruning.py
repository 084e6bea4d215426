"""Keep the API's own tables small: idempotency keys live a day (a retry after that is a new
request), and the call log is kept for a retention period and then deleted.

The call log refuses deletes (ApiCallQuerySet): this retention purge is the one sanctioned
way to remove rows, by age only, in batches so that a long backlog never holds one huge lock.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from centres.models import ApiCall, IdempotencyKey

BATCH = 10_000


def api_tables_prune() -> tuple[int, int]:
    """Delete expired idempotency keys and old API calls. Returns (keys, calls) deleted."""
    now = timezone.now()
    keys, _ = IdempotencyKey.objects.filter(
        created_at__lt=now - timedelta(hours=settings.API_IDEMPOTENCY_KEY_HOURS)
    ).delete()
    old = ApiCall.objects.filter(at__lt=now - timedelta(days=settings.API_CALL_RETENTION_DAYS))
    calls = 0
    while ids := list(old.values_list("pk", flat=True)[:BATCH]):
        deleted, _ = models.QuerySet.delete(ApiCall.objects.filter(pk__in=ids))  # bypasses the append-only guard
        calls += deleted
    return keys, calls
