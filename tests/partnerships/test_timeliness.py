"""P1: referral timeliness, by partner, direction and centre, against the target setting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Direction, PartnerKind, ReferralStatus
from partnerships.selectors import referral_timeliness
from tests.partnerships.factories import PartnerFactory, ReferralFactory

TODAY = date(2026, 6, 30)
RECEIVED = date(2026, 3, 2)


def contacted(family, partner, days, received_on=RECEIVED, **extra):
    return ReferralFactory(
        family=family,
        partner=partner,
        status=ReferralStatus.CONTACTED,
        received_on=received_on,
        first_contact_on=received_on + timedelta(days=days),
        **extra,
    )


@pytest.fixture
def partners(db):
    return PartnerFactory(name="Health visiting", kind=PartnerKind.HEALTH_VISITING), PartnerFactory(name="Home-Start")


def report(authority, **extra):
    fields = {
        "centre_ids": [authority.centre_a.pk],
        "start": date(2026, 1, 1),
        "end": date(2026, 6, 30),
        "today": TODAY,
    }
    return referral_timeliness(**{**fields, **extra})


def test_median_days_and_the_share_within_the_target_per_partner_and_direction(authority, partners, settings):
    settings.REFERRAL_FIRST_CONTACT_TARGET_DAYS = 10
    health, home_start = partners
    for days in (2, 5, 9, 14):
        contacted(authority.family_a, health, days)
    contacted(authority.family_a, home_start, 20)
    rows = {(r.direction, r.partner_name): r for r in report(authority).rows}
    row = rows[(Direction.IN, "Health visiting")]
    assert (row.referrals, row.contacted, row.within_target, row.median_days) == (4, 4, 3, 7)
    assert row.within_share == 0.75
    other = rows[(Direction.IN, "Home-Start")]
    assert (other.median_days, other.within_share) == (20, 0)


def test_the_target_is_a_setting(authority, partners, settings):
    contacted(authority.family_a, partners[0], 12)
    settings.REFERRAL_FIRST_CONTACT_TARGET_DAYS = 10
    assert report(authority, by=("direction",)).rows[0].within_target == 0
    settings.REFERRAL_FIRST_CONTACT_TARGET_DAYS = 14
    assert report(authority, by=("direction",)).rows[0].within_target == 1


def test_a_referral_waiting_past_the_target_counts_against_it_and_one_closed_without_contact_does_not(
    authority, partners, settings
):
    settings.REFERRAL_FIRST_CONTACT_TARGET_DAYS = 10
    contacted(authority.family_a, partners[0], 3)
    ReferralFactory(family=authority.family_a, partner=partners[0])  # waiting since 2 March
    ReferralFactory(
        family=authority.family_a, partner=partners[0], received_on=TODAY - timedelta(days=5)
    )  # in time yet
    ReferralFactory(
        family=authority.family_a,
        partner=partners[0],
        status=ReferralStatus.CLOSED,
        closed_on=RECEIVED + timedelta(days=4),
        outcome="not_accepted",
    )
    row = report(authority, by=("direction",)).rows[0]
    assert (row.referrals, row.contacted, row.overdue, row.measured, row.within_target) == (4, 1, 1, 2, 1)
    assert row.within_share == 0.5
    assert row.median_days == 3


def test_referrals_out_are_counted_apart_from_referrals_in(authority, partners):
    contacted(authority.family_a, partners[1], 4)
    contacted(authority.family_a, partners[1], 8, direction=Direction.OUT)
    rows = report(authority, by=("direction",)).rows
    assert [(r.direction, r.median_days) for r in rows] == [(Direction.IN, 4), (Direction.OUT, 8)]


def test_only_the_period_and_the_centres_asked_for_are_counted(authority, partners):
    contacted(authority.family_a, partners[0], 2)
    contacted(authority.family_b, partners[0], 2)
    ReferralFactory(family=authority.family_a, partner=partners[0], received_on=date(2025, 12, 31))
    assert sum(r.referrals for r in report(authority).rows) == 1
    both = report(authority, centre_ids=[authority.centre_a.pk, authority.centre_b.pk], by=("centre",))
    assert [(r.centre_name, r.referrals) for r in both.rows] == [("Ashby Road", 1), ("Brookfield", 1)]


def test_a_period_without_referrals_has_no_rows_and_no_median(authority):
    assert report(authority).rows == []


def test_the_timeliness_screen_shows_figures_to_analysts_for_every_centre_and_no_names(
    client, authority, partners, django_assert_max_num_queries
):
    contacted(authority.family_a, partners[0], 2, received_on=timezone.localdate() - timedelta(days=30))
    contacted(authority.family_b, partners[0], 6, received_on=timezone.localdate() - timedelta(days=30))
    client.force_login(authority.analyst)
    with django_assert_max_num_queries(14):  # three reports of two queries each, whatever the numbers
        page = client.get(reverse("partnerships:timeliness")).content.decode()
    assert "Ashby Road" in page and "Brookfield" in page
    assert authority.family_a.reference not in page
    client.force_login(authority.worker)
    page = client.get(reverse("partnerships:timeliness")).content.decode()
    assert "Brookfield" not in page
