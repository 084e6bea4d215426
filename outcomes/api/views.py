"""Indicators for aggregates:read clients: the definitions, and the stored snapshots with small
numbers suppressed. Both answer If-None-Match with 304 when nothing changed."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.api.conditional import ETagMixin
from centres.api.filters import ApiFilterSet, integer_filter
from centres.models import Scope
from outcomes.api.serializers import IndicatorSerializer, IndicatorSnapshotSerializer
from outcomes.indicators.definitions import INDICATORS
from outcomes.models import IndicatorSnapshot
from outcomes.models.indicators import PeriodKind
from outcomes.models.indicators import Scope as SnapshotScope


class IndicatorList(ETagMixin, APIView):
    """Every indicator's definition: what its numerator and denominator count."""

    required_scopes = {"GET": Scope.AGGREGATES_READ}
    etag = True

    @extend_schema(responses=IndicatorSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(IndicatorSerializer(list(INDICATORS.values()), many=True).data)


class SnapshotFilter(ApiFilterSet):
    indicator = django_filters.CharFilter(help_text="An indicator code, such as R3.")
    scope = django_filters.ChoiceFilter(choices=SnapshotScope.choices)
    scope_id = integer_filter(minimum=0, help_text="The centre's id; 0 for the authority.")
    period_kind = django_filters.ChoiceFilter(choices=PeriodKind.choices)
    period_start = django_filters.DateFromToRangeFilter(
        help_text="period_start_after and period_start_before, inclusive (YYYY-MM-DD)."
    )
    period_end = django_filters.DateFromToRangeFilter(
        help_text="period_end_after and period_end_before, inclusive (YYYY-MM-DD)."
    )
    split = django_filters.CharFilter(help_text='"" (send split=) for the overall figure; "deprivation:deprived" ...')
    version = integer_filter(minimum=1)

    class Meta:
        model = IndicatorSnapshot
        fields = ["indicator", "scope", "scope_id", "period_kind", "period_start", "period_end", "split", "version"]


class IndicatorSnapshotViewSet(ETagMixin, viewsets.ReadOnlyModelViewSet):
    """Stored indicator figures per scope, period and split, with numerator and denominator."""

    lookup_value_converter = "int"
    required_scopes = {"GET": Scope.AGGREGATES_READ}
    etag = True
    serializer_class = IndicatorSnapshotSerializer
    filterset_class = SnapshotFilter
    ordering_fields = ["id", "period_start"]
    ordering = ["id"]

    def get_queryset(self) -> QuerySet[IndicatorSnapshot]:
        return IndicatorSnapshot.objects.all()
