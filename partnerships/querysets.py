"""Chainable filters, and who may see what (the for_user() rules of centres.roles)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.db.models import Q

from centres.roles import sees_personal_data

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User


def _user_centres(user: User | AnonymousUser) -> Any:
    return cast("User", user).centres.all()


class AgreementQuerySet(models.QuerySet):
    def current(self, on: date) -> AgreementQuerySet:
        """In force on the day: started, and not yet ended."""
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class ReferralQuerySet(models.QuerySet):
    def for_user(self, user: User | AnonymousUser) -> ReferralQuerySet:
        """Named referrals: centre staff, for their own centres only."""
        if not sees_personal_data(user):
            return self.none()
        return self.filter(centre__in=_user_centres(user))

    def not_closed(self) -> ReferralQuerySet:
        return self.exclude(status="closed")

    def received_between(self, start: date, end: date) -> ReferralQuerySet:
        return self.filter(received_on__gte=start, received_on__lte=end)


class BirthNotificationQuerySet(models.QuerySet):
    def for_user(self, user: User | AnonymousUser) -> BirthNotificationQuerySet:
        """Births in the reach areas of the user's centres (centre staff only)."""
        if not sees_personal_data(user):
            return self.none()
        return self.filter(centre__in=_user_centres(user))

    def unmatched(self) -> BirthNotificationQuerySet:
        return self.filter(matched_child__isnull=True)


class EarlyHelpQuerySet(models.QuerySet):
    def for_user(self, user: User | AnonymousUser) -> EarlyHelpQuerySet:
        """Assessments of the active families the user may see."""
        from families.models import Family

        return self.filter(family__in=Family.objects.for_user(user).active())


# A named manager (rather than as_manager() at the model) so that django-stubs can resolve it
# however the modules happen to be imported.
BirthNotificationManager = models.Manager.from_queryset(BirthNotificationQuerySet)
