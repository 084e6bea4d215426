"""API clients (other council systems), their tokens, the log of their calls, and the stored
answers to idempotent requests.

A token is `<prefix>.<secret>`: the prefix finds the row, the secret is checked against a
SHA-256 hash. The secret is 32 random bytes, so a plain hash is enough (no slow password
hash is needed for a high-entropy secret, and every API call checks one). It is shown once
when issued and never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    AGGREGATES_READ = "aggregates:read", "Indicators and reference data (no personal data, small numbers suppressed)"
    FAMILIES_READ = "families:read", "Read families, their children, carers, contacts, assessments and referrals"
    FAMILIES_WRITE = "families:write", "Create and change families, children and carers"
    CONTACTS_WRITE = "contacts:write", "Record contacts and attendance"
    REFERRALS_WRITE = "referrals:write", "Send and update referrals"
    REFERENCE_WRITE = "reference:write", "Upload LSOAs, population, deprivation, postcodes and birth notifications"


class ApiCallQuerySet(models.QuerySet):
    """The call log is append-only, like the audit trail."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The API call log cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The API call log cannot be deleted.")


class ApiClient(models.Model):
    """Another council system allowed to call the API, registered by an administrator."""

    name = models.CharField(max_length=150, unique=True)
    system = models.SlugField(
        max_length=40,
        unique=True,
        help_text=(
            "A short identifier of the calling system, such as 'ehm' or 'health-visiting'. "
            "The external identifiers it sends are unique within it."
        ),
    )
    contact_email = models.EmailField(help_text="Who to tell about changes, expiring tokens or misuse.")
    centres = models.ManyToManyField("centres.Centre", blank=True, related_name="api_clients")
    all_centres = models.BooleanField(
        default=False, help_text="May act for every centre of the authority (otherwise only the centres chosen)."
    )
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API client"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    # DRF sets request.user to the client: these let permission checks treat it as signed in.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="tokens")
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list, help_text="Values of Scope.")
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.client})"

    @classmethod
    def issue(
        cls, *, client: ApiClient, scopes: list[str], expires_at: datetime, created_by: Any
    ) -> tuple[ApiToken, str]:
        """A new token and its full text (`prefix.secret`): the only time the secret exists."""
        prefix = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = cls.objects.create(
            client=client,
            prefix=prefix,
            secret_hash=hash_secret(secret),
            scopes=sorted(set(scopes)),
            expires_at=expires_at,
            created_by=created_by,
        )
        return token, f"{prefix}.{secret}"

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, hash_secret(secret))

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired and self.client.active

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        if self.is_expired:
            return "Expired"
        return "Active"

    def scope_labels(self) -> list[str]:
        return [Scope(s).label if s in Scope.values else s for s in self.scopes]


class ApiCall(models.Model):
    """One call to the API, allowed or refused. Append-only; holds no request or response body."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, null=True, blank=True, related_name="calls")
    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, null=True, blank=True, related_name="calls")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=255)
    status_code = models.PositiveSmallIntegerField()
    duration_ms = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = ApiCallQuerySet.as_manager()

    class Meta:
        verbose_name = "API call"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"]), models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status_code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The API call log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The API call log cannot be deleted.")


class IdempotencyKey(models.Model):
    """The answer given to a POST with an `Idempotency-Key` header, replayed when the same client
    sends the same key again (a retry after a timeout never creates a second record)."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="idempotency_keys")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="idempotency_key_once_per_client")]

    def __str__(self) -> str:
        return f"{self.key} ({self.client_id})"
