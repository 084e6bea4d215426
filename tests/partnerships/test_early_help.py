"""Early help: the assessment, its lead professional, the Team Around the Family, meetings and
plan reviews, closing, and the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from centres.models import AuditEvent
from partnerships import services
from partnerships.models import EarlyHelpAssessment, TAFMeeting
from tests.families.factories import FamilyFactory
from tests.partnerships.factories import EarlyHelpAssessmentFactory, PartnerFactory


def start(authority, **extra):
    fields = {"user": authority.worker, "family": authority.family_a, "started_on": date(2026, 2, 1), **extra}
    return services.early_help_start(**fields)


def test_an_assessment_is_led_by_centre_staff_or_a_partners_professional(authority):
    led_here = start(authority, lead_user=authority.manager)
    services.early_help_close(
        user=authority.worker, assessment=led_here, closed_on=date(2026, 3, 1), outcome="needs_met"
    )
    school = PartnerFactory(name="Mill Lane Primary")
    led_there = start(authority, lead_partner=school, lead_name="Ms Patel")
    assert led_there.lead_label == "Ms Patel, Mill Lane Primary"
    with pytest.raises(ValidationError, match="lead professional"):
        start(authority, family=FamilyFactory(registered_centre=authority.centre_a), lead_partner=school)


def test_a_family_has_one_open_assessment_at_a_time(authority):
    start(authority, lead_user=authority.worker)
    with pytest.raises(ValidationError, match="already has an open assessment"):
        start(authority, lead_user=authority.worker)


def test_the_lead_from_the_centre_must_work_at_the_familys_centre(authority):
    from tests.centres.factories import UserFactory

    elsewhere = UserFactory(username="elsewhere", centres=[authority.centre_b])
    with pytest.raises(ValidationError, match="family's centre"):
        start(authority, lead_user=elsewhere)


def test_the_team_meets_and_the_meeting_sets_the_next_plan_review(authority):
    assessment = start(authority, lead_user=authority.worker, plan_review_on=date(2026, 3, 1))
    health = PartnerFactory(name="Health visiting")
    member = services.taf_member_add(
        user=authority.worker, assessment=assessment, partner=health, person_name="Jo Reed", role="Health visitor"
    )
    meeting = services.taf_meeting_record(
        user=authority.worker,
        assessment=assessment,
        held_on=date(2026, 2, 20),
        attendees=[member],
        notes="Agreed a sleep plan",
        next_review_on=date(2026, 4, 20),
    )
    assessment.refresh_from_db()
    assert assessment.plan_review_on == date(2026, 4, 20)
    assert list(meeting.attendees.all()) == [member]
    assert meeting.family_id == authority.family_a.pk
    with pytest.raises(ValidationError, match="after the meeting"):
        services.taf_meeting_record(
            user=authority.worker, assessment=assessment, held_on=date(2026, 3, 1), next_review_on=date(2026, 3, 1)
        )
    with pytest.raises(ValidationError, match="before the assessment started"):
        services.taf_meeting_record(user=authority.worker, assessment=assessment, held_on=date(2026, 1, 1))


def test_a_member_of_another_team_cannot_be_recorded_at_the_meeting(authority):
    ours = start(authority, lead_user=authority.worker)
    other_family_assessment = EarlyHelpAssessmentFactory(family=authority.family_b, lead_user=authority.manager)
    from partnerships.models import TAFMember

    theirs = TAFMember.objects.create(assessment=other_family_assessment, person_name="X", role="Y")
    with pytest.raises(ValidationError, match="members of this Team"):
        services.taf_meeting_record(
            user=authority.worker, assessment=ours, held_on=date(2026, 2, 2), attendees=[theirs]
        )


def test_a_closed_assessment_cannot_be_changed_and_another_centres_cannot_be_touched(authority):
    assessment = start(authority, lead_user=authority.worker)
    services.early_help_close(
        user=authority.worker, assessment=assessment, closed_on=date(2026, 3, 1), outcome="stepped_down"
    )
    with pytest.raises(ValidationError, match="closed"):
        services.taf_member_add(user=authority.worker, assessment=assessment, person_name="A", role="B")
    theirs = EarlyHelpAssessmentFactory(family=authority.family_b, lead_user=authority.manager)
    with pytest.raises(PermissionDenied):
        services.early_help_close(user=authority.worker, assessment=theirs, closed_on=date(2026, 3, 1), outcome="other")


def test_every_change_is_audited_with_the_family(authority):
    assessment = start(authority, lead_user=authority.worker)
    member = services.taf_member_add(user=authority.worker, assessment=assessment, person_name="A", role="B")
    services.taf_meeting_record(
        user=authority.worker, assessment=assessment, held_on=date(2026, 2, 2), attendees=[member]
    )
    services.early_help_close(user=authority.worker, assessment=assessment, closed_on=date(2026, 3, 1), outcome="other")
    events = AuditEvent.objects.filter(family_id=authority.family_a.pk)
    assert events.count() == 4
    assert set(events.values_list("object_type__model", flat=True)) == {
        "earlyhelpassessment",
        "tafmember",
        "tafmeeting",
    }


def test_the_screens_start_an_assessment_record_a_meeting_and_hide_notes_without_restricted_access(client, authority):
    client.force_login(authority.worker)
    response = client.post(
        reverse("partnerships:early_help_start", kwargs={"family_pk": authority.family_a.pk}),
        {"lead_user": authority.worker.pk, "started_on": "1/2/2026", "notes": "Worried about sleep"},
    )
    assessment = EarlyHelpAssessment.objects.get()
    assert response.status_code == 302
    client.post(
        reverse("partnerships:taf_member_add", kwargs={"pk": assessment.pk}), {"person_name": "Jo", "role": "HV"}
    )
    member = assessment.members.get()
    client.post(
        reverse("partnerships:taf_meeting_add", kwargs={"pk": assessment.pk}),
        {"held_on": "10/2/2026", "attendees": [member.pk], "family_attended": "on", "notes": "Sleep plan agreed"},
    )
    assert TAFMeeting.objects.get().notes == "Sleep plan agreed"
    page = client.get(reverse("partnerships:early_help", kwargs={"pk": assessment.pk})).content.decode()
    assert "Sleep plan agreed" not in page and "Needs restricted access" in page
    client.force_login(authority.worker_restricted)
    page = client.get(reverse("partnerships:early_help", kwargs={"pk": assessment.pk})).content.decode()
    assert "Sleep plan agreed" in page and "Worried about sleep" in page
    response = client.post(
        reverse("partnerships:early_help_close", kwargs={"pk": assessment.pk}),
        {"closed_on": "1/3/2026", "outcome": "needs_met"},
    )
    assessment.refresh_from_db()
    assert (response.status_code, assessment.is_open) == (302, False)
