"""R7, new births reached, on births worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from outcomes.indicators.births import compute_birth_indicators
from outcomes.indicators.periods import period_starting
from outcomes.models import IndicatorSnapshot
from tests.centres.factories import CentreFactory, ReachAreaFactory
from tests.families.factories import ChildFactory, FamilyFactory
from tests.partnerships.factories import BirthNotificationFactory

Q = period_starting("quarter", date(2026, 4, 1))  # 1 April to 30 June 2026


def figure(scope, scope_id, split=""):
    row = IndicatorSnapshot.objects.get(
        indicator="R7", scope=scope, scope_id=scope_id, period_kind="quarter", period_start=Q.start, split=split
    )
    return (row.numerator, row.denominator)


def birth(centre, born, notified, *, registered=None):
    child = None
    if registered is not None:
        child = ChildFactory(
            family=FamilyFactory(registered_centre=centre, registration_date=registered), date_of_birth=born
        )
    return BirthNotificationFactory(
        centre=centre,
        date_of_birth=born,
        notified_on=notified,
        matched_child=child,
        match_method="nhs" if child else "",
    )


@pytest.fixture
def births(db):
    a, b, empty = CentreFactory(), CentreFactory(), CentreFactory()
    for centre in (a, b, empty):
        ReachAreaFactory(centre=centre)
    born = date(2026, 4, 10)
    birth(a, born, date(2026, 4, 12), registered=born + timedelta(weeks=8))  # day 56: in
    birth(a, born, date(2026, 4, 12), registered=date(2026, 6, 6))  # day 57: too late
    birth(a, born, date(2026, 4, 12))  # not matched yet: not reached
    birth(a, date(2026, 6, 28), date(2026, 6, 30), registered=date(2026, 6, 30))  # notified on Q's last day
    birth(a, date(2026, 6, 29), date(2026, 7, 1), registered=date(2026, 7, 1))  # notified after Q: not counted
    birth(b, date(2026, 3, 20), date(2026, 4, 1), registered=date(2026, 4, 2))  # born before Q, notified in it
    birth(None, born, date(2026, 5, 1))  # in no reach area: the authority only
    return {"a": a.pk, "b": b.pk, "empty": empty.pk}


def test_births_reached_within_eight_weeks_of_birth(births):
    compute_birth_indicators(period=Q)
    assert figure("reach_area", births["a"]) == (2, 4)  # the 8-week one and the last-day one
    assert figure("reach_area", births["b"]) == (1, 1)
    assert figure("authority", 0) == (3, 6)


def test_an_area_with_no_births_is_0_of_0(births):
    compute_birth_indicators(period=Q)
    assert figure("reach_area", births["empty"]) == (0, 0)
