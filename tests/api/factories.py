from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from centres.models import ApiClient, ApiToken, Centre, Scope
from centres.roles import Role
from tests.centres.factories import UserFactory


class ApiClientFactory(DjangoModelFactory):
    class Meta:
        model = ApiClient
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Council system {n}")
    system = factory.Sequence(lambda n: f"system-{n}")
    contact_email = "integrations@council.example"
    created_by = factory.SubFactory(UserFactory, role=Role.ADMIN)

    @factory.post_generation
    def centres(self, create: bool, extracted: Iterable[Centre] | None, **kwargs: object) -> None:
        if create and extracted:
            self.centres.set(extracted)


def issue_token(
    client: ApiClient | None = None,
    *,
    scopes: Iterable[str] = tuple(Scope.values),
    days: int = 30,
    centres: Iterable[Centre] = (),
    all_centres: bool = False,
) -> tuple[ApiToken, str]:
    """A token (and its text) for the client, or for a new client of these centres."""
    if client is None:
        client = ApiClientFactory(centres=list(centres), all_centres=all_centres)
    return ApiToken.issue(
        client=client,
        scopes=list(scopes),
        expires_at=timezone.now() + timedelta(days=days),
        created_by=client.created_by,
    )


def bearer(text: str) -> dict[str, str]:
    """Headers for django's test client."""
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}
