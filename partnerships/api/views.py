"""Referrals and birth notifications for families:read clients, of the client's centres only;
referrals:write clients send and update referrals (partnerships/api/services.py)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from centres.api.conditional import expected_version, version_etag
from centres.api.filters import ApiFilterSet, StrictBooleanFilter
from centres.api.idempotency import idempotent
from centres.api.scoping import audit_read, audit_read_many, for_client
from centres.api.writes import WRITE_ERRORS, idempotency_key_parameter, if_match_parameter
from centres.models import Scope
from partnerships.api.serializers import (
    BirthNotificationSerializer,
    ReferralSerializer,
    ReferralUpdateSerializer,
    ReferralWriteResultSerializer,
    ReferralWriteSerializer,
)
from partnerships.api.services import referral_update, referral_upsert, warnings_for
from partnerships.models import BirthNotification, Referral
from partnerships.models.referrals import Direction, ReferralStatus

READ_FAMILIES = {"GET": Scope.FAMILIES_READ}


class ReferralFilter(ApiFilterSet):
    direction = django_filters.ChoiceFilter(choices=Direction.choices)
    status = django_filters.ChoiceFilter(choices=ReferralStatus.choices)
    received_on = django_filters.DateFromToRangeFilter(help_text="received_on_after / received_on_before.")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    external_id = django_filters.CharFilter()

    class Meta:
        model = Referral
        fields = ["direction", "status", "centre", "family", "partner", "received_on", "updated_since", "external_id"]


class ReferralViewSet(viewsets.ReadOnlyModelViewSet):
    """Referrals in and out of the client's centres, with their timeliness."""

    lookup_value_converter = "int"
    required_scopes = {**READ_FAMILIES, "POST": Scope.REFERRALS_WRITE, "PATCH": Scope.REFERRALS_WRITE}
    serializer_class = ReferralSerializer
    filterset_class = ReferralFilter
    ordering_fields = ["id", "received_on", "updated_at"]
    ordering = ["id"]

    def get_queryset(self) -> QuerySet[Referral]:
        return for_client(Referral.objects.all(), self.request.user)  # type: ignore[arg-type]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        referrals = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        audit_read_many(request, referrals, family_ids=[r.family_id for r in referrals])
        return self.get_paginated_response(self.get_serializer(referrals, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        referral = self.get_object()
        audit_read(request, referral, family_id=referral.family_id)
        return Response(self.get_serializer(referral).data, headers={"ETag": version_etag(referral.version)})

    @extend_schema(
        request=ReferralWriteSerializer,
        parameters=[idempotency_key_parameter(), if_match_parameter(required=False)],
        responses={
            201: ReferralWriteResultSerializer,
            200: OpenApiResponse(
                ReferralWriteResultSerializer, "Already there (same external_id): its steps moved on."
            ),
            **WRITE_ERRORS,
        },
    )
    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Send a referral out to a partner (consent checked as on the screens), or record one
        in. With `external_id`, an upsert: the same id again is the same referral. Steps given
        (accepted_on, first_contact_on, closed_on + outcome) are recorded in order."""
        data = _valid(ReferralWriteSerializer, request)
        expected = expected_version(request) if request.headers.get("If-Match") else None
        referral, created = referral_upsert(
            client=request.user,  # type: ignore[arg-type]
            data=data,
            expected=expected,
            request=request._request,
        )
        return _written(referral, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        request=ReferralUpdateSerializer,
        parameters=[if_match_parameter(required=False)],
        responses={200: ReferralWriteResultSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record the referral's next steps. Send the version you read (If-Match or `version`):
        if it changed since, 409 and nothing is changed."""
        self.get_object()  # 404 first: a referral of another centre is not there at all
        data = _valid(ReferralUpdateSerializer, request)
        referral = referral_update(
            client=request.user,  # type: ignore[arg-type]
            pk=kwargs["pk"],
            expected=expected_version(request, data.get("version")),
            steps=data,
            request=request._request,
        )
        return _written(referral, status.HTTP_200_OK)


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _written(referral: Referral, code: int) -> Response:
    referral.warnings = warnings_for(referral)  # type: ignore[attr-defined]
    body = ReferralWriteResultSerializer(referral).data
    return Response(body, status=code, headers={"ETag": version_etag(referral.version)})


class BirthFilter(ApiFilterSet):
    date_of_birth = django_filters.DateFromToRangeFilter(help_text="date_of_birth_after / date_of_birth_before.")
    matched = StrictBooleanFilter(field_name="matched_child", lookup_expr="isnull", exclude=True)

    class Meta:
        model = BirthNotification
        fields = ["centre", "date_of_birth", "matched"]


class BirthNotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Births notified by health in the client's centres' reach areas, and whether each is matched
    to a registered child (the unmatched ones are the outreach list)."""

    lookup_value_converter = "int"
    required_scopes = READ_FAMILIES
    serializer_class = BirthNotificationSerializer
    filterset_class = BirthFilter
    ordering_fields = ["id", "date_of_birth"]
    ordering = ["id"]

    def get_queryset(self) -> QuerySet[BirthNotification]:
        return for_client(BirthNotification.objects.select_related("lsoa"), self.request.user)  # type: ignore[arg-type]
