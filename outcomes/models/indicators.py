"""Stored indicator figures: one row per (indicator, version, scope, period, split), written by
upsert so that a rerun replaces and never duplicates (the Zulip analytics model)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models


class PeriodKind(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Financial year"


class Scope(models.TextChoices):
    REACH_AREA = "reach_area", "Reach area of a centre"
    CENTRE = "centre", "A centre's own activity"
    AUTHORITY = "authority", "Whole authority"


class IndicatorSnapshot(models.Model):
    indicator = models.CharField(max_length=10)  # "R3"
    version = models.PositiveSmallIntegerField()
    scope = models.CharField(max_length=12, choices=Scope.choices)
    scope_id = models.PositiveIntegerField(help_text="The centre's id; 0 for the whole authority.")
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    split = models.CharField(max_length=60, blank=True, default="", help_text='"" for all; "deprivation:deprived"...')
    numerator = models.DecimalField(max_digits=18, decimal_places=4)
    denominator = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "version", "scope", "scope_id", "period_kind", "period_start", "split"],
                name="one_snapshot_per_indicator_scope_period_split",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "scope", "period_kind", "period_start"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.scope}:{self.scope_id} {self.period_start} {self.split}".strip()

    @property
    def value(self) -> Decimal | None:
        """The rate (numerator / denominator), or the number itself when there is no denominator.
        0 of 0 is None: no rate, not an error."""
        if self.denominator is None:
            return self.numerator
        if self.denominator == 0:
            return None
        return self.numerator / self.denominator


class RefreshRun(models.Model):
    """One refresh of the indicators: who asked, what, how far it got, and how it ended."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    periods = models.JSONField(default=list, help_text="Start dates of the periods to compute.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    steps_total = models.PositiveIntegerField(default=0)
    steps_done = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Refresh {self.pk} ({self.get_status_display()})"
