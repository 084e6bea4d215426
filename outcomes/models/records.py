"""What staff record about a family's outcomes: assessments on an instrument at a time point,
children's health facts, and carers' progress into learning, volunteering or work.

Every model carries a foreign key to the family (set from the person) so that a family merge
moves it and the subject access export finds it (families.services.merge and .privacy). None has
a unique constraint involving the family, so the merge needs no rule for them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from centres.models.constraints import by_staff_or_api_client, external_id_once_per_system
from outcomes.models.instruments import Instrument, InstrumentDomain


class TimePoint(models.TextChoices):
    BASELINE = "baseline", "Baseline (at the start)"
    REVIEW = "review", "Review (during the work)"
    EXIT = "exit", "Exit (at the end)"


class Assessment(models.Model):
    """One completed instrument for one person (a child or a carer) at a time point."""

    child = models.ForeignKey(
        "families.Child", on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    adult = models.ForeignKey(
        "families.Adult", on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="assessments")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessments")
    time_point = models.CharField(max_length=8, choices=TimePoint.choices)
    assessed_on = models.DateField()
    service = models.ForeignKey(
        "services.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        help_text="The programme or service the assessment belongs to.",
    )
    total_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    achieved = models.BooleanField(null=True, blank=True, help_text="For yes/no instruments.")
    # For integrations (API upserts): the calling system and its own identifier for this assessment,
    # unique within that system; and a version that every change increments (If-Match).
    source_system = models.CharField(max_length=40, blank=True, default="")
    external_id = models.CharField(max_length=64, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Who recorded it: a member of staff, or another council system through the API (exactly one).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    api_client = models.ForeignKey(
        "centres.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "id"]
        indexes = [
            models.Index(fields=["instrument", "time_point", "assessed_on"]),
            models.Index(fields=["family", "assessed_on"]),
        ]
        constraints = [
            external_id_once_per_system(name="assessment_external_id_once_per_system"),
            by_staff_or_api_client(
                name="assessment_recorded_by_staff_or_api_client",
                message="An assessment is recorded by a member of staff or by an API client.",
                staff_field="recorded_by",
            ),
            models.CheckConstraint(
                name="assessment_of_exactly_one_person",
                condition=models.Q(child__isnull=False, adult__isnull=True)
                | models.Q(child__isnull=True, adult__isnull=False),
                violation_error_message="An assessment is of one child or one carer.",
            ),
            models.CheckConstraint(
                name="assessment_has_a_score_or_an_answer",
                condition=models.Q(total_score__isnull=False, achieved__isnull=True)
                | models.Q(total_score__isnull=True, achieved__isnull=False),
                violation_error_message="An assessment has a total score, or (yes/no instruments) an answer.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.time_point} on {self.assessed_on:%d/%m/%Y}"

    @property
    def recorded_by_name(self) -> str:
        """Who recorded it, for the screens: the member of staff, or the API client's name."""
        if self.api_client_id is not None:
            return f"{self.api_client} (API)"
        user = self.recorded_by
        return (user.get_full_name() or user.username) if user else ""


class AssessmentScore(models.Model):
    """The score of one domain in an assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    # Also on the family, so that the subject access export carries domain scores too.
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="assessment_scores")
    domain = models.ForeignKey(InstrumentDomain, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["assessment", "domain__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="one_score_per_assessment_domain"),
        ]

    def __str__(self) -> str:
        return f"{self.domain.code} {self.score}"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class HealthSource(models.TextChoices):
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    PARENT = "parent", "Parent report"


class HealthRecord(models.Model):
    """A child's health facts as known on a date. Dated rows rather than one row per child, so
    that a change (immunisations caught up) keeps its history and indicators can ask what was
    known at a period's end. "Not known" on a later row does not undo an earlier known answer:
    see outcomes.records.selectors.latest_health."""

    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, related_name="health_records")
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="health_records")
    recorded_on = models.DateField(default=timezone.localdate)
    breastfeeding_6_8_weeks = models.CharField(
        "breastfed at 6 to 8 weeks", max_length=7, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    immunisations_up_to_date = models.CharField(
        "immunisations up to date", max_length=7, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    review_2_2_5_done = models.BooleanField("2 to 2½ year review done", null=True, blank=True)
    review_2_2_5_on = models.DateField("date of the 2 to 2½ year review", null=True, blank=True)
    healthy_weight_reception = models.CharField(
        "healthy weight at reception", max_length=7, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    source = models.CharField(max_length=14, choices=HealthSource.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_on", "id"]
        indexes = [models.Index(fields=["child", "recorded_on"])]
        constraints = [
            models.CheckConstraint(
                name="health_review_date_only_when_done",
                condition=models.Q(review_2_2_5_on__isnull=True) | models.Q(review_2_2_5_done=True),
                violation_error_message="A review date goes with a review that was done.",
            ),
        ]

    def __str__(self) -> str:
        return f"Health of child {self.child_id} on {self.recorded_on:%d/%m/%Y}"


class ProgressStatus(models.TextChoices):
    LEARNING = "learning", "Into learning"
    VOLUNTEERING = "volunteering", "Into volunteering"
    WORK = "work", "Into work"
    NO_CHANGE = "no_change", "No change"


class AdultProgress(models.Model):
    """A carer's status towards learning, volunteering or work on a date. The first recorded for
    a carer is their baseline; later rows say whether they moved on (indicator O6)."""

    adult = models.ForeignKey("families.Adult", on_delete=models.CASCADE, related_name="progress")
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="adult_progress")
    recorded_on = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=12, choices=ProgressStatus.choices)
    baseline = models.BooleanField(default=False, help_text="The first status recorded for the carer.")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # The note holds personal detail: restricted in the subject access export, blanked on
    # anonymisation (families.services.privacy).
    RESTRICTED_FIELDS = ("note",)
    ANONYMISED_VALUES = {"note": ""}

    class Meta:
        verbose_name_plural = "adult progress records"
        ordering = ["recorded_on", "id"]
        indexes = [models.Index(fields=["adult", "recorded_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["adult"], condition=models.Q(baseline=True), name="one_progress_baseline_per_adult"
            ),
        ]

    def __str__(self) -> str:
        return f"Progress of adult {self.adult_id} on {self.recorded_on:%d/%m/%Y}"
