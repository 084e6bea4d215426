"""Writes for the community screens: each validated (full_clean) and atomic.

Rows that name a registered parent (a volunteer or forum member linked to a family's carer)
are audited against the family, as every change to a family's record is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from centres.postcodes import InvalidPostcode, normalise_postcode
from centres.records import save_audited
from families.models import Adult, Family
from services.models import (
    Budget,
    Feedback,
    ForumMeeting,
    ForumMember,
    ParentForum,
    Room,
    RoomBooking,
    Service,
    Setting,
    Spend,
    TrainingAttendance,
    TrainingEvent,
    Volunteer,
    VolunteerHours,
    YouSaidWeDid,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import Centre, User

M = TypeVar("M", bound=models.Model)


def _staff(user: User | AnonymousUser) -> User:
    """Views pass request.user; the role checks have already refused anyone signed out."""
    return cast("User", user)


def _not_in_future(day: date, field: str = "date") -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "The date cannot be in the future"})


def _check_adult(user: User | AnonymousUser, adult: Adult | None) -> None:
    """A carer may be linked only by staff who may see their family."""
    if adult is not None and not Family.objects.for_user(user).filter(pk=adult.family_id).exists():
        raise PermissionDenied("This carer's family is not registered with your centres.")


def _name_or_carer(name: str, adult: Adult | None) -> str:
    """The name typed, else the linked carer's (kept with the row, so that lists of volunteers
    and members need no access to the family's record)."""
    return name.strip() or (str(adult) if adult else "")


def _saved(row: M) -> M:
    """Validate a row (fields and constraints), then save it."""
    row.full_clean()
    row.save()
    return row


def _saved_with_carer(
    row: M, *, user: User | AnonymousUser, adult: Adult | None, detail: str, request: HttpRequest | None
) -> M:
    """Save a row that may name a registered carer (a volunteer, a forum member): naming one
    changes their family's record, so it is audited against the family."""
    if adult is None:
        return _saved(row)
    return save_audited(row, user=user, family_id=adult.family_id, detail=detail, request=request)


def _locked(row: M) -> M:
    """The row read again and locked until the transaction ends, for a change that depends on
    what it holds now."""
    return type(row)._default_manager.select_for_update().get(pk=row.pk)


# ---------------------------------------------------------------------------------------------
# Strand 5: rooms, bookings, volunteers
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def room_add(*, centre: Centre, name: str, capacity: int) -> Room:
    return _saved(Room(centre=centre, name=name.strip(), capacity=capacity))


def _when(booking: RoomBooking) -> str:
    starts, ends = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    day = f"{starts:%A} {starts.day} {starts:%B %Y}"
    if starts.date() == ends.date():
        return f"from {starts:%H:%M} to {ends:%H:%M} on {day}"
    return f"from {starts:%H:%M} on {day} to {ends:%H:%M} on {ends:%A} {ends.day} {ends:%B %Y}"


@transaction.atomic
def room_book(
    *,
    user: User | AnonymousUser,
    room: Room,
    group_name: str,
    contact_name: str,
    contact_phone: str = "",
    starts_at: datetime,
    ends_at: datetime,
    attendees_expected: int,
    charge: Decimal = Decimal("0"),
) -> RoomBooking:
    """Book a room for a community group, refusing any overlap with a booking that stands.

    Overlap means starting before the other ends and ending after it starts: a booking that
    ends at 12:00 and one that starts at 12:00 are both fine. The room's row is locked first,
    so two people booking the same room at once are taken one after the other; on PostgreSQL
    an exclusion constraint refuses an overlap even from code that skips this service.
    """
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("Booking times must be timezone-aware.")
    locked = _locked(room)
    if not locked.active:
        raise ValidationError({"room": f"{locked.name} is no longer in use"})
    booking = RoomBooking(
        room=locked,
        group_name=group_name.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        attendees_expected=attendees_expected,
        charge=charge,
        booked_by=_staff(user),
    )
    booking.full_clean()
    clash = (
        RoomBooking.objects.filter(room=locked, cancelled=False, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .order_by("starts_at", "id")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {"starts_at": f"{locked.name} is already booked {_when(clash)} by {clash.group_name}"}, code="clash"
        )
    booking.save()
    return booking


@transaction.atomic
def room_booking_cancel(*, user: User | AnonymousUser, booking: RoomBooking) -> RoomBooking:
    """Cancel a booking that has not yet ended: the room is free again. Cancelling twice is
    harmless. The booking is kept, marked cancelled."""
    locked = _locked(booking)
    if locked.cancelled:
        return locked
    if locked.ends_at <= timezone.now():
        raise ValidationError("This booking has already ended, so it cannot be cancelled")
    locked.cancelled = True
    locked.save(update_fields=["cancelled"])
    return locked


@transaction.atomic
def volunteer_add(
    *,
    user: User | AnonymousUser,
    centre: Centre,
    name: str,
    started_on: date,
    roles: str = "",
    adult: Adult | None = None,
    request: HttpRequest | None = None,
) -> Volunteer:
    _check_adult(user, adult)
    volunteer = Volunteer(
        centre=centre,
        name=_name_or_carer(name, adult),
        adult=adult,
        started_on=started_on,
        roles=roles.strip(),
    )
    return _saved_with_carer(volunteer, user=user, adult=adult, detail="Volunteer", request=request)


@transaction.atomic
def volunteer_end(*, volunteer: Volunteer, ended_on: date) -> Volunteer:
    locked = _locked(volunteer)
    locked.ended_on = ended_on
    locked.full_clean()
    if VolunteerHours.objects.filter(volunteer=locked, date__gt=ended_on).exists():
        raise ValidationError({"ended_on": "Hours are recorded after this date"})
    locked.save(update_fields=["ended_on"])
    return locked


@transaction.atomic
def volunteer_hours_log(
    *, user: User | AnonymousUser, volunteer: Volunteer, date: date, hours: Decimal, activity: str
) -> VolunteerHours:
    return _saved(
        VolunteerHours(volunteer=volunteer, date=date, hours=hours, activity=activity.strip(), recorded_by=_staff(user))
    )


# ---------------------------------------------------------------------------------------------
# Strand 6: sharing expertise with settings
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def setting_add(*, name: str, kind: str, ofsted_urn: str = "", postcode: str = "") -> Setting:
    if postcode.strip():
        try:
            postcode = normalise_postcode(postcode)
        except InvalidPostcode as error:
            raise ValidationError({"postcode": str(error)}) from error
    return _saved(
        Setting(name=name.strip(), kind=kind, ofsted_urn=ofsted_urn.strip().upper(), postcode=postcode.strip())
    )


@transaction.atomic
def training_event_record(
    *,
    user: User | AnonymousUser,
    centre: Centre,
    title: str,
    date: date,
    hours: Decimal,
    kind: str,
    delivered_by: User,
    attendances: Sequence[tuple[Setting, int]],
) -> TrainingEvent:
    """An event given to other settings, with how many came from each (at least one setting)."""
    _not_in_future(date)
    if not attendances:
        raise ValidationError("Add at least one setting that took part")
    settings = [setting.pk for setting, _ in attendances]
    if len(set(settings)) != len(settings):
        raise ValidationError("Each setting can be listed only once")
    event = TrainingEvent(
        centre=centre, title=title.strip(), date=date, hours=hours, kind=kind, delivered_by=delivered_by
    )
    _saved(event)
    rows = [TrainingAttendance(event=event, setting=setting, attendees=attendees) for setting, attendees in attendances]
    for row in rows:
        row.full_clean(validate_constraints=False)  # the unique pair is checked above
    TrainingAttendance.objects.bulk_create(rows)
    return event


# ---------------------------------------------------------------------------------------------
# Strand 7: the parent forum, feedback, "you said, we did"
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def forum_add(*, centre: Centre, name: str) -> ParentForum:
    return _saved(ParentForum(centre=centre, name=name.strip()))


@transaction.atomic
def forum_member_add(
    *,
    user: User | AnonymousUser,
    forum: ParentForum,
    role: str,
    joined_on: date,
    name: str = "",
    adult: Adult | None = None,
    request: HttpRequest | None = None,
) -> ForumMember:
    """A member named here, or a registered carer (whose name is kept with the membership so
    that the forum's list needs no access to the family's record)."""
    _check_adult(user, adult)
    _not_in_future(joined_on, "joined_on")
    member = ForumMember(forum=forum, adult=adult, name=_name_or_carer(name, adult), role=role, joined_on=joined_on)
    return _saved_with_carer(member, user=user, adult=adult, detail="Parent forum member", request=request)


@transaction.atomic
def forum_member_leave(*, member: ForumMember, left_on: date) -> ForumMember:
    locked = _locked(member)
    locked.left_on = left_on
    locked.full_clean()
    locked.save(update_fields=["left_on"])
    return locked


@transaction.atomic
def forum_meeting_record(*, forum: ParentForum, date: date, attendees: int, minutes_summary: str = "") -> ForumMeeting:
    _not_in_future(date)
    return _saved(ForumMeeting(forum=forum, date=date, attendees=attendees, minutes_summary=minutes_summary.strip()))


@transaction.atomic
def feedback_record(
    *,
    user: User | AnonymousUser,
    centre: Centre,
    date: date,
    satisfaction: int,
    comment: str = "",
    service: Service | None = None,
    anonymous: bool = True,
    given_by: str = "",
) -> Feedback:
    _not_in_future(date)
    return _saved(
        Feedback(
            centre=centre,
            service=service,
            date=date,
            satisfaction=satisfaction,
            comment=comment.strip(),
            anonymous=anonymous,
            given_by=given_by.strip(),
            recorded_by=_staff(user),
        )
    )


@transaction.atomic
def you_said_we_did_add(*, centre: Centre, you_said: str, we_did: str, date: date) -> YouSaidWeDid:
    return _saved(YouSaidWeDid(centre=centre, you_said=you_said.strip(), we_did=we_did.strip(), date=date))


@transaction.atomic
def you_said_we_did_publish(*, entry: YouSaidWeDid) -> YouSaidWeDid:
    """Publish to parents (noticeboards, newsletters). Publishing twice changes nothing."""
    locked = _locked(entry)
    if not locked.published:
        locked.published = True
        locked.published_at = timezone.now()
        locked.save(update_fields=["published", "published_at"])
    return locked


# ---------------------------------------------------------------------------------------------
# Budget and spend (F1)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def budget_set(*, user: User | AnonymousUser, service: Service, financial_year: int, amount: Decimal) -> Budget:
    """Set (or change) a service's budget for a financial year."""
    budget = Budget.objects.select_for_update().filter(service=service, financial_year=financial_year).first()
    if budget is None:
        budget = Budget(service=service, financial_year=financial_year)
    budget.amount = amount
    budget.set_by = _staff(user)
    return _saved(budget)


@transaction.atomic
def spend_record(
    *, user: User | AnonymousUser, service: Service, date: date, amount: Decimal, description: str
) -> Spend:
    _not_in_future(date)
    return _saved(
        Spend(service=service, date=date, amount=amount, description=description.strip(), recorded_by=_staff(user))
    )
