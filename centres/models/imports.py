"""A reference-data file uploaded by an administrator: previewed (a dry run), then applied."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

from centres.models.constraints import by_staff_or_api_client
from centres.models.organisation import User


@deconstructible(path="centres.models.imports.ReferenceFileStorage")
class ReferenceFileStorage(FileSystemStorage):
    """Uploaded reference files under MEDIA_ROOT, or <BASE_DIR>/media while the settings set no
    MEDIA_ROOT (it is read when first used, so tests can point it at a temporary folder)."""

    @cached_property
    def base_location(self) -> str:
        return str(settings.MEDIA_ROOT or Path(settings.BASE_DIR) / "media")


class UploadedImport(models.Model):
    """What every uploaded file's record shares: checked with a dry run (`previewed`), then
    applied, or `failed` with the reason. A concrete upload adds its `file`, and `uploaded_by`
    and `api_client` with their own related names (see centres.models.constraints)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Checked, not applied yet"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Failed"

    original_filename = models.CharField(max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    if TYPE_CHECKING:
        file: models.FileField
        uploaded_by: User | None
        api_client_id: int | None

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-pk"]

    @property
    def uploaded_by_name(self) -> str:
        if self.api_client_id is not None:
            return f"{self.api_client} (API)"  # type: ignore[attr-defined]
        user = self.uploaded_by
        return (user.get_full_name() or user.username) if user else ""


class ReferenceImport(UploadedImport):
    class Kind(models.TextChoices):
        POSTCODES = "postcodes", "ONS postcode directory (ONSPD or NSPL)"
        DEPRIVATION = "deprivation", "English Indices of Deprivation (file 1, 2 or 3)"
        POPULATION = "population", "ONS mid-year population estimates by LSOA and single year of age"
        LSOA_LOOKUP = "lsoa_lookup", "ONS LSOA 2011 to 2021 lookup"
        BOUNDARIES = "boundaries", "LSOA boundaries (GeoJSON)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to="imports/%Y/%m/", storage=ReferenceFileStorage(), max_length=255)
    # PROTECT: who loaded the authority's reference data stays on record.
    uploaded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="reference_imports"
    )
    # Or another council system, through the API (exactly one of the two).
    api_client = models.ForeignKey(
        "centres.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="reference_imports"
    )
    options = models.JSONField(default=dict, blank=True)

    class Meta(UploadedImport.Meta):
        constraints = [
            by_staff_or_api_client(
                name="reference_import_by_staff_or_api_client",
                message="An import is uploaded by a member of staff or by an API client.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_filename} ({self.get_status_display()})"
