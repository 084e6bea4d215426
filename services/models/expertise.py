"""Strand 6, sharing expertise with other early-years settings: training, support visits and
network meetings the centres give to childminders, nurseries, pre-schools and schools.

"Settings supported" in a period is the number of distinct settings with an attendance at an
event in it (services/community/selectors.py `expertise_totals`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models


class Setting(models.Model):
    """An early-years setting outside the centres. Shared by the whole authority: a childminder
    supported by two centres is one setting."""

    class Kind(models.TextChoices):
        CHILDMINDER = "childminder", "Childminder"
        NURSERY = "nursery", "Day nursery"
        PRESCHOOL = "preschool", "Pre-school or playgroup"
        SCHOOL = "school", "School (nursery or reception class)"
        OTHER = "other", "Other"

    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    ofsted_urn = models.CharField(
        "Ofsted URN",
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^(EY)?\d{6,7}$", "Enter an Ofsted URN like 123456 or EY123456")],
    )
    postcode = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ofsted_urn"],
                condition=~models.Q(ofsted_urn=""),
                name="setting_ofsted_urn_unique",
                violation_error_message="A setting with this Ofsted URN is already recorded.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TrainingEvent(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", "Training"
        SUPPORT_VISIT = "support_visit", "Support visit"
        NETWORK = "network", "Network meeting"

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="training_events")
    title = models.CharField(max_length=150)
    date = models.DateField()
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.25"), "Enter hours of 0.25 or more"),
            MaxValueValidator(24, "Enter hours of 24 or fewer"),
        ],
        help_text="How long it lasted, like 2.5",
    )
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.TRAINING)
    delivered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["centre", "date"])]
        constraints = [
            models.CheckConstraint(
                name="training_event_hours_in_a_day", condition=models.Q(hours__gt=0, hours__lte=24)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} on {self.date:%d/%m/%Y}"


class TrainingAttendance(models.Model):
    """How many people from one setting came to an event."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="attendances")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="attendances")
    attendees = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["event", "setting__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "setting"],
                name="training_attendance_once_per_setting",
                violation_error_message="This setting is already listed for the event.",
            ),
            models.CheckConstraint(name="training_attendance_someone_came", condition=models.Q(attendees__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.attendees} from {self.setting} at {self.event}"
