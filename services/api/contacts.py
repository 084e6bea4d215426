"""contacts:write: record a contact or an attendance for a family (POST), change one (PATCH with
If-Match), upsert one by your system's identifier (PUT /contacts/by-external-id/<id>/), or up to
1,000 at once (bulk). Contacts are matched on (your client's system, external_id).

The rules are the register's and the contact screen's: the family must be one of the client's
(else 404), the centre one it acts for (else 403); no date in the future; the children and
adults who took part must be the family's; an attendance (kind "session") needs a session of
that centre on that day, and a family is recorded once per session. Notes are not accepted
through the API (they are restricted).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from rest_framework import serializers

from centres.api.conditional import check_version
from centres.api.exceptions import Conflict
from centres.api.scoping import may_act_for
from centres.audit import audit_record, fields_changed, snapshot
from centres.models import ApiClient, AuditEvent, Centre
from families.models import Adult, Child, Family
from services.models import Contact, ContactAdult, ContactChild, ContactKind, Session

MAX_ID = 2**63 - 1  # a bigger number is a 400, never a database overflow
TRACKED = ("family_id", "centre_id", "kind", "date", "session_id", "duration_minutes", "with_adult")


class ContactInput(serializers.Serializer):
    family = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    centre = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="Where it happened; default the family's registered centre.",
    )
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    date = serializers.DateField()
    session = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="For an attendance (kind 'session'): the session.",
    )
    duration_minutes = serializers.IntegerField(min_value=0, max_value=1440, required=False, allow_null=True)
    children = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=30,
        help_text="Children who took part.",
    )
    adults = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=30,
        help_text="Adults who took part.",
    )
    with_adult = serializers.BooleanField(
        required=False,
        help_text="An adult of the family took part (it then counts for all its children). "
        "Default: true when adults are named or no child is.",
    )
    external_id = serializers.CharField(
        max_length=64, required=False, allow_null=True, help_text="Your system's identifier for the contact."
    )
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text="The version you read (or If-Match)."
    )

    def validate_external_id(self, value: str | None) -> str | None:
        return (value or "").strip() or None


def _stored_values(contact: Contact) -> dict[str, Any]:
    return {
        "family": contact.family_id,
        "centre": contact.centre_id,
        "kind": contact.kind,
        "date": contact.date,
        "session": contact.session_id,
        "duration_minutes": contact.duration_minutes,
        "children": [link.child_id for link in contact.child_links.all()],
        "adults": [link.adult_id for link in contact.adult_links.all()],
        "with_adult": contact.with_adult,
    }


def _resolve(
    *, client: ApiClient, data: dict[str, Any], families: QuerySet[Family], contact: Contact | None
) -> dict[str, Any]:
    """Check what was sent against the rules; the records it names, or an error."""
    family = families.filter(pk=data["family"]).select_related("registered_centre").first()
    if family is None:
        raise Http404
    centre = family.registered_centre if not data.get("centre") else Centre.objects.filter(pk=data["centre"]).first()
    if centre is None:
        raise ValidationError({"centre": "No such centre."})
    if not may_act_for(client, centre.pk):
        raise PermissionDenied("This client may not record contacts at that centre.")
    errors: dict[str, str] = {}
    if data["date"] > timezone.localdate():
        errors["date"] = "The date of a contact cannot be in the future."
    session = None
    if data["kind"] == ContactKind.SESSION:
        session = Session.objects.filter(pk=int(data.get("session") or 0)).first()
        if session is None:
            errors["session"] = "An attendance needs one of the centre's sessions."
        elif session.centre_id != centre.pk:
            errors["session"] = "That session is at another centre."
        elif session.cancelled:
            errors["session"] = "That session was cancelled."
        elif session.date != data["date"]:
            errors["date"] = f"The session was on {session.date:%Y-%m-%d}."
        else:
            twin = Contact.objects.filter(session=session, family=family)
            if contact is not None:
                twin = twin.exclude(pk=contact.pk)
            if twin.exists():
                errors["session"] = "This family's attendance at this session is already recorded."
    elif data.get("session"):
        errors["session"] = "Only an attendance (kind 'session') has a session."
    child_ids, adult_ids = set(data.get("children") or []), set(data.get("adults") or [])
    children = list(Child.objects.filter(family=family, pk__in=child_ids))
    adults = list(Adult.objects.filter(family=family, pk__in=adult_ids))
    if len(children) != len(child_ids):
        errors["children"] = "Choose children of this family."
    if len(adults) != len(adult_ids):
        errors["adults"] = "Choose adults of this family."
    if errors:
        raise ValidationError(errors)
    with_adult = data["with_adult"] if data.get("with_adult") is not None else (bool(adults) or not children)
    return {
        "family": family,
        "centre": centre,
        "session": session,
        "children": children,
        "adults": adults,
        "with_adult": with_adult,
    }


def _apply(contact: Contact, data: dict[str, Any], records: dict[str, Any]) -> None:
    contact.family = records["family"]
    contact.centre = records["centre"]
    contact.session = records["session"]
    contact.kind = data["kind"]
    contact.date = data["date"]
    contact.duration_minutes = data.get("duration_minutes")
    contact.with_adult = records["with_adult"]


def _check(contact: Contact) -> None:
    # The related records and the unique rules were checked by _resolve (in fewer queries than
    # full_clean's one per foreign key and constraint); the database constraints still hold.
    contact.full_clean(exclude=["family", "centre", "session"], validate_unique=False, validate_constraints=False)


def _links(contact: Contact, records: dict[str, Any], *, new: bool = False) -> None:
    if not new:
        ContactChild.objects.filter(contact=contact).exclude(child__in=records["children"]).delete()
        ContactAdult.objects.filter(contact=contact).exclude(adult__in=records["adults"]).delete()
    ContactChild.objects.bulk_create(
        [ContactChild(contact=contact, child=c) for c in records["children"]], ignore_conflicts=True
    )
    ContactAdult.objects.bulk_create(
        [ContactAdult(contact=contact, adult=a) for a in records["adults"]], ignore_conflicts=True
    )
    day = contact.date
    Family.objects.filter(pk=contact.family_id).filter(
        Q(last_contact_on__lt=day) | Q(last_contact_on__isnull=True)
    ).update(last_contact_on=day)


@transaction.atomic
def contact_create(
    *, client: ApiClient, data: dict[str, Any], families: QuerySet[Family], request: HttpRequest | None = None
) -> Contact:
    external_id = data.get("external_id")
    if external_id and Contact.objects.filter(source_system=client.system, external_id=external_id).exists():
        raise ValidationError(
            {"external_id": "A contact with this external_id exists: PUT /contacts/by-external-id/<id>/ changes it."}
        )
    records = _resolve(client=client, data=data, families=families, contact=None)
    contact = Contact(source_system=client.system, external_id=external_id, worker=None)
    _apply(contact, data, records)
    _check(contact)
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError as error:  # the same attendance or external_id at the same moment
        raise Conflict("This contact was recorded by another request at the same time: read it and retry.") from error
    _links(contact, records, new=True)
    audit_record(
        user=client, action=AuditEvent.Action.CREATE, obj=contact, family_id=contact.family_id, request=request
    )
    return contact


@transaction.atomic
def contact_change(
    *,
    client: ApiClient,
    contact: Contact,
    data: dict[str, Any],
    expected_version: int | None,
    families: QuerySet[Family],
    request: HttpRequest | None = None,
) -> Contact:
    """Apply the fields sent over the stored ones; 409 (nothing written) when stale."""
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if expected_version is not None:
        check_version(current=locked.version, expected=expected_version)
    stored = _stored_values(locked)
    merged = {**stored, **{k: v for k, v in data.items() if k not in ("version", "external_id")}}
    records = _resolve(client=client, data=merged, families=families, contact=locked)
    before = {**snapshot(locked, TRACKED), "children": sorted(stored["children"]), "adults": sorted(stored["adults"])}
    _apply(locked, merged, records)
    after = {
        **snapshot(locked, TRACKED),
        "children": sorted(c.pk for c in records["children"]),
        "adults": sorted(a.pk for a in records["adults"]),
    }
    changed = fields_changed(before, after)
    if changed:
        _check(locked)
        locked.version += 1
        locked.save()
        _links(locked, records)
        audit_record(
            user=client,
            action=AuditEvent.Action.UPDATE,
            obj=locked,
            family_id=locked.family_id,
            changed_fields=[name.removesuffix("_id") for name in changed],
            request=request,
        )
    return locked


def contact_upsert(
    *,
    client: ApiClient,
    external_id: str,
    data: dict[str, Any],
    expected_version: int | None,
    families: QuerySet[Family],
    contacts: QuerySet[Contact],
    request: HttpRequest | None = None,
) -> tuple[Contact, bool]:
    """Create or change the contact with (this client's system, external_id). Returns
    (contact, created). One held by a centre the client does not act for is a 404."""
    existing = Contact.objects.filter(source_system=client.system, external_id=external_id).first()
    if existing is None:
        contact = contact_create(
            client=client, data={**data, "external_id": external_id}, families=families, request=request
        )
        return contact, True
    if not contacts.filter(pk=existing.pk).exists():
        raise Http404
    return contact_change(
        client=client,
        contact=existing,
        data=data,
        expected_version=expected_version,
        families=families,
        request=request,
    ), False
