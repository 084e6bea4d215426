from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from centres.audit import audit_record, fields_changed, snapshot
from centres.models import AuditEvent
from families.models import Child

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User

CHILD_EDITABLE_FIELDS = ("first_name", "last_name", "date_of_birth", "sex")


@transaction.atomic
def child_update(
    *, user: User | AnonymousUser, child: Child, data: dict[str, Any], request: HttpRequest | None = None
) -> list[str]:
    """Change a child's details; audit which fields changed. Returns the changed field names.

    Compares with the stored row (locked for the update), not with `child` itself: a bound
    ModelForm has already copied its input onto the instance it was given.
    """
    unknown = set(data) - set(CHILD_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    stored = Child.objects.select_for_update().get(pk=child.pk)
    before = snapshot(stored, CHILD_EDITABLE_FIELDS)
    for name, value in data.items():
        setattr(stored, name, value)
    stored.full_clean()
    changed = fields_changed(before, snapshot(stored, CHILD_EDITABLE_FIELDS))
    if changed:
        stored.save(update_fields=changed)
        audit_record(
            user=user,
            action=AuditEvent.Action.UPDATE,
            obj=stored,
            family_id=stored.family_id,
            changed_fields=changed,
            request=request,
        )
    return changed
