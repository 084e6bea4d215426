"""Target groups derived from recorded facts, and their dated rows."""

from __future__ import annotations

from datetime import date

import pytest

from families.choices import Employment, Ethnicity, Relationship, Sex
from families.models import FamilyTargetGroup, TargetGroup
from families.target_groups import derive_target_groups, target_groups_refresh
from tests.centres.factories import neighbourhood
from tests.families.factories import AddressFactory, AdultFactory, ChildFactory, FamilyFactory

G = TargetGroup


def groups(family, *, decile=None):
    return derive_target_groups(
        family=family, adults=list(family.adults.all()), children=list(family.children.all()), imd_decile=decile
    )


@pytest.fixture
def family(db):
    family = FamilyFactory(registration_date=date(2026, 1, 15))
    AdultFactory(
        family=family,
        relationship=Relationship.MOTHER,
        date_of_birth=date(1995, 3, 1),
        ethnicity=Ethnicity.WHITE_BRITISH,
        employment=Employment.EMPLOYED,
        sex=Sex.FEMALE,
    )
    AdultFactory(
        family=family,
        relationship=Relationship.FATHER,
        date_of_birth=date(1994, 3, 1),
        ethnicity=Ethnicity.WHITE_BRITISH,
        employment=Employment.UNEMPLOYED,
        sex=Sex.MALE,
    )
    ChildFactory(family=family, date_of_birth=date(2024, 6, 1), ethnicity=Ethnicity.WHITE_BRITISH)
    return family


def test_a_two_parent_working_family_in_a_middling_area_is_only_in_the_fathers_group(family):
    assert groups(family, decile=5) == {G.FATHERS}


@pytest.mark.parametrize(("decile", "deprived"), [(1, True), (3, True), (4, False), (None, False)])
def test_the_30_percent_most_deprived_areas_are_deciles_1_to_3(family, decile, deprived):
    assert (G.DEPRIVED_AREA in groups(family, decile=decile)) is deprived


def test_one_carer_with_children_is_a_lone_parent(family):
    family.adults.filter(relationship=Relationship.FATHER).delete()
    assert G.LONE_PARENT in groups(family)


@pytest.mark.parametrize(("mother_born", "teenage"), [(date(2004, 6, 2), True), (date(2004, 6, 1), False)])
def test_a_parent_under_20_at_the_birth_is_a_teenage_parent(family, mother_born, teenage):
    family.adults.filter(relationship=Relationship.MOTHER).update(date_of_birth=mother_born)
    assert (G.TEENAGE_PARENT in groups(family)) is teenage


def test_a_teenage_mother_of_an_expected_baby_counts_too(family):
    family.adults.filter(relationship=Relationship.MOTHER).update(date_of_birth=date(2008, 1, 1))
    family.children.all().delete()
    ChildFactory(family=family, date_of_birth=None, expected_date=date(2027, 2, 1))
    assert {G.TEENAGE_PARENT, G.EXPECTANT} <= groups(family)


def test_workless_needs_every_adult_known_to_be_out_of_work(family):
    assert G.WORKLESS not in groups(family)
    family.adults.update(employment=Employment.NOT_WORKING)
    assert G.WORKLESS in groups(family)
    family.adults.filter(relationship=Relationship.FATHER).update(employment=Employment.NOT_KNOWN)
    assert G.WORKLESS not in groups(family)


def test_anyone_in_a_minority_ethnic_group_puts_the_family_in_the_group(family):
    family.children.update(ethnicity=Ethnicity.MIXED_WHITE_ASIAN)
    assert G.MINORITY_ETHNIC in groups(family)
    family.children.update(ethnicity=Ethnicity.NOT_STATED)
    assert G.MINORITY_ETHNIC not in groups(family)


@pytest.mark.parametrize(
    ("field", "group"),
    [
        ("send", G.DISABLED_CHILD),
        ("child_in_need", G.SAFEGUARDING),
        ("child_protection_plan", G.SAFEGUARDING),
        ("looked_after", G.SAFEGUARDING),
        ("funded_two_eligible", G.FUNDED_TWO),
    ],
)
def test_childrens_flags_give_their_groups(family, field, group):
    family.children.update(**{field: True})
    assert group in groups(family)


def test_household_and_language_groups(family):
    family.temporary_accommodation = True
    family.adults.filter(relationship=Relationship.MOTHER).update(english_additional_language=True)
    assert {G.TEMPORARY_ACCOMMODATION, G.EAL} <= groups(family)


def test_refresh_writes_dated_rows_and_is_idempotent(family):
    lsoa = neighbourhood(centre=None, decile=2, ages=(1, 1, 1, 1, 1))
    AddressFactory(family=family, lsoa=lsoa)
    assert target_groups_refresh(family_ids=[family.pk], on=date(2026, 3, 1)) == (2, 0)
    rows = {r.group: r for r in FamilyTargetGroup.objects.filter(family=family)}
    assert set(rows) == {G.DEPRIVED_AREA, G.FATHERS}
    assert rows[G.FATHERS].started_on == date(2026, 1, 15)  # first derivation counts from registration
    assert target_groups_refresh(family_ids=[family.pk], on=date(2026, 3, 2)) == (0, 0)


def test_a_group_that_stops_applying_is_ended_and_one_that_starts_is_dated(family):
    target_groups_refresh(family_ids=[family.pk], on=date(2026, 3, 1))
    family.adults.filter(relationship=Relationship.FATHER).delete()
    assert target_groups_refresh(family_ids=[family.pk], on=date(2026, 4, 1)) == (1, 1)
    fathers = FamilyTargetGroup.objects.get(family=family, group=G.FATHERS)
    assert fathers.ended_on == date(2026, 4, 1)
    lone = FamilyTargetGroup.objects.get(family=family, group=G.LONE_PARENT)
    assert lone.started_on == date(2026, 4, 1) and lone.ended_on is None


def test_recorded_groups_are_left_alone_by_the_refresh(family):
    FamilyTargetGroup.objects.create(family=family, group=G.EAL, source="recorded", started_on=date(2026, 2, 1))
    target_groups_refresh(family_ids=[family.pk], on=date(2026, 3, 1))
    assert FamilyTargetGroup.objects.get(family=family, group=G.EAL).ended_on is None


# Groups recorded by staff --------------------------------------------------------------------


def test_staff_record_a_group_the_facts_cannot_show_and_end_it(client, authority):
    from django.urls import reverse

    from centres.models import AuditEvent

    client.force_login(authority.worker)
    url = reverse("families:target_groups", args=[authority.family_a.pk])
    assert client.post(url, {"group": "lone_parent", "started_on": "1/9/2026"}).status_code == 302
    row = FamilyTargetGroup.objects.get(family=authority.family_a, source="recorded")
    assert (row.group, row.started_on, row.recorded_by) == ("lone_parent", date(2026, 9, 1), authority.worker)
    response = client.post(url, {"group": "lone_parent", "started_on": "2/9/2026"})
    assert "already recorded" in response.content.decode()
    client.post(url, {"end": row.pk})
    row.refresh_from_db()
    assert row.ended_on is not None
    assert AuditEvent.objects.filter(family_id=authority.family_a.pk, changed_fields=["group:lone_parent"]).count() == 2


def test_safeguarding_can_be_recorded_only_with_restricted_access(client, authority):
    from django.core.exceptions import PermissionDenied
    from django.urls import reverse

    from families.target_groups import target_group_record

    client.force_login(authority.worker)
    url = reverse("families:target_groups", args=[authority.family_a.pk])
    assert "safeguarding" not in client.get(url).content.decode()
    assert client.post(url, {"group": "safeguarding", "started_on": "1/9/2026"}).status_code == 200
    with pytest.raises(PermissionDenied):
        target_group_record(
            user=authority.worker, family=authority.family_a, group="safeguarding", started_on=date(2026, 9, 1)
        )
    client.force_login(authority.worker_restricted)
    assert client.post(url, {"group": "safeguarding", "started_on": "1/9/2026"}).status_code == 302


def test_a_derived_group_cannot_be_ended_by_hand(authority):
    from django.core.exceptions import ValidationError

    from families.target_groups import target_group_end

    row = FamilyTargetGroup.objects.create(
        family=authority.family_a, group="fathers", source="derived", started_on=date(2026, 1, 1)
    )
    with pytest.raises(ValidationError):
        target_group_end(user=authority.worker, membership=row, ended_on=date(2026, 2, 1))
