"""Recording to the audit trail. Called explicitly by the selectors and services that show or
change personal records (no signals: a reader sees at the call site what gets audited)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from centres.models import ApiClient, AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _who(user: User | AnonymousUser | ApiClient | None) -> tuple[User | None, ApiClient | None]:
    """The member of staff, or the API client (another council system), behind a change."""
    if isinstance(user, ApiClient):
        return None, user
    return (user if user is not None and user.is_authenticated else None), None


def audit_record(
    *,
    user: User | AnonymousUser | ApiClient | None,
    action: str,
    obj: models.Model,
    family_id: int | None = None,
    changed_fields: Iterable[str] = (),
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    staff, api_client = _who(user)
    event = AuditEvent.objects.create(
        user=staff,
        api_client=api_client,
        action=action,
        object_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        family_id=family_id,
        changed_fields=sorted(changed_fields),
        detail=detail[:200],
        ip_address=client_ip(request),
    )
    # Ids only in the logs: never names, dates of birth or notes.
    logger.info(
        "audit %s %s:%s by %s",
        action,
        event.object_type.model,
        event.object_id,
        f"api client {api_client.pk}" if api_client else f"user {event.user_id or '-'}",
    )
    return event


def fields_changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The names of the fields whose value differs between two snapshots of a record."""
    return sorted(name for name in after if before.get(name) != after[name])


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def audit_record_many(
    *,
    user: User | AnonymousUser | ApiClient | None,
    action: str,
    objects: Iterable[models.Model],
    family_ids: Iterable[int | None],
    changed_fields: Iterable[str] = (),
    detail: str = "",
    request: HttpRequest | None = None,
) -> int:
    """One audit event per object, written in a single query (a register of 30 families)."""
    objects = list(objects)
    if not objects:
        return 0
    object_type = ContentType.objects.get_for_model(objects[0], for_concrete_model=True)
    who, api_client = _who(user)
    events = [
        AuditEvent(
            user=who,
            api_client=api_client,
            action=action,
            object_type=object_type,
            object_id=str(obj.pk),
            family_id=family_id,
            changed_fields=sorted(changed_fields),
            detail=detail[:200],
            ip_address=client_ip(request),
        )
        for obj, family_id in zip(objects, family_ids, strict=True)
    ]
    AuditEvent.objects.bulk_create(events)
    logger.info(
        "audit %s %s x%d by %s",
        action,
        object_type.model,
        len(events),
        f"api client {api_client.pk}" if api_client else f"user {getattr(who, 'pk', '-')}",
    )
    return len(events)
