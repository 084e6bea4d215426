from __future__ import annotations

from datetime import date

from django.db import models

from families.choices import Employment, Ethnicity, Learning, Relationship, Sex
from families.models.household import Family
from families.nhs import validate_nhs_number
from families.querysets import ChildQuerySet


class Adult(models.Model):
    """A parent or carer in the household."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="adults")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOT_STATED)
    employment = models.CharField(max_length=15, choices=Employment.choices, default=Employment.NOT_KNOWN)
    learning = models.CharField(max_length=15, choices=Learning.choices, default=Learning.NOT_KNOWN)
    disabled = models.BooleanField(default=False)
    english_additional_language = models.BooleanField("English is an additional language", default=False)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)

    # The one list of a carer's own fields: what the screen's form, the people services and the
    # API read and write.
    EDITABLE_FIELDS = (
        "first_name",
        "last_name",
        "date_of_birth",
        "sex",
        "relationship",
        "ethnicity",
        "employment",
        "learning",
        "disabled",
        "english_additional_language",
        "phone",
        "email",
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["last_name", "first_name"]), models.Index(fields=["date_of_birth"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Child(models.Model):
    """A child of the household, or an expected baby (expected_date, no date of birth yet)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(max_length=100, blank=True, help_text="May be blank before birth.")
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date = models.DateField("expected date of birth", null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOT_STATED)
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, db_index=True, validators=[validate_nhs_number]
    )
    send = models.BooleanField("special educational needs or disability (SEND)", default=False)
    funded_two_eligible = models.BooleanField("eligible for funded early education at two", default=False)
    funded_two_taken_up = models.BooleanField("taking up funded early education at two", default=False)
    # Restricted: shown and changed only by staff with restricted_access (centres.roles).
    child_in_need = models.BooleanField("child in need", default=False)
    child_protection_plan = models.BooleanField("on a child protection plan", default=False)
    looked_after = models.BooleanField("looked after", default=False)

    objects = ChildQuerySet.as_manager()

    RESTRICTED_FIELDS = ("child_in_need", "child_protection_plan", "looked_after")
    # A child's own fields but the safeguarding statuses: what the API reads and writes.
    OPEN_FIELDS = (
        "first_name",
        "last_name",
        "date_of_birth",
        "expected_date",
        "sex",
        "ethnicity",
        "nhs_number",
        "send",
        "funded_two_eligible",
        "funded_two_taken_up",
    )
    # What the screen's form and the people services read and write (restricted ones by grant).
    EDITABLE_FIELDS = (*OPEN_FIELDS, *RESTRICTED_FIELDS)

    class Meta:
        verbose_name_plural = "children"
        ordering = ["date_of_birth", "id"]
        indexes = [
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["last_name", "first_name"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="child_born_or_expected",
                condition=models.Q(date_of_birth__isnull=False) | models.Q(expected_date__isnull=False),
                violation_error_message="Enter the date of birth, or the expected date for an unborn child.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name or 'Unborn'} {self.last_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None

    def age_on(self, day: date) -> int | None:
        """Whole years on the day, or None for an unborn child."""
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
