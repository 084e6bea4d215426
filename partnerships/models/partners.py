"""Partner organisations and the information-sharing agreements the authority holds with them."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from partnerships.querysets import AgreementQuerySet


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
    contact_name = models.CharField("main contact", max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    address = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DataCategory(models.TextChoices):
    """What an agreement lets the parties share."""

    CONTACT = "contact", "Names and contact details"
    HOUSEHOLD = "household", "Household, address and circumstances"
    CHILDREN = "children", "Children's details, including NHS numbers"
    BIRTHS = "births", "Birth notifications"
    HEALTH = "health", "Health information"
    SOCIAL_CARE = "social_care", "Social care and safeguarding information"
    ATTENDANCE = "attendance", "Attendance and contacts with the centre"
    OUTCOMES = "outcomes", "Assessments and outcomes"


class LawfulBasis(models.TextChoices):
    """UK GDPR Article 6(1): the lawful basis for the sharing."""

    CONSENT = "6_1_a", "Article 6(1)(a): consent"
    LEGAL_OBLIGATION = "6_1_c", "Article 6(1)(c): legal obligation"
    VITAL_INTERESTS = "6_1_d", "Article 6(1)(d): vital interests"
    PUBLIC_TASK = "6_1_e", "Article 6(1)(e): public task"
    LEGITIMATE_INTERESTS = "6_1_f", "Article 6(1)(f): legitimate interests (not for a public authority's tasks)"


class SpecialCategoryCondition(models.TextChoices):
    """UK GDPR Article 9(2): the condition for sharing special category data (health, ethnicity...)."""

    EXPLICIT_CONSENT = "9_2_a", "Article 9(2)(a): explicit consent"
    SOCIAL_PROTECTION = "9_2_b", "Article 9(2)(b): employment, social security and social protection"
    VITAL_INTERESTS = "9_2_c", "Article 9(2)(c): vital interests"
    SUBSTANTIAL_PUBLIC_INTEREST = "9_2_g", "Article 9(2)(g): substantial public interest (DPA 2018 Schedule 1)"
    HEALTH_SOCIAL_CARE = "9_2_h", "Article 9(2)(h): health or social care"


class InformationSharingAgreement(models.Model):
    """An agreement with a partner: what may be shared, on what legal basis, from when to when.

    A referral out to a partner with no current agreement is allowed (the family's consent is
    what the law asks for), but the screens warn, so that the gap is seen and closed.
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField(max_length=200)
    # A list of DataCategory values (JSON, so that SQLite and PostgreSQL store it alike).
    scope = models.JSONField("data shared", default=list)
    lawful_basis = models.CharField("lawful basis (Article 6)", max_length=5, choices=LawfulBasis.choices)
    special_category_condition = models.CharField(
        "special category condition (Article 9)",
        max_length=5,
        choices=SpecialCategoryCondition.choices,
        blank=True,
        help_text="Leave blank if no special category data is shared.",
    )
    starts_on = models.DateField("starts")
    ends_on = models.DateField("ends", null=True, blank=True, help_text="Leave blank for no end date.")
    document_reference = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["partner__name", "-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_it_starts",
                violation_error_message="The end date must be on or after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.partner})"

    def clean(self) -> None:
        unknown = [value for value in self.scope or [] if value not in DataCategory.values]
        if not self.scope or unknown:
            raise ValidationError({"scope": "Select the kinds of data the agreement covers"})

    def is_current_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)

    @property
    def scope_labels(self) -> list[str]:
        labels = dict(DataCategory.choices)
        return [str(labels.get(value, value)) for value in self.scope or []]
