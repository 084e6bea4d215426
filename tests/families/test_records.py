"""Registering a family and keeping its record: what a centre worker does every day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from centres.models import AuditEvent, Postcode
from families.models import Address, Adult, Child, Consent, Family, FamilyTargetGroup
from families.services.people import consent_record, consent_withdraw, has_consent
from families.services.registration import AddressInput, family_move, family_register, family_update
from tests.centres.factories import neighbourhood
from tests.families.factories import AddressFactory, ConsentFactory, child_form_data

TODAY = timezone.localdate()


@pytest.fixture
def postcodes(authority):
    """ZX1 0AB is in centre A's reach area (a deprived LSOA); ZX1 0AD in centre B's."""
    a = neighbourhood(centre=authority.centre_a, decile=2, ages=(20, 20, 20, 20, 20), code="E01800101")
    b = neighbourhood(centre=authority.centre_b, decile=7, ages=(20, 20, 20, 20, 20), code="E01800102")
    Postcode.objects.create(postcode="ZX1 0AB", lsoa_2021=a)
    Postcode.objects.create(postcode="ZX1 0AD", lsoa_2021=b)
    return {"a": a, "b": b}


def registration(**overrides):
    data = {
        "centre": "",
        "registration_date": TODAY.strftime("%d/%m/%Y"),
        "line_1": "12 Canal Street",
        "town": "Demo Town",
        "postcode": "zx10ab",
        "consents": ["registration", "share_health"],
        "adults-TOTAL_FORMS": "2",
        "adults-INITIAL_FORMS": "0",
        "adults-MIN_NUM_FORMS": "1",
        "adults-MAX_NUM_FORMS": "8",
        "adults-0-first_name": "Amira",
        "adults-0-last_name": "Okafor",
        "adults-0-date_of_birth": "14/2/1996",
        "adults-0-sex": "female",
        "adults-0-relationship": "mother",
        "adults-0-ethnicity": "BAFR",
        "adults-0-employment": "not_working",
        "adults-0-learning": "none",
        "adults-1-sex": "unknown",
        "adults-1-relationship": "mother",
        "adults-1-ethnicity": "NOBT",
        "adults-1-employment": "not_known",
        "adults-1-learning": "not_known",
        "children-TOTAL_FORMS": "3",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "1",
        "children-MAX_NUM_FORMS": "10",
        "children-0-first_name": "Chidi",
        "children-0-last_name": "Okafor",
        "children-0-date_of_birth": (TODAY - timedelta(days=400)).strftime("%d/%m/%Y"),
        "children-0-sex": "male",
        "children-0-ethnicity": "BAFR",
        "children-0-nhs_number": "943 476 5919",
    }
    for i in (1, 2):
        data.update({f"children-{i}-sex": "unknown", f"children-{i}-ethnicity": "NOBT"})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def register(client, authority, **overrides):
    client.force_login(authority.worker)
    data = registration(centre=str(authority.centre_a.pk), **overrides)
    return client.post(reverse("families:register"), data)


def test_a_worker_registers_a_family_in_one_form(client, authority, postcodes):
    response = register(client, authority)
    family = Family.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("families:detail", args=[family.pk])
    assert family.registered_centre == authority.centre_a
    address = family.addresses.get()
    assert (address.postcode, address.lsoa, address.moved_out) == ("ZX1 0AB", postcodes["a"], None)
    assert [a.first_name for a in family.adults.all()] == ["Amira"]  # the untouched spare row is ignored
    child = family.children.get()
    assert (child.first_name, child.nhs_number) == ("Chidi", "9434765919")
    assert set(family.consents.values_list("purpose", flat=True)) == {"registration", "share_health"}
    groups = set(FamilyTargetGroup.objects.filter(family=family, ended_on__isnull=True).values_list("group", flat=True))
    assert groups == {"deprived_area", "lone_parent", "workless", "minority_ethnic"}
    event = AuditEvent.objects.get(action="create")
    assert (event.user, event.family_id) == (authority.worker, family.pk)


def test_the_record_page_says_in_area_and_shows_the_tags(client, authority, postcodes):
    register(client, authority)
    family = Family.objects.latest("pk")
    page = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    assert "In area" in page
    assert "Lone parent" in page
    assert "943 476 5919" in page or "9434765919" in page


def test_a_family_living_in_another_centres_area_is_out_of_area(client, authority, postcodes):
    register(client, authority, postcode="ZX1 0AD")
    family = Family.objects.latest("pk")
    page = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    assert "Out of area" in page and "reach area of Brookfield" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"postcode": "not a postcode"}, "Enter a real postcode, like SW1A 1AA"),
        ({"postcode": "ZX9 9ZZ"}, "This postcode is not in the postcode directory"),
        (
            {"children-0-date_of_birth": (TODAY + timedelta(days=3)).strftime("%d/%m/%Y")},
            "must be today or in the past",
        ),
        ({"children-0-nhs_number": "943 476 5918"}, "This is not a valid NHS number"),
        ({"children-0-nhs_number": "12345"}, "Enter an NHS number of 10 digits"),
        (
            {"children-0-date_of_birth": (TODAY - timedelta(days=5 * 366)).strftime("%d/%m/%Y")},
            "Children&#x27;s centres register children under five",
        ),
        ({"children-0-date_of_birth": None}, "Enter the date of birth, or the expected date"),
        ({"consents": ["share_health"]}, "The family must agree to be registered"),
        ({"adults-0-date_of_birth": "1/1/2099"}, "Date of birth must be today or in the past"),
        ({"registration_date": "31/2/2026"}, "Enter a valid date"),
    ],
)
def test_bad_input_is_a_field_error_that_keeps_what_was_typed(client, authority, postcodes, overrides, message):
    response = register(client, authority, **overrides)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert 'value="12 Canal Street"' in page and 'value="Amira"' in page
    assert not Family.objects.filter(addresses__line_1="12 Canal Street").exists()


def test_an_unknown_postcode_may_be_recorded_as_lsoa_unknown_when_confirmed(client, authority, postcodes):
    response = register(client, authority, postcode="ZX9 9ZZ", lsoa_unknown_ok="on")
    assert response.status_code == 302
    address = Family.objects.latest("pk").addresses.get()
    assert (address.postcode, address.lsoa) == ("ZX9 9ZZ", None)


def test_an_expected_baby_can_be_registered(client, authority, postcodes):
    response = register(
        client,
        authority,
        **{
            "children-0-date_of_birth": "",
            "children-0-nhs_number": "",
            "children-0-first_name": "",
            "children-0-expected_date": (TODAY + timedelta(days=60)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    child = Family.objects.latest("pk").children.get()
    assert child.is_unborn and child.expected_date == TODAY + timedelta(days=60)


def test_a_worker_cannot_register_at_another_centre(client, authority, postcodes):
    client.force_login(authority.worker)
    response = client.post(reverse("families:register"), registration(centre=str(authority.centre_b.pk)))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(PermissionDenied):
        family_register(
            user=authority.worker,
            centre=authority.centre_b,
            address=AddressInput(line_1="1 Road", postcode="ZX1 0AB"),
            adults=[],
            children=[{"last_name": "X", "date_of_birth": date(2025, 1, 1)}],
            consents=["registration"],
        )


def test_safeguarding_fields_are_only_offered_to_staff_with_restricted_access(client, authority, postcodes):
    client.force_login(authority.worker)
    assert "child_protection_plan" not in client.get(reverse("families:register")).content.decode()
    client.force_login(authority.worker_restricted)
    assert "child_protection_plan" in client.get(reverse("families:register")).content.decode()
    # A worker without the grant who posts the field anyway changes nothing.
    register(client, authority, **{"children-0-child_protection_plan": "on"})
    assert not Child.objects.filter(child_protection_plan=True).exists()


def test_restricted_statuses_are_hidden_from_the_record_page_without_the_grant(client, authority):
    authority.child_a.child_protection_plan = True
    authority.child_a.save()
    client.force_login(authority.worker)
    assert (
        "Protection plan" not in client.get(reverse("families:detail", args=[authority.family_a.pk])).content.decode()
    )
    client.force_login(authority.worker_restricted)
    assert "Protection plan" in client.get(reverse("families:detail", args=[authority.family_a.pk])).content.decode()


def test_changing_a_safeguarding_status_needs_the_grant(client, authority):
    from families.services.people import child_update

    with pytest.raises(PermissionDenied):
        child_update(user=authority.worker, child=authority.child_a, data={"looked_after": True})
    client.force_login(authority.worker_restricted)
    url = reverse("families:child_edit", args=[authority.family_a.pk, authority.child_a.pk])
    assert client.post(url, child_form_data(authority.child_a, looked_after="on")).status_code == 302
    authority.child_a.refresh_from_db()
    assert authority.child_a.looked_after
    assert AuditEvent.objects.get(action="update").changed_fields == ["looked_after"]


# Moves -------------------------------------------------------------------------------------


def test_a_move_keeps_the_old_address_and_residence_follows_the_dates(authority, postcodes):
    family = authority.family_a
    AddressFactory(family=family, postcode="ZX1 0AB", lsoa=postcodes["a"], moved_in=date(2025, 1, 1))
    family_move(
        user=authority.worker,
        family=family,
        address=AddressInput(line_1="3 New Road", postcode="ZX1 0AD"),
        moved_on=date(2026, 3, 15),
        expected_version=family.version,
    )
    assert Address.objects.filter(family=family).count() == 2
    assert Address.objects.on(date(2026, 3, 14)).get(family=family).lsoa == postcodes["a"]
    assert Address.objects.on(date(2026, 3, 15)).get(family=family).lsoa == postcodes["b"]
    assert Address.objects.current().get(family=family).postcode == "ZX1 0AD"


def test_a_move_dated_before_the_current_address_is_refused(authority, postcodes):
    AddressFactory(family=authority.family_a, moved_in=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        family_move(
            user=authority.worker,
            family=authority.family_a,
            address=AddressInput(line_1="3 New Road", postcode="ZX1 0AD"),
            moved_on=date(2025, 12, 1),
        )
    assert authority.family_a.addresses.count() == 1


def test_the_move_screen_saves_a_new_address(client, authority, postcodes):
    AddressFactory(family=authority.family_a, moved_in=date(2025, 1, 1))
    client.force_login(authority.worker)
    response = client.post(
        reverse("families:move", args=[authority.family_a.pk]),
        {"moved_on": "1/10/2026", "line_1": "3 New Road", "postcode": "ZX1 0AD", "version": authority.family_a.version},
    )
    assert response.status_code == 302
    assert authority.family_a.addresses.current().get().line_1 == "3 New Road"


# Household and concurrency -----------------------------------------------------------------


def test_a_stale_household_form_is_refused_and_loses_nothing(client, authority):
    family = authority.family_a
    family_update(user=authority.manager, family=family, data={"temporary_accommodation": True}, expected_version=1)
    client.force_login(authority.worker)
    response = client.post(
        reverse("families:household_edit", args=[family.pk]),
        {"registered_centre": authority.centre_a.pk, "key_worker": authority.worker.pk, "version": 1},
    )
    assert response.status_code == 200
    assert "Someone else changed this family" in response.content.decode()
    family.refresh_from_db()
    assert family.temporary_accommodation is True and family.key_worker is None and family.version == 2


def test_household_changes_are_saved_audited_and_update_the_groups(client, authority):
    client.force_login(authority.worker)
    response = client.post(
        reverse("families:household_edit", args=[authority.family_a.pk]),
        {"registered_centre": authority.centre_a.pk, "temporary_accommodation": "on", "version": 1},
    )
    assert response.status_code == 302
    assert FamilyTargetGroup.objects.filter(family=authority.family_a, group="temporary_accommodation").exists()
    assert AuditEvent.objects.get(action="update").changed_fields == ["temporary_accommodation"]


# Carers and children -----------------------------------------------------------------------


def test_a_carer_is_added_and_audited(client, authority):
    client.force_login(authority.worker)
    response = client.post(
        reverse("families:adult_add", args=[authority.family_a.pk]),
        {
            "first_name": "Tomasz",
            "last_name": "Nowak",
            "sex": "male",
            "relationship": "father",
            "ethnicity": "WOTH",
            "employment": "employed",
            "learning": "none",
        },
    )
    assert response.status_code == 302
    assert authority.family_a.adults.filter(first_name="Tomasz").exists()
    assert AuditEvent.objects.get(action="create").object_type.model == "adult"
    assert FamilyTargetGroup.objects.filter(family=authority.family_a, group="fathers").exists()


def test_a_child_is_added_to_the_family(client, authority):
    client.force_login(authority.worker)
    data = {
        "first_name": "Zofia",
        "last_name": "Nowak",
        "date_of_birth": "1/2/2026",
        "sex": "female",
        "ethnicity": "WOTH",
    }
    assert client.post(reverse("families:child_add", args=[authority.family_a.pk]), data).status_code == 302
    assert authority.family_a.children.filter(first_name="Zofia").exists()


# Consent -----------------------------------------------------------------------------------


def test_consent_is_recorded_withdrawn_and_its_history_kept(authority):
    family = authority.family_a
    consent = consent_record(
        user=authority.worker, family=family, purpose="share_health", agreed=True, on=date(2026, 2, 1)
    )
    assert has_consent(family=family, purpose="share_health", on=date(2026, 3, 1))
    consent_withdraw(user=authority.worker, consent=consent, on=date(2026, 4, 1))
    assert not has_consent(family=family, purpose="share_health", on=date(2026, 4, 1))
    assert has_consent(family=family, purpose="share_health", on=date(2026, 3, 31))  # it held until then
    assert Consent.objects.filter(family=family).count() == 1
    assert AuditEvent.objects.filter(family_id=family.pk, changed_fields=["consent:share_health"]).count() == 2


def test_a_new_answer_replaces_the_current_one_and_a_refusal_is_not_consent(authority):
    family = authority.family_a
    consent_record(user=authority.worker, family=family, purpose="photographs", agreed=True, on=date(2026, 2, 1))
    consent_record(user=authority.worker, family=family, purpose="photographs", agreed=False, on=date(2026, 3, 1))
    assert Consent.objects.filter(family=family, purpose="photographs").count() == 2
    assert not has_consent(family=family, purpose="photographs", on=date(2026, 3, 2))


def test_the_withdraw_button_withdraws_for_staff_of_the_centre_only(client, authority):
    mine = ConsentFactory(family=authority.family_a, recorded_by=authority.worker)
    theirs = ConsentFactory(family=authority.family_b, recorded_by=authority.worker)
    client.force_login(authority.worker)
    assert client.post(reverse("families:consent_withdraw", args=[authority.family_a.pk, mine.pk])).status_code == 302
    assert client.post(reverse("families:consent_withdraw", args=[authority.family_b.pk, theirs.pk])).status_code == 404
    assert client.post(reverse("families:consent_withdraw", args=[authority.family_a.pk, theirs.pk])).status_code == 404
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.withdrawn_on == TODAY and theirs.withdrawn_on is None


# Postcode fragment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("postcode", "text"),
    [
        ("zx10ab", "In area"),
        ("ZX1 0AD", "Out of area"),
        ("ZX9 9ZZ", "Not in the directory"),
        ("??", "Enter a real postcode"),
    ],
)
def test_the_postcode_box_says_at_once_whether_a_family_is_in_area(client, authority, postcodes, postcode, text):
    client.force_login(authority.worker)
    response = client.get(reverse("families:postcode_lookup"), {"postcode": postcode})
    assert text in response.content.decode()


def test_the_record_page_takes_a_bounded_number_of_queries(client, authority, django_assert_max_num_queries):
    """Every section is a fixed number of queries: a bigger family costs no more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.families.factories import AdultFactory, ChildFactory

    client.force_login(authority.worker)
    url = reverse("families:detail", args=[authority.family_a.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    AdultFactory.create_batch(3, family=authority.family_a)
    ChildFactory.create_batch(4, family=authority.family_a)
    for purpose in ("share_health", "photographs", "contact"):
        ConsentFactory(family=authority.family_a, purpose=purpose, recorded_by=authority.worker)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) <= 24


def test_adult_model_has_no_age_limits_of_its_own():
    assert Adult._meta.get_field("date_of_birth").null


# Duplicates at registration ----------------------------------------------------------------


def test_registering_a_family_that_may_exist_shows_the_matches_and_asks_first(client, authority, postcodes):
    from tests.families.factories import ChildFactory

    born = TODAY - timedelta(days=400)
    ChildFactory(family=authority.family_a, first_name="Chidi", last_name="Okafor", date_of_birth=born)
    before = Family.objects.count()
    response = register(client, authority, **{"children-0-nhs_number": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Possible matches" in page and authority.family_a.reference in page
    assert Family.objects.count() == before  # nothing registered yet
    response = register(client, authority, **{"children-0-nhs_number": "", "not_a_duplicate": "on"})
    assert response.status_code == 302
    assert Family.objects.count() == before + 1


def test_a_family_with_no_likely_match_registers_straight_away(client, authority, postcodes):
    before = Family.objects.count()
    assert register(client, authority).status_code == 302
    assert Family.objects.count() == before + 1
