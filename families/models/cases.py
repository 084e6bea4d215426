"""Targeted work with a family (strand 4): a case held by a key worker, and the family plan.

The rule "at most one open case per family" lives in `families.cases.services.case_open`, not
in a unique constraint, so that merging two records of a family can move every case as it is.

Plan goals and reviews carry the family as well as the case (always the case's family, set by
the services): the merge, the subject access export and anonymisation reach every model that
points at Family, so the plan is moved, exported and blanked with the rest of the record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from families.models.household import Family


class CaseReason(models.TextChoices):
    PARENTING = "parenting", "Parenting support"
    EARLY_HELP = "early_help", "Early help or family support"
    CHILD_DEVELOPMENT = "child_development", "Child development"
    HEALTH = "health", "Health and wellbeing"
    ADULT_LEARNING = "adult_learning", "Adult learning and employment"
    HOUSING_FINANCIAL = "housing_financial", "Housing or money"
    OTHER = "other", "Other"


class CaseOutcome(models.TextChoices):
    GOALS_MET = "goals_met", "Goals met"
    PARTLY_MET = "partly_met", "Goals partly met"
    NOT_MET = "not_met", "Goals not met"
    MOVED_AWAY = "moved_away", "Family moved away"
    DISENGAGED = "disengaged", "Family disengaged"
    STEPPED_UP = "stepped_up", "Stepped up to children's social care"
    OTHER = "other", "Other"


class GoalStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACHIEVED = "achieved", "Achieved"
    PARTLY_ACHIEVED = "partly_achieved", "Partly achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    DROPPED = "dropped", "Dropped"


class Case(models.Model):
    """A period of targeted work with a family, held by one key worker."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="cases")
    # PROTECT: staff who held cases are deactivated, never deleted.
    key_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases")
    opened_on = models.DateField(default=timezone.localdate)
    reason = models.CharField(max_length=20, choices=CaseReason.choices)
    referral_source = models.CharField(
        max_length=200, blank=True, help_text="Who asked for the work: health visitor, school, self-referral..."
    )
    closed_on = models.DateField(null=True, blank=True)
    closing_outcome = models.CharField(max_length=20, choices=CaseOutcome.choices, blank=True)
    closing_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Notes are sensitive: the export leaves them out for staff without restricted access.
    RESTRICTED_FIELDS = ("closing_note",)
    ANONYMISED_VALUES = {"referral_source": "", "closing_note": ""}

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["key_worker", "closed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_on_or_after_opened",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True, closing_outcome="")
                | (models.Q(closed_on__isnull=False) & ~models.Q(closing_outcome="")),
                name="case_closed_with_an_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.reference}"

    @property
    def reference(self) -> str:
        return f"C{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class PlanGoal(models.Model):
    """One goal of the family plan: what should change, what will be done, by whom, and when it
    is looked at again."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="plan_goals")
    goal = models.CharField(max_length=300)
    actions = models.TextField(blank=True)
    owner = models.CharField(max_length=100, help_text="Who does it: parent, key worker, health visitor...")
    review_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    updated_on = models.DateField(default=timezone.localdate)

    ANONYMISED_VALUES = {"goal": "", "actions": "", "owner": ""}

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Goal {self.pk} of case {self.case_id}"


class PlanReview(models.Model):
    """A review of the family plan with the family, and when the next one is due."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="plan_reviews")
    reviewed_on = models.DateField()
    summary = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    RESTRICTED_FIELDS = ("summary",)
    ANONYMISED_VALUES = {"summary": ""}

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_review_on__isnull=True) | models.Q(next_review_on__gt=models.F("reviewed_on")),
                name="plan_review_next_after_this_one",
            ),
        ]

    def __str__(self) -> str:
        return f"Review {self.pk} of case {self.case_id}"
