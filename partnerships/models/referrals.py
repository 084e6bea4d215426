"""Referrals in (partner to centre) and out (centre to partner), with the dates timeliness is
measured from."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from centres.models.constraints import by_staff_or_api_client, external_id_once_per_system
from partnerships.models.partners import InformationSharingAgreement, Partner
from partnerships.querysets import ReferralQuerySet


class Direction(models.TextChoices):
    IN = "in", "Referral in"
    OUT = "out", "Referral out"


class ReferralReason(models.TextChoices):
    PARENTING = "parenting", "Parenting support"
    CHILD_DEVELOPMENT = "child_development", "Child development"
    SPEECH_LANGUAGE = "speech_language", "Speech, language and communication"
    HEALTH = "health", "Child or family health"
    MENTAL_HEALTH = "mental_health", "Parental mental health"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    HOUSING = "housing", "Housing"
    EMPLOYMENT = "employment", "Employment, training and skills"
    MONEY = "money", "Money, debt and benefits"
    EARLY_HELP = "early_help", "Early help assessment"
    SAFEGUARDING = "safeguarding", "Safeguarding concern"
    OTHER = "other", "Other"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "Received"  # a referral in, not yet accepted
    SENT = "sent", "Sent"  # a referral out, no answer yet
    ACCEPTED = "accepted", "Accepted"
    CONTACTED = "contacted", "First contact made"
    CLOSED = "closed", "Closed"


class ReferralOutcome(models.TextChoices):
    SUPPORTED = "supported", "Support given or completed"
    ENGAGED = "engaged", "Family took up the service"
    DECLINED = "declined", "Family declined"
    NOT_ACCEPTED = "not_accepted", "Not accepted: did not meet the criteria"
    NO_CONTACT = "no_contact", "Could not make contact"
    REFERRED_ON = "referred_on", "Referred on elsewhere"
    MOVED = "moved", "Family moved away"
    OTHER = "other", "Other"


class Referral(models.Model):
    """A referral about a family, in from a partner or out to one.

    `received_on` is the day the referral was made: received by the centre (in) or sent to the
    partner (out). Timeliness is the days from then to the first contact with the family, by
    the centre (in) or by the partner (out), kept in `days_to_first_contact`.

    A referral in may be about a family not yet registered: then `family` is empty and the
    person's name, date of birth and postcode are kept (restricted) until staff link it to a
    family or register one. A referral out is always about a registered family.
    """

    direction = models.CharField(max_length=3, choices=Direction.choices)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals")
    partner_contact = models.CharField(
        "professional", max_length=150, blank=True, help_text="Who referred, or who it was sent to."
    )
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="referrals")
    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, null=True, blank=True, related_name="referrals"
    )
    subject_name = models.CharField("name of the person referred", max_length=200, blank=True)
    subject_date_of_birth = models.DateField("their date of birth", null=True, blank=True)
    subject_postcode = models.CharField("their postcode", max_length=8, blank=True)
    reason = models.CharField(max_length=20, choices=ReferralReason.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    status = models.CharField(max_length=10, choices=ReferralStatus.choices)
    received_on = models.DateField("referred on")
    accepted_on = models.DateField(null=True, blank=True)
    first_contact_on = models.DateField("first contact", null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # Derived from the two dates on every save; kept so that timeliness is summed in the database.
    days_to_first_contact = models.PositiveIntegerField(null=True, blank=True, editable=False)
    outcome = models.CharField(max_length=20, choices=ReferralOutcome.choices, blank=True)
    notes = models.TextField(blank=True)
    # Referrals out: what allowed the share when it was sent.
    consent_basis = models.CharField(max_length=200, blank=True)
    shared_without_consent = models.BooleanField(
        default=False, help_text="A safeguarding referral made without the family's consent."
    )
    agreement = models.ForeignKey(
        InformationSharingAgreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        help_text="The information-sharing agreement that covered the partner when it was sent.",
    )
    # For integrations (API upserts): the calling system and its own identifier for this referral,
    # unique within that system; and a version that every change increments (If-Match).
    source_system = models.CharField(max_length=40, blank=True, default="")
    external_id = models.CharField(max_length=64, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Who recorded it: a member of staff, or another council system through the API (exactly one).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    api_client = models.ForeignKey(
        "centres.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    # Who the referral is about, before it is linked: shown and exported only with restricted access.
    RESTRICTED_FIELDS = ("subject_name", "subject_date_of_birth", "subject_postcode", "notes")
    ANONYMISED_VALUES = {"subject_name": "", "subject_date_of_birth": None, "subject_postcode": "", "notes": ""}

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["centre", "direction", "status"]),
            models.Index(fields=["received_on"]),
        ]
        constraints = [
            external_id_once_per_system(name="referral_external_id_once_per_system"),
            by_staff_or_api_client(
                name="referral_recorded_by_staff_or_api_client",
                message="A referral is recorded by a member of staff or by an API client.",
                staff_field="created_by",
            ),
            models.CheckConstraint(
                name="referral_names_a_family_or_person",
                condition=Q(family__isnull=False) | ~Q(subject_name=""),
                violation_error_message="Choose the family, or give the name of the person referred.",
            ),
            models.CheckConstraint(
                name="referral_out_is_about_a_family",
                condition=Q(direction="in") | Q(family__isnull=False),
                violation_error_message="A referral out is about a registered family.",
            ),
            models.CheckConstraint(
                name="referral_status_fits_direction",
                condition=(Q(direction="in") & ~Q(status="sent")) | (Q(direction="out") & ~Q(status="received")),
            ),
            models.CheckConstraint(
                name="referral_dates_in_order",
                condition=(Q(accepted_on__isnull=True) | Q(accepted_on__gte=F("received_on")))
                & (Q(first_contact_on__isnull=True) | Q(first_contact_on__gte=F("received_on")))
                & (Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on"))),
                violation_error_message="A referral's dates cannot be before the day it was made.",
            ),
            models.CheckConstraint(
                name="referral_closed_with_outcome",
                condition=(Q(status="closed") & Q(closed_on__isnull=False) & ~Q(outcome=""))
                | (~Q(status="closed") & Q(closed_on__isnull=True) & Q(outcome="")),
                violation_error_message="A closed referral has a closing date and an outcome.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.reference}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.days_to_first_contact = days_between(self.received_on, self.first_contact_on)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "days_to_first_contact"}
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        return f"R{self.pk:06d}" if self.pk else "R(new)"

    @property
    def recorded_by_name(self) -> str:
        """Who recorded it, for the screens: the member of staff, or the API client's name."""
        if self.api_client_id is not None:
            return f"{self.api_client} (API)"
        user = self.created_by
        return (user.get_full_name() or user.username) if user else ""

    @property
    def is_open(self) -> bool:
        return self.status != ReferralStatus.CLOSED


def days_between(start: date | None, end: date | None) -> int | None:
    """Whole days from one date to another, or None while the second is not known."""
    if start is None or end is None or end < start:
        return None
    return (end - start).days
