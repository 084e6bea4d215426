"""Sessions of a service, their bookings and waiting lists, and drop-in visitors."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from services.models.catalogue import Service


class SessionSeries(models.Model):
    """A weekly timetable slot: the sessions it created keep a link back to it."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="series")
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="session_series")
    weekday = models.PositiveSmallIntegerField(
        choices=[
            (i, d) for i, d in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
        ]
    )
    start_time = models.TimeField()
    end_time = models.TimeField()
    first_date = models.DateField()
    last_date = models.DateField()
    capacity = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name_plural = "session series"
        constraints = [
            models.CheckConstraint(
                name="series_ends_after_start", condition=models.Q(last_date__gte=models.F("first_date"))
            ),
            models.CheckConstraint(
                name="series_time_in_order", condition=models.Q(end_time__gt=models.F("start_time"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} on {self.get_weekday_display()}s"


class Session(models.Model):
    """One dated occurrence of a service, with its attendance register."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="sessions")
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="sessions")
    venue = models.CharField(max_length=150, blank=True, help_text="If not at the centre itself.")
    date = models.DateField(db_index=True)
    start_time = models.TimeField()
    end_time = models.TimeField()
    capacity = models.PositiveSmallIntegerField()
    series = models.ForeignKey(SessionSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    cancelled = models.BooleanField(default=False)
    register_taken_at = models.DateTimeField(null=True, blank=True)
    register_taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "start_time", "id"]
        indexes = [models.Index(fields=["centre", "date"])]
        constraints = [
            models.CheckConstraint(
                name="session_time_in_order", condition=models.Q(end_time__gt=models.F("start_time"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.date:%d/%m/%Y} {self.start_time:%H:%M}"


class Booking(models.Model):
    """A family's place on a booked course (a series), or on its waiting list."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    series = models.ForeignKey(SessionSeries, on_delete=models.CASCADE, related_name="bookings")
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="bookings")
    child = models.ForeignKey("families.Child", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]  # the waiting list is first come, first served
        constraints = [
            models.UniqueConstraint(
                fields=["series", "family"],
                condition=~models.Q(status="cancelled"),
                name="one_live_booking_per_family_and_series",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} {self.get_status_display()} for {self.series}"


class DropInVisit(models.Model):
    """Someone who came to a session without being registered: a minimal record, taken at the
    door, that becomes a full registration later (converted_family)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="drop_ins")
    carer_name = models.CharField(max_length=100)
    child_name = models.CharField(max_length=100, blank=True)
    child_age_months = models.PositiveSmallIntegerField(null=True, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    converted_family = models.ForeignKey(
        "families.Family", on_delete=models.SET_NULL, null=True, blank=True, related_name="drop_in_visits"
    )

    # Blanked when the family it became is anonymised (families.services.privacy).
    ANONYMISED_VALUES = {"carer_name": "Anonymised", "child_name": "", "postcode": ""}

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Drop-in at {self.session}"
