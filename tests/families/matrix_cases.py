"""Access rows for the caseload, case and family plan screens (families/cases/views.py)."""

from __future__ import annotations

from datetime import date

from centres.roles import Role
from families.models import Case, Family, GoalStatus, PlanGoal
from tests.centres.factories import UserFactory

STAFF = {"worker": 200, "manager": 200, "analyst": 403, "admin": 403, "inactive": 302}
OTHER_CENTRE = {"worker": 404, "manager": 404, "analyst": 403, "admin": 403, "inactive": 302}


def _case(family: Family) -> Case:
    """An open case of the family with one goal, held by a worker of its centre."""
    worker = UserFactory(username=f"key-{family.registered_centre_id}", role=Role.WORKER)
    worker.centres.add(family.registered_centre)
    case, created = Case.objects.get_or_create(
        family=family, defaults={"key_worker": worker, "reason": "parenting", "opened_on": date(2026, 1, 20)}
    )
    if created:
        PlanGoal.objects.create(case=case, family=family, goal="Routines", owner="parent", status=GoalStatus.OPEN)
    return case


def _goal(family: Family) -> PlanGoal:
    return _case(family).goals.get()


MATRIX = [
    ("families:caseload", lambda a: {}, STAFF),
    ("families:case_open", lambda a: {"family_pk": a.family_a.pk}, STAFF),
    ("families:case_open", lambda a: {"family_pk": a.family_b.pk}, OTHER_CENTRE),
    ("families:case", lambda a: {"pk": _case(a.family_a).pk}, STAFF),
    ("families:case", lambda a: {"pk": _case(a.family_b).pk}, OTHER_CENTRE),
    ("families:case_close", lambda a: {"pk": _case(a.family_a).pk}, STAFF),
    ("families:case_close", lambda a: {"pk": _case(a.family_b).pk}, OTHER_CENTRE),
    ("families:goal_add", lambda a: {"pk": _case(a.family_a).pk}, STAFF),
    ("families:goal_add", lambda a: {"pk": _case(a.family_b).pk}, OTHER_CENTRE),
    ("families:goal_edit", lambda a: {"case_pk": _case(a.family_a).pk, "pk": _goal(a.family_a).pk}, STAFF),
    ("families:goal_edit", lambda a: {"case_pk": _case(a.family_b).pk, "pk": _goal(a.family_b).pk}, OTHER_CENTRE),
    # Case B's goal reached through case A's address: not found.
    ("families:goal_edit", lambda a: {"case_pk": _case(a.family_a).pk, "pk": _goal(a.family_b).pk}, OTHER_CENTRE),
    ("families:review_add", lambda a: {"pk": _case(a.family_a).pk}, STAFF),
    ("families:review_add", lambda a: {"pk": _case(a.family_b).pk}, OTHER_CENTRE),
]
