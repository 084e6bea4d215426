from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from families.models.household import Family


class TargetGroup(models.TextChoices):
    """The groups a centre must reach (DOMAIN.md). All but the last two of the restricted
    kind are derived from recorded facts (families.target_groups)."""

    DEPRIVED_AREA = "deprived_area", "Living in the 30% most deprived areas"
    LONE_PARENT = "lone_parent", "Lone parent"
    TEENAGE_PARENT = "teenage_parent", "Teenage parent"
    WORKLESS = "workless", "Workless household"
    MINORITY_ETHNIC = "minority_ethnic", "Black and minority ethnic"
    DISABLED_CHILD = "disabled_child", "Disabled child or SEND"
    FATHERS = "fathers", "Fathers and male carers"
    SAFEGUARDING = "safeguarding", "Child in need, protection plan or looked after"
    EAL = "eal", "English as an additional language"
    FUNDED_TWO = "funded_two", "Eligible for funded early education at two"
    EXPECTANT = "expectant", "Expectant parents"
    TEMPORARY_ACCOMMODATION = "temporary_accommodation", "Temporary accommodation"


# Only staff with restricted access may see that a family is in these groups.
RESTRICTED_GROUPS = frozenset({TargetGroup.SAFEGUARDING})


class FamilyTargetGroup(models.Model):
    """A family's membership of a target group over time.

    Derived rows are kept up to date by families.target_groups.target_groups_refresh whenever
    the facts change; recorded rows are entered by staff where the facts cannot show it.
    """

    class Source(models.TextChoices):
        DERIVED = "derived", "From the family's records"
        RECORDED = "recorded", "Recorded by staff"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="target_groups")
    group = models.CharField(max_length=30, choices=TargetGroup.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["group", "-started_on"]
        indexes = [models.Index(fields=["group", "started_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "group", "source"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_membership_per_group_and_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} {self.group} from {self.started_on}"
