"""Reads for assessing need across the area: the area profile of a centre or of the authority.

Each profile is a fixed number of queries whatever the number of LSOAs: one for the rows (the
population, deprivation and current reach area joined with FilteredRelation), one aggregate
for the summary, one for the years available and, if boundaries are loaded, one for the map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, F, FilteredRelation, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from centres.models import LSOA, Centre, Population, ReachAreaLSOA
from centres.models.areas import RELEASE_VINTAGE, DeprivationRelease

DEPRIVED_DECILES = (1, 2, 3)  # the 30% most deprived LSOAs in England
LOW_REGISTRATION_SHARE = 0.2  # the fifth of LSOAs with the lowest registration rate is flagged

UNDER_5 = sum(
    (Coalesce(F(f"pop__age_{age}"), Value(0)) for age in range(1, 5)), start=Coalesce(F("pop__age_0"), Value(0))
)


@dataclass(frozen=True)
class AreaProfile:
    vintage: int
    release: str | None
    year: int | None
    years: list[int]
    rows: list[dict[str, Any]]
    summary: dict[str, Any]
    deciles: list[dict[str, int]] = field(default_factory=list)
    boundaries: dict[int, Any] = field(default_factory=dict)

    @property
    def release_label(self) -> str:
        return DeprivationRelease(self.release).label if self.release else ""

    @property
    def registration_rate(self) -> float | None:
        total = self.summary.get("under_5") or 0
        return (self.summary.get("registered") or 0) / total if total else None

    @property
    def deprived_share(self) -> float | None:
        total = self.summary.get("under_5") or 0
        return (self.summary.get("deprived_under_5") or 0) / total if total else None


def release_for(vintage: int) -> str | None:
    """The newest Indices of Deprivation published on these boundaries."""
    releases = [release for release, v in RELEASE_VINTAGE.items() if v == vintage]
    return max(releases) if releases else None


def population_years(vintage: int) -> list[int]:
    return sorted(
        Population.objects.filter(lsoa__vintage=vintage).values_list("year", flat=True).distinct(), reverse=True
    )


def _annotated(vintage: int, year: int | None, release: str | None) -> QuerySet[LSOA]:
    return LSOA.objects.filter(vintage=vintage).annotate(
        pop=FilteredRelation("populations", condition=Q(populations__year=year)),
        dep=FilteredRelation("deprivation", condition=Q(deprivation__release=release)),
        current=FilteredRelation("reach_memberships", condition=Q(reach_memberships__removed_on__isnull=True)),
    )


def authority_lsoas(queryset: QuerySet[LSOA]) -> QuerySet[LSOA]:
    """The authority's LSOAs: those in a reach area, and every other LSOA of the same local
    authority districts (so that neighbourhoods in no reach area show up as gaps)."""
    # From the memberships, not from LSOA: "reach_memberships__removed_on__isnull" on LSOA is a
    # LEFT JOIN that would also match LSOAs that were never in any reach area.
    districts = (
        ReachAreaLSOA.objects.filter(removed_on__isnull=True)
        .exclude(lsoa__local_authority_code="")
        .values("lsoa__local_authority_code")
    )
    return queryset.filter(Q(current__isnull=False) | Q(local_authority_code__in=districts))


def five_years_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 5)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 5, day=28)


def registered_under_fives(on: date) -> Subquery:
    """Per LSOA (OuterRef "pk"): children under five on the day, registered by then with any
    centre, whose family lives in the LSOA (current address); merged and anonymised records
    are left out. Registration, not reach: it needs no contact."""
    from families.models import Child

    children = (
        Child.objects.filter(
            family__addresses__lsoa=OuterRef("pk"),
            family__addresses__moved_out__isnull=True,
            family__anonymised_at__isnull=True,
            family__merged_into__isnull=True,
            family__registration_date__lte=on,
            date_of_birth__lte=on,
            date_of_birth__gt=five_years_before(on),
        )
        .order_by()
        .values("family__addresses__lsoa")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(children)


def area_profile(*, centre: Centre | None, year: int | None = None) -> AreaProfile:
    """A centre's reach area (or, with centre=None, the whole authority), LSOA by LSOA."""
    vintage = settings.LSOA_VINTAGE
    release = release_for(vintage)
    years = population_years(vintage)
    if year not in years:
        year = years[0] if years else None
    lsoas = _annotated(vintage, year, release)
    if centre is not None:
        # "current" is the FilteredRelation above, which django-stubs cannot see.
        lsoas = lsoas.filter(current__reach_area__centre=centre)  # type: ignore[misc]
    else:
        lsoas = authority_lsoas(lsoas)
    rows = list(
        lsoas.annotate(under_5=UNDER_5, registered=Coalesce(registered_under_fives(timezone.localdate()), 0))
        .values(
            "pk",
            "code",
            "name",
            "dep__imd_rank",
            "dep__imd_decile",
            "dep__idaci_decile",
            "pop__age_0",
            "pop__age_1",
            "pop__age_2",
            "pop__age_3",
            "pop__age_4",
            "under_5",
            "registered",
            "current__reach_area__centre_id",
            "current__reach_area__centre__name",
        )
        .order_by(F("dep__imd_rank").asc(nulls_last=True), "code")
    )
    deprived = Q(dep__imd_decile__in=DEPRIVED_DECILES)
    summary = lsoas.aggregate(
        lsoas=Count("pk"),
        under_5=Coalesce(Sum(UNDER_5), 0),
        deprived_lsoas=Count("pk", filter=deprived),
        deprived_under_5=Coalesce(Sum(UNDER_5, filter=deprived), 0),
        unassigned_lsoas=Count("pk", filter=Q(current__isnull=True)),
        no_population=Count("pk", filter=Q(pop__isnull=True)),
        no_deprivation=Count("pk", filter=Q(dep__isnull=True)),
        **{f"decile_{d}": Count("pk", filter=Q(dep__imd_decile=d)) for d in range(1, 11)},
        **{f"decile_{d}_under_5": Coalesce(Sum(UNDER_5, filter=Q(dep__imd_decile=d)), 0) for d in range(1, 11)},
    )
    deciles = [
        {"decile": d, "lsoas": summary[f"decile_{d}"], "under_5": summary[f"decile_{d}_under_5"]} for d in range(1, 11)
    ]
    _flag_low_registration(rows)
    summary["registered"] = sum(row["registered"] for row in rows)
    boundaries = dict(
        LSOA.objects.filter(pk__in=[row["pk"] for row in rows], boundary__isnull=False).values_list("pk", "boundary")
    )
    return AreaProfile(
        vintage=vintage,
        release=release,
        year=year,
        years=years,
        rows=rows,
        summary=summary,
        deciles=deciles,
        boundaries=boundaries,
    )


def _flag_low_registration(rows: list[dict[str, Any]]) -> None:
    """Registration rate per LSOA, and a flag on the fifth of LSOAs where it is lowest."""
    for row in rows:
        row["registration_rate"] = row["registered"] / row["under_5"] if row["under_5"] else None
        row["low_registration"] = False
    rated = sorted((r for r in rows if r["registration_rate"] is not None), key=lambda r: r["registration_rate"])
    for row in rated[: max(1, round(len(rated) * LOW_REGISTRATION_SHARE))] if len(rated) > 1 else []:
        row["low_registration"] = True


def latest_population_year() -> int | None:
    return Population.objects.filter(lsoa__vintage=settings.LSOA_VINTAGE).aggregate(y=Max("year"))["y"]


@dataclass(frozen=True)
class PostcodeArea:
    """Where a postcode lies: its LSOA on the current boundaries and whose reach area that is."""

    postcode: str
    found: bool
    lsoa: LSOA | None = None
    centre: Centre | None = None
    terminated: bool = False

    def in_area_of(self, centre: Centre) -> bool:
        return self.centre is not None and self.centre.pk == centre.pk


def postcode_area(*, postcode: str) -> PostcodeArea:
    """Look a postcode up in the directory. Raises InvalidPostcode if it is not one.

    A postcode missing from the directory is `found=False`: where allowed, the family is
    recorded with "LSOA unknown" and the data-quality list shows it.
    """
    from centres.models import Postcode
    from centres.postcodes import normalise_postcode

    normal = normalise_postcode(postcode)
    vintage = settings.LSOA_VINTAGE
    lsoa_field = "lsoa_2021" if vintage == 2021 else "lsoa_2011"
    row = Postcode.objects.filter(postcode=normal).select_related(lsoa_field).first()
    if row is None:
        return PostcodeArea(postcode=normal, found=False)
    lsoa = row.lsoa_for(vintage)
    membership = (
        ReachAreaLSOA.objects.filter(lsoa=lsoa, removed_on__isnull=True).select_related("reach_area__centre").first()
        if lsoa is not None
        else None
    )
    return PostcodeArea(
        postcode=normal,
        found=True,
        lsoa=lsoa,
        centre=membership.reach_area.centre if membership else None,
        terminated=row.terminated is not None,
    )
