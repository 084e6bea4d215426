"""Which target groups a family belongs to, derived from what is recorded about it.

`derive_target_groups` holds the rules (one place, pure, tested case by case);
`target_groups_refresh` keeps the dated FamilyTargetGroup rows in step with them and is run
by every service that changes the facts, and nightly for everyone (after reference-data
imports, for instance, a new deprivation release changes which areas are deprived).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from families.choices import IN_WORK, NOT_MINORITY_ETHNIC, OUT_OF_WORK, Relationship, Sex
from families.models import Address, Adult, Child, Family, FamilyTargetGroup, TargetGroup

TEENAGE_PARENT_AGE = 20  # a parent under 20 at the child's birth
DEPRIVED_DECILES = (1, 2, 3)
BIRTH_PARENTS = frozenset({Relationship.MOTHER, Relationship.FATHER})
BATCH = 500


def age_in_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def derive_target_groups(
    *,
    family: Family,
    adults: Sequence[Adult],
    children: Sequence[Child],
    imd_decile: int | None,
) -> set[str]:
    groups: set[str] = set()
    if imd_decile in DEPRIVED_DECILES:
        groups.add(TargetGroup.DEPRIVED_AREA)
    if len(adults) == 1 and children:
        groups.add(TargetGroup.LONE_PARENT)
    for adult in adults:
        if adult.relationship in BIRTH_PARENTS and adult.date_of_birth:
            for child in children:
                birth = child.date_of_birth or child.expected_date
                if birth and age_in_years(adult.date_of_birth, birth) < TEENAGE_PARENT_AGE:
                    groups.add(TargetGroup.TEENAGE_PARENT)
    # Workless: every adult is known to be out of work (an unknown status proves nothing).
    if adults and all(a.employment in OUT_OF_WORK for a in adults) and not any(a.employment in IN_WORK for a in adults):
        groups.add(TargetGroup.WORKLESS)
    people: list[Adult | Child] = [*adults, *children]
    if any(person.ethnicity not in NOT_MINORITY_ETHNIC for person in people):
        groups.add(TargetGroup.MINORITY_ETHNIC)
    if any(c.send for c in children):
        groups.add(TargetGroup.DISABLED_CHILD)
    if any(a.sex == Sex.MALE for a in adults):
        groups.add(TargetGroup.FATHERS)
    if any(c.child_in_need or c.child_protection_plan or c.looked_after for c in children):
        groups.add(TargetGroup.SAFEGUARDING)
    if any(a.english_additional_language for a in adults):
        groups.add(TargetGroup.EAL)
    if any(c.funded_two_eligible for c in children if c.date_of_birth):
        groups.add(TargetGroup.FUNDED_TWO)
    if any(c.date_of_birth is None and c.expected_date for c in children):
        groups.add(TargetGroup.EXPECTANT)
    if family.temporary_accommodation:
        groups.add(TargetGroup.TEMPORARY_ACCOMMODATION)
    return groups


def _current_deciles(lsoa_ids: Iterable[int]) -> dict[int, int]:
    from centres.area_selectors import release_for
    from centres.models import Deprivation

    release = release_for(settings.LSOA_VINTAGE)
    return dict(
        Deprivation.objects.filter(lsoa_id__in=set(lsoa_ids), release=release).values_list("lsoa_id", "imd_decile")
    )


@transaction.atomic
def target_groups_refresh(*, family_ids: Iterable[int], on: date | None = None) -> tuple[int, int]:
    """Bring the derived group rows of these families up to date. Returns (started, ended).

    A group that newly applies starts `on` (today by default), or on the registration date the
    first time a family is derived at all; one that no longer applies ends `on`. Idempotent.
    Works in batches, so that the nightly run over every family keeps memory bounded.
    """
    on = on or timezone.localdate()
    ids = list(family_ids)
    started = ended = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        families = list(
            Family.objects.filter(pk__in=batch).prefetch_related(
                "adults",
                "children",
                Prefetch("addresses", queryset=Address.objects.current(), to_attr="current_addresses"),
            )
        )
        deciles = _current_deciles(a.lsoa_id for f in families for a in f.current_addresses if a.lsoa_id)
        open_rows: dict[int, dict[str, FamilyTargetGroup]] = {}
        ever_derived: set[int] = set()
        for row in FamilyTargetGroup.objects.filter(family_id__in=batch, source=FamilyTargetGroup.Source.DERIVED):
            ever_derived.add(row.family_id)
            if row.ended_on is None:
                open_rows.setdefault(row.family_id, {})[row.group] = row
        to_create: list[FamilyTargetGroup] = []
        to_end: list[FamilyTargetGroup] = []
        for family in families:
            address = family.current_addresses[0] if family.current_addresses else None
            want = set()
            if family.is_active:
                want = derive_target_groups(
                    family=family,
                    adults=list(family.adults.all()),
                    children=list(family.children.all()),
                    imd_decile=deciles.get(address.lsoa_id) if address and address.lsoa_id else None,
                )
            have = open_rows.get(family.pk, {})
            first = family.pk not in ever_derived
            start_on = min(family.registration_date, on) if first else on
            to_create += [
                FamilyTargetGroup(family=family, group=g, source=FamilyTargetGroup.Source.DERIVED, started_on=start_on)
                for g in sorted(want - set(have))
            ]
            for group in set(have) - want:
                row = have[group]
                row.ended_on = max(on, row.started_on)
                to_end.append(row)
        FamilyTargetGroup.objects.bulk_create(to_create)
        FamilyTargetGroup.objects.bulk_update(to_end, ["ended_on"])
        started += len(to_create)
        ended += len(to_end)
    return started, ended


def family_target_groups(*, family: Family, restricted: bool, on: date | None = None) -> list[FamilyTargetGroup]:
    """The groups a family is in on a day, derived and recorded, for showing as tags."""
    from families.models import RESTRICTED_GROUPS

    on = on or timezone.localdate()
    rows = family.target_groups.filter(started_on__lte=on).exclude(ended_on__lte=on).order_by("group", "source")
    return [row for row in rows if restricted or row.group not in RESTRICTED_GROUPS]


@transaction.atomic
def target_group_record(
    *, user: Any, family: Family, group: str, started_on: date, request: Any = None
) -> FamilyTargetGroup:
    """Staff record a group the family's facts cannot show (say, a partner who is not part of
    the household). Safeguarding needs restricted access. Audited."""
    from centres.audit import audit_record
    from centres.models import AuditEvent
    from centres.roles import sees_restricted_fields
    from families.models import RESTRICTED_GROUPS

    if group in RESTRICTED_GROUPS and not sees_restricted_fields(user):
        raise PermissionDenied("Only staff with restricted access may record this group.")
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "The date cannot be in the future"})
    if family.target_groups.filter(
        group=group, source=FamilyTargetGroup.Source.RECORDED, ended_on__isnull=True
    ).exists():
        raise ValidationError({"group": "This group is already recorded for the family"})
    row = FamilyTargetGroup.objects.create(
        family=family, group=group, source=FamilyTargetGroup.Source.RECORDED, started_on=started_on, recorded_by=user
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=row,
        family_id=family.pk,
        changed_fields=[f"group:{group}"],
        request=request,
    )
    return row


@transaction.atomic
def target_group_end(*, user: Any, membership: FamilyTargetGroup, ended_on: date, request: Any = None) -> None:
    """End a group staff recorded. Derived groups follow the facts and cannot be ended here."""
    from centres.audit import audit_record
    from centres.models import AuditEvent
    from centres.roles import sees_restricted_fields
    from families.models import RESTRICTED_GROUPS

    row = FamilyTargetGroup.objects.select_for_update().get(pk=membership.pk)
    if row.source != FamilyTargetGroup.Source.RECORDED:
        raise ValidationError("A group worked out from the family's records ends when the records change.")
    if row.group in RESTRICTED_GROUPS and not sees_restricted_fields(user):
        raise PermissionDenied("Only staff with restricted access may change this group.")
    if row.ended_on is not None:
        return
    row.ended_on = max(ended_on, row.started_on)
    row.save(update_fields=["ended_on"])
    audit_record(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=row,
        family_id=row.family_id,
        changed_fields=[f"group:{row.group}"],
        detail="ended",
        request=request,
    )
