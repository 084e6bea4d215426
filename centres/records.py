"""The last step of a write service on a family's record: check it, save it and put it on the
audit trail, in one call (the services of cases, referrals, outreach and outcome records)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

from django.db import models

from centres.audit import audit_record
from centres.models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import ApiClient, User

RecordT = TypeVar("RecordT", bound=models.Model)


def save_audited(
    obj: RecordT,
    *,
    user: User | AnonymousUser | ApiClient,
    family_id: int | None,
    action: str = AuditEvent.Action.CREATE,
    changed_fields: Iterable[str] = (),
    detail: str = "",
    request: HttpRequest | None = None,
    new_version: bool = False,
    update_fields: Iterable[str] | None = None,
) -> RecordT:
    """Validate and save `obj` and audit the change against the family (a new record unless
    `action` says otherwise). `new_version`: move the record's version on first, so that an API
    client's If-Match on the old version goes stale. `update_fields`: save only these."""
    if new_version:
        obj.version += 1  # type: ignore[attr-defined]
    obj.full_clean()
    obj.save(update_fields=update_fields)
    audit_record(
        user=user,
        action=action,
        obj=obj,
        family_id=family_id,
        changed_fields=changed_fields,
        detail=detail,
        request=request,
    )
    return obj
