"""A family's rights over its data: the subject access export, and anonymisation when the
retention period ends.

Both reach records that later issues add (contacts, attendance, referrals...) without being
edited: the export walks the relations of Family, Adult and Child and serialises whatever it
finds, and anonymisation blanks the fields a model lists in `ANONYMISED_VALUES`.
A model with fields only some staff may see lists them in `RESTRICTED_FIELDS` (as Child does),
and the export leaves them out for staff without the grant. Free-text notes (a field named
`notes` or `..._notes`) are treated as restricted, and blanked on anonymisation, everywhere.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from centres.audit import audit_record
from centres.models import AuditEvent
from centres.roles import sees_restricted_fields
from families.models import RESTRICTED_GROUPS, Address, Adult, Child, Consent, Family, FamilyTargetGroup

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User
    from families.querysets import FamilyQuerySet

ANONYMISED_NAME = "Anonymised"
# The relations the export sets out in sections of their own; everything else reached from a
# family, a carer or a child goes under "other_records".
COVERED_RELATIONS = frozenset(
    {
        "families.address.family",
        "families.adult.family",
        "families.child.family",
        "families.consent.family",
        "families.consent.given_by",
        "families.familytargetgroup.family",
        "families.family.merged_into",
    }
)
# What anonymisation writes over the identifying text (keys are field names). Everything else
# stays: dates of birth, sex, ethnicity, statuses and flags, and the LSOA of each address,
# so that indicators for past periods count the same children in the same areas.
ADULT_ANONYMISED = {"first_name": "", "last_name": ANONYMISED_NAME, "phone": "", "email": ""}
CHILD_ANONYMISED = {"first_name": "", "last_name": ANONYMISED_NAME, "nhs_number": ""}
ADDRESS_ANONYMISED = {"line_1": "", "line_2": "", "town": "", "postcode": ""}
# For models of other apps that do not (yet) say for themselves what anonymisation blanks.
FALLBACK_ANONYMISED_VALUES: dict[str, dict[str, Any]] = {
    "services.dropinvisit": {"carer_name": "", "child_name": "", "postcode": ""},
}


def _is_notes(field: models.Field[Any, Any]) -> bool:
    return field.name == "notes" or field.name.endswith("_notes")


def restricted_fields(model: type[models.Model]) -> frozenset[str]:
    """The fields of a model that need the restricted-access grant."""
    notes = {field.name for field in model._meta.concrete_fields if _is_notes(field)}
    return frozenset(getattr(model, "RESTRICTED_FIELDS", ())) | notes


def anonymised_values(model: type[models.Model]) -> dict[str, Any]:
    """What anonymisation writes over a related model's fields (nothing for most models)."""
    declared = getattr(model, "ANONYMISED_VALUES", None)
    values = dict(declared if declared is not None else FALLBACK_ANONYMISED_VALUES.get(model._meta.label_lower, {}))
    for field in model._meta.concrete_fields:
        if _is_notes(field):
            values.setdefault(field.name, None if field.null else "")
    return values


def _relations(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """The relations pointing at a model, leaving out many-to-many ones that go through a model
    of their own: the through model's foreign key is a relation too, and its rows say it all."""
    return [
        rel
        for rel in model._meta.related_objects
        if not (rel.many_to_many and not rel.through._meta.auto_created)  # type: ignore[attr-defined]
    ]


# ---------------------------------------------------------------------------------------------
# Subject access export
# ---------------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None  # files and binary blobs are not personal data a person can read here
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    return value


def _withheld_fields(model: type[models.Model], user: User | AnonymousUser) -> frozenset[str]:
    return frozenset() if sees_restricted_fields(user) else restricted_fields(model)


def record_as_dict(obj: models.Model, *, withheld: Iterable[str] = ()) -> dict[str, Any]:
    """Every concrete field of a row, JSON-ready (like model_to_dict, but with the ids of
    related rows and the readable label beside each coded value)."""
    withheld = frozenset(withheld)
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in withheld:
            continue
        value = getattr(obj, field.attname)
        data[field.attname] = _jsonable(value)
        if field.choices and value not in (None, ""):
            data[f"{field.name}_label"] = str(dict(field.flatchoices).get(value, value))
    return data


def _username(user: User | None) -> str | None:
    return user.username if user is not None else None


def _household(family: Family, *, merged_from: list[int]) -> dict[str, Any]:
    data = record_as_dict(family)
    data["reference"] = family.reference
    data["registered_centre"] = family.registered_centre.name
    data["key_worker"] = _username(family.key_worker)
    data["merged_into"] = Family(pk=family.merged_into_id).reference if family.merged_into_id else None
    # Records merged into this one: their audit trail is part of this family's history.
    data["merged_from"] = [Family(pk=pk).reference for pk in merged_from]
    return data


def _addresses(family: Family) -> list[dict[str, Any]]:
    rows = []
    for address in Address.objects.filter(family=family).select_related("lsoa").order_by("moved_in", "id"):
        data = record_as_dict(address)
        data["lsoa"] = address.lsoa.code if address.lsoa else None
        rows.append(data)
    return rows


def _consents(family: Family) -> list[dict[str, Any]]:
    rows = []
    consents = (
        Consent.objects.filter(family=family)
        .select_related("given_by", "recorded_by", "withdrawn_by")
        .order_by("purpose", "recorded_on", "id")
    )
    for consent in consents:
        data = record_as_dict(consent)
        data["given_by"] = str(consent.given_by) if consent.given_by else None
        data["recorded_by"] = _username(consent.recorded_by)
        data["withdrawn_by"] = _username(consent.withdrawn_by)
        rows.append(data)
    return rows


def _target_groups(family: Family, *, restricted: bool) -> tuple[list[dict[str, Any]], int]:
    """The group memberships with their dates, and how many were withheld (safeguarding)."""
    rows, withheld = [], 0
    memberships = FamilyTargetGroup.objects.filter(family=family).select_related("recorded_by")
    for membership in memberships.order_by("group", "started_on", "id"):
        if membership.group in RESTRICTED_GROUPS and not restricted:
            withheld += 1
            continue
        data = record_as_dict(membership)
        data["recorded_by"] = _username(membership.recorded_by)
        rows.append(data)
    return rows, withheld


def _audit_trail(family_ids: list[int]) -> list[dict[str, Any]]:
    events = (
        AuditEvent.objects.filter(family_id__in=family_ids)
        .select_related("user", "object_type")
        .order_by("occurred_at", "id")
    )
    return [
        {
            "occurred_at": _jsonable(event.occurred_at),
            "user": _username(event.user) or "system",
            "action": event.action,
            "action_label": event.get_action_display(),
            "record": f"{event.object_type.model} {event.object_id}",
            "family_id": event.family_id,
            "fields": list(event.changed_fields),
            "detail": event.detail,
        }
        for event in events
    ]


def _related_model(rel: models.ForeignObjectRel) -> type[models.Model]:
    # Resolved once the app registry is ready ("self" only before that).
    return cast("type[models.Model]", rel.related_model)


def _relation_key(rel: models.ForeignObjectRel) -> str:
    return f"{_related_model(rel)._meta.label_lower}.{rel.field.name}"


def _other_records(
    owners: list[tuple[type[models.Model], list[models.Model]]], *, user: User | AnonymousUser
) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Rows of any other model that points at the family, its carers or its children: one
    query per relation. Returns the rows by relation, and the restricted fields withheld."""
    found: dict[str, list[dict[str, Any]]] = {}
    withheld_names: list[str] = []
    for model, owned in owners:
        if not owned:
            continue
        for rel in _relations(model):
            key = _relation_key(rel)
            if key in COVERED_RELATIONS:
                continue
            related = _related_model(rel)
            rows = related._default_manager.filter(**{f"{rel.field.name}__in": owned}).order_by("pk")
            # A row linked to two of the family's people through a many-to-many comes twice.
            unique = {row.pk: row for row in rows}
            if unique:
                withheld = _withheld_fields(related, user)
                withheld_names += [f"{related._meta.label_lower}.{name}" for name in sorted(withheld)]
                found[key] = [record_as_dict(row, withheld=withheld) for row in unique.values()]
    return found, list(dict.fromkeys(withheld_names))  # once each, though reached by two relations


@transaction.atomic
def subject_access_export(
    *, user: User | AnonymousUser, family: Family, request: HttpRequest | None = None
) -> dict[str, Any]:
    """Everything held about a family, for a subject access request, as JSON-ready data.

    Restricted fields (safeguarding statuses, the safeguarding group) are included only for
    staff with the restricted-access grant; otherwise the export says what was withheld, so
    that a colleague with the grant can complete the response. Records an EXPORT event.
    """
    restricted = sees_restricted_fields(user)
    adults = list(Adult.objects.filter(family=family).order_by("id"))
    children = list(Child.objects.filter(family=family).order_by("date_of_birth", "expected_date", "id"))
    child_withheld = _withheld_fields(Child, user)
    target_groups, groups_withheld = _target_groups(family, restricted=restricted)
    other, other_withheld = _other_records(
        [(Family, [family]), (Adult, list(adults)), (Child, list(children))], user=user
    )
    withheld = [f"families.child.{name}" for name in sorted(child_withheld) if children] + other_withheld
    if groups_withheld:
        withheld.append(f"families.familytargetgroup: {groups_withheld} safeguarding membership(s)")
    merged_from = sorted(family.merged_from.values_list("pk", flat=True))
    export = {
        "export": {
            "family": family.reference,
            "generated_at": _jsonable(timezone.now()),
            "generated_by": user.get_username() or None,
            "restricted_fields_included": restricted,
            "withheld": withheld,
            "note": (
                "Some restricted information was withheld because the person who made this export "
                "does not have restricted access. Ask a colleague with restricted access to export it again."
                if withheld
                else "Complete: nothing was withheld."
            ),
        },
        "household": _household(family, merged_from=merged_from),
        "addresses": _addresses(family),
        "adults": [record_as_dict(adult) for adult in adults],
        "children": [record_as_dict(child, withheld=child_withheld) for child in children],
        "consents": _consents(family),
        "target_groups": target_groups,
        "audit_trail": _audit_trail([family.pk, *merged_from]),
        "other_records": other,
    }
    audit_record(
        user=user,
        action=AuditEvent.Action.EXPORT,
        obj=family,
        family_id=family.pk,
        detail="Subject access export" + ("" if restricted else " (restricted fields withheld)"),
        request=request,
    )
    return export


# ---------------------------------------------------------------------------------------------
# Retention and anonymisation
# ---------------------------------------------------------------------------------------------


def retention_cutoff(*, on: datetime.date, years: int | None = None) -> datetime.date:
    """The date `years` before `on` (29 February falls back to the 28th)."""
    years = settings.FAMILY_RETENTION_YEARS if years is None else years
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def families_due_for_anonymisation(*, on: datetime.date) -> FamilyQuerySet:
    """Active families whose last contact (or registration, if none was recorded) is more than
    the retention period before `on`. A family last seen exactly that long ago is kept one
    more day."""
    return (
        Family.objects.active()
        .alias(retained_from=Coalesce("last_contact_on", "registration_date"))
        .filter(retained_from__lt=retention_cutoff(on=on))
        .order_by("pk")
    )


def _blank_related_records(family: Family, adult_ids: list[int], child_ids: list[int]) -> list[str]:
    """Blank what other models' rows about the family identify (see anonymised_values);
    returns the names of the fields changed."""
    changed: list[str] = []
    for model, ids in ((Family, [family.pk]), (Adult, adult_ids), (Child, child_ids)):
        if not ids:
            continue
        for rel in _relations(model):
            related = _related_model(rel)
            values = anonymised_values(related)
            if values and not rel.many_to_many:
                related._default_manager.filter(**{f"{rel.field.name}__in": ids}).update(**values)
                changed += [f"{related._meta.label_lower}.{name}" for name in sorted(values)]
    return changed


@transaction.atomic
def family_anonymise(
    *, family: Family, user: User | AnonymousUser | None = None, on: datetime.date | None = None
) -> bool:
    """Remove what identifies the family's people, keep what the indicators count.

    Names, contact details, NHS numbers and address lines go; dates of birth, sex, ethnicity,
    flags, target groups, consents and each address's LSOA and dates stay, and nothing is
    deleted, so that figures for past periods do not change. Bulk updates rather than
    full_clean(): the blanked values are deliberately ones a form would refuse.

    Idempotent: returns False, and changes nothing, for a family already anonymised.
    `user` is None when the retention task does it; `on` is the day recorded (default today).
    """
    locked = Family.objects.select_for_update().get(pk=family.pk)
    if locked.anonymised_at is not None:
        return False
    adult_ids = list(Adult.objects.filter(family=locked).values_list("pk", flat=True))
    child_ids = list(Child.objects.filter(family=locked).values_list("pk", flat=True))
    Adult.objects.filter(pk__in=adult_ids).update(**ADULT_ANONYMISED)
    Child.objects.filter(pk__in=child_ids).update(**CHILD_ANONYMISED)
    Address.objects.filter(family=locked).update(**ADDRESS_ANONYMISED)
    changed = _blank_related_records(locked, adult_ids, child_ids)
    anonymised_at = timezone.now()
    if on is not None:
        anonymised_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    # The other system's identifier would link the record back to a person there.
    Family.objects.filter(pk=locked.pk).update(
        anonymised_at=anonymised_at, external_id=None, version=models.F("version") + 1
    )
    family.refresh_from_db(fields=["anonymised_at", "external_id", "version"])
    audit_record(
        user=user,
        action=AuditEvent.Action.ANONYMISE,
        obj=locked,
        family_id=locked.pk,
        changed_fields=[
            *(f"families.adult.{name}" for name in ADULT_ANONYMISED if adult_ids),
            *(f"families.child.{name}" for name in CHILD_ANONYMISED if child_ids),
            *(f"families.address.{name}" for name in ADDRESS_ANONYMISED),
            "families.family.external_id",
            *changed,
        ],
        detail="Retention period ended" if user is None else "Anonymised by staff",
    )
    return True
