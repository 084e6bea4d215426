"""Registering a family, moving house, and changing the household's own facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from centres.area_selectors import postcode_area
from centres.audit import audit_record, fields_changed, snapshot
from centres.models import ApiClient, AuditEvent, Centre
from centres.roles import sees_personal_data, sees_restricted_fields
from families.models import Address, Adult, Child, Consent, ConsentPurpose, Family
from families.target_groups import target_groups_refresh

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User

ADDRESS_FIELDS = ("line_1", "line_2", "town", "postcode")


def recorder(user: User | AnonymousUser | ApiClient) -> dict[str, Any]:
    """Who recorded an answer: the member of staff, or the API client that sent it."""
    if isinstance(user, ApiClient):
        return {"recorded_by": None, "recorded_by_client": user}
    return {"recorded_by": cast("User", user), "recorded_by_client": None}


@dataclass(frozen=True)
class AddressInput:
    line_1: str
    postcode: str
    line_2: str = ""
    town: str = ""


def _check_centre(user: User | AnonymousUser | ApiClient, centre: Centre) -> None:
    if isinstance(user, ApiClient):  # another council system: the centres it acts for
        if not (user.all_centres or user.centres.filter(pk=centre.pk).exists()):
            raise PermissionDenied("This client may not register families at that centre.")
        return
    if not sees_personal_data(user) or not cast("User", user).centres.filter(pk=centre.pk).exists():
        raise PermissionDenied("You can register families only at your own centres.")


def _address(family: Family, data: AddressInput, moved_in: date) -> Address:
    area = postcode_area(postcode=data.postcode)  # raises InvalidPostcode for a malformed one
    address = Address(
        family=family,
        line_1=data.line_1.strip(),
        line_2=data.line_2.strip(),
        town=data.town.strip(),
        postcode=area.postcode,
        lsoa=area.lsoa,
        moved_in=moved_in,
    )
    address.full_clean(exclude=["family"])
    return address


def _person(
    model: type[Adult] | type[Child], family: Family, data: dict[str, Any], user: User | AnonymousUser | ApiClient
) -> Any:
    if model is Child and (isinstance(user, ApiClient) or not sees_restricted_fields(user)):
        restricted = [name for name in Child.RESTRICTED_FIELDS if data.get(name)]
        if restricted:
            raise PermissionDenied("Only staff with restricted access may record safeguarding statuses.")
    person = model(family=family, **data)
    person.full_clean(exclude=["family"])
    return person


@transaction.atomic
def family_register(
    *,
    user: User | AnonymousUser | ApiClient,
    centre: Centre,
    address: AddressInput,
    adults: list[dict[str, Any]],
    children: list[dict[str, Any]],
    consents: list[str],
    registration_date: date | None = None,
    temporary_accommodation: bool = False,
    external_id: str | None = None,
    request: HttpRequest | None = None,
) -> Family:
    """Register a household with its carers, children and consents, in one step.

    Registration consent must be among `consents` (the others are optional, each recorded
    as agreed). Target groups are derived at once, and the registration is audited.
    """
    _check_centre(user, centre)
    if ConsentPurpose.REGISTRATION not in consents:
        raise ValidationError({"consents": "The family must agree to be registered"})
    if not children:
        raise ValidationError({"children": "Add at least one child, or an expected baby"})
    registration_date = registration_date or timezone.localdate()
    family = Family.objects.create(
        registered_centre=centre,
        registration_date=registration_date,
        temporary_accommodation=temporary_accommodation,
        external_id=external_id or None,
        last_contact_on=registration_date,
    )
    _address(family, address, moved_in=registration_date).save()
    new_adults = [_person(Adult, family, data, user) for data in adults]
    Adult.objects.bulk_create(new_adults)
    Child.objects.bulk_create([_person(Child, family, data, user) for data in children])
    given_by = new_adults[0] if new_adults else None
    Consent.objects.bulk_create(
        Consent(
            family=family,
            purpose=purpose,
            agreed=True,
            given_by=given_by,
            recorded_on=registration_date,
            **recorder(user),
        )
        for purpose in dict.fromkeys(consents)
    )
    target_groups_refresh(family_ids=[family.pk], on=registration_date)
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=family,
        family_id=family.pk,
        detail=f"registered with {len(new_adults)} carer(s) and {len(children)} child(ren)",
        request=request,
    )
    return family


def _lock(family: Family, expected_version: int | None) -> Family:
    locked = Family.objects.select_for_update().get(pk=family.pk)
    if not locked.is_active:
        raise ValidationError("This family's record has been merged or anonymised and cannot be changed.")
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            "Someone else changed this family's record while you were editing it. "
            "Your changes were not saved: reload the page to see theirs, then make yours again."
        )
    return locked


@transaction.atomic
def family_move(
    *,
    user: User | AnonymousUser | ApiClient,
    family: Family,
    address: AddressInput,
    moved_on: date,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Address:
    """The family moved: the current address ends on `moved_on` (exclusive) and the new one starts.

    Residence at a period's end follows the dates, so a family that moves out of a reach
    area stops counting for it from the move.
    """
    locked = _lock(family, expected_version)
    current = locked.addresses.current().first()
    if current is not None:
        if moved_on <= current.moved_in:
            raise ValidationError({"moved_on": "The move must be after the family moved into their current address"})
        current.moved_out = moved_on
        current.save(update_fields=["moved_out"])
    new = _address(locked, address, moved_in=moved_on)
    new.save()
    Family.objects.filter(pk=locked.pk).update(version=locked.version + 1)
    target_groups_refresh(family_ids=[locked.pk], on=moved_on)
    audit_record(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=locked,
        family_id=locked.pk,
        changed_fields=["address"],
        request=request,
    )
    return new


HOUSEHOLD_FIELDS = ("registered_centre", "key_worker", "temporary_accommodation")


@transaction.atomic
def family_update(
    *,
    user: User | AnonymousUser | ApiClient,
    family: Family,
    data: dict[str, Any],
    expected_version: int,
    request: HttpRequest | None = None,
) -> list[str]:
    """Change the household's own facts. A stale form (another change since) is refused."""
    unknown = set(data) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    locked = _lock(family, expected_version)
    if "registered_centre" in data and data["registered_centre"] != locked.registered_centre:
        _check_centre(user, data["registered_centre"])
    before = snapshot(locked, HOUSEHOLD_FIELDS)
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean()
    changed = fields_changed(before, snapshot(locked, HOUSEHOLD_FIELDS))
    if changed:
        locked.version += 1
        locked.save(update_fields=[*changed, "version", "updated_at"])
        target_groups_refresh(family_ids=[locked.pk])
        audit_record(
            user=user,
            action=AuditEvent.Action.UPDATE,
            obj=locked,
            family_id=locked.pk,
            changed_fields=changed,
            request=request,
        )
    return changed
