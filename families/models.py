from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from families.querysets import ChildQuerySet, FamilyQuerySet


class Family(models.Model):
    """A household registered with one of the authority's centres."""

    registered_centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="families")
    registration_date = models.DateField(default=timezone.localdate)
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="key_families"
    )
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


class Adult(models.Model):
    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent"
        GRANDPARENT = "grandparent", "Grandparent"
        FOSTER_CARER = "foster_carer", "Foster carer"
        OTHER = "other", "Other carer"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="adults")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Child(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        UNKNOWN = "unknown", "Not known"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "children"
        ordering = ["date_of_birth", "id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"
