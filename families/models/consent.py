from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from families.models.household import Family
from families.models.people import Adult


class ConsentPurpose(models.TextChoices):
    REGISTRATION = "registration", "Registration with the centre"
    SHARE_HEALTH = "share_health", "Sharing information with health services"
    SHARE_SOCIAL_CARE = "share_social_care", "Sharing information with social care"
    CONTACT = "contact", "Contact by text message or email"
    PHOTOGRAPHS = "photographs", "Photographs"


class Consent(models.Model):
    """What a family agreed to (or refused), when, recorded by whom, and when it was withdrawn.

    One current answer per purpose; withdrawing closes it, and a new answer is a new row, so
    the history is kept.
    """

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    agreed = models.BooleanField(help_text="False records a refusal.")
    given_by = models.ForeignKey(Adult, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents")
    recorded_on = models.DateField(default=timezone.localdate)
    # A member of staff, or (for an answer sent through the API) the council system that sent it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by_client = models.ForeignKey(
        "centres.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["purpose", "-recorded_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "purpose"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="one_current_consent_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        state = "withdrawn" if self.withdrawn_on else ("agreed" if self.agreed else "refused")
        return f"{self.get_purpose_display()}: {state}"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_on is None
