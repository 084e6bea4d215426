"""Families, and their contacts and assessments, for families:read clients: only the families
of the client's centres (else 404), each read audited as a view of the family's record."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from centres.api.filters import ApiFilterSet, IntegerFilter
from centres.api.scoping import audit_read, for_client
from centres.api.viewsets import AuditedReadViewSet
from centres.models import Scope
from families.api.serializers import AssessmentSerializer, ContactSerializer, FamilySerializer
from families.api.writes import FamilyWriteMixin
from families.models import Address, Adult, Child, Consent, Family
from outcomes.models import Assessment, AssessmentScore
from services.models import Contact

READ_FAMILIES = {"GET": Scope.FAMILIES_READ}


def client_families(request: Request) -> QuerySet[Family]:
    """The families this client may see: active records of its centres."""
    return for_client(Family.objects.active(), request.user, centre_field="registered_centre")  # type: ignore[arg-type]


def client_family(request: Request, pk: Any) -> Family:
    return get_object_or_404(client_families(request), pk=pk)


def with_people(families: QuerySet[Family]) -> QuerySet[Family]:
    """What the family serializer shows: the current address, carers, children and consents."""
    return families.prefetch_related(
        Prefetch(
            "addresses",
            queryset=Address.objects.current().select_related("lsoa"),
            to_attr="current_addresses",
        ),
        Prefetch("adults", queryset=Adult.objects.order_by("id")),
        Prefetch("children", queryset=Child.objects.order_by("date_of_birth", "id")),
        Prefetch(
            "consents",
            queryset=Consent.objects.filter(withdrawn_on__isnull=True).order_by("purpose", "id"),
            to_attr="current_consents",
        ),
    )


class FamilyFilter(ApiFilterSet):
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after this time (ISO 8601)."
    )
    centre = IntegerFilter(field_name="registered_centre")
    external_id = django_filters.CharFilter()

    class Meta:
        model = Family
        fields = ["updated_since", "centre", "external_id"]


class FamilyViewSet(FamilyWriteMixin, AuditedReadViewSet):
    """Families of the client's centres with their current address, carers and children."""

    required_scopes = {**READ_FAMILIES, "POST": Scope.FAMILIES_WRITE, "PATCH": Scope.FAMILIES_WRITE}
    serializer_class = FamilySerializer
    filterset_class = FamilyFilter
    ordering_fields = ["id", "updated_at"]

    def get_queryset(self) -> QuerySet[Family]:
        return with_people(client_families(self.request))

    def audit_family_id(self, obj: Any) -> int | None:
        return obj.pk  # the record read is the family itself


class FamilyContactList(generics.ListAPIView):
    """The family's contacts and attendances, newest first (without notes)."""

    required_scopes = READ_FAMILIES
    serializer_class = ContactSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["id", "date"]
    ordering = ["-id"]

    def get_queryset(self) -> QuerySet[Contact]:
        family = getattr(self, "family", None)
        if family is None:  # schema generation
            return Contact.objects.none()
        return (
            Contact.objects.filter(family=family)
            .select_related("session")
            .prefetch_related("children", "adults")
            .defer("notes")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.family = client_family(request, kwargs["family_pk"])
        audit_read(request, self.family, family_id=self.family.pk, detail="contacts read through the API")
        return super().list(request, *args, **kwargs)


class FamilyAssessmentList(generics.ListAPIView):
    """The family's outcome assessments with their domain scores."""

    required_scopes = READ_FAMILIES
    serializer_class = AssessmentSerializer
    filterset_fields = ["time_point", "instrument__code"]
    ordering_fields = ["id", "assessed_on"]
    ordering = ["id"]

    def get_queryset(self) -> QuerySet[Assessment]:
        family = getattr(self, "family", None)
        if family is None:
            return Assessment.objects.none()
        return (
            Assessment.objects.filter(family=family)
            .select_related("instrument")
            .prefetch_related(Prefetch("scores", queryset=AssessmentScore.objects.select_related("domain")))
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.family = client_family(request, kwargs["family_pk"])
        audit_read(request, self.family, family_id=self.family.pk, detail="assessments read through the API")
        return super().list(request, *args, **kwargs)
