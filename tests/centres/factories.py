from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from centres.models import Centre, Cluster, User
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
