"""Adding and changing the carers and children of a household, and recording consent."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from centres.audit import audit_record, fields_changed, snapshot
from centres.models import ApiClient, AuditEvent
from centres.roles import sees_restricted_fields
from families.models import Adult, Child, Consent, Family
from families.services.registration import recorder
from families.target_groups import target_groups_refresh

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User

ADULT_FIELDS = Adult.EDITABLE_FIELDS
CHILD_FIELDS = Child.EDITABLE_FIELDS
# Kept for callers of the first version of child_update.
CHILD_EDITABLE_FIELDS = CHILD_FIELDS


def _check_restricted(user: User | AnonymousUser | ApiClient, names: set[str]) -> None:
    if names & set(Child.RESTRICTED_FIELDS) and (isinstance(user, ApiClient) or not sees_restricted_fields(user)):
        raise PermissionDenied("Only staff with restricted access may change safeguarding statuses.")


def _save_person(
    *,
    user: User | AnonymousUser | ApiClient,
    model: type[Adult] | type[Child],
    fields: tuple[str, ...],
    family: Family,
    person: Adult | Child | None,
    data: dict[str, Any],
    request: HttpRequest | None,
) -> list[str]:
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    if person is None:
        stored = model(family=family)
        before: dict[str, Any] = {}
        action = AuditEvent.Action.CREATE
    else:
        # Compare with the stored row, locked: a bound ModelForm has already copied its input
        # onto the instance it was given.
        stored = model.objects.select_for_update().get(pk=person.pk, family=family)
        before = snapshot(stored, fields)
        action = AuditEvent.Action.UPDATE
    for name, value in data.items():
        setattr(stored, name, value)
    stored.full_clean()
    changed = fields_changed(before, snapshot(stored, fields)) if person is not None else sorted(data)
    _check_restricted(user, set(changed) if person is not None else {k for k, v in data.items() if v})
    if person is None or changed:
        stored.save()
        Family.objects.filter(pk=family.pk).update(version=family.version + 1, updated_at=timezone.now())
        target_groups_refresh(family_ids=[family.pk])
        audit_record(user=user, action=action, obj=stored, family_id=family.pk, changed_fields=changed, request=request)
    return changed


@transaction.atomic
def child_update(
    *, user: User | AnonymousUser | ApiClient, child: Child, data: dict[str, Any], request: HttpRequest | None = None
) -> list[str]:
    """Change a child's details; audit which fields changed. Returns the changed field names."""
    return _save_person(
        user=user, model=Child, fields=CHILD_FIELDS, family=child.family, person=child, data=data, request=request
    )


@transaction.atomic
def child_add(
    *, user: User | AnonymousUser | ApiClient, family: Family, data: dict[str, Any], request: HttpRequest | None = None
) -> Child:
    _save_person(user=user, model=Child, fields=CHILD_FIELDS, family=family, person=None, data=data, request=request)
    return family.children.latest("pk")


@transaction.atomic
def adult_update(
    *, user: User | AnonymousUser | ApiClient, adult: Adult, data: dict[str, Any], request: HttpRequest | None = None
) -> list[str]:
    return _save_person(
        user=user, model=Adult, fields=ADULT_FIELDS, family=adult.family, person=adult, data=data, request=request
    )


@transaction.atomic
def adult_add(
    *, user: User | AnonymousUser | ApiClient, family: Family, data: dict[str, Any], request: HttpRequest | None = None
) -> Adult:
    _save_person(user=user, model=Adult, fields=ADULT_FIELDS, family=family, person=None, data=data, request=request)
    return family.adults.latest("pk")


@transaction.atomic
def consent_record(
    *,
    user: User | AnonymousUser | ApiClient,
    family: Family,
    purpose: str,
    agreed: bool,
    given_by: Adult | None = None,
    on: date | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    """Record the family's answer for a purpose. A previous current answer is withdrawn (kept)."""
    on = on or timezone.localdate()
    if given_by is not None and given_by.family_id != family.pk:
        raise ValidationError({"given_by": "Choose a carer of this family"})
    for previous in family.consents.select_for_update().filter(purpose=purpose, withdrawn_on__isnull=True):
        previous.withdrawn_on = on
        previous.withdrawn_by = recorder(user)["recorded_by"]  # None when an API client answered
        previous.save(update_fields=["withdrawn_on", "withdrawn_by"])
    consent = Consent.objects.create(
        family=family, purpose=purpose, agreed=agreed, given_by=given_by, recorded_on=on, **recorder(user)
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=consent,
        family_id=family.pk,
        changed_fields=[f"consent:{purpose}"],
        detail="agreed" if agreed else "refused",
        request=request,
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *,
    user: User | AnonymousUser | ApiClient,
    consent: Consent,
    on: date | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    stored = Consent.objects.select_for_update().get(pk=consent.pk)
    if stored.withdrawn_on is not None:
        return stored  # already withdrawn: nothing to do
    stored.withdrawn_on = on or timezone.localdate()
    stored.withdrawn_by = recorder(user)["recorded_by"]
    stored.save(update_fields=["withdrawn_on", "withdrawn_by"])
    audit_record(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=stored,
        family_id=stored.family_id,
        changed_fields=[f"consent:{stored.purpose}"],
        detail="withdrawn",
        request=request,
    )
    return stored


def has_consent(*, family: Family, purpose: str, on: date | None = None) -> bool:
    """Did the family agree to this purpose, and had not withdrawn it, on the day?"""
    on = on or timezone.localdate()
    return (
        family.consents.filter(purpose=purpose, agreed=True, recorded_on__lte=on).exclude(withdrawn_on__lte=on).exists()
    )
