"""Access rows for the dashboards (collected by tests/centres/test_access.py)."""

from outcomes.models import RefreshRun

DASHBOARDS = {"worker": 403, "manager": 200, "analyst": 200, "admin": 200, "inactive": 302}

MATRIX = [
    ("indicators:authority", lambda a: {}, DASHBOARDS),
    ("indicators:centre", lambda a: {"pk": a.centre_a.pk}, DASHBOARDS),
    (
        "indicators:centre",
        lambda a: {"pk": a.centre_b.pk},
        {"worker": 403, "manager": 404, "analyst": 200, "admin": 200, "inactive": 302},
    ),
    (
        "indicators:drilldown",
        lambda a: {"pk": a.centre_a.pk, "indicator": "R3"},
        {"worker": 403, "manager": 200, "analyst": 403, "admin": 403, "inactive": 302},
    ),
    (
        "indicators:drilldown",
        lambda a: {"pk": a.centre_b.pk, "indicator": "R3"},
        {"worker": 403, "manager": 404, "analyst": 403, "admin": 403, "inactive": 302},
    ),
    (
        "indicators:refresh",
        lambda a: {},
        {"worker": 403, "manager": 405, "analyst": 403, "admin": 405, "inactive": 302},
    ),
    (
        "indicators:run",
        lambda a: {"pk": RefreshRun.objects.create(period_kind="quarter", periods=[]).pk},
        DASHBOARDS,
    ),
]

ADMIN_ONLY = {"worker": 403, "manager": 403, "analyst": 403, "admin": 200, "inactive": 302}
TARGETS = ADMIN_ONLY | {"manager": 200}
# The public transparency page needs no sign-in: everyone, signed in or not, gets it.
PUBLIC = {"worker": 200, "manager": 200, "analyst": 200, "admin": 200, "inactive": 200, "anonymous": 200}


def _target(a, centre=None):
    from outcomes.models import IndicatorTarget

    return IndicatorTarget.objects.create(
        indicator="R3",
        target=50,
        active_from="2026-04-01",
        set_by=a.admin,
        period_kind="quarter",
        scope="reach_area" if centre else "authority",
        centre=centre,
    ).pk


def _measure(a):
    from outcomes.models import PbRMeasure

    return PbRMeasure.objects.create(
        name="Reach", indicator="R3", target=50, amount=1000, active_from="2026-04-01", created_by=a.admin
    ).pk


MATRIX += [
    ("indicators:public", lambda a: {}, PUBLIC),
    # Managers set their own centres' targets; the authority's are the administrators'.
    ("indicators:targets", lambda a: {}, TARGETS),
    ("indicators:target_new", lambda a: {}, TARGETS),
    ("indicators:target_edit", lambda a: {"pk": _target(a)}, ADMIN_ONLY | {"manager": 404}),
    ("indicators:target_edit", lambda a: {"pk": _target(a, a.centre_a)}, TARGETS),
    ("indicators:target_edit", lambda a: {"pk": _target(a, a.centre_b)}, ADMIN_ONLY | {"manager": 404}),
    ("indicators:pbr_measures", lambda a: {}, ADMIN_ONLY),
    ("indicators:pbr_measure_new", lambda a: {}, ADMIN_ONLY),
    ("indicators:pbr_measure_edit", lambda a: {"pk": _measure(a)}, ADMIN_ONLY),
]
