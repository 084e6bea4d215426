"""The service catalogue and its sessions, for aggregates:read clients: no attendee names."""

from __future__ import annotations

import django_filters
from django.db.models import Count, QuerySet

from centres.api.filters import ApiFilterSet, IntegerFilter
from centres.api.viewsets import AggregatesViewSet
from services.api.serializers import ServiceSerializer, SessionSerializer
from services.models import Service, Session
from services.models.catalogue import Category


class ServiceFilter(ApiFilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices)
    centre = IntegerFilter(field_name="provider_centre")

    class Meta:
        model = Service
        fields = ["category", "centre", "active"]


class ServiceViewSet(AggregatesViewSet):
    """The catalogue: what the centres and their partners offer, under which strand."""

    serializer_class = ServiceSerializer
    filterset_class = ServiceFilter
    ordering_fields = ["id", "name"]

    def get_queryset(self) -> QuerySet[Service]:
        return Service.objects.all()


class SessionFilter(ApiFilterSet):
    date = django_filters.DateFromToRangeFilter(help_text="date_after and date_before, inclusive (YYYY-MM-DD).")

    class Meta:
        model = Session
        fields = ["centre", "service", "date", "cancelled"]


class SessionViewSet(AggregatesViewSet):
    """Dated sessions with how many families came (small numbers suppressed)."""

    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    ordering_fields = ["id", "date"]

    def get_queryset(self) -> QuerySet[Session]:
        return Session.objects.annotate(attended=Count("contacts"))
