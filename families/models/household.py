from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from families.querysets import AddressQuerySet, FamilyQuerySet


class Family(models.Model):
    """A household registered with one of the authority's centres."""

    registered_centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="families")
    registration_date = models.DateField(default=timezone.localdate)
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="key_families"
    )
    # Household facts that are not derived from the people in it.
    temporary_accommodation = models.BooleanField(default=False)
    # The identifier another council system uses for this family (API upserts match on it).
    external_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # Optimistic concurrency: every change increments it; a stale write is refused.
    version = models.PositiveIntegerField(default=1)
    # Set when the family was merged into another record (kept so that old links and
    # references still lead somewhere) or anonymised at the end of its retention period.
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    last_contact_on = models.DateField(null=True, blank=True, help_text="Retention is counted from here.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FamilyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "families"
        ordering = ["-registration_date", "-id"]
        indexes = [models.Index(fields=["registered_centre", "registration_date"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The family's reference as staff quote it on the phone: no names in it."""
        return f"F{self.pk:07d}"

    @property
    def is_active(self) -> bool:
        return self.merged_into_id is None and self.anonymised_at is None


class Address(models.Model):
    """Where the family lives, with dates: a move closes one address and opens the next, so
    "resident in the area at the period's end" can be judged for any past period."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField("address line 1", max_length=100)
    line_2 = models.CharField("address line 2", max_length=100, blank=True)
    town = models.CharField("town or city", max_length=60, blank=True)
    postcode = models.CharField(max_length=8, db_index=True)
    # Looked up from the postcode directory on the current boundaries; null is "LSOA unknown"
    # (a postcode missing from the directory), which the data-quality list shows.
    lsoa = models.ForeignKey("centres.LSOA", on_delete=models.PROTECT, null=True, blank=True, related_name="addresses")
    moved_in = models.DateField()
    moved_out = models.DateField(null=True, blank=True)

    objects = AddressQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "addresses"
        ordering = ["-moved_in", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"], condition=models.Q(moved_out__isnull=True), name="one_current_address_per_family"
            ),
            models.CheckConstraint(
                condition=models.Q(moved_out__isnull=True) | models.Q(moved_out__gte=models.F("moved_in")),
                name="address_moved_out_after_moved_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_1}, {self.postcode}"
