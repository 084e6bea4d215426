"""Who may use the partnership screens, on top of centres.roles (which decides whose records
a user sees). Named referrals, births and assessments follow the for_user() querysets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from centres.roles import Role, administers, is_active_staff

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User


def manages_partners(user: User | AnonymousUser) -> bool:
    """The partner directory and the information-sharing agreements: administrators."""
    return administers(user)


def adds_partners(user: User | AnonymousUser) -> bool:
    """Managers meet new partners first: they may add one (administrators then keep it)."""
    return administers(user) or (is_active_staff(user) and getattr(user, "role", None) == Role.MANAGER)


def uploads_births(user: User | AnonymousUser) -> bool:
    """Birth-notification files: administrators and managers (the preview shows no names)."""
    return adds_partners(user)
