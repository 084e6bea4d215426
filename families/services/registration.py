"""Registering a family, moving house, and changing the household's own facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from centres.area_selectors import postcode_area
from centres.audit import audit_record, audit_record_many, fields_changed, snapshot
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
        # From the client's centres as loaded: a bulk request prefetches them once.
        if not (user.all_centres or centre.pk in {c.pk for c in user.centres.all()}):
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
    model: type[Adult] | type[Child],
    family: Family,
    data: dict[str, Any],
    user: User | AnonymousUser | ApiClient,
    *,
    checked: bool,
) -> Any:
    if model is Child and (isinstance(user, ApiClient) or not sees_restricted_fields(user)):
        restricted = [name for name in Child.RESTRICTED_FIELDS if data.get(name)]
        if restricted:
            raise PermissionDenied("Only staff with restricted access may record safeguarding statuses.")
    person = model(family=family, **data)
    if not checked:
        person.full_clean(exclude=["family"])
    return person


@dataclass(frozen=True)
class Registration:
    """What a household's registration records: the registration screen's or an integration's."""

    centre: Centre
    address: AddressInput
    adults: list[dict[str, Any]]
    children: list[dict[str, Any]]
    consents: list[str]
    registration_date: date | None = None
    temporary_accommodation: bool = False
    external_id: str | None = None
    # True when the caller has already run each carer's and child's full_clean (the families
    # API's FamilyInput does, on new people): the same checks on the same values are not run
    # again (for a child, a query per constraint).
    people_checked: bool = False


@dataclass(frozen=True)
class CheckedRegistration:
    """A registration that passed every check, built but not written yet."""

    family: Family
    address: Address
    adults: list[Adult]
    children: list[Child]
    consents: list[str]


def registration_check(*, user: User | AnonymousUser | ApiClient, registration: Registration) -> CheckedRegistration:
    """Every check of a registration, before anything is written, so that a caller registering
    many households can name the one that is wrong. Registration consent must be among
    `consents` (the others are optional, each recorded as agreed)."""
    _check_centre(user, registration.centre)
    if ConsentPurpose.REGISTRATION not in registration.consents:
        raise ValidationError({"consents": "The family must agree to be registered"})
    if not registration.children:
        raise ValidationError({"children": "Add at least one child, or an expected baby"})
    day = registration.registration_date or timezone.localdate()
    checked = registration.people_checked
    family = Family(
        registered_centre=registration.centre,
        registration_date=day,
        temporary_accommodation=registration.temporary_accommodation,
        external_id=registration.external_id or None,
        last_contact_on=day,
    )
    return CheckedRegistration(
        family=family,
        address=_address(family, registration.address, moved_in=day),
        adults=[_person(Adult, family, data, user, checked=checked) for data in registration.adults],
        children=[_person(Child, family, data, user, checked=checked) for data in registration.children],
        consents=list(dict.fromkeys(registration.consents)),
    )


@transaction.atomic
def registrations_save(
    *, user: User | AnonymousUser | ApiClient, checked: list[CheckedRegistration], request: HttpRequest | None = None
) -> list[Family]:
    """Write checked registrations in a fixed number of queries, however many: the households
    with their addresses, carers, children and consents (given by the first carer), the derived
    target groups, and one audit event each."""
    families = Family.objects.bulk_create([c.family for c in checked])  # each instance gets its id
    Address.objects.bulk_create([c.address for c in checked])
    Adult.objects.bulk_create([adult for c in checked for adult in c.adults])
    Child.objects.bulk_create([child for c in checked for child in c.children])
    Consent.objects.bulk_create(
        Consent(
            family=c.family,
            purpose=purpose,
            agreed=True,
            given_by=c.adults[0] if c.adults else None,
            recorded_on=c.family.registration_date,
            **recorder(user),
        )
        for c in checked
        for purpose in c.consents
    )
    for day in {f.registration_date for f in families}:
        target_groups_refresh(family_ids=[f.pk for f in families if f.registration_date == day], on=day)
    by_detail: dict[str, list[Family]] = {}
    for c in checked:
        detail = f"registered with {len(c.adults)} carer(s) and {len(c.children)} child(ren)"
        by_detail.setdefault(detail, []).append(c.family)
    for detail, registered in by_detail.items():
        audit_record_many(
            user=user,
            action=AuditEvent.Action.CREATE,
            objects=registered,
            family_ids=[f.pk for f in registered],
            detail=detail,
            request=request,
        )
    return families


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
    """Register a household with its carers, children and consents, in one step. Target groups
    are derived at once, and the registration is audited."""
    registration = Registration(  # in the order of its fields
        centre, address, adults, children, consents, registration_date, temporary_accommodation, external_id
    )
    checked = registration_check(user=user, registration=registration)
    return registrations_save(user=user, checked=[checked], request=request)[0]


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
