"""referrals:write: send referrals out and record referrals in through the API, by the calling
system's own id (upsert), with the screens' consent and life-cycle rules, and If-Match."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from centres.models import AuditEvent, Scope
from families.models import ConsentPurpose
from partnerships.models import PartnerKind, Referral
from tests.api.factories import bearer, issue_token
from tests.families.factories import ConsentFactory
from tests.partnerships.factories import AgreementFactory, PartnerFactory, ReferralFactory

URL = reverse("api:referral-list")
TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)


def detail(referral: Referral) -> str:
    return reverse("api:referral-detail", kwargs={"pk": referral.pk})


@pytest.fixture
def token(authority) -> str:
    return issue_token(scopes=[Scope.REFERRALS_WRITE, Scope.FAMILIES_READ], centres=[authority.centre_a])[1]


def post(client, token, body, **headers):
    return client.post(URL, data=json.dumps(body), content_type="application/json", **bearer(token), **headers)


def patch(client, token, referral, body, **headers):
    return client.patch(
        detail(referral), data=json.dumps(body), content_type="application/json", **bearer(token), **headers
    )


def referral_in(authority, **extra):
    partner = PartnerFactory(kind=PartnerKind.HEALTH_VISITING)
    return {
        "direction": "in",
        "partner": partner.pk,
        "family": authority.family_a.pk,
        "reason": "parenting",
        "received_on": YESTERDAY.isoformat(),
        **extra,
    }


def test_it_records_a_referral_in_for_a_family_of_its_centre_recorded_by_the_client(client, authority, token):
    response = post(client, token, referral_in(authority, external_id="EHM-1"))
    assert response.status_code == 201, response.json()
    body = response.json()
    referral = Referral.objects.get()
    assert body["id"] == referral.pk
    assert response["ETag"] == '"1"'
    assert (referral.centre, referral.family, referral.status) == (authority.centre_a, authority.family_a, "received")
    assert referral.created_by is None
    assert referral.api_client.name == referral.recorded_by_name.removesuffix(" (API)")
    assert (referral.source_system, referral.external_id) == (referral.api_client.system, "EHM-1")
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(referral.pk))
    assert (event.api_client_id, event.user_id) == (referral.api_client_id, None)
    assert event.family_id == authority.family_a.pk


def test_the_same_external_id_twice_is_one_referral_whose_steps_move_on(client, authority, token):
    body = referral_in(authority, external_id="EHM-2")
    assert post(client, token, body).status_code == 201
    again = post(client, token, {**body, "first_contact_on": TODAY.isoformat()})
    assert again.status_code == 200, again.json()
    referral = Referral.objects.get()
    assert (referral.status, referral.first_contact_on, referral.accepted_on) == ("contacted", TODAY, TODAY)
    assert referral.days_to_first_contact == 1
    assert again.json()["version"] == referral.version == 2  # one step: a first contact accepts it too
    # And once more, unchanged: nothing is recorded twice.
    assert post(client, token, {**body, "first_contact_on": TODAY.isoformat()}).status_code == 200
    assert Referral.objects.get().version == 2


def test_an_external_id_already_used_for_another_referral_is_a_conflict(client, authority, token):
    body = referral_in(authority, external_id="EHM-3")
    post(client, token, body)
    response = post(client, token, {**body, "reason": "housing"})
    assert response.status_code == 409
    assert "reason" in response.json()["detail"]
    assert Referral.objects.get().reason == "parenting"


def test_an_idempotency_key_replays_the_first_answer(client, authority, token):
    body = referral_in(authority)
    first = post(client, token, body, HTTP_IDEMPOTENCY_KEY="k-1")
    second = post(client, token, body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    assert Referral.objects.count() == 1
    assert post(client, token, {**body, "reason": "housing"}, HTTP_IDEMPOTENCY_KEY="k-1").status_code == 422


def test_a_family_of_another_centre_is_not_found(client, authority, token):
    response = post(client, token, referral_in(authority, family=authority.family_b.pk))
    assert response.status_code == 404
    assert not Referral.objects.exists()


def test_a_referral_in_about_someone_not_registered_needs_a_centre_the_client_acts_for(client, authority, token):
    body = referral_in(authority, subject_name="Jo Bloggs", subject_postcode="zx10ab")
    del body["family"]
    missing = post(client, token, body).json()["errors"]
    assert missing == {"centre": ["Give the family, or the centre that received it."]}
    refused = post(client, token, {**body, "centre": authority.centre_b.pk})
    assert refused.status_code == 400
    assert "centre" in refused.json()["errors"]
    created = post(client, token, {**body, "centre": authority.centre_a.pk})
    assert created.status_code == 201
    referral = Referral.objects.get()
    assert (referral.family, referral.subject_name, referral.subject_postcode) == (None, "Jo Bloggs", "ZX1 0AB")


def test_a_referral_out_needs_the_familys_consent_as_on_the_screens(client, authority, token):
    body = {**referral_in(authority), "direction": "out"}
    refused = post(client, token, body)
    assert refused.status_code == 400
    assert "has not agreed" in json.dumps(refused.json()["errors"])
    assert not Referral.objects.exists()
    ConsentFactory(family=authority.family_a, purpose=ConsentPurpose.SHARE_HEALTH, recorded_on=date(2025, 1, 1))
    sent = post(client, token, body)
    assert sent.status_code == 201, sent.json()
    assert sent.json()["status"] == "sent"
    assert sent.json()["consent_basis"].startswith("Consent:")
    # No information-sharing agreement covers the partner: sent, with the screens' warning.
    assert sent.json()["agreement"] is None
    assert sent.json()["warnings"] != []


def test_a_referral_out_covered_by_an_agreement_has_no_warning(client, authority, token):
    partner = PartnerFactory(kind=PartnerKind.VOLUNTARY)
    agreement = AgreementFactory(partner=partner, starts_on=date(2020, 1, 1))
    body = {**referral_in(authority), "direction": "out", "partner": partner.pk}
    assert post(client, token, body).json()["errors"] == {
        "family_agreed": ["Confirm that the family agreed to this referral"]
    }
    sent = post(client, token, {**body, "family_agreed": True}).json()
    assert (sent["agreement"], sent["warnings"]) == (agreement.pk, [])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"direction": "sideways"}, "direction"),
        ({"partner": "abc"}, "partner"),
        ({"partner": 2**70}, "partner"),
        ({"received_on": "31/02/2026"}, "received_on"),
        ({"received_on": (TODAY + timedelta(days=3)).isoformat()}, "received_on"),
        ({"closed_on": YESTERDAY.isoformat()}, "outcome"),
        ({"first_contact_on": (YESTERDAY - timedelta(days=5)).isoformat()}, "first_contact_on"),
    ],
)
def test_a_bad_field_is_a_400_naming_it(client, authority, token, change, field):
    response = post(client, token, referral_in(authority, **change))
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Referral.objects.exists()


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"text"', "null"])
def test_a_malformed_body_is_a_400(client, authority, token, raw):
    response = client.post(URL, data=raw, content_type="application/json", **bearer(token))
    assert response.status_code == 400


def test_an_update_with_the_version_read_records_the_steps(client, authority, token):
    referral = ReferralFactory(family=authority.family_a, received_on=YESTERDAY - timedelta(days=3))
    response = patch(
        client,
        token,
        referral,
        {"first_contact_on": YESTERDAY.isoformat(), "closed_on": TODAY.isoformat(), "outcome": "supported"},
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.json()
    referral.refresh_from_db()
    assert (referral.status, referral.outcome, referral.closed_on) == ("closed", "supported", TODAY)
    assert response["ETag"] == f'"{referral.version}"'
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(referral.pk)).count() == 2


def test_a_stale_update_is_a_409_and_changes_nothing(client, authority, token):
    referral = ReferralFactory(family=authority.family_a, received_on=YESTERDAY, version=4)
    response = patch(client, token, referral, {"accepted_on": TODAY.isoformat(), "version": 3})
    assert response.status_code == 409
    referral.refresh_from_db()
    assert (referral.status, referral.accepted_on, referral.version) == ("received", None, 4)


def test_an_update_without_a_version_is_a_428(client, authority, token):
    referral = ReferralFactory(family=authority.family_a, received_on=YESTERDAY)
    assert patch(client, token, referral, {"accepted_on": TODAY.isoformat()}).status_code == 428
    assert patch(client, token, referral, {"accepted_on": TODAY.isoformat()}, HTTP_IF_MATCH="x").status_code == 400


def test_a_recorded_step_is_never_moved(client, authority, token):
    referral = ReferralFactory(
        family=authority.family_a, received_on=YESTERDAY, accepted_on=YESTERDAY, status="accepted"
    )
    response = patch(client, token, referral, {"accepted_on": TODAY.isoformat(), "version": 1})
    assert response.status_code == 400
    assert "accepted_on" in response.json()["errors"]


def test_a_referral_of_another_centre_is_not_found_for_an_update(client, authority, token):
    referral = ReferralFactory(family=authority.family_b)
    response = patch(client, token, referral, {"accepted_on": TODAY.isoformat(), "version": 1})
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == "received"


def test_writing_needs_the_referrals_write_scope(client, authority):
    _, read_only = issue_token(scopes=[Scope.FAMILIES_READ], centres=[authority.centre_a])
    assert post(client, read_only, referral_in(authority)).status_code == 403
    referral = ReferralFactory(family=authority.family_a)
    assert patch(client, read_only, referral, {"version": 1}).status_code == 403
    assert Referral.objects.count() == 1


def test_the_referral_screen_names_the_api_client_that_recorded_it(client, authority, token):
    post(client, token, referral_in(authority))
    referral = Referral.objects.get()
    client.force_login(authority.worker)
    page = client.get(reverse("partnerships:referral", kwargs={"pk": referral.pk}))
    assert f"{referral.api_client.name} (API)" in page.content.decode()


def test_a_referral_with_its_steps_costs_a_bounded_number_of_queries(
    client, authority, token, django_assert_max_num_queries
):
    body = referral_in(authority, external_id="EHM-Q", first_contact_on=TODAY.isoformat())
    # Most are full_clean() checking the constraints, as on the screens: a constant, not per row.
    with django_assert_max_num_queries(80):
        assert post(client, token, body).status_code == 201
