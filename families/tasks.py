from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from families.models import Family
from families.services.privacy import families_due_for_anonymisation, family_anonymise

logger = logging.getLogger(__name__)

BATCH = 500


@shared_task(name="families.tasks.anonymise_expired_families")
def anonymise_expired_families() -> int:
    """Anonymise every family past its retention period (beat runs it daily).

    Idempotent: each family is anonymised in its own transaction and at most once, so a run
    that stops half way (or two that overlap) leaves nothing half done, and the next run
    carries on. Returns how many families it anonymised.
    """
    today = timezone.localdate()
    done = 0
    last_pk = 0
    while True:
        # Ids in batches from where the last batch ended: bounded memory, and a family that
        # could not be anonymised is not picked up again and again in the same run.
        ids = list(families_due_for_anonymisation(on=today).filter(pk__gt=last_pk).values_list("pk", flat=True)[:BATCH])
        if not ids:
            break
        for family in Family.objects.filter(pk__in=ids).order_by("pk"):
            if family_anonymise(family=family, on=today):
                done += 1
        last_pk = ids[-1]
    logger.info("retention: anonymised %s families", done)
    return done
