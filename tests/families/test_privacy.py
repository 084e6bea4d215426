"""Subject access export, retention and anonymisation."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from centres.audit import audit_record
from centres.models import AuditEvent
from families.choices import Ethnicity
from families.models import Address, Adult, Child, Family, FamilyTargetGroup, TargetGroup
from families.search import family_search
from families.selectors import family_view
from families.services import privacy
from families.services.privacy import (
    families_due_for_anonymisation,
    family_anonymise,
    retention_cutoff,
    subject_access_export,
)
from families.tasks import anonymise_expired_families
from tests.centres.factories import LSOAFactory
from tests.families.factories import AddressFactory, AdultFactory, ChildFactory, ConsentFactory, FamilyFactory


@pytest.fixture
def household(authority):
    """Family A with two addresses, a consent given then withdrawn and given again, target
    groups (one of them restricted) and a child on a protection plan."""
    family = authority.family_a
    lsoa = LSOAFactory()
    AddressFactory(
        family=family, line_1="1 Old Road", postcode="ZX9 9ZZ", moved_in=date(2020, 1, 1), moved_out=date(2024, 12, 31)
    )
    AddressFactory(family=family, line_1="2 New Road", postcode="ZX1 0AB", lsoa=lsoa, moved_in=date(2025, 1, 1))
    adult = family.adults.get()
    adult.phone, adult.email, adult.date_of_birth = "07700 900123", "sara@example.org", date(1990, 3, 4)
    adult.save()
    child = authority.child_a
    child.nhs_number, child.child_protection_plan, child.ethnicity = "9434765919", True, Ethnicity.ASIAN_INDIAN
    child.save()
    ConsentFactory(
        family=family, recorded_by=authority.manager, recorded_on=date(2025, 1, 1), withdrawn_on=date(2025, 6, 1)
    )
    ConsentFactory(family=family, recorded_by=authority.manager, recorded_on=date(2025, 7, 1), given_by=adult)
    FamilyTargetGroup.objects.create(
        family=family, group=TargetGroup.EAL, source="recorded", started_on=date(2025, 1, 1)
    )
    FamilyTargetGroup.objects.create(
        family=family, group=TargetGroup.SAFEGUARDING, source="derived", started_on=date(2025, 2, 1)
    )
    family.external_id = "EXT-1"
    family.save()
    return family


# --- Subject access export -------------------------------------------------------------------


def test_the_export_holds_every_section_of_the_record(authority, household):
    export = subject_access_export(user=authority.worker_restricted, family=household)
    assert export["household"]["reference"] == household.reference
    assert export["household"]["registered_centre"] == "Ashby Road"
    assert [a["line_1"] for a in export["addresses"]] == ["1 Old Road", "2 New Road"]
    assert export["addresses"][0]["moved_out"] == "2024-12-31"
    assert export["addresses"][1]["lsoa"] == Address.objects.get(line_1="2 New Road").lsoa.code
    assert export["adults"][0]["email"] == "sara@example.org"
    assert export["adults"][0]["date_of_birth"] == "1990-03-04"
    assert export["children"][0]["nhs_number"] == "9434765919"
    assert export["children"][0]["ethnicity_label"] == Ethnicity.ASIAN_INDIAN.label
    assert [(c["recorded_on"], c["withdrawn_on"]) for c in export["consents"]] == [
        ("2025-01-01", "2025-06-01"),
        ("2025-07-01", None),
    ]
    assert export["consents"][0]["recorded_by"] == "manager"
    assert {(g["group"], g["started_on"]) for g in export["target_groups"]} == {
        ("eal", "2025-01-01"),
        ("safeguarding", "2025-02-01"),
    }
    assert export["other_records"] == {}


def test_the_export_can_be_written_as_json_without_help(authority, household):
    json.dumps(subject_access_export(user=authority.worker, family=household))


def test_the_export_lists_who_viewed_and_changed_the_record(authority, household):
    family_view(user=authority.worker, pk=household.pk)
    audit_record(
        user=authority.manager,
        action=AuditEvent.Action.UPDATE,
        obj=authority.child_a,
        family_id=household.pk,
        changed_fields=["first_name"],
    )
    trail = subject_access_export(user=authority.manager, family=household)["audit_trail"]
    assert [(e["user"], e["action"], e["fields"]) for e in trail] == [
        ("worker", "view", []),
        ("manager", "update", ["first_name"]),
    ]
    assert trail[1]["record"] == f"child {authority.child_a.pk}"


def test_a_worker_without_the_grant_gets_the_export_without_restricted_fields_and_is_told(authority, household):
    export = subject_access_export(user=authority.worker, family=household)
    child = export["children"][0]
    for name in Child.RESTRICTED_FIELDS:
        assert name not in child
    assert [g["group"] for g in export["target_groups"]] == ["eal"]
    assert export["export"]["restricted_fields_included"] is False
    assert "families.child.child_protection_plan" in export["export"]["withheld"]
    assert any("safeguarding" in item for item in export["export"]["withheld"])
    assert "withheld" in export["export"]["note"]


def test_a_worker_with_the_grant_gets_the_restricted_fields(authority, household):
    export = subject_access_export(user=authority.worker_restricted, family=household)
    assert export["children"][0]["child_protection_plan"] is True
    assert export["export"]["withheld"] == []


def test_the_export_is_recorded_in_the_audit_trail(authority, household):
    subject_access_export(user=authority.worker, family=household)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.user, event.family_id, event.object_id) == (authority.worker, household.pk, str(household.pk))


def test_records_of_models_it_does_not_know_go_under_other_records(authority, household, monkeypatch):
    # Pretend children and target groups came from a later issue: the export still finds them,
    # and still withholds what the model marks restricted.
    uncovered = privacy.COVERED_RELATIONS - {"families.child.family", "families.familytargetgroup.family"}
    monkeypatch.setattr(privacy, "COVERED_RELATIONS", uncovered)
    export = subject_access_export(user=authority.worker, family=household)
    other = export["other_records"]
    assert [row["id"] for row in other["families.child.family"]] == [authority.child_a.pk]
    assert "child_protection_plan" not in other["families.child.family"][0]
    assert len(other["families.familytargetgroup.family"]) == 2


def _home_visit(family, worker, **links):
    from services.models import Contact

    contact = Contact.objects.create(
        family=family,
        centre=family.registered_centre,
        kind="home_visit",
        worker=worker,
        date=date(2026, 2, 1),
        notes="Worried about the stairs",
    )
    contact.children.set(links.get("children", []))
    contact.adults.set(links.get("adults", []))
    return contact


def test_contacts_are_exported_with_their_notes_only_for_staff_with_the_grant(authority, household):
    contact = _home_visit(household, authority.worker, children=[authority.child_a], adults=[household.adults.get()])
    other = subject_access_export(user=authority.worker, family=household)["other_records"]
    assert [row["id"] for row in other["services.contact.family"]] == [contact.pk]
    assert "notes" not in other["services.contact.family"][0]
    assert len(other["services.contactchild.child"]) == len(other["services.contactadult.adult"]) == 1
    export = subject_access_export(user=authority.worker_restricted, family=household)
    assert export["other_records"]["services.contact.family"][0]["notes"] == "Worried about the stairs"


def test_the_export_says_contact_notes_were_withheld(authority, household):
    _home_visit(household, authority.worker)
    assert (
        "services.contact.notes" in subject_access_export(user=authority.worker, family=household)["export"]["withheld"]
    )


def test_the_json_download_is_an_attachment_that_is_not_cached(client, authority, household):
    client.force_login(authority.worker)
    response = client.get(reverse("families:export_json", kwargs={"pk": household.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{household.reference}-subject-access.json"'
    assert "no-store" in response["Cache-Control"]
    assert json.loads(response.content)["household"]["reference"] == household.reference
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, family_id=household.pk).count() == 1


def test_the_printable_export_shows_the_record_without_inline_styles_or_scripts(client, authority, household):
    family_view(user=authority.manager, pk=household.pk)
    client.force_login(authority.worker)
    response = client.get(reverse("families:export", kwargs={"pk": household.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 New Road" in page
    assert "sara@example.org" in page
    assert "Withheld" in page
    assert "style=" not in page
    assert "<script>" not in page
    assert "no-store" in response["Cache-Control"]


def test_the_printable_export_titles_records_of_other_models(client, authority, household):
    _home_visit(household, authority.worker)
    client.force_login(authority.worker_restricted)
    page = client.get(reverse("families:export", kwargs={"pk": household.pk})).content.decode()
    assert "Contacts (linked to a family)" in page
    assert "Worried about the stairs" in page


def test_another_centres_family_cannot_be_exported(client, authority):
    client.force_login(authority.worker_restricted)
    assert client.get(reverse("families:export_json", kwargs={"pk": authority.family_b.pk})).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


# --- Anonymisation ---------------------------------------------------------------------------


def test_anonymising_removes_what_identifies_people(authority, household):
    assert family_anonymise(family=household) is True
    adult = household.adults.get()
    child = Child.objects.get(pk=authority.child_a.pk)
    assert (adult.first_name, adult.last_name, adult.phone, adult.email) == ("", "Anonymised", "", "")
    assert (child.first_name, child.last_name, child.nhs_number) == ("", "Anonymised", "")
    for address in household.addresses.all():
        assert (address.line_1, address.line_2, address.town, address.postcode) == ("", "", "", "")
    household.refresh_from_db()
    assert household.external_id is None
    assert household.anonymised_at is not None


def _counted_facts(family):
    fields = ("date_of_birth", "expected_date", "sex", "ethnicity", "child_protection_plan", "send")
    return list(Child.objects.filter(family=family).order_by("pk").values_list(*fields))


def test_anonymising_keeps_what_the_indicators_count(authority, household):
    lsoas = list(household.addresses.order_by("moved_in").values_list("lsoa_id", "moved_in", "moved_out"))
    ChildFactory(family=household, date_of_birth=None, expected_date=date(2026, 9, 1))
    children_before = _counted_facts(household)
    family_anonymise(family=household)
    assert list(household.addresses.order_by("moved_in").values_list("lsoa_id", "moved_in", "moved_out")) == lsoas
    assert _counted_facts(household) == children_before
    assert household.adults.get().date_of_birth == date(1990, 3, 4)
    assert household.consents.count() == 2
    assert household.target_groups.count() == 2
    assert Family.objects.filter(pk=household.pk).exists()


def test_anonymising_is_audited_as_the_system_when_no_one_asked(authority, household):
    family_anonymise(family=household)
    event = AuditEvent.objects.get(action=AuditEvent.Action.ANONYMISE)
    assert event.user is None
    assert event.family_id == household.pk
    assert "families.child.nhs_number" in event.changed_fields
    family_anonymise(family=authority.family_b, user=authority.manager)
    assert (
        AuditEvent.objects.get(action=AuditEvent.Action.ANONYMISE, family_id=authority.family_b.pk).user
        == authority.manager
    )


def test_anonymising_twice_changes_nothing_the_second_time(authority, household):
    assert family_anonymise(family=household, on=date(2032, 2, 1)) is True
    household.refresh_from_db()
    first = (household.anonymised_at, household.version)
    assert family_anonymise(family=household, on=date(2033, 2, 1)) is False
    household.refresh_from_db()
    assert (household.anonymised_at, household.version) == first
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ANONYMISE).count() == 1


def test_anonymising_blanks_the_fields_a_later_model_asks_for(authority, household, monkeypatch):
    monkeypatch.setattr(Address, "ANONYMISED_VALUES", {"town": "Withheld"}, raising=False)
    family_anonymise(family=household)
    assert set(household.addresses.values_list("town", flat=True)) == {"Withheld"}


def test_anonymising_blanks_contact_notes_but_keeps_the_contacts(authority, household):
    contact = _home_visit(household, authority.worker, children=[authority.child_a])
    family_anonymise(family=household)
    contact.refresh_from_db()
    assert contact.notes == ""
    assert list(contact.children.all()) == [authority.child_a]
    assert contact.date == date(2026, 2, 1)


def test_anonymised_families_drop_out_of_search(authority, household):
    family_anonymise(family=household)
    assert not family_search(user=authority.worker, query="").filter(pk=household.pk).exists()


# --- Retention -------------------------------------------------------------------------------


def test_the_retention_period_is_six_years_by_default():
    assert settings.FAMILY_RETENTION_YEARS == 6
    assert retention_cutoff(on=date(2032, 1, 15)) == date(2026, 1, 15)
    assert retention_cutoff(on=date(2032, 2, 29)) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("on", "due"),
    [(date(2032, 1, 15), False), (date(2032, 1, 16), True)],
    ids=["exactly-six-years-kept", "a-day-later-due"],
)
def test_a_family_is_due_the_day_after_its_retention_period_ends(authority, on, due):
    # Both families were registered on 15 January 2026 and never had a recorded contact.
    assert (authority.family_a in families_due_for_anonymisation(on=on)) is due


def test_retention_counts_from_the_last_contact_when_there_was_one(authority):
    Family.objects.filter(pk=authority.family_a.pk).update(last_contact_on=date(2028, 5, 1))
    due = families_due_for_anonymisation(on=date(2033, 1, 1))
    assert authority.family_a not in due
    assert authority.family_b in due
    assert authority.family_a in families_due_for_anonymisation(on=date(2034, 5, 2))


def test_merged_and_already_anonymised_families_are_not_due(authority):
    Family.objects.filter(pk=authority.family_a.pk).update(anonymised_at=timezone.now())
    Family.objects.filter(pk=authority.family_b.pk).update(merged_into=authority.family_a)
    assert not families_due_for_anonymisation(on=date(2040, 1, 1)).exists()


def test_the_retention_period_is_a_setting(authority, settings):
    settings.FAMILY_RETENTION_YEARS = 2
    assert authority.family_a in families_due_for_anonymisation(on=date(2028, 1, 16))


def test_the_daily_task_anonymises_only_families_past_retention_and_can_run_again(authority):
    kept = FamilyFactory(registered_centre=authority.centre_a, registration_date=date(2027, 1, 1))
    AdultFactory(family=kept, first_name="Kept", last_name="Person")
    with time_machine.travel(datetime(2032, 6, 1, 2, 30, tzinfo=UTC), tick=False):
        assert anonymise_expired_families() == 2
        assert anonymise_expired_families() == 0
    assert set(Family.objects.filter(anonymised_at__isnull=False)) == {authority.family_a, authority.family_b}
    assert Adult.objects.get(family=kept).first_name == "Kept"
    assert not Adult.objects.filter(family=authority.family_a).exclude(last_name="Anonymised").exists()


def test_the_task_is_scheduled_daily():
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["anonymise-expired-families"]
    assert entry["task"] == "families.tasks.anonymise_expired_families"
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {2}  # nightly, out of centre hours
