from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet

from centres.models import Centre
from families.models import Adult, Child, Family
from services.models import Booking, Contact, Service, Session

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User


def service_list(*, user: User | AnonymousUser) -> QuerySet[Service]:
    """Services of the user's centres, and those partners provide."""
    centres = Centre.objects.for_user(user)
    return (
        Service.objects.filter(Q(provider_centre__in=centres) | Q(provider_partner__isnull=False))
        .select_related("provider_centre", "provider_partner")
        .order_by("-active", "category", "name")
    )


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def timetable(*, user: User | AnonymousUser, centre: Centre, week_start: date) -> QuerySet[Session]:
    return (
        Session.objects.filter(centre=centre, date__gte=week_start, date__lt=week_start + timedelta(days=7))
        .filter(centre__in=Centre.objects.for_user(user))
        .select_related("service")
        .annotate(
            attended=Count("contacts", distinct=True),
            booked=Count("series__bookings", filter=Q(series__bookings__status=Booking.Status.BOOKED), distinct=True),
        )
        .order_by("date", "start_time")
    )


@dataclass
class RegisterRow:
    family: Family
    attended: bool
    booked: bool
    ticked_children: set[int]
    ticked_adults: set[int]


def session_register(*, user: User | AnonymousUser, session: Session, extra_family_ids: list[int]) -> list[RegisterRow]:
    """The register's rows: families already marked present, those booked on the course, and
    any found by the quick search; each with its people, in a fixed number of queries."""
    contacts = {
        c.family_id: c for c in Contact.objects.filter(session=session).prefetch_related("child_links", "adult_links")
    }
    booked = set()
    if session.series_id:
        booked = set(
            Booking.objects.filter(series_id=session.series_id, status=Booking.Status.BOOKED).values_list(
                "family_id", flat=True
            )
        )
    ids = set(contacts) | booked | set(extra_family_ids)
    families = (
        Family.objects.for_user(user)
        .active()
        .filter(pk__in=ids)
        .prefetch_related(
            Prefetch("children", queryset=Child.objects.order_by("date_of_birth")),
            Prefetch("adults", queryset=Adult.objects.order_by("id")),
        )
        .order_by("id")
    )
    rows = []
    for family in families:
        contact = contacts.get(family.pk)
        rows.append(
            RegisterRow(
                family=family,
                attended=contact is not None,
                booked=family.pk in booked,
                ticked_children={link.child_id for link in contact.child_links.all()} if contact else set(),
                ticked_adults={link.adult_id for link in contact.adult_links.all()} if contact else set(),
            )
        )
    rows.sort(key=lambda r: (not r.attended, not r.booked, r.family.pk))
    return rows


TIMELINE_LIMIT = 100  # contacts the family record lists, newest first


def family_timeline(*, family: Family, restricted: bool, limit: int = TIMELINE_LIMIT) -> list[dict[str, Any]]:
    """The family's contacts, newest first, with who took part; notes only with restricted access."""
    contacts = (
        Contact.objects.filter(family=family)
        .select_related("session__service", "worker", "centre")
        .prefetch_related("children", "adults")
        .order_by("-date", "-id")[:limit]
    )
    return [
        {
            "contact": c,
            "people": [*(str(a) for a in c.adults.all()), *(str(ch) for ch in c.children.all())],
            "notes": c.notes if restricted else ("Notes recorded (restricted)" if c.notes else ""),
        }
        for c in contacts
    ]
