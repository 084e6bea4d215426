"""Constraints that several apps' records share: who made a record (a member of staff or an API
client, never both), and another council system's identifier for it."""

from __future__ import annotations

from django.db import models


def by_staff_or_api_client(*, name: str, message: str, staff_field: str = "uploaded_by") -> models.CheckConstraint:
    """Made by a member of staff (`staff_field`) or by an API client: exactly one of the two."""
    return models.CheckConstraint(
        name=name,
        condition=models.Q(**{f"{staff_field}__isnull": False, "api_client__isnull": True})
        | models.Q(**{f"{staff_field}__isnull": True, "api_client__isnull": False}),
        violation_error_message=message,
    )


def external_id_once_per_system(*, name: str) -> models.UniqueConstraint:
    """Another system's identifier names one record of ours at most (an API client's retry finds it)."""
    return models.UniqueConstraint(
        fields=["source_system", "external_id"], condition=models.Q(external_id__isnull=False), name=name
    )
