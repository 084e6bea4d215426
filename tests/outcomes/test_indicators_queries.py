"""Each computation runs a fixed number of queries for a period, whatever the number of
families: measured on one family, then on many."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outcomes.indicators.engine import COMPUTATIONS
from outcomes.indicators.periods import period_starting
from outcomes.models import IndicatorSnapshot
from services.models import Contact, ContactChild, ContactKind, Spend
from tests.centres.factories import CentreFactory, UserFactory, neighbourhood
from tests.families.factories import AddressFactory, AdultFactory, ChildFactory, FamilyFactory
from tests.outcomes.factories import AdultProgressFactory, AssessmentFactory, HealthRecordFactory, shipped
from tests.partnerships.factories import BirthNotificationFactory, ReferralFactory
from tests.services.factories import ServiceFactory

Q = period_starting("quarter", date(2026, 4, 1))
IN_Q = date(2026, 5, 1)


def add_families(count, *, centre, lsoa, service, user):
    for _ in range(count):
        family = FamilyFactory(registered_centre=centre, registration_date=date(2025, 1, 1))
        AddressFactory(family=family, lsoa=lsoa)
        child = ChildFactory(family=family, date_of_birth=date(2026, 3, 1), funded_two_eligible=True)
        carer = AdultFactory(family=family)
        contact = Contact.objects.create(family=family, centre=centre, date=IN_Q, kind=ContactKind.PHONE)
        ContactChild.objects.create(contact=contact, child=child)
        AssessmentFactory(adult=carer, assessed_on=date(2026, 1, 1), recorded_by=user)
        AssessmentFactory(adult=carer, time_point="review", assessed_on=IN_Q, total_score=Decimal(45), recorded_by=user)
        AssessmentFactory(
            child=child,
            adult=None,
            instrument=shipped("EYFS_GLD"),
            time_point="exit",
            assessed_on=IN_Q,
            total_score=None,
            achieved=True,
            recorded_by=user,
        )
        HealthRecordFactory(child=child, recorded_on=IN_Q, breastfeeding_6_8_weeks="yes", recorded_by=user)
        AdultProgressFactory(adult=carer, recorded_on=date(2026, 1, 1), recorded_by=user)
        AdultProgressFactory(adult=carer, recorded_on=IN_Q, status="work", baseline=False, recorded_by=user)
        ReferralFactory(family=family, received_on=IN_Q, created_by=user)
        BirthNotificationFactory(centre=centre, date_of_birth=date(2026, 3, 1), notified_on=IN_Q)
        Spend.objects.create(service=service, date=IN_Q, amount=Decimal(10), description="Costs", recorded_by=user)


def queries_per_computation():
    counts = {}
    for compute in COMPUTATIONS:
        with CaptureQueriesContext(connection) as captured:
            compute(period=Q)
        counts[compute.__name__] = len(captured.captured_queries)
    return counts


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_families():
    centre = CentreFactory()
    lsoa = neighbourhood(centre=centre, decile=2, ages=(5, 5, 5, 5, 5))
    service, user = ServiceFactory(provider_centre=centre), UserFactory()
    add_families(1, centre=centre, lsoa=lsoa, service=service, user=user)
    one = queries_per_computation()
    add_families(6, centre=centre, lsoa=lsoa, service=service, user=user)
    many = queries_per_computation()
    assert many == one
    # and the figures did see the families: 7 carers' pairs, 7 births notified
    pairs = IndicatorSnapshot.objects.get(indicator="O1", scope="authority", split="", period_start=Q.start)
    births = IndicatorSnapshot.objects.get(indicator="R7", scope="authority", split="", period_start=Q.start)
    assert (pairs.denominator, births.denominator) == (7, 7)
