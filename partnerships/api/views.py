"""Referrals and birth notifications for families:read clients, of the client's centres only;
referrals:write clients send and update referrals (partnerships/api/services.py)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from rest_framework.response import Response

from centres.api.filters import ApiFilterSet, StrictBooleanFilter
from centres.api.scoping import for_client
from centres.api.viewsets import AuditedReadViewSet, ReadViewSet, VersionedWriteMixin, versioned_write_schema
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


@versioned_write_schema(
    create="Send a referral out to a partner (consent checked as on the screens), or record one\n"
    "in. With `external_id`, an upsert: the same id again is the same referral. Steps given\n"
    "(accepted_on, first_contact_on, closed_on + outcome) are recorded in order.",
    change="Record the referral's next steps. Send the version you read (If-Match or `version`):\n"
    "if it changed since, 409 and nothing is changed.",
    upserted="Already there (same external_id): its steps moved on.",
)
class ReferralViewSet(VersionedWriteMixin, AuditedReadViewSet):
    """Referrals in and out of the client's centres, with their timeliness."""

    required_scopes = {**READ_FAMILIES, "POST": Scope.REFERRALS_WRITE, "PATCH": Scope.REFERRALS_WRITE}
    serializer_class = ReferralSerializer
    write_serializer_class = ReferralWriteSerializer
    update_serializer_class = ReferralUpdateSerializer
    result_serializer_class = ReferralWriteResultSerializer
    filterset_class = ReferralFilter
    ordering_fields = ["id", "received_on", "updated_at"]

    def get_queryset(self) -> QuerySet[Referral]:
        return for_client(Referral.objects.all(), self.request.user)  # type: ignore[arg-type]

    upsert = staticmethod(referral_upsert)
    change = staticmethod(referral_update)

    def answer(self, obj: Referral, code: int) -> Response:
        obj.warnings = warnings_for(obj)  # type: ignore[attr-defined]
        return super().answer(obj, code)


class BirthFilter(ApiFilterSet):
    date_of_birth = django_filters.DateFromToRangeFilter(help_text="date_of_birth_after / date_of_birth_before.")
    matched = StrictBooleanFilter(field_name="matched_child", lookup_expr="isnull", exclude=True)

    class Meta:
        model = BirthNotification
        fields = ["centre", "date_of_birth", "matched"]


class BirthNotificationViewSet(ReadViewSet):
    """Births notified by health in the client's centres' reach areas, and whether each is matched
    to a registered child (the unmatched ones are the outreach list)."""

    required_scopes = READ_FAMILIES
    serializer_class = BirthNotificationSerializer
    filterset_class = BirthFilter
    ordering_fields = ["id", "date_of_birth"]

    def get_queryset(self) -> QuerySet[BirthNotification]:
        return for_client(BirthNotification.objects.select_related("lsoa"), self.request.user)  # type: ignore[arg-type]
