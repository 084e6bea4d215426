"""Merging two records of one family: audited, all or nothing, and losing nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from centres.audit import audit_record
from centres.models import AuditEvent
from centres.roles import Role
from families.choices import Relationship, Sex
from families.models import (
    Address,
    Adult,
    Case,
    Child,
    Consent,
    ConsentPurpose,
    Family,
    FamilyTargetGroup,
    PlanGoal,
    PlanReview,
    TargetGroup,
)
from families.services import merge as merge_service
from families.services.merge import family_merge, family_relations, family_successor_id
from families.target_groups import target_groups_refresh
from outcomes.models import AdultProgress, Assessment, AssessmentScore, HealthRecord
from partnerships.models import EarlyHelpAssessment, Referral, TAFMeeting
from services.models import Booking, Contact, DropInVisit
from tests.centres.factories import UserFactory
from tests.families.factories import AddressFactory, AdultFactory, ChildFactory, ConsentFactory, FamilyFactory

MOVED_MODELS = (
    Adult,
    Child,
    Address,
    Consent,
    FamilyTargetGroup,
    Contact,
    Booking,
    DropInVisit,
    Case,
    PlanGoal,
    PlanReview,
    Assessment,
    AssessmentScore,
    HealthRecord,
    AdultProgress,
    Referral,
    EarlyHelpAssessment,
    TAFMeeting,
)


def rows_of(*families):
    fields = {r.model: r.field_name for r in family_relations()}
    return {
        model.__name__: model.objects.filter(**{f"{fields[model]}__in": families}).count() for model in MOVED_MODELS
    }


def table_sizes():
    return {model.__name__: model.objects.count() for model in (*MOVED_MODELS, Family)}


def merge_events(family):
    return AuditEvent.objects.filter(action=AuditEvent.Action.MERGE, family_id=family.pk)


@pytest.fixture
def pair(authority):
    """Two records of one household at centre A, each with a full history that could clash."""
    keep, remove = authority.family_a, FamilyFactory(registered_centre=authority.centre_a)
    Family.objects.filter(pk=remove.pk).update(
        registration_date=date(2025, 9, 1), external_id="EXT-9", key_worker=authority.worker
    )
    remove.refresh_from_db()
    AdultFactory(family=remove, first_name="Dan", relationship=Relationship.FATHER, sex=Sex.MALE)
    AdultFactory(family=remove, first_name="Nan", relationship=Relationship.GRANDPARENT)
    ChildFactory(family=remove, first_name="Cy")
    ChildFactory(family=remove, first_name="Di", nhs_number="9434765919")
    ChildFactory(
        family=remove, first_name="Ed", date_of_birth=None, expected_date=timezone.localdate() + timedelta(days=60)
    )
    for family, moved_in in ((keep, date(2025, 1, 1)), (remove, date(2025, 3, 1))):
        AddressFactory(family=family, moved_in=date(2022, 1, 1), moved_out=moved_in)
        AddressFactory(family=family, moved_in=moved_in)  # current
        ConsentFactory(family=family, purpose=ConsentPurpose.SHARE_HEALTH, recorded_by=authority.worker)
        FamilyTargetGroup.objects.create(
            family=family,
            group=TargetGroup.EAL,
            source=FamilyTargetGroup.Source.RECORDED,
            started_on=date(2025, 6, 1),
            recorded_by=authority.worker,
        )
        audit_record(user=authority.worker, action=AuditEvent.Action.VIEW, obj=family, family_id=family.pk)
    ConsentFactory(family=remove, purpose=ConsentPurpose.PHOTOGRAPHS, recorded_by=authority.worker)
    ConsentFactory(
        family=remove,
        purpose=ConsentPurpose.CONTACT,
        recorded_by=authority.worker,
        withdrawn_on=date(2026, 1, 20),
        withdrawn_by=authority.worker,
    )
    target_groups_refresh(family_ids=[keep.pk, remove.pk])
    return keep, remove


def test_a_merge_moves_every_record_onto_the_family_that_stays_and_loses_nothing(authority, pair):
    keep, remove = pair
    before_rows, before_tables = rows_of(keep, remove), table_sizes()
    removed_rows = rows_of(remove)
    keeps_health_consent = Consent.objects.get(family=keep, purpose=ConsentPurpose.SHARE_HEALTH)
    old_events = set(AuditEvent.objects.filter(family_id__in=[keep.pk, remove.pk]).values_list("pk", "family_id"))

    report = family_merge(user=authority.manager, keep=keep, remove=remove)

    # Nothing deleted anywhere, and every row of both families is now the stayer's.
    assert table_sizes() == before_tables
    assert rows_of(keep) == before_rows
    assert rows_of(remove) == dict.fromkeys(before_rows, 0)
    assert report.moved["adults"] == removed_rows["Adult"] == 2
    assert report.moved["children"] == removed_rows["Child"] == 3
    assert report.moved["addresses"] == removed_rows["Address"] == 2
    assert report.moved["consents"] == removed_rows["Consent"] == 3

    today = timezone.localdate()
    # One current address: the stayer's; the other became history, with today as its end.
    [current] = Address.objects.filter(family=keep, moved_out__isnull=True)
    assert current.moved_in == date(2025, 1, 1)
    assert Address.objects.filter(family=keep, moved_in=date(2025, 3, 1), moved_out=today).exists()
    # One current consent per purpose; the clashing one was withdrawn by the manager, not deleted.
    current_consents = Consent.objects.filter(family=keep, withdrawn_on__isnull=True)
    assert sorted(current_consents.values_list("purpose", flat=True)) == [
        ConsentPurpose.PHOTOGRAPHS,
        ConsentPurpose.SHARE_HEALTH,
    ]
    assert current_consents.get(purpose=ConsentPurpose.SHARE_HEALTH).pk == keeps_health_consent.pk
    withdrawn = Consent.objects.get(family=keep, purpose=ConsentPurpose.SHARE_HEALTH, withdrawn_on=today)
    assert withdrawn.withdrawn_by == authority.manager
    assert report.closed == {"addresses": 1, "consents": 1, "family target groups": 1}
    # One open membership per group and source; the clashing recorded one ended.
    open_rows = list(
        FamilyTargetGroup.objects.filter(family=keep, ended_on__isnull=True).values_list("group", "source")
    )
    assert len(open_rows) == len(set(open_rows))
    assert FamilyTargetGroup.objects.filter(family=keep, group=TargetGroup.EAL, ended_on=today).count() == 1
    # Derived groups were worked out again from the joined household (now with a father, and expecting).
    assert (TargetGroup.FATHERS, FamilyTargetGroup.Source.DERIVED) in open_rows
    assert (TargetGroup.EXPECTANT, FamilyTargetGroup.Source.DERIVED) in open_rows

    keep.refresh_from_db()
    remove.refresh_from_db()
    assert remove.merged_into == keep
    assert not remove.is_active
    assert remove not in Family.objects.active()
    assert (keep.version, remove.version) == (2, 2)
    assert keep.registration_date == date(2025, 9, 1)
    assert keep.key_worker == authority.worker
    assert (keep.external_id, remove.external_id) == ("EXT-9", None)

    # The trail: what was there stays, and one MERGE event on each family, ids only.
    assert old_events <= set(AuditEvent.objects.values_list("pk", "family_id"))
    [on_keep], [on_remove] = merge_events(keep), merge_events(remove)
    assert on_keep.user == on_remove.user == authority.manager
    assert on_keep.detail == on_remove.detail
    assert on_keep.detail.startswith(f"merged {remove.reference} into {keep.reference}; moved ")
    assert {"2 adults", "3 children", "2 addresses", "3 consents"} <= set(
        on_keep.detail.split("; moved ")[1].split(", ")
    )
    assert "Dan" not in on_keep.detail
    assert (on_keep.object_id, on_remove.object_id) == (str(keep.pk), str(remove.pk))
    assert on_remove.changed_fields == ["external_id", "merged_into", "version"]


def test_when_the_stayer_has_no_address_the_other_current_address_stays_current(authority):
    keep, remove = authority.family_a, FamilyFactory(registered_centre=authority.centre_a)
    address = AddressFactory(family=remove)
    report = family_merge(user=authority.manager, keep=keep, remove=remove)
    address.refresh_from_db()
    assert (address.family, address.moved_out) == (keep, None)
    assert "addresses" not in report.closed  # nothing had to be closed


def test_an_address_moved_into_in_the_future_is_closed_on_its_moved_in_date(authority):
    keep, remove = authority.family_a, FamilyFactory(registered_centre=authority.centre_a)
    AddressFactory(family=keep)
    later = AddressFactory(family=remove, moved_in=date(2099, 1, 1))
    family_merge(user=authority.manager, keep=keep, remove=remove)
    later.refresh_from_db()
    assert later.moved_out == date(2099, 1, 1)


def test_earlier_merges_into_the_removed_family_now_lead_to_the_stayer(authority):
    keep, remove = authority.family_a, FamilyFactory(registered_centre=authority.centre_a)
    older = FamilyFactory(registered_centre=authority.centre_a)
    family_merge(user=authority.manager, keep=remove, remove=older)
    remove.refresh_from_db()
    family_merge(user=authority.manager, keep=keep, remove=remove)
    older.refresh_from_db()
    assert older.merged_into == keep
    assert family_successor_id(user=authority.worker, pk=older.pk) == keep.pk
    assert family_successor_id(user=authority.worker, pk=keep.pk) is None


def assert_nothing_changed(families, before):
    assert [(f.version, f.merged_into_id) for f in Family.objects.filter(pk__in=[f.pk for f in families])] == before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.MERGE).exists()


def snapshot(families):
    return [(f.version, f.merged_into_id) for f in Family.objects.filter(pk__in=[f.pk for f in families])]


def test_a_family_cannot_be_merged_into_itself(authority):
    family = authority.family_a
    before = snapshot([family])
    with pytest.raises(ValidationError, match="into itself"):
        family_merge(user=authority.manager, keep=family, remove=family)
    assert_nothing_changed([family], before)


def test_an_inactive_family_cannot_be_merged(authority):
    gone = FamilyFactory(registered_centre=authority.centre_a, anonymised_at=timezone.now())
    ChildFactory(family=gone)
    before, rows_before = snapshot([authority.family_a, gone]), (rows_of(authority.family_a), rows_of(gone))
    for keep, remove in ((authority.family_a, gone), (gone, authority.family_a)):
        with pytest.raises(ValidationError, match="merged or anonymised"):
            family_merge(user=authority.manager, keep=keep, remove=remove)
    assert_nothing_changed([authority.family_a, gone], before)
    assert (rows_of(authority.family_a), rows_of(gone)) == rows_before


def test_a_family_outside_the_managers_centres_cannot_be_merged(authority):
    a, b = authority.family_a, authority.family_b
    before, rows_before = snapshot([a, b]), (rows_of(a), rows_of(b))
    for keep, remove in ((a, b), (b, a)):
        with pytest.raises(PermissionDenied):
            family_merge(user=authority.manager, keep=keep, remove=remove)
    assert_nothing_changed([a, b], before)
    assert (rows_of(a), rows_of(b)) == rows_before


def test_only_a_manager_may_merge(authority):
    other = FamilyFactory(registered_centre=authority.centre_a)
    before = snapshot([authority.family_a, other])
    for user in (authority.worker, authority.worker_restricted, authority.analyst, authority.admin):
        with pytest.raises(PermissionDenied):
            family_merge(user=user, keep=authority.family_a, remove=other)
    assert_nothing_changed([authority.family_a, other], before)


def test_a_record_changed_since_it_was_read_is_not_merged(authority):
    other = FamilyFactory(registered_centre=authority.centre_a)
    Family.objects.filter(pk=other.pk).update(version=5)  # someone else saved it meanwhile
    with pytest.raises(ValidationError, match="changed by someone else"):
        family_merge(user=authority.manager, keep=authority.family_a, remove=other)
    assert not merge_events(authority.family_a).exists()


def test_every_relation_onto_family_is_moved_by_the_merge():
    assert {r.model for r in family_relations()} == set(MOVED_MODELS)


def test_a_related_model_with_a_unique_rule_on_the_family_needs_a_merge_rule(monkeypatch):
    monkeypatch.setattr(merge_service, "PREPARE", {Address: merge_service.PREPARE[Address]})
    with pytest.raises(ImproperlyConfigured, match="Consent"):
        family_relations()


# The screens.


def test_the_merge_screen_suggests_likely_duplicates(client, authority):
    ChildFactory(family=authority.family_a, first_name="John", last_name="Smith", date_of_birth=date(2023, 5, 4))
    other = FamilyFactory(registered_centre=authority.centre_a)
    ChildFactory(family=other, first_name="Jon", last_name="Smith", date_of_birth=date(2023, 5, 4))
    client.force_login(authority.manager)
    page = client.get(reverse("families:merge", kwargs={"pk": authority.family_a.pk})).content.decode()
    assert f'value="{other.reference}"' in page


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("", "Enter reference of the other record"),
        ("Smith", "Enter a family reference, like F0000123"),
        ("F99999", "There is no family F0099999"),
    ],
)
def test_a_bad_reference_is_a_form_error(client, authority, reference, message):
    client.force_login(authority.manager)
    response = client.post(reverse("families:merge", kwargs={"pk": authority.family_a.pk}), {"reference": reference})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_family_of_another_centre_cannot_be_chosen_and_gets_no_hint(client, authority):
    client.force_login(authority.manager)
    url = reverse("families:merge", kwargs={"pk": authority.family_a.pk})
    page = client.post(url, {"reference": authority.family_b.reference}).content.decode()
    assert f"There is no family {authority.family_b.reference} among your centres" in page
    assert "Brookfield" not in page


def test_the_same_family_cannot_be_chosen(client, authority):
    client.force_login(authority.manager)
    url = reverse("families:merge", kwargs={"pk": authority.family_a.pk})
    page = client.post(url, {"reference": authority.family_a.reference}).content.decode()
    assert "That is this family" in page


def test_choosing_a_record_shows_both_side_by_side_with_counts_and_changes_nothing(client, authority, pair):
    keep, remove = pair
    client.force_login(authority.manager)
    response = client.post(reverse("families:merge", kwargs={"pk": keep.pk}), {"reference": f"f{remove.pk}"})
    assert response.status_code == 200
    assert response.templates[0].name == "families/merge/confirm.html"
    rows = {label: (here, there) for label, here, there in response.context["rows"]}
    assert rows["children"] == (1, 3)
    assert rows["consents"] == (1, 3)
    assert not merge_events(keep).exists()


def test_confirming_merges_and_goes_to_the_family_that_stays(client, authority, pair):
    keep, remove = pair
    client.force_login(authority.manager)
    url = reverse("families:merge", kwargs={"pk": keep.pk})
    form = client.post(url, {"reference": remove.reference}).context["form"]
    data = {name: form[name].value() for name in form.fields} | {"keep": "other"}
    response = client.post(url, data, follow=True)
    # "other" stays: the family the manager started from is the one merged away.
    assert response.redirect_chain == [(reverse("families:detail", kwargs={"pk": remove.pk}), 302)]
    assert f"Family {keep.reference} was merged into this record" in response.content.decode()
    keep.refresh_from_db()
    assert keep.merged_into_id == remove.pk
    assert rows_of(keep) == dict.fromkeys(rows_of(keep), 0)
    assert client.get(url).status_code == 404  # a merged record cannot be merged again


def test_a_record_changed_between_comparing_and_confirming_is_not_merged(client, authority, pair):
    keep, remove = pair
    client.force_login(authority.manager)
    url = reverse("families:merge", kwargs={"pk": keep.pk})
    form = client.post(url, {"reference": remove.reference}).context["form"]
    data = {name: form[name].value() for name in form.fields}
    Family.objects.filter(pk=remove.pk).update(version=7)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "changed since you compared them" in response.content.decode()
    assert response.context["form"]["other_version"].value() == 7  # shown afresh, ready to confirm
    assert not merge_events(keep).exists()


def test_a_worker_cannot_merge_by_posting(client, authority):
    other = FamilyFactory(registered_centre=authority.centre_a)
    client.force_login(authority.worker)
    url = reverse("families:merge", kwargs={"pk": authority.family_a.pk})
    data = {"reference": other.reference, "this_version": 1, "other_version": 1, "keep": "this", "confirm": "yes"}
    assert client.post(url, data).status_code == 403
    other.refresh_from_db()
    assert other.merged_into is None


def test_a_manager_of_two_centres_may_merge_across_them(authority):
    manager = UserFactory(role=Role.MANAGER, centres=[authority.centre_a, authority.centre_b])
    family_merge(user=manager, keep=authority.family_a, remove=authority.family_b)
    assert Child.objects.filter(family=authority.family_a).count() == 2
