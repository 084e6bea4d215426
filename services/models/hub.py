"""Strand 5, a hub for the community: rooms that community groups book, and volunteers' time.

A room is never booked twice at once. `room_book` (services/community/services.py) locks the
room's row and refuses an overlap with a clear message; on PostgreSQL an exclusion constraint
(added by the migration, needs the btree_gist extension) refuses one in the database too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class Room(models.Model):
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=100)
    capacity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="How many people it holds."
    )
    active = models.BooleanField(default=True, help_text="Rooms no longer used are kept for past bookings.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "name"],
                name="room_name_unique_per_centre",
                violation_error_message="The centre already has a room with this name.",
            ),
            models.CheckConstraint(name="room_holds_someone", condition=models.Q(capacity__gte=1)),
        ]

    def __str__(self) -> str:
        return self.name


class RoomBooking(models.Model):
    """A room booked by a community group (a lunch club, a residents' association)."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings")
    group_name = models.CharField("community group", max_length=150)
    contact_name = models.CharField(max_length=100)
    contact_phone = models.CharField(max_length=20, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    attendees_expected = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    charge = models.DecimalField(
        max_digits=8, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)
    # Cancelled bookings are kept (they are the hub's history) and free the room.
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["room", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                name="room_booking_ends_after_start",
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                violation_error_message="The end must be after the start.",
            ),
            models.CheckConstraint(name="room_booking_charge_not_negative", condition=models.Q(charge__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.group_name} in {self.room} at {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    def clean(self) -> None:
        room = self.room if self.room_id else None
        if room is not None and self.attendees_expected and self.attendees_expected > room.capacity:
            raise ValidationError({"attendees_expected": f"{room.name} holds {room.capacity} people at most"})


class Volunteer(models.Model):
    """Someone who gives their time to the centre: often a parent registered with it (strand 7)."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="volunteers")
    name = models.CharField(max_length=100)
    adult = models.ForeignKey(
        "families.Adult",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteering",
        help_text="The parent or carer's record, when a registered parent volunteers.",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    roles = models.TextField(blank=True, help_text="What they do: stay and play helper, lunch club, reception.")

    # Anonymising a family blanks the name of any of its carers who volunteered (families'
    # privacy service reads this).
    ANONYMISED_VALUES: ClassVar[dict[str, str]] = {"name": "Anonymised"}

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                name="volunteer_ends_after_start",
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                violation_error_message="The end date must be on or after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VolunteerHours(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="hour_entries")
    date = models.DateField()
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), "Enter hours of more than 0"),
            MaxValueValidator(24, "Enter hours of 24 or fewer"),
        ],
    )
    activity = models.CharField(max_length=150)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "volunteer hours"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["volunteer", "date"])]
        constraints = [
            models.CheckConstraint(
                name="volunteer_hours_in_a_day",
                condition=models.Q(hours__gt=0, hours__lte=24),
                violation_error_message="Enter hours between 0.01 and 24.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours} hours by {self.volunteer} on {self.date:%d/%m/%Y}"

    def clean(self) -> None:
        volunteer = self.volunteer if self.volunteer_id else None
        if volunteer is None or self.date is None:
            return
        if self.date < volunteer.started_on:
            raise ValidationError({"date": f"{volunteer.name} started volunteering on {volunteer.started_on:%d/%m/%Y}"})
        if volunteer.ended_on and self.date > volunteer.ended_on:
            raise ValidationError({"date": f"{volunteer.name} stopped volunteering on {volunteer.ended_on:%d/%m/%Y}"})
        if self.date > timezone.localdate():
            raise ValidationError({"date": "The date cannot be in the future"})
