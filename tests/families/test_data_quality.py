"""The data-quality summary: gaps in the records of the families a user can see."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from families.choices import Ethnicity
from families.data_quality import data_quality_summary
from tests.centres.factories import LSOAFactory
from tests.families.factories import AddressFactory, AdultFactory, ChildFactory, FamilyFactory

ON = date(2026, 3, 1)


@pytest.fixture
def records(authority):
    """Centre A: family A (no address), one family with a known LSOA, one whose postcode is not
    in the directory (and an old address that had an LSOA); children of every kind."""
    lsoa = LSOAFactory()
    known = FamilyFactory(registered_centre=authority.centre_a)
    AddressFactory(family=known, lsoa=lsoa)
    unknown = FamilyFactory(registered_centre=authority.centre_a)
    AddressFactory(family=unknown, lsoa=None, postcode="ZX7 7ZZ")
    AddressFactory(family=unknown, lsoa=lsoa, moved_in=date(2020, 1, 1), moved_out=date(2024, 12, 31))
    # family A's child Ava: born, no NHS number, ethnicity not stated (the factory's defaults)
    ChildFactory(family=known, nhs_number="9434765919", ethnicity=Ethnicity.WHITE_BRITISH)
    ChildFactory(family=known, date_of_birth=None, expected_date=date(2026, 5, 1), ethnicity=Ethnicity.WHITE_BRITISH)
    ChildFactory(family=unknown, date_of_birth=None, expected_date=date(2026, 2, 1), ethnicity=Ethnicity.WHITE_BRITISH)
    AdultFactory(family=known, ethnicity=Ethnicity.WHITE_BRITISH)
    # Not counted: an anonymised family of centre A, and everything of centre B.
    gone = FamilyFactory(registered_centre=authority.centre_a, anonymised_at=datetime(2026, 1, 1, tzinfo=UTC))
    ChildFactory(family=gone)
    AddressFactory(family=gone, lsoa=None)
    return {"known": known, "unknown": unknown, "gone": gone}


def test_it_counts_each_gap_with_its_denominator(authority, records):
    totals = data_quality_summary(user=authority.worker, on=ON)["totals"]
    assert totals == {
        "families": 3,
        "no_current_address": 1,
        "lsoa_unknown": 1,
        "children": 4,
        "children_born": 2,
        "children_no_date_of_birth": 1,
        "children_no_nhs_number": 1,
        "children_ethnicity_not_stated": 1,
        "adults": 2,
        "adults_ethnicity_not_stated": 1,
    }


def test_an_unborn_child_is_not_missing_a_date_of_birth_until_the_expected_date_has_passed(authority, records):
    assert data_quality_summary(user=authority.worker, on=date(2026, 1, 31))["totals"]["children_no_date_of_birth"] == 0


def test_it_lists_the_families_whose_lsoa_is_unknown_with_their_postcode(authority, records):
    families = list(data_quality_summary(user=authority.worker, on=ON)["lsoa_unknown_families"])
    assert families == [records["unknown"]]
    assert families[0].current_postcode == "ZX7 7ZZ"


def test_measures_carry_their_percentages(authority, records):
    measures = {m["key"]: m for m in data_quality_summary(user=authority.worker, on=ON)["measures"]}
    assert (measures["lsoa_unknown"]["count"], measures["lsoa_unknown"]["of"]) == (1, 3)
    assert measures["children_no_nhs_number"]["percent"] == 50.0


def test_a_manager_of_two_centres_gets_a_row_for_each(authority, records):
    authority.manager.centres.add(authority.centre_b)
    summary = data_quality_summary(user=authority.manager, on=ON)
    assert [(row["centre"], row["families"]) for row in summary["centres"]] == [("Ashby Road", 3), ("Brookfield", 1)]
    assert summary["totals"]["families"] == 4


def test_authority_roles_see_no_family_here(authority, records):
    summary = data_quality_summary(user=authority.analyst, on=ON)
    assert summary["totals"]["families"] == 0
    assert not summary["lsoa_unknown_families"].exists()


def test_the_summary_takes_three_queries_whatever_the_size(authority, records, django_assert_num_queries):
    with django_assert_num_queries(3):
        data_quality_summary(user=authority.worker, on=ON)
    for _ in range(10):
        family = FamilyFactory(registered_centre=authority.centre_a)
        ChildFactory.create_batch(2, family=family)
        AddressFactory(family=family, lsoa=None)
    with django_assert_num_queries(3):
        data_quality_summary(user=authority.worker, on=ON)


def test_the_screen_links_each_family_whose_lsoa_is_unknown(client, authority, records):
    client.force_login(authority.worker)
    response = client.get(reverse("families:data_quality"))
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("families:detail", kwargs={"pk": records["unknown"].pk}) in page
    assert "ZX7 7ZZ" in page
    assert records["gone"].reference not in page


def test_the_screen_makes_the_same_number_of_queries_for_more_families(
    client, authority, records, django_assert_max_num_queries
):
    client.force_login(authority.manager)
    client.get(reverse("families:data_quality"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("families:data_quality"))
    for _ in range(15):
        AddressFactory(family=FamilyFactory(registered_centre=authority.centre_a), lsoa=None)
    authority.manager.centres.add(authority.centre_b)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("families:data_quality"))
