"""contacts:write: record a contact or an attendance for a family (POST), change one (PATCH with
If-Match), upsert one by your system's identifier (PUT /contacts/by-external-id/<id>/), or up to
1,000 at once (bulk). Contacts are matched on (your client's system, external_id).

The rules are the register's and the contact screen's: the family must be one of the client's
(else 404), the centre one it acts for (else 403); no date in the future; the children and
adults who took part must be the family's; an attendance (kind "session") needs a session of
that centre on that day, and a family is recorded once per session. Notes are not accepted
through the API (they are restricted).

One path for one contact and for a thousand: the records the rows name are looked up kind by
kind (`Lookups`, one query each however many rows), every row is checked against them in
memory (`_new`, `_changed`), and the rows that pass are written together (`_write`: the
contacts, their links, the families' last contact and the audit in a fixed number of queries).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, DateField, F, QuerySet, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404, HttpRequest
from django.utils import timezone
from rest_framework import exceptions, serializers

from centres.api.conditional import check_version
from centres.api.exceptions import Conflict
from centres.api.writes import valid_data
from centres.audit import audit_record_many, fields_changed, snapshot
from centres.models import ApiClient, AuditEvent, Centre
from families.api.bulk import RowErrors, is_row
from families.models import Adult, Child, Family
from services.models import Contact, ContactAdult, ContactChild, ContactKind, Session

MAX_ID = 2**63 - 1  # a bigger number is a 400, never a database overflow
TRACKED = ("family_id", "centre_id", "kind", "date", "session_id", "duration_minutes", "with_adult")
WRITTEN = ["family", "centre", "session", "kind", "date", "duration_minutes", "with_adult", "version"]


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


def contact_input(data: Any, *, partial: bool = False) -> dict[str, Any]:
    return valid_data(ContactInput, data, partial=partial)


class Lookups:
    """The records that a set of contacts (as sent, or as they will be) name: the client's
    families, the centres, sessions, children and adults, and the attendances already recorded
    at those sessions. One query per kind of record, however many contacts."""

    def __init__(self, *, client: ApiClient, families: QuerySet[Family], rows: Iterable[dict[str, Any]]) -> None:
        rows = list(rows)
        family_ids = {row["family"] for row in rows}
        centre_ids = {row["centre"] for row in rows if row.get("centre")}
        session_ids = {int(row["session"]) for row in rows if row.get("session")}
        child_ids = {pk for row in rows for pk in row.get("children") or ()}
        adult_ids = {pk for row in rows for pk in row.get("adults") or ()}
        self.families = families.select_related("registered_centre").in_bulk(family_ids)
        self.centres = Centre.objects.in_bulk(centre_ids)
        # The centres among those named (or the families') that the client acts for; None: all.
        self.acts_for: set[int] | None = None
        if not client.all_centres:
            named = centre_ids | {family.registered_centre_id for family in self.families.values()}
            acting = Centre.objects.filter(pk__in=named, api_clients=client)
            self.acts_for = set(acting.values_list("pk", flat=True))
        self.sessions = Session.objects.in_bulk(session_ids)
        self.children = _members(Child.objects.filter(pk__in=child_ids, family__in=list(self.families)))
        self.adults = _members(Adult.objects.filter(pk__in=adult_ids, family__in=list(self.families)))
        attendances = Contact.objects.filter(session__in=session_ids, family__in=list(self.families))
        # (session, family) -> the contact holding it: a stored contact's id, or a pending one.
        self.attendances: dict[tuple[int, int], object] = {
            (session, family): pk for session, family, pk in attendances.values_list("session", "family", "pk")
        }

    def may_act_for(self, centre_id: int) -> bool:
        return self.acts_for is None or centre_id in self.acts_for


def _members(people: QuerySet[Any]) -> dict[int, set[int]]:
    by_family: dict[int, set[int]] = defaultdict(set)
    for pk, family_id in people.values_list("pk", "family"):
        by_family[family_id].add(pk)
    return by_family


@dataclass
class Records:
    family: Family
    centre: Centre
    session: Session | None
    children: list[int]
    adults: list[int]
    with_adult: bool


@dataclass
class Pending:
    """A contact checked and ready to write: new, or changed in `changed` (none: no change)."""

    contact: Contact
    records: Records
    created: bool
    changed: list[str] = field(default_factory=list)


def _resolve(*, data: dict[str, Any], lookups: Lookups, holder: object) -> Records:
    """Check what was sent against the rules; the records it names, or an error. `holder`
    is what holds an attendance for this contact (its id, or a new contact's marker)."""
    family = lookups.families.get(data["family"])
    if family is None:
        raise Http404
    centre = family.registered_centre if not data.get("centre") else lookups.centres.get(data["centre"])
    if centre is None:
        raise ValidationError({"centre": "No such centre."})
    if not lookups.may_act_for(centre.pk):
        raise PermissionDenied("This client may not record contacts at that centre.")
    errors: dict[str, str] = {}
    if data["date"] > timezone.localdate():
        errors["date"] = "The date of a contact cannot be in the future."
    session = None
    if data["kind"] == ContactKind.SESSION:
        session = lookups.sessions.get(int(data.get("session") or 0))
        if session is None:
            errors["session"] = "An attendance needs one of the centre's sessions."
        elif session.centre_id != centre.pk:
            errors["session"] = "That session is at another centre."
        elif session.cancelled:
            errors["session"] = "That session was cancelled."
        elif session.date != data["date"]:
            errors["date"] = f"The session was on {session.date:%Y-%m-%d}."
        elif lookups.attendances.get((session.pk, family.pk), holder) != holder:
            errors["session"] = "This family's attendance at this session is already recorded."
    elif data.get("session"):
        errors["session"] = "Only an attendance (kind 'session') has a session."
    child_ids, adult_ids = set(data.get("children") or []), set(data.get("adults") or [])
    if not child_ids <= lookups.children[family.pk]:
        errors["children"] = "Choose children of this family."
    if not adult_ids <= lookups.adults[family.pk]:
        errors["adults"] = "Choose adults of this family."
    if errors:
        raise ValidationError(errors)
    if session is not None:  # the next contact of this request meets this attendance too
        lookups.attendances[(session.pk, family.pk)] = holder
    with_adult = data["with_adult"] if data.get("with_adult") is not None else (bool(adult_ids) or not child_ids)
    return Records(family, centre, session, sorted(child_ids), sorted(adult_ids), with_adult)


def _apply(contact: Contact, data: dict[str, Any], records: Records) -> None:
    contact.family = records.family
    contact.centre = records.centre
    contact.session = records.session
    contact.kind = data["kind"]
    contact.date = data["date"]
    contact.duration_minutes = data.get("duration_minutes")
    contact.with_adult = records.with_adult


def _check(contact: Contact) -> None:
    # The related records and the unique rules were checked by _resolve (in fewer queries than
    # full_clean's one per foreign key and constraint); the database constraints still hold.
    contact.full_clean(exclude=["family", "centre", "session"], validate_unique=False, validate_constraints=False)


def _new(*, client: ApiClient, data: dict[str, Any], lookups: Lookups, external_id: str | None) -> Pending:
    contact = Contact(source_system=client.system, external_id=external_id, worker=None)
    records = _resolve(data=data, lookups=lookups, holder=contact)
    _apply(contact, data, records)
    _check(contact)
    return Pending(contact, records, created=True)


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


def _merged(contact: Contact, data: dict[str, Any]) -> dict[str, Any]:
    """The stored contact (its links prefetched) with the fields sent over it."""
    return {**_stored_values(contact), **{k: v for k, v in data.items() if k not in ("version", "external_id")}}


def _changed(*, contact: Contact, merged: dict[str, Any], lookups: Lookups) -> Pending:
    stored = _stored_values(contact)
    before = {**snapshot(contact, TRACKED), "children": sorted(stored["children"]), "adults": sorted(stored["adults"])}
    if contact.session_id is not None:  # its attendance moves with it
        lookups.attendances.pop((contact.session_id, contact.family_id), None)
    records = _resolve(data=merged, lookups=lookups, holder=contact.pk)
    _apply(contact, merged, records)
    after = {**snapshot(contact, TRACKED), "children": records.children, "adults": records.adults}
    changed = [name.removesuffix("_id") for name in fields_changed(before, after)]
    if changed:
        _check(contact)
        contact.version += 1
    return Pending(contact, records, created=False, changed=changed)


def _write(*, client: ApiClient, pending: list[Pending], request: HttpRequest | None) -> None:
    """Write the checked contacts, new and changed (those with no change are left alone)."""
    new = [p for p in pending if p.created]
    changed = [p for p in pending if p.changed]
    if not new and not changed:
        return
    try:
        with transaction.atomic():
            Contact.objects.bulk_create([p.contact for p in new])
            Contact.objects.bulk_update([p.contact for p in changed], WRITTEN)
    except IntegrityError as error:  # the same attendance or external_id at the same moment
        raise Conflict("This contact was recorded by another request at the same time: read it and retry.") from error
    written = new + changed
    _write_links(changed, written)
    _note_last_contact(written)
    # One audit insert per kind of write: the new contacts, and the changed ones by what changed.
    groups: dict[tuple[str, tuple[str, ...]], list[Contact]] = defaultdict(list)
    for p in written:
        action: str = AuditEvent.Action.CREATE if p.created else AuditEvent.Action.UPDATE
        groups[(action, tuple(p.changed))].append(p.contact)
    for (action, names), contacts in groups.items():
        audit_record_many(
            user=client,
            action=action,
            objects=contacts,
            family_ids=[c.family_id for c in contacts],
            changed_fields=names,
            request=request,
        )


def _write_links(changed: list[Pending], written: list[Pending]) -> None:
    gone_children = [
        link.pk for p in changed for link in p.contact.child_links.all() if link.child_id not in p.records.children
    ]
    gone_adults = [
        link.pk for p in changed for link in p.contact.adult_links.all() if link.adult_id not in p.records.adults
    ]
    if gone_children:
        ContactChild.objects.filter(pk__in=gone_children).delete()
    if gone_adults:
        ContactAdult.objects.filter(pk__in=gone_adults).delete()
    ContactChild.objects.bulk_create(
        [ContactChild(contact=p.contact, child_id=pk) for p in written for pk in p.records.children],
        ignore_conflicts=True,
    )
    ContactAdult.objects.bulk_create(
        [ContactAdult(contact=p.contact, adult_id=pk) for p in written for pk in p.records.adults],
        ignore_conflicts=True,
    )


def _note_last_contact(written: list[Pending]) -> None:
    """Each family's last contact moves on to its newest contact written (never back)."""
    latest: dict[int, date] = {}
    for p in written:
        latest[p.contact.family_id] = max(p.contact.date, latest.get(p.contact.family_id, p.contact.date))
    if not latest:
        return
    day = Case(*[When(pk=pk, then=Value(on)) for pk, on in latest.items()], output_field=DateField())
    Family.objects.filter(pk__in=latest).update(last_contact_on=Greatest(Coalesce(F("last_contact_on"), day), day))


@transaction.atomic
def contact_create(
    *, client: ApiClient, data: dict[str, Any], families: QuerySet[Family], request: HttpRequest | None = None
) -> Contact:
    external_id = data.get("external_id")
    if external_id and Contact.objects.filter(source_system=client.system, external_id=external_id).exists():
        raise ValidationError(
            {"external_id": "A contact with this external_id exists: PUT /contacts/by-external-id/<id>/ changes it."}
        )
    lookups = Lookups(client=client, families=families, rows=[data])
    pending = _new(client=client, data=data, lookups=lookups, external_id=external_id)
    _write(client=client, pending=[pending], request=request)
    return pending.contact


def _locked(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    return contacts.select_for_update().prefetch_related("child_links", "adult_links")


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
    locked = _locked(Contact.objects.all()).get(pk=contact.pk)
    if expected_version is not None:
        check_version(current=locked.version, expected=expected_version)
    merged = _merged(locked, data)
    pending = _changed(contact=locked, merged=merged, lookups=Lookups(client=client, families=families, rows=[merged]))
    _write(client=client, pending=[pending], request=request)
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


def _bulk_inputs(rows: list[Any], errors: RowErrors) -> dict[int, dict[str, Any]]:
    """Each row's fields as sent, checked one by one (a bad row's errors go to `errors`)."""
    inputs: dict[int, dict[str, Any]] = {}
    first_row: dict[str, int] = {}
    for index, row in enumerate(rows):
        with errors.row(index, savepoint=False):
            data = contact_input(is_row(row))
            external_id = data.get("external_id")
            if not external_id:
                raise exceptions.ValidationError({"external_id": ["Each row needs your system's identifier."]})
            if external_id in first_row:
                message = f"Row {first_row[external_id]} of this request has this external_id too: send it once."
                raise exceptions.ValidationError({"external_id": [message]})
            first_row[external_id] = index
            inputs[index] = data
    return inputs


@transaction.atomic
def contact_bulk(
    *,
    client: ApiClient,
    rows: list[Any],
    families: QuerySet[Family],
    contacts: QuerySet[Contact],
    request: HttpRequest | None = None,
) -> list[dict[str, Any]]:
    """Upsert contacts by external_id, all or nothing, in a number of queries that does not
    grow with the rows. Every row is checked (against the stored records and the rows before it)
    before anything is written: any row's errors are reported under its index (RowErrors) and
    nothing is written."""
    errors = RowErrors()
    inputs = _bulk_inputs(rows, errors)
    external_ids = [data["external_id"] for data in inputs.values()]
    stored = {
        c.external_id: c
        for c in _locked(Contact.objects.filter(source_system=client.system, external_id__in=external_ids))
    }
    visible = set(contacts.filter(pk__in=[c.pk for c in stored.values()]).values_list("pk", flat=True))
    merged = {
        index: _merged(stored[data["external_id"]], data) if data["external_id"] in stored else data
        for index, data in inputs.items()
    }
    lookups = Lookups(client=client, families=families, rows=merged.values())
    pending: dict[int, Pending] = {}
    for index, data in inputs.items():
        existing = stored.get(data["external_id"])
        with errors.row(index, savepoint=False):
            if existing is None:
                pending[index] = _new(client=client, data=data, lookups=lookups, external_id=data["external_id"])
                continue
            if existing.pk not in visible:
                raise Http404
            if data.get("version") is not None:
                check_version(current=existing.version, expected=data["version"])
            pending[index] = _changed(contact=existing, merged=merged[index], lookups=lookups)
    errors.errors = dict(sorted(errors.errors.items(), key=lambda item: int(item[0])))
    errors.raise_any()
    _write(client=client, pending=list(pending.values()), request=request)
    return [
        {
            "row": index,
            "id": p.contact.pk,
            "created": p.created,
            "version": p.contact.version,
            "external_id": p.contact.external_id,
        }
        for index, p in sorted(pending.items())
    ]
