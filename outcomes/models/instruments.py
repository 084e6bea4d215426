"""Outcome instruments as data: the scales staff score families on (WEMWBS, SDQ, ASQ-3 ...), each
with its range and direction, and its domains (subscales) where it has them.

The shipped instruments come from a data migration (0003); an administrator adds a local one in
the admin site, without code. Ranges live here so that one service (outcomes.records.services)
checks every score against them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

code_validator = RegexValidator(r"^[A-Za-z0-9_-]+$", "Use letters, digits, hyphens and underscores only.")


class InstrumentKind(models.TextChoices):
    SCALE = "scale", "Scored on a scale"
    YES_NO = "yes_no", "Achieved or not (yes/no)"


class Subject(models.TextChoices):
    """Whom the instrument is about: it decides whose assessments it can record."""

    CHILD = "child", "A child"
    ADULT = "adult", "A parent or carer"


class Instrument(models.Model):
    code = models.CharField(max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=6, choices=InstrumentKind.choices, default=InstrumentKind.SCALE)
    subject = models.CharField(max_length=5, choices=Subject.choices)
    # The range of the total score (None for yes/no instruments).
    min_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    higher_is_better = models.BooleanField(default=True)
    reliable_change = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The smallest change of the total that counts as real for one person, where known.",
    )
    active = models.BooleanField(default=True, help_text="Only active instruments can be recorded.")
    local = models.BooleanField(default=False, help_text="Added by the authority (not shipped with the system).")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="instrument_range_fits_its_kind",
                condition=models.Q(kind="yes_no", min_score__isnull=True, max_score__isnull=True)
                | models.Q(
                    kind="scale",
                    min_score__isnull=False,
                    max_score__isnull=False,
                    min_score__lt=models.F("max_score"),
                ),
                violation_error_message=(
                    "A scale needs a lowest score below its highest; a yes/no instrument has neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_yes_no(self) -> bool:
        return self.kind == InstrumentKind.YES_NO

    def clean(self) -> None:
        if self.kind == InstrumentKind.SCALE and (self.min_score is None or self.max_score is None):
            raise ValidationError({"max_score": "A scale needs its lowest and highest total scores"})
        if self.kind == InstrumentKind.YES_NO and (self.min_score is not None or self.max_score is not None):
            raise ValidationError({"kind": "A yes/no instrument has no score range: leave the scores blank"})


class InstrumentDomain(models.Model):
    """A domain (subscale or area) of an instrument, scored separately."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(max_length=20, validators=[code_validator])
    name = models.CharField(max_length=100)
    min_score = models.DecimalField(max_digits=7, decimal_places=2)
    max_score = models.DecimalField(max_digits=7, decimal_places=2)
    higher_is_better = models.BooleanField(default=True)
    # The SDQ's prosocial scale is scored but is not part of its total difficulties score.
    in_total = models.BooleanField(default=True, help_text="The domain's score is added into the total.")
    cutoff = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="A score below this is a concern. Where it depends on age, see the domain's cutoffs by age.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["instrument", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="one_domain_code_per_instrument"),
            models.CheckConstraint(
                name="domain_range_is_a_range",
                condition=models.Q(min_score__lt=models.F("max_score")),
                violation_error_message="The lowest score must be below the highest.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code}: {self.name}"

    def clean(self) -> None:
        in_range = self.min_score is not None and self.max_score is not None
        if self.cutoff is not None and in_range and not self.min_score <= self.cutoff <= self.max_score:
            raise ValidationError({"cutoff": "The cutoff must be within the domain's scores"})


class DomainCutoff(models.Model):
    """A domain's cutoff for one age interval (ASQ-3 has a questionnaire, and cutoffs, per age)."""

    domain = models.ForeignKey(InstrumentDomain, on_delete=models.CASCADE, related_name="cutoffs")
    age_interval_months = models.PositiveSmallIntegerField()
    cutoff = models.DecimalField(max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["domain", "age_interval_months"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "age_interval_months"], name="one_cutoff_per_domain_interval"),
        ]

    def __str__(self) -> str:
        return f"{self.domain} at {self.age_interval_months} months: {self.cutoff}"


def months_between(born: date, day: date) -> int:
    """Whole months from `born` to `day`."""
    return (day.year - born.year) * 12 + day.month - born.month - (day.day < born.day)


def cutoff_for(domain: InstrumentDomain, *, age_months: int | None) -> Decimal | None:
    """The domain's cutoff for a child of this age: that of the oldest interval the child has
    reached, else the domain's own. Reads `domain.cutoffs.all()` (prefetch it)."""
    if age_months is not None:
        reached = [c for c in domain.cutoffs.all() if c.age_interval_months <= age_months]
        if reached:
            return max(reached, key=lambda c: c.age_interval_months).cutoff
    return domain.cutoff
