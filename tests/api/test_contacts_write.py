"""contacts:write: record (POST), change (PATCH with If-Match), upsert by (system, external id),
bulk. Scopes, centre scoping, the register's rules, idempotency, concurrency and the audit."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from centres.models import AuditEvent, Scope
from services.models import Contact
from tests.api.factories import bearer, issue_token
from tests.families.factories import AdultFactory
from tests.services.factories import SessionFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"
DAY = date(2025, 5, 1)


@pytest.fixture
def writer(authority):
    token, text = issue_token(scopes=[Scope.CONTACTS_WRITE], centres=[authority.centre_a])
    return token.client, bearer(text)


def contact_body(a, **overrides):
    body = {
        "family": a.family_a.pk,
        "kind": "home_visit",
        "date": DAY.isoformat(),
        "duration_minutes": 45,
        "children": [a.child_a.pk],
        "adults": [a.family_a.adults.order_by("pk").first().pk],
        "external_id": "V-1",
    }
    body.update(overrides)
    return body


def send(client, method, url, body, headers, **extra):
    return getattr(client, method)(url, data=json.dumps(body), content_type=JSON, **headers, **extra)


def test_it_records_a_contact_with_who_took_part(client, authority, writer):
    api_client, headers = writer
    response = send(client, "post", "/api/v1/contacts/", contact_body(authority), headers)
    assert response.status_code == 201, response.json()
    contact = Contact.objects.get(pk=response.json()["id"])
    assert (contact.source_system, contact.external_id) == (api_client.system, "V-1")
    assert contact.centre == authority.centre_a and contact.worker is None
    assert list(contact.children.all()) == [authority.child_a]
    assert contact.with_adult is True
    assert response["ETag"] == '"1"'
    authority.family_a.refresh_from_db()
    assert authority.family_a.last_contact_on >= DAY
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(contact.pk))
    assert event.api_client == api_client and event.family_id == authority.family_a.pk


def test_a_child_only_contact_is_not_with_an_adult(client, authority, writer):
    _, headers = writer
    response = send(client, "post", "/api/v1/contacts/", contact_body(authority, adults=[]), headers)
    assert response.status_code == 201
    assert response.json()["with_adult"] is False


def test_it_needs_the_contacts_write_scope(client, authority):
    _, text = issue_token(scopes=[s for s in Scope.values if s != Scope.CONTACTS_WRITE], centres=[authority.centre_a])
    response = send(client, "post", "/api/v1/contacts/", contact_body(authority), bearer(text))
    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_a_family_of_another_centre_is_a_404(client, authority, writer):
    _, headers = writer
    body = contact_body(authority, family=authority.family_b.pk, children=[], adults=[])
    assert send(client, "post", "/api/v1/contacts/", body, headers).status_code == 404
    assert not Contact.objects.exists()


def test_a_centre_the_client_does_not_act_for_is_a_403(client, authority, writer):
    _, headers = writer
    body = contact_body(authority, centre=authority.centre_b.pk)
    assert send(client, "post", "/api/v1/contacts/", body, headers).status_code == 403
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda a: {"children": [a.child_b.pk]}, "children"),
        (lambda a: {"adults": [a.family_b.adults.get().pk]}, "adults"),
        (lambda a: {"date": (timezone.localdate() + timedelta(days=2)).isoformat()}, "date"),
        (lambda a: {"date": "yesterday"}, "date"),
        (lambda a: {"kind": "visit"}, "kind"),
        (lambda a: {"kind": "session"}, "session"),
        (lambda a: {"session": 1}, "session"),
        (lambda a: {"duration_minutes": -5}, "duration_minutes"),
        (lambda a: {"children": "all"}, "children"),
        (lambda a: {"family": "F0000001"}, "family"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, authority, writer, change, field):
    _, headers = writer
    response = send(client, "post", "/api/v1/contacts/", contact_body(authority, **change(authority)), headers)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Contact.objects.exists()


def test_an_attendance_is_recorded_once_per_family_and_session(client, authority, writer):
    _, headers = writer
    session = SessionFactory(service__provider_centre=authority.centre_a, centre=authority.centre_a, date=DAY)
    body = contact_body(authority, kind="session", session=session.pk)
    assert send(client, "post", "/api/v1/contacts/", body, headers).status_code == 201
    again = send(client, "post", "/api/v1/contacts/", {**body, "external_id": "V-2"}, headers)
    assert again.status_code == 400
    assert "already recorded" in again.json()["errors"]["session"][0]
    assert Contact.objects.filter(session=session).count() == 1


def test_an_attendance_at_another_centres_session_is_refused(client, authority, writer):
    _, headers = writer
    session = SessionFactory(service__provider_centre=authority.centre_b, centre=authority.centre_b, date=DAY)
    response = send(
        client, "post", "/api/v1/contacts/", contact_body(authority, kind="session", session=session.pk), headers
    )
    assert response.status_code == 400 and "session" in response.json()["errors"]


@pytest.mark.parametrize("raw", ["{oops", "[1, 2]", "42"])
def test_a_malformed_body_is_a_400(client, authority, writer, raw):
    _, headers = writer
    assert client.post("/api/v1/contacts/", data=raw, content_type=JSON, **headers).status_code == 400


def test_the_same_idempotency_key_records_one_contact(client, authority, writer):
    _, headers = writer
    body = contact_body(authority, external_id=None)
    first = send(client, "post", "/api/v1/contacts/", body, headers, HTTP_IDEMPOTENCY_KEY="c-1")
    second = send(client, "post", "/api/v1/contacts/", body, headers, HTTP_IDEMPOTENCY_KEY="c-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Contact.objects.count() == 1
    other = send(
        client, "post", "/api/v1/contacts/", {**body, "duration_minutes": 5}, headers, HTTP_IDEMPOTENCY_KEY="c-1"
    )
    assert other.status_code == 422
    assert Contact.objects.count() == 1


def test_upsert_by_external_id_twice_is_one_contact(client, authority, writer):
    _, headers = writer
    url = "/api/v1/contacts/by-external-id/V-9/"
    body = contact_body(authority)
    first = send(client, "put", url, body, headers)
    second = send(client, "put", url, body, headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert Contact.objects.filter(external_id="V-9").count() == 1
    assert second.json()["version"] == 1  # nothing changed
    third = send(client, "put", url, {**body, "duration_minutes": 60}, headers)
    assert third.status_code == 200 and third.json()["version"] == 2


def test_another_systems_external_id_is_its_own(client, authority, writer):
    _, headers = writer
    _, other = issue_token(scopes=[Scope.CONTACTS_WRITE], centres=[authority.centre_a])
    assert (
        send(client, "put", "/api/v1/contacts/by-external-id/V-1/", contact_body(authority), headers).status_code == 201
    )
    assert (
        send(client, "put", "/api/v1/contacts/by-external-id/V-1/", contact_body(authority), bearer(other)).status_code
        == 201
    )
    assert Contact.objects.filter(external_id="V-1").count() == 2


def test_patch_with_if_match_changes_and_audits(client, authority, writer):
    api_client, headers = writer
    contact_id = send(client, "post", "/api/v1/contacts/", contact_body(authority), headers).json()["id"]
    response = send(client, "patch", f"/api/v1/contacts/{contact_id}/", {"children": []}, headers, HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.json()
    contact = Contact.objects.get(pk=contact_id)
    assert contact.version == 2 and not contact.children.exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_id=str(contact_id))
    assert event.changed_fields == ["children"] and event.api_client == api_client


def test_a_stale_patch_is_a_409_and_a_missing_version_a_428(client, authority, writer):
    _, headers = writer
    contact_id = send(client, "post", "/api/v1/contacts/", contact_body(authority), headers).json()["id"]
    url = f"/api/v1/contacts/{contact_id}/"
    assert send(client, "patch", url, {"duration_minutes": 1}, headers, HTTP_IF_MATCH='"7"').status_code == 409
    assert send(client, "patch", url, {"duration_minutes": 1}, headers).status_code == 428
    contact = Contact.objects.get(pk=contact_id)
    assert (contact.duration_minutes, contact.version) == (45, 1)


def test_patch_of_another_centres_contact_is_a_404(client, authority, writer):
    _, headers = writer
    theirs = Contact.objects.create(family=authority.family_b, centre=authority.centre_b, kind="phone", date=DAY)
    response = send(client, "patch", f"/api/v1/contacts/{theirs.pk}/", {"duration_minutes": 1, "version": 1}, headers)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.duration_minutes is None


def test_patch_cannot_name_another_familys_child(client, authority, writer):
    _, headers = writer
    contact_id = send(client, "post", "/api/v1/contacts/", contact_body(authority), headers).json()["id"]
    response = send(
        client, "patch", f"/api/v1/contacts/{contact_id}/", {"children": [authority.child_b.pk], "version": 1}, headers
    )
    assert response.status_code == 400 and "children" in response.json()["errors"]


def test_bulk_writes_all_rows_or_none(client, authority, writer):
    _, headers = writer
    rows = [contact_body(authority, external_id=f"B-{i}", date=(DAY + timedelta(days=i)).isoformat()) for i in range(3)]
    bad = [*rows, contact_body(authority, external_id="B-bad", children=[authority.child_b.pk])]
    before = AuditEvent.objects.count()
    response = send(client, "post", "/api/v1/contacts/bulk/", {"rows": bad}, headers)
    assert response.status_code == 400
    assert list(response.json()["errors"]["rows"]) == ["3"]
    assert "children" in response.json()["errors"]["rows"]["3"]
    assert not Contact.objects.exists() and AuditEvent.objects.count() == before
    response = send(client, "post", "/api/v1/contacts/bulk/", {"rows": rows}, headers)
    assert response.status_code == 200
    assert [r["created"] for r in response.json()["results"]] == [True, True, True]
    again = send(client, "post", "/api/v1/contacts/bulk/", {"rows": rows}, headers)
    assert [r["created"] for r in again.json()["results"]] == [False, False, False]
    assert Contact.objects.count() == 3


def test_bulk_needs_an_external_id_per_row_and_at_most_1000(client, authority, writer):
    _, headers = writer
    response = send(
        client, "post", "/api/v1/contacts/bulk/", {"rows": [contact_body(authority, external_id=None)]}, headers
    )
    assert response.status_code == 400 and "external_id" in response.json()["errors"]["rows"]["0"]
    response = send(client, "post", "/api/v1/contacts/bulk/", {"rows": [contact_body(authority)] * 1001}, headers)
    assert response.status_code == 400 and "1000" in response.json()["errors"]["rows"][0]


def test_bulk_stale_versions_are_a_409(client, authority, writer):
    _, headers = writer
    assert (
        send(client, "put", "/api/v1/contacts/by-external-id/V-1/", contact_body(authority), headers).status_code == 201
    )
    response = send(client, "post", "/api/v1/contacts/bulk/", {"rows": [contact_body(authority, version=5)]}, headers)
    assert response.status_code == 409
    assert "version" in response.json()["errors"]["rows"]["0"]


def test_bulk_runs_the_same_few_queries_for_1_row_or_100(client, authority, writer, django_assert_max_num_queries):
    _, headers = writer
    adults = [AdultFactory(family=authority.family_a) for _ in range(2)]
    session = SessionFactory(service__provider_centre=authority.centre_a, centre=authority.centre_a, date=DAY)

    def rows(n, prefix, **overrides):
        return {
            "rows": [
                contact_body(
                    authority,
                    **{
                        "external_id": f"{prefix}-{i}",
                        "adults": [adults[i % 2].pk],
                        "date": (DAY + timedelta(days=i)).isoformat(),
                        **overrides,
                    },
                )
                for i in range(n)
            ]
        }

    # Measured: 18 queries for 1 new contact or 100 (it was 17 per contact, 1,704 for 100), and
    # 22 to change 100 of them with their links (it was 2,104). A per-row query would make 100+.
    one, many, fewer = rows(1, "one"), rows(100, "many"), rows(100, "many", adults=[], children=[])
    attendance = {"rows": [contact_body(authority, external_id="S-1", kind="session", session=session.pk)]}
    with django_assert_max_num_queries(25):
        assert send(client, "post", "/api/v1/contacts/bulk/", one, headers).status_code == 200
    with django_assert_max_num_queries(25):
        response = send(client, "post", "/api/v1/contacts/bulk/", many, headers)
    assert response.status_code == 200 and Contact.objects.count() == 101
    with django_assert_max_num_queries(30):
        changed = send(client, "post", "/api/v1/contacts/bulk/", fewer, headers)
    assert changed.status_code == 200 and {r["version"] for r in changed.json()["results"]} == {2}
    with django_assert_max_num_queries(25):
        assert send(client, "post", "/api/v1/contacts/bulk/", attendance, headers).status_code == 200


def test_bulk_changes_links_last_contact_and_audit_like_one_by_one(client, authority, writer):
    api_client, headers = writer
    family = authority.family_a
    rows = [
        contact_body(authority, external_id="L-1", date=DAY.isoformat()),
        contact_body(authority, external_id="L-2", date=(DAY + timedelta(days=3)).isoformat()),
    ]
    assert send(client, "post", "/api/v1/contacts/bulk/", {"rows": rows}, headers).status_code == 200
    family.refresh_from_db()
    assert family.last_contact_on == DAY + timedelta(days=3)
    created = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, api_client=api_client)
    assert sorted(created.values_list("family_id", flat=True)) == [family.pk, family.pk]
    rows[0] = {**rows[0], "children": [], "duration_minutes": 10, "date": (DAY - timedelta(days=9)).isoformat()}
    response = send(client, "post", "/api/v1/contacts/bulk/", {"rows": rows}, headers)
    assert [(r["created"], r["version"]) for r in response.json()["results"]] == [(False, 2), (False, 1)]
    first = Contact.objects.get(external_id="L-1")
    assert not first.children.exists() and list(first.adults.all()) == [family.adults.order_by("pk").first()]
    assert first.duration_minutes == 10
    assert list(Contact.objects.get(external_id="L-2").children.all()) == [authority.child_a]
    family.refresh_from_db()
    assert family.last_contact_on == DAY + timedelta(days=3)  # an older contact never moves it back
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE)
    assert event.object_id == str(first.pk) and event.changed_fields == ["children", "date", "duration_minutes"]


def test_bulk_rows_are_checked_against_each_other(client, authority, writer):
    _, headers = writer
    session = SessionFactory(service__provider_centre=authority.centre_a, centre=authority.centre_a, date=DAY)
    attend = {"kind": "session", "session": session.pk}
    rows = [
        contact_body(authority, external_id="D-1"),
        contact_body(authority, external_id="D-1", duration_minutes=5),
        contact_body(authority, external_id="D-2", **attend),
        contact_body(authority, external_id="D-3", **attend),
    ]
    response = send(client, "post", "/api/v1/contacts/bulk/", {"rows": rows}, headers)
    assert response.status_code == 400
    errors = response.json()["errors"]["rows"]
    assert list(errors) == ["1", "3"]
    assert "Row 0" in errors["1"]["external_id"][0]
    assert "already recorded" in errors["3"]["session"][0]
    assert not Contact.objects.exists()


def test_bulk_rows_name_only_the_clients_families_and_centres(client, authority, writer):
    _, headers = writer
    rows = [
        contact_body(authority, external_id="F-1", family=authority.family_b.pk, children=[], adults=[]),
        contact_body(authority, external_id="F-2", centre=authority.centre_b.pk),
        contact_body(authority, external_id="F-3", adults=[authority.family_b.adults.get().pk]),
        contact_body(authority, external_id="F-4"),
    ]
    response = send(client, "post", "/api/v1/contacts/bulk/", {"rows": rows}, headers)
    assert response.status_code == 400
    errors = response.json()["errors"]["rows"]
    assert list(errors) == ["0", "1", "2"]
    assert "No such record" in errors["0"]["non_field_errors"][0]
    assert "may not record" in errors["1"]["non_field_errors"][0]
    assert "adults" in errors["2"]
    assert not Contact.objects.exists()


def test_bulk_cannot_reach_a_contact_now_at_a_centre_the_client_left(client, authority, writer):
    api_client, headers = writer
    assert send(client, "post", "/api/v1/contacts/bulk/", {"rows": [contact_body(authority)]}, headers).json()
    api_client.centres.set([authority.centre_b])
    body = contact_body(authority, family=authority.family_b.pk, children=[], adults=[], duration_minutes=1)
    response = send(client, "post", "/api/v1/contacts/bulk/", {"rows": [body]}, headers)
    assert response.status_code == 400
    assert "No such record" in response.json()["errors"]["rows"]["0"]["non_field_errors"][0]
    assert Contact.objects.get(external_id="V-1").duration_minutes == 45


def test_ids_beyond_64_bits_and_overlong_external_ids_are_400s(client, authority, writer):
    _, headers = writer
    huge = contact_body(authority, family=2**64, children=[2**70])
    response = send(client, "post", "/api/v1/contacts/", huge, headers)
    assert response.status_code == 400 and {"family", "children"} <= set(response.json()["errors"])
    response = send(client, "put", f"/api/v1/contacts/by-external-id/{'x' * 65}/", contact_body(authority), headers)
    assert response.status_code == 400 and "external_id" in response.json()["errors"]
    assert not Contact.objects.exists()
