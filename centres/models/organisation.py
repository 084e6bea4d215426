from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models

from centres.querysets import CentreQuerySet
from centres.roles import Role


class Cluster(models.Model):
    """A group of centres managed together (a locality)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Centre(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", "Main centre"
        LINKED = "linked", "Linked site"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=150, unique=True)
    ofsted_urn = models.CharField("Ofsted URN", max_length=8, unique=True, null=True, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MAIN)
    main_centre = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="linked_sites",
        help_text="For a linked site, the main centre it belongs to.",
    )
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, null=True, blank=True, related_name="centres")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="centre_linked_site_has_main",
                condition=models.Q(kind="main", main_centre__isnull=True)
                | models.Q(kind="linked", main_centre__isnull=False),
                violation_error_message="A linked site names its main centre; a main centre does not.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. Their role and centres decide what they may see (centres.roles)."""

    role = models.CharField(max_length=10, choices=Role.choices, default=Role.WORKER)
    centres = models.ManyToManyField(Centre, blank=True, related_name="staff")
    restricted_access = models.BooleanField(
        "may see restricted fields",
        default=False,
        help_text="Safeguarding statuses and contact notes. Grant only to staff who need them.",
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Django's admin site is the administrators' screen for users and centres.
        self.is_staff = self.is_superuser or self.role == Role.ADMIN
        super().save(*args, **kwargs)

    @property
    def role_label(self) -> str:
        return Role(self.role).label
