"""families:write: register (POST), change (PATCH with If-Match), upsert by external id (PUT),
bulk. Scopes, centre scoping, validation, idempotency, concurrency and the audit trail."""

from __future__ import annotations

import json
from copy import deepcopy
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centres.models import AuditEvent, Postcode, Scope
from families.models import Address, Adult, Child, Consent, ConsentPurpose, Family, FamilyTargetGroup, TargetGroup
from families.services.people import has_consent
from partnerships.models import PartnerKind
from tests.api.factories import bearer, issue_token
from tests.centres.factories import neighbourhood
from tests.families.factories import ConsentFactory
from tests.partnerships.factories import PartnerFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def writer(authority):
    """families:write (and read) for centre A only."""
    token, text = issue_token(scopes=[Scope.FAMILIES_WRITE, Scope.FAMILIES_READ], centres=[authority.centre_a])
    return token.client, bearer(text)


def family_body(authority, **overrides):
    body = {
        "external_id": "EHM-1001",
        "registered_centre": authority.centre_a.pk,
        "temporary_accommodation": False,
        "address": {"line_1": "1 Mill Lane", "town": "Ashby", "postcode": "ab1 2de"},
        "adults": [{"first_name": "Jo", "last_name": "Smith", "relationship": "mother", "date_of_birth": "1995-03-02"}],
        "children": [{"first_name": "Sam", "last_name": "Smith", "date_of_birth": "2024-05-06"}],
        "consents": ["registration", "share_health"],
    }
    body.update(overrides)
    return body


def post(client, url, body, headers, **extra):
    return client.post(url, data=json.dumps(body), content_type=JSON, **headers, **extra)


def put(client, url, body, headers, **extra):
    return client.put(url, data=json.dumps(body), content_type=JSON, **headers, **extra)


def patch(client, url, body, headers, **extra):
    return client.patch(url, data=json.dumps(body), content_type=JSON, **headers, **extra)


# --- create -------------------------------------------------------------------------------


def test_it_registers_a_family_with_its_people_consents_and_target_groups(client, authority, writer):
    api_client, headers = writer
    response = post(client, "/api/v1/families/", family_body(authority, adults=[]), headers)
    assert response.status_code == 201, response.json()
    body = response.json()
    family = Family.objects.get(pk=body["id"])
    assert response["ETag"] == f'"{family.version}"'
    assert family.external_id == "EHM-1001"
    assert family.registered_centre == authority.centre_a
    assert body["address"]["postcode"] == "AB1 2DE"  # normalised as on the screens
    assert [c["first_name"] for c in body["children"]] == ["Sam"]
    consents = Consent.objects.filter(family=family)
    assert sorted(consents.values_list("purpose", flat=True)) == ["registration", "share_health"]
    assert all(c.recorded_by is None and c.recorded_by_client == api_client for c in consents)
    # Derived like a registration on the screens: no carer at all is not a lone parent, but the
    # target-group derivation ran (the family has derived rows or none, consistently with the screens).
    assert FamilyTargetGroup.objects.filter(family=family).exists() or family.adults.count() == 0
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, family_id=family.pk)
    assert event.api_client == api_client and event.user is None


def test_a_family_in_a_deprived_lsoa_is_in_that_target_group(client, authority, writer):
    lsoa = neighbourhood(centre=authority.centre_a, decile=1, ages=(5, 5, 5, 5, 5))
    Postcode.objects.create(postcode="AB1 2DE", lsoa_2021=lsoa)
    _, headers = writer
    response = post(client, "/api/v1/families/", family_body(authority), headers)
    assert response.status_code == 201, response.json()
    family = Family.objects.get(pk=response.json()["id"])
    assert response.json()["address"]["lsoa"] is not None
    groups = set(FamilyTargetGroup.objects.filter(family=family, ended_on__isnull=True).values_list("group", flat=True))
    assert TargetGroup.DEPRIVED_AREA in groups


def test_it_needs_the_families_write_scope(client, authority):
    _, text = issue_token(scopes=[Scope.FAMILIES_READ], centres=[authority.centre_a])
    response = post(client, "/api/v1/families/", family_body(authority), bearer(text))
    assert response.status_code == 403
    assert not Family.objects.filter(external_id="EHM-1001").exists()
    response = patch(client, f"/api/v1/families/{authority.family_a.pk}/", {"version": 1}, bearer(text))
    assert response.status_code == 403


def test_registering_at_a_centre_the_client_does_not_act_for_is_refused(client, authority, writer):
    _, headers = writer
    response = post(
        client, "/api/v1/families/", family_body(authority, registered_centre=authority.centre_b.pk), headers
    )
    assert response.status_code == 403
    assert not Family.objects.filter(external_id="EHM-1001").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"address": {"line_1": "1 Mill Lane", "postcode": "not a postcode"}}, "address"),
        ({"consents": ["share_health"]}, "consents"),
        ({"children": []}, "children"),
        ({"children": [{"last_name": "Smith"}]}, "children"),  # neither born nor expected
        ({"children": [{"last_name": "Smith", "date_of_birth": "2024-01-01", "nhs_number": "1234567890"}]}, "children"),
        ({"adults": [{"first_name": "Jo", "last_name": "S", "relationship": "aunt-ish"}]}, "adults"),
        ({"registered_centre": "centre A"}, "registered_centre"),
        ({"temporary_accommodation": "maybe"}, "temporary_accommodation"),
        ({"children": "Sam"}, "children"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, authority, writer, change, field):
    _, headers = writer
    response = post(client, "/api/v1/families/", family_body(authority, **change), headers)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Family.objects.filter(external_id="EHM-1001").exists()


def test_a_child_error_is_under_the_childs_index(client, authority, writer):
    _, headers = writer
    children = [
        {"first_name": "Sam", "last_name": "Smith", "date_of_birth": "2024-05-06"},
        {"first_name": "Ali", "last_name": "Smith", "date_of_birth": "2023-01-01", "nhs_number": "1234567890"},
    ]
    response = post(client, "/api/v1/families/", family_body(authority, children=children), headers)
    assert response.status_code == 400
    assert "nhs_number" in response.json()["errors"]["children"]["1"]


@pytest.mark.parametrize("raw", ["{not json", "[]", '"a string"', "null"])
def test_a_malformed_body_is_a_400(client, authority, writer, raw):
    _, headers = writer
    response = client.post("/api/v1/families/", data=raw, content_type=JSON, **headers)
    assert response.status_code == 400


def test_safeguarding_statuses_are_not_accepted(client, authority, writer):
    _, headers = writer
    children = [
        {"first_name": "Sam", "last_name": "Smith", "date_of_birth": "2024-05-06", "child_protection_plan": True}
    ]
    response = post(client, "/api/v1/families/", family_body(authority, children=children), headers)
    assert response.status_code == 201
    assert Child.objects.get(family_id=response.json()["id"]).child_protection_plan is False


def test_an_external_id_in_use_is_a_400_pointing_at_the_upsert(client, authority, writer):
    _, headers = writer
    assert post(client, "/api/v1/families/", family_body(authority), headers).status_code == 201
    response = post(client, "/api/v1/families/", family_body(authority), headers)
    assert response.status_code == 400
    assert "by-external-id" in response.json()["errors"]["external_id"][0]
    assert Family.objects.filter(external_id="EHM-1001").count() == 1


# --- idempotency ----------------------------------------------------------------------------


def test_the_same_idempotency_key_twice_registers_one_family_and_replays_the_answer(client, authority, writer):
    _, headers = writer
    body = family_body(authority, external_id=None)
    first = post(client, "/api/v1/families/", body, headers, HTTP_IDEMPOTENCY_KEY="k-1")
    second = post(client, "/api/v1/families/", body, headers, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Family.objects.filter(registered_centre=authority.centre_a).count() == 2  # family_a and this one


def test_the_same_key_with_another_body_is_a_422(client, authority, writer):
    _, headers = writer
    assert (
        post(client, "/api/v1/families/", family_body(authority), headers, HTTP_IDEMPOTENCY_KEY="k-2").status_code
        == 201
    )
    other = family_body(authority, external_id="EHM-2")
    response = post(client, "/api/v1/families/", other, headers, HTTP_IDEMPOTENCY_KEY="k-2")
    assert response.status_code == 422
    assert not Family.objects.filter(external_id="EHM-2").exists()


# --- PATCH with If-Match --------------------------------------------------------------------


def test_patch_changes_the_household_and_bumps_the_version(client, authority, writer):
    api_client, headers = writer
    family = authority.family_a
    url = f"/api/v1/families/{family.pk}/"
    response = patch(client, url, {"temporary_accommodation": True}, headers, HTTP_IF_MATCH=f'"{family.version}"')
    assert response.status_code == 200, response.json()
    family.refresh_from_db()
    assert family.temporary_accommodation is True
    assert family.version == 2
    assert response["ETag"] == '"2"'
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, family_id=family.pk)
    assert event.api_client == api_client and event.changed_fields == ["temporary_accommodation"]


def test_a_stale_if_match_is_a_409_and_changes_nothing(client, authority, writer):
    _, headers = writer
    family = authority.family_a
    Family.objects.filter(pk=family.pk).update(version=5)
    response = patch(
        client, f"/api/v1/families/{family.pk}/", {"temporary_accommodation": True}, headers, HTTP_IF_MATCH='"4"'
    )
    assert response.status_code == 409
    family.refresh_from_db()
    assert family.temporary_accommodation is False and family.version == 5


def test_patch_without_a_version_is_a_428(client, authority, writer):
    _, headers = writer
    response = patch(client, f"/api/v1/families/{authority.family_a.pk}/", {"temporary_accommodation": True}, headers)
    assert response.status_code == 428
    authority.family_a.refresh_from_db()
    assert authority.family_a.temporary_accommodation is False


def test_patch_of_another_centres_family_is_a_404(client, authority, writer):
    _, headers = writer
    family = authority.family_b
    response = patch(client, f"/api/v1/families/{family.pk}/", {"temporary_accommodation": True, "version": 1}, headers)
    assert response.status_code == 404
    family.refresh_from_db()
    assert family.temporary_accommodation is False


def test_patch_moves_the_family_and_adds_and_changes_people(client, authority, writer):
    _, headers = writer
    family = authority.family_a
    adult = family.adults.get()
    body = {
        "version": family.version,
        "address": {"line_1": "9 New Road", "postcode": "AB9 9ZZ"},
        "moved_on": "2025-06-01",
        "adults": [{"id": adult.pk, "employment": "employed"}],
        "children": [{"first_name": "Kit", "last_name": "Jones", "expected_date": "2026-12-01"}],
    }
    response = patch(client, f"/api/v1/families/{family.pk}/", body, headers)
    assert response.status_code == 200, response.json()
    current = Address.objects.current().get(family=family)
    assert (current.postcode, current.moved_in) == ("AB9 9ZZ", date(2025, 6, 1))
    adult.refresh_from_db()
    assert adult.employment == "employed"
    assert family.children.filter(first_name="Kit").exists()
    family.refresh_from_db()
    assert family.version > 1


def test_patch_with_another_familys_child_is_a_400(client, authority, writer):
    _, headers = writer
    family = authority.family_a
    body = {"version": family.version, "children": [{"id": authority.child_b.pk, "first_name": "X"}]}
    response = patch(client, f"/api/v1/families/{family.pk}/", body, headers)
    assert response.status_code == 400
    assert "id" in response.json()["errors"]["children"]["0"]
    authority.child_b.refresh_from_db()
    assert authority.child_b.first_name == "Bea"


# --- upsert by external id ------------------------------------------------------------------


def test_upsert_creates_then_updates_one_family(client, authority, writer):
    _, headers = writer
    url = "/api/v1/families/by-external-id/EHM-77/"
    body = family_body(authority)
    first = put(client, url, body, headers)
    assert first.status_code == 201, first.json()
    second = put(client, url, body, headers)
    assert second.status_code == 200
    assert Family.objects.filter(external_id="EHM-77").count() == 1
    family = Family.objects.get(external_id="EHM-77")
    # The same people sent again are matched, not added twice; nothing changed, same version.
    assert Adult.objects.filter(family=family).count() == 1 and Child.objects.filter(family=family).count() == 1
    assert second.json()["version"] == first.json()["version"]
    changed = deepcopy(body)
    changed["temporary_accommodation"] = True
    third = put(client, url, changed, headers)
    assert third.status_code == 200
    assert third.json()["version"] == first.json()["version"] + 1


def test_upsert_with_a_stale_if_match_is_a_409(client, authority, writer):
    _, headers = writer
    url = "/api/v1/families/by-external-id/EHM-78/"
    assert put(client, url, family_body(authority), headers).status_code == 201
    body = family_body(authority, temporary_accommodation=True)
    response = put(client, url, body, headers, HTTP_IF_MATCH='"99"')
    assert response.status_code == 409
    assert Family.objects.get(external_id="EHM-78").temporary_accommodation is False


def test_upsert_of_another_centres_family_is_a_404(client, authority, writer):
    _, headers = writer
    Family.objects.filter(pk=authority.family_b.pk).update(external_id="EHM-B")
    response = put(
        client, "/api/v1/families/by-external-id/EHM-B/", family_body(authority, temporary_accommodation=True), headers
    )
    assert response.status_code == 404
    authority.family_b.refresh_from_db()
    assert authority.family_b.temporary_accommodation is False


# --- consent withdrawal ------------------------------------------------------------------------


@pytest.fixture
def agreed(authority):
    """family_a agreed to be registered and to sharing with health; B's family to health too."""
    for family in (authority.family_a, authority.family_b):
        ConsentFactory(family=family, purpose=ConsentPurpose.SHARE_HEALTH, recorded_on=date(2025, 1, 1))
    return ConsentFactory(family=authority.family_a, purpose=ConsentPurpose.REGISTRATION, recorded_on=date(2025, 1, 1))


def withdraw(client, family, headers, purposes=("share_health",), **extra):
    return patch(client, f"/api/v1/families/{family.pk}/", {"withdraw_consents": list(purposes)}, headers, **extra)


def test_patch_withdraws_a_consent_as_the_family_page_does(client, authority, writer, agreed):
    api_client, headers = writer
    family = authority.family_a
    assert has_consent(family=family, purpose=ConsentPurpose.SHARE_HEALTH)
    response = withdraw(client, family, headers, HTTP_IF_MATCH=f'"{family.version}"')
    assert response.status_code == 200, response.json()
    consent = Consent.objects.get(family=family, purpose=ConsentPurpose.SHARE_HEALTH)
    assert consent.withdrawn_on == timezone.localdate() and consent.withdrawn_by is None
    # The effect the screen's Withdraw has: nothing relies on that consent from today.
    assert not has_consent(family=family, purpose=ConsentPurpose.SHARE_HEALTH)
    assert has_consent(family=family, purpose=ConsentPurpose.REGISTRATION)
    assert [c["purpose"] for c in response.json()["consents"]] == ["registration"]
    family.refresh_from_db()
    assert family.version == 2 and response["ETag"] == '"2"'
    event = AuditEvent.objects.get(family_id=family.pk, changed_fields=["consent:share_health"])
    assert (event.api_client, event.user, event.detail) == (api_client, None, "withdrawn")


def test_a_withdrawn_consent_stops_a_referral_that_relies_on_it(client, authority, writer, agreed):
    _, headers = writer
    family = authority.family_a
    assert withdraw(client, family, headers, HTTP_IF_MATCH='"1"').status_code == 200
    _, text = issue_token(scopes=[Scope.REFERRALS_WRITE], centres=[authority.centre_a])
    body = {
        "direction": "out",
        "partner": PartnerFactory(kind=PartnerKind.HEALTH_VISITING).pk,
        "family": family.pk,
        "reason": "parenting",
        "received_on": timezone.localdate().isoformat(),  # sent today: consent withdrawn from today
    }
    refused = post(client, "/api/v1/referrals/", body, bearer(text))
    assert refused.status_code == 400
    assert "has not agreed" in json.dumps(refused.json()["errors"])


def test_withdrawing_again_changes_nothing(client, authority, writer, agreed):
    _, headers = writer
    family = authority.family_a
    assert withdraw(client, family, headers, HTTP_IF_MATCH='"1"').status_code == 200
    events = AuditEvent.objects.filter(family_id=family.pk).count()
    again = withdraw(client, family, headers, ["share_health", "photographs"], HTTP_IF_MATCH='"2"')
    assert again.status_code == 200 and again["ETag"] == '"2"'
    assert AuditEvent.objects.filter(family_id=family.pk).count() == events
    assert Consent.objects.filter(family=family, withdrawn_on__isnull=False).count() == 1


def test_withdrawal_needs_the_version_and_refuses_a_stale_one(client, authority, writer, agreed):
    _, headers = writer
    family = authority.family_a
    assert withdraw(client, family, headers).status_code == 428
    assert withdraw(client, family, headers, HTTP_IF_MATCH='"7"').status_code == 409
    assert has_consent(family=family, purpose=ConsentPurpose.SHARE_HEALTH)
    assert not AuditEvent.objects.filter(family_id=family.pk, detail="withdrawn").exists()


def test_withdrawal_for_another_centres_family_is_a_404(client, authority, writer, agreed):
    _, headers = writer
    family = authority.family_b
    assert withdraw(client, family, headers, HTTP_IF_MATCH='"1"').status_code == 404
    assert has_consent(family=family, purpose=ConsentPurpose.SHARE_HEALTH)


def test_withdrawal_needs_the_families_write_scope(client, authority, agreed):
    _, text = issue_token(scopes=[Scope.FAMILIES_READ], centres=[authority.centre_a])
    assert withdraw(client, authority.family_a, bearer(text), HTTP_IF_MATCH='"1"').status_code == 403
    assert has_consent(family=authority.family_a, purpose=ConsentPurpose.SHARE_HEALTH)


@pytest.mark.parametrize(
    "body",
    [
        {"withdraw_consents": ["sharing"]},
        {"withdraw_consents": "share_health"},
        {"withdraw_consents": ["share_health"], "consents": ["share_health"]},
    ],
)
def test_a_bad_withdrawal_is_a_400_naming_the_field(client, authority, writer, agreed, body):
    _, headers = writer
    response = patch(client, f"/api/v1/families/{authority.family_a.pk}/", body, headers, HTTP_IF_MATCH='"1"')
    assert response.status_code == 400
    assert "withdraw_consents" in response.json()["errors"]
    assert has_consent(family=authority.family_a, purpose=ConsentPurpose.SHARE_HEALTH)


def test_a_new_family_has_nothing_to_withdraw(client, authority, writer):
    _, headers = writer
    body = family_body(authority, withdraw_consents=["share_health"])
    response = post(client, "/api/v1/families/", body, headers)
    assert response.status_code == 400 and "withdraw_consents" in response.json()["errors"]
    assert not Family.objects.filter(external_id="EHM-1001").exists()


def test_upsert_withdraws_by_external_id(client, authority, writer, agreed):
    _, headers = writer
    Family.objects.filter(pk=authority.family_a.pk).update(external_id="EHM-A")
    response = put(client, "/api/v1/families/by-external-id/EHM-A/", {"withdraw_consents": ["share_health"]}, headers)
    assert response.status_code == 200, response.json()
    assert not has_consent(family=authority.family_a, purpose=ConsentPurpose.SHARE_HEALTH)


# --- bulk -------------------------------------------------------------------------------------


def test_bulk_upserts_every_row_and_reports_each(client, authority, writer):
    _, headers = writer
    Family.objects.filter(pk=authority.family_a.pk).update(external_id="EHM-A")
    rows = [family_body(authority, external_id=f"EHM-{i}") for i in range(3)]
    rows.append({"external_id": "EHM-A", "temporary_accommodation": True})
    response = post(client, "/api/v1/families/bulk/", {"rows": rows}, headers)
    assert response.status_code == 200, response.json()
    results = response.json()["results"]
    assert [r["created"] for r in results] == [True, True, True, False]
    assert results[3]["id"] == authority.family_a.pk
    assert Family.objects.filter(external_id__startswith="EHM-").count() == 4


def test_one_bad_row_writes_nothing_and_names_the_row(client, authority, writer):
    _, headers = writer
    rows = [family_body(authority, external_id=f"EHM-{i}") for i in range(3)]
    rows[1]["address"]["postcode"] = "nonsense"
    rows[2]["registered_centre"] = authority.centre_b.pk
    before = (Family.objects.count(), AuditEvent.objects.count(), Consent.objects.count())
    response = post(client, "/api/v1/families/bulk/", {"rows": rows}, headers)
    assert response.status_code == 400
    errors = response.json()["errors"]["rows"]
    assert set(errors) == {"1", "2"}
    assert "address" in errors["1"]
    assert (Family.objects.count(), AuditEvent.objects.count(), Consent.objects.count()) == before


@pytest.mark.parametrize(
    ("body", "message"),
    [({"rows": []}, "at least one"), ({"rows": "x"}, "list"), ({}, "list"), ({"rows": [{}] * 1001}, "1000")],
)
def test_bulk_refuses_no_rows_or_too_many(client, authority, writer, body, message):
    _, headers = writer
    response = post(client, "/api/v1/families/bulk/", body, headers)
    assert response.status_code == 400
    assert message in response.json()["errors"]["rows"][0]


def test_bulk_honours_the_idempotency_key(client, authority, writer):
    _, headers = writer
    body = {"rows": [family_body(authority, external_id="EHM-9")]}
    first = post(client, "/api/v1/families/bulk/", body, headers, HTTP_IDEMPOTENCY_KEY="bulk-1")
    second = post(client, "/api/v1/families/bulk/", body, headers, HTTP_IDEMPOTENCY_KEY="bulk-1")
    assert first.json() == second.json() and second["Idempotent-Replayed"] == "true"
    assert first.json()["results"][0]["created"] is True


def test_bulk_batches_its_look_ups(client, authority, writer, django_assert_max_num_queries):
    """Measured on SQLite: about 95 queries for 10 new families and 375 for 50 (before the batching,
    344 and 1,704: 34 a family; before each child was checked once, 125 and 525), 138 and 658
    to send them again unchanged. What is left per new row is checking it (Django asks the
    database about the child's and the address's constraints, in a savepoint each; the
    postcode), and for a family already known its lock and what is compared. A ceiling of 8 per
    new row and 15 per unchanged one fails if a per-row look-up (centre, external_id,
    visibility, registration writes, target groups, audit) or a second check came back."""
    _, headers = writer
    fifty = {"rows": [family_body(authority, external_id=f"EHM-{i}") for i in range(50)]}
    with django_assert_max_num_queries(8 * 50 + 40):
        assert post(client, "/api/v1/families/bulk/", fifty, headers).status_code == 200
    assert Family.objects.filter(external_id__startswith="EHM-").count() == 50
    with django_assert_max_num_queries(15 * 50 + 40):
        again = post(client, "/api/v1/families/bulk/", fifty, headers)
    assert [r["created"] for r in again.json()["results"]] == [False] * 50
    assert {r["version"] for r in again.json()["results"]} == {1}  # nothing changed, nothing bumped


def test_a_new_familys_child_and_address_are_each_checked_once(client, authority, writer):
    """FamilyInput checks each new child as the model does; the registration does not repeat it."""
    _, headers = writer
    rows = [family_body(authority, external_id=f"EHM-{i}") for i in range(10)]
    with CaptureQueriesContext(connection) as queries:
        assert post(client, "/api/v1/families/bulk/", {"rows": rows}, headers).status_code == 200
    checks = [q for q in queries.captured_queries if '"_check"' in q["sql"]]  # a constraint's check
    assert len(checks) == 10 * 2  # each row's child (born or expected) and address (moved out after in)


def test_a_new_familys_child_breaking_a_constraint_is_a_row_error(client, authority, writer):
    """The registration relies on FamilyInput's check: a child with neither date is a 400 under
    the row and child, not a database error when the families are written."""
    _, headers = writer
    rows = [family_body(authority, external_id=f"EHM-{i}") for i in range(2)]
    rows[1]["children"] = [{"first_name": "Sam", "last_name": "Smith"}]
    response = post(client, "/api/v1/families/bulk/", {"rows": rows}, headers)
    assert response.status_code == 400, response.json()
    errors = response.json()["errors"]["rows"]
    assert list(errors) == ["1"] and list(errors["1"]["children"]) == ["0"]
    assert not Family.objects.filter(external_id__startswith="EHM-").exists()


def test_a_new_familys_people_sent_with_an_id_are_refused(client, authority, writer):
    """FamilyInput leaves a person with an id (a change) unchecked: a new family may have none,
    which is why its registration need not check its people again."""
    _, headers = writer
    body = family_body(authority, children=[{"id": 10**9, "first_name": "Sam", "last_name": "Smith"}])
    response = post(client, "/api/v1/families/bulk/", {"rows": [body]}, headers)
    assert response.status_code == 400, response.json()
    assert response.json()["errors"]["rows"]["0"] == {
        "non_field_errors": ["A new family's carers and children have no id yet."]
    }
    response = post(client, "/api/v1/families/", body, headers)
    assert response.status_code == 400
    assert not Family.objects.filter(external_id="EHM-1001").exists()


def test_bulk_registers_as_the_registration_screen_does(client, authority, writer):
    api_client, headers = writer
    rows = [family_body(authority, external_id=f"EHM-{i}") for i in range(3)]
    rows[2]["adults"] = []
    assert post(client, "/api/v1/families/bulk/", {"rows": rows}, headers).status_code == 200
    families = Family.objects.filter(external_id__startswith="EHM-").order_by("external_id")
    for family in families:
        assert family.addresses.get().postcode == "AB1 2DE"
        consents = family.consents.all()
        assert sorted(c.purpose for c in consents) == ["registration", "share_health"]
        assert {c.given_by for c in consents} == {family.adults.first()}  # the first carer, or nobody
        assert {c.recorded_by_client for c in consents} == {api_client}
    # Target groups derived for each (one carer: a lone parent; no carer: not).
    lone = set(
        FamilyTargetGroup.objects.filter(group=TargetGroup.LONE_PARENT).values_list("family__external_id", flat=True)
    )
    assert set(lone) == {"EHM-0", "EHM-1"}
    events = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, family_id__in=families.values("pk"))
    assert sorted(e.detail for e in events) == [
        "registered with 0 carer(s) and 1 child(ren)",
        "registered with 1 carer(s) and 1 child(ren)",
        "registered with 1 carer(s) and 1 child(ren)",
    ]
    assert all(e.api_client == api_client and e.object_id == str(e.family_id) for e in events)


def test_a_family_named_twice_in_a_batch_is_registered_then_changed(client, authority, writer):
    _, headers = writer
    rows = [family_body(authority, external_id="EHM-1"), {"external_id": "EHM-1", "temporary_accommodation": True}]
    response = post(client, "/api/v1/families/bulk/", {"rows": rows}, headers)
    assert response.status_code == 200, response.json()
    first, second = response.json()["results"]
    assert (first["created"], second["created"], first["id"]) == (True, False, second["id"])
    family = Family.objects.get(external_id="EHM-1")
    assert family.temporary_accommodation is True and second["version"] == family.version == 2


def test_a_bulk_row_naming_another_centres_family_fails_alone_and_writes_nothing(client, authority, writer):
    _, headers = writer
    Family.objects.filter(pk=authority.family_b.pk).update(external_id="EHM-B")
    rows = [family_body(authority, external_id="EHM-1"), {"external_id": "EHM-B", "temporary_accommodation": True}]
    response = post(client, "/api/v1/families/bulk/", {"rows": rows}, headers)
    assert response.status_code == 400
    assert response.json()["errors"]["rows"] == {
        "1": {"non_field_errors": ["No such record among this client's centres."]}
    }
    assert not Family.objects.filter(external_id="EHM-1").exists()
    authority.family_b.refresh_from_db()
    assert authority.family_b.temporary_accommodation is False


def test_a_bad_new_row_and_a_stale_change_are_each_named(client, authority, writer):
    _, headers = writer
    Family.objects.filter(pk=authority.family_a.pk).update(external_id="EHM-A", version=3)
    rows = [
        family_body(authority, external_id="EHM-1", consents=["share_health"]),
        {"external_id": "EHM-A", "temporary_accommodation": True, "version": 2},
        {"registered_centre": authority.centre_a.pk},
        "not a row",
    ]
    response = post(client, "/api/v1/families/bulk/", {"rows": rows}, headers)
    assert response.status_code == 400
    errors = response.json()["errors"]["rows"]
    assert set(errors) == {"0", "1", "2", "3"}
    assert "consents" in errors["0"] and "version" in errors["1"] and "external_id" in errors["2"]
    assert not Family.objects.filter(external_id="EHM-1").exists()


def test_an_overlong_external_id_in_the_path_is_a_400(client, authority, writer):
    _, headers = writer
    response = put(client, f"/api/v1/families/by-external-id/{'x' * 65}/", family_body(authority), headers)
    assert response.status_code == 400 and "external_id" in response.json()["errors"]
    assert not Family.objects.filter(registered_centre=authority.centre_a).exclude(pk=authority.family_a.pk).exists()


def test_patch_links_a_screen_registered_family_to_an_external_id_once(client, authority, writer):
    _, headers = writer
    family = authority.family_a
    url = f"/api/v1/families/{family.pk}/"
    response = patch(client, url, {"external_id": "EHM-LINK", "version": family.version}, headers)
    assert response.status_code == 200, response.json()
    family.refresh_from_db()
    assert (family.external_id, family.version) == ("EHM-LINK", 2)
    assert AuditEvent.objects.filter(family_id=family.pk, changed_fields=["external_id"]).exists()
    again = patch(client, url, {"external_id": "EHM-OTHER", "version": 2}, headers)
    assert again.status_code == 400 and "external_id" in again.json()["errors"]
    family.refresh_from_db()
    assert family.external_id == "EHM-LINK"
