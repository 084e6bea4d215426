"""The way in for a birth-notification file: the command, and the upload screen's preview
and apply (the same life as centres.imports.service's reference files)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction

from centres.audit import audit_record
from centres.imports.base import ImportSummary
from centres.imports.tables import Source
from centres.imports.uploads import RESULT_FIELDS, upload_apply_previewed, upload_keep, upload_run
from centres.models import ApiClient, AuditEvent, User
from partnerships.births.importer import FIELDS, BirthNotificationImporter
from partnerships.models import BirthImport


def birth_import_file(
    *,
    path_or_file: Source,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    birth_import_id: int | None = None,
    today: date | None = None,
) -> ImportSummary:
    """Import a file of birth notifications, all or nothing, and match them. `dry_run` does
    everything and rolls it back. Raises ImportFileError, having changed nothing."""
    summary = ImportSummary(kind=BirthNotificationImporter.kind, dry_run=dry_run)
    options = {"birth_import_id": birth_import_id, "today": today}
    importer = BirthNotificationImporter(options=options, summary=summary)
    with transaction.atomic():
        importer.run(path_or_file, progress=progress)
        if dry_run:
            transaction.set_rollback(True)
    return summary


@transaction.atomic
def birth_import_preview(*, upload: UploadedFile, user: User) -> BirthImport:
    """Keep the uploaded file and check it with a dry run: `previewed` with what applying it
    would do, or `failed` with the reason."""
    birth_import = BirthImport(uploaded_by=user)
    upload_keep(birth_import, upload)
    upload_run(birth_import, partial(birth_import_file, path_or_file=birth_import.file, dry_run=True), apply=False)
    birth_import.full_clean()
    birth_import.save()
    audit_record(user=user, action=AuditEvent.Action.CREATE, obj=birth_import, detail="Birth notifications uploaded")
    return birth_import


def birth_import_apply(*, import_id: int) -> BirthImport:
    """Apply a previewed upload. Idempotent: one already applied (or failed) is left alone."""

    def apply(birth_import: BirthImport) -> None:
        _apply(birth_import)
        audit_record(
            user=None,
            action=AuditEvent.Action.UPDATE,
            obj=birth_import,
            detail=f"Birth notifications {birth_import.status}",
        )

    return upload_apply_previewed(BirthImport, import_id=import_id, apply=apply)


@transaction.atomic
def birth_import_now(*, upload: UploadedFile, api_client: ApiClient) -> BirthImport:
    """Health's system uploads through the API: the file is kept and applied (and matched) at
    once, `applied` or `failed` with the reason and nothing changed; audited like an upload."""
    birth_import = BirthImport(api_client=api_client)
    upload_keep(birth_import, upload)
    birth_import.full_clean()
    birth_import.save()
    _apply(birth_import)
    audit_record(
        user=api_client,
        action=AuditEvent.Action.CREATE,
        obj=birth_import,
        detail=f"Birth notifications uploaded through the API: {birth_import.status}",
    )
    return birth_import


def birth_import_rows(*, rows: Iterable[Mapping[str, str]], api_client: ApiClient) -> BirthImport:
    """Notifications sent as rows of fields (the API's JSON) rather than a file: kept as the CSV
    they make, with the columns by their own names, and applied as an uploaded file is."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=FIELDS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("birth-notifications.csv", text.getvalue().encode(), content_type="text/csv")
    return birth_import_now(upload=upload, api_client=api_client)


def _apply(birth_import: BirthImport) -> None:
    """Apply the kept file: `applied` with its summary, or `failed` with the reason and nothing
    of the file written (the import runs in a savepoint of its own)."""
    upload_run(birth_import, partial(_import_in_savepoint, birth_import), apply=True)
    birth_import.save(update_fields=RESULT_FIELDS)


@transaction.atomic
def _import_in_savepoint(birth_import: BirthImport) -> ImportSummary:
    return birth_import_file(path_or_file=birth_import.file, birth_import_id=birth_import.pk)
