"""Schemathesis over the whole API schema, in-process (WSGI), authenticated with a client that
has every scope and every centre: no 5xx, and every answer conforms to the schema (status
codes, content type, headers, body). Bounded examples per operation, to stay well inside CI."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from outcomes.models import IndicatorSnapshot
from services.models import Contact
from tests.api.factories import issue_token
from tests.centres.factories import neighbourhood
from tests.outcomes.factories import AssessmentFactory
from tests.partnerships.factories import BirthNotificationFactory, ReferralFactory
from tests.services.factories import SessionFactory

MAX_EXAMPLES = 10


@pytest.fixture
def api_data(authority):
    """A little of everything, so that detail routes and filters find records."""
    neighbourhood(centre=authority.centre_a, decile=2, ages=(5, 5, 5, 5, 5))
    session = SessionFactory(service__provider_centre=authority.centre_a)
    Contact.objects.create(
        family=authority.family_a, centre=authority.centre_a, kind="session", session=session, date=session.date
    )
    AssessmentFactory(adult=authority.family_a.adults.get())
    ReferralFactory(family=authority.family_a)
    BirthNotificationFactory(centre=authority.centre_a)
    IndicatorSnapshot.objects.create(
        indicator="R3",
        version=1,
        scope="authority",
        scope_id=0,
        period_kind="quarter",
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        split="",
        numerator=Decimal(40),
        denominator=Decimal(100),
        computed_at=timezone.now(),
    )
    return authority


def _schema() -> dict:
    """The schema as /api/v1/schema/ serves it, generated without a request (so without the
    database) at collection time."""
    generator = SchemaGenerator()
    return json.loads(OpenApiJsonRenderer().render(generator.get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_schema())
schema.app = WSGIHandler()
# The token is sent on every call (below), so cases that leave out or garble the
# Authorization header are not generated: test_framework.py covers those.
schema.config.generation.update(max_examples=MAX_EXAMPLES, with_security_parameters=False)
# A cursor is opaque (only the 'next' and 'previous' links hold valid ones): not fuzzed.
schema.config.update(parameters={"cursor": ""})


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Django closes "old" database connections when a request starts and ends. Called straight
    through WSGI inside a test's transaction, that closes PostgreSQL's connection mid-test
    (SQLite's in-memory one is never closed), so the receivers are disconnected here, as Django's
    own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(api_data, settings) -> str:
    settings.API_RATE_LIMIT = "100000/min"  # the fuzzer is not a misbehaving client
    return issue_token(all_centres=True)[1]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_every_operation_answers_within_its_schema(case, token):
    # A write's body is held to rules the schema cannot state (a family of the client's, a date
    # not in the future, a child of that family), so a schema-valid body may rightly be a 400:
    # "schema-valid data is accepted" is not checked for writes. Every other check still is
    # (no 5xx; status codes, headers and bodies as the schema says).
    excluded = [positive_data_acceptance] if case.method in ("POST", "PUT", "PATCH") else []
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded)
