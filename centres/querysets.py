from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db import models

from centres.roles import sees_all_centres, sees_personal_data

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User


class CentreQuerySet(models.QuerySet):
    def open(self) -> CentreQuerySet:
        return self.filter(status="open")

    def for_user(self, user: User | AnonymousUser) -> CentreQuerySet:
        """The centres this user may see: all for authority roles, their own for centre roles."""
        if sees_all_centres(user):
            return self.all()
        if sees_personal_data(user):
            return self.filter(pk__in=cast("User", user).centres.values("pk"))
        return self.none()


class AuditEventQuerySet(models.QuerySet):
    """The audit trail is append-only: bulk updates and deletes are refused here, and on
    PostgreSQL a trigger refuses them in the database too (see the migration)."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit trail cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail cannot be deleted.")
