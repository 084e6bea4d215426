"""Early help: the multi-agency assessment (the CAF or the local equivalent), its lead
professional, the Team Around the Family and its meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from partnerships.models.partners import Partner
from partnerships.querysets import EarlyHelpQuerySet


class AssessmentOutcome(models.TextChoices):
    NEEDS_MET = "needs_met", "Needs met: the plan is complete"
    STEPPED_DOWN = "stepped_down", "Stepped down to universal services"
    STEPPED_UP = "stepped_up", "Stepped up to children's social care"
    WITHDRAWN = "withdrawn", "Family withdrew"
    MOVED = "moved", "Family moved away"
    OTHER = "other", "Other"


class EarlyHelpAssessment(models.Model):
    """An early help assessment of a family and the plan that follows it.

    The lead professional is a member of the centre's staff (`lead_user`) or a professional of
    a partner (`lead_partner` and `lead_name`). A family has at most one open assessment; the
    service checks it, rather than a unique index, so that merging two records never clashes.
    """

    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="early_help_assessments")
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="early_help_led",
        verbose_name="lead professional (centre staff)",
    )
    lead_partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="early_help_led"
    )
    lead_name = models.CharField("lead professional's name", max_length=150, blank=True)
    started_on = models.DateField()
    plan_review_on = models.DateField("next plan review", null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=AssessmentOutcome.choices, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EarlyHelpQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="early_help_has_a_lead",
                condition=Q(lead_user__isnull=False) | (Q(lead_partner__isnull=False) & ~Q(lead_name="")),
                violation_error_message="Choose the lead professional: a member of staff, or a partner and a name.",
            ),
            models.CheckConstraint(
                name="early_help_closed_with_outcome",
                condition=(Q(closed_on__isnull=True) & Q(outcome=""))
                | (Q(closed_on__gte=F("started_on")) & ~Q(outcome="")),
                violation_error_message="A closed assessment has an outcome and closes on or after it started.",
            ),
        ]

    def __str__(self) -> str:
        return f"Early help {self.reference}"

    @property
    def reference(self) -> str:
        return f"EH{self.pk:05d}" if self.pk else "EH(new)"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def lead_label(self) -> str:
        if self.lead_user is not None:
            return self.lead_user.get_full_name() or self.lead_user.get_username()
        return f"{self.lead_name}, {self.lead_partner}"


class TAFMember(models.Model):
    """A member of the Team Around the Family: a professional of a partner, or of the centre
    (no partner)."""

    assessment = models.ForeignKey(EarlyHelpAssessment, on_delete=models.CASCADE, related_name="members")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="taf_members")
    person_name = models.CharField("name", max_length=150)
    role = models.CharField(max_length=100, help_text="For example, health visitor, class teacher")

    class Meta:
        verbose_name = "TAF member"
        ordering = ["person_name", "id"]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.partner or 'centre'})"


class TAFMeeting(models.Model):
    """A Team Around the Family meeting. It points at the family too, so that the subject
    access export and anonymisation reach its notes, and a merge moves it."""

    assessment = models.ForeignKey(EarlyHelpAssessment, on_delete=models.CASCADE, related_name="meetings")
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="taf_meetings")
    held_on = models.DateField()
    attendees = models.ManyToManyField(TAFMember, blank=True, related_name="meetings")
    family_attended = models.BooleanField(default=True)
    notes = models.TextField(blank=True)
    next_review_on = models.DateField("next plan review", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "TAF meeting"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"TAF meeting on {self.held_on}"
