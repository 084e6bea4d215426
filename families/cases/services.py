"""Writes for cases and family plans: checked, atomic, and audited against the family."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from centres.audit import audit_record, fields_changed, snapshot
from centres.models import AuditEvent
from centres.records import save_audited
from families.cases.selectors import cases_for_user, centre_staff
from families.models import Case, CaseOutcome, Family, PlanGoal, PlanReview

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User

GOAL_FIELDS = ("goal", "actions", "owner", "review_on", "status")


def _lock_family(user: User | AnonymousUser, family: Family) -> Family:
    locked = Family.objects.for_user(user).active().select_for_update().filter(pk=family.pk).first()
    if locked is None:
        raise PermissionDenied("You can work only with active families of your own centres.")
    return locked


def _lock_case(user: User | AnonymousUser, case: Case, *, open_only: bool = True) -> Case:
    locked = cases_for_user(user=user).select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise PermissionDenied("You can work only with cases of your own centres' families.")
    if open_only and not locked.is_open:
        raise ValidationError("This case is closed: its plan can no longer be changed.")
    return locked


def _not_in_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} cannot be in the future"})


@transaction.atomic
def case_open(
    *,
    user: User | AnonymousUser,
    family: Family,
    key_worker: User,
    reason: str,
    opened_on: date,
    referral_source: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Open a case for the family, held by `key_worker` (staff of the family's centre).

    A family has at most one open case. If the family has no key worker yet, the case's key
    worker becomes theirs. Both changes are audited.
    """
    locked = _lock_family(user, family)
    _not_in_future(opened_on, "opened_on", "The date the case opened")
    if not centre_staff(centre_ids=[locked.registered_centre_id]).filter(pk=key_worker.pk).exists():
        raise ValidationError({"key_worker": "Choose a worker or manager of the family's centre"})
    existing = locked.cases.filter(closed_on__isnull=True).first()
    if existing is not None:
        raise ValidationError(
            f"Family {locked.reference} already has an open case ({existing.reference}). "
            "Close it before opening another."
        )
    case = Case(
        family=locked,
        key_worker=key_worker,
        reason=reason,
        opened_on=opened_on,
        referral_source=referral_source.strip(),
    )
    save_audited(case, user=user, family_id=locked.pk, detail=f"case opened: {reason}", request=request)
    if locked.key_worker_id is None:
        version = locked.version + 1
        Family.objects.filter(pk=locked.pk).update(key_worker=key_worker, version=version, updated_at=timezone.now())
        family.key_worker, family.version = key_worker, version
        audit_record(
            user=user,
            action=AuditEvent.Action.UPDATE,
            obj=locked,
            family_id=locked.pk,
            changed_fields=["key_worker"],
            detail=f"key worker from case {case.reference}",
            request=request,
        )
    return case


@transaction.atomic
def case_close(
    *,
    user: User | AnonymousUser,
    case: Case,
    closed_on: date,
    outcome: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Close the case with its outcome. It cannot close before it opened, or in the future."""
    locked = _lock_case(user, case)
    _not_in_future(closed_on, "closed_on", "The date the case closed")
    if closed_on < locked.opened_on:
        raise ValidationError({"closed_on": f"The case cannot close before it opened on {locked.opened_on:%-d %B %Y}"})
    if outcome == CaseOutcome.OTHER and not note.strip():
        raise ValidationError({"closing_note": "Say what the outcome was"})
    locked.closed_on, locked.closing_outcome, locked.closing_note = closed_on, outcome, note.strip()
    case.closed_on, case.closing_outcome, case.closing_note = locked.closed_on, outcome, locked.closing_note
    return save_audited(
        locked,
        user=user,
        family_id=locked.family_id,
        action=AuditEvent.Action.UPDATE,
        changed_fields=["closed_on", "closing_outcome", *(["closing_note"] if locked.closing_note else [])],
        detail=f"case closed: {outcome}",
        request=request,
        update_fields=["closed_on", "closing_outcome", "closing_note", "updated_at"],
    )


def _check_review_on(case: Case, review_on: date | None) -> None:
    if review_on is not None and review_on < case.opened_on:
        raise ValidationError({"review_on": "The review date cannot be before the case opened"})


@transaction.atomic
def goal_add(
    *,
    user: User | AnonymousUser,
    case: Case,
    goal: str,
    owner: str,
    actions: str = "",
    review_on: date | None = None,
    request: HttpRequest | None = None,
) -> PlanGoal:
    """Add a goal to the family plan of an open case."""
    locked = _lock_case(user, case)
    _check_review_on(locked, review_on)
    new = PlanGoal(
        case=locked,
        family_id=locked.family_id,
        goal=goal.strip(),
        actions=actions.strip(),
        owner=owner.strip(),
        review_on=review_on,
        updated_on=timezone.localdate(),
    )
    return save_audited(new, user=user, family_id=locked.family_id, request=request)


@transaction.atomic
def goal_update(
    *, user: User | AnonymousUser, goal: PlanGoal, data: dict[str, Any], request: HttpRequest | None = None
) -> list[str]:
    """Change a goal of an open case (its wording, actions, owner, review date or status).

    Returns the names of the fields that changed; nothing is saved or audited if none did.
    """
    unknown = set(data) - set(GOAL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    case = _lock_case(user, goal.case)
    locked = PlanGoal.objects.select_for_update().get(pk=goal.pk, case=case)
    if "review_on" in data:
        _check_review_on(case, data["review_on"])
    before = snapshot(locked, GOAL_FIELDS)
    for name, value in data.items():
        setattr(locked, name, value.strip() if isinstance(value, str) and name != "status" else value)
    changed = fields_changed(before, snapshot(locked, GOAL_FIELDS))
    if not changed:
        return []
    locked.updated_on = timezone.localdate()
    save_audited(
        locked,
        user=user,
        family_id=case.family_id,
        action=AuditEvent.Action.UPDATE,
        changed_fields=changed,
        detail=f"goal status: {locked.status}" if "status" in changed else "",
        request=request,
        update_fields=[*changed, "updated_on"],
    )
    for name in (*changed, "updated_on"):
        setattr(goal, name, getattr(locked, name))
    return changed


@transaction.atomic
def review_record(
    *,
    user: User | AnonymousUser,
    case: Case,
    reviewed_on: date,
    summary: str,
    next_review_on: date | None = None,
    request: HttpRequest | None = None,
) -> PlanReview:
    """Record a review of the family plan, and when the next one is due."""
    locked = _lock_case(user, case)
    _not_in_future(reviewed_on, "reviewed_on", "The date of the review")
    if reviewed_on < locked.opened_on:
        raise ValidationError({"reviewed_on": "The review cannot be before the case opened"})
    if next_review_on is not None and next_review_on <= reviewed_on:
        raise ValidationError({"next_review_on": "The next review must be after this one"})
    review = PlanReview(
        case=locked,
        family_id=locked.family_id,
        reviewed_on=reviewed_on,
        summary=summary.strip(),
        next_review_on=next_review_on,
        recorded_by=cast("User", user),
    )
    return save_audited(review, user=user, family_id=locked.family_id, request=request)
