"""Who may use the community screens, on top of centres.roles.

Centre workers and managers use them for their own centres (a centre outside them is a 404).
Managers alone set budgets, record spend and publish "you said, we did". Analysts read the
spend tables of every centre (aggregates, no names) and nothing else here; administrators
use none of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from centres.roles import Role, is_active_staff, sees_personal_data

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User


def works_at_centres(user: User | AnonymousUser) -> bool:
    """Records bookings, volunteers' hours, training, the forum and feedback."""
    return sees_personal_data(user)


def manages_centres(user: User | AnonymousUser) -> bool:
    """Also budgets, spend and publishing "you said, we did"."""
    return sees_personal_data(user) and getattr(user, "role", None) == Role.MANAGER


def reads_spend(user: User | AnonymousUser) -> bool:
    """Spend per service is published to parents (strand 7): centre staff and analysts read it."""
    return works_at_centres(user) or (is_active_staff(user) and getattr(user, "role", None) == Role.ANALYST)
