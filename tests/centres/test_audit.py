"""The audit trail: views and changes of a family's record are recorded, and never rewritten."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from centres.models import AuditEvent
from tests.families.factories import child_form_data


def test_opening_a_family_record_is_audited(client, authority):
    client.force_login(authority.worker)
    response = client.get(reverse("families:detail", args=[authority.family_a.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.family_id) == (authority.worker, "view", authority.family_a.pk)
    assert event.object_type.model == "family"
    assert event.object_id == str(authority.family_a.pk)
    assert event.ip_address == "127.0.0.1"


def test_a_refused_view_is_not_recorded_as_a_view(client, authority):
    client.force_login(authority.worker)
    assert client.get(reverse("families:detail", args=[authority.family_b.pk])).status_code == 404
    assert not AuditEvent.objects.exists()


def test_changing_a_child_records_the_changed_fields_only(client, authority):
    client.force_login(authority.worker)
    child = authority.child_a
    response = client.post(
        reverse("families:child_edit", args=[authority.family_a.pk, child.pk]),
        child_form_data(child, first_name="Aveline"),
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.first_name == "Aveline"
    event = AuditEvent.objects.get(action="update")
    assert event.changed_fields == ["first_name"]
    assert (event.user, event.family_id, event.object_type.model) == (authority.worker, authority.family_a.pk, "child")


def test_saving_without_changes_records_nothing(client, authority):
    client.force_login(authority.worker)
    child = authority.child_a
    client.post(
        reverse("families:child_edit", args=[authority.family_a.pk, child.pk]),
        child_form_data(child),
    )
    assert not AuditEvent.objects.filter(action="update").exists()


def test_bad_input_shows_field_errors_keeps_the_typed_values_and_changes_nothing(client, authority):
    client.force_login(authority.worker)
    child = authority.child_a
    response = client.post(
        reverse("families:child_edit", args=[authority.family_a.pk, child.pk]),
        child_form_data(child, first_name="Typed name", last_name="", date_of_birth="1/1/2099"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Date of birth must be today or in the past" in page
    assert 'value="Typed name"' in page
    child.refresh_from_db()
    assert child.first_name == "Ava"
    assert child.date_of_birth == date(2024, 6, 1)
    assert not AuditEvent.objects.filter(action="update").exists()


def test_an_audit_event_cannot_be_changed_or_deleted(client, authority):
    client.force_login(authority.worker)
    client.get(reverse("families:detail", args=[authority.family_a.pk]))
    event = AuditEvent.objects.get()
    event.detail = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(detail="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().detail == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_the_database_refuses_to_rewrite_the_trail(client, authority):
    client.force_login(authority.worker)
    client.get(reverse("families:detail", args=[authority.family_a.pk]))
    for sql in ("UPDATE centres_auditevent SET detail = 'x'", "DELETE FROM centres_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.count() == 1


def test_staff_in_the_trail_cannot_be_deleted_only_deactivated(client, authority):
    from django.db.models import ProtectedError

    client.force_login(authority.worker)
    client.get(reverse("families:detail", args=[authority.family_a.pk]))
    with pytest.raises(ProtectedError):
        authority.worker.delete()


def test_an_administrator_can_search_the_trail(client, authority):
    client.force_login(authority.worker)
    client.get(reverse("families:detail", args=[authority.family_a.pk]))
    client.force_login(authority.manager)
    client.get(reverse("families:detail", args=[authority.family_a.pk]))
    client.force_login(authority.admin)
    response = client.get(reverse("centres:audit"), {"user": authority.manager.pk, "action": "view"})
    assert response.status_code == 200
    assert [e.user for e in response.context["page_obj"]] == [authority.manager]
    response = client.get(reverse("centres:audit"), {"family_id": authority.family_b.pk})
    assert list(response.context["page_obj"]) == []


def test_a_bad_audit_search_is_a_form_error_not_a_crash(client, authority):
    client.force_login(authority.admin)
    response = client.get(reverse("centres:audit"), {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 200
    assert "The end date must be the same as or after the start date" in response.content.decode()
    response = client.get(reverse("centres:audit"), {"family_id": "not-a-number", "user": "99999"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"family_id", "user"}


def test_the_audit_trail_has_no_edit_screens(client, authority):
    client.force_login(authority.worker)
    client.get(reverse("families:detail", args=[authority.family_a.pk]))
    event = AuditEvent.objects.get()
    client.force_login(authority.admin)
    assert client.get(reverse("admin:centres_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:centres_auditevent_add")).status_code == 403
    response = client.post(reverse("admin:centres_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.count() == 1


def test_list_screens_use_a_bounded_number_of_queries(client, authority, django_assert_max_num_queries):
    from tests.families.factories import AdultFactory, ChildFactory, FamilyFactory

    for _ in range(15):
        family = FamilyFactory(registered_centre=authority.centre_a)
        AdultFactory.create_batch(2, family=family)
        ChildFactory.create_batch(2, family=family)
    client.force_login(authority.manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("families:list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("centres:detail", args=[authority.centre_a.pk])).status_code == 200
    client.force_login(authority.admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("centres:audit")).status_code == 200
