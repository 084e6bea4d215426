"""Reference data for aggregates:read clients: centres, reach areas and LSOAs."""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery, Sum

from centres.api.filters import ApiFilterSet, IntegerFilter, integer_filter
from centres.api.serializers import CentreSerializer, LSOASerializer, ReachAreaSerializer
from centres.api.viewsets import AggregatesViewSet
from centres.models import LSOA, Centre, Deprivation, Population, ReachArea, ReachAreaLSOA
from centres.models.areas import Vintage

UNDER_5 = F("age_0") + F("age_1") + F("age_2") + F("age_3") + F("age_4")


class CentreFilter(ApiFilterSet):
    status = django_filters.ChoiceFilter(choices=Centre.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Centre.Kind.choices)

    class Meta:
        model = Centre
        fields = ["status", "kind"]


class CentreViewSet(AggregatesViewSet):
    """The authority's centres and linked sites, each with a summary of its reach area."""

    serializer_class = CentreSerializer
    filterset_class = CentreFilter
    ordering_fields = ["id", "name"]

    def get_queryset(self) -> QuerySet[Centre]:
        # No query here (the schema generator calls it): the newest mid-year estimate on the
        # current boundaries is a subquery too.
        newest_year = (
            Population.objects.filter(lsoa__vintage=settings.LSOA_VINTAGE).order_by("-year").values("year")[:1]
        )
        lsoa_count = (
            ReachAreaLSOA.objects.filter(reach_area__centre=OuterRef("pk"), removed_on__isnull=True)
            .order_by()
            .values("reach_area")
            .annotate(n=Count("pk"))
            .values("n")
        )
        under_5 = (
            Population.objects.filter(
                year=OuterRef("population_year"),
                lsoa__reach_memberships__reach_area__centre=OuterRef("pk"),
                lsoa__reach_memberships__removed_on__isnull=True,
            )
            .order_by()
            .values("lsoa__reach_memberships__reach_area")
            .annotate(n=Sum(UNDER_5))
            .values("n")
        )
        return (
            Centre.objects.select_related("cluster")
            .annotate(population_year=Subquery(newest_year))
            .annotate(lsoa_count=Subquery(lsoa_count), under_5_population=Subquery(under_5))
        )


class ReachAreaViewSet(AggregatesViewSet):
    """Each centre's reach area: the LSOAs it is responsible for reaching now."""

    serializer_class = ReachAreaSerializer
    filterset_fields = ["centre"]  # the centre's id (ApiFilterSet)

    def get_queryset(self) -> QuerySet[ReachArea]:
        current = ReachAreaLSOA.objects.filter(removed_on__isnull=True).select_related("lsoa").order_by("lsoa__code")
        return ReachArea.objects.prefetch_related(
            Prefetch("memberships", queryset=current, to_attr="current_memberships")
        )


class LSOAFilter(ApiFilterSet):
    vintage = django_filters.TypedChoiceFilter(choices=Vintage.choices, coerce=int)
    code = django_filters.CharFilter()
    centre = IntegerFilter(method="in_reach_area_of", help_text="Only the LSOAs now in this centre's reach area.")
    imd_decile = integer_filter(minimum=1, maximum=10)

    class Meta:
        model = LSOA
        fields = ["vintage", "code", "centre", "imd_decile"]

    def in_reach_area_of(self, queryset: QuerySet[LSOA], name: str, value: Any) -> QuerySet[LSOA]:
        return queryset.filter(reach_area_centre=value)  # type: ignore[misc]  # an annotation


class LSOAViewSet(AggregatesViewSet):
    """LSOAs with their newest deprivation and under-five population, and whose reach area they are in."""

    serializer_class = LSOASerializer
    filterset_class = LSOAFilter
    ordering_fields = ["id", "code"]

    def get_queryset(self) -> QuerySet[LSOA]:
        deprivation = Deprivation.objects.filter(lsoa=OuterRef("pk")).order_by("-release")
        population = Population.objects.filter(lsoa=OuterRef("pk")).order_by("-year")
        membership = ReachAreaLSOA.objects.filter(lsoa=OuterRef("pk"), removed_on__isnull=True)
        return LSOA.objects.annotate(
            deprivation_release=Subquery(deprivation.values("release")[:1]),
            imd_rank=Subquery(deprivation.values("imd_rank")[:1]),
            imd_decile=Subquery(deprivation.values("imd_decile")[:1]),
            idaci_decile=Subquery(deprivation.values("idaci_decile")[:1]),
            population_year=Subquery(population.values("year")[:1]),
            under_5_population=Subquery(population.annotate(n=UNDER_5).values("n")[:1]),
            reach_area_centre=Subquery(membership.values("reach_area__centre_id")[:1]),
        ).defer("boundary")
