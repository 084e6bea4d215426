"""Birth notifications from health, and the uploads they arrive in."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from centres.models.constraints import by_staff_or_api_client
from centres.models.imports import ReferenceFileStorage, UploadedImport
from families.choices import Sex
from partnerships.querysets import BirthNotificationManager

# Registered within this many weeks of birth counts as reached (R7).
R7_WEEKS = 8


class BirthImport(UploadedImport):
    """A file of birth notifications uploaded by an administrator or a manager: previewed (a
    dry run), then applied. The same life as centres' ReferenceImport, in its own table
    because birth files hold personal data and belong to this app."""

    file = models.FileField(upload_to="imports/births/%Y/%m/", storage=ReferenceFileStorage(), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="birth_imports"
    )
    # Or health's system, through the API (exactly one of the two).
    api_client = models.ForeignKey(
        "centres.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="birth_imports"
    )

    class Meta(UploadedImport.Meta):
        constraints = [
            by_staff_or_api_client(
                name="birth_import_by_staff_or_api_client",
                message="An upload is by a member of staff or by an API client.",
            ),
        ]

    def __str__(self) -> str:
        return f"Birth notifications: {self.original_filename} ({self.get_status_display()})"


class MatchMethod(models.TextChoices):
    NHS = "nhs", "NHS number"
    EXACT = "exact", "Date of birth, postcode and surname"
    NEAR = "near", "Date of birth, postcode and a similar surname"
    MANUAL = "manual", "Matched by staff"


class BirthNotification(models.Model):
    """A birth health told the authority about, matched (or not yet) to a registered child.

    The unmatched births in a centre's reach area are its outreach list. One child is matched
    to at most one notification (a partial unique index), so a re-import cannot match twice.
    """

    date_of_birth = models.DateField()
    postcode = models.CharField(max_length=8)  # normalised: "ZX1 0AB"
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    mother_name = models.CharField("mother's name", max_length=200, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    notified_on = models.DateField("notified")
    # From the postcode directory when imported: the LSOA and whose reach area it is in.
    lsoa = models.ForeignKey("centres.LSOA", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    centre = models.ForeignKey(
        "centres.Centre", on_delete=models.SET_NULL, null=True, blank=True, related_name="birth_notifications"
    )
    birth_import = models.ForeignKey(
        BirthImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    matched_child = models.ForeignKey(
        "families.Child", on_delete=models.SET_NULL, null=True, blank=True, related_name="birth_notifications"
    )
    matched_on = models.DateField(null=True, blank=True)
    match_method = models.CharField(max_length=10, choices=MatchMethod.choices, blank=True)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contacted_on = models.DateField(null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BirthNotificationManager()

    # When the matched child's family is anonymised (reached through matched_child).
    ANONYMISED_VALUES = {"mother_name": "", "nhs_number": "", "postcode": ""}

    class Meta:
        ordering = ["-date_of_birth", "-id"]
        indexes = [models.Index(fields=["centre", "date_of_birth"]), models.Index(fields=["date_of_birth", "postcode"])]
        constraints = [
            models.UniqueConstraint(
                fields=["matched_child"], condition=Q(matched_child__isnull=False), name="birth_matched_to_one_child"
            ),
            models.UniqueConstraint(fields=["nhs_number"], condition=~Q(nhs_number=""), name="birth_nhs_number_once"),
            # A match says how it was made. (One way only: if the child's record is removed, the
            # notification keeps its method with no child, rather than blocking the removal.)
            models.CheckConstraint(
                name="birth_match_has_method",
                condition=Q(matched_child__isnull=True) | ~Q(match_method=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Birth notification {self.pk}"

    @property
    def is_matched(self) -> bool:
        return self.matched_child_id is not None

    def age_in_weeks(self, on: date) -> int:
        return max(0, (on - self.date_of_birth).days // 7)
