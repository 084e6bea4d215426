"""Assessing need across the area: reach areas, the one-area rule, the area profile."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from centres.area_selectors import area_profile
from centres.models import AuditEvent, Population, ReachArea, ReachAreaLSOA
from tests.centres.factories import DeprivationFactory, LSOAFactory, PopulationFactory, neighbourhood


@pytest.fixture
def area(authority):
    """Centre A: LSOAs in deciles 1, 3 and 8 (50, 100 and 150 under-fives). Centre B: one in
    decile 2 (40). One LSOA of the same district in no reach area (decile 9, 60), and one of
    another district, which is not the authority's."""
    a, b = authority.centre_a, authority.centre_b
    lsoas = {
        "a1": neighbourhood(centre=a, decile=1, ages=(10, 10, 10, 10, 10), code="E01800001"),
        "a2": neighbourhood(centre=a, decile=3, ages=(20, 20, 20, 20, 20), code="E01800002"),
        "a3": neighbourhood(centre=a, decile=8, ages=(30, 30, 30, 30, 30), code="E01800003"),
        "b1": neighbourhood(centre=b, decile=2, ages=(8, 8, 8, 8, 8), code="E01800004"),
        "gap": neighbourhood(centre=None, decile=9, ages=(12, 12, 12, 12, 12), code="E01800005"),
        "away": neighbourhood(
            centre=None, decile=1, ages=(99, 0, 0, 0, 0), code="E01800006", local_authority_code="E08000001"
        ),
    }
    # Older estimates and the 2019 indices are kept but not used by default.
    PopulationFactory(lsoa=lsoas["a1"], year=2023, age_0=1, age_1=1, age_2=1, age_3=1, age_4=1)
    DeprivationFactory(lsoa=lsoas["a3"], release="iod2019", imd_decile=1)
    return lsoas


def test_a_centres_profile_counts_its_reach_area_only(authority, area):
    profile = area_profile(centre=authority.centre_a)
    assert [row["code"] for row in profile.rows] == ["E01800001", "E01800002", "E01800003"]  # most deprived first
    assert profile.year == 2024
    assert profile.release == "iod2025"
    assert profile.summary["lsoas"] == 3
    assert profile.summary["under_5"] == 300
    assert profile.summary["deprived_lsoas"] == 2
    assert profile.summary["deprived_under_5"] == 150
    assert profile.deprived_share == 0.5
    assert profile.rows[2]["dep__imd_decile"] == 8  # not the 2019 release's decile 1
    assert [d["lsoas"] for d in profile.deciles] == [1, 0, 1, 0, 0, 0, 0, 1, 0, 0]


def test_the_authority_profile_includes_gaps_but_not_other_districts(authority, area):
    profile = area_profile(centre=None)
    assert {row["code"] for row in profile.rows} == {"E01800001", "E01800002", "E01800003", "E01800004", "E01800005"}
    assert profile.summary["under_5"] == 300 + 40 + 60
    assert profile.summary["unassigned_lsoas"] == 1
    assert profile.summary["deprived_under_5"] == 190


def test_an_earlier_population_year_can_be_chosen(authority, area):
    profile = area_profile(centre=authority.centre_a, year=2023)
    assert profile.years == [2024, 2023]
    assert profile.summary["under_5"] == 5  # only a1 has a mid-2023 estimate
    assert profile.summary["no_population"] == 2
    assert area_profile(centre=authority.centre_a, year=1999).year == 2024  # unknown year: the latest


def test_an_empty_reach_area_is_zero_not_an_error(authority):
    profile = area_profile(centre=authority.centre_a)
    assert profile.rows == []
    assert profile.summary["under_5"] == 0
    assert profile.deprived_share is None


def test_the_profile_takes_the_same_number_of_queries_for_3_or_33_lsoas(
    client, authority, area, django_assert_num_queries
):
    client.force_login(authority.analyst)
    url = reverse("centres:area", args=[authority.centre_a.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(30):
        neighbourhood(centre=authority.centre_a, decile=1 + i % 10, ages=(5, 5, 5, 5, 5), code=f"E01810{i:03d}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["profile"].summary["lsoas"] == 33


def test_the_profile_page_shows_the_figures(client, authority, area):
    client.force_login(authority.worker)
    page = client.get(reverse("centres:area", args=[authority.centre_a.pk])).content.decode()
    assert 'id="under-5-total">300<' in page
    assert "E01800001" in page and "E01800004" not in page
    assert "2 of 3" in page
    assert "<svg" not in page  # no boundaries loaded, no map, and the page still works


def test_the_authority_page_flags_lsoas_in_no_reach_area(client, authority, area):
    client.force_login(authority.analyst)
    page = client.get(reverse("centres:authority_area")).content.decode()
    assert "1 LSOA of the authority is in no centre's reach area" in page
    assert "No reach area" in page


def test_a_map_is_drawn_when_boundaries_are_loaded(client, authority, area):
    square = {
        "type": "Polygon",
        "coordinates": [[[-1.5, 53.0], [-1.4, 53.0], [-1.4, 53.1], [-1.5, 53.1], [-1.5, 53.0]]],
    }
    area["a1"].boundary = square
    area["a1"].save()
    area["a2"].boundary = {
        "type": "Feature",
        "geometry": {"type": "MultiPolygon", "coordinates": [square["coordinates"]]},
    }
    area["a2"].save()
    client.force_login(authority.worker)
    page = client.get(reverse("centres:area", args=[authority.centre_a.pk])).content.decode()
    assert page.count("<path ") == 2
    assert "E01800001 Testborough" in page


def test_a_bad_year_in_the_address_is_ignored(client, authority, area):
    client.force_login(authority.worker)
    response = client.get(reverse("centres:area", args=[authority.centre_a.pk]), {"year": "next year"})
    assert response.status_code == 200
    assert response.context["profile"].year == 2024


# The reach-area editor ---------------------------------------------------------------------


def edit(client, centre, **data):
    return client.post(reverse("centres:reach_area_edit", args=[centre.pk]), data)


def test_the_database_keeps_an_lsoa_in_one_reach_area_at_a_time(authority, area):
    other = ReachArea.objects.get(centre=authority.centre_b)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReachAreaLSOA.objects.create(reach_area=other, lsoa=area["a1"])
    # Once it has left its area it may join another.
    ReachAreaLSOA.objects.filter(lsoa=area["a1"]).update(removed_on=date(2026, 1, 1))
    ReachAreaLSOA.objects.create(reach_area=other, lsoa=area["a1"], added_on=date(2026, 1, 1))


def test_an_administrator_adds_an_lsoa_and_the_change_is_audited(client, authority, area):
    client.force_login(authority.admin)
    response = edit(client, authority.centre_a, add_codes="e01800005")
    assert response.status_code == 302
    assert area["gap"].reach_memberships.get(removed_on__isnull=True).reach_area.centre == authority.centre_a
    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.changed_fields) == (authority.admin, "update", ["lsoas"])
    assert event.detail == "added E01800005"


def test_adding_an_lsoa_of_another_centre_is_a_clear_form_error_and_changes_nothing(client, authority, area):
    client.force_login(authority.admin)
    response = edit(client, authority.centre_a, add_codes="E01800005, E01800004")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Already in another centre&#x27;s reach area: E01800004 (Brookfield)" in page
    assert "E01800005, E01800004" in page  # what was typed is kept
    assert not area["gap"].reach_memberships.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("E01999999", "Not in the 2021 LSOA reference data: E01999999"),
        ("S01000001 nonsense", "These are not LSOA codes (like E01012345): S01000001, NONSENSE"),
        ("", "Enter LSOAs to add or choose LSOAs to remove"),
    ],
)
def test_bad_codes_are_form_errors(client, authority, area, typed, message):
    client.force_login(authority.admin)
    response = edit(client, authority.centre_a, add_codes=typed)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ReachAreaLSOA.objects.count() == 4


def test_an_lsoa_of_the_other_boundary_vintage_cannot_be_added(client, authority, area):
    LSOAFactory(code="E01800009", vintage=2011)
    client.force_login(authority.admin)
    response = edit(client, authority.centre_a, add_codes="E01800009")
    assert "Not in the 2021 LSOA reference data: E01800009" in response.content.decode()


def test_removing_an_lsoa_keeps_its_history_and_frees_it(client, authority, area):
    client.force_login(authority.admin)
    assert edit(client, authority.centre_a, remove=[area["a1"].pk]).status_code == 302
    membership = ReachAreaLSOA.objects.get(lsoa=area["a1"])
    assert membership.removed_on is not None
    assert AuditEvent.objects.get().detail == "removed E01800001"
    assert edit(client, authority.centre_b, add_codes="E01800001").status_code == 302
    assert ReachAreaLSOA.objects.filter(lsoa=area["a1"]).count() == 2
    assert area_profile(centre=authority.centre_a).summary["lsoas"] == 2


def test_adding_an_lsoa_already_in_the_area_changes_nothing(client, authority, area):
    client.force_login(authority.admin)
    assert edit(client, authority.centre_a, add_codes="E01800001").status_code == 302
    assert ReachAreaLSOA.objects.filter(lsoa=area["a1"]).count() == 1
    assert not AuditEvent.objects.exists()


def test_a_centre_without_a_reach_area_gets_one_when_the_first_lsoa_is_added(client, authority, area):
    from tests.centres.factories import CentreFactory

    new = CentreFactory(name="Canal Side")
    client.force_login(authority.admin)
    page = client.get(reverse("centres:area", args=[new.pk])).content.decode()
    assert "This centre has no reach area yet" in page
    assert edit(client, new, add_codes="E01800005").status_code == 302
    assert area_profile(centre=new).summary["under_5"] == 60


def test_population_under_5_adds_the_five_single_years():
    assert Population(age_0=1, age_1=2, age_2=3, age_3=4, age_4=5).under_5 == 15


# Postcode to LSOA to reach area ------------------------------------------------------------


def test_a_postcode_leads_to_its_lsoa_and_the_centre_whose_area_it_is(authority, area):
    from centres.area_selectors import postcode_area
    from centres.models import Postcode

    Postcode.objects.create(postcode="ZX1 0AB", lsoa_2021=area["a2"], local_authority_code="E06000999")
    Postcode.objects.create(postcode="ZX1 0AD", lsoa_2021=area["gap"], local_authority_code="E06000999")
    found = postcode_area(postcode="zx10ab")
    assert (found.postcode, found.found, found.lsoa, found.centre) == ("ZX1 0AB", True, area["a2"], authority.centre_a)
    assert found.in_area_of(authority.centre_a) and not found.in_area_of(authority.centre_b)
    outside = postcode_area(postcode="ZX1 0AD")
    assert outside.lsoa == area["gap"] and outside.centre is None
    unknown = postcode_area(postcode="ZX9 9ZZ")
    assert (unknown.found, unknown.lsoa, unknown.centre) == (False, None, None)


def test_a_malformed_postcode_is_refused_before_any_lookup(db, django_assert_num_queries):
    from centres.area_selectors import postcode_area
    from centres.postcodes import InvalidPostcode

    with django_assert_num_queries(0), pytest.raises(InvalidPostcode):
        postcode_area(postcode="not a postcode")


def test_registration_counts_resident_under_fives_whatever_their_centre(authority, area):
    from datetime import timedelta

    from django.utils import timezone

    from tests.families.factories import AddressFactory, ChildFactory, FamilyFactory

    today = timezone.localdate()
    # In a1: a family registered at centre B (counts for the area), with a child under five and
    # one who turned five yesterday (does not count); an anonymised family (does not count).
    family = FamilyFactory(registered_centre=authority.centre_b, registration_date=today - timedelta(days=30))
    AddressFactory(family=family, lsoa=area["a1"])
    ChildFactory(family=family, date_of_birth=today - timedelta(days=700))
    ChildFactory(family=family, date_of_birth=today.replace(year=today.year - 5) - timedelta(days=1))
    gone = FamilyFactory(registered_centre=authority.centre_a, anonymised_at=timezone.now())
    AddressFactory(family=gone, lsoa=area["a1"])
    ChildFactory(family=gone, date_of_birth=today - timedelta(days=100))
    # A family that moved out of a2 no longer counts there.
    moved = FamilyFactory(registered_centre=authority.centre_a)
    AddressFactory(
        family=moved, lsoa=area["a2"], moved_in=today - timedelta(days=400), moved_out=today - timedelta(days=10)
    )
    AddressFactory(family=moved, lsoa=area["gap"], moved_in=today - timedelta(days=10))
    ChildFactory(family=moved, date_of_birth=today - timedelta(days=300))
    profile = area_profile(centre=authority.centre_a)
    registered = {row["code"]: row["registered"] for row in profile.rows}
    assert registered == {"E01800001": 1, "E01800002": 0, "E01800003": 0}
    assert profile.summary["registered"] == 1
    assert profile.registration_rate == 1 / 300
    assert [row["code"] for row in profile.rows if row["low_registration"]] == ["E01800002"]
