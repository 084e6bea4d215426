"""Contacts: every recorded interaction with a family, the unit the reach indicators count.

One row per family per interaction: a home visit, a phone call, or the family's attendance at
a session (one row however many of them came, with the children and adults who took part).
A contact counts for a child who took part, and for every child of the family when one of its
adults took part (DOMAIN.md): `with_adult` says which.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from centres.models.constraints import external_id_once_per_system

if TYPE_CHECKING:
    from families.models import Adult, Child


class ContactKind(models.TextChoices):
    SESSION = "session", "Attended a session"
    HOME_VISIT = "home_visit", "Home visit"
    OUTREACH = "outreach", "Outreach"
    PHONE = "phone", "Phone or video call"
    ONE_TO_ONE = "one_to_one", "One-to-one at the centre"
    GROUP = "group", "Group work outside a timetabled session"


class Contact(models.Model):
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="contacts")
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="contacts")
    date = models.DateField(default=timezone.localdate)
    kind = models.CharField(max_length=12, choices=ContactKind.choices)
    session = models.ForeignKey(
        "services.Session", on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    # Restricted: shown only to staff with restricted access; never logged, never exported to
    # analysts. (Centres.roles.sees_restricted_fields.)
    notes = models.TextField(blank=True)
    with_adult = models.BooleanField(
        default=True, help_text="An adult of the family took part: the contact counts for all its children."
    )
    children: models.ManyToManyField[Child, ContactChild] = models.ManyToManyField(
        "families.Child", through="ContactChild", related_name="contacts"
    )
    adults: models.ManyToManyField[Adult, ContactAdult] = models.ManyToManyField(
        "families.Adult", through="ContactAdult", related_name="contacts"
    )
    # For integrations (API upserts): the calling system and its own identifier for this contact,
    # unique within that system; and a version that every change increments (If-Match).
    # Defaults in the database too: bulk loads (the demo's COPY) name only the columns they fill.
    source_system = models.CharField(max_length=40, blank=True, default="", db_default="")
    external_id = models.CharField(max_length=64, null=True, blank=True)
    version = models.PositiveIntegerField(default=1, db_default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    # Left out of subject access exports for staff without restricted access, and blanked when
    # the family is anonymised (families.services.privacy).
    RESTRICTED_FIELDS = ("notes",)
    ANONYMISED_VALUES = {"notes": ""}

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["family", "date"]),
            models.Index(fields=["centre", "date"]),
            models.Index(fields=["date"]),
        ]
        constraints = [
            external_id_once_per_system(name="contact_external_id_once_per_system"),
            # A family ticked twice on one register is still one attendance.
            models.UniqueConstraint(
                fields=["session", "family"],
                condition=models.Q(session__isnull=False),
                name="one_attendance_per_family",
            ),
            models.CheckConstraint(
                name="session_contact_has_session",
                condition=~models.Q(kind="session") | models.Q(session__isnull=False),
                violation_error_message="An attendance belongs to a session.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.family} on {self.date:%d/%m/%Y}"


class ContactChild(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="child_links")
    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, related_name="contact_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "child"], name="child_once_per_contact")]

    def __str__(self) -> str:
        return f"child {self.child_id} in contact {self.contact_id}"


class ContactAdult(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="adult_links")
    adult = models.ForeignKey("families.Adult", on_delete=models.CASCADE, related_name="contact_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "adult"], name="adult_once_per_contact")]

    def __str__(self) -> str:
        return f"adult {self.adult_id} in contact {self.contact_id}"
