"""Reads for the community screens: strands 5 to 7 and spend. Every figure is aggregated in the
database; a screen runs a fixed number of queries however many rows it shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from centres.models import Centre
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
    Session,
    Spend,
    TrainingAttendance,
    TrainingEvent,
    Volunteer,
    VolunteerHours,
    YouSaidWeDid,
    financial_year_bounds,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User

# A queryset or list of centres, already limited to what the user may see.
Centres = Iterable[Centre]
MONEY: DecimalField = DecimalField(max_digits=12, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


# ---------------------------------------------------------------------------------------------
# Centres
# ---------------------------------------------------------------------------------------------


def community_centre_list(*, user: User | AnonymousUser) -> QuerySet[Centre]:
    return Centre.objects.for_user(user).order_by("name")


def linkable_carers(*, user: User | AnonymousUser) -> QuerySet[Adult]:
    """Carers of the families this user may see: a parent who volunteers or joins the forum."""
    return Adult.objects.filter(family__in=Family.objects.for_user(user).active())


def community_centre_get(*, user: User | AnonymousUser, pk: int) -> Centre:
    """The centre if this user may see it, else 404 (no hint that it exists)."""
    return get_object_or_404(Centre.objects.for_user(user), pk=pk)


# ---------------------------------------------------------------------------------------------
# Strand 5: rooms, bookings, volunteers
# ---------------------------------------------------------------------------------------------


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def week_start_of(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def room_list(*, centre: Centre, active_only: bool = False) -> QuerySet[Room]:
    rooms = Room.objects.filter(centre=centre).order_by("-active", "name")
    return rooms.filter(active=True) if active_only else rooms


def room_booking_week(*, centre: Centre, week_start: date) -> QuerySet[RoomBooking]:
    """Bookings of the centre's rooms that overlap the week (Monday to Sunday, local time),
    cancelled ones included so that the week shows what happened."""
    start, end = local_midnight(week_start), local_midnight(week_start + timedelta(days=7))
    return (
        RoomBooking.objects.filter(room__centre=centre, starts_at__lt=end, ends_at__gt=start)
        .select_related("room")
        .order_by("starts_at", "room__name", "id")
    )


def bookings_by_day(bookings: Iterable[RoomBooking], *, week_start: date) -> list[tuple[date, list[RoomBooking]]]:
    """The seven days of the week, each with the bookings that start on it (a booking that
    started the week before is shown on the Monday)."""
    days: dict[date, list[RoomBooking]] = {week_start + timedelta(days=i): [] for i in range(7)}
    for booking in bookings:
        days[max(timezone.localdate(booking.starts_at), week_start)].append(booking)
    return list(days.items())


def room_booking_get(*, centre: Centre, pk: int) -> RoomBooking:
    return get_object_or_404(RoomBooking.objects.select_related("room"), room__centre=centre, pk=pk)


def volunteer_list(*, centre: Centre, financial_year: int) -> QuerySet[Volunteer]:
    """The centre's volunteers, current first, with their hours in the year and in all."""
    start, end = financial_year_bounds(financial_year)
    return (
        Volunteer.objects.filter(centre=centre)
        .annotate(
            hours_year=Coalesce(Sum("hour_entries__hours", filter=Q(hour_entries__date__range=(start, end))), ZERO),
            hours_total=Coalesce(Sum("hour_entries__hours"), ZERO),
        )
        .order_by(F("ended_on").desc(nulls_first=True), "name", "id")
    )


def volunteer_get(*, centre: Centre, pk: int) -> Volunteer:
    return get_object_or_404(Volunteer, centre=centre, pk=pk)


def volunteer_hours_list(*, volunteer: Volunteer) -> QuerySet[VolunteerHours]:
    return VolunteerHours.objects.filter(volunteer=volunteer).order_by("-date", "-id")


def volunteer_hours_total(*, centres: Centres, start: date, end: date) -> Decimal:
    """Hours given by the centres' volunteers between two dates (inclusive)."""
    total = VolunteerHours.objects.filter(volunteer__centre__in=centres, date__range=(start, end)).aggregate(
        total=Coalesce(Sum("hours"), ZERO)
    )["total"]
    return Decimal(total)


# ---------------------------------------------------------------------------------------------
# Strand 6: sharing expertise with settings
# ---------------------------------------------------------------------------------------------


def _attendances(*, centres: Centres, start: date, end: date) -> QuerySet[TrainingAttendance]:
    return TrainingAttendance.objects.filter(event__centre__in=centres, event__date__range=(start, end))


def settings_supported(*, centres: Centres, start: date, end: date) -> int:
    """Distinct settings that came to at least one of the centres' events between the dates."""
    return _attendances(centres=centres, start=start, end=end).values("setting").distinct().count()


@dataclass(frozen=True)
class ExpertiseTotals:
    events: int
    hours: Decimal
    settings_supported: int
    attendees: int


def expertise_totals(*, centres: Centres, start: date, end: date) -> ExpertiseTotals:
    people = _attendances(centres=centres, start=start, end=end).aggregate(
        settings=Count("setting", distinct=True), attendees=Coalesce(Sum("attendees"), 0)
    )
    events = TrainingEvent.objects.filter(centre__in=centres, date__range=(start, end)).aggregate(
        events=Count("id"), hours=Coalesce(Sum("hours"), ZERO)
    )
    return ExpertiseTotals(
        events=events["events"],
        hours=Decimal(events["hours"]),
        settings_supported=people["settings"],
        attendees=people["attendees"],
    )


def training_event_list(*, centre: Centre, start: date, end: date) -> QuerySet[TrainingEvent]:
    return (
        TrainingEvent.objects.filter(centre=centre, date__range=(start, end))
        .select_related("delivered_by")
        .prefetch_related(
            Prefetch(
                "attendances", queryset=TrainingAttendance.objects.select_related("setting").order_by("setting__name")
            )
        )
        .annotate(attendees_total=Coalesce(Sum("attendances__attendees"), 0))
        .order_by("-date", "-id")
    )


# ---------------------------------------------------------------------------------------------
# Strand 7: the parent forum, feedback, "you said, we did"
# ---------------------------------------------------------------------------------------------


def forum_list(*, centre: Centre) -> QuerySet[ParentForum]:
    """The centre's forums with their members (current first) and meetings (latest first)."""
    return (
        ParentForum.objects.filter(centre=centre)
        .prefetch_related(
            Prefetch("members", queryset=ForumMember.objects.order_by(F("left_on").desc(nulls_first=True), "name")),
            Prefetch("meetings", queryset=ForumMeeting.objects.order_by("-date", "-id")),
        )
        .order_by("name")
    )


def forum_get(*, centre: Centre, pk: int) -> ParentForum:
    return get_object_or_404(ParentForum, centre=centre, pk=pk)


def forum_member_get(*, forum: ParentForum, pk: int) -> ForumMember:
    return get_object_or_404(ForumMember, forum=forum, pk=pk)


def feedback_list(*, centre: Centre, start: date, end: date) -> QuerySet[Feedback]:
    return Feedback.objects.filter(centre=centre, date__range=(start, end)).select_related("service")


@dataclass(frozen=True)
class FeedbackSummary:
    count: int
    mean: float | None
    # How many gave each satisfaction, 1 to 5.
    by_score: dict[int, int]


def feedback_summary(*, centres: Centres, start: date, end: date) -> FeedbackSummary:
    row = Feedback.objects.filter(centre__in=centres, date__range=(start, end)).aggregate(
        count=Count("id"),
        mean=Avg("satisfaction"),
        **{f"score_{n}": Count("id", filter=Q(satisfaction=n)) for n in range(1, 6)},
    )
    mean = row["mean"]
    return FeedbackSummary(
        count=row["count"],
        mean=None if mean is None else float(mean),
        by_score={n: row[f"score_{n}"] for n in range(1, 6)},
    )


def you_said_we_did_list(*, centre: Centre) -> QuerySet[YouSaidWeDid]:
    return YouSaidWeDid.objects.filter(centre=centre).order_by("published", "-date", "-id")


def you_said_we_did_get(*, centre: Centre, pk: int) -> YouSaidWeDid:
    return get_object_or_404(YouSaidWeDid, centre=centre, pk=pk)


# ---------------------------------------------------------------------------------------------
# Budget and spend (F1)
# ---------------------------------------------------------------------------------------------


def services_of_centres(*, centres: Centres) -> QuerySet[Service]:
    """The services a centre answers for: those it provides, and partners' services that run
    sessions at it. (A partner's service at two centres is in both centres' tables, with the
    service's whole budget and spend: budgets are per service, not per centre.)"""
    at_centres = Session.objects.filter(centre__in=centres).values("service")
    return Service.objects.filter(
        Q(provider_centre__in=centres) | Q(provider_partner__isnull=False, pk__in=at_centres)
    ).order_by("name", "id")


def spend_by_service(*, centres: Centres, financial_year: int) -> QuerySet[Service]:
    """Each service of the centres with its budget, spent and remaining for the financial year,
    in one query. `budget` and `remaining` (and `over_by`, its negative, for an overspend)
    are None when no budget is set. A service that is
    no longer active is listed only if it has a budget or spend in the year."""
    start, end = financial_year_bounds(financial_year)
    budget = Budget.objects.filter(service=OuterRef("pk"), financial_year=financial_year).values("amount")[:1]
    spent = (
        Spend.objects.filter(service=OuterRef("pk"), date__range=(start, end))
        .order_by()
        .values("service")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        services_of_centres(centres=centres)
        .select_related("provider_centre", "provider_partner")
        .annotate(
            budget=Subquery(budget, output_field=MONEY),
            spent=Coalesce(Subquery(spent, output_field=MONEY), ZERO),
        )
        .annotate(
            remaining=ExpressionWrapper(F("budget") - F("spent"), output_field=MONEY),
            over_by=ExpressionWrapper(F("spent") - F("budget"), output_field=MONEY),
        )
        .filter(Q(active=True) | Q(budget__isnull=False) | Q(spent__gt=0))
    )


@dataclass(frozen=True)
class SpendTotals:
    budget: Decimal
    spent: Decimal
    remaining: Decimal
    # Spend on targeted services (strand 4) and on all others, for the universal/targeted share.
    targeted_spent: Decimal
    universal_spent: Decimal

    @property
    def over_by(self) -> Decimal:
        return -self.remaining


def spend_totals(rows: Iterable[Any]) -> SpendTotals:
    """The foot of the spend table: sums of the rows spend_by_service already aggregated."""
    rows = list(rows)
    budget = sum((row.budget or Decimal("0") for row in rows), Decimal("0"))
    spent = sum((row.spent for row in rows), Decimal("0"))
    targeted = sum((row.spent for row in rows if row.targeted), Decimal("0"))
    return SpendTotals(
        budget=budget, spent=spent, remaining=budget - spent, targeted_spent=targeted, universal_spent=spent - targeted
    )


def spend_list(*, centres: Centres, financial_year: int) -> QuerySet[Spend]:
    start, end = financial_year_bounds(financial_year)
    return (
        Spend.objects.filter(service__in=services_of_centres(centres=centres), date__range=(start, end))
        .select_related("service", "recorded_by")
        .order_by("-date", "-id")
    )


# ---------------------------------------------------------------------------------------------
# The centre's community figures (P2 to P4)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommunitySummary:
    bookings: int
    hours_booked: Decimal
    volunteers: int
    volunteer_hours: Decimal
    expertise: ExpertiseTotals
    forum_members: int
    forum_meetings: int
    feedback: FeedbackSummary


def community_summary(*, centres: Centres, start: date, end: date) -> CommunitySummary:
    """P2 to P4 for the centres between two dates (inclusive): seven queries."""
    bookings = RoomBooking.objects.filter(
        room__centre__in=centres,
        cancelled=False,
        starts_at__gte=local_midnight(start),
        starts_at__lt=local_midnight(end + timedelta(days=1)),
    ).aggregate(
        count=Count("id"),
        length=Sum(ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())),
    )
    volunteers = Volunteer.objects.filter(centre__in=centres, started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    members = ForumMember.objects.filter(forum__centre__in=centres, joined_on__lte=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=end)
    )
    length = bookings["length"] or timedelta(0)
    return CommunitySummary(
        bookings=bookings["count"],
        hours_booked=(Decimal(int(length.total_seconds())) / 3600).quantize(Decimal("0.01")),
        volunteers=volunteers.count(),
        volunteer_hours=volunteer_hours_total(centres=centres, start=start, end=end),
        expertise=expertise_totals(centres=centres, start=start, end=end),
        forum_members=members.count(),
        forum_meetings=ForumMeeting.objects.filter(forum__centre__in=centres, date__range=(start, end)).count(),
        feedback=feedback_summary(centres=centres, start=start, end=end),
    )
