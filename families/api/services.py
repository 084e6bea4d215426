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
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from rest_framework import exceptions

from centres.api.conditional import check_version
from centres.api.exceptions import Conflict
from centres.audit import audit_record
from centres.models import ApiClient, AuditEvent
from families.api.inputs import require_for_create
from families.models import Adult, Child, Consent, Family
from families.services.people import adult_add, adult_update, child_add, child_update, consent_record
from families.services.registration import ADDRESS_FIELDS, AddressInput, family_move, family_register, family_update

HOUSEHOLD = ("registered_centre", "temporary_accommodation")


def _person_key(model: type[Adult] | type[Child], values: Any) -> tuple[Any, ...]:
    get = values.get if isinstance(values, dict) else lambda name, default=None: getattr(values, name, default)
    key = ((get("first_name") or "").strip().lower(), (get("last_name") or "").strip().lower(), get("date_of_birth"))
    return (*key, get("expected_date")) if model is Child else key


@transaction.atomic
def family_create(*, client: ApiClient, data: dict[str, Any], request: HttpRequest | None = None) -> Family:
    require_for_create(data)
    external_id = data.get("external_id")
    if external_id and Family.objects.filter(external_id=external_id).exists():
        raise ValidationError(
            {"external_id": "A family with this external_id exists: PUT /families/by-external-id/<id>/ changes it."}
        )
    try:
        return family_register(
            user=client,
            centre=data["registered_centre"],
            address=AddressInput(**data["address"]),
            adults=[dict(a) for a in data.get("adults", [])],
            children=[dict(c) for c in data.get("children", [])],
            consents=list(data["consents"]),
            registration_date=data.get("registration_date"),
            temporary_accommodation=data.get("temporary_accommodation", False),
            external_id=external_id,
            request=request,
        )
    except IntegrityError as error:  # the same external_id registered at the same moment
        raise Conflict("This family was registered by another request at the same time: retry.") from error


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


def _consents(*, client: ApiClient, family: Family, purposes: list[str], request: HttpRequest | None) -> None:
    agreed = set(
        Consent.objects.filter(family=family, withdrawn_on__isnull=True, agreed=True).values_list("purpose", flat=True)
    )
    for purpose in dict.fromkeys(purposes):
        if purpose not in agreed:
            consent_record(user=client, family=family, purpose=purpose, agreed=True, request=request)


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
    if household:
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
    if data.get("consents"):
        _consents(client=client, family=locked, purposes=data["consents"], request=request)
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
