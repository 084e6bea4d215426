from __future__ import annotations

import logging

from celery import shared_task

from partnerships.births import birth_import_apply, match_births

logger = logging.getLogger(__name__)


@shared_task(name="partnerships.tasks.apply_birth_import")
def apply_birth_import(import_id: int) -> str:
    """Apply a previewed birth-notification upload. Idempotent: an import already applied (or
    failed) is left as it is."""
    return birth_import_apply(import_id=import_id).status


@shared_task(name="partnerships.tasks.match_birth_notifications")
def match_birth_notifications() -> int:
    """Match the births still unmatched to children registered since (beat runs it nightly).
    Idempotent: a matched birth or child is never matched again."""
    counts = match_births()
    logger.info("births: matched %s", dict(counts))
    return sum(counts.values())
