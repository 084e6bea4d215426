"""The demo authority's partnership working: partners, referrals with realistic delays, and
births of which most, not all, match registered children."""

from __future__ import annotations

import statistics
from datetime import date

import pytest

from centres import demo
from partnerships.models import BirthNotification, Partner, Referral

AS_OF = date(2026, 11, 1)


@pytest.mark.django_db
def test_the_demo_has_partners_referrals_and_births_mostly_matched():
    counts = demo.generate(scale="demo", seed=7, as_of=AS_OF)
    assert Partner.objects.count() == counts["partners"] >= 10
    assert Partner.objects.filter(agreements__isnull=True).exists()  # something for the screens to warn about
    referrals = Referral.objects.all()
    assert referrals.count() == counts["referrals"] > 50
    assert {"in", "out"} == set(referrals.values_list("direction", flat=True))
    days = list(referrals.filter(days_to_first_contact__isnull=False).values_list("days_to_first_contact", flat=True))
    assert 2 <= statistics.median(days) <= 10
    assert referrals.filter(first_contact_on__isnull=True, closed_on__isnull=True).exists()  # some still waiting
    births = BirthNotification.objects.all()
    matched = births.filter(matched_child__isnull=False).count()
    assert births.count() == counts["birth_notifications"] > 100
    assert 0.6 < matched / births.count() < 0.95
    assert births.filter(matched_child__isnull=True, centre__isnull=False).exists()  # outreach lists


@pytest.mark.django_db
def test_the_step_runs_again_over_the_partners_and_births_a_previous_build_left():
    """A test's wipe leaves partners and births behind (they hang off no family): a second build
    finds them by name and by the import's keys instead of failing on a unique rule."""
    import random

    from centres.demo.partnerships import step_partnerships
    from centres.models import Centre

    demo.generate(scale="demo", seed=7, as_of=AS_OF)
    before = (Partner.objects.count(), BirthNotification.objects.count())
    Referral.objects.all().delete()
    BirthNotification.objects.update(matched_child=None, match_method="", centre=None)
    ctx = demo.DemoContext(scale=demo.SCALES["demo"], seed=7, as_of=AS_OF, rng=random.Random(7), log=lambda _: None)
    ctx.centres = list(Centre.objects.all())
    step_partnerships(ctx)
    assert Partner.objects.count() == before[0]
    assert BirthNotification.objects.count() >= before[1]
    assert BirthNotification.objects.filter(matched_child__isnull=False).count() == ctx.counts["births_matched"] > 0
