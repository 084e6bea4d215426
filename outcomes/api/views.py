"""Indicators for aggregates:read clients: the definitions, and the stored snapshots with small
numbers suppressed. Both answer If-None-Match with 304 when nothing changed. And outcome
assessments: read (families:read) and written (families:write, outcomes/api/writes.py)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.api.conditional import ETagMixin, expected_version, version_etag
from centres.api.filters import ApiFilterSet, integer_filter
from centres.api.idempotency import idempotent
from centres.api.scoping import audit_read
from centres.api.writes import WRITE_ERRORS, idempotency_key_parameter, if_match_parameter
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


class AssessmentViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An outcome assessment of a child or carer of the client's centres' families."""

    lookup_value_converter = "int"
    required_scopes = {"GET": Scope.FAMILIES_READ, "POST": Scope.FAMILIES_WRITE, "PATCH": Scope.FAMILIES_WRITE}
    serializer_class = AssessmentSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        client = self.request.user  # an ApiClient (the schema generator: None, so no rows)
        return client_assessments(client).select_related("instrument").prefetch_related("scores__domain")  # type: ignore[arg-type]

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assessment = self.get_object()
        audit_read(request, assessment, family_id=assessment.family_id)
        return _answer(assessment, status.HTTP_200_OK)

    @extend_schema(
        request=AssessmentWriteSerializer,
        parameters=[idempotency_key_parameter(), if_match_parameter(required=False)],
        responses={
            201: AssessmentSerializer,
            200: OpenApiResponse(AssessmentSerializer, "Already there (same external_id): corrected."),
            **WRITE_ERRORS,
        },
    )
    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record an assessment: scores are checked against the instrument's ranges. With
        `external_id`, an upsert: the same id again corrects the same assessment."""
        serializer = AssessmentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expected = expected_version(request) if request.headers.get("If-Match") else None
        assessment, created = assessment_upsert(
            client=request.user,  # type: ignore[arg-type]
            data=serializer.validated_data,
            expected=expected,
            request=request._request,
        )
        return _answer(assessment, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        request=AssessmentUpdateSerializer,
        parameters=[if_match_parameter(required=False)],
        responses={200: AssessmentSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Correct an assessment's time point, date, service or scores. Send the version you
        read (If-Match or `version`): if it changed since, 409 and nothing is changed."""
        self.get_object()  # 404 first: another centre's assessment is not there at all
        serializer = AssessmentUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = assessment_change(
            client=request.user,  # type: ignore[arg-type]
            pk=kwargs["pk"],
            expected=expected_version(request, serializer.validated_data.get("version")),
            data=serializer.validated_data,
            request=request._request,
        )
        return _answer(assessment, status.HTTP_200_OK)


def _answer(assessment: Assessment, code: int) -> Response:
    fresh = Assessment.objects.select_related("instrument").prefetch_related("scores__domain").get(pk=assessment.pk)
    return Response(AssessmentSerializer(fresh).data, status=code, headers={"ETag": version_etag(fresh.version)})
