"""Referrals, assessments and births as part of the family's record: a merge moves them,
the subject access export carries them (restricted fields only with the grant), anonymisation
blanks what identifies, and the family page's section shows them."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from families.services.merge import family_merge
from families.services.privacy import family_anonymise, subject_access_export
from partnerships.models import EarlyHelpAssessment, MatchMethod, Referral, TAFMeeting
from partnerships.selectors import family_partnerships
from tests.families.factories import FamilyFactory
from tests.partnerships.factories import BirthNotificationFactory, EarlyHelpAssessmentFactory, ReferralFactory


def test_a_merge_moves_referrals_assessments_and_meetings_to_the_family_that_stays(authority):
    remove = FamilyFactory(registered_centre=authority.centre_a)
    referral = ReferralFactory(family=remove)
    assessment = EarlyHelpAssessmentFactory(family=remove, lead_user=authority.worker)
    TAFMeeting.objects.create(
        assessment=assessment, family=remove, held_on=date(2026, 2, 2), recorded_by=authority.worker
    )
    report = family_merge(user=authority.manager, keep=authority.family_a, remove=remove)
    assert Referral.objects.get(pk=referral.pk).family == authority.family_a
    assert EarlyHelpAssessment.objects.get(pk=assessment.pk).family == authority.family_a
    assert TAFMeeting.objects.get().family == authority.family_a
    assert report.moved["referrals"] == 1


def test_the_subject_access_export_carries_referrals_and_withholds_notes_without_the_grant(authority):
    ReferralFactory(family=authority.family_a, notes="Low mood after the birth")
    plain = subject_access_export(user=authority.worker, family=authority.family_a)
    rows = plain["other_records"]["partnerships.referral.family"]
    assert "notes" not in rows[0]
    assert "partnerships.referral.notes" in plain["export"]["withheld"]
    full = subject_access_export(user=authority.worker_restricted, family=authority.family_a)
    assert full["other_records"]["partnerships.referral.family"][0]["notes"] == "Low mood after the birth"


def test_anonymisation_blanks_referral_notes_and_the_matched_births_identifiers(authority):
    ReferralFactory(family=authority.family_a, notes="Low mood", subject_name="Leah Brown")
    birth = BirthNotificationFactory(
        centre=authority.centre_a,
        matched_child=authority.child_a,
        match_method=MatchMethod.NHS,
        nhs_number="9434765919",
    )
    family_anonymise(family=authority.family_a)
    referral = Referral.objects.get()
    assert (referral.notes, referral.subject_name) == ("", "")
    birth.refresh_from_db()
    assert (birth.mother_name, birth.nhs_number, birth.postcode) == ("", "", "")
    assert birth.centre == authority.centre_a and birth.date_of_birth  # R7 still counts it


def test_the_family_page_section_lists_referrals_and_assessments_with_their_links(authority):
    referral = ReferralFactory(family=authority.family_a)
    assessment = EarlyHelpAssessmentFactory(family=authority.family_a, lead_user=authority.worker)
    html = render_to_string(
        "partnerships/_family_section.html",
        {"family": authority.family_a, "partnerships": family_partnerships(family=authority.family_a)},
    )
    assert f"/partnerships/referrals/{referral.pk}/" in html
    assert f"/partnerships/early-help/{assessment.pk}/" in html
    assert f"/partnerships/families/{authority.family_a.pk}/refer/" in html
    assert "Start an early help assessment" not in html  # one is open
