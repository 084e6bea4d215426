"""Reference data for assessing need across an area (strand 2): LSOAs, deprivation, the
under-five population, the postcode directory, and each centre's reach area."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Vintage(models.IntegerChoices):
    """LSOA boundaries: the Indices of Deprivation 2019 use the 32,844 LSOAs of 2011, the
    Indices of 2025 the 33,755 LSOAs of 2021. Most codes are the same in both."""

    V2011 = 2011, "2011 boundaries"
    V2021 = 2021, "2021 boundaries"


class DeprivationRelease(models.TextChoices):
    IOD2019 = "iod2019", "English Indices of Deprivation 2019"
    IOD2025 = "iod2025", "English Indices of Deprivation 2025"


# Which boundaries each release was published on.
RELEASE_VINTAGE = {DeprivationRelease.IOD2019: Vintage.V2011, DeprivationRelease.IOD2025: Vintage.V2021}
# How many LSOAs each release ranks: rank 1 is the most deprived, this one the least.
RELEASE_SIZE = {DeprivationRelease.IOD2019: 32_844, DeprivationRelease.IOD2025: 33_755}


class LSOA(models.Model):
    code = models.CharField(max_length=9)
    vintage = models.PositiveSmallIntegerField(choices=Vintage.choices)
    name = models.CharField(max_length=100, blank=True)
    local_authority_code = models.CharField(max_length=9, blank=True)
    # Optional GeoJSON geometry (imported from ONS boundaries) for the reach-area map.
    boundary = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "LSOA"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code", "vintage"], name="lsoa_code_unique_per_vintage")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class Deprivation(models.Model):
    lsoa = models.ForeignKey(LSOA, on_delete=models.CASCADE, related_name="deprivation")
    release = models.CharField(max_length=10, choices=DeprivationRelease.choices)
    imd_rank = models.PositiveIntegerField("IMD rank")
    imd_decile = models.PositiveSmallIntegerField("IMD decile")
    idaci_rank = models.PositiveIntegerField("IDACI rank", null=True, blank=True)
    idaci_decile = models.PositiveSmallIntegerField("IDACI decile", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lsoa", "release"], name="deprivation_once_per_release"),
            models.CheckConstraint(condition=models.Q(imd_decile__range=(1, 10)), name="imd_decile_1_to_10"),
            models.CheckConstraint(
                condition=models.Q(idaci_decile__isnull=True) | models.Q(idaci_decile__range=(1, 10)),
                name="idaci_decile_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lsoa.code} {self.release}: IMD decile {self.imd_decile}"


class Population(models.Model):
    """ONS mid-year estimate of the children aged 0 to 4 living in an LSOA."""

    lsoa = models.ForeignKey(LSOA, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField("mid-year")
    age_0 = models.PositiveIntegerField(default=0)
    age_1 = models.PositiveIntegerField(default=0)
    age_2 = models.PositiveIntegerField(default=0)
    age_3 = models.PositiveIntegerField(default=0)
    age_4 = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lsoa", "year"], name="population_once_per_year")]

    def __str__(self) -> str:
        return f"{self.lsoa.code} mid-{self.year}: {self.under_5} under five"

    @property
    def under_5(self) -> int:
        return self.age_0 + self.age_1 + self.age_2 + self.age_3 + self.age_4


class LSOALookup(models.Model):
    """The official ONS lookup between 2011 and 2021 LSOAs."""

    class Change(models.TextChoices):
        UNCHANGED = "U", "Unchanged"
        SPLIT = "S", "Split"
        MERGED = "M", "Merged"
        IRREGULAR = "X", "Redesigned"

    lsoa_2011 = models.ForeignKey(LSOA, on_delete=models.CASCADE, related_name="lookups_to_2021")
    lsoa_2021 = models.ForeignKey(LSOA, on_delete=models.CASCADE, related_name="lookups_from_2011")
    change = models.CharField(max_length=1, choices=Change.choices)

    class Meta:
        verbose_name = "LSOA 2011 to 2021 lookup"
        constraints = [models.UniqueConstraint(fields=["lsoa_2011", "lsoa_2021"], name="lsoa_lookup_pair_once")]

    def __str__(self) -> str:
        return f"{self.lsoa_2011.code} -> {self.lsoa_2021.code} ({self.change})"


class Postcode(models.Model):
    """One row of the ONS postcode directory: a postcode and the LSOAs it lies in."""

    postcode = models.CharField(max_length=8, unique=True)  # normalised: "SW1A 1AA"
    lsoa_2011 = models.ForeignKey(LSOA, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    lsoa_2021 = models.ForeignKey(LSOA, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    local_authority_code = models.CharField(max_length=9, blank=True)
    terminated = models.DateField(null=True, blank=True, help_text="When Royal Mail stopped using it.")

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode

    def lsoa_for(self, vintage: int) -> LSOA | None:
        return self.lsoa_2021 if vintage == Vintage.V2021 else self.lsoa_2011


class ReachArea(models.Model):
    """The neighbourhoods a centre is responsible for reaching: a set of LSOAs."""

    centre = models.OneToOneField("centres.Centre", on_delete=models.CASCADE, related_name="reach_area")
    lsoas: models.ManyToManyField[LSOA, ReachAreaLSOA] = models.ManyToManyField(
        LSOA, through="ReachAreaLSOA", related_name="reach_areas"
    )

    def __str__(self) -> str:
        return f"Reach area of {self.centre}"


class ReachAreaLSOA(models.Model):
    """An LSOA's membership of a reach area, with dates so that past areas can be rebuilt.

    An LSOA belongs to at most one reach area at a time: the database refuses a second current
    membership (a partial unique index, on SQLite and PostgreSQL alike).
    """

    reach_area = models.ForeignKey(ReachArea, on_delete=models.CASCADE, related_name="memberships")
    lsoa = models.ForeignKey(LSOA, on_delete=models.PROTECT, related_name="reach_memberships")
    added_on = models.DateField(default=timezone.localdate)
    removed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "reach area LSOA"
        constraints = [
            models.UniqueConstraint(
                fields=["lsoa"],
                condition=models.Q(removed_on__isnull=True),
                name="lsoa_in_one_reach_area_at_a_time",
                violation_error_message="This LSOA is already in another centre's reach area.",
            ),
            models.CheckConstraint(
                condition=models.Q(removed_on__isnull=True) | models.Q(removed_on__gte=models.F("added_on")),
                name="reach_membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lsoa.code} in {self.reach_area}"
