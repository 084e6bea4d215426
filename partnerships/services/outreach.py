"""Staff's work on the outreach list: match a birth to a registered child by hand, or record
that the family was contacted."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from centres.audit import audit_record
from centres.models import AuditEvent
from centres.records import save_audited
from families.models import Child
from partnerships.models import BirthNotification, MatchMethod
from partnerships.services.common import not_before, not_in_future

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User


def _lock(user: User | AnonymousUser, notification: BirthNotification) -> BirthNotification:
    locked = BirthNotification.objects.for_user(user).select_for_update().filter(pk=notification.pk).first()
    if locked is None:
        raise PermissionDenied("You can work only with the births in your own centres' reach areas.")
    return locked


@transaction.atomic
def birth_notification_match(
    *,
    user: User | AnonymousUser,
    notification: BirthNotification,
    child: Child,
    request: HttpRequest | None = None,
) -> BirthNotification:
    """Match a notification to a child of one of the user's families, by hand."""
    notification = _lock(user, notification)
    if notification.matched_child_id is not None:
        raise ValidationError("This birth is already matched to a registered child")
    if not Child.objects.for_user(user).filter(pk=child.pk, family__merged_into__isnull=True).exists():
        raise PermissionDenied("Choose a child of one of your centres' families.")
    if BirthNotification.objects.filter(matched_child=child).exists():
        raise ValidationError({"child": "This child is already matched to another birth notification"})
    notification.matched_child = child
    notification.match_method = MatchMethod.MANUAL
    notification.matched_on = timezone.localdate()
    notification.matched_by = cast("User", user)
    return save_audited(
        notification,
        user=user,
        family_id=child.family_id,
        action=AuditEvent.Action.UPDATE,
        changed_fields=["matched_child", "match_method"],
        detail="birth notification matched by hand",
        request=request,
    )


@transaction.atomic
def birth_notification_contacted(
    *, user: User | AnonymousUser, notification: BirthNotification, on: date, request: HttpRequest | None = None
) -> BirthNotification:
    """Record that centre staff contacted the family of a birth on the outreach list."""
    notification = _lock(user, notification)
    not_in_future(on, field="on", what="The date of the contact")
    not_before(on, notification.date_of_birth, field="on", what="The contact", than="the birth")
    notification.contacted_on = on
    notification.contacted_by = cast("User", user)
    notification.save(update_fields=["contacted_on", "contacted_by"])
    audit_record(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=notification,
        changed_fields=["contacted_on"],
        detail="family of a notified birth contacted",
        request=request,
    )
    return notification
