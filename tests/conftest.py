from __future__ import annotations

from dataclasses import dataclass

import pytest

from centres.models import Centre, User
from centres.roles import Role
from families.models import Child, Family
from tests.centres.factories import CentreFactory, UserFactory
from tests.families.factories import AdultFactory, ChildFactory, FamilyFactory


@dataclass
class Authority:
    """Two centres with a family each, and a user for every role.

    The centre roles belong to centre A only, so every "may see" has a "may not see" beside it.
    """

    centre_a: Centre
    centre_b: Centre
    family_a: Family
    family_b: Family
    child_a: Child
    child_b: Child
    worker: User
    worker_restricted: User
    manager: User
    analyst: User
    admin: User
    inactive_worker: User

    def user(self, role: str) -> User:
        return {
            "worker": self.worker,
            "manager": self.manager,
            "analyst": self.analyst,
            "admin": self.admin,
            "inactive": self.inactive_worker,
        }[role]


@pytest.fixture
def authority(db: None) -> Authority:
    centre_a = CentreFactory(name="Ashby Road")
    centre_b = CentreFactory(name="Brookfield")
    family_a = FamilyFactory(registered_centre=centre_a)
    family_b = FamilyFactory(registered_centre=centre_b)
    AdultFactory(family=family_a)
    AdultFactory(family=family_b)
    return Authority(
        centre_a=centre_a,
        centre_b=centre_b,
        family_a=family_a,
        family_b=family_b,
        child_a=ChildFactory(family=family_a, first_name="Ava"),
        child_b=ChildFactory(family=family_b, first_name="Bea"),
        worker=UserFactory(username="worker", role=Role.WORKER, centres=[centre_a]),
        worker_restricted=UserFactory(username="lead", role=Role.WORKER, centres=[centre_a], restricted_access=True),
        manager=UserFactory(username="manager", role=Role.MANAGER, centres=[centre_a]),
        analyst=UserFactory(username="analyst", role=Role.ANALYST),
        admin=UserFactory(username="admin", role=Role.ADMIN),
        inactive_worker=UserFactory(username="gone", role=Role.WORKER, centres=[centre_a], is_active=False),
    )
