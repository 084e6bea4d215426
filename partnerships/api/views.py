"""Referrals and birth notifications for families:read clients, of the client's centres only."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from centres.api.conditional import version_etag
from centres.api.filters import ApiFilterSet, StrictBooleanFilter
from centres.api.scoping import for_client
from centres.audit import audit_record, audit_record_many
from centres.models import AuditEvent, Scope
from partnerships.api.serializers import BirthNotificationSerializer, ReferralSerializer
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
    required_scopes = READ_FAMILIES
    serializer_class = ReferralSerializer
    filterset_class = ReferralFilter
    ordering_fields = ["id", "received_on", "updated_at"]
    ordering = ["id"]

    def get_queryset(self) -> QuerySet[Referral]:
        return for_client(Referral.objects.all(), self.request.user)  # type: ignore[arg-type]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        referrals = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        audit_record_many(
            user=request.user,
            action=AuditEvent.Action.VIEW,
            objects=referrals,
            family_ids=[r.family_id for r in referrals],
            detail="read through the API",
            request=request._request,
        )
        return self.get_paginated_response(self.get_serializer(referrals, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        referral = self.get_object()
        audit_record(
            user=request.user,
            action=AuditEvent.Action.VIEW,
            obj=referral,
            family_id=referral.family_id,
            detail="read through the API",
            request=request._request,
        )
        return Response(self.get_serializer(referral).data, headers={"ETag": version_etag(referral.version)})


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
