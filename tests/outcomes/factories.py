"""Factories for outcome records. The shipped instruments (WEMWBS, SDQ, ASQ-3 ...) are in every
test database already, loaded by migration 0003: use `shipped("WEMWBS")` for them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from outcomes.models import (
    AdultProgress,
    Assessment,
    HealthRecord,
    HealthSource,
    Instrument,
    InstrumentDomain,
    InstrumentKind,
    ProgressStatus,
    Subject,
    TimePoint,
)
from tests.centres.factories import UserFactory
from tests.families.factories import AdultFactory


def shipped(code: str) -> Instrument:
    return Instrument.objects.get(code=code)


class InstrumentFactory(DjangoModelFactory):
    """A local instrument for a carer, scored 0 to 10, higher is better."""

    class Meta:
        model = Instrument

    code = factory.Sequence(lambda n: f"LOCAL{n}")
    name = factory.Sequence(lambda n: f"Local scale {n}")
    kind = InstrumentKind.SCALE
    subject = Subject.ADULT
    min_score = Decimal("0")
    max_score = Decimal("10")
    local = True


class InstrumentDomainFactory(DjangoModelFactory):
    class Meta:
        model = InstrumentDomain

    instrument = factory.SubFactory(InstrumentFactory)
    code = factory.Sequence(lambda n: f"domain{n}")
    name = factory.Sequence(lambda n: f"Domain {n}")
    min_score = Decimal("0")
    max_score = Decimal("5")
    order = factory.Sequence(lambda n: n)


class AssessmentFactory(DjangoModelFactory):
    """An assessment of a carer on WEMWBS (pass `child=...` and `adult=None` for a child)."""

    class Meta:
        model = Assessment

    adult = factory.SubFactory(AdultFactory)
    child = None
    family = factory.LazyAttribute(lambda o: (o.adult or o.child).family)
    instrument = factory.LazyFunction(lambda: shipped("WEMWBS"))
    time_point = TimePoint.BASELINE
    assessed_on = date(2026, 2, 1)
    total_score = Decimal("40")
    achieved = None
    recorded_by = factory.SubFactory(UserFactory)


class HealthRecordFactory(DjangoModelFactory):
    class Meta:
        model = HealthRecord

    child = factory.SubFactory("tests.families.factories.ChildFactory")
    family = factory.SelfAttribute("child.family")
    recorded_on = date(2026, 2, 1)
    source = HealthSource.HEALTH_VISITOR
    recorded_by = factory.SubFactory(UserFactory)


class AdultProgressFactory(DjangoModelFactory):
    class Meta:
        model = AdultProgress

    adult = factory.SubFactory(AdultFactory)
    family = factory.SelfAttribute("adult.family")
    recorded_on = date(2026, 2, 1)
    status = ProgressStatus.NO_CHANGE
    baseline = True
    recorded_by = factory.SubFactory(UserFactory)
