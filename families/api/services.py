"""Writes for families:write clients, built on the same services as the staff screens
(families.services.registration and .people): the same checks, target groups derived the
same way, in/out of area from the postcode, and the same audit events (by the API client).

Upserts match a family on `external_id` alone: it is unique across the authority (one
identifier space for every calling system), so a second system cannot reuse another's id.
Carers and children sent without an id are matched to the family's people by name and date of
birth (or expected date), so sending the same family twice changes nothing the second time.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest
from django.utils import timezone
from rest_framework import exceptions

from centres.api.conditional import check_version
from centres.api.exceptions import Conflict
from centres.api.writes import valid_data
from centres.audit import audit_record
from centres.models import ApiClient, AuditEvent, Centre
from families.api.bulk import BulkResult, RowErrors, is_row
from families.api.inputs import FamilyInput, require_for_create
from families.models import Adult, Child, Consent, Family
from families.services import people
from families.services.people import adult_add, adult_update, child_add, child_update
from families.services.registration import (
    ADDRESS_FIELDS,
    AddressInput,
    CheckedRegistration,
    Registration,
    family_move,
    family_update,
    registration_check,
    registrations_save,
)

HOUSEHOLD = ("registered_centre", "temporary_accommodation")


def _person_key(model: type[Adult] | type[Child], values: Any) -> tuple[Any, ...]:
    get = values.get if isinstance(values, dict) else lambda name, default=None: getattr(values, name, default)
    key = ((get("first_name") or "").strip().lower(), (get("last_name") or "").strip().lower(), get("date_of_birth"))
    return (*key, get("expected_date")) if model is Child else key


def _registration(data: dict[str, Any], external_id: str | None) -> Registration:
    require_for_create(data)
    return Registration(
        centre=data["registered_centre"],
        address=AddressInput(**data["address"]),
        adults=[dict(a) for a in data.get("adults", [])],
        children=[dict(c) for c in data.get("children", [])],
        consents=list(data["consents"]),
        registration_date=data.get("registration_date"),
        temporary_accommodation=data.get("temporary_accommodation", False),
        external_id=external_id,
        # FamilyInput ran full_clean on each person sent without an id, and require_for_create
        # refuses an id on a new family's people: the registration need not check them again.
        people_checked=True,
    )


def _save(*, client: ApiClient, checked: list[CheckedRegistration], request: HttpRequest | None) -> list[Family]:
    try:
        with transaction.atomic():
            return registrations_save(user=client, checked=checked, request=request)
    except IntegrityError as error:  # the same external_id registered at the same moment
        raise Conflict(
            "A family was registered with the same external_id by another request at the same time: retry."
        ) from error


def _unchanged(stored: Family | Adult | Child, values: dict[str, Any]) -> bool:
    """Does the stored row already hold these values? (A related row by its id, unloaded.)"""
    for name, value in values.items():
        related = stored._meta.get_field(name).is_relation
        current = getattr(stored, f"{name}_id" if related else name)
        if (value.pk if related and value is not None else value) != current:
            return False
    return True


@transaction.atomic
def family_create(*, client: ApiClient, data: dict[str, Any], request: HttpRequest | None = None) -> Family:
    external_id = data.get("external_id")
    registration = _registration(data, external_id)
    if external_id and Family.objects.filter(external_id=external_id).exists():
        raise ValidationError(
            {"external_id": "A family with this external_id exists: PUT /families/by-external-id/<id>/ changes it."}
        )
    checked = registration_check(user=client, registration=registration)
    return _save(client=client, checked=[checked], request=request)[0]


def _people(
    *,
    client: ApiClient,
    family: Family,
    key: str,
    rows: list[dict[str, Any]],
    request: HttpRequest | None,
) -> None:
    model: type[Adult] | type[Child] = Adult if key == "adults" else Child
    stored = {p.pk: p for p in model.objects.filter(family=family)}
    by_key = {_person_key(model, p): p for p in stored.values()}
    for index, row in enumerate(rows):
        fields = {k: v for k, v in row.items() if k != "id"}
        person = stored.get(row["id"]) if "id" in row else by_key.get(_person_key(model, fields))
        if "id" in row and person is None:
            raise exceptions.ValidationError({key: {str(index): {"id": ["Not one of this family's people."]}}})
        if person is not None and _unchanged(person, fields):
            continue  # as sent before: nothing to check, write or audit (a resent batch stays cheap)
        family.refresh_from_db(fields=["version"])  # each service call increments the version
        try:
            if person is None:
                (adult_add if model is Adult else child_add)(user=client, family=family, data=fields, request=request)
            elif model is Adult:
                person.family = family
                adult_update(user=client, adult=person, data=fields, request=request)
            else:
                person.family = family
                child_update(user=client, child=person, data=fields, request=request)  # type: ignore[arg-type]
        except ValidationError as error:
            # Under the person's index, as a nested body's errors are (DRF's error can nest).
            detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
            raise exceptions.ValidationError({key: {str(index): detail}}) from error


def _consents(
    *, client: ApiClient, family: Family, agree: list[str], withdraw: list[str], request: HttpRequest | None
) -> bool:
    """Withdraw the current answers named (as the family page's Withdraw does) and record the
    purposes newly agreed. True when an answer changed."""
    current = {c.purpose: c for c in Consent.objects.filter(family=family, withdrawn_on__isnull=True)}
    changed = False
    for purpose in dict.fromkeys(withdraw):
        if purpose in current:
            people.consent_withdraw(user=client, consent=current[purpose], request=request)
            changed = True
    for purpose in dict.fromkeys(agree):
        answer = current.get(purpose)
        if answer is None or not answer.agreed:
            people.consent_record(user=client, family=family, purpose=purpose, agreed=True, request=request)
            changed = True
    return changed


def _link(*, client: ApiClient, family: Family, external_id: str, request: HttpRequest | None) -> None:
    """Give a family registered on the screens your system's identifier (once: it never changes)."""
    if family.external_id is not None:
        raise ValidationError({"external_id": "This family already has an external_id; it cannot be changed."})
    if Family.objects.filter(external_id=external_id).exists():
        raise ValidationError({"external_id": "Another family has this external_id."})
    family.external_id = external_id
    family.version += 1
    family.save(update_fields=["external_id", "version", "updated_at"])
    audit_record(
        user=client,
        action=AuditEvent.Action.UPDATE,
        obj=family,
        family_id=family.pk,
        changed_fields=["external_id"],
        request=request,
    )


@transaction.atomic
def family_change(
    *,
    client: ApiClient,
    family: Family,
    data: dict[str, Any],
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> Family:
    """Apply what was sent (only the fields present). A stale `expected_version` is a 409 and
    nothing is written; None (an upsert without If-Match) applies the change unconditionally."""
    locked = Family.objects.select_for_update().get(pk=family.pk)
    if not locked.is_active:
        raise ValidationError("This family's record has been merged or anonymised and cannot be changed.")
    if expected_version is not None:
        check_version(current=locked.version, expected=expected_version)
    if data.get("external_id") and data["external_id"] != locked.external_id:
        _link(client=client, family=locked, external_id=data["external_id"], request=request)
    household = {name: data[name] for name in HOUSEHOLD if name in data}
    if not _unchanged(locked, household):
        family_update(user=client, family=locked, data=household, expected_version=locked.version, request=request)
    if "address" in data:
        current = locked.addresses.current().first()
        new = AddressInput(**data["address"])
        if current is None or any(getattr(current, name) != getattr(new, name) for name in ADDRESS_FIELDS):
            moved_on: date = data.get("moved_on") or timezone.localdate()
            family_move(user=client, family=locked, address=new, moved_on=moved_on, request=request)
    for key in ("adults", "children"):
        if data.get(key):
            _people(client=client, family=locked, key=key, rows=data[key], request=request)
    agree, withdraw = data.get("consents") or [], data.get("withdraw_consents") or []
    if (agree or withdraw) and _consents(client=client, family=locked, agree=agree, withdraw=withdraw, request=request):
        # The answers are part of the family's record: a client holding the old version is stale.
        Family.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
    locked.refresh_from_db()
    return locked


def family_upsert(
    *,
    client: ApiClient,
    external_id: str,
    data: dict[str, Any],
    expected_version: int | None,
    visible: Any,
    request: HttpRequest | None = None,
) -> tuple[Family, bool]:
    """Create the family with this external_id, or change it. Returns (family, created).

    `visible` is the client's families (a queryset): one held by a centre the client does not
    act for is a 404, never changed.
    """
    existing = Family.objects.filter(external_id=external_id).first()
    if existing is None:
        return family_create(client=client, data={**data, "external_id": external_id}, request=request), True
    if not visible.filter(pk=existing.pk).exists():
        raise Http404
    return family_change(
        client=client, family=existing, data=data, expected_version=expected_version, request=request
    ), False


def family_bulk_upsert(
    *,
    client: ApiClient,
    rows: list[Any],
    visible: QuerySet[Family],
    request: HttpRequest | None = None,
) -> dict[int, BulkResult]:
    """Upsert many families by external_id, all or nothing, with each bad row's errors under its
    index (RowErrors). The look-ups are batched: the rows' centres, the families their external
    ids name and which of those the client sees are each read once, and the new families are
    written together (registrations_save); changes go one by one through family_change."""
    prefetch_related_objects([client], "centres")  # registration_check asks once, not per row
    centre_ids = {row.get("registered_centre") for row in rows if isinstance(row, dict)}
    centres = Centre.objects.in_bulk([i for i in centre_ids if isinstance(i, int) and 0 < i < 2**63])
    errors = RowErrors()
    parsed: dict[int, tuple[str, dict[str, Any]]] = {}
    for index, row in enumerate(rows):
        with errors.row(index, savepoint=False):
            data = valid_data(FamilyInput, is_row(row), context={"centres": centres})
            external_id = data.pop("external_id", None)
            if not external_id:
                raise exceptions.ValidationError({"external_id": ["Each row needs your system's identifier."]})
            parsed[index] = (external_id, data)
    ids = {external_id for external_id, _ in parsed.values()}
    existing = {f.external_id: f for f in Family.objects.filter(external_id__in=ids)}
    seen = set(visible.filter(pk__in=[f.pk for f in existing.values()]).values_list("pk", flat=True))
    results: dict[int, BulkResult] = {}
    with transaction.atomic():
        # The first row naming an unknown external_id registers the family; later ones change it.
        new: dict[int, CheckedRegistration] = {}
        first: set[str] = set(existing)
        for index, (external_id, data) in parsed.items():
            if external_id not in first:
                first.add(external_id)
                with errors.row(index, savepoint=False):
                    new[index] = registration_check(user=client, registration=_registration(data, external_id))
        if new and not errors:
            registered = _save(client=client, checked=list(new.values()), request=request)
            for index, family in zip(new, registered, strict=True):
                external_id = cast("str", family.external_id)
                existing[external_id] = family
                seen.add(family.pk)
                results[index] = BulkResult(id=family.pk, created=True, version=family.version, external_id=external_id)
        for index, (external_id, data) in parsed.items():
            if index in new or external_id not in existing:  # a registration not made: its row says why
                continue
            with errors.row(index):
                family = existing[external_id]
                if family.pk not in seen:
                    raise Http404
                family = family_change(
                    client=client, family=family, data=data, expected_version=data.get("version"), request=request
                )
                results[index] = BulkResult(
                    id=family.pk, created=False, version=family.version, external_id=external_id
                )
        if errors:
            transaction.set_rollback(True)
    errors.raise_any()
    return results
