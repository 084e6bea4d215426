from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import models

from centres.roles import sees_personal_data

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User


class FamilyQuerySet(models.QuerySet):
    def for_user(self, user: User | AnonymousUser) -> FamilyQuerySet:
        """Named family records: only centre staff, and only for their own centres.

        Analysts and administrators see aggregates and reference data, never named families.
        """
        if not sees_personal_data(user):
            return self.none()
        return self.filter(registered_centre__in=cast("User", user).centres.all())


class ChildQuerySet(models.QuerySet):
    def for_user(self, user: User | AnonymousUser) -> ChildQuerySet:
        if not sees_personal_data(user):
            return self.none()
        return self.filter(family__registered_centre__in=cast("User", user).centres.all())
