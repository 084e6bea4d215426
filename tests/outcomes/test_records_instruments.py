"""Outcome instruments as data: the shipped ones, their rules, and adding a local one."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from outcomes.models import DomainCutoff, Instrument, InstrumentDomain, InstrumentKind, Subject
from outcomes.models.instruments import cutoff_for, months_between
from tests.outcomes.factories import InstrumentDomainFactory, InstrumentFactory, shipped

pytestmark = pytest.mark.django_db

shipped_data = importlib.import_module("outcomes.migrations.0003_shipped_instruments")


def test_the_real_instruments_are_shipped_with_their_ranges_and_directions():
    wemwbs = shipped("WEMWBS")
    assert (wemwbs.min_score, wemwbs.max_score, wemwbs.higher_is_better) == (14, 70, True)
    assert wemwbs.reliable_change == Decimal("3")
    assert wemwbs.subject == Subject.ADULT and not wemwbs.local and wemwbs.active
    psoc = shipped("PSOC")
    assert (psoc.min_score, psoc.max_score, psoc.higher_is_better) == (17, 102, True)
    assert (shipped("SWEMWBS").min_score, shipped("SWEMWBS").max_score) == (7, 35)
    sdq = shipped("SDQ")
    assert (sdq.min_score, sdq.max_score, sdq.higher_is_better, sdq.subject) == (0, 40, False, Subject.CHILD)
    gld = shipped("EYFS_GLD")
    assert gld.kind == InstrumentKind.YES_NO and gld.min_score is None and gld.max_score is None


def test_the_sdq_prosocial_scale_is_scored_but_not_part_of_total_difficulties():
    domains = {d.code: d for d in shipped("SDQ").domains.all()}
    assert list(domains) == ["emotional", "conduct", "hyperactivity", "peer", "prosocial"]
    assert all((d.min_score, d.max_score) == (0, 10) for d in domains.values())
    assert [code for code, d in domains.items() if d.in_total] == ["emotional", "conduct", "hyperactivity", "peer"]
    assert domains["prosocial"].higher_is_better and not domains["peer"].higher_is_better


def test_asq3_has_five_domains_with_cutoffs_by_age_interval():
    domains = list(shipped("ASQ3").domains.all())
    assert [d.code for d in domains] == [
        "communication",
        "gross_motor",
        "fine_motor",
        "problem_solving",
        "personal_social",
    ]
    assert all((d.min_score, d.max_score, d.higher_is_better) == (0, 60, True) for d in domains)
    intervals = set(DomainCutoff.objects.filter(domain__in=domains).values_list("age_interval_months", flat=True))
    assert {12, 24, 36, 48} <= intervals
    assert DomainCutoff.objects.filter(domain__in=domains).count() == 5 * len(intervals)


def test_the_family_star_has_ten_areas_scored_one_to_ten():
    star = shipped("FAMILY_STAR")
    areas = list(star.domains.all())
    assert len(areas) == 10
    assert all((a.min_score, a.max_score) == (1, 10) for a in areas)
    assert (star.min_score, star.max_score) == (10, 100)


def test_loading_the_instruments_again_duplicates_nothing_and_keeps_an_administrators_choices():
    Instrument.objects.filter(code="SWEMWBS").update(active=False)
    counts = (Instrument.objects.count(), InstrumentDomain.objects.count(), DomainCutoff.objects.count())
    shipped_data.load_instruments(apps, None)
    assert (Instrument.objects.count(), InstrumentDomain.objects.count(), DomainCutoff.objects.count()) == counts
    assert not shipped("SWEMWBS").active


def test_loading_restores_a_missing_shipped_instrument():
    InstrumentDomain.objects.filter(instrument__code="SDQ").delete()
    Instrument.objects.filter(code="SDQ").delete()
    shipped_data.load_instruments(apps, None)
    assert shipped("SDQ").domains.count() == 5


def test_a_scale_needs_a_range_and_a_yes_no_instrument_has_none():
    with pytest.raises(ValidationError):
        Instrument(code="X", name="X", subject=Subject.ADULT, kind=InstrumentKind.SCALE).full_clean()
    with pytest.raises(ValidationError):
        Instrument(
            code="Y", name="Y", subject=Subject.CHILD, kind=InstrumentKind.YES_NO, min_score=0, max_score=1
        ).full_clean()
    with pytest.raises(ValidationError):
        InstrumentFactory.build(min_score=Decimal("10"), max_score=Decimal("5")).full_clean()


def test_a_domain_cutoff_must_be_within_its_scores():
    domain = InstrumentDomainFactory()
    domain.cutoff = Decimal("9")
    with pytest.raises(ValidationError, match="within the domain"):
        domain.full_clean()


def test_a_childs_cutoff_is_that_of_the_oldest_interval_they_have_reached():
    communication = shipped("ASQ3").domains.get(code="communication")
    by_interval = dict(communication.cutoffs.values_list("age_interval_months", "cutoff"))
    assert cutoff_for(communication, age_months=25) == by_interval[24]
    assert cutoff_for(communication, age_months=36) == by_interval[36]
    assert cutoff_for(communication, age_months=6) is None  # younger than any interval shipped
    local = InstrumentDomainFactory(cutoff=Decimal("2"))
    assert cutoff_for(local, age_months=30) == Decimal("2")


@pytest.mark.parametrize(
    ("born", "day", "months"),
    [("2024-06-01", "2026-06-01", 24), ("2024-06-15", "2026-06-14", 23), ("2024-01-31", "2024-02-29", 0)],
)
def test_age_in_whole_months(born, day, months):
    from datetime import date

    assert months_between(date.fromisoformat(born), date.fromisoformat(day)) == months


def test_an_administrator_adds_a_local_instrument_with_domains_in_the_admin_site(client, authority):
    client.force_login(authority.admin)
    data = {
        "code": "CONF",
        "name": "Parenting confidence (local)",
        "description": "",
        "subject": Subject.ADULT,
        "kind": InstrumentKind.SCALE,
        "min_score": "2",
        "max_score": "20",
        "higher_is_better": "on",
        "reliable_change": "",
        "active": "on",
        "domains-TOTAL_FORMS": "2",
        "domains-INITIAL_FORMS": "0",
        "domains-MIN_NUM_FORMS": "0",
        "domains-MAX_NUM_FORMS": "1000",
        "domains-0-order": "1",
        "domains-0-code": "home",
        "domains-0-name": "At home",
        "domains-0-min_score": "1",
        "domains-0-max_score": "10",
        "domains-0-higher_is_better": "on",
        "domains-0-in_total": "on",
        "domains-1-order": "2",
        "domains-1-code": "out",
        "domains-1-name": "Out and about",
        "domains-1-min_score": "1",
        "domains-1-max_score": "10",
        "domains-1-higher_is_better": "on",
        "domains-1-in_total": "on",
    }
    response = client.post(reverse("admin:outcomes_instrument_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    local = Instrument.objects.get(code="CONF")
    assert local.local and local.active
    assert [d.code for d in local.domains.all()] == ["home", "out"]


def test_a_shipped_instruments_codes_and_ranges_cannot_be_changed_in_the_admin_site(client, authority):
    client.force_login(authority.admin)
    sdq = shipped("SDQ")
    page = client.get(reverse("admin:outcomes_instrument_change", args=[sdq.pk])).content.decode()
    assert 'name="max_score"' not in page
    assert 'name="active"' in page
    assert 'name="domains-0-max_score"' not in page
    delete = client.get(reverse("admin:outcomes_instrument_delete", args=[sdq.pk]))
    assert delete.status_code == 403


def test_the_asq3_cutoffs_can_be_corrected_in_the_admin_site(client, authority):
    client.force_login(authority.admin)
    domain = shipped("ASQ3").domains.get(code="communication")
    page = client.get(reverse("admin:outcomes_instrumentdomain_change", args=[domain.pk])).content.decode()
    assert 'name="cutoffs-0-cutoff"' in page
    assert 'name="max_score"' not in page
