"""Budget and spend per service (F1): financial years, the spend table, and who may change it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships.models import Partner, PartnerKind
from services.community.selectors import spend_by_service, spend_totals
from services.community.services import budget_set, spend_record
from services.models import (
    Budget,
    Category,
    Spend,
    financial_year_bounds,
    financial_year_label,
    financial_year_of,
)
from tests.services.factories import ServiceFactory, SessionFactory
from tests.services.factories_community import BudgetFactory, SpendFactory


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 3, 31), 2025),
        (date(2026, 4, 1), 2026),
        (date(2026, 1, 1), 2025),
        (date(2026, 12, 31), 2026),
        (date(2027, 3, 31), 2026),
    ],
)
def test_the_financial_year_starts_on_1_april(day, year):
    assert financial_year_of(day) == year


def test_a_financial_year_runs_from_1_april_to_31_march():
    assert financial_year_bounds(2026) == (date(2026, 4, 1), date(2027, 3, 31))
    assert financial_year_label(2026) == "2026-27"
    assert financial_year_label(1999) == "1999-00"


# ---------------------------------------------------------------------------------------------
# The spend table
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def spending(authority):
    """Centre A's services in 2025-26, with numbers worked out by hand:

    Stay and play: budget 1,000.00; spent 100.10 + 200.20 + 0.30 = 300.60 (the 31 March 2025
        and 1 April 2026 spend are other years); remaining 699.40.
    Parenting course (targeted): budget 500.00; spent 450.00 + 75.50 = 525.50; over by 25.50.
    Baby massage (a partner's, with sessions at centre A): no budget; spent 40.00.
    Old group (inactive, nothing in the year): not listed.
    Centre B's service: not listed.
    """
    a, b = authority.centre_a, authority.centre_b
    stay = ServiceFactory(name="Stay and play", provider_centre=a)
    course = ServiceFactory(name="Parenting course", provider_centre=a, category=Category.EVIDENCE_BASED)
    partner = Partner.objects.create(name="Health visiting team", kind=PartnerKind.HEALTH_VISITING)
    massage = ServiceFactory(name="Baby massage", provider_centre=None, provider_partner=partner)
    SessionFactory(service=massage, centre=a)
    ServiceFactory(name="Old group", provider_centre=a, active=False)
    elsewhere = ServiceFactory(name="Brookfield stay and play", provider_centre=b)

    BudgetFactory(service=stay, financial_year=2025, amount=Decimal("1000.00"))
    BudgetFactory(service=stay, financial_year=2026, amount=Decimal("9999.00"))
    BudgetFactory(service=course, financial_year=2025, amount=Decimal("500.00"))
    BudgetFactory(service=elsewhere, financial_year=2025, amount=Decimal("800.00"))
    for service, day, amount in [
        (stay, date(2025, 4, 1), "100.10"),
        (stay, date(2025, 10, 1), "200.20"),
        (stay, date(2026, 3, 31), "0.30"),
        (stay, date(2025, 3, 31), "5000.00"),
        (stay, date(2026, 4, 1), "7000.00"),
        (course, date(2025, 6, 1), "450.00"),
        (course, date(2025, 7, 1), "75.50"),
        (massage, date(2025, 8, 1), "40.00"),
        (elsewhere, date(2025, 8, 1), "123.00"),
    ]:
        SpendFactory(service=service, date=day, amount=Decimal(amount))
    return {"stay": stay, "course": course, "massage": massage}


def test_spend_by_service_matches_the_hand_worked_numbers(authority, spending):
    rows = {row.name: row for row in spend_by_service(centres=[authority.centre_a], financial_year=2025)}
    assert set(rows) == {"Stay and play", "Parenting course", "Baby massage"}
    assert (rows["Stay and play"].budget, rows["Stay and play"].spent, rows["Stay and play"].remaining) == (
        Decimal("1000.00"),
        Decimal("300.60"),
        Decimal("699.40"),
    )
    assert (rows["Parenting course"].remaining, rows["Parenting course"].over_by) == (
        Decimal("-25.50"),
        Decimal("25.50"),
    )
    assert (rows["Baby massage"].budget, rows["Baby massage"].spent, rows["Baby massage"].remaining) == (
        None,
        Decimal("40.00"),
        None,
    )
    for row in rows.values():
        assert isinstance(row.spent, Decimal)
    totals = spend_totals(rows.values())
    assert (totals.budget, totals.spent, totals.remaining) == (Decimal("1500.00"), Decimal("866.10"), Decimal("633.90"))
    assert (totals.targeted_spent, totals.universal_spent) == (Decimal("525.50"), Decimal("340.60"))


def test_spend_by_service_is_one_query(authority, spending, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(spend_by_service(centres=[authority.centre_a], financial_year=2025))
        assert {row.provider_partner.name for row in rows if row.provider_partner} == {"Health visiting team"}


def test_a_year_with_no_budget_or_spend_lists_active_services_at_zero(authority, spending):
    rows = {row.name: row for row in spend_by_service(centres=[authority.centre_a], financial_year=2030)}
    assert set(rows) == {"Stay and play", "Parenting course", "Baby massage"}
    assert all(row.spent == Decimal("0") and row.budget is None for row in rows.values())


def test_setting_a_budget_again_replaces_it(authority, spending):
    budget_set(user=authority.manager, service=spending["massage"], financial_year=2025, amount=Decimal("60"))
    budget_set(user=authority.manager, service=spending["massage"], financial_year=2025, amount=Decimal("75.25"))
    assert Budget.objects.get(service=spending["massage"], financial_year=2025).amount == Decimal("75.25")


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-10")])
def test_spend_must_be_more_than_nothing(authority, spending, amount):
    with pytest.raises(ValidationError):
        spend_record(
            user=authority.manager, service=spending["stay"], date=date(2025, 6, 1), amount=amount, description="x"
        )


def test_a_budget_cannot_be_negative(authority, spending):
    with pytest.raises(ValidationError):
        budget_set(user=authority.manager, service=spending["stay"], financial_year=2027, amount=Decimal("-1"))


# ---------------------------------------------------------------------------------------------
# The screens
# ---------------------------------------------------------------------------------------------


def test_a_manager_records_spend_and_sees_it_in_its_year(client, authority, spending):
    client.force_login(authority.manager)
    response = client.post(
        reverse("community:spend_add", args=[authority.centre_a.pk]),
        {"service": spending["stay"].pk, "date": "31/3/2026", "amount": "£1,234.56", "description": "Play mats"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2025")
    assert Spend.objects.get(description="Play mats").amount == Decimal("1234.56")


@pytest.mark.parametrize(
    ("url_name", "data", "field"),
    [
        ("community:spend_add", {"date": "1/6/2025", "amount": "-5", "description": "Refund?"}, "amount"),
        ("community:spend_add", {"date": "1/6/2025", "amount": "0", "description": "Nothing"}, "amount"),
        ("community:spend_add", {"date": "1/6/2025", "amount": "12.345", "description": "Pennies"}, "amount"),
        ("community:spend_add", {"date": "1/6/2999", "amount": "5", "description": "Later"}, "date"),
        ("community:budget_set", {"financial_year": "2025", "amount": "-100"}, "amount"),
        ("community:budget_set", {"financial_year": "1990", "amount": "100"}, "financial_year"),
    ],
)
def test_bad_money_is_a_field_error_not_a_crash(client, authority, spending, url_name, data, field):
    client.force_login(authority.manager)
    response = client.post(reverse(url_name, args=[authority.centre_a.pk]), {"service": spending["stay"].pk, **data})
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_a_manager_cannot_spend_against_another_centres_service(client, authority):
    elsewhere = ServiceFactory(provider_centre=authority.centre_b)
    client.force_login(authority.manager)
    response = client.post(
        reverse("community:spend_add", args=[authority.centre_a.pk]),
        {"service": elsewhere.pk, "date": "1/6/2025", "amount": "5", "description": "x"},
    )
    assert "service" in response.context["form"].errors


def test_a_worker_reads_the_spend_but_cannot_change_it(client, authority, spending):
    client.force_login(authority.worker)
    page = client.get(reverse("community:spend", args=[authority.centre_a.pk]), {"year": "2025"})
    assert page.status_code == 200
    assert "Record spend" not in page.content.decode()
    response = client.post(
        reverse("community:spend_add", args=[authority.centre_a.pk]),
        {"service": spending["stay"].pk, "date": "1/6/2025", "amount": "5", "description": "x"},
    )
    assert response.status_code == 403
    assert not Spend.objects.filter(description="x").exists()


def test_an_analyst_reads_every_centres_table_but_not_the_spend_lines(client, authority, spending):
    client.force_login(authority.analyst)
    response = client.get(reverse("community:spend_overview"), {"year": "2025"})
    names = {row.name for row in response.context["rows"]}
    assert {"Stay and play", "Brookfield stay and play"} <= names
    assert response.context["spend_lines"] is None
    page = client.get(reverse("community:spend", args=[authority.centre_a.pk]), {"year": "2025"}).content.decode()
    assert "£699.40" in page
    assert "Over by £25.50" in page
    assert "Craft materials" not in page  # what the spend was on, and who recorded it, stay with the centre


def test_the_spend_table_takes_a_fixed_number_of_queries(client, authority, django_assert_max_num_queries):
    for service in ServiceFactory.create_batch(10, provider_centre=authority.centre_a):
        BudgetFactory(service=service)
        SpendFactory.create_batch(3, service=service)
    client.force_login(authority.manager)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("community:spend", args=[authority.centre_a.pk]), {"year": "2025"})
    assert len(response.context["rows"]) == 10
    assert response.context["totals"].spent == Decimal("3000.00")
