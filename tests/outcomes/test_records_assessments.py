"""Recording assessments: scores checked against the instrument, totals worked out, audited."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from centres.models import AuditEvent
from outcomes.models import Assessment, AssessmentScore, TimePoint
from outcomes.records.services import assessment_record
from tests.families.factories import AdultFactory, ChildFactory
from tests.outcomes.factories import AssessmentFactory, InstrumentDomainFactory, InstrumentFactory, shipped
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db

SDQ_SCORES = {"emotional": "3", "conduct": "2", "hyperactivity": "6", "peer": "1", "prosocial": "8"}


def carer(authority):
    return authority.family_a.adults.get()


def record(authority, code, person, **kwargs):
    kwargs.setdefault("time_point", TimePoint.BASELINE)
    kwargs.setdefault("assessed_on", date(2026, 3, 2))
    return assessment_record(
        user=authority.worker, family=authority.family_a, instrument=shipped(code), person=person, **kwargs
    )


def errors_of(excinfo):
    return excinfo.value.message_dict


def test_a_total_is_recorded_for_an_instrument_without_domains(authority):
    assessment = record(authority, "WEMWBS", carer(authority), total_score=Decimal("41"))
    assessment.refresh_from_db()
    assert assessment.total_score == 41
    assert (assessment.adult, assessment.child, assessment.family) == (carer(authority), None, authority.family_a)
    assert assessment.recorded_by == authority.worker


@pytest.mark.parametrize("total", ["13", "71", "-1", "40.555"])
def test_a_total_outside_the_instruments_range_is_an_error_on_the_total(authority, total):
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "WEMWBS", carer(authority), total_score=Decimal(total))
    assert list(errors_of(excinfo)) == ["total_score"]
    assert not Assessment.objects.exists()


def test_a_missing_total_is_an_error_on_the_total(authority):
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "PSOC", carer(authority))
    assert errors_of(excinfo) == {"total_score": ["Enter the total score"]}


def test_the_total_is_worked_out_from_the_domains_that_count_towards_it(authority):
    scores = {code: Decimal(value) for code, value in SDQ_SCORES.items()}
    assessment = record(authority, "SDQ", authority.child_a, scores=scores)
    assert assessment.total_score == 3 + 2 + 6 + 1  # total difficulties: not the prosocial scale
    stored = dict(AssessmentScore.objects.filter(assessment=assessment).values_list("domain__code", "score"))
    assert stored == {code: Decimal(value) for code, value in SDQ_SCORES.items()}
    assert set(AssessmentScore.objects.values_list("family", flat=True)) == {authority.family_a.pk}


def test_every_domain_out_of_range_or_missing_is_named_at_once(authority):
    scores = {"emotional": Decimal("11"), "conduct": Decimal("-1"), "hyperactivity": Decimal("4"), "peer": None}
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "SDQ", authority.child_a, scores=scores)
    errors = errors_of(excinfo)
    assert set(errors) == {"score_emotional", "score_conduct", "score_peer", "score_prosocial"}
    assert errors["score_emotional"] == ["The Emotional symptoms score must be between 0 and 10"]
    assert errors["score_peer"] == ["Enter the Peer relationship problems score"]
    assert not Assessment.objects.exists()


def test_a_total_given_with_domain_scores_must_match_them(authority):
    scores = {code: Decimal(value) for code, value in SDQ_SCORES.items()}
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "SDQ", authority.child_a, scores=scores, total_score=Decimal("20"))
    assert errors_of(excinfo) == {"total_score": ["The domain scores add up to 12, not 20"]}


def test_domain_scores_adding_up_beyond_the_total_range_are_refused(authority):
    instrument = InstrumentFactory(min_score=Decimal("0"), max_score=Decimal("6"))
    InstrumentDomainFactory(instrument=instrument, code="a", max_score=Decimal("5"))
    InstrumentDomainFactory(instrument=instrument, code="b", max_score=Decimal("5"))
    with pytest.raises(ValidationError, match="add up to 8, outside the total's range of 0 to 6"):
        assessment_record(
            user=authority.worker,
            family=authority.family_a,
            instrument=instrument,
            person=carer(authority),
            time_point=TimePoint.BASELINE,
            assessed_on=date(2026, 3, 2),
            scores={"a": Decimal("4"), "b": Decimal("4")},
        )


def test_a_yes_no_instrument_needs_its_answer_and_takes_no_score(authority):
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "EYFS_GLD", authority.child_a)
    assert list(errors_of(excinfo)) == ["achieved"]
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "EYFS_GLD", authority.child_a, achieved=True, total_score=Decimal("1"))
    assert list(errors_of(excinfo)) == ["total_score"]
    assessment = record(authority, "EYFS_GLD", authority.child_a, achieved=True)
    assert (assessment.achieved, assessment.total_score) == (True, None)


def test_a_scored_instrument_takes_no_yes_no_answer(authority):
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "WEMWBS", carer(authority), total_score=Decimal("40"), achieved=True)
    assert list(errors_of(excinfo)) == ["achieved"]


def test_the_person_must_be_of_the_family_and_suit_the_instrument(authority):
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "WEMWBS", authority.child_a, total_score=Decimal("40"))
    assert "choose one" in errors_of(excinfo)["person"][0]
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "SDQ", carer(authority), scores={})
    assert "choose a child" in errors_of(excinfo)["person"][0]
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "WEMWBS", authority.family_b.adults.get(), total_score=Decimal("40"))
    assert errors_of(excinfo) == {"person": ["Choose someone in this family"]}


def test_an_unborn_baby_cannot_be_assessed(authority):
    unborn = ChildFactory(family=authority.family_a, date_of_birth=None, expected_date=date(2026, 12, 1))
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "EYFS_GLD", unborn, achieved=True)
    assert list(errors_of(excinfo)) == ["person"]


def test_the_date_cannot_be_in_the_future_or_before_the_child_was_born(authority):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "WEMWBS", carer(authority), total_score=Decimal("40"), assessed_on=tomorrow)
    assert list(errors_of(excinfo)) == ["assessed_on"]
    with pytest.raises(ValidationError) as excinfo:
        record(authority, "EYFS_GLD", authority.child_a, achieved=True, assessed_on=date(2024, 5, 1))
    assert "before the child was born" in errors_of(excinfo)["assessed_on"][0]


def test_a_retired_instrument_cannot_be_recorded(authority):
    wemwbs = shipped("WEMWBS")
    wemwbs.active = False
    wemwbs.save()
    with pytest.raises(ValidationError, match="no longer in use"):
        record(authority, "WEMWBS", carer(authority), total_score=Decimal("40"))


def test_only_staff_of_the_familys_centre_may_record(authority):
    for user in (authority.analyst, authority.admin):
        with pytest.raises(PermissionDenied):
            assessment_record(
                user=user,
                family=authority.family_a,
                instrument=shipped("WEMWBS"),
                person=carer(authority),
                time_point=TimePoint.BASELINE,
                assessed_on=date(2026, 3, 2),
                total_score=Decimal("40"),
            )
    with pytest.raises(PermissionDenied):
        assessment_record(
            user=authority.worker,
            family=authority.family_b,
            instrument=shipped("WEMWBS"),
            person=authority.family_b.adults.get(),
            time_point=TimePoint.BASELINE,
            assessed_on=date(2026, 3, 2),
            total_score=Decimal("40"),
        )


def test_recording_is_audited_against_the_family_without_the_scores(authority):
    assessment = record(authority, "WEMWBS", carer(authority), total_score=Decimal("41"))
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(assessment.pk))
    assert event.family_id == authority.family_a.pk
    assert event.user == authority.worker
    assert event.object_type.model == "assessment"
    assert event.detail == "WEMWBS baseline"
    assert "41" not in event.detail


def test_an_assessment_is_of_exactly_one_person_in_the_database(authority):
    child, adult = authority.child_a, carer(authority)
    for people in ({"child": child, "adult": adult}, {"child": None, "adult": None}):
        with pytest.raises(IntegrityError), transaction.atomic():
            AssessmentFactory(**people, family=authority.family_a)
    with pytest.raises(ValidationError, match="one child or one carer"):
        AssessmentFactory.build(
            child=child, adult=adult, family=authority.family_a, recorded_by=authority.worker
        ).full_clean()


def test_an_assessment_has_a_score_or_an_answer_in_the_database(authority):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFactory(adult=carer(authority), total_score=None, achieved=None)


# ---------------------------------------------------------------------------------------------
# The screens
# ---------------------------------------------------------------------------------------------


def test_choosing_an_instrument_leads_to_its_form(client, authority):
    client.force_login(authority.worker)
    url = reverse("outcomes:assessment_choose", kwargs={"family_pk": authority.family_a.pk})
    page = client.get(url).content.decode()
    assert "Strengths and Difficulties Questionnaire" in page and 'value="SDQ"' in page
    response = client.get(url, {"instrument": "SDQ"})
    assert response["Location"] == reverse(
        "outcomes:assessment_record", kwargs={"family_pk": authority.family_a.pk, "code": "SDQ"}
    )


def test_a_retired_instrument_is_not_offered(client, authority):
    InstrumentFactory(name="Old local scale", active=False)
    client.force_login(authority.worker)
    page = client.get(reverse("outcomes:assessment_choose", kwargs={"family_pk": authority.family_a.pk}))
    assert "Old local scale" not in page.content.decode()


def test_the_form_has_a_score_field_for_each_domain_of_the_instrument(client, authority):
    client.force_login(authority.worker)
    url = reverse("outcomes:assessment_record", kwargs={"family_pk": authority.family_a.pk, "code": "ASQ3"})
    page = client.get(url).content.decode()
    for code in ("communication", "gross_motor", "fine_motor", "problem_solving", "personal_social"):
        assert f'name="score_{code}"' in page
    assert 'name="total_score"' not in page
    assert "Ava" in page  # the child, not the carer, is offered
    wemwbs = client.get(
        reverse("outcomes:assessment_record", kwargs={"family_pk": authority.family_a.pk, "code": "WEMWBS"})
    ).content.decode()
    assert 'name="total_score"' in wemwbs and "From 14 to 70" in wemwbs
    assert 'name="score_' not in wemwbs


def sdq_post(authority, **changes):
    data = {
        "person": authority.child_a.pk,
        "time_point": TimePoint.BASELINE,
        "assessed_on": "2/3/2026",
        "service": "",
        **{f"score_{code}": value for code, value in SDQ_SCORES.items()},
    }
    data.update(changes)
    return data


def test_saving_the_form_records_the_assessment_and_goes_to_the_outcomes_page(client, authority):
    service = ServiceFactory(provider_centre=authority.centre_a, name="Incredible Years")
    client.force_login(authority.worker)
    url = reverse("outcomes:assessment_record", kwargs={"family_pk": authority.family_a.pk, "code": "SDQ"})
    response = client.post(url, sdq_post(authority, service=service.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("outcomes:family", kwargs={"pk": authority.family_a.pk})
    assessment = Assessment.objects.get()
    assert (assessment.child, assessment.total_score, assessment.service) == (authority.child_a, 12, service)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"score_conduct": "12"}, "score_conduct", "The Conduct problems score must be between 0 and 10"),
        ({"score_peer": ""}, "score_peer", "Enter the Peer relationship problems score"),
        ({"score_peer": "lots"}, "score_peer", "Enter a number"),
        ({"score_peer": "1.234"}, "score_peer", "at most 2 decimal places"),
        ({"assessed_on": "1/1/2024"}, "assessed_on", "before the child was born"),
    ],
)
def test_a_bad_score_is_shown_beside_its_field_and_saves_nothing(client, authority, changes, field, message):
    client.force_login(authority.worker)
    url = reverse("outcomes:assessment_record", kwargs={"family_pk": authority.family_a.pk, "code": "SDQ"})
    response = client.post(url, sdq_post(authority, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert "There is a problem" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_total_out_of_range_on_the_form_is_a_field_error(client, authority):
    client.force_login(authority.worker)
    url = reverse("outcomes:assessment_record", kwargs={"family_pk": authority.family_a.pk, "code": "WEMWBS"})
    data = {"person": carer(authority).pk, "time_point": "exit", "assessed_on": "2/3/2026", "total_score": "80"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"total_score": ["The total score must be between 14 and 70"]}


def test_a_person_of_another_family_cannot_be_posted(client, authority):
    client.force_login(authority.worker)
    url = reverse("outcomes:assessment_record", kwargs={"family_pk": authority.family_a.pk, "code": "SDQ"})
    response = client.post(url, sdq_post(authority, person=authority.child_b.pk))
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Assessment.objects.exists()


def test_a_family_with_no_one_to_assess_is_told_so(client, authority):
    family = authority.family_a
    family.children.all().delete()
    client.force_login(authority.worker)
    url = reverse("outcomes:assessment_record", kwargs={"family_pk": family.pk, "code": "SDQ"})
    page = client.get(url).content.decode()
    assert "No one in this family can be assessed" in page
    assert 'name="score_emotional"' not in page


def test_an_adult_of_the_family_is_offered_for_a_carers_instrument(client, authority):
    first = carer(authority)
    second = AdultFactory(family=authority.family_a, first_name="Zed")
    client.force_login(authority.worker)
    url = reverse("outcomes:assessment_record", kwargs={"family_pk": authority.family_a.pk, "code": "PSOC"})
    form = client.get(url).context["form"]
    assert set(form.fields["person"].queryset) == {first, second}


def test_every_missing_and_out_of_range_score_on_the_form_is_shown_at_once(client, authority):
    client.force_login(authority.worker)
    url = reverse("outcomes:assessment_record", kwargs={"family_pk": authority.family_a.pk, "code": "SDQ"})
    data = sdq_post(authority, score_emotional="12", score_conduct="", score_peer="")
    errors = client.post(url, data).context["form"].errors
    assert errors == {
        "score_emotional": ["The Emotional symptoms score must be between 0 and 10"],
        "score_conduct": ["Enter the Conduct problems score"],
        "score_peer": ["Enter the Peer relationship problems score"],
    }


def test_the_family_record_section_links_to_every_outcome_screen_without_a_query(authority, django_assert_num_queries):
    from django.template.loader import render_to_string

    from families.selectors import family_get_for_user

    unborn = ChildFactory(family=authority.family_a, date_of_birth=None, expected_date=date(2026, 12, 1))
    family = family_get_for_user(user=authority.worker, pk=authority.family_a.pk)
    with django_assert_num_queries(0):
        html = render_to_string("outcomes/_family_section.html", {"family": family})
    assert reverse("outcomes:family", kwargs={"pk": family.pk}) in html
    assert reverse("outcomes:assessment_choose", kwargs={"family_pk": family.pk}) in html
    health = "outcomes:health_record"
    assert reverse(health, kwargs={"family_pk": family.pk, "child_pk": authority.child_a.pk}) in html
    assert reverse(health, kwargs={"family_pk": family.pk, "child_pk": unborn.pk}) not in html
    adult = carer(authority)
    assert reverse("outcomes:progress_record", kwargs={"family_pk": family.pk, "adult_pk": adult.pk}) in html
