"""Reads for cases and family plans. Every one starts from the families the user may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, cast

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Least
from django.shortcuts import get_object_or_404
from django.utils import timezone

from centres.audit import audit_record
from centres.models import AuditEvent, User
from centres.roles import CENTRE_ROLES, Role, sees_restricted_fields
from families.models import Case, Family, GoalStatus, PlanGoal, PlanReview

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

CaseStatus = Literal["open", "closed", "all"]


def cases_for_user(*, user: User | AnonymousUser) -> QuerySet[Case]:
    """Cases of the families this user may see (centre staff of the family's centre only)."""
    return Case.objects.filter(family__in=Family.objects.for_user(user).active())


def centre_staff(*, centre_ids: Iterable[int]) -> QuerySet[User]:
    """Active workers and managers of these centres: who may hold a case there."""
    return (
        User.objects.filter(centres__in=centre_ids, is_active=True, role__in=list(CENTRE_ROLES))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _with_plan_figures(cases: QuerySet[Case], *, today: date) -> QuerySet[Case]:
    """Goal counts and the next review date, worked out in the database.

    The next review is the earlier of the date the last plan review set and the earliest
    review date of an open goal; it is overdue when it is before today.
    """
    last_review = PlanReview.objects.filter(case=OuterRef("pk")).order_by("-reviewed_on", "-id")
    open_goal = Q(goals__status=GoalStatus.OPEN)
    return cases.annotate(
        goals_open=Count("goals", filter=open_goal),
        goals_achieved=Count("goals", filter=Q(goals__status=GoalStatus.ACHIEVED)),
        next_goal_review=Min("goals__review_on", filter=open_goal),
        next_plan_review=Subquery(last_review.values("next_review_on")[:1]),
    ).annotate(
        # LEAST() treats NULL differently on PostgreSQL and SQLite: coalescing both ways makes
        # it "the earlier of the dates there are" on either.
        next_review=Least(
            Coalesce("next_goal_review", "next_plan_review"), Coalesce("next_plan_review", "next_goal_review")
        ),
        review_overdue=ExpressionWrapper(Q(next_review__lt=today), output_field=BooleanField()),
    )


def caseload(
    *,
    user: User | AnonymousUser,
    key_worker_id: int | None = None,
    status: CaseStatus = "open",
    today: date | None = None,
) -> QuerySet[Case]:
    """A worker's own cases; a manager's whole centres', or one key worker's among them.

    Open cases come with the soonest (and overdue) reviews first; closed ones newest first.
    """
    cases = cases_for_user(user=user)
    if getattr(user, "role", None) != Role.MANAGER:
        key_worker_id = cast("User", user).pk
    if key_worker_id is not None:
        cases = cases.filter(key_worker_id=key_worker_id)
    if status == "open":
        cases = cases.filter(closed_on__isnull=True)
    elif status == "closed":
        cases = cases.filter(closed_on__isnull=False)
    cases = _with_plan_figures(cases, today=today or timezone.localdate())
    ordering: list[Any] = [F("closed_on").desc(nulls_first=True), "-opened_on", "-id"]
    if status == "open":
        ordering = [F("next_review").asc(nulls_last=True), "opened_on", "id"]
    return cases.select_related("family__registered_centre", "key_worker").order_by(*ordering)


def case_get_for_user(*, user: User | AnonymousUser, pk: int) -> Case:
    """The case if this user may see its family, else 404 (no hint that it exists)."""
    return get_object_or_404(cases_for_user(user=user).select_related("family__registered_centre", "key_worker"), pk=pk)


def open_case_of(*, family: Family) -> Case | None:
    return family.cases.filter(closed_on__isnull=True).first()


def sees_case_notes(*, user: User | AnonymousUser, case: Case) -> bool:
    """Review summaries and closing notes: the case's own key worker, or staff with restricted
    access (notes are sensitive, like contact notes)."""
    return sees_restricted_fields(user) or case.key_worker_id == getattr(user, "pk", None)


@dataclass(frozen=True)
class CasePage:
    case: Case
    goals: list[PlanGoal]
    reviews: list[PlanReview]
    next_review: date | None
    review_overdue: bool
    notes_visible: bool
    next_review_source: str = ""  # what set the next review: "goal" or "plan"


def case_view(
    *, user: User | AnonymousUser, pk: int, today: date | None = None, request: HttpRequest | None = None
) -> CasePage:
    """Open a case with its plan for reading, and record that this user viewed it."""
    today = today or timezone.localdate()
    case = get_object_or_404(
        _with_plan_figures(cases_for_user(user=user), today=today).select_related(
            "family__registered_centre", "key_worker"
        ),
        pk=pk,
    )
    audit_record(user=user, action=AuditEvent.Action.VIEW, obj=case, family_id=case.family_id, request=request)
    annotated = cast("Any", case)
    return CasePage(
        case=case,
        goals=list(case.goals.order_by("status", "review_on", "id")),
        reviews=list(case.reviews.select_related("recorded_by")),
        next_review=annotated.next_review if case.is_open else None,
        review_overdue=bool(annotated.review_overdue) and case.is_open,
        notes_visible=sees_case_notes(user=user, case=case),
        next_review_source="goal" if annotated.next_review == annotated.next_goal_review else "plan",
    )


def family_cases(*, family: Family) -> list[Case]:
    """The family's cases for its record page, open one first, in one query."""
    return list(
        family.cases.select_related("key_worker")
        .annotate(goals_open=Count("goals", filter=Q(goals__status=GoalStatus.OPEN)))
        .order_by(F("closed_on").desc(nulls_first=True), "-opened_on", "-id")
    )
