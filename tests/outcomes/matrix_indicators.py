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
