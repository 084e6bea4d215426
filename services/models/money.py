"""Budget and spend per service (indicator F1, and strand 7's transparency about money).

Amounts are Decimal pounds with pence. Budgets are per UK financial year, which starts on
1 April and is named by the year it starts in: 2026 is 2026-27.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def financial_year_of(day: date) -> int:
    """The financial year a day falls in: 31 March 2026 is in 2025 (2025-26), 1 April in 2026."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_bounds(year: int) -> tuple[date, date]:
    """The first and last days of a financial year (both inclusive)."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def financial_year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


class Budget(models.Model):
    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="budgets")
    financial_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year it starts: 2026 for 2026-27.",
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-financial_year", "service"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "financial_year"],
                name="budget_once_per_service_and_year",
                violation_error_message="This service already has a budget for the year.",
            ),
            models.CheckConstraint(name="budget_not_negative", condition=models.Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.service} {financial_year_label(self.financial_year)}: £{self.amount}"


class Spend(models.Model):
    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="spends")
    date = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    description = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "spend"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["service", "date"])]
        constraints = [
            models.CheckConstraint(
                name="spend_positive",
                condition=models.Q(amount__gt=0),
                violation_error_message="Enter an amount more than £0.",
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.service} on {self.date:%d/%m/%Y}"
