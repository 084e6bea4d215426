from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from django.db import models

from centres.roles import sees_personal_data

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User


class FamilyQuerySet(models.QuerySet):
    def active(self) -> FamilyQuerySet:
        """Not merged into another record and not anonymised."""
        return self.filter(merged_into__isnull=True, anonymised_at__isnull=True)

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


class AddressQuerySet(models.QuerySet):
    def current(self) -> AddressQuerySet:
        return self.filter(moved_out__isnull=True)

    def on(self, day: date) -> AddressQuerySet:
        """The address each family lived at on the day (moved in on or before, not yet out)."""
        return self.filter(moved_in__lte=day).filter(models.Q(moved_out__isnull=True) | models.Q(moved_out__gt=day))
