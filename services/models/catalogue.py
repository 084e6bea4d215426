"""The service catalogue: what the centres offer, under which strand of the core purpose."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models


class Category(models.TextChoices):
    # Strand 3: access to universal services
    EARLY_LEARNING = "early_learning", "Early learning and childcare"
    FAMILY_ACTIVITIES = "family_activities", "Information and activities for families"
    ADULT_LEARNING = "adult_learning", "Adult learning and employment support"
    HEALTH = "health", "Integrated child and family health"
    # Strand 4: targeted, evidence-based early intervention
    PARENTING_SUPPORT = "parenting_support", "Parenting and family support, including outreach"
    EVIDENCE_BASED = "evidence_based", "Evidence-based early intervention programme"
    SPECIALIST = "specialist", "Links to specialist services"
    # Strands 5 and 6
    COMMUNITY_HUB = "community_hub", "Community hub"
    SHARING_EXPERTISE = "sharing_expertise", "Sharing expertise with early-years settings"


TARGETED_CATEGORIES = frozenset({Category.PARENTING_SUPPORT, Category.EVIDENCE_BASED, Category.SPECIALIST})
STRAND = {
    Category.EARLY_LEARNING: 3,
    Category.FAMILY_ACTIVITIES: 3,
    Category.ADULT_LEARNING: 3,
    Category.HEALTH: 3,
    Category.PARENTING_SUPPORT: 4,
    Category.EVIDENCE_BASED: 4,
    Category.SPECIALIST: 4,
    Category.COMMUNITY_HUB: 5,
    Category.SHARING_EXPERTISE: 6,
}


class EvidenceRating(models.TextChoices):
    """The Early Intervention Foundation's levels of evidence (now Foundations' guidebook)."""

    NOT_RATED = "", "Not rated"
    LEVEL_2 = "2", "Level 2: preliminary evidence"
    LEVEL_3 = "3", "Level 3: efficacy"
    LEVEL_4 = "4", "Level 4: effectiveness"


class Charge(models.TextChoices):
    FREE = "free", "Free"
    FEE = "fee", "A fee, with concessions"


class Service(models.Model):
    name = models.CharField(max_length=150)
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.TextField(blank=True)
    # Provided by a centre, or by a partner organisation at the centres.
    provider_centre = models.ForeignKey(
        "centres.Centre", on_delete=models.PROTECT, null=True, blank=True, related_name="services"
    )
    provider_partner = models.ForeignKey(
        "partnerships.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="services"
    )
    programme = models.CharField("evidence-based programme", max_length=100, blank=True)
    evidence_rating = models.CharField(max_length=1, choices=EvidenceRating.choices, blank=True, default="")
    min_age_months = models.PositiveSmallIntegerField("youngest age (months)", default=0)
    max_age_months = models.PositiveSmallIntegerField("oldest age (months)", default=59)
    capacity = models.PositiveSmallIntegerField(default=20, help_text="Default places per session.")
    booking_required = models.BooleanField(
        default=False, help_text="A booked course with a waiting list, rather than a drop-in."
    )
    charge = models.CharField(max_length=4, choices=Charge.choices, default=Charge.FREE)
    fee = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)])
    concession_fee = models.DecimalField(
        max_digits=7, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    cost_per_session = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        help_text="What a session costs to run (staff, room, materials), for spend reporting.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="service_has_one_provider",
                condition=models.Q(provider_centre__isnull=False, provider_partner__isnull=True)
                | models.Q(provider_centre__isnull=True, provider_partner__isnull=False),
                violation_error_message="Choose the centre or the partner that provides the service.",
            ),
            models.CheckConstraint(
                name="service_age_range_in_order",
                condition=models.Q(min_age_months__lte=models.F("max_age_months")),
                violation_error_message="The youngest age must not be above the oldest.",
            ),
            models.CheckConstraint(
                name="service_fee_only_when_charged",
                condition=models.Q(charge="fee") | models.Q(fee=0, concession_fee=0),
                violation_error_message="A free service has no fee.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def targeted(self) -> bool:
        return self.category in TARGETED_CATEGORIES

    @property
    def strand(self) -> int:
        return STRAND[Category(self.category)]
