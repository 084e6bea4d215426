"""families:read endpoints: families with carers and children, their contacts and assessments,
referrals and birth notifications. Only the client's centres (404 outside), every read audited,
restricted fields never shown."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from centres.models import AuditEvent, Scope
from families.models import Address, ConsentPurpose, Family
from services.models import Contact, ContactChild
from tests.api.factories import bearer, issue_token
from tests.families.factories import AdultFactory, ChildFactory, ConsentFactory, FamilyFactory
from tests.outcomes.factories import AssessmentFactory
from tests.partnerships.factories import BirthNotificationFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(authority):
    """families:read for centre A only."""
    token, text = issue_token(scopes=[Scope.FAMILIES_READ], centres=[authority.centre_a])
    return token.client, bearer(text)


FAMILY_URLS = [
    lambda a: "/api/v1/families/",
    lambda a: f"/api/v1/families/{a.family_a.pk}/",
    lambda a: f"/api/v1/families/{a.family_a.pk}/contacts/",
    lambda a: f"/api/v1/families/{a.family_a.pk}/assessments/",
    lambda a: "/api/v1/referrals/",
    lambda a: "/api/v1/birth-notifications/",
]


@pytest.mark.parametrize("url", FAMILY_URLS)
def test_personal_endpoints_need_the_families_read_scope(client, authority, url):
    _, text = issue_token(scopes=[s for s in Scope.values if s != Scope.FAMILIES_READ], all_centres=True)
    assert client.get(url(authority), **bearer(text)).status_code == 403
    _, text = issue_token(scopes=[Scope.FAMILIES_READ], all_centres=True)
    assert client.get(url(authority), **bearer(text)).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        lambda a: f"/api/v1/families/{a.family_b.pk}/",
        lambda a: f"/api/v1/families/{a.family_b.pk}/contacts/",
        lambda a: f"/api/v1/families/{a.family_b.pk}/assessments/",
        lambda a: f"/api/v1/referrals/{ReferralFactory(family=a.family_b).pk}/",
        lambda a: f"/api/v1/birth-notifications/{BirthNotificationFactory(centre=a.centre_b).pk}/",
    ],
)
def test_a_record_outside_the_clients_centres_is_404(client, authority, reader, url):
    _, headers = reader
    response = client.get(url(authority), **headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."


def test_the_family_list_holds_only_the_clients_centres(client, authority, reader):
    _, headers = reader
    ids = [f["id"] for f in client.get("/api/v1/families/", **headers).json()["results"]]
    assert ids == [authority.family_a.pk]
    _, everywhere = issue_token(scopes=[Scope.FAMILIES_READ], all_centres=True)
    ids = {f["id"] for f in client.get("/api/v1/families/", **bearer(everywhere)).json()["results"]}
    assert ids == {authority.family_a.pk, authority.family_b.pk}


def test_merged_and_anonymised_families_are_left_out(client, authority, reader):
    _, headers = reader
    FamilyFactory(registered_centre=authority.centre_a, anonymised_at=timezone.now())
    FamilyFactory(registered_centre=authority.centre_a, merged_into=authority.family_a)
    ids = [f["id"] for f in client.get("/api/v1/families/", **headers).json()["results"]]
    assert ids == [authority.family_a.pk]


def test_a_family_comes_with_address_carers_and_children_without_restricted_fields(client, authority, reader):
    _, headers = reader
    family = authority.family_a
    Address.objects.create(family=family, line_1="1 High Street", postcode="ZX1 0AB", moved_in=date(2025, 1, 1))
    authority.child_a.child_protection_plan = True
    authority.child_a.save()
    response = client.get(f"/api/v1/families/{family.pk}/", **headers)
    body = response.json()
    assert response["ETag"] == f'"{family.version}"'
    assert body["reference"] == family.reference
    assert body["address"]["postcode"] == "ZX1 0AB"
    assert [c["first_name"] for c in body["children"]] == ["Ava"]
    assert len(body["adults"]) == 1
    child = body["children"][0]
    for field in ("child_in_need", "child_protection_plan", "looked_after"):
        assert field not in child


def test_each_family_read_is_audited_as_a_view_by_the_client(client, authority, reader):
    api_client, headers = reader
    client.get("/api/v1/families/", **headers)
    client.get(f"/api/v1/families/{authority.family_a.pk}/", **headers)
    client.get(f"/api/v1/families/{authority.family_a.pk}/contacts/", **headers)
    events = list(AuditEvent.objects.order_by("id"))
    assert [(e.action, e.family_id, e.user_id, e.api_client_id) for e in events] == [
        (AuditEvent.Action.VIEW, authority.family_a.pk, None, api_client.pk)
    ] * 3
    assert {e.object_type.model for e in events} == {"family"}


def test_a_refused_read_is_not_audited(client, authority, reader):
    _, headers = reader
    client.get(f"/api/v1/families/{authority.family_b.pk}/", **headers)
    assert not AuditEvent.objects.exists()


def test_the_family_list_filters_by_update_time_centre_and_external_id(client, authority):
    _, text = issue_token(scopes=[Scope.FAMILIES_READ], all_centres=True)
    headers = bearer(text)
    Family.objects.filter(pk=authority.family_a.pk).update(
        external_id="EHM-1", updated_at=timezone.now() - timedelta(days=3)
    )
    since = (timezone.now() - timedelta(days=1)).isoformat()
    rows = client.get("/api/v1/families/", {"updated_since": since}, **headers).json()["results"]
    assert [r["id"] for r in rows] == [authority.family_b.pk]
    rows = client.get(f"/api/v1/families/?centre={authority.centre_a.pk}", **headers).json()["results"]
    assert [r["id"] for r in rows] == [authority.family_a.pk]
    rows = client.get("/api/v1/families/?external_id=EHM-1", **headers).json()["results"]
    assert [r["id"] for r in rows] == [authority.family_a.pk]
    assert client.get("/api/v1/families/?updated_since=yesterday", **headers).status_code == 400


def test_the_family_list_is_a_fixed_number_of_queries(client, authority, reader, django_assert_max_num_queries):
    _, headers = reader
    for _ in range(10):
        family = FamilyFactory(registered_centre=authority.centre_a)
        AdultFactory(family=family)
        ChildFactory(family=family)
        ChildFactory(family=family)
        Address.objects.create(family=family, line_1="1 Road", postcode="ZX1 0AB", moved_in=date(2025, 1, 1))
        ConsentFactory(family=family)
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/families/", **headers).json()
    assert len(body["results"]) == 11
    assert AuditEvent.objects.count() == 11


def test_a_family_shows_its_current_consent_answers_only(client, authority, reader):
    _, headers = reader
    family = authority.family_a
    ConsentFactory(family=family, purpose=ConsentPurpose.REGISTRATION, recorded_on=date(2025, 1, 1))
    ConsentFactory(family=family, purpose=ConsentPurpose.PHOTOGRAPHS, agreed=False, recorded_on=date(2025, 1, 1))
    ConsentFactory(family=family, purpose=ConsentPurpose.SHARE_HEALTH, withdrawn_on=date(2025, 6, 1))
    body = client.get(f"/api/v1/families/{family.pk}/", **headers).json()
    assert body["consents"] == [
        {"purpose": "photographs", "agreed": False, "recorded_on": "2025-01-01"},
        {"purpose": "registration", "agreed": True, "recorded_on": "2025-01-01"},
    ]


def test_a_familys_contacts_leave_out_the_notes(client, authority, reader, django_assert_max_num_queries):
    _, headers = reader
    for n in range(5):
        contact = Contact.objects.create(
            family=authority.family_a, centre=authority.centre_a, kind="home_visit", notes=f"secret {n}"
        )
        ContactChild.objects.create(contact=contact, child=authority.child_a)
    with django_assert_max_num_queries(12):
        response = client.get(f"/api/v1/families/{authority.family_a.pk}/contacts/", **headers)
    rows = response.json()["results"]
    assert len(rows) == 5
    assert "secret" not in response.content.decode()
    assert rows[0]["children"] == [authority.child_a.pk]
    assert "notes" not in rows[0]


def test_a_familys_assessments_carry_their_scores(client, authority, reader):
    _, headers = reader
    adult = authority.family_a.adults.get()
    assessment = AssessmentFactory(adult=adult)
    AssessmentFactory(adult=authority.family_b.adults.get())
    rows = client.get(f"/api/v1/families/{authority.family_a.pk}/assessments/", **headers).json()["results"]
    assert [r["id"] for r in rows] == [assessment.pk]
    assert rows[0]["instrument"] == "WEMWBS"
    assert rows[0]["total_score"] == "40.00"


def test_referrals_of_the_clients_centres_without_restricted_fields(client, authority, reader):
    api_client, headers = reader
    mine = ReferralFactory(family=authority.family_a, notes="private", subject_name="Someone")
    ReferralFactory(family=authority.family_b)
    response = client.get("/api/v1/referrals/", **headers)
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    for field in ("notes", "subject_name", "subject_date_of_birth", "subject_postcode"):
        assert field not in rows[0]
    assert "private" not in response.content.decode()
    event = AuditEvent.objects.get()
    assert (event.object_id, event.family_id, event.api_client_id) == (
        str(mine.pk),
        authority.family_a.pk,
        api_client.pk,
    )


def test_birth_notifications_of_the_clients_areas_without_the_mothers_name(client, authority, reader):
    _, headers = reader
    mine = BirthNotificationFactory(centre=authority.centre_a, nhs_number="9434765919")
    BirthNotificationFactory(centre=authority.centre_b)
    BirthNotificationFactory(centre=None)
    response = client.get("/api/v1/birth-notifications/", **headers)
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert "mother_name" not in rows[0] and "nhs_number" not in rows[0]
    assert "Amina" not in response.content.decode()
    unmatched = client.get("/api/v1/birth-notifications/?matched=false", **headers).json()["results"]
    assert [r["id"] for r in unmatched] == [mine.pk]
    assert client.get("/api/v1/birth-notifications/?matched=true", **headers).json()["results"] == []
