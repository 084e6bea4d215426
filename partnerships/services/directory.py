"""The partner directory and information-sharing agreements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from centres.audit import audit_record, fields_changed, snapshot
from centres.models import AuditEvent
from partnerships.access import adds_partners, manages_partners
from partnerships.models import InformationSharingAgreement, Partner

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User

PARTNER_FIELDS = ("name", "kind", "contact_name", "email", "phone", "address", "active")
AGREEMENT_FIELDS = (
    "title",
    "scope",
    "lawful_basis",
    "special_category_condition",
    "starts_on",
    "ends_on",
    "document_reference",
)


def _save(
    *,
    user: User | AnonymousUser,
    obj: Partner | InformationSharingAgreement,
    fields: tuple[str, ...],
    data: dict[str, Any],
    creating: bool,
    request: HttpRequest | None,
) -> list[str]:
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    before = {} if creating else snapshot(obj, fields)
    for name, value in data.items():
        setattr(obj, name, value)
    obj.full_clean()
    changed = sorted(data) if creating else fields_changed(before, snapshot(obj, fields))
    if creating or changed:
        obj.save()
        action = AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE
        audit_record(user=user, action=action, obj=obj, changed_fields=changed, request=request)
    return changed


@transaction.atomic
def partner_save(
    *,
    user: User | AnonymousUser,
    data: dict[str, Any],
    partner: Partner | None = None,
    request: HttpRequest | None = None,
) -> Partner:
    """Add a partner (administrators and managers) or change one (administrators)."""
    if partner is None and not adds_partners(user):
        raise PermissionDenied("Only administrators and managers may add partners.")
    if partner is not None and not manages_partners(user):
        raise PermissionDenied("Only administrators may change the partner directory.")
    obj = Partner() if partner is None else Partner.objects.select_for_update().get(pk=partner.pk)
    _save(user=user, obj=obj, fields=PARTNER_FIELDS, data=data, creating=partner is None, request=request)
    return obj


@transaction.atomic
def agreement_save(
    *,
    user: User | AnonymousUser,
    partner: Partner,
    data: dict[str, Any],
    agreement: InformationSharingAgreement | None = None,
    request: HttpRequest | None = None,
) -> InformationSharingAgreement:
    """Record an information-sharing agreement with a partner, or change one (administrators)."""
    if not manages_partners(user):
        raise PermissionDenied("Only administrators may record information-sharing agreements.")
    if agreement is None:
        obj = InformationSharingAgreement(partner=partner)
    else:
        obj = InformationSharingAgreement.objects.select_for_update().get(pk=agreement.pk, partner=partner)
    _save(user=user, obj=obj, fields=AGREEMENT_FIELDS, data=data, creating=agreement is None, request=request)
    return obj
