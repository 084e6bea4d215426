from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from families.choices import Relationship, Sex
from families.models import Address, Adult, Child, Consent, ConsentPurpose, Family
from tests.centres.factories import CentreFactory, UserFactory


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
    relationship = Relationship.MOTHER


class ChildFactory(DjangoModelFactory):
    class Meta:
        model = Child

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(2024, 6, 1)
    sex = Sex.FEMALE


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    family = factory.SubFactory(FamilyFactory)
    line_1 = factory.Sequence(lambda n: f"{n + 1} Canal Street")
    town = "Demo Town"
    postcode = "ZX1 0AB"
    moved_in = date(2025, 1, 1)


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = Consent

    family = factory.SubFactory(FamilyFactory)
    purpose = ConsentPurpose.SHARE_HEALTH
    agreed = True
    recorded_on = date(2026, 1, 15)
    recorded_by = factory.SubFactory(UserFactory)


def child_form_data(child: Child, **changes: object) -> dict[str, object]:
    """What the child form posts when a person changes only `changes`."""
    data: dict[str, object] = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth": child.date_of_birth.strftime("%d/%m/%Y") if child.date_of_birth else "",
        "expected_date": child.expected_date.strftime("%d/%m/%Y") if child.expected_date else "",
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "nhs_number": child.nhs_number,
    }
    for flag in ("send", "funded_two_eligible", "funded_two_taken_up", *Child.RESTRICTED_FIELDS):
        if getattr(child, flag):
            data[flag] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}
