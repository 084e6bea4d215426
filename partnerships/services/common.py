"""Small checks the partnership services share."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from centres.api.scoping import visible_to
from families.models import Family

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import ApiClient, User


def not_in_future(day: date, *, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} cannot be in the future"})


def not_before(day: date, earliest: date | None, *, field: str, what: str, than: str) -> None:
    if earliest is not None and day < earliest:
        raise ValidationError({field: f"{what} cannot be before {than} ({earliest.day} {earliest:%B %Y})"})


def lock_family(user: User | AnonymousUser | ApiClient, family: Family) -> Family:
    """The family, locked, if the user (or API client) may work with it: an active family of
    their centres."""
    families = visible_to(Family.objects.active(), user, centre_field="registered_centre")
    locked = families.select_for_update().filter(pk=family.pk).first()
    if locked is None:
        raise PermissionDenied("You can work only with active families of your own centres.")
    return locked
