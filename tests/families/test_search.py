"""Finding a family by name, date of birth, NHS number or postcode."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from families.search import MAX_NAME_TOKENS, SearchKind, family_search, interpret_query
from tests.families.factories import AddressFactory, AdultFactory, ChildFactory, FamilyFactory

K = SearchKind


@pytest.mark.parametrize(
    ("query", "kind", "value"),
    [
        ("", K.ALL, None),
        ("   ", K.ALL, None),
        ("943 476 5919", K.NHS_NUMBER, "9434765919"),
        ("9434765919", K.NHS_NUMBER, "9434765919"),
        ("1/6/2024", K.DATE_OF_BIRTH, date(2024, 6, 1)),
        ("01/06/2024", K.DATE_OF_BIRTH, date(2024, 6, 1)),
        ("2024-06-01", K.DATE_OF_BIRTH, date(2024, 6, 1)),
        ("31/02/2024", K.INVALID_DATE, None),
        ("sw1a1aa", K.POSTCODE, "SW1A 1AA"),
        (" SW1A  1AA ", K.POSTCODE, "SW1A 1AA"),
        ("Ava  khan", K.NAME, ("Ava", "khan")),
        ("Khan, Ava", K.NAME, ("Khan", "Ava")),
        ("94347659", K.NAME, ("94347659",)),
    ],
)
def test_it_reads_what_kind_of_search_the_text_is(query, kind, value):
    terms = interpret_query(query)
    assert terms.kind == kind
    if kind == K.NHS_NUMBER:
        assert terms.nhs_number == value
    elif kind == K.DATE_OF_BIRTH:
        assert terms.day == value
    elif kind == K.POSTCODE:
        assert terms.postcode == value
    elif kind == K.NAME:
        assert terms.names == value


def test_it_ignores_words_past_the_limit():
    assert len(interpret_query("a b c d e f g h").names) == MAX_NAME_TOKENS


@pytest.fixture
def khan(authority):
    """Family A of the authority: Ava (child) and her mother Sara Khan, at a current and an old address."""
    family = authority.family_a
    family.adults.all().delete()
    AdultFactory(family=family, first_name="Sara", last_name="Khan", date_of_birth=date(1990, 3, 4))
    child = authority.child_a
    child.last_name, child.nhs_number, child.date_of_birth = "Khan", "9434765919", date(2024, 6, 1)
    child.save()
    AddressFactory(family=family, postcode="ZX1 0AB", moved_in=date(2025, 1, 1))
    AddressFactory(family=family, postcode="ZX9 9ZZ", moved_in=date(2020, 1, 1), moved_out=date(2024, 12, 31))
    return family


def found(user, query):
    return list(family_search(user=user, query=query))


def test_it_finds_a_child_by_nhs_number_exactly(authority, khan):
    assert found(authority.worker, "943 476 5919") == [khan]
    assert found(authority.worker, "943 476 5918") == []


def test_it_finds_a_family_by_its_current_postcode_only(authority, khan):
    assert found(authority.worker, "zx10ab") == [khan]
    assert found(authority.worker, "ZX9 9ZZ") == []


@pytest.mark.parametrize("query", ["1/6/2024", "2024-06-01", "04/03/1990", "1990-03-04"])
def test_it_finds_a_family_by_the_date_of_birth_of_a_child_or_carer(authority, khan, query):
    assert found(authority.worker, query) == [khan]


def test_a_date_that_does_not_exist_finds_nothing(authority, khan):
    assert found(authority.worker, "30/02/2024") == []


@pytest.mark.parametrize("query", ["khan", "KHA", "ava", "sara khan", "Ava Khan", "ava sara"])
def test_every_word_must_start_a_name_of_someone_in_the_family(authority, khan, query):
    assert found(authority.worker, query) == [khan]


@pytest.mark.parametrize("query", ["han", "ava smith", "Sarah"])
def test_a_word_matching_no_name_start_finds_nothing(authority, khan, query):
    assert found(authority.worker, query) == []


def test_a_family_is_listed_once_however_many_people_match(authority, khan):
    ChildFactory(family=khan, first_name="Adam", last_name="Khan")
    assert found(authority.worker, "khan") == [khan]
    assert family_search(user=authority.worker, query="khan").count() == 1


def test_an_empty_search_lists_every_visible_family(authority):
    assert found(authority.worker, "") == [authority.family_a]
    authority.worker.centres.add(authority.centre_b)
    assert set(found(authority.worker, "")) == {authority.family_a, authority.family_b}


def test_a_worker_never_finds_another_centres_family(authority):
    authority.child_b.nhs_number = "9434765919"
    authority.child_b.save()
    AddressFactory(family=authority.family_b, postcode="ZX1 0AB")
    for query in ("Bea", "943 476 5919", "ZX1 0AB", "1/6/2024", ""):
        assert authority.family_b not in found(authority.worker, query)
        assert authority.family_b not in found(authority.manager, query)


def test_authority_roles_find_nobody(authority):
    assert found(authority.analyst, "") == []
    assert found(authority.admin, "Ava") == []


def test_merged_and_anonymised_families_are_not_found(authority, khan):
    duplicate = FamilyFactory(registered_centre=authority.centre_a, merged_into=khan)
    AdultFactory(family=duplicate, first_name="Sara", last_name="Khan")
    gone = FamilyFactory(registered_centre=authority.centre_a, anonymised_at=datetime(2026, 1, 1, tzinfo=UTC))
    AdultFactory(family=gone, first_name="Sara", last_name="Khanom")
    assert found(authority.worker, "sara kha") == [khan]


def test_newest_registrations_come_first(authority):
    older = FamilyFactory(registered_centre=authority.centre_a, registration_date=date(2020, 1, 1))
    newer = FamilyFactory(registered_centre=authority.centre_a, registration_date=date(2026, 2, 1))
    assert found(authority.worker, "") == [newer, authority.family_a, older]


def test_the_search_screen_shows_the_results_table(client, authority, khan):
    client.force_login(authority.worker)
    response = client.get(reverse("families:search"), {"q": "ava khan"})
    page = response.content.decode()
    assert response.status_code == 200
    assert khan.reference in page
    assert "Sara Khan" in page
    assert "Ava Khan, born 1 Jun 2024" in page
    assert "ZX1 0AB" in page
    assert "Ashby Road" in page
    assert authority.family_b.reference not in page


def test_the_search_screen_keeps_the_query_in_the_page_links(client, authority):
    for _ in range(51):
        AdultFactory(family=FamilyFactory(registered_centre=authority.centre_a), last_name="Zedbury")
    client.force_login(authority.worker)
    response = client.get(reverse("families:search"), {"q": "zedbury"})
    assert response.context["page_obj"].paginator.count == 51
    assert "?q=zedbury&amp;page=2" in response.content.decode()


def test_analysts_may_not_search(client, authority):
    client.force_login(authority.analyst)
    assert client.get(reverse("families:search"), {"q": "Ava"}).status_code == 403


def _families_with_people(centre, count):
    for _ in range(count):
        family = FamilyFactory(registered_centre=centre)
        AdultFactory.create_batch(2, family=family, last_name="Patel")
        ChildFactory.create_batch(2, family=family, last_name="Patel")
        AddressFactory(family=family)


@pytest.mark.parametrize("query", ["", "patel", "ZX1 0AB"])
def test_the_search_screen_makes_the_same_number_of_queries_for_any_number_of_results(
    client, authority, django_assert_max_num_queries, query
):
    client.force_login(authority.worker)
    _families_with_people(authority.centre_a, 2)
    client.get(reverse("families:search"), {"q": query})  # session and caches warm
    with django_assert_max_num_queries(11) as few:
        client.get(reverse("families:search"), {"q": query})
    _families_with_people(authority.centre_a, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("families:search"), {"q": query})
    assert response.context["page_obj"].paginator.count >= 22
