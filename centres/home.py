"""What each person has to see to today: the home page's summary.

Centre staff get their cases, referrals, births to contact and the day's sessions; those who
read the dashboards, how fresh the figures are; administrators, the upkeep waiting for them
(uploads checked but not applied, API tokens about to expire). Each figure comes from the same
selector or filter as the screen it links to, so the number on the home page is the number of
rows the person finds when they follow the link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from centres.models import ApiToken, Centre, ReferenceImport, User
from families.cases.selectors import caseload
from outcomes.indicators.refresh import last_refresh
from outcomes.models import RefreshRun
from partnerships.models.births import R7_WEEKS, BirthImport
from partnerships.selectors import DUE_SOON_WEEKS, first_contact_late, outreach_list, referral_list
from services.models import Booking, Session


@dataclass(frozen=True)
class WorkToDo:
    today: date
    sessions: list[Session]
    cases_open: int
    cases_review_overdue: int
    referrals_open: int
    referrals_overdue: int
    births_to_contact: int
    births_due_soon: int
    births_past_window: int
    window_weeks: int = R7_WEEKS


def sessions_on(*, user: User | AnonymousUser, day: date) -> QuerySet[Session]:
    """The day's sessions at the user's centres, with how many families attended and booked."""
    return (
        Session.objects.filter(date=day, centre__in=Centre.objects.for_user(user))
        .select_related("service", "centre")
        .annotate(
            attended=Count("contacts", distinct=True),
            booked=Count("series__bookings", filter=Q(series__bookings__status=Booking.Status.BOOKED), distinct=True),
        )
        .order_by("start_time", "centre__name", "pk")
    )


def work_to_do(*, user: User | AnonymousUser, today: date) -> WorkToDo:
    # Counted with filter().count(), not aggregate(filter=...): an aggregate's filter cannot
    # refer to the lists' annotations (Django renders a bare alias that SQLite reads as a string).
    cases = caseload(user=user, today=today)
    referrals = referral_list(user=user, today=today)
    # A notification's age in whole weeks is (today - date of birth) // 7: "due soon" is from
    # DUE_SOON_WEEKS up to R7's window, "past the window" is R7_WEEKS or more (as on the list).
    due_soon_from = today - timedelta(weeks=DUE_SOON_WEEKS)
    window_closes = today - timedelta(weeks=R7_WEEKS)
    births = outreach_list(user=user).aggregate(
        to_contact=Count("pk"),
        due_soon=Count("pk", filter=Q(date_of_birth__lte=due_soon_from, date_of_birth__gt=window_closes)),
        past_window=Count("pk", filter=Q(date_of_birth__lte=window_closes)),
    )
    return WorkToDo(
        today=today,
        sessions=list(sessions_on(user=user, day=today)),
        cases_open=cases.count(),
        cases_review_overdue=cases.filter(Q(review_overdue=True)).count(),  # the caseload's annotation
        referrals_open=referrals.count(),
        referrals_overdue=referrals.filter(first_contact_late(today)).count(),
        births_to_contact=births["to_contact"],
        births_due_soon=births["due_soon"],
        births_past_window=births["past_window"],
    )


# An API token this close to its expiry is worth replacing now (the client screen issues one).
TOKEN_WARNING_DAYS = 14


@dataclass(frozen=True)
class FiguresStatus:
    last_refreshed: datetime | None
    failed_run: RefreshRun | None  # the newest run, when it failed


def figures_status() -> FiguresStatus:
    done = last_refresh()
    newest = RefreshRun.objects.order_by("-created_at", "-id").first()
    failed = newest if newest is not None and newest.status == RefreshRun.Status.FAILED else None
    return FiguresStatus(last_refreshed=done.finished_at if done else None, failed_run=failed)


@dataclass(frozen=True)
class Upkeep:
    reference_uploads_waiting: int
    birth_uploads_waiting: int
    tokens_expiring: int
    warning_days: int = TOKEN_WARNING_DAYS

    @property
    def anything(self) -> bool:
        return bool(self.reference_uploads_waiting or self.birth_uploads_waiting or self.tokens_expiring)


def upkeep(*, now: datetime) -> Upkeep:
    """An administrator's: files checked but never applied, and live tokens about to expire."""
    live = ApiToken.objects.filter(revoked_at__isnull=True, client__active=True, expires_at__gt=now)
    return Upkeep(
        reference_uploads_waiting=ReferenceImport.objects.filter(status=ReferenceImport.Status.PREVIEWED).count(),
        birth_uploads_waiting=BirthImport.objects.filter(status=BirthImport.Status.PREVIEWED).count(),
        tokens_expiring=live.filter(expires_at__lte=now + timedelta(days=TOKEN_WARNING_DAYS)).count(),
    )
