"""Writes for planning sessions and taking registers (house style: services.py per concern)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from centres.audit import audit_record, audit_record_many
from centres.models import AuditEvent, Centre
from centres.records import save_audited
from centres.roles import Role, sees_personal_data
from families.models import Adult, Child, Family
from services.models import (
    Contact,
    ContactAdult,
    ContactChild,
    ContactKind,
    DropInVisit,
    Service,
    Session,
    SessionSeries,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User

MAX_SERIES_WEEKS = 52


def _staff_centre(user: User | AnonymousUser, centre: Centre) -> None:
    if not sees_personal_data(user) or not cast("User", user).centres.filter(pk=centre.pk).exists():
        raise PermissionDenied("Only staff of the centre may do this.")


def may_manage_services(user: User | AnonymousUser) -> bool:
    return sees_personal_data(user) and getattr(user, "role", None) == Role.MANAGER


@transaction.atomic
def session_create(
    *,
    user: User | AnonymousUser,
    service: Service,
    centre: Centre,
    day: date,
    start_time: time,
    end_time: time,
    capacity: int,
    venue: str = "",
    series: SessionSeries | None = None,
) -> Session:
    _staff_centre(user, centre)
    session = Session(
        service=service,
        centre=centre,
        date=day,
        start_time=start_time,
        end_time=end_time,
        capacity=capacity,
        venue=venue,
        series=series,
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def series_create(
    *,
    user: User | AnonymousUser,
    service: Service,
    centre: Centre,
    weekday: int,
    start_time: time,
    end_time: time,
    first_date: date,
    last_date: date,
    capacity: int,
) -> SessionSeries:
    """A weekly slot, and a session on each of its dates (up to a year ahead)."""
    _staff_centre(user, centre)
    if last_date < first_date:
        raise ValidationError({"last_date": "The last date must be on or after the first"})
    if (last_date - first_date).days > MAX_SERIES_WEEKS * 7:
        raise ValidationError({"last_date": f"A series can run for {MAX_SERIES_WEEKS} weeks at most"})
    # What the series and each of its sessions have alike.
    slot = {"service": service, "centre": centre, "start_time": start_time, "end_time": end_time, "capacity": capacity}
    series = SessionSeries(weekday=weekday, first_date=first_date, last_date=last_date, **slot)
    series.full_clean()
    series.save()
    first = first_date + timedelta(days=(weekday - first_date.weekday()) % 7)
    days = [first + timedelta(weeks=n) for n in range((last_date - first).days // 7 + 1)] if first <= last_date else []
    Session.objects.bulk_create(Session(date=day, series=series, **slot) for day in days)
    return series


@dataclass
class RegisterResult:
    added: int = 0
    changed: int = 0
    removed: int = 0
    people: int = 0
    capacity: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def over_capacity(self) -> bool:
        return self.people > self.capacity


@transaction.atomic
def register_save(
    *,
    user: User | AnonymousUser,
    session: Session,
    child_ids: list[int],
    adult_ids: list[int],
    request: HttpRequest | None = None,
) -> RegisterResult:
    """Save a session's register in one go: the families with at least one person ticked are
    the attendance; a family no longer ticked is taken off. Repeated ticks count once.

    A fixed number of queries whatever the size of the register. Over capacity is a warning,
    not an error: the people came.
    """
    session = Session.objects.select_for_update().select_related("centre").get(pk=session.pk)
    _staff_centre(user, session.centre)
    if session.cancelled:
        raise ValidationError("This session was cancelled: its register cannot be taken.")
    if session.date > timezone.localdate():
        raise ValidationError("A register can be taken on the day of the session or afterwards, not before.")
    visible = Family.objects.for_user(user).active()
    children = dict(Child.objects.filter(pk__in=set(child_ids), family__in=visible).values_list("pk", "family_id"))
    adults = dict(Adult.objects.filter(pk__in=set(adult_ids), family__in=visible).values_list("pk", "family_id"))
    if len(children) != len(set(child_ids)) or len(adults) != len(set(adult_ids)):
        raise PermissionDenied("Some of the people ticked are not in families you may record.")
    wanted: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for child_id, family_id in children.items():
        wanted[family_id][0].add(child_id)
    for adult_id, family_id in adults.items():
        wanted[family_id][1].add(adult_id)

    existing = {c.family_id: c for c in Contact.objects.filter(session=session)}
    result = RegisterResult(capacity=session.capacity, people=len(children) + len(adults))
    removed = [c for family_id, c in existing.items() if family_id not in wanted]
    new = [
        Contact(
            family_id=family_id,
            centre=session.centre,
            date=session.date,
            kind=ContactKind.SESSION,
            session=session,
            worker=cast("User", user),
            with_adult=bool(wanted[family_id][1]),
        )
        for family_id in wanted
        if family_id not in existing
    ]
    Contact.objects.bulk_create(new)
    kept = [existing[f] for f in wanted if f in existing]
    before = _participants(kept)
    for contact in kept:
        contact.with_adult = bool(wanted[contact.family_id][1])
    Contact.objects.bulk_update(kept, ["with_adult"])
    # Participants: rewrite the links of the kept and new contacts in two queries each.
    contacts = {c.family_id: c for c in [*kept, *new]}
    ContactChild.objects.filter(contact__in=kept).delete()
    ContactAdult.objects.filter(contact__in=kept).delete()
    ContactChild.objects.bulk_create(
        ContactChild(contact=contacts[f], child_id=c) for f, (kids, _) in wanted.items() for c in kids
    )
    ContactAdult.objects.bulk_create(
        ContactAdult(contact=contacts[f], adult_id=a) for f, (_, grown) in wanted.items() for a in grown
    )
    changed = [c for c in kept if before.get(c.pk) != wanted[c.family_id]]
    Contact.objects.filter(pk__in=[c.pk for c in removed]).delete()
    Family.objects.filter(pk__in=list(wanted)).filter(
        Q(last_contact_on__lt=session.date) | Q(last_contact_on__isnull=True)
    ).update(last_contact_on=session.date)
    Session.objects.filter(pk=session.pk).update(register_taken_at=timezone.now(), register_taken_by=cast("User", user))
    # One batch of audit events for each kind of change, each against the contact's family.
    batches: list[tuple[str, list[Contact], dict[str, Any]]] = [
        (AuditEvent.Action.CREATE, new, {"detail": f"attended session {session.pk}"}),
        (AuditEvent.Action.UPDATE, changed, {"changed_fields": ["participants"]}),
        (AuditEvent.Action.DELETE, removed, {"detail": f"taken off the register of session {session.pk}"}),
    ]
    for action, rows, about in batches:
        family_ids = [c.family_id for c in rows]
        audit_record_many(user=user, action=action, objects=rows, family_ids=family_ids, request=request, **about)
    result.added, result.changed, result.removed = len(new), len(changed), len(removed)
    if result.over_capacity:
        result.warnings.append(f"{result.people} people came: over the session's capacity of {session.capacity}")
    return result


def _participants(contacts: list[Contact]) -> dict[int, tuple[set[int], set[int]]]:
    found: dict[int, tuple[set[int], set[int]]] = {c.pk: (set(), set()) for c in contacts}
    for contact_id, child_id in ContactChild.objects.filter(contact__in=contacts).values_list("contact_id", "child_id"):
        found[contact_id][0].add(child_id)
    for contact_id, adult_id in ContactAdult.objects.filter(contact__in=contacts).values_list("contact_id", "adult_id"):
        found[contact_id][1].add(adult_id)
    return found


@transaction.atomic
def drop_in_add(
    *,
    user: User | AnonymousUser,
    session: Session,
    carer_name: str,
    child_name: str = "",
    child_age_months: int | None = None,
    postcode: str = "",
) -> DropInVisit:
    _staff_centre(user, session.centre)
    visit = DropInVisit(
        session=session,
        carer_name=carer_name.strip(),
        child_name=child_name.strip(),
        child_age_months=child_age_months,
        postcode=postcode,
        recorded_by=cast("User", user),
    )
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def drop_in_convert(
    *, user: User | AnonymousUser, visit: DropInVisit, family: Family, request: HttpRequest | None = None
) -> Contact:
    """The drop-in visitor is now registered: link the visit, and record their attendance."""
    stored = DropInVisit.objects.select_for_update().select_related("session__centre").get(pk=visit.pk)
    if stored.converted_family_id is not None:
        raise ValidationError("This drop-in visit has already been linked to a registered family.")
    if not Family.objects.for_user(user).filter(pk=family.pk).exists():
        raise PermissionDenied("That family is not one you may record.")
    stored.converted_family = family
    stored.save(update_fields=["converted_family"])
    session = stored.session
    contact, created = Contact.objects.get_or_create(
        session=session,
        family=family,
        defaults={
            "centre": session.centre,
            "date": session.date,
            "kind": ContactKind.SESSION,
            "worker": cast("User", user),
            "with_adult": True,
        },
    )
    if created:
        audit_record(
            user=user,
            action=AuditEvent.Action.CREATE,
            obj=contact,
            family_id=family.pk,
            detail=f"drop-in visit {stored.pk} at session {session.pk}",
            request=request,
        )
    return contact


@transaction.atomic
def contact_record(
    *,
    user: User | AnonymousUser,
    family: Family,
    kind: str,
    day: date,
    duration_minutes: int | None = None,
    notes: str = "",
    child_ids: list[int] | None = None,
    adult_ids: list[int] | None = None,
    request: HttpRequest | None = None,
) -> Contact:
    """A home visit, outreach, a call or a one-to-one with a family, by the signed-in worker."""
    if not Family.objects.for_user(user).active().filter(pk=family.pk).exists():
        raise PermissionDenied("That family is not one you may record.")
    if kind == ContactKind.SESSION:
        raise ValidationError({"kind": "Attendance at a session is recorded on the session's register"})
    if day > timezone.localdate():
        raise ValidationError({"date": "The date of a contact cannot be in the future"})
    children = list(family.children.filter(pk__in=child_ids or []))
    adults = list(family.adults.filter(pk__in=adult_ids or []))
    if len(children) != len(set(child_ids or [])) or len(adults) != len(set(adult_ids or [])):
        raise ValidationError("Choose people of this family")
    contact = Contact(
        family=family,
        centre=family.registered_centre,
        date=day,
        kind=kind,
        worker=cast("User", user),
        duration_minutes=duration_minutes,
        notes=notes.strip(),
        with_adult=bool(adults) or not children,
    )
    save_audited(contact, user=user, family_id=family.pk, changed_fields=["notes"] if notes else [], request=request)
    ContactChild.objects.bulk_create(ContactChild(contact=contact, child=c) for c in children)
    ContactAdult.objects.bulk_create(ContactAdult(contact=contact, adult=a) for a in adults)
    Family.objects.filter(pk=family.pk).filter(Q(last_contact_on__lt=day) | Q(last_contact_on__isnull=True)).update(
        last_contact_on=day
    )
    return contact
