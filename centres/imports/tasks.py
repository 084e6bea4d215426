from __future__ import annotations

from celery import shared_task

from centres.imports.service import reference_import_apply


@shared_task(name="centres.imports.tasks.apply_reference_import")
def apply_reference_import(import_id: int) -> str:
    """Apply a previewed reference-data upload. Idempotent: an import already applied (or
    failed) is left as it is, so a repeated or retried task does nothing."""
    return reference_import_apply(import_id=import_id).status
