from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from centres.models.organisation import User
from centres.querysets import AuditEventQuerySet


class AuditEvent(models.Model):
    """Who viewed or changed which record, when. Append-only: never updated or deleted.

    Holds ids and field names, never the personal data itself, so that the trail can be
    kept longer than the records it describes.
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"
        MERGE = "merge", "Merged"
        ANONYMISE = "anonymise", "Anonymised"

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT: staff who appear in the trail are deactivated, never deleted.
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Set instead of `user` when another council system did it through the API.
    api_client = models.ForeignKey(
        "centres.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    # The family the record belongs to, so that "everything about this family" is one lookup
    # (subject access requests, the family's own history). Not a foreign key: the trail must
    # outlive merges and anonymisation.
    family_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changed_fields = models.JSONField(default=list, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_type.model} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail cannot be deleted.")


class WorkerHeartbeat(models.Model):
    """One row per worker host, touched by a periodic task: /healthz reads it."""

    hostname = models.CharField(max_length=200, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.hostname} at {self.last_seen:%Y-%m-%d %H:%M:%S}"
