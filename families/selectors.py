from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
        .active()
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
        .active()
        .select_related("registered_centre", "key_worker")
        .prefetch_related("adults", Prefetch("children", queryset=Child.objects.order_by("date_of_birth"))),
        pk=pk,
    )


def family_view(*, user: User | AnonymousUser, pk: int, request: HttpRequest | None = None) -> Family:
    """Open a family's record for reading, and record that this user viewed it."""
    family = family_get_for_user(user=user, pk=pk)
    audit_record(user=user, action=AuditEvent.Action.VIEW, obj=family, family_id=family.pk, request=request)
    return family


def family_record(*, user: User | AnonymousUser, family: Family) -> dict[str, Any]:
    """Everything the family's record page shows, in a fixed number of queries."""
    from centres.models import ReachAreaLSOA
    from centres.roles import sees_restricted_fields
    from families.target_groups import family_target_groups
    from partnerships.selectors import family_partnerships
    from services.selectors import TIMELINE_LIMIT, family_timeline

    restricted = sees_restricted_fields(user)
    addresses = list(family.addresses.select_related("lsoa").order_by("-moved_in", "-id"))
    current = next((a for a in addresses if a.moved_out is None), None)
    reach_centre = None
    if current is not None and current.lsoa_id:
        membership = (
            ReachAreaLSOA.objects.filter(lsoa_id=current.lsoa_id, removed_on__isnull=True)
            .select_related("reach_area__centre")
            .first()
        )
        reach_centre = membership.reach_area.centre if membership else None
    consents = list(family.consents.select_related("given_by", "recorded_by", "withdrawn_by"))
    timeline = family_timeline(family=family, restricted=restricted)
    # Counted only when the list is cut short, so the page can say how many it leaves out.
    contacts_total = family.contacts.count() if len(timeline) == TIMELINE_LIMIT else len(timeline)
    return {
        "family": family,
        "restricted": restricted,
        "current_address": current,
        "address_history": [a for a in addresses if a is not current],
        "reach_centre": reach_centre,
        "in_area": reach_centre is not None and reach_centre.pk == family.registered_centre_id,
        "current_consents": [c for c in consents if c.is_current],
        "past_consents": [c for c in consents if not c.is_current],
        "target_groups": family_target_groups(family=family, restricted=restricted),
        "timeline": timeline,
        "contacts_total": contacts_total,
        "partnerships": family_partnerships(family=family),
    }
