"""Early help assessments, the Team Around the Family and its meetings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from centres.audit import audit_record
from centres.models import AuditEvent
from families.cases.selectors import centre_staff
from families.models import Family
from partnerships.models import EarlyHelpAssessment, Partner, TAFMeeting, TAFMember
from partnerships.services.common import lock_family, not_before, not_in_future

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User


def _lock(user: User | AnonymousUser, assessment: EarlyHelpAssessment) -> EarlyHelpAssessment:
    locked = EarlyHelpAssessment.objects.for_user(user).select_for_update().filter(pk=assessment.pk).first()
    if locked is None:
        raise PermissionDenied("You can work only with the assessments of your own centres' families.")
    if not locked.is_open:
        raise ValidationError(f"Assessment {locked.reference} is closed: it can no longer be changed")
    return locked


def _audit(
    user: User | AnonymousUser,
    action: str,
    obj: EarlyHelpAssessment | TAFMember | TAFMeeting,
    family_id: int,
    changed: Iterable[str],
    request: HttpRequest | None,
) -> None:
    audit_record(user=user, action=action, obj=obj, family_id=family_id, changed_fields=changed, request=request)


@transaction.atomic
def early_help_start(
    *,
    user: User | AnonymousUser,
    family: Family,
    started_on: date,
    lead_user: User | None = None,
    lead_partner: Partner | None = None,
    lead_name: str = "",
    plan_review_on: date | None = None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> EarlyHelpAssessment:
    """Start an early help assessment of the family. One open assessment a family; the lead is
    staff of the family's centre, or a partner's professional."""
    family = lock_family(user, family)
    not_in_future(started_on, field="started_on", what="The start date")
    if plan_review_on is not None:
        not_before(plan_review_on, started_on, field="plan_review_on", what="The review", than="the start")
    open_one = EarlyHelpAssessment.objects.filter(family=family, closed_on__isnull=True).first()
    if open_one is not None:
        raise ValidationError(f"Family {family.reference} already has an open assessment ({open_one.reference})")
    if (
        lead_user is not None
        and not centre_staff(centre_ids=[family.registered_centre_id]).filter(pk=lead_user.pk).exists()
    ):
        raise ValidationError({"lead_user": "Choose a worker or manager of the family's centre"})
    if lead_user is None and (lead_partner is None or not lead_name.strip()):
        raise ValidationError({"lead_name": "Choose the lead professional: a member of staff, or a partner and a name"})
    assessment = EarlyHelpAssessment(
        family=family,
        lead_user=lead_user,
        lead_partner=None if lead_user else lead_partner,
        lead_name="" if lead_user else lead_name.strip(),
        started_on=started_on,
        plan_review_on=plan_review_on,
        notes=notes.strip(),
        created_by=cast("User", user),
    )
    assessment.full_clean()
    assessment.save()
    _audit(user, AuditEvent.Action.CREATE, assessment, family.pk, ["started_on", "lead"], request)
    return assessment


@transaction.atomic
def taf_member_add(
    *,
    user: User | AnonymousUser,
    assessment: EarlyHelpAssessment,
    person_name: str,
    role: str,
    partner: Partner | None = None,
    request: HttpRequest | None = None,
) -> TAFMember:
    """Add a professional to the Team Around the Family (a partner's, or the centre's)."""
    assessment = _lock(user, assessment)
    member = TAFMember(assessment=assessment, partner=partner, person_name=person_name.strip(), role=role.strip())
    member.full_clean()
    member.save()
    _audit(user, AuditEvent.Action.CREATE, member, assessment.family_id, ["person_name", "role", "partner"], request)
    return member


@transaction.atomic
def taf_meeting_record(
    *,
    user: User | AnonymousUser,
    assessment: EarlyHelpAssessment,
    held_on: date,
    attendees: Iterable[TAFMember] = (),
    family_attended: bool = True,
    notes: str = "",
    next_review_on: date | None = None,
    request: HttpRequest | None = None,
) -> TAFMeeting:
    """Record a TAF meeting; its next review date becomes the plan's."""
    assessment = _lock(user, assessment)
    not_in_future(held_on, field="held_on", what="The meeting date")
    not_before(held_on, assessment.started_on, field="held_on", what="The meeting", than="the assessment started")
    if next_review_on is not None and next_review_on <= held_on:
        raise ValidationError({"next_review_on": "The next review must be after the meeting"})
    attendees = list(attendees)
    if any(member.assessment_id != assessment.pk for member in attendees):
        raise ValidationError({"attendees": "Choose members of this Team Around the Family"})
    meeting = TAFMeeting(
        assessment=assessment,
        family_id=assessment.family_id,
        held_on=held_on,
        family_attended=family_attended,
        notes=notes.strip(),
        next_review_on=next_review_on,
        recorded_by=cast("User", user),
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    changed = ["held_on", "attendees", *(["notes"] if meeting.notes else [])]
    _audit(user, AuditEvent.Action.CREATE, meeting, assessment.family_id, changed, request)
    if next_review_on is not None:
        assessment.plan_review_on = next_review_on
        assessment.save(update_fields=["plan_review_on"])
        _audit(user, AuditEvent.Action.UPDATE, assessment, assessment.family_id, ["plan_review_on"], request)
    return meeting


@transaction.atomic
def early_help_close(
    *,
    user: User | AnonymousUser,
    assessment: EarlyHelpAssessment,
    closed_on: date,
    outcome: str,
    request: HttpRequest | None = None,
) -> EarlyHelpAssessment:
    assessment = _lock(user, assessment)
    not_in_future(closed_on, field="closed_on", what="The closing date")
    not_before(closed_on, assessment.started_on, field="closed_on", what="It", than="the assessment started")
    assessment.closed_on = closed_on
    assessment.outcome = outcome
    assessment.full_clean()
    assessment.save(update_fields=["closed_on", "outcome"])
    _audit(user, AuditEvent.Action.UPDATE, assessment, assessment.family_id, ["closed_on", "outcome"], request)
    return assessment
