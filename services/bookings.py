"""Booked courses: places, the waiting list, and moving up when a place is freed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from centres.audit import audit_record
from centres.models import AuditEvent
from families.models import Child, Family
from services.models import Booking, SessionSeries

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User


def _live(series: SessionSeries) -> Any:
    return Booking.objects.filter(series=series).exclude(status=Booking.Status.CANCELLED)


def _audit(
    booking: Booking, action: str, *, user: User | AnonymousUser, detail: str, request: HttpRequest | None
) -> None:
    """A booking is part of its family's record: every change to one is audited against it."""
    audit_record(user=user, action=action, obj=booking, family_id=booking.family_id, detail=detail, request=request)


@transaction.atomic
def booking_make(
    *,
    user: User | AnonymousUser,
    series: SessionSeries,
    family: Family,
    child: Child | None = None,
    request: HttpRequest | None = None,
) -> Booking:
    """A place on the course if one is free, else a place on the waiting list (first come,
    first served). The course row is locked, so two bookings cannot take the last place."""
    locked = SessionSeries.objects.select_for_update().get(pk=series.pk)
    if not Family.objects.for_user(user).active().filter(pk=family.pk).exists():
        raise PermissionDenied("That family is not one you may book.")
    if child is not None and child.family_id != family.pk:
        raise ValidationError({"child": "Choose a child of this family"})
    if _live(locked).filter(family=family).exists():
        raise ValidationError("This family is already booked on the course or on its waiting list.")
    booked = _live(locked).filter(status=Booking.Status.BOOKED).count()
    status = Booking.Status.BOOKED if booked < locked.capacity else Booking.Status.WAITING
    booking = Booking.objects.create(
        series=locked, family=family, child=child, status=status, created_by=cast("User", user)
    )
    detail = f"{booking.get_status_display()} for course {locked.pk}"
    _audit(booking, AuditEvent.Action.CREATE, user=user, detail=detail, request=request)
    return booking


@transaction.atomic
def booking_cancel(
    *, user: User | AnonymousUser, booking: Booking, request: HttpRequest | None = None
) -> Booking | None:
    """Cancel a booking (kept, marked cancelled). If it held a place, the first family on the
    waiting list gets it. Returns the booking that moved up, if any."""
    series = SessionSeries.objects.select_for_update().get(pk=booking.series_id)
    stored = Booking.objects.select_for_update().get(pk=booking.pk)
    if stored.status == Booking.Status.CANCELLED:
        return None
    held_place = stored.status == Booking.Status.BOOKED
    stored.status = Booking.Status.CANCELLED
    stored.save(update_fields=["status"])
    _audit(stored, AuditEvent.Action.UPDATE, user=user, detail="cancelled", request=request)
    if not held_place:
        return None
    booked = _live(series).filter(status=Booking.Status.BOOKED).count()
    promoted = _live(series).filter(status=Booking.Status.WAITING).order_by("created_at", "id").first()
    if promoted is None or booked >= series.capacity:
        return None
    promoted.status = Booking.Status.BOOKED
    promoted.save(update_fields=["status"])
    _audit(promoted, AuditEvent.Action.UPDATE, user=user, detail="moved up from the waiting list", request=request)
    return promoted
