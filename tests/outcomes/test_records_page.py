"""A family's outcomes page: each person's assessments with the change from baseline to latest."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from centres.models import AuditEvent
from outcomes.models import Assessment, AssessmentScore, TimePoint
from outcomes.records.selectors import AssessmentRow, assessment_change, series_of
from tests.families.factories import AdultFactory, ChildFactory
from tests.outcomes.factories import (
    AdultProgressFactory,
    AssessmentFactory,
    HealthRecordFactory,
    InstrumentFactory,
    shipped,
)

pytestmark = pytest.mark.django_db


def scored(instrument, total, time_point=TimePoint.REVIEW, on=date(2026, 3, 1)):
    return Assessment(instrument=instrument, total_score=Decimal(total), time_point=time_point, assessed_on=on)


# ---------------------------------------------------------------------------------------------
# The change from baseline (pure helpers)
# ---------------------------------------------------------------------------------------------


def test_a_rise_on_a_higher_is_better_scale_is_an_improvement_and_reliable_past_the_threshold():
    wemwbs = shipped("WEMWBS")
    change = assessment_change(instrument=wemwbs, baseline=scored(wemwbs, "40"), later=scored(wemwbs, "45"))
    assert (change.amount, change.direction, change.reliable, change.label) == (5, "improved", True, "Better by 5")
    small = assessment_change(instrument=wemwbs, baseline=scored(wemwbs, "40"), later=scored(wemwbs, "42"))
    assert (small.direction, small.reliable) == ("improved", False)


def test_a_fall_on_a_lower_is_better_scale_is_an_improvement():
    sdq = shipped("SDQ")
    change = assessment_change(instrument=sdq, baseline=scored(sdq, "18"), later=scored(sdq, "11.5"))
    assert (change.amount, change.direction, change.reliable, change.label) == (
        Decimal("-6.5"),
        "improved",
        None,
        "Better by 6.5",
    )
    worse = assessment_change(instrument=sdq, baseline=scored(sdq, "11"), later=scored(sdq, "14"))
    assert (worse.direction, worse.label) == ("worse", "Worse by 3")
    same = assessment_change(instrument=sdq, baseline=scored(sdq, "11"), later=scored(sdq, "11"))
    assert (same.direction, same.label) == ("same", "No change")


def test_a_yes_no_instrument_improves_when_the_answer_becomes_yes():
    gld = shipped("EYFS_GLD")
    no, yes = Assessment(achieved=False), Assessment(achieved=True)
    assert assessment_change(instrument=gld, baseline=no, later=yes).direction == "improved"
    assert assessment_change(instrument=gld, baseline=yes, later=no).direction == "worse"
    assert assessment_change(instrument=gld, baseline=yes, later=yes).label == "No change"


def test_the_latest_assessment_is_compared_with_the_last_baseline_before_it():
    wemwbs = shipped("WEMWBS")
    rows = [
        AssessmentRow(assessment=scored(wemwbs, "30", TimePoint.BASELINE, date(2025, 1, 1)), scores=[]),
        AssessmentRow(assessment=scored(wemwbs, "50", TimePoint.EXIT, date(2025, 4, 1)), scores=[]),
        AssessmentRow(assessment=scored(wemwbs, "40", TimePoint.BASELINE, date(2026, 1, 1)), scores=[]),
        AssessmentRow(assessment=scored(wemwbs, "44", TimePoint.EXIT, date(2026, 4, 1)), scores=[]),
    ]
    series = series_of(instrument=wemwbs, rows=rows)
    assert series.baseline is rows[2].assessment and series.latest is rows[3].assessment
    assert series.change is not None and series.change.amount == 4
    just_begun = series_of(instrument=wemwbs, rows=rows[:3])
    assert just_begun.baseline is rows[2].assessment and just_begun.change is None
    no_baseline = series_of(instrument=wemwbs, rows=[rows[1]])
    assert no_baseline.latest is rows[1].assessment and no_baseline.change is None


# ---------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------


def outcomes_url(family):
    return reverse("outcomes:family", kwargs={"pk": family.pk})


def test_the_page_shows_the_change_from_baseline_to_exit(client, authority):
    adult = authority.family_a.adults.get()
    AssessmentFactory(adult=adult, total_score=Decimal("38"), time_point=TimePoint.BASELINE)
    AssessmentFactory(adult=adult, total_score=Decimal("41"), time_point=TimePoint.REVIEW, assessed_on=date(2026, 4, 1))
    AssessmentFactory(adult=adult, total_score=Decimal("46"), time_point=TimePoint.EXIT, assessed_on=date(2026, 6, 1))
    client.force_login(authority.worker)
    response = client.get(outcomes_url(authority.family_a))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Warwick-Edinburgh Mental Wellbeing Scale" in page
    assert "Better by 8" in page
    assert "a reliable change (at least 3 points)" in page
    assert "to the exit on 1 Jun 2026" in page
    [person] = [p for p in response.context["page"].people if not p.is_child]
    [series] = person.series
    assert (series.baseline.total_score, series.latest.total_score) == (38, 46)


def test_an_asq3_domain_below_the_cutoff_for_the_childs_age_is_flagged(client, authority):
    asq = shipped("ASQ3")
    # Ava was born on 1 June 2024: 24 months old on 1 June 2026.
    assessment = AssessmentFactory(
        adult=None, child=authority.child_a, instrument=asq, total_score=Decimal("215"), assessed_on=date(2026, 6, 1)
    )
    values = {"communication": "20", "gross_motor": "50", "fine_motor": "50", "problem_solving": "50"}
    values["personal_social"] = "45"
    for domain in asq.domains.all():
        AssessmentScore.objects.create(
            assessment=assessment, family=authority.family_a, domain=domain, score=Decimal(values[domain.code])
        )
    cutoff = asq.domains.get(code="communication").cutoffs.get(age_interval_months=24).cutoff
    client.force_login(authority.worker)
    response = client.get(outcomes_url(authority.family_a))
    [child] = [p for p in response.context["page"].people if p.is_child]
    [row] = child.series[0].rows
    flagged = [score.name for score in row.scores if score.concern]
    assert flagged == ["Communication"]
    assert f"Below the cutoff of {cutoff.normalize():f}" in response.content.decode()


def test_viewing_the_page_is_audited(client, authority):
    client.force_login(authority.worker)
    client.get(outcomes_url(authority.family_a))
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, family_id=authority.family_a.pk)
    assert event.user == authority.worker


def test_progress_notes_are_shown_only_to_staff_with_restricted_access(client, authority):
    AdultProgressFactory(adult=authority.family_a.adults.get(), note="Started an ESOL course at the college")
    client.force_login(authority.worker)
    assert "ESOL course" not in client.get(outcomes_url(authority.family_a)).content.decode()
    client.force_login(authority.worker_restricted)
    assert "ESOL course" in client.get(outcomes_url(authority.family_a)).content.decode()


def _fill(family, worker, n):
    """n more people with assessments (with domain scores), health records and progress."""
    sdq, wemwbs = shipped("SDQ"), shipped("WEMWBS")
    local = InstrumentFactory()
    for i in range(n):
        child = ChildFactory(family=family)
        adult = AdultFactory(family=family)
        for time_point, on in ((TimePoint.BASELINE, date(2026, 1, 5)), (TimePoint.EXIT, date(2026, 5, 5))):
            assessment = AssessmentFactory(
                adult=None, child=child, instrument=sdq, time_point=time_point, assessed_on=on, recorded_by=worker
            )
            for domain in sdq.domains.all():
                AssessmentScore.objects.create(assessment=assessment, family=family, domain=domain, score=2 + i % 3)
            AssessmentFactory(adult=adult, instrument=wemwbs, time_point=time_point, assessed_on=on, recorded_by=worker)
            AssessmentFactory(adult=adult, instrument=local, time_point=time_point, total_score=5, recorded_by=worker)
        HealthRecordFactory(child=child, breastfeeding_6_8_weeks="yes", recorded_by=worker)
        AdultProgressFactory(adult=adult, recorded_by=worker)


def test_the_page_takes_the_same_number_of_queries_however_many_records(
    client, authority, django_assert_max_num_queries
):
    client.force_login(authority.worker)
    _fill(authority.family_a, authority.worker, 1)
    with django_assert_max_num_queries(20) as small:
        client.get(outcomes_url(authority.family_a))
    _fill(authority.family_a, authority.worker, 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(outcomes_url(authority.family_a))
    assert len(response.context["page"].people) == 2 * 7 + 2
