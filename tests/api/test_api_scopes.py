"""The API's access matrix: every route in the "api" namespace, each method with the scope it
needs. A new route (or a new method on one) without a row in SCOPES fails here, as a staff
screen without a row fails tests/centres/test_access.py.

A row: url name -> (kwargs as a function of the `authority` fixture, {method: scope}). The
records in the kwargs belong to centre A; the tokens below act for centre A.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from centres.api.urls import DOCUMENTATION
from centres.models import ApiCall, Scope
from outcomes.models import IndicatorSnapshot
from services.models import Contact, Session
from tests.api.factories import bearer, issue_token
from tests.centres.factories import LSOAFactory, ReachAreaFactory
from tests.outcomes.factories import AssessmentFactory
from tests.partnerships.factories import BirthNotificationFactory, ReferralFactory
from tests.services.factories import SessionFactory

AGG = Scope.AGGREGATES_READ
FAM = Scope.FAMILIES_READ


def _session(a) -> Session:
    return Session.objects.filter(centre=a.centre_a).first() or SessionFactory(service__provider_centre=a.centre_a)


def _snapshot(a) -> IndicatorSnapshot:
    return IndicatorSnapshot.objects.get_or_create(
        indicator="R1",
        version=1,
        scope="authority",
        scope_id=0,
        period_kind="year",
        period_start=date(2025, 4, 1),
        split="",
        defaults={"period_end": date(2026, 3, 31), "numerator": Decimal(100), "computed_at": timezone.now()},
    )[0]


def _contact(a) -> Contact:
    return Contact.objects.create(family=a.family_a, centre=a.centre_a, kind="phone", date=date(2025, 5, 1))


SCOPES = {
    "api:centre-list": (lambda a: {}, {"GET": AGG}),
    "api:centre-detail": (lambda a: {"pk": a.centre_a.pk}, {"GET": AGG}),
    "api:reach-area-list": (lambda a: {}, {"GET": AGG}),
    "api:reach-area-detail": (lambda a: {"pk": ReachAreaFactory(centre=a.centre_a).pk}, {"GET": AGG}),
    "api:lsoa-list": (lambda a: {}, {"GET": AGG}),
    "api:lsoa-detail": (lambda a: {"pk": LSOAFactory().pk}, {"GET": AGG}),
    "api:service-list": (lambda a: {}, {"GET": AGG}),
    "api:service-detail": (lambda a: {"pk": _session(a).service_id}, {"GET": AGG}),
    "api:session-list": (lambda a: {}, {"GET": AGG}),
    "api:session-detail": (lambda a: {"pk": _session(a).pk}, {"GET": AGG}),
    "api:indicator-list": (lambda a: {}, {"GET": AGG}),
    "api:indicator-snapshot-list": (lambda a: {}, {"GET": AGG}),
    "api:indicator-snapshot-detail": (lambda a: {"pk": _snapshot(a).pk}, {"GET": AGG}),
    "api:family-list": (lambda a: {}, {"GET": FAM, "POST": Scope.FAMILIES_WRITE}),
    "api:family-detail": (lambda a: {"pk": a.family_a.pk}, {"GET": FAM, "PATCH": Scope.FAMILIES_WRITE}),
    "api:family-upsert": (lambda a: {"external_id": "EHM-1"}, {"PUT": Scope.FAMILIES_WRITE}),
    "api:family-bulk": (lambda a: {}, {"POST": Scope.FAMILIES_WRITE}),
    "api:contact-create": (lambda a: {}, {"POST": Scope.CONTACTS_WRITE}),
    "api:contact-change": (lambda a: {"pk": _contact(a).pk}, {"PATCH": Scope.CONTACTS_WRITE}),
    "api:contact-upsert": (lambda a: {"external_id": "C-1"}, {"PUT": Scope.CONTACTS_WRITE}),
    "api:contact-bulk": (lambda a: {}, {"POST": Scope.CONTACTS_WRITE}),
    "api:family-contacts": (lambda a: {"family_pk": a.family_a.pk}, {"GET": FAM}),
    "api:family-assessments": (lambda a: {"family_pk": a.family_a.pk}, {"GET": FAM}),
    "api:referral-list": (lambda a: {}, {"GET": FAM, "POST": Scope.REFERRALS_WRITE}),
    "api:referral-detail": (
        lambda a: {"pk": ReferralFactory(family=a.family_a).pk},
        {"GET": FAM, "PATCH": Scope.REFERRALS_WRITE},
    ),
    "api:assessment-list": (lambda a: {}, {"POST": Scope.FAMILIES_WRITE}),
    "api:assessment-detail": (
        lambda a: {"pk": AssessmentFactory(adult=a.family_a.adults.get()).pk},
        {"GET": FAM, "PATCH": Scope.FAMILIES_WRITE},
    ),
    "api:reference-import-upload": (lambda a: {}, {"POST": Scope.REFERENCE_WRITE}),
    "api:birth-import-upload": (lambda a: {}, {"POST": Scope.REFERENCE_WRITE}),
    "api:birth-notification-list": (lambda a: {}, {"GET": FAM}),
    "api:birth-notification-detail": (lambda a: {"pk": BirthNotificationFactory(centre=a.centre_a).pk}, {"GET": FAM}),
}

ROWS = [(name, method, scope) for name, (_, methods) in SCOPES.items() for method, scope in methods.items()]


def _routes() -> dict[str, dict[str, str | None]]:
    """Every API route and, per method it answers, the scope its view declares."""
    _, resolver = get_resolver().namespace_dict["api"]
    routes = {}
    for pattern in resolver.url_patterns:
        if pattern.name in DOCUMENTATION:
            continue
        view = pattern.callback.cls
        actions = getattr(pattern.callback, "actions", None)
        names = actions if actions else [m for m in view.http_method_names if hasattr(view, m)]
        # HEAD and OPTIONS take GET's scope (centres.api.permissions).
        methods = [m.upper() for m in names if m not in ("head", "options")]
        declared = getattr(view, "required_scopes", {})
        routes[f"api:{pattern.name}"] = {m: declared.get(m) for m in methods}
    return routes


def test_every_api_route_and_method_has_a_declared_scope_and_a_row_here():
    routes = _routes()
    assert routes == {name: methods for name, (_, methods) in SCOPES.items()}


def test_every_declared_scope_is_a_real_scope():
    assert {scope for _, _, scope in ROWS} <= set(Scope.values)


@pytest.mark.parametrize(("name", "method", "scope"), ROWS, ids=[f"{n}-{m}" for n, m, _ in ROWS])
def test_each_operation_needs_exactly_its_scope(client, authority, name, method, scope):
    url = reverse(name, kwargs=SCOPES[name][0](authority))
    call = getattr(client, method.lower())
    body = {"data": json.dumps({}), "content_type": "application/json"} if method != "GET" else {}
    _, without = issue_token(scopes=[s for s in Scope.values if s != scope], centres=[authority.centre_a])
    assert call(url, **body, **bearer(without)).status_code == 403
    _, only = issue_token(scopes=[scope], centres=[authority.centre_a])
    assert call(url, **body, **bearer(only)).status_code not in (401, 403, 404)
    assert call(url, **body).status_code == 401
    assert ApiCall.objects.count() == 3


@pytest.mark.parametrize("name", sorted(DOCUMENTATION))
def test_the_schema_and_its_documentation_are_public(client, db, name):
    assert client.get(reverse(f"api:{name}")).status_code == 200
