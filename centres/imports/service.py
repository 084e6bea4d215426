"""The way in for every reference file: `import_file` (commands and screen), and the upload
screen's preview and apply."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from centres.imports.base import Importer, ImportSummary
from centres.imports.boundaries import BoundaryImporter
from centres.imports.deprivation import DeprivationImporter
from centres.imports.errors import ImportFileError
from centres.imports.lsoa_lookup import LSOALookupImporter
from centres.imports.population import PopulationImporter
from centres.imports.postcodes import PostcodeImporter
from centres.imports.tables import Source
from centres.imports.uploads import RESULT_FIELDS, upload_apply_previewed, upload_keep, upload_run
from centres.models import ApiClient, ReferenceImport, User

Kind = ReferenceImport.Kind

IMPORTERS: dict[str, type[Importer[Any]]] = {
    Kind.POSTCODES: PostcodeImporter,
    Kind.DEPRIVATION: DeprivationImporter,
    Kind.POPULATION: PopulationImporter,
    Kind.LSOA_LOOKUP: LSOALookupImporter,
    Kind.BOUNDARIES: BoundaryImporter,
}


def import_file(
    *,
    kind: str,
    path_or_file: Source,
    options: Mapping[str, Any] | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import one reference file in its publisher's layout, all or nothing.

    `options`: `local_authorities` (postcodes), `release` (deprivation), `year`, `vintage` and
    `sheet` (population). `dry_run` does everything and rolls it back: the same summary, nothing
    kept. `progress` is called with the number of rows read since its last call. Raises
    ImportFileError, having changed nothing, for a missing column or a bad row.
    """
    if kind not in IMPORTERS:
        raise ImportFileError(f"“{kind}” is not a kind of reference file")
    summary = ImportSummary(kind=kind, dry_run=dry_run)
    importer = IMPORTERS[kind](options=dict(options or {}), summary=summary)
    with transaction.atomic():
        importer.run(path_or_file, progress=progress)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def allowed_extensions(kind: str) -> tuple[str, ...]:
    return IMPORTERS[kind].extensions


@transaction.atomic
def reference_import_preview(
    *, kind: str, upload: UploadedFile, options: Mapping[str, Any], user: User
) -> ReferenceImport:
    """Keep the uploaded file and check it with a dry run. The import is `previewed` with the
    summary of what applying it would do, or `failed` with the reason."""
    reference = ReferenceImport(kind=kind, uploaded_by=user, options=dict(options))
    upload_keep(reference, upload)
    upload_run(reference, partial(_import_kept, reference, dry_run=True), apply=False)
    reference.full_clean()
    reference.save()
    return reference


def reference_import_apply(*, import_id: int) -> ReferenceImport:
    """Apply a previewed import for real. Idempotent: an import that is already applied (or
    failed) is left as it is. The rows and the `applied` status commit together."""

    def apply(reference: ReferenceImport) -> None:
        upload_run(reference, partial(_import_kept, reference), apply=True)
        reference.save(update_fields=RESULT_FIELDS)

    return upload_apply_previewed(ReferenceImport, import_id=import_id, apply=apply)


@transaction.atomic
def reference_import_now(
    *, kind: str, upload: UploadedFile, options: Mapping[str, Any], api_client: ApiClient
) -> ReferenceImport:
    """An API client's upload: kept and applied at once (the client is a program: there is no
    one to look at a preview). `applied` with the summary, or `failed` with the reason and
    nothing changed; recorded like a screen upload either way."""
    reference = ReferenceImport(kind=kind, api_client=api_client, options=dict(options))
    upload_keep(reference, upload)
    upload_run(reference, partial(_import_kept, reference), apply=True)
    reference.full_clean()
    reference.save()
    return reference


def _import_kept(reference: ReferenceImport, *, dry_run: bool = False) -> ImportSummary:
    return import_file(kind=reference.kind, path_or_file=reference.file, options=reference.options, dry_run=dry_run)
