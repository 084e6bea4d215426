"""Outcome assessments written through the API (scope families:write): scores checked against
the instrument's ranges by the screens' service, upsert by external id, If-Match corrections."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from centres.models import AuditEvent, Scope
from outcomes.models import Assessment
from tests.api.factories import bearer, issue_token
from tests.outcomes.factories import AssessmentFactory, InstrumentDomainFactory, InstrumentFactory

URL = reverse("api:assessment-list")
TODAY = timezone.localdate()


def detail(assessment: Assessment) -> str:
    return reverse("api:assessment-detail", kwargs={"pk": assessment.pk})


@pytest.fixture
def token(authority) -> str:
    return issue_token(scopes=[Scope.FAMILIES_WRITE, Scope.FAMILIES_READ], centres=[authority.centre_a])[1]


def post(client, token, body, **headers):
    return client.post(URL, data=json.dumps(body), content_type="application/json", **bearer(token), **headers)


def patch(client, token, assessment, body, **headers):
    return client.patch(
        detail(assessment), data=json.dumps(body), content_type="application/json", **bearer(token), **headers
    )


def wemwbs(authority, **extra):
    adult = authority.family_a.adults.get()
    return {
        "instrument": "WEMWBS",
        "adult": adult.pk,
        "time_point": "baseline",
        "assessed_on": (TODAY - timedelta(days=2)).isoformat(),
        "total_score": "41",
        **extra,
    }


def test_it_records_an_assessment_of_a_carer_recorded_by_the_client(client, authority, token):
    response = post(client, token, wemwbs(authority, external_id="OS-1"))
    assert response.status_code == 201, response.json()
    assessment = Assessment.objects.get()
    assert response.json()["id"] == assessment.pk
    assert response["ETag"] == '"1"'
    assert (assessment.family, assessment.total_score) == (authority.family_a, Decimal("41"))
    assert assessment.recorded_by is None and assessment.api_client is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(assessment.pk))
    assert (event.api_client_id, event.family_id) == (assessment.api_client_id, authority.family_a.pk)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"total_score": "71"}, "total_score"),  # WEMWBS is 14 to 70
        ({"total_score": "13.5"}, "total_score"),
        ({"total_score": "40.123"}, "total_score"),
        ({"total_score": "NaN"}, "total_score"),
        ({"instrument": "NOPE"}, "instrument"),
        ({"time_point": "later"}, "time_point"),
        ({"assessed_on": (TODAY + timedelta(days=1)).isoformat()}, "assessed_on"),
        ({"achieved": True}, "achieved"),
        ({"adult": None}, "adult"),
        ({"adult": 2**64}, "adult"),
    ],
)
def test_a_bad_field_is_a_400_naming_it(client, authority, token, change, field):
    response = post(client, token, wemwbs(authority, **change))
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Assessment.objects.exists()


def test_domain_scores_are_checked_one_by_one_and_named(client, authority, token):
    scale = InstrumentFactory(code="LOCALD", min_score=Decimal(0), max_score=Decimal(10))
    InstrumentDomainFactory(instrument=scale, code="home", min_score=Decimal(0), max_score=Decimal(5))
    InstrumentDomainFactory(instrument=scale, code="work", min_score=Decimal(0), max_score=Decimal(5))
    body = wemwbs(authority, instrument="LOCALD", total_score=None)
    del body["total_score"]
    wrong = post(client, token, {**body, "scores": {"home": "6", "work": "2"}})
    assert wrong.status_code == 400
    assert list(wrong.json()["errors"]["scores"]) == ["home"]  # only the wrong one, by its code
    assert "between 0 and 5" in wrong.json()["errors"]["scores"]["home"][0]
    unknown = post(client, token, {**body, "scores": {"home": "1", "work": "2", "sleep": "1"}})
    assert unknown.status_code == 400
    assert "sleep" in unknown.json()["errors"]["scores"][0]
    created = post(client, token, {**body, "scores": {"home": "4", "work": "2"}})
    assert created.status_code == 201, created.json()
    assert Assessment.objects.get().total_score == Decimal(6)


def test_a_person_of_another_centres_family_is_not_found(client, authority, token):
    other = authority.family_b.adults.get()
    assert post(client, token, wemwbs(authority, adult=other.pk)).status_code == 404
    assert post(client, token, wemwbs(authority, adult=None, child=authority.child_b.pk)).status_code in (400, 404)
    assert not Assessment.objects.exists()


def test_the_same_external_id_twice_is_one_assessment(client, authority, token):
    body = wemwbs(authority, external_id="OS-2")
    assert post(client, token, body).status_code == 201
    again = post(client, token, {**body, "total_score": "44"})
    assert again.status_code == 200, again.json()
    assessment = Assessment.objects.get()
    assert (assessment.total_score, assessment.version) == (Decimal("44"), 2)
    same = post(client, token, {**body, "total_score": "44"})
    assert same.status_code == 200
    assert Assessment.objects.get().version == 2  # nothing changed, nothing recorded


def test_an_external_id_for_another_person_is_a_conflict(client, authority, token):
    post(client, token, wemwbs(authority, external_id="OS-3"))
    response = post(client, token, wemwbs(authority, external_id="OS-3", instrument="PSOC"))
    assert response.status_code in (400, 409)
    assert Assessment.objects.count() == 1


def test_an_idempotency_key_replays_the_first_answer(client, authority, token):
    first = post(client, token, wemwbs(authority), HTTP_IDEMPOTENCY_KEY="a-1")
    second = post(client, token, wemwbs(authority), HTTP_IDEMPOTENCY_KEY="a-1")
    assert second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    assert Assessment.objects.count() == 1


def test_a_correction_with_the_version_read_is_applied_and_audited(client, authority, token):
    assessment = AssessmentFactory(adult=authority.family_a.adults.get())
    read = client.get(detail(assessment), **bearer(token))
    assert read.status_code == 200
    response = patch(client, token, assessment, {"total_score": "52"}, HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200, response.json()
    assessment.refresh_from_db()
    assert (assessment.total_score, assessment.version) == (Decimal("52"), 2)
    assert response["ETag"] == '"2"'
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_id=str(assessment.pk))
    assert event.changed_fields == ["total_score"]


def test_a_stale_correction_is_a_409_and_changes_nothing(client, authority, token):
    assessment = AssessmentFactory(adult=authority.family_a.adults.get(), version=3)
    response = patch(client, token, assessment, {"total_score": "52", "version": 2})
    assert response.status_code == 409
    assessment.refresh_from_db()
    assert (assessment.total_score, assessment.version) == (Decimal("40"), 3)


def test_a_correction_without_a_version_is_a_428(client, authority, token):
    assessment = AssessmentFactory(adult=authority.family_a.adults.get())
    assert patch(client, token, assessment, {"total_score": "52"}).status_code == 428


def test_a_correction_out_of_range_is_a_400(client, authority, token):
    assessment = AssessmentFactory(adult=authority.family_a.adults.get())
    response = patch(client, token, assessment, {"total_score": "90", "version": 1})
    assert response.status_code == 400
    assert "total_score" in response.json()["errors"]
    assessment.refresh_from_db()
    assert assessment.total_score == Decimal("40")


def test_an_assessment_of_another_centre_is_not_found(client, authority, token):
    assessment = AssessmentFactory(adult=authority.family_b.adults.get())
    assert client.get(detail(assessment), **bearer(token)).status_code == 404
    assert patch(client, token, assessment, {"total_score": "52", "version": 1}).status_code == 404


def test_writing_needs_the_families_write_scope(client, authority):
    _, read_only = issue_token(scopes=[Scope.FAMILIES_READ], centres=[authority.centre_a])
    assert post(client, read_only, wemwbs(authority)).status_code == 403
    assert not Assessment.objects.exists()


def test_the_outcomes_screen_names_the_api_client_that_recorded_it(client, authority, token):
    post(client, token, wemwbs(authority))
    assessment = Assessment.objects.get()
    client.force_login(authority.worker)
    page = client.get(reverse("outcomes:family", kwargs={"pk": authority.family_a.pk}))
    assert page.status_code == 200
    assert f"{assessment.api_client.name} (API)" in page.content.decode()


def test_a_date_before_a_childs_birth_is_a_400(client, authority, token):
    child = authority.child_a
    child.date_of_birth = date(2025, 1, 1)
    child.save()
    body = {
        "instrument": "ASQ3",
        "child": child.pk,
        "time_point": "baseline",
        "assessed_on": "2024-12-01",
    }
    response = post(client, token, body)
    assert response.status_code == 400


def test_an_assessment_with_domain_scores_costs_a_bounded_number_of_queries(
    client, authority, token, django_assert_max_num_queries
):
    scale = InstrumentFactory(code="LOCALQ", min_score=Decimal(0), max_score=Decimal(50))
    for code in ("a", "b", "c", "d", "e"):
        InstrumentDomainFactory(instrument=scale, code=code, min_score=Decimal(0), max_score=Decimal(10))
    body = wemwbs(authority, instrument="LOCALQ", scores=dict.fromkeys("abcde", "3"))
    del body["total_score"]
    # full_clean() on the assessment and on each domain score (the screens' service): a few per domain.
    with django_assert_max_num_queries(70):
        assert post(client, token, body).status_code == 201
