from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from centres.audit import audit_record
from centres.models import LSOA, AuditEvent, Centre, ReachArea, ReachAreaLSOA

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User

LSOA_CODE = re.compile(r"^[EW]01\d{6}$")


def parse_lsoa_codes(text: str) -> list[str]:
    """Codes typed or pasted by a person: commas, spaces or new lines between them."""
    codes = [code.upper() for code in re.split(r"[\s,;]+", text or "") if code]
    bad = [code for code in codes if not LSOA_CODE.match(code)]
    if bad:
        raise ValidationError(f"These are not LSOA codes (like E01012345): {', '.join(bad[:10])}")
    return list(dict.fromkeys(codes))  # keep the order, drop repeats


@transaction.atomic
def reach_area_change(
    *,
    user: User | AnonymousUser,
    centre: Centre,
    add_codes: list[str],
    remove_lsoa_ids: list[int],
    request: HttpRequest | None = None,
) -> tuple[list[str], list[str]]:
    """Add LSOAs to and remove them from a centre's reach area. Returns (added, removed) codes.

    An LSOA already in another centre's area is refused with the centre's name; nothing is
    changed unless everything asked for can be done. The change is audited.
    """
    area, _ = ReachArea.objects.get_or_create(centre=centre)
    vintage = settings.LSOA_VINTAGE
    found = {lsoa.code: lsoa for lsoa in LSOA.objects.filter(vintage=vintage, code__in=add_codes)}
    unknown = [code for code in add_codes if code not in found]
    if unknown:
        raise ValidationError(
            f"Not in the {vintage} LSOA reference data: {', '.join(unknown[:10])}. Import the LSOAs first."
        )
    current = ReachAreaLSOA.objects.select_for_update().filter(removed_on__isnull=True)
    elsewhere = current.filter(lsoa__code__in=add_codes, lsoa__vintage=vintage).exclude(reach_area=area)
    taken = [
        f"{m.lsoa.code} ({m.reach_area.centre.name})" for m in elsewhere.select_related("lsoa", "reach_area__centre")
    ]
    if taken:
        raise ValidationError(f"Already in another centre's reach area: {', '.join(taken[:10])}")
    already = set(current.filter(reach_area=area).values_list("lsoa__code", flat=True))
    added = [code for code in add_codes if code not in already]
    today = timezone.localdate()
    removing = current.filter(reach_area=area, lsoa_id__in=remove_lsoa_ids).select_related("lsoa")
    removed = sorted(m.lsoa.code for m in removing)
    for membership in removing:
        membership.removed_on = today
        membership.save(update_fields=["removed_on"])
    try:
        ReachAreaLSOA.objects.bulk_create(
            ReachAreaLSOA(reach_area=area, lsoa=found[code], added_on=today) for code in added
        )
    except IntegrityError as exc:  # another administrator added one of them just now
        raise ValidationError("One of these LSOAs was added to another reach area meanwhile: try again.") from exc
    if added or removed:
        parts = [f"added {', '.join(added)}"] if added else []
        parts += [f"removed {', '.join(removed)}"] if removed else []
        audit_record(
            user=user,
            action=AuditEvent.Action.UPDATE,
            obj=area,
            changed_fields=["lsoas"],
            detail="; ".join(parts),
            request=request,
        )
    return added, removed
