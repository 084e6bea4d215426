"""Targets for indicators, and payment-by-results measures with their earned payments.

Both are in the indicator's *display unit*: a percentage for a rate ("60" means 60%), the count
for a count, points for a gap. That is what an administrator reads on the dashboard, so it is
what they type.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from outcomes.models.indicators import PeriodKind, Scope


class Direction(models.TextChoices):
    AT_LEAST = "at_least", "At least the target (higher is better)"
    AT_MOST = "at_most", "At most the target (lower is better)"


def meets(value: Decimal | None, target: Decimal, direction: str) -> bool | None:
    """None when there is nothing to judge (0 of 0, or not computed)."""
    if value is None:
        return None
    return value <= target if direction == Direction.AT_MOST else value >= target


class _Measured(models.Model):
    """What both a target and a PbR measure point at: one indicator, split and scope."""

    indicator = models.CharField(max_length=10)
    split = models.CharField(max_length=60, blank=True, default="", help_text='"" for the overall figure.')
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.AUTHORITY)
    centre = models.ForeignKey(
        "centres.Centre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the whole authority.",
    )
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    target = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    active_from = models.DateField()
    active_to = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def scope_id(self) -> int:
        return self.centre_id or 0

    def clean(self) -> None:
        from outcomes.indicators.definitions import INDICATORS

        errors: dict[str, str] = {}
        if self.indicator not in INDICATORS:
            errors["indicator"] = "Choose an indicator that exists."
        if self.scope == Scope.AUTHORITY and self.centre_id:
            errors["centre"] = "A whole-authority figure has no centre: leave it empty."
        if self.scope != Scope.AUTHORITY and not self.centre_id:
            errors["centre"] = "Choose the centre."
        if self.active_to and self.active_from and self.active_to < self.active_from:
            errors["active_to"] = "The end must be on or after the start."
        if errors:
            raise ValidationError(errors)


class IndicatorTarget(_Measured):
    """A target a dashboard shows beside the figure, with whether it was met."""

    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.AT_LEAST)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "scope", "centre", "split", "-active_from"]
        constraints = [
            models.CheckConstraint(name="target_positive", condition=models.Q(target__gt=0)),
            models.CheckConstraint(
                name="target_dates_in_order",
                condition=models.Q(active_to__isnull=True) | models.Q(active_to__gte=models.F("active_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.split or 'overall'}: {self.target}"

    def met(self, value: Decimal | None) -> bool | None:
        return meets(value, self.target, self.direction)


class PbRMeasure(_Measured):
    """A payment-by-results measure: reaching the target on an indicator earns money each period."""

    class Payment(models.TextChoices):
        PER_UNIT = "per_unit", "An amount for every unit counted, once the target is reached"
        THRESHOLD = "threshold", "A fixed sum for reaching the target"

    name = models.CharField(max_length=150)
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.AT_LEAST)
    payment = models.CharField(max_length=10, choices=Payment.choices, default=Payment.THRESHOLD)
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "payment-by-results measure"
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(name="pbr_target_positive", condition=models.Q(target__gt=0)),
            models.CheckConstraint(name="pbr_amount_not_negative", condition=models.Q(amount__gte=0)),
            models.CheckConstraint(
                name="pbr_dates_in_order",
                condition=models.Q(active_to__isnull=True) | models.Q(active_to__gte=models.F("active_from")),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PbRResult(models.Model):
    """What a measure achieved in one period and the payment it earned; written by upsert."""

    measure = models.ForeignKey(PbRMeasure, on_delete=models.CASCADE, related_name="results")
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    numerator = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    achieved = models.DecimalField(
        max_digits=18, decimal_places=4, null=True, blank=True, help_text="In the indicator's display unit."
    )
    target = models.DecimalField(max_digits=14, decimal_places=2)
    ratio = models.DecimalField(
        max_digits=12, decimal_places=4, null=True, blank=True, help_text="Achieved / target; 1 is exactly on target."
    )
    reached = models.BooleanField(default=False)
    payment = models.DecimalField(max_digits=14, decimal_places=2)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_start", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_kind", "period_start"], name="one_pbr_result_per_measure_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.period_start}: £{self.payment}"


def display_value(unit: str, numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """A snapshot's value as a reader sees it: a percentage for a rate, else the number itself.
    0 of 0 (or nothing computed) is None."""
    if numerator is None:
        return None
    if denominator is None:
        return numerator
    if denominator == 0:
        return None
    value = numerator / denominator
    return value * 100 if unit == "rate" else value
