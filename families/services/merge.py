"""Merging two records of the same family, losing nothing.

Every row that points at the family being removed is moved onto the one that stays. The walk
over `Family._meta.related_objects` means a model added later (contacts, attendance,
assessments, referrals) is moved without changing this file, unless it has a unique constraint
that involves the family: then moving could clash, so it needs a rule in PREPARE first, and
`family_relations()` refuses to run until it has one (a test walks it, so CI says so).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone

from centres.audit import audit_record, fields_changed, snapshot
from centres.models import AuditEvent
from centres.roles import Role, sees_personal_data
from families.models import Address, Consent, Family, FamilyTargetGroup
from families.target_groups import target_groups_refresh

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User


def may_merge_families(user: User | AnonymousUser) -> bool:
    """Merging is consequential and hard to undo: centre managers only, within their centres."""
    return sees_personal_data(user) and getattr(user, "role", None) == Role.MANAGER


@dataclass(frozen=True)
class Relation:
    """A model with a foreign key to Family, as the merge moves it."""

    model: type[models.Model]
    field_name: str

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)


@dataclass
class MergeReport:
    keep: Family
    remove: Family
    # Rows moved onto `keep`, by model (its plural name: "adults", "children", "addresses", ...).
    moved: dict[str, int] = field(default_factory=dict)
    # Rows of `remove` closed before moving so as not to clash: addresses moved out of, consents
    # withdrawn, target-group memberships ended. Closed, never deleted.
    closed: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        moved = ", ".join(f"{n} {label}" for label, n in self.moved.items() if n) or "nothing"
        return f"merged {self.remove.reference} into {self.keep.reference}; moved {moved}"


# Rules that make room before rows move, for the models whose constraints could clash.
# Each takes (keep, remove, user, today) and returns how many of remove's rows it closed.
Prepare = Callable[[Family, Family, Any, date], int]


def _close_current_address(keep: Family, remove: Family, user: Any, today: date) -> int:
    """Keep's current address stays current; remove's becomes history (one current address)."""
    if not Address.objects.filter(family=keep, moved_out__isnull=True).exists():
        return 0  # keep has none: remove's current address becomes the family's
    closed = list(Address.objects.filter(family=remove, moved_out__isnull=True))
    for address in closed:
        address.moved_out = max(today, address.moved_in)
    Address.objects.bulk_update(closed, ["moved_out"])
    return len(closed)


def _withdraw_clashing_consents(keep: Family, remove: Family, user: Any, today: date) -> int:
    """Where both have a current answer for a purpose, keep's stands; remove's is withdrawn (kept)."""
    keep_purposes = Consent.objects.filter(family=keep, withdrawn_on__isnull=True).values("purpose")
    return Consent.objects.filter(family=remove, withdrawn_on__isnull=True, purpose__in=keep_purposes).update(
        withdrawn_on=today, withdrawn_by=user
    )


def _end_clashing_target_groups(keep: Family, remove: Family, user: Any, today: date) -> int:
    """One open membership per group and source: remove's duplicates of keep's open rows end."""
    keep_open = set(FamilyTargetGroup.objects.filter(family=keep, ended_on__isnull=True).values_list("group", "source"))
    ending = [
        row
        for row in FamilyTargetGroup.objects.filter(family=remove, ended_on__isnull=True)
        if (row.group, row.source) in keep_open
    ]
    for row in ending:
        row.ended_on = max(today, row.started_on)
    FamilyTargetGroup.objects.bulk_update(ending, ["ended_on"])
    return len(ending)


def _cancel_clashing_bookings(keep: Family, remove: Family, user: Any, today: date) -> int:
    """One live booking per family and course: where both hold one, remove's is cancelled (kept)."""
    from services.models import Booking

    keep_series = Booking.objects.filter(family=keep).exclude(status=Booking.Status.CANCELLED).values("series")
    return (
        Booking.objects.filter(family=remove, series__in=keep_series)
        .exclude(status=Booking.Status.CANCELLED)
        .update(status=Booking.Status.CANCELLED)
    )


def _combine_shared_attendances(keep: Family, remove: Family, user: Any, today: date) -> int:
    """Both records attended the same session: it was one family there once. Remove's children,
    adults and notes join keep's attendance, and the duplicate attendance row goes."""
    from services.models import Contact, ContactAdult, ContactChild

    keep_by_session = {
        c.session_id: c for c in Contact.objects.filter(family=keep, session__isnull=False).select_for_update()
    }
    shared = list(Contact.objects.filter(family=remove, session_id__in=list(keep_by_session)).select_for_update())
    for duplicate in shared:
        kept = keep_by_session[duplicate.session_id]
        ContactChild.objects.filter(contact=duplicate).exclude(
            child_id__in=ContactChild.objects.filter(contact=kept).values("child_id")
        ).update(contact=kept)
        ContactAdult.objects.filter(contact=duplicate).exclude(
            adult_id__in=ContactAdult.objects.filter(contact=kept).values("adult_id")
        ).update(contact=kept)
        if duplicate.notes:
            kept.notes = f"{kept.notes}\n{duplicate.notes}".strip()
        kept.with_adult = kept.with_adult or duplicate.with_adult
        kept.save(update_fields=["notes", "with_adult"])
        duplicate.delete()
    return len(shared)


def _prepare_rules() -> dict[type[models.Model], Prepare]:
    from services.models import Booking, Contact

    return {
        Address: _close_current_address,
        Consent: _withdraw_clashing_consents,
        FamilyTargetGroup: _end_clashing_target_groups,
        Booking: _cancel_clashing_bookings,
        Contact: _combine_shared_attendances,
    }


PREPARE: dict[type[models.Model], Prepare] = _prepare_rules()


def _unique_on(model: type[models.Model], field_name: str) -> bool:
    """Whether a unique rule of `model` (partial ones included) involves the foreign key."""
    opts = model._meta
    return any(field_name in group for group in opts.unique_together) or any(
        isinstance(c, models.UniqueConstraint) and field_name in c.fields for c in opts.constraints
    )


def family_relations() -> list[Relation]:
    """Every one-to-many relation onto Family that a merge moves (not merged_into's own)."""
    merged_into = Family._meta.get_field("merged_into")
    relations = []
    for rel in Family._meta.related_objects:
        if rel.field is merged_into:
            continue
        if not rel.one_to_many:
            # A one-to-one or many-to-many onto Family cannot simply be re-pointed: write its rule here.
            raise ImproperlyConfigured(f"families.services.merge has no rule for {rel.related_model} ({rel.name})")
        # related_model is "self" only before the app registry is ready.
        relation = Relation(model=cast("type[models.Model]", rel.related_model), field_name=rel.field.name)
        if relation.model not in PREPARE and _unique_on(relation.model, relation.field_name):
            raise ImproperlyConfigured(
                f"{relation.model.__name__} has a unique constraint on {relation.field_name}: "
                "add a rule to PREPARE in families.services.merge"
            )
        relations.append(relation)
    if Family._meta.many_to_many:
        raise ImproperlyConfigured("families.services.merge has no rule for Family's many-to-many fields")
    return relations


def family_record_counts(*, families: list[Family]) -> dict[int, dict[str, int]]:
    """How many rows of each related model each family has: what a merge would move.

    One query per related model. Shown on the confirmation screen.
    """
    ids = [f.pk for f in families]
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for relation in family_relations():
        rows = (
            relation.model._default_manager.filter(**{f"{relation.field_name}__in": ids})
            .order_by()
            .values_list(relation.field_name)
            .annotate(n=Count("pk"))
        )
        for pk in ids:
            counts[pk][relation.label] = 0
        for pk, n in rows:
            counts[pk][relation.label] += n
    return counts


def family_successor_id(*, user: User | AnonymousUser, pk: int) -> int | None:
    """If the user's family `pk` was merged, the family it lives on in (when the user may see
    it), for redirecting old links. Merges re-point earlier merges, so this is one step."""
    return (
        Family.objects.for_user(user)
        .filter(pk=pk, merged_into__in=Family.objects.for_user(user).active())
        .values_list("merged_into_id", flat=True)
        .first()
    )


def _lock(*, user: User | AnonymousUser, keep: Family, remove: Family) -> tuple[Family, Family]:
    # Lock in id order, so that two merges of the same pair cannot deadlock.
    locked = {
        f.pk: f
        for f in Family.objects.for_user(user).select_for_update().filter(pk__in=[keep.pk, remove.pk]).order_by("pk")
    }
    if keep.pk not in locked or remove.pk not in locked:
        raise PermissionDenied("Both families must belong to your centres")
    for stale, fresh in ((keep, locked[keep.pk]), (remove, locked[remove.pk])):
        if not fresh.is_active:
            raise ValidationError(f"Family {fresh.reference} has been merged or anonymised")
        if stale.version != fresh.version:
            raise ValidationError(f"Family {fresh.reference} was changed by someone else: check it again")
    return locked[keep.pk], locked[remove.pk]


KEEP_FIELDS = ("registration_date", "last_contact_on", "key_worker", "external_id", "version")


@transaction.atomic
def family_merge(
    *, user: User | AnonymousUser, keep: Family, remove: Family, request: HttpRequest | None = None
) -> MergeReport:
    """Merge `remove` into `keep`: move every record, keep the history, mark `remove` merged."""
    if not may_merge_families(user):
        raise PermissionDenied("Only centre managers may merge families")
    if keep.pk == remove.pk:
        raise ValidationError("A family cannot be merged into itself")
    keep, remove = _lock(user=user, keep=keep, remove=remove)
    relations = family_relations()
    today = timezone.localdate()
    report = MergeReport(keep=keep, remove=remove)
    for model, prepare in PREPARE.items():
        closed = prepare(keep, remove, user, today)
        if closed:
            report.closed[str(model._meta.verbose_name_plural)] = closed
    for relation in relations:
        moved = relation.model._default_manager.filter(**{relation.field_name: remove}).update(
            **{relation.field_name: keep}
        )
        report.moved[relation.label] = report.moved.get(relation.label, 0) + moved
    # Earlier merges into `remove` now point at `keep`, so an old link is always one step away.
    Family.objects.filter(merged_into=remove).update(merged_into=keep)

    before = snapshot(keep, KEEP_FIELDS)
    keep.registration_date = min(keep.registration_date, remove.registration_date)
    if remove.last_contact_on and (keep.last_contact_on is None or remove.last_contact_on > keep.last_contact_on):
        keep.last_contact_on = remove.last_contact_on
    if keep.key_worker_id is None:
        keep.key_worker_id = remove.key_worker_id
    external_id = None if keep.external_id else remove.external_id
    keep.version += 1
    remove.merged_into = keep
    remove.version += 1
    if external_id:  # the other system's identifier follows the family (it is unique: free it first)
        remove.external_id = None
    remove.full_clean()
    remove.save(update_fields=["merged_into", "version", "external_id", "updated_at"])
    keep.external_id = keep.external_id or external_id
    keep.full_clean()
    keep_changed = fields_changed(before, snapshot(keep, KEEP_FIELDS))
    keep.save(update_fields=[*keep_changed, "updated_at"])
    target_groups_refresh(family_ids=[keep.pk], on=today)

    detail = report.summary()
    remove_changed = ["merged_into", "version", *(["external_id"] if external_id else [])]
    for merged, changed in ((keep, keep_changed), (remove, remove_changed)):
        audit_record(
            user=user,
            action=AuditEvent.Action.MERGE,
            obj=merged,
            family_id=merged.pk,
            changed_fields=changed,
            detail=detail,
            request=request,
        )
    return report
