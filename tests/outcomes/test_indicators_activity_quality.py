"""A centre's own activity (A1 to A3) and data quality (DQ, DQD), worked out by hand.
Quarter Q is 1 April to 30 June 2026."""

from __future__ import annotations

from datetime import date

import pytest

from outcomes.indicators.activity import compute_activity_indicators
from outcomes.indicators.periods import period_starting
from outcomes.indicators.quality import compute_quality_indicators
from outcomes.models import IndicatorSnapshot
from services.models import Contact, ContactChild, ContactKind
from tests.centres.factories import CentreFactory, neighbourhood
from tests.families.factories import AddressFactory, AdultFactory, ChildFactory, FamilyFactory

Q = period_starting("quarter", date(2026, 4, 1))
IN_Q, LAST_DAY, AFTER = date(2026, 5, 1), date(2026, 6, 30), date(2026, 7, 1)


def figure(indicator, scope_id, split="", scope="centre"):
    row = IndicatorSnapshot.objects.get(
        indicator=indicator, scope=scope, scope_id=scope_id, period_kind="quarter", period_start=Q.start, split=split
    )
    return row.numerator if row.denominator is None else (row.numerator, row.denominator)


def family_at(lsoa, centre, **kwargs):
    made = FamilyFactory(registered_centre=centre, registration_date=date(2025, 1, 1), **kwargs)
    if lsoa is not None:
        AddressFactory(family=made, lsoa=lsoa, moved_in=date(2025, 1, 1))
    return made


def visit(family, centre, day, *, with_adult=True, children=()):
    made = Contact.objects.create(
        family=family, centre=centre, date=day, kind=ContactKind.ONE_TO_ONE, with_adult=with_adult
    )
    for child in children:
        ContactChild.objects.create(contact=made, child=child)


@pytest.fixture
def activity(db):
    a, b, empty = CentreFactory(name="A"), CentreFactory(name="B"), CentreFactory(name="Empty")
    a1 = neighbourhood(centre=a, decile=2, ages=(5, 5, 5, 5, 5))
    b1 = neighbourhood(centre=b, decile=6, ages=(5, 5, 5, 5, 5))
    elsewhere = neighbourhood(centre=None, decile=6, ages=(5, 5, 5, 5, 5), local_authority_code="E06000001")
    # fA lives in A's area: two family contacts count for both under-fives; c2 turns five in Q
    # and still counts; a six-year-old does not.
    fa = family_at(a1, a)
    ChildFactory(family=fa, date_of_birth=date(2024, 1, 1))
    ChildFactory(family=fa, date_of_birth=date(2021, 5, 15))
    ChildFactory(family=fa, date_of_birth=date(2019, 9, 1))
    visit(fa, a, IN_Q)
    visit(fa, a, LAST_DAY)
    # fB lives in B's area: a child-only visit to A (out of area there), a family visit to B.
    fb = family_at(b1, b)
    cb = ChildFactory(family=fb, date_of_birth=date(2023, 1, 1))
    visit(fb, a, IN_Q, with_adult=False, children=[cb])
    visit(fb, b, IN_Q)
    # fX lives outside the authority: a contact with no child taking part, and one after Q.
    fx = family_at(elsewhere, a)
    ChildFactory(family=fx, date_of_birth=date(2023, 1, 1))
    visit(fx, a, IN_Q, with_adult=False)
    visit(fx, a, AFTER)
    # fM moved from A's area to B's on 15 June: out of A's area at Q's end.
    fm = family_at(a1, a)
    fm.addresses.update(moved_out=date(2026, 6, 15))
    AddressFactory(family=fm, lsoa=b1, moved_in=date(2026, 6, 15))
    ChildFactory(family=fm, date_of_birth=date(2025, 1, 1))
    visit(fm, a, date(2026, 4, 2))
    # A linked site of A serves A's reach area: fA is not out of area there; fB is.
    linked = CentreFactory(name="A (linked site)", kind="linked", main_centre=a)
    visit(fa, linked, IN_Q)
    visit(fb, linked, IN_Q)
    return {"a": a.pk, "b": b.pk, "empty": empty.pk, "linked": linked.pk}


def test_a_centre_counts_everyone_it_saw_and_who_lives_out_of_its_area(activity):
    compute_activity_indicators(period=Q)
    a = activity["a"]
    assert (figure("A1", a), figure("A1", a, "area:out")) == (5, 3)  # fA twice; fB, fX, fM out of area
    assert (figure("A3", a), figure("A3", a, "area:out")) == (4, 3)
    assert (figure("A2", a), figure("A2", a, "area:out")) == (4, 2)  # fA's two, fB's, fM's
    assert (figure("A1", activity["b"]), figure("A1", activity["b"], "area:out")) == (1, 0)
    assert figure("A2", activity["b"]) == 1
    assert (figure("A3", activity["linked"]), figure("A3", activity["linked"], "area:out")) == (2, 1)


def test_the_authority_counts_each_family_and_child_once(activity):
    compute_activity_indicators(period=Q)
    assert (figure("A1", 0, scope="authority"), figure("A1", 0, "area:out", scope="authority")) == (8, 1)
    assert (figure("A3", 0, scope="authority"), figure("A3", 0, "area:out", scope="authority")) == (4, 1)
    assert figure("A2", 0, scope="authority") == 4  # cb seen at A and at B counts once


def test_an_empty_centre_saw_nobody(activity):
    compute_activity_indicators(period=Q)
    assert figure("A1", activity["empty"]) == 0
    assert figure("A2", activity["empty"], "area:out") == 0


def test_child_only_contacts_count_the_children_named_on_them_once(db):
    a = CentreFactory(name="A")
    home = neighbourhood(centre=a, decile=2, ages=(5, 5, 5, 5, 5))
    fc = family_at(home, a)
    named = ChildFactory(family=fc, date_of_birth=date(2024, 1, 1))
    ChildFactory(family=fc, date_of_birth=date(2024, 1, 1))  # on no contact
    visit(fc, a, IN_Q, with_adult=False, children=[named])
    visit(fc, a, LAST_DAY, with_adult=False, children=[named])
    compute_activity_indicators(period=Q)
    assert (figure("A1", a.pk), figure("A2", a.pk), figure("A3", a.pk)) == (2, 1, 1)
    # A contact with the carers then counts both children, the named one still once.
    visit(fc, a, IN_Q)
    compute_activity_indicators(period=Q)
    assert (figure("A1", a.pk), figure("A2", a.pk), figure("A3", a.pk)) == (3, 2, 1)
    assert figure("A2", 0, scope="authority") == 2


@pytest.fixture
def records(db):
    a, b = CentreFactory(name="A"), CentreFactory(name="B")
    lsoa = neighbourhood(centre=a, decile=2, ages=(5, 5, 5, 5, 5))
    f1 = family_at(lsoa, a)
    ChildFactory(
        family=f1,
        first_name="Amelia",
        last_name="Smith",
        date_of_birth=date(2024, 6, 1),
        nhs_number="9434765919",
        ethnicity="WBRI",
    )
    AdultFactory(family=f1, ethnicity="WBRI")
    f2 = family_at(None, a)
    AddressFactory(family=f2, lsoa=None, moved_in=date(2025, 1, 1))  # postcode not in the directory
    ChildFactory(family=f2, date_of_birth=None, expected_date=date(2026, 6, 1))  # overdue, no date of birth
    AdultFactory(family=f2)  # ethnicity not stated
    f3 = family_at(None, a)  # no address at all
    ChildFactory(family=f3, date_of_birth=None, expected_date=date(2026, 9, 1), ethnicity="AIND")  # not yet due
    ChildFactory(family=FamilyFactory(registered_centre=a, registration_date=AFTER), date_of_birth=date(2024, 6, 1))
    # At B: the same NHS number as f1's child; the same date of birth and last name and a first
    # name misspelt.
    ChildFactory(family=family_at(lsoa, b), last_name="Jones", nhs_number="9434765919", date_of_birth=date(2024, 2, 2))
    ChildFactory(family=family_at(lsoa, b), first_name="amelie", last_name="SMITH", date_of_birth=date(2024, 6, 1))
    # Same birthday and surname, another first name: two children, not one (not counted).
    ChildFactory(family=family_at(lsoa, b), first_name="Oliver", last_name="Smith", date_of_birth=date(2024, 6, 1))
    # A merged-away record with the same NHS number is not a suspected duplicate.
    ChildFactory(family=family_at(lsoa, b, merged_into=f1), nhs_number="9434765919", date_of_birth=date(2024, 6, 1))
    return {"a": a.pk, "b": b.pk}


def test_completeness_by_field(records):
    compute_quality_indicators(period=Q)
    a = records["a"]
    assert figure("DQ", a, "field:postcode") == (1, 3)  # f1 only
    assert figure("DQ", a, "field:date_of_birth") == (2, 3)  # f2's child is overdue
    assert figure("DQ", a, "field:ethnicity") == (3, 5)  # three children and two carers
    assert figure("DQ", a, "field:nhs_number") == (1, 1)  # children born
    assert figure("DQ", a) == (7, 12)


def test_suspected_duplicates_share_an_nhs_number_or_birth_date_and_names(records):
    compute_quality_indicators(period=Q)
    assert figure("DQD", records["a"]) == (1, 3)
    assert figure("DQD", records["b"]) == (2, 3)
    assert figure("DQD", 0, scope="authority") == (3, 6)
