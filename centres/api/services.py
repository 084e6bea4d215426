"""Registering API clients and issuing, revoking and ending their access: each change audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from centres.audit import audit_record
from centres.models import ApiClient, ApiToken, AuditEvent, Centre, Scope, User

# The longest a token may live: integrations must rotate their secrets at least this often.
MAX_TOKEN_DAYS = 366


@transaction.atomic
def api_client_register(
    *, name: str, system: str, contact_email: str, centres: Iterable[Centre], all_centres: bool, by: User
) -> ApiClient:
    centres = list(centres)
    if not all_centres and not centres:
        raise ValidationError({"centres": "Choose the centres the client acts for, or all centres."})
    client = ApiClient(name=name, system=system, contact_email=contact_email, all_centres=all_centres, created_by=by)
    client.full_clean()
    client.save()
    client.centres.set(centres)
    audit_record(user=by, action=AuditEvent.Action.CREATE, obj=client, detail=f"API client {client.system}")
    return client


@transaction.atomic
def api_token_issue(
    *, client: ApiClient, scopes: Iterable[str], expires_at: datetime, by: User
) -> tuple[ApiToken, str]:
    """A new token for the client, and its full text: show it once, it is not kept."""
    scopes = sorted(set(scopes))
    unknown = set(scopes) - set(Scope.values)
    if not scopes or unknown:
        raise ValidationError({"scopes": "Choose one or more of the scopes listed."})
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": "The expiry must be in the future."})
    if (expires_at - now).days > MAX_TOKEN_DAYS:
        raise ValidationError({"expires_at": f"A token lasts at most {MAX_TOKEN_DAYS} days."})
    if not client.active:
        raise ValidationError("The client has been deactivated: register it again to give it access.")
    token, text = ApiToken.issue(client=client, scopes=scopes, expires_at=expires_at, created_by=by)
    audit_record(
        user=by,
        action=AuditEvent.Action.CREATE,
        obj=token,
        changed_fields=scopes,
        detail=f"token {token.prefix} for API client {client.pk}",
    )
    return token, text


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            user=by,
            action=AuditEvent.Action.UPDATE,
            obj=token,
            changed_fields=["revoked_at"],
            detail=f"revoked token {token.prefix}",
        )
    return token


@transaction.atomic
def api_client_deactivate(*, client: ApiClient, by: User) -> ApiClient:
    """No token of the client works any more (they are kept, for the call log)."""
    if client.active:
        client.active = False
        client.deactivated_at = timezone.now()
        client.save(update_fields=["active", "deactivated_at"])
        audit_record(
            user=by,
            action=AuditEvent.Action.UPDATE,
            obj=client,
            changed_fields=["active"],
            detail=f"deactivated API client {client.system}",
        )
    return client
