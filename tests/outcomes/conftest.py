"""Set-up shared by the outcomes tests."""

from __future__ import annotations

from datetime import date

import pytest

from outcomes.indicators.engine import compute_period
from outcomes.indicators.periods import period_starting
from services.models import Contact, ContactKind
from tests.centres.factories import neighbourhood
from tests.families.factories import AddressFactory, ChildFactory, FamilyFactory


@pytest.fixture
def figures(authority):
    """Centre A's area: one deprived LSOA of 100 under-fives, 3 registered children, 2 of them
    reached (small numbers), with the April to June 2026 quarter computed."""
    lsoa = neighbourhood(centre=authority.centre_a, decile=2, ages=(20, 20, 20, 20, 20))
    lsoa.populations.update(year=2025)
    family = FamilyFactory(registered_centre=authority.centre_a, registration_date=date(2025, 1, 1))
    AddressFactory(family=family, lsoa=lsoa, moved_in=date(2025, 1, 1))
    reached = ChildFactory.create_batch(2, family=family, date_of_birth=date(2024, 1, 1))
    other = FamilyFactory(registered_centre=authority.centre_a, registration_date=date(2025, 1, 1))
    AddressFactory(family=other, lsoa=lsoa, moved_in=date(2025, 1, 1))
    ChildFactory(family=other, date_of_birth=date(2024, 1, 1))
    Contact.objects.create(family=family, centre=authority.centre_a, date=date(2026, 5, 1), kind=ContactKind.PHONE)
    compute_period(period=period_starting("quarter", date(2026, 4, 1)))
    return reached
