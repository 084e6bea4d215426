from __future__ import annotations

from datetime import date
from typing import Any

import factory
from factory.django import DjangoModelFactory

from centres.models import LSOA, Centre, Cluster, Deprivation, Population, ReachArea, ReachAreaLSOA, User
from centres.roles import Role


class ClusterFactory(DjangoModelFactory):
    class Meta:
        model = Cluster
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Cluster {n}")


class CentreFactory(DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Centre {n}")
    ofsted_urn = factory.Sequence(lambda n: f"{500000 + n}")
    postcode = "DT1 1AA"
    cluster = factory.SubFactory(ClusterFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    role = Role.WORKER
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def centres(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.centres.set(extracted)


class LSOAFactory(DjangoModelFactory):
    class Meta:
        model = LSOA

    code = factory.Sequence(lambda n: f"E01{800000 + n:06d}")
    vintage = 2021
    name = factory.Sequence(lambda n: f"Testborough {n:03d}A")
    local_authority_code = "E06000999"


class DeprivationFactory(DjangoModelFactory):
    class Meta:
        model = Deprivation

    lsoa = factory.SubFactory(LSOAFactory)
    release = "iod2025"
    imd_decile = 5
    imd_rank = factory.LazyAttribute(lambda o: (o.imd_decile - 1) * 3375 + 100)


class PopulationFactory(DjangoModelFactory):
    class Meta:
        model = Population

    lsoa = factory.SubFactory(LSOAFactory)
    year = 2024
    age_0 = age_1 = age_2 = age_3 = age_4 = 20


class ReachAreaFactory(DjangoModelFactory):
    class Meta:
        model = ReachArea

    centre = factory.SubFactory(CentreFactory)


def neighbourhood(*, centre: Centre | None, decile: int, ages: tuple[int, int, int, int, int], **kwargs: Any) -> LSOA:
    """An LSOA with its deprivation and mid-2024 population, in the centre's reach area if given."""
    lsoa = LSOAFactory(**kwargs)
    DeprivationFactory(lsoa=lsoa, imd_decile=decile)
    PopulationFactory(lsoa=lsoa, **{f"age_{i}": n for i, n in enumerate(ages)})
    if centre is not None:
        area, _ = ReachArea.objects.get_or_create(centre=centre)
        ReachAreaLSOA.objects.create(reach_area=area, lsoa=lsoa, added_on=date(2024, 4, 1))
    return lsoa
