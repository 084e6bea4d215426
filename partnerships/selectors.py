"""Reads for partnership working. Named records start from the for_user() querysets; the
timeliness and new-births figures are aggregates over the centres the user may see."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from centres.audit import audit_record
from centres.models import AuditEvent
from families.models import Address, Child, Family
from partnerships.models import (
    R7_WEEKS,
    BirthImport,
    BirthNotification,
    EarlyHelpAssessment,
    InformationSharingAgreement,
    Partner,
    Referral,
    ReferralStatus,
    TAFMeeting,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User

ReferralState = Literal["open", "closed", "all"]
OutreachShow = Literal["to_contact", "contacted", "all"]
# On the outreach list, a birth this many weeks old is flagged: R7's eight weeks are near.
DUE_SOON_WEEKS = 6


def target_days() -> int:
    return int(settings.REFERRAL_FIRST_CONTACT_TARGET_DAYS)


# ---------------------------------------------------------------------------------------------
# Partners and agreements
# ---------------------------------------------------------------------------------------------


def current_agreement(*, partner: Partner, on: date) -> InformationSharingAgreement | None:
    """The agreement in force with the partner on the day (the latest to start), or None."""
    return partner.agreements.current(on).order_by("-starts_on", "-pk").first()


def partner_list(*, on: date | None = None, kind: str = "", active_only: bool = False) -> QuerySet[Partner]:
    """Partners with `has_agreement`: whether an information-sharing agreement is in force."""
    on = on or timezone.localdate()
    partners = Partner.objects.annotate(has_agreement=_agreement_in_force(on))
    if kind:
        partners = partners.filter(kind=kind)
    if active_only:
        partners = partners.filter(active=True)
    return partners.order_by("name")


def _agreement_in_force(on: date) -> Exists:
    return Exists(InformationSharingAgreement.objects.current(on).filter(partner=OuterRef("pk")))


def partner_get(*, pk: int) -> Partner:
    return get_object_or_404(Partner.objects.prefetch_related("agreements"), pk=pk)


def agreement_list(*, on: date | None = None) -> QuerySet[InformationSharingAgreement]:
    """Every agreement with its partner and `is_current` on the day, current ones first."""
    on = on or timezone.localdate()
    current = Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    return (
        InformationSharingAgreement.objects.select_related("partner")
        .annotate(is_current=ExpressionWrapper(current, output_field=BooleanField()))
        .order_by("-is_current", "partner__name", "-starts_on", "-pk")
    )


def partners_without_agreement(*, on: date | None = None) -> QuerySet[Partner]:
    """Active partners with no agreement in force: the gaps the screens warn about."""
    on = on or timezone.localdate()
    return Partner.objects.filter(~_agreement_in_force(on), active=True).order_by("name")


# ---------------------------------------------------------------------------------------------
# Referrals
# ---------------------------------------------------------------------------------------------


def first_contact_late(today: date) -> Q:
    """Not closed, no first contact yet, and received longer ago than the target."""
    received_before = today - timedelta(days=target_days())
    return Q(first_contact_on__isnull=True, received_on__lt=received_before) & ~Q(status=ReferralStatus.CLOSED)


def referral_list(
    *,
    user: User | AnonymousUser,
    centre_id: int | None = None,
    direction: str = "",
    state: ReferralState = "open",
    today: date | None = None,
) -> QuerySet[Referral]:
    """The referral inbox: the user's centres' referrals, with `overdue` (open, no first
    contact, and older than the target). Open ones come urgent first, then oldest first."""
    today = today or timezone.localdate()
    referrals = Referral.objects.for_user(user).select_related("partner", "centre", "family")
    if centre_id is not None:
        referrals = referrals.filter(centre_id=centre_id)
    if direction:
        referrals = referrals.filter(direction=direction)
    if state == "open":
        referrals = referrals.not_closed()
    elif state == "closed":
        referrals = referrals.filter(status=ReferralStatus.CLOSED)
    referrals = referrals.annotate(overdue=ExpressionWrapper(first_contact_late(today), output_field=BooleanField()))
    if state == "open":
        return referrals.order_by("-urgency", "received_on", "pk")  # "urgent" > "routine": urgent first
    return referrals.order_by("-received_on", "-pk")


def referral_get_for_user(*, user: User | AnonymousUser, pk: int) -> Referral:
    """The referral if it belongs to one of the user's centres, else 404."""
    return get_object_or_404(
        Referral.objects.for_user(user).select_related(
            "partner", "centre", "family", "agreement", "created_by", "api_client"
        ),
        pk=pk,
    )


def referral_view(*, user: User | AnonymousUser, pk: int, request: HttpRequest | None = None) -> Referral:
    """Open a referral for reading, and record that this user viewed it."""
    referral = referral_get_for_user(user=user, pk=pk)
    audit_record(user=user, action=AuditEvent.Action.VIEW, obj=referral, family_id=referral.family_id, request=request)
    return referral


@dataclass(frozen=True)
class Timeliness:
    """P1 for one group of referrals received in a period (a direction, a partner, a centre).

    `within_target / measured` is the share whose first contact came within the target:
    measured are the referrals with a first contact, and the open ones still waiting past the
    target. Those closed without a first contact (not accepted, declined) are left out."""

    direction: str = ""
    partner_id: int | None = None
    partner_name: str = ""
    centre_id: int | None = None
    centre_name: str = ""
    referrals: int = 0
    contacted: int = 0
    within_target: int = 0
    overdue: int = 0
    median_days: float | None = None

    @property
    def measured(self) -> int:
        return self.contacted + self.overdue

    @property
    def within_share(self) -> float | None:
        return self.within_target / self.measured if self.measured else None

    @property
    def direction_label(self) -> str:
        from partnerships.models import Direction

        return str(Direction(self.direction).label) if self.direction else "All"


DIMENSIONS = {
    "direction": ("direction",),
    "partner": ("partner_id", "partner__name"),
    "centre": ("centre_id", "centre__name"),
}


@dataclass(frozen=True)
class TimelinessReport:
    start: date
    end: date
    target_days: int
    rows: list[Timeliness] = field(default_factory=list)


def referral_timeliness(
    *,
    centre_ids: Iterable[int],
    start: date,
    end: date,
    by: Sequence[str] = ("direction", "partner"),
    target: int | None = None,
    today: date | None = None,
) -> TimelinessReport:
    """Referrals received between `start` and `end` at these centres, grouped `by` direction,
    partner and/or centre: counts and the share within the target in one aggregate query, the
    median days to first contact over the day counts of one more (bounded by the period)."""
    target = target_days() if target is None else target
    today = today or timezone.localdate()
    fields = [name for dimension in by for name in DIMENSIONS[dimension]]
    keys = [DIMENSIONS[dimension][0] for dimension in by]
    referrals = Referral.objects.filter(centre_id__in=list(centre_ids)).received_between(start, end)
    overdue = Q(first_contact_on__isnull=True, closed_on__isnull=True, received_on__lt=today - timedelta(days=target))
    groups = (
        referrals.values(*fields)
        .annotate(
            referrals=Count("pk"),
            contacted=Count("pk", filter=Q(days_to_first_contact__isnull=False)),
            within_target=Count("pk", filter=Q(days_to_first_contact__lte=target)),
            overdue=Count("pk", filter=overdue),
        )
        .order_by(*fields)
    )
    days: dict[tuple[Any, ...], list[int]] = {}
    for row in referrals.filter(days_to_first_contact__isnull=False).values_list(*keys, "days_to_first_contact"):
        days.setdefault(tuple(row[:-1]), []).append(row[-1])
    rows = []
    for group in groups:
        counted = days.get(tuple(group[key] for key in keys), [])
        values = {name.replace("__name", "_name"): value for name, value in group.items()}
        rows.append(Timeliness(**values, median_days=statistics.median(counted) if counted else None))
    return TimelinessReport(start=start, end=end, target_days=target, rows=rows)


# ---------------------------------------------------------------------------------------------
# Births: the outreach list, matching by hand, R7
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutreachRow:
    notification: BirthNotification
    weeks: int

    @property
    def due_soon(self) -> bool:
        return DUE_SOON_WEEKS <= self.weeks < R7_WEEKS

    @property
    def past_window(self) -> bool:
        return self.weeks >= R7_WEEKS


def outreach_list(
    *, user: User | AnonymousUser, centre_id: int | None = None, show: OutreachShow = "to_contact"
) -> QuerySet[BirthNotification]:
    """Births in the reach areas of the user's centres not matched to a registered child:
    the families to reach. Newest first."""
    births = BirthNotification.objects.for_user(user).unmatched().select_related("centre", "lsoa", "contacted_by")
    if centre_id is not None:
        births = births.filter(centre_id=centre_id)
    if show == "to_contact":
        births = births.filter(contacted_on__isnull=True)
    elif show == "contacted":
        births = births.filter(contacted_on__isnull=False)
    return births.order_by("-date_of_birth", "-pk")


def outreach_rows(notifications: Iterable[BirthNotification], *, today: date) -> list[OutreachRow]:
    return [OutreachRow(notification=n, weeks=n.age_in_weeks(today)) for n in notifications]


def birth_notification_get_for_user(*, user: User | AnonymousUser, pk: int) -> BirthNotification:
    return get_object_or_404(BirthNotification.objects.for_user(user).select_related("centre", "lsoa"), pk=pk)


def match_candidates(*, user: User | AnonymousUser, notification: BirthNotification, limit: int = 20) -> list[Child]:
    """Children of the user's families born within a fortnight of the notified birth and not
    matched yet, closest date first, with their family's current address."""
    born = notification.date_of_birth
    children = (
        Child.objects.for_user(user)
        .filter(
            family__merged_into__isnull=True,
            family__anonymised_at__isnull=True,
            date_of_birth__range=(born - timedelta(days=14), born + timedelta(days=14)),
            birth_notifications__isnull=True,
        )
        .select_related("family__registered_centre")
        .prefetch_related(Prefetch("family__addresses", queryset=Address.objects.current(), to_attr="current"))
        .order_by("date_of_birth", "pk")[: limit * 2]
    )
    found = list(children)
    found.sort(key=lambda child: (abs(((child.date_of_birth or born) - born).days), child.pk))
    return found[:limit]


def new_births_reached(*, centre_ids: Iterable[int], start: date, end: date) -> dict[str, int]:
    """R7 for centres' reach areas: births notified between `start` and `end`, and those whose
    child was registered (its family's registration) within eight weeks of birth."""
    return BirthNotification.objects.filter(
        centre_id__in=list(centre_ids), notified_on__gte=start, notified_on__lte=end
    ).aggregate(notified=Count("pk"), reached=Count("pk", filter=reached_in_time()))


def reached_in_time() -> Q:
    """R7's numerator: the notified child's family registered within eight weeks of the birth.
    (Shared with the indicator engine, outcomes.indicators.births.)"""
    return Q(matched_child__family__registration_date__lte=F("date_of_birth") + timedelta(weeks=R7_WEEKS))


def birth_import_list() -> QuerySet[BirthImport]:
    return BirthImport.objects.select_related("uploaded_by", "api_client").order_by("-uploaded_at", "-pk")


# ---------------------------------------------------------------------------------------------
# Early help, and what the family's page shows
# ---------------------------------------------------------------------------------------------


def assessment_get_for_user(*, user: User | AnonymousUser, pk: int) -> EarlyHelpAssessment:
    return get_object_or_404(
        EarlyHelpAssessment.objects.for_user(user).select_related(
            "family__registered_centre", "lead_user", "lead_partner"
        ),
        pk=pk,
    )


def assessment_view(
    *, user: User | AnonymousUser, pk: int, request: HttpRequest | None = None
) -> tuple[EarlyHelpAssessment, list[TAFMeeting]]:
    """An assessment with its team and meetings for reading; the view is audited."""
    assessment = assessment_get_for_user(user=user, pk=pk)
    audit_record(
        user=user, action=AuditEvent.Action.VIEW, obj=assessment, family_id=assessment.family_id, request=request
    )
    meetings = list(assessment.meetings.select_related("recorded_by").prefetch_related("attendees"))
    return assessment, meetings


def family_partnerships(*, family: Family) -> dict[str, Any]:
    """The family page's "Referrals and early help" section: two queries."""
    return {
        "referrals": list(Referral.objects.filter(family=family).select_related("partner").order_by("-received_on")),
        "assessments": list(
            EarlyHelpAssessment.objects.filter(family=family)
            .select_related("lead_user", "lead_partner")
            .order_by("-started_on")
        ),
    }
