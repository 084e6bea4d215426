from __future__ import annotations

from datetime import date, time

import factory
from factory.django import DjangoModelFactory

from services.models import Category, Service, Session
from tests.centres.factories import CentreFactory


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Stay and play {n}")
    category = Category.FAMILY_ACTIVITIES
    provider_centre = factory.SubFactory(CentreFactory)
    capacity = 20


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    service = factory.SubFactory(ServiceFactory)
    centre = factory.SelfAttribute("service.provider_centre")
    date = date(2026, 11, 16)
    start_time = time(9, 30)
    end_time = time(11, 0)
    capacity = 20
