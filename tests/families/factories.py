from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from families.models import Adult, Child, Family
from tests.centres.factories import CentreFactory


class FamilyFactory(DjangoModelFactory):
    class Meta:
        model = Family

    registered_centre = factory.SubFactory(CentreFactory)
    registration_date = date(2026, 1, 15)


class AdultFactory(DjangoModelFactory):
    class Meta:
        model = Adult

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name_female", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    relationship = Adult.Relationship.MOTHER


class ChildFactory(DjangoModelFactory):
    class Meta:
        model = Child

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(2024, 6, 1)
    sex = Child.Sex.FEMALE
