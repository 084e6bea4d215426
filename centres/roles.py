"""The staff roles of the brief, and what each may do.

Everything that decides "may this user see or change X" reads these helpers or the
`for_user()` querysets built on them, so that the rules live in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User


class Role(models.TextChoices):
    WORKER = "worker", "Centre worker"
    MANAGER = "manager", "Centre manager"
    ANALYST = "analyst", "Local-authority analyst"
    ADMIN = "admin", "Local-authority administrator"


# Roles whose view of the data is limited to the centres they are attached to.
CENTRE_ROLES = frozenset({Role.WORKER, Role.MANAGER})
# Roles that see the whole authority, but only in aggregate or as reference data.
AUTHORITY_ROLES = frozenset({Role.ANALYST, Role.ADMIN})


def is_active_staff(user: User | AnonymousUser) -> bool:
    # An API client (centres.ApiClient) is authenticated but is not staff: no is_active.
    return bool(user.is_authenticated and getattr(user, "is_active", False))


def sees_personal_data(user: User | AnonymousUser) -> bool:
    """Named records of families and children: centre staff only, never analysts or admins."""
    return is_active_staff(user) and getattr(user, "role", None) in CENTRE_ROLES


def sees_all_centres(user: User | AnonymousUser) -> bool:
    return is_active_staff(user) and getattr(user, "role", None) in AUTHORITY_ROLES


def sees_restricted_fields(user: User | AnonymousUser) -> bool:
    """Safeguarding statuses and contact notes need an explicit grant on top of the role."""
    return sees_personal_data(user) and bool(getattr(user, "restricted_access", False))


def administers(user: User | AnonymousUser) -> bool:
    return is_active_staff(user) and getattr(user, "role", None) == Role.ADMIN
