"""Suggesting existing records before someone is registered again."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from families import duplicates
from families.duplicates import (
    Probe,
    dates_close,
    duplicate_candidates,
    family_duplicate_candidates,
    name_similarity,
    person_score,
)
from tests.families.factories import AddressFactory, AdultFactory, ChildFactory, FamilyFactory

BORN = date(2023, 5, 4)
NHS = "9434765919"


def search(user, **kwargs):
    params = {"first_name": "", "last_name": "", "date_of_birth": None} | kwargs
    return duplicate_candidates(user=user, **params)


def families_of(suggestions):
    return [m.family for m in suggestions.matches]


def score_of(probe, name, born, **extra):
    """The probe's score against a person called `name` ("First Last") born on `born`."""
    first_name, last_name = name.split()
    return person_score(probe, first_name=first_name, last_name=last_name, date_of_birth=born, **extra)


# Scoring, case by case.


def test_an_nhs_number_match_is_decisive_whatever_the_name():
    probe = Probe(first_name="Ann", last_name="Other", nhs_number=NHS)
    score, reasons = score_of(probe, "Zed Quill", None, nhs_number=NHS)
    assert (score, reasons) == (100, ("same NHS number",))


def test_a_short_name_with_a_letter_missing_is_similar():
    assert name_similarity("Jon", "Smith", "John", "Smith") > 90
    assert name_similarity("John", "Smith", "Mary", "Smith") < 60


def test_a_last_name_and_date_of_birth_alone_are_a_possible_match_but_not_a_strong_one():
    score, reasons = score_of(Probe(first_name="", last_name="Smith", date_of_birth=BORN), "Jon Smith", BORN)
    assert duplicates.SUGGEST_FROM <= score < duplicates.STRONG
    assert reasons == ("same last name", "same date of birth")


def test_a_first_and_last_name_typed_the_wrong_way_round_still_match():
    assert name_similarity("Smith", "John", "John", "Smith") == 100


@pytest.mark.parametrize(
    ("name", "born", "same_postcode"),
    [
        pytest.param("Priya Patel", BORN, True, id="a different person with the same date of birth"),
        pytest.param("John Smith", date(2021, 11, 30), False, id="the same name with a different date of birth"),
    ],
)
def test_someone_else_scores_below_the_suggestion_line(name, born, same_postcode):
    probe = Probe(first_name="John", last_name="Smith", date_of_birth=BORN)
    score, _ = score_of(probe, name, born, same_postcode=same_postcode)
    assert score < duplicates.SUGGEST_FROM


@pytest.mark.parametrize(
    ("other", "close"),
    [(date(2023, 4, 5), True), (date(2023, 5, 14), True), (date(2022, 5, 4), True), (date(2022, 6, 4), False)],
)
def test_a_date_of_birth_with_one_part_mistyped_or_day_and_month_swapped_is_close(other, close):
    assert dates_close(BORN, other) is close


# Searching the records.


def test_it_finds_a_child_by_nhs_number_even_under_another_name(authority):
    ChildFactory(family=authority.family_a, first_name="Ruby", last_name="Jones", nhs_number=NHS)
    found = search(
        authority.worker, first_name="Rubie", last_name="Jonas", date_of_birth=None, nhs_number="943 476 5919"
    )
    assert families_of(found) == [authority.family_a]
    assert found.matches[0].score == 100
    assert found.matches[0].reasons == ("same NHS number",)
    assert found.matches[0].person_name == "Ruby Jones"


def test_it_finds_the_same_date_of_birth_and_a_similar_name_and_says_why(authority):
    ChildFactory(family=authority.family_a, first_name="John", last_name="Smith", date_of_birth=BORN)
    found = search(authority.worker, first_name="Jon", last_name="Smith", date_of_birth=BORN)
    [match] = found.matches
    assert match.family == authority.family_a
    assert match.person_name == "John Smith"
    assert "same date of birth" in match.reasons
    assert any(r.startswith("similar name (") for r in match.reasons)
    assert match.strong


def test_it_finds_a_carer_by_name_and_postcode(authority):
    AdultFactory(family=authority.family_a, first_name="Grace", last_name="Okafor")
    AddressFactory(family=authority.family_a, postcode="LS6 2AB")
    found = search(authority.worker, first_name="Grace", last_name="OKAFOR", postcode="ls62ab")
    [match] = found.matches
    assert match.family == authority.family_a
    assert set(match.reasons) == {"same name", "same postcode"}


def test_a_different_person_is_not_suggested(authority):
    # Same date of birth and same postcode, but nobody of that name.
    ChildFactory(family=authority.family_a, first_name="Priya", last_name="Patel", date_of_birth=BORN)
    AddressFactory(family=authority.family_a, postcode="LS6 2AB")
    found = search(authority.worker, first_name="John", last_name="Smith", date_of_birth=BORN, postcode="LS6 2AB")
    assert found.matches == []
    assert found.elsewhere == 0


def test_a_strong_match_at_another_centre_is_counted_but_not_shown(authority):
    ChildFactory(family=authority.family_b, first_name="John", last_name="Smith", date_of_birth=BORN)
    found = search(authority.worker, first_name="John", last_name="Smith", date_of_birth=BORN)
    assert found.matches == []
    assert found.elsewhere == 1
    assert found.elsewhere_centres == ["Brookfield"]


def test_merged_and_anonymised_records_are_not_suggested(authority):
    merged = FamilyFactory(registered_centre=authority.centre_a, merged_into=authority.family_a)
    anonymised = FamilyFactory(registered_centre=authority.centre_a, anonymised_at=timezone.now())
    for family in (merged, anonymised):
        ChildFactory(family=family, first_name="John", last_name="Smith", date_of_birth=BORN)
    assert search(authority.worker, first_name="John", last_name="Smith", date_of_birth=BORN).matches == []


def test_staff_who_see_no_named_records_get_no_suggestions(authority):
    ChildFactory(family=authority.family_a, first_name="John", last_name="Smith", date_of_birth=BORN)
    for user in (authority.analyst, authority.admin):
        found = search(user, first_name="John", last_name="Smith", date_of_birth=BORN)
        assert (found.matches, found.elsewhere) == ([], 0)


def test_the_most_specific_lookups_fill_the_candidate_cap_first(authority, monkeypatch):
    monkeypatch.setattr(duplicates, "CANDIDATE_CAP", 3)
    for _ in range(5):
        ChildFactory(family=FamilyFactory(registered_centre=authority.centre_a), last_name="Smith")
    ChildFactory(family=authority.family_a, first_name="Ruby", last_name="Smith", nhs_number=NHS)
    found = search(authority.worker, first_name="Ruby", last_name="Smith", date_of_birth=None, nhs_number=NHS)
    assert found.matches[0].family == authority.family_a


def test_the_number_of_queries_does_not_grow_with_the_candidates(authority, django_assert_max_num_queries):
    for i in range(40):
        family = FamilyFactory(registered_centre=authority.centre_a if i % 2 else authority.centre_b)
        AddressFactory(family=family, postcode="LS6 2AB")
        AdultFactory(family=family, last_name="Smith")
        ChildFactory(family=family, first_name="John", last_name="Smith", date_of_birth=BORN)
    with django_assert_max_num_queries(12):
        found = search(
            authority.worker,
            first_name="John",
            last_name="Smith",
            date_of_birth=BORN,
            nhs_number=NHS,
            postcode="LS6 2AB",
        )
    assert len(found.matches) == 10  # the limit
    assert found.elsewhere == 20


def test_another_family_holding_the_same_child_is_suggested_for_a_family(authority):
    ChildFactory(family=authority.family_a, first_name="John", last_name="Smith", date_of_birth=BORN)
    other = FamilyFactory(registered_centre=authority.centre_a)
    ChildFactory(family=other, first_name="Jonny", last_name="Smith", date_of_birth=BORN)
    found = family_duplicate_candidates(user=authority.manager, family=authority.family_a)
    assert families_of(found) == [other]


# The screen.


def test_the_screen_lists_suggestions_without_javascript(client, authority):
    ChildFactory(family=authority.family_a, first_name="John", last_name="Smith", date_of_birth=BORN)
    ChildFactory(family=authority.family_b, first_name="John", last_name="Smith", date_of_birth=BORN)
    client.force_login(authority.worker)
    response = client.get(
        reverse("families:duplicates"), {"first_name": "Jon", "last_name": "Smith", "date_of_birth": "4/5/2023"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert authority.family_a.reference in page
    assert authority.family_b.reference not in page
    assert "1 strong match at another centre: Brookfield" in page


def test_htmx_gets_only_the_search_block(client, authority):
    ChildFactory(family=authority.family_a, first_name="John", last_name="Smith", date_of_birth=BORN)
    client.force_login(authority.worker)
    response = client.get(
        reverse("families:duplicates"), {"last_name": "Smith", "date_of_birth": "2023-05-04"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="duplicate-search"' in page
    assert authority.family_a.reference in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"last_name": "Smith", "date_of_birth": "31/2/2024"}, "Enter a valid date"),
        ({"last_name": "Smith", "nhs_number": "1234567890"}, "not a valid NHS number"),
        ({"last_name": "Smith", "nhs_number": "12345"}, "10 digits"),
        ({"last_name": "Smith", "postcode": "QQ1 1QQ"}, "Enter a real postcode"),
        ({"first_name": "John"}, "Enter a last name or an NHS number"),
    ],
)
def test_bad_search_input_is_shown_as_form_errors(client, authority, params, message):
    client.force_login(authority.worker)
    response = client.get(reverse("families:duplicates"), params)
    assert response.status_code == 200
    assert response.context["suggestions"] is None
    assert message in response.content.decode()
