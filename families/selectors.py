from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from centres.audit import audit_record
from centres.models import AuditEvent
from families.models import Adult, Child, Family

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User


def family_list(*, user: User | AnonymousUser, centre_id: int | None = None) -> QuerySet[Family]:
    families = (
        Family.objects.for_user(user)
        .select_related("registered_centre", "key_worker")
        .annotate(child_count=Count("children", distinct=True))
        .prefetch_related(
            Prefetch("adults", queryset=Adult.objects.order_by("id")),
        )
        .order_by("-registration_date", "-id")
    )
    if centre_id is not None:
        families = families.filter(registered_centre_id=centre_id)
    return families


def family_get_for_user(*, user: User | AnonymousUser, pk: int) -> Family:
    """The family if this user may see it, else 404 (not 403: no hint that it exists)."""
    return get_object_or_404(
        Family.objects.for_user(user)
        .select_related("registered_centre", "key_worker")
        .prefetch_related("adults", Prefetch("children", queryset=Child.objects.order_by("date_of_birth"))),
        pk=pk,
    )


def family_view(*, user: User | AnonymousUser, pk: int, request: HttpRequest | None = None) -> Family:
    """Open a family's record for reading, and record that this user viewed it."""
    family = family_get_for_user(user=user, pk=pk)
    audit_record(user=user, action=AuditEvent.Action.VIEW, obj=family, family_id=family.pk, request=request)
    return family


def child_get_for_user(*, user: User | AnonymousUser, family_pk: int, pk: int) -> Child:
    return get_object_or_404(Child.objects.for_user(user).select_related("family"), family_id=family_pk, pk=pk)
