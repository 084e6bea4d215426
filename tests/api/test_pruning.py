"""The nightly prune of the API's idempotency keys and call log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from centres.models import ApiCall, IdempotencyKey
from centres.tasks import prune_api_tables
from tests.api.factories import ApiClientFactory

pytestmark = pytest.mark.django_db


def test_it_deletes_expired_keys_and_calls_past_retention_only(settings):
    settings.API_IDEMPOTENCY_KEY_HOURS = 24
    settings.API_CALL_RETENTION_DAYS = 400
    client = ApiClientFactory()
    now = timezone.now()
    for key, hours in (("old", 25), ("fresh", 23)):
        row = IdempotencyKey.objects.create(
            client=client, key=key, method="POST", path="/", request_hash="x", response_status=201
        )
        IdempotencyKey.objects.filter(pk=row.pk).update(created_at=now - timedelta(hours=hours))
    for days in (401, 399):
        ApiCall.objects.create(
            client=client, method="GET", path="/", status_code=200, duration_ms=1, at=now - timedelta(days=days)
        )

    assert prune_api_tables.delay().get() == {"idempotency_keys": 1, "api_calls": 1}
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["fresh"]
    assert ApiCall.objects.get().at > now - timedelta(days=400)
    # Run again: nothing left to do.
    assert prune_api_tables() == {"idempotency_keys": 0, "api_calls": 0}


def test_the_call_log_still_refuses_other_deletes():
    with pytest.raises(PermissionError):
        ApiCall.objects.all().delete()


def test_it_is_on_the_nightly_schedule():
    assert settings.CELERY_BEAT_SCHEDULE["prune-api-tables"]["task"] == "centres.tasks.prune_api_tables"
