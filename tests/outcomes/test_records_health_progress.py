"""Children's health records and carers' progress; and how outcome records follow the family
through a merge, a subject access export and anonymisation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from centres.models import AuditEvent
from families.models import Family
from families.services.merge import family_merge
from families.services.privacy import family_anonymise, subject_access_export
from outcomes.models import AdultProgress, Assessment, AssessmentScore, HealthRecord, ProgressStatus, YesNoUnknown
from outcomes.records.selectors import latest_health
from outcomes.records.services import adult_progress_record, health_record
from tests.families.factories import AdultFactory, ChildFactory, FamilyFactory
from tests.outcomes.factories import AdultProgressFactory, AssessmentFactory, HealthRecordFactory, shipped

pytestmark = pytest.mark.django_db

YES, NO, UNKNOWN = YesNoUnknown.YES, YesNoUnknown.NO, YesNoUnknown.UNKNOWN


def record_health(authority, **kwargs):
    kwargs.setdefault("recorded_on", date(2026, 3, 2))
    kwargs.setdefault("source", "health_visitor")
    kwargs.setdefault("child", authority.child_a)
    return health_record(user=authority.worker, family=authority.family_a, **kwargs)


# ---------------------------------------------------------------------------------------------
# Health
# ---------------------------------------------------------------------------------------------


def test_health_information_is_recorded_as_a_dated_row_and_audited(authority):
    record = record_health(
        authority, breastfeeding_6_8_weeks=YES, review_2_2_5_done=True, review_2_2_5_on=date(2026, 2, 20)
    )
    assert (record.child, record.family, record.recorded_by) == (
        authority.child_a,
        authority.family_a,
        authority.worker,
    )
    assert record.immunisations_up_to_date == UNKNOWN
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(record.pk))
    assert event.family_id == authority.family_a.pk
    assert event.changed_fields == ["breastfeeding_6_8_weeks", "review_2_2_5_done"]
    record_health(authority, immunisations_up_to_date=NO, recorded_on=date(2026, 3, 9))
    assert HealthRecord.objects.filter(child=authority.child_a).count() == 2


def test_the_latest_known_answer_to_each_question_stands(authority):
    HealthRecordFactory(child=authority.child_a, recorded_on=date(2025, 8, 1), breastfeeding_6_8_weeks=YES)
    HealthRecordFactory(child=authority.child_a, recorded_on=date(2026, 1, 1), immunisations_up_to_date=NO)
    HealthRecordFactory(
        child=authority.child_a,
        recorded_on=date(2026, 2, 1),
        immunisations_up_to_date=YES,
        breastfeeding_6_8_weeks=UNKNOWN,
        source="parent",
    )
    facts = {fact.label: fact for fact in latest_health(list(authority.child_a.health_records.order_by("recorded_on")))}
    assert facts["Breastfed at 6 to 8 weeks"].answer == "Yes"  # a later "not known" does not undo it
    assert facts["Breastfed at 6 to 8 weeks"].recorded_on == date(2025, 8, 1)
    assert (facts["Immunisations up to date"].answer, facts["Immunisations up to date"].source) == (
        "Yes",
        "Parent report",
    )
    assert facts["2 to 2½ year review done"].answer == "Not known"


def test_a_record_with_nothing_known_is_refused(authority):
    with pytest.raises(ValidationError, match="at least one answer"):
        record_health(authority)


def test_breastfeeding_at_6_to_8_weeks_cannot_be_known_before_the_child_is_6_weeks_old(authority):
    baby = ChildFactory(family=authority.family_a, date_of_birth=timezone.localdate() - timedelta(weeks=3))
    with pytest.raises(ValidationError) as excinfo:
        record_health(authority, child=baby, recorded_on=timezone.localdate(), breastfeeding_6_8_weeks=YES)
    assert list(excinfo.value.message_dict) == ["breastfeeding_6_8_weeks"]


def test_a_review_date_goes_only_with_a_review_done(authority):
    with pytest.raises(ValidationError) as excinfo:
        record_health(authority, review_2_2_5_done=False, review_2_2_5_on=date(2026, 2, 1))
    assert list(excinfo.value.message_dict) == ["review_2_2_5_on"]
    with pytest.raises(ValidationError) as excinfo:
        record_health(authority, review_2_2_5_done=True, review_2_2_5_on=timezone.localdate() + timedelta(days=2))
    assert list(excinfo.value.message_dict) == ["review_2_2_5_on"]


def test_health_cannot_be_recorded_for_an_unborn_baby_or_another_familys_child(authority):
    unborn = ChildFactory(family=authority.family_a, date_of_birth=None, expected_date=date(2026, 12, 1))
    with pytest.raises(ValidationError, match="once the baby is born"):
        record_health(authority, child=unborn, immunisations_up_to_date=YES)
    with pytest.raises(PermissionDenied):
        record_health(authority, child=authority.child_b, immunisations_up_to_date=YES)


def post_health(client, authority, **changes):
    """The health form for child A, answered in full unless changed."""
    url = reverse(
        "outcomes:health_record", kwargs={"family_pk": authority.family_a.pk, "child_pk": authority.child_a.pk}
    )
    data = {
        "recorded_on": "2/3/2026",
        "source": "school_nurse",
        "breastfeeding_6_8_weeks": "unknown",
        "immunisations_up_to_date": "yes",
        "review_2_2_5_done": "yes",
        "review_2_2_5_on": "20/2/2026",
        "healthy_weight_reception": "unknown",
        **changes,
    }
    return client.post(url, data)


def test_the_health_form_records_and_shows_the_answers(client, authority):
    client.force_login(authority.worker)
    response = post_health(client, authority)
    assert response.status_code == 302
    record = HealthRecord.objects.get()
    assert (record.immunisations_up_to_date, record.review_2_2_5_done, record.source) == (YES, True, "school_nurse")
    page = client.get(reverse("outcomes:family", kwargs={"pk": authority.family_a.pk})).content.decode()
    assert "Yes, on 20 February 2026" in page


def test_a_mistake_on_the_health_form_is_a_field_error(client, authority):
    client.force_login(authority.worker)
    response = post_health(client, authority, review_2_2_5_done="no")  # not done, yet dated
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["review_2_2_5_on"]
    assert not HealthRecord.objects.exists()


# ---------------------------------------------------------------------------------------------
# Carers' progress
# ---------------------------------------------------------------------------------------------


def record_progress(authority, adult, on, status, note=""):
    return adult_progress_record(
        user=authority.worker, family=authority.family_a, adult=adult, recorded_on=on, status=status, note=note
    )


def test_a_carers_first_status_is_their_baseline_and_later_ones_are_not(authority):
    adult = authority.family_a.adults.get()
    first = record_progress(authority, adult, date(2026, 1, 10), ProgressStatus.NO_CHANGE)
    later = record_progress(authority, adult, date(2026, 5, 10), ProgressStatus.LEARNING, note="  ESOL  ")
    assert (first.baseline, later.baseline) == (True, False)
    assert later.note == "ESOL"
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(later.pk))
    assert (event.family_id, event.changed_fields) == (authority.family_a.pk, ["note", "status"])
    assert "ESOL" not in event.detail


def test_a_status_cannot_be_dated_before_the_baseline(authority):
    adult = authority.family_a.adults.get()
    record_progress(authority, adult, date(2026, 3, 1), ProgressStatus.NO_CHANGE)
    with pytest.raises(ValidationError) as excinfo:
        record_progress(authority, adult, date(2026, 2, 1), ProgressStatus.WORK)
    assert list(excinfo.value.message_dict) == ["recorded_on"]


def test_the_progress_form_records_a_status(client, authority):
    adult = authority.family_a.adults.get()
    client.force_login(authority.worker)
    url = reverse("outcomes:progress_record", kwargs={"family_pk": authority.family_a.pk, "adult_pk": adult.pk})
    assert "becomes their baseline" in client.get(url).content.decode()
    response = client.post(url, {"recorded_on": "2/3/2026", "status": "volunteering", "note": ""})
    assert response.status_code == 302
    assert AdultProgress.objects.get().status == ProgressStatus.VOLUNTEERING
    future = (timezone.localdate() + timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.post(url, {"recorded_on": future, "status": "work"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["recorded_on"]


# ---------------------------------------------------------------------------------------------
# Following the family: merge, export, anonymisation
# ---------------------------------------------------------------------------------------------


def test_a_merge_moves_every_outcome_record_to_the_family_that_stays(authority):
    keep = authority.family_a
    remove = FamilyFactory(registered_centre=authority.centre_a)
    child = ChildFactory(family=remove)
    adult = AdultFactory(family=remove)
    sdq = shipped("SDQ")
    assessment = AssessmentFactory(adult=None, child=child, instrument=sdq, total_score=Decimal("4"))
    AssessmentScore.objects.create(assessment=assessment, family=remove, domain=sdq.domains.first(), score=4)
    AssessmentFactory(adult=adult)
    HealthRecordFactory(child=child, immunisations_up_to_date=YES)
    AdultProgressFactory(adult=adult)

    report = family_merge(user=authority.manager, keep=keep, remove=remove)

    for model in (Assessment, AssessmentScore, HealthRecord, AdultProgress):
        assert not model.objects.filter(family=remove).exists()
        assert model.objects.filter(family=keep).exists()
    assert report.moved["assessments"] == 2
    assert report.moved["health records"] == 1
    assert report.moved["adult progress records"] == 1


def test_the_subject_access_export_carries_outcome_records_and_withholds_progress_notes(authority):
    adult = authority.family_a.adults.get()
    AssessmentFactory(adult=adult)
    AdultProgressFactory(adult=adult, note="Private detail")
    HealthRecordFactory(child=authority.child_a, breastfeeding_6_8_weeks=YES)
    export = subject_access_export(user=authority.worker, family=authority.family_a)
    other = export["other_records"]
    assert other["outcomes.assessment.family"][0]["total_score"] == "40.00"
    assert other["outcomes.healthrecord.family"][0]["breastfeeding_6_8_weeks"] == "yes"
    assert "note" not in other["outcomes.adultprogress.family"][0]
    assert "outcomes.adultprogress.note" in export["export"]["withheld"]
    restricted = subject_access_export(user=authority.worker_restricted, family=authority.family_a)
    assert restricted["other_records"]["outcomes.adultprogress.family"][0]["note"] == "Private detail"


def test_anonymising_blanks_progress_notes_and_keeps_the_scores(authority):
    adult = authority.family_a.adults.get()
    AssessmentFactory(adult=adult, total_score=Decimal("52"))
    AdultProgressFactory(adult=adult, note="Private detail", status=ProgressStatus.WORK)
    family_anonymise(family=Family.objects.get(pk=authority.family_a.pk))
    progress = AdultProgress.objects.get()
    assert (progress.note, progress.status) == ("", ProgressStatus.WORK)
    assert Assessment.objects.get().total_score == 52
