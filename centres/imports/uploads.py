"""The steps every uploaded file goes through, whatever it holds (reference data here, birth
notifications in partnerships.births): keep the file on its record, run the import over it and
note on the record how that went, and apply a previewed upload once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from centres.imports.base import ImportSummary
from centres.imports.errors import ImportFileError
from centres.models.imports import UploadedImport

UploadT = TypeVar("UploadT", bound=UploadedImport)

# What running the import changes on the record (saved with update_fields on an applied upload).
RESULT_FIELDS = ["status", "error", "summary", "applied_at"]


def upload_keep(record: UploadedImport, upload: UploadedFile) -> None:
    """Keep the uploaded file on the (unsaved) record, under the name it was chosen by."""
    original = Path(upload.name or "upload").name
    record.original_filename = original[:255]
    record.file.save(original, upload, save=False)


def upload_run(record: UploadedImport, run: Callable[[], ImportSummary], *, apply: bool) -> None:
    """Run the import (`run`) and note how it went, without saving: `previewed` (a dry run) or
    `applied` with the summary, or `failed` with the reason (the import changed nothing)."""
    try:
        summary = run()
    except ImportFileError as exc:
        record.status = UploadedImport.Status.FAILED
        record.error = str(exc)
        return
    record.summary = summary.as_dict()
    if apply:
        record.status = UploadedImport.Status.APPLIED
        record.applied_at = timezone.now()
    else:
        record.status = UploadedImport.Status.PREVIEWED


def upload_apply_previewed(model: type[UploadT], *, import_id: int, apply: Callable[[UploadT], None]) -> UploadT:
    """Apply a previewed upload, with its row locked so that two workers cannot both apply it.
    Idempotent: an upload already applied (or failed) is left as it is. `apply` runs inside the
    transaction, so what it writes and the record's new status commit together."""
    with transaction.atomic():
        record = model._default_manager.select_for_update().get(pk=import_id)
        if record.status == UploadedImport.Status.PREVIEWED:
            apply(record)
    return record
