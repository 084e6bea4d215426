"""Referrals in and out: the life cycle, consent before a share, the agreement warning, the
inbox and its screens, and the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from centres.models import AuditEvent
from families.models import ConsentPurpose
from partnerships import services
from partnerships.models import (
    Direction,
    PartnerKind,
    Referral,
    ReferralOutcome,
    ReferralReason,
    ReferralStatus,
)
from partnerships.selectors import current_agreement, referral_list
from tests.families.factories import ConsentFactory, FamilyFactory
from tests.partnerships.factories import AgreementFactory, PartnerFactory, ReferralFactory


@pytest.fixture
def health_visiting(db):
    return PartnerFactory(name="Health visiting team", kind=PartnerKind.HEALTH_VISITING)


def receive(authority, partner, **extra):
    fields = {
        "user": authority.worker,
        "centre": authority.centre_a,
        "partner": partner,
        "reason": ReferralReason.PARENTING,
        "received_on": date(2026, 3, 2),
        "family": authority.family_a,
        **extra,
    }
    return services.referral_receive(**fields)


def send(authority, partner, **extra):
    fields = {
        "user": authority.worker,
        "family": authority.family_a,
        "partner": partner,
        "reason": ReferralReason.HEALTH,
        "sent_on": date(2026, 3, 2),
        **extra,
    }
    return services.referral_send_out(**fields)


# --- the life cycle -----------------------------------------------------------------------------


def test_a_referral_in_goes_from_received_to_accepted_to_first_contact_to_closed(authority, health_visiting):
    referral = receive(authority, health_visiting)
    assert referral.status == ReferralStatus.RECEIVED
    referral = services.referral_accept(user=authority.worker, referral=referral, on=date(2026, 3, 3))
    assert (referral.status, referral.accepted_on) == (ReferralStatus.ACCEPTED, date(2026, 3, 3))
    referral = services.referral_first_contact(user=authority.worker, referral=referral, on=date(2026, 3, 9))
    assert referral.status == ReferralStatus.CONTACTED
    assert referral.days_to_first_contact == 7
    referral = services.referral_close(
        user=authority.worker, referral=referral, on=date(2026, 5, 1), outcome=ReferralOutcome.SUPPORTED
    )
    referral.refresh_from_db()
    assert (referral.status, referral.closed_on, referral.outcome) == (
        ReferralStatus.CLOSED,
        date(2026, 5, 1),
        ReferralOutcome.SUPPORTED,
    )
    assert referral.days_to_first_contact == 7


def test_a_first_contact_accepts_a_referral_not_yet_accepted_on_the_same_day(authority, health_visiting):
    referral = receive(authority, health_visiting)
    referral = services.referral_first_contact(user=authority.worker, referral=referral, on=date(2026, 3, 4))
    assert referral.accepted_on == date(2026, 3, 4)
    assert referral.days_to_first_contact == 2


def test_a_referral_not_accepted_is_closed_without_a_first_contact(authority, health_visiting):
    referral = receive(authority, health_visiting)
    referral = services.referral_close(
        user=authority.worker, referral=referral, on=date(2026, 3, 5), outcome=ReferralOutcome.NOT_ACCEPTED
    )
    assert referral.status == ReferralStatus.CLOSED
    assert referral.days_to_first_contact is None


@pytest.mark.parametrize(
    ("step", "on", "message"),
    [
        ("accept", date(2026, 3, 1), "before the day it was made"),
        ("first_contact", date(2026, 2, 28), "before the day it was made"),
        ("close", date(2026, 3, 1), "before the referral's last step"),
        ("accept", date(2099, 1, 1), "cannot be in the future"),
    ],
)
def test_a_step_dated_before_the_one_it_follows_or_in_the_future_is_refused(
    authority, health_visiting, step, on, message
):
    referral = receive(authority, health_visiting)
    extra = {"outcome": ReferralOutcome.SUPPORTED} if step == "close" else {}
    with pytest.raises(ValidationError, match=message):
        getattr(services, f"referral_{step}")(user=authority.worker, referral=referral, on=on, **extra)
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.RECEIVED


def test_the_first_contact_cannot_come_before_the_acceptance(authority, health_visiting):
    referral = receive(authority, health_visiting)
    services.referral_accept(user=authority.worker, referral=referral, on=date(2026, 3, 6))
    with pytest.raises(ValidationError, match="before the referral was accepted"):
        services.referral_first_contact(user=authority.worker, referral=referral, on=date(2026, 3, 5))


def test_steps_are_never_taken_back(authority, health_visiting):
    referral = receive(authority, health_visiting)
    services.referral_first_contact(user=authority.worker, referral=referral, on=date(2026, 3, 4))
    with pytest.raises(ValidationError, match="cannot be accepted now"):
        services.referral_accept(user=authority.worker, referral=referral, on=date(2026, 3, 5))
    services.referral_close(
        user=authority.worker, referral=referral, on=date(2026, 3, 6), outcome=ReferralOutcome.SUPPORTED
    )
    with pytest.raises(ValidationError, match="already closed"):
        services.referral_close(
            user=authority.worker, referral=referral, on=date(2026, 3, 7), outcome=ReferralOutcome.OTHER
        )
    with pytest.raises(ValidationError, match="first contact cannot be recorded"):
        services.referral_first_contact(user=authority.worker, referral=referral, on=date(2026, 3, 7))


def test_the_database_refuses_a_closed_referral_without_an_outcome(authority, health_visiting):
    referral = receive(authority, health_visiting)
    referral.status = ReferralStatus.CLOSED
    referral.closed_on = date(2026, 3, 5)
    with pytest.raises(ValidationError, match="closing date and an outcome"):
        referral.full_clean()


def test_a_referral_about_a_person_not_yet_registered_keeps_their_details_until_linked(authority, health_visiting):
    referral = receive(
        authority,
        health_visiting,
        family=None,
        subject_name="Leah Brown",
        subject_date_of_birth=date(2026, 1, 5),
        subject_postcode="zx1 0ab",
    )
    assert (referral.family, referral.subject_postcode) == (None, "ZX1 0AB")
    services.referral_link_family(user=authority.worker, referral=referral, family=authority.family_a)
    referral.refresh_from_db()
    assert referral.family == authority.family_a
    assert referral.subject_name == "Leah Brown"  # what the partner sent stays on the referral
    events = AuditEvent.objects.filter(object_id=str(referral.pk), family_id=authority.family_a.pk)
    assert list(events.values_list("changed_fields", flat=True)) == [["family"]]


def test_a_referral_in_needs_a_family_or_a_name(authority, health_visiting):
    with pytest.raises(ValidationError, match="name of the person referred"):
        receive(authority, health_visiting, family=None)


def test_staff_cannot_record_or_change_referrals_of_another_centre(authority, health_visiting):
    with pytest.raises(PermissionDenied):
        receive(authority, health_visiting, centre=authority.centre_b, family=None, subject_name="Someone")
    theirs = ReferralFactory(family=authority.family_b)
    with pytest.raises(PermissionDenied):
        services.referral_accept(user=authority.worker, referral=theirs, on=date(2026, 3, 3))
    with pytest.raises(PermissionDenied):
        services.referral_link_family(
            user=authority.worker,
            referral=receive(authority, health_visiting, family=None, subject_name="X"),
            family=authority.family_b,
        )


# --- consent before a share -------------------------------------------------------------------------


def test_a_referral_out_to_health_is_refused_without_the_familys_consent_to_share_with_health(
    authority, health_visiting
):
    with pytest.raises(services.ConsentMissing, match="has not agreed to sharing information with health"):
        send(authority, health_visiting)
    assert not Referral.objects.exists()


def test_a_withdrawn_consent_blocks_the_share_and_a_current_one_allows_it(authority, health_visiting):
    ConsentFactory(family=authority.family_a, purpose=ConsentPurpose.SHARE_HEALTH, withdrawn_on=date(2026, 2, 1))
    with pytest.raises(services.ConsentMissing):
        send(authority, health_visiting)
    ConsentFactory(family=authority.family_a, purpose=ConsentPurpose.SHARE_HEALTH, recorded_on=date(2026, 2, 20))
    referral = send(authority, health_visiting)
    assert referral.status == ReferralStatus.SENT
    assert referral.consent_basis == "Consent: Sharing information with health services"


def test_consent_to_share_with_health_does_not_cover_social_care(authority):
    social_care = PartnerFactory(kind=PartnerKind.SOCIAL_CARE)
    ConsentFactory(family=authority.family_a, purpose=ConsentPurpose.SHARE_HEALTH)
    with pytest.raises(services.ConsentMissing, match="social care"):
        send(authority, social_care)
    ConsentFactory(family=authority.family_a, purpose=ConsentPurpose.SHARE_SOCIAL_CARE)
    assert send(authority, social_care).direction == Direction.OUT


def test_other_partners_need_the_familys_agreement_to_this_referral(authority):
    jobcentre = PartnerFactory(kind=PartnerKind.JOBCENTRE)
    with pytest.raises(services.ConsentMissing) as refused:
        send(authority, jobcentre)
    assert "family_agreed" in refused.value.message_dict
    referral = send(authority, jobcentre, family_agreed=True)
    assert referral.consent_basis == "The family agreed to this referral"


def test_a_safeguarding_referral_may_go_without_consent_from_staff_with_restricted_access_with_a_reason(authority):
    social_care = PartnerFactory(kind=PartnerKind.SOCIAL_CARE)
    with pytest.raises(PermissionDenied):
        send(authority, social_care, reason=ReferralReason.SAFEGUARDING, without_consent=True, notes="Bruising")
    lead = authority.worker_restricted
    with pytest.raises(PermissionDenied):
        send(authority, social_care, user=lead, reason=ReferralReason.HEALTH, without_consent=True, notes="x")
    with pytest.raises(ValidationError, match="Say why"):
        send(authority, social_care, user=lead, reason=ReferralReason.SAFEGUARDING, without_consent=True)
    referral = send(
        authority, social_care, user=lead, reason=ReferralReason.SAFEGUARDING, without_consent=True, notes="Bruising"
    )
    assert referral.shared_without_consent
    event = AuditEvent.objects.get(object_id=str(referral.pk), action=AuditEvent.Action.CREATE)
    assert "shared_without_consent" in event.changed_fields


def test_the_screen_shows_the_consent_refusal_and_sends_nothing(client, authority, health_visiting):
    client.force_login(authority.worker)
    url = reverse("partnerships:referral_out_add", kwargs={"family_pk": authority.family_a.pk})
    response = client.post(
        url, {"partner": health_visiting.pk, "sent_on": "2/3/2026", "reason": "health", "urgency": "routine"}
    )
    assert response.status_code == 200
    assert "has not agreed to sharing information with health" in response.content.decode()
    assert not Referral.objects.exists()


# --- the information-sharing agreement warning --------------------------------------------------------


def test_a_referral_out_without_a_current_agreement_is_sent_and_warned_about(client, authority):
    jobcentre = PartnerFactory(name="Jobcentre Plus", kind=PartnerKind.JOBCENTRE)
    AgreementFactory(partner=jobcentre, starts_on=date(2024, 1, 1), ends_on=date(2025, 12, 31))  # expired
    client.force_login(authority.worker)
    url = reverse("partnerships:referral_out_add", kwargs={"family_pk": authority.family_a.pk})
    form = client.get(url).content.decode()
    assert "govuk-warning-text" in form and "Jobcentre Plus" in form
    response = client.post(
        url,
        {
            "partner": jobcentre.pk,
            "sent_on": "2/3/2026",
            "reason": "employment",
            "urgency": "routine",
            "family_agreed": "on",
        },
        follow=True,
    )
    referral = Referral.objects.get()
    assert referral.agreement is None
    page = response.content.decode()
    assert "No information-sharing agreement with Jobcentre Plus is in force" in page
    assert "govuk-warning-text" in page


def test_a_referral_out_covered_by_an_agreement_records_it_and_shows_no_warning(client, authority):
    jobcentre = PartnerFactory(kind=PartnerKind.JOBCENTRE)
    agreement = AgreementFactory(partner=jobcentre, starts_on=date(2025, 1, 1))
    referral = send(authority, jobcentre, family_agreed=True)
    assert referral.agreement == agreement
    client.force_login(authority.worker)
    page = client.get(reverse("partnerships:referral", kwargs={"pk": referral.pk})).content.decode()
    assert "information-sharing agreement" not in page


def test_the_current_agreement_is_the_one_in_force_on_the_day(db):
    partner = PartnerFactory()
    old = AgreementFactory(partner=partner, starts_on=date(2023, 1, 1), ends_on=date(2025, 3, 31))
    new = AgreementFactory(partner=partner, starts_on=date(2025, 4, 1))
    assert current_agreement(partner=partner, on=date(2024, 6, 1)) == old
    assert current_agreement(partner=partner, on=date(2025, 4, 1)) == new
    assert current_agreement(partner=partner, on=date(2022, 12, 31)) is None


# --- the inbox and the screens ------------------------------------------------------------------------


def test_the_inbox_shows_the_centres_open_referrals_urgent_first_and_flags_the_overdue(authority, health_visiting):
    routine_old = ReferralFactory(family=authority.family_a, partner=health_visiting, received_on=date(2026, 3, 1))
    urgent = ReferralFactory(
        family=authority.family_a, partner=health_visiting, urgency="urgent", received_on=date(2026, 3, 20)
    )
    ReferralFactory(family=authority.family_b, partner=health_visiting)
    closed = ReferralFactory(family=authority.family_a, partner=health_visiting)
    services.referral_close(user=authority.worker, referral=closed, on=date(2026, 3, 5), outcome="declined")
    rows = list(referral_list(user=authority.worker, today=date(2026, 3, 21)))
    assert rows == [urgent, routine_old]
    assert [r.overdue for r in rows] == [False, True]  # 20 days without a first contact against a target of 10


def test_the_inbox_is_a_fixed_number_of_queries(client, authority, health_visiting, django_assert_max_num_queries):
    for _ in range(30):
        ReferralFactory(family=FamilyFactory(registered_centre=authority.centre_a), partner=health_visiting)
    client.force_login(authority.worker)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("partnerships:referrals"))
    assert response.content.decode().count("Overdue") >= 30


def test_the_inbox_links_only_the_families_the_user_may_open(client, authority, health_visiting):
    ReferralFactory(family=authority.family_a, partner=health_visiting)
    # Received by centre A about a family registered at centre B, which A's staff cannot open.
    ReferralFactory(family=authority.family_b, centre=authority.centre_a, partner=health_visiting)
    client.force_login(authority.worker)

    page = client.get(reverse("partnerships:referrals")).content.decode()

    assert reverse("families:detail", args=[authority.family_a.pk]) in page
    assert f"Family {authority.family_b.reference}" in page
    assert reverse("families:detail", args=[authority.family_b.pk]) not in page


def post_received(client, authority, partner, **changes):
    """The "referral received" screen, filled in for centre A's family unless changed."""
    form = {
        "centre": authority.centre_a.pk,
        "partner": partner.pk,
        "received_on": "2/3/2026",
        "reason": "parenting",
        "urgency": "routine",
        "family_reference": authority.family_a.reference,
        **changes,
    }
    return client.post(reverse("partnerships:referral_in_add"), form)


def test_recording_a_referral_received_from_the_screen(client, authority, health_visiting):
    client.force_login(authority.worker)
    response = post_received(client, authority, health_visiting, urgency="urgent")
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert (referral.family, referral.urgency, referral.created_by) == (authority.family_a, "urgent", authority.worker)


def test_a_family_of_another_centre_cannot_be_named_on_a_referral(client, authority, health_visiting):
    client.force_login(authority.worker)
    response = post_received(client, authority, health_visiting, family_reference=authority.family_b.reference)
    assert "among your centres" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_steps_from_the_screens(client, authority, health_visiting):
    referral = ReferralFactory(family=authority.family_a, partner=health_visiting)
    client.force_login(authority.worker)
    client.post(reverse("partnerships:referral_accept", kwargs={"pk": referral.pk}), {"on": "3/3/2026"})
    client.post(reverse("partnerships:referral_first_contact", kwargs={"pk": referral.pk}), {"on": "5/3/2026"})
    response = client.post(
        reverse("partnerships:referral_close", kwargs={"pk": referral.pk}),
        {"on": "1/4/2026", "outcome": "engaged", "note": "Came to three sessions"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.days_to_first_contact) == (ReferralStatus.CLOSED, 3)
    assert "Came to three sessions" in referral.notes
    bad = client.post(reverse("partnerships:referral_accept", kwargs={"pk": referral.pk}), {"on": "3/3/2026"})
    assert "cannot be accepted now" in bad.content.decode()


def test_the_name_of_an_unregistered_person_and_notes_need_restricted_access(client, authority, health_visiting):
    referral = ReferralFactory(
        family=None, centre=authority.centre_a, partner=health_visiting, subject_name="Leah Brown", notes="Low mood"
    )
    client.force_login(authority.worker)
    page = client.get(reverse("partnerships:referral", kwargs={"pk": referral.pk})).content.decode()
    assert "Leah Brown" not in page and "Low mood" not in page
    client.force_login(authority.worker_restricted)
    page = client.get(reverse("partnerships:referral", kwargs={"pk": referral.pk})).content.decode()
    assert "Leah Brown" in page and "Low mood" in page


def test_every_change_and_view_of_a_familys_referral_is_audited_with_the_family(client, authority, health_visiting):
    referral = receive(authority, health_visiting)
    services.referral_accept(user=authority.worker, referral=referral, on=date(2026, 3, 3))
    client.force_login(authority.worker)
    client.get(reverse("partnerships:referral", kwargs={"pk": referral.pk}))
    events = AuditEvent.objects.filter(object_id=str(referral.pk)).order_by("pk")
    assert [e.action for e in events] == ["create", "update", "view"]
    assert {e.family_id for e in events} == {authority.family_a.pk}
