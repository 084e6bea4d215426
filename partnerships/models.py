from __future__ import annotations

from django.db import models


class PartnerKind(models.TextChoices):
    HEALTH_VISITING = "health_visiting", "Health visiting"
    MIDWIFERY = "midwifery", "Midwifery"
    GP = "gp", "GP practice"
    SOCIAL_CARE = "social_care", "Children's social care"
    JOBCENTRE = "jobcentre", "Jobcentre Plus"
    SCHOOL = "school", "School"
    EARLY_YEARS = "early_years", "Early-years provider"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    HOUSING = "housing", "Housing"
    ADULT_LEARNING = "adult_learning", "Adult learning"
    OTHER = "other", "Other"


class Partner(models.Model):
    """An organisation the centres work with: it refers families, provides services, shares data."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=PartnerKind.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    address = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
