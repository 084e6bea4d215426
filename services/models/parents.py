"""Strand 7, respecting and engaging parents: the parent forum (advisory board), feedback on
services, and "you said, we did"."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class ParentForum(models.Model):
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="parent_forums")
    name = models.CharField(max_length=150, help_text="For example, Ashby Road parents' forum")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "name"],
                name="parent_forum_name_unique_per_centre",
                violation_error_message="The centre already has a forum with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ForumMember(models.Model):
    """A member of the forum: a registered parent (adult), or someone named here only (a
    community representative, a parent who has not registered)."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        SECRETARY = "secretary", "Secretary"
        TREASURER = "treasurer", "Treasurer"

    forum = models.ForeignKey(ParentForum, on_delete=models.CASCADE, related_name="members")
    adult = models.ForeignKey(
        # CASCADE, not SET_NULL: a member must be someone (the check below). Carers are never
        # deleted by the app (merges move them, anonymisation blanks them), so this only matters
        # when records are removed wholesale.
        "families.Adult",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="forum_memberships",
    )
    name = models.CharField(max_length=100, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    # Anonymising a family blanks the name kept here for any of its carers.
    ANONYMISED_VALUES: ClassVar[dict[str, str]] = {"name": "Anonymised"}

    class Meta:
        ordering = ["left_on", "name", "id"]
        constraints = [
            models.CheckConstraint(
                name="forum_member_is_someone",
                condition=models.Q(adult__isnull=False) | ~models.Q(name=""),
                violation_error_message="Enter the member's name.",
            ),
            models.CheckConstraint(
                name="forum_member_leaves_after_joining",
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                violation_error_message="The date they left must be on or after the date they joined.",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.adult)


class ForumMeeting(models.Model):
    forum = models.ForeignKey(ParentForum, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    attendees = models.PositiveSmallIntegerField()
    minutes_summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.forum} on {self.date:%d/%m/%Y}"


SATISFACTION_CHOICES = [
    (1, "1: very dissatisfied"),
    (2, "2: dissatisfied"),
    (3, "3: neither satisfied nor dissatisfied"),
    (4, "4: satisfied"),
    (5, "5: very satisfied"),
]


class Feedback(models.Model):
    """What a parent said about the centre or one of its services, with a 1 to 5 satisfaction."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="feedback")
    service = models.ForeignKey(
        "services.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="feedback"
    )
    date = models.DateField()
    satisfaction = models.PositiveSmallIntegerField(
        choices=SATISFACTION_CHOICES, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True)
    anonymous = models.BooleanField(default=True, help_text="The person chose not to give their name.")
    given_by = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "feedback"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["centre", "date"])]
        constraints = [
            models.CheckConstraint(
                name="feedback_satisfaction_1_to_5",
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5),
                violation_error_message="Choose a satisfaction from 1 to 5.",
            ),
            models.CheckConstraint(
                name="feedback_anonymous_has_no_name",
                condition=models.Q(anonymous=False) | models.Q(given_by=""),
                violation_error_message="Anonymous feedback has no name.",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback to {self.centre} on {self.date:%d/%m/%Y}"


class YouSaidWeDid(models.Model):
    """What parents asked for and what the centre did about it, published on its noticeboards."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="you_said_we_did")
    you_said = models.TextField()
    we_did = models.TextField()
    date = models.DateField()
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "you said, we did"
        verbose_name_plural = "you said, we did"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"You said, we did at {self.centre} on {self.date:%d/%m/%Y}"
