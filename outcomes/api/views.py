"""Indicators for aggregates:read clients: the definitions, and the stored snapshots with small
numbers suppressed. Both answer If-None-Match with 304 when nothing changed. And outcome
assessments: read (families:read) and written (families:write, outcomes/api/writes.py)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.api.conditional import ETagMixin
from centres.api.filters import ApiFilterSet, integer_filter
from centres.api.scoping import audit_read
from centres.api.viewsets import AggregatesViewSet, VersionedWriteMixin, versioned_write_schema
from centres.models import Scope
from families.api.serializers import AssessmentSerializer
from outcomes.api.serializers import IndicatorSerializer, IndicatorSnapshotSerializer
from outcomes.api.writes import (
    AssessmentUpdateSerializer,
    AssessmentWriteSerializer,
    assessment_change,
    assessment_upsert,
    client_assessments,
)
from outcomes.indicators.definitions import INDICATORS
from outcomes.models import Assessment, IndicatorSnapshot
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


class IndicatorSnapshotViewSet(ETagMixin, AggregatesViewSet):
    """Stored indicator figures per scope, period and split, with numerator and denominator."""

    etag = True
    serializer_class = IndicatorSnapshotSerializer
    filterset_class = SnapshotFilter
    ordering_fields = ["id", "period_start"]

    def get_queryset(self) -> QuerySet[IndicatorSnapshot]:
        return IndicatorSnapshot.objects.all()


@versioned_write_schema(
    create="Record an assessment: scores are checked against the instrument's ranges. With\n"
    "`external_id`, an upsert: the same id again corrects the same assessment.",
    change="Correct an assessment's time point, date, service or scores. Send the version you\n"
    "read (If-Match or `version`): if it changed since, 409 and nothing is changed.",
    upserted="Already there (same external_id): corrected.",
)
class AssessmentViewSet(VersionedWriteMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An outcome assessment of a child or carer of the client's centres' families."""

    lookup_value_converter = "int"
    required_scopes = {"GET": Scope.FAMILIES_READ, "POST": Scope.FAMILIES_WRITE, "PATCH": Scope.FAMILIES_WRITE}
    serializer_class = AssessmentSerializer
    write_serializer_class = AssessmentWriteSerializer
    update_serializer_class = AssessmentUpdateSerializer
    result_serializer_class = AssessmentSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        client = self.request.user  # an ApiClient (the schema generator: None, so no rows)
        return client_assessments(client).select_related("instrument").prefetch_related("scores__domain")  # type: ignore[arg-type]

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assessment = self.get_object()
        audit_read(request, assessment, family_id=assessment.family_id)
        return self.answer(assessment, status.HTTP_200_OK)

    upsert = staticmethod(assessment_upsert)
    change = staticmethod(assessment_change)

    def answer(self, obj: Assessment, code: int) -> Response:
        # Read back with its instrument and scores, as a GET gives it.
        fresh = Assessment.objects.select_related("instrument").prefetch_related("scores__domain").get(pk=obj.pk)
        return super().answer(fresh, code)
