from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet

from centres.models import LSOA, AuditEvent, Centre

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User


def centre_list(*, user: User | AnonymousUser) -> QuerySet[Centre]:
    return (
        Centre.objects.for_user(user)
        .select_related("cluster", "main_centre")
        .annotate(family_count=Count("families", distinct=True), staff_count=Count("staff", distinct=True))
        .order_by("cluster__name", "name")
    )


def audit_event_list(*, filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """The audit trail, newest first, narrowed by the administrator's search."""
    events = AuditEvent.objects.select_related("user", "api_client", "object_type")
    if filters.get("user"):
        events = events.filter(user=filters["user"])
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("family_id"):
        events = events.filter(family_id=filters["family_id"])
    if filters.get("object_type"):
        events = events.filter(object_type=filters["object_type"])
    if filters.get("date_from"):
        events = events.filter(occurred_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(occurred_at__date__lte=filters["date_to"])
    return events


def current_reach_area_lsoas(*, centre: Centre) -> QuerySet[LSOA]:
    return LSOA.objects.filter(
        reach_memberships__reach_area__centre=centre, reach_memberships__removed_on__isnull=True
    ).order_by("code")
