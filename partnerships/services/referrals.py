"""Referrals in and out, one service per step of their life:

    in:  received -> accepted -> first contact -> closed (with an outcome)
    out: sent (consent checked) -> accepted -> first contact by the partner -> closed

A step may be skipped forward (a first contact accepts a referral not yet accepted; any open
referral may be closed), never taken back, and no date may come before the one it follows.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from centres.api.scoping import authorship, visible_to
from centres.models import ApiClient, AuditEvent, Centre
from centres.postcodes import InvalidPostcode, normalise_postcode
from centres.records import save_audited
from centres.roles import sees_restricted_fields
from families.models import ConsentPurpose, Family
from families.services.people import has_consent
from partnerships.models import (
    Direction,
    Partner,
    PartnerKind,
    Referral,
    ReferralReason,
    ReferralStatus,
    Urgency,
)
from partnerships.models.referrals import days_between
from partnerships.selectors import current_agreement
from partnerships.services.common import lock_family, not_before, not_in_future

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User

# The family's standing consent that a referral out to each kind of partner needs. Health and
# social care have consents of their own on the family's record. Every other partner (Jobcentre
# Plus, schools, housing, the voluntary sector...) gets the family's agreement to this referral:
# the worker confirms the family agreed when sending it, and that is recorded on the referral.
CONSENT_FOR_KIND: dict[str, str] = {
    PartnerKind.HEALTH_VISITING: ConsentPurpose.SHARE_HEALTH,
    PartnerKind.MIDWIFERY: ConsentPurpose.SHARE_HEALTH,
    PartnerKind.GP: ConsentPurpose.SHARE_HEALTH,
    PartnerKind.SOCIAL_CARE: ConsentPurpose.SHARE_SOCIAL_CARE,
}
OPEN_BEFORE_CONTACT = (ReferralStatus.RECEIVED, ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class ConsentMissing(ValidationError):
    """The family has not agreed to this share: the referral out is not sent."""


def consent_purpose_for(kind: str) -> str | None:
    """The consent purpose a referral to this kind of partner needs, or None when the family's
    agreement to the referral itself is what is asked for."""
    return CONSENT_FOR_KIND.get(kind)


def _lock(user: User | AnonymousUser | ApiClient, referral: Referral) -> Referral:
    referrals = visible_to(Referral.objects.all(), user, centre_field="centre").select_for_update()
    locked = referrals.filter(pk=referral.pk).first()
    if locked is None:
        raise PermissionDenied("You can work only with the referrals of your own centres.")
    return locked


def _status(referral: Referral) -> str:
    return referral.get_status_display().lower()


def _save_step(
    user: User | AnonymousUser | ApiClient,
    referral: Referral,
    changed: list[str],
    detail: str,
    request: HttpRequest | None,
) -> Referral:
    return save_audited(
        referral,
        user=user,
        family_id=referral.family_id,
        action=AuditEvent.Action.UPDATE,
        changed_fields=changed,
        detail=detail,
        request=request,
        new_version=True,  # every change moves the version on: an API client's If-Match goes stale
    )


@transaction.atomic
def referral_receive(
    *,
    user: User | AnonymousUser | ApiClient,
    centre: Centre,
    partner: Partner,
    reason: str,
    received_on: date,
    urgency: str = Urgency.ROUTINE,
    partner_contact: str = "",
    family: Family | None = None,
    subject_name: str = "",
    subject_date_of_birth: date | None = None,
    subject_postcode: str = "",
    notes: str = "",
    source_system: str = "",
    external_id: str | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    """Record a referral in from a partner: about a registered family, or about a person not
    yet registered (their name, date of birth and postcode are kept until staff link it)."""
    if not visible_to(Centre.objects.all(), user, centre_field="pk").filter(pk=centre.pk).exists():
        raise PermissionDenied("You can record referrals only for your own centres.")
    not_in_future(received_on, field="received_on", what="The date it was received")
    if family is not None:
        family = lock_family(user, family)
    elif not subject_name.strip():
        raise ValidationError({"subject_name": "Give the name of the person referred, or the family's reference"})
    if subject_postcode:
        try:
            subject_postcode = normalise_postcode(subject_postcode)
        except InvalidPostcode as exc:
            raise ValidationError({"subject_postcode": str(exc)}) from None
    referral = Referral(
        direction=Direction.IN,
        status=ReferralStatus.RECEIVED,
        centre=centre,
        partner=partner,
        partner_contact=partner_contact.strip(),
        family=family,
        subject_name="" if family else subject_name.strip(),
        subject_date_of_birth=None if family else subject_date_of_birth,
        subject_postcode="" if family else subject_postcode,
        reason=reason,
        urgency=urgency,
        received_on=received_on,
        notes=notes.strip(),
        source_system=source_system,
        external_id=external_id,
        **authorship(user, "created_by"),
    )
    detail = f"Referral in from partner {partner.pk}"
    return save_audited(referral, user=user, family_id=referral.family_id, detail=detail, request=request)


def _consent_basis(
    *,
    user: User | AnonymousUser | ApiClient,
    family: Family,
    partner: Partner,
    reason: str,
    sent_on: date,
    family_agreed: bool,
    without_consent: bool,
    notes: str,
) -> str:
    """What allows the share, in words for the referral's record; ConsentMissing if nothing does."""
    if without_consent:
        # Working Together: a safeguarding referral to children's social care must not wait
        # for consent. Staff with restricted access only, with the reason written down.
        # Never for an API client: it is no member of staff with restricted access.
        if reason != ReferralReason.SAFEGUARDING or isinstance(user, ApiClient) or not sees_restricted_fields(user):
            raise PermissionDenied("Only a safeguarding referral, by staff with restricted access, may skip consent.")
        if not notes.strip():
            raise ValidationError({"notes": "Say why this safeguarding referral is made without consent"})
        return "Safeguarding: made without the family's consent"
    purpose = consent_purpose_for(partner.kind)
    if purpose is not None:
        if not has_consent(family=family, purpose=purpose, on=sent_on):
            label = ConsentPurpose(purpose).label.lower()
            raise ConsentMissing(
                f"Family {family.reference} has not agreed to {label} (or has withdrawn it). "
                "Record their consent on the family's page before making this referral."
            )
        return f"Consent: {ConsentPurpose(purpose).label}"
    if not family_agreed:
        raise ConsentMissing({"family_agreed": "Confirm that the family agreed to this referral"})
    return "The family agreed to this referral"


@transaction.atomic
def referral_send_out(
    *,
    user: User | AnonymousUser | ApiClient,
    family: Family,
    partner: Partner,
    reason: str,
    sent_on: date,
    urgency: str = Urgency.ROUTINE,
    partner_contact: str = "",
    family_agreed: bool = False,
    without_consent: bool = False,
    notes: str = "",
    source_system: str = "",
    external_id: str | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    """Refer a family to a partner, from the family's centre. Refused (ConsentMissing) unless
    the family agreed to the share (see CONSENT_FOR_KIND). Sent even when no information-sharing
    agreement covers the partner, which the referral then records (`agreement` empty) and the
    screens warn about."""
    family = lock_family(user, family)
    not_in_future(sent_on, field="sent_on", what="The date it was sent")
    if not partner.active:
        raise ValidationError({"partner": "This partner is no longer active"})
    basis = _consent_basis(
        user=user,
        family=family,
        partner=partner,
        reason=reason,
        sent_on=sent_on,
        family_agreed=family_agreed,
        without_consent=without_consent,
        notes=notes,
    )
    agreement = current_agreement(partner=partner, on=sent_on)
    referral = Referral(
        direction=Direction.OUT,
        status=ReferralStatus.SENT,
        centre_id=family.registered_centre_id,
        partner=partner,
        partner_contact=partner_contact.strip(),
        family=family,
        reason=reason,
        urgency=urgency,
        received_on=sent_on,
        notes=notes.strip(),
        consent_basis=basis,
        shared_without_consent=without_consent,
        agreement=agreement,
        source_system=source_system,
        external_id=external_id,
        **authorship(user, "created_by"),
    )
    return save_audited(
        referral,
        user=user,
        family_id=family.pk,
        changed_fields=["consent_basis", *(["shared_without_consent"] if without_consent else [])],
        detail=f"Referral out to partner {partner.pk}"
        + ("; no information-sharing agreement" if agreement is None else f"; agreement {agreement.pk}"),
        request=request,
    )


@transaction.atomic
def referral_accept(
    *, user: User | AnonymousUser | ApiClient, referral: Referral, on: date, request: HttpRequest | None = None
) -> Referral:
    """The centre (in) or the partner (out) accepted the referral."""
    referral = _lock(user, referral)
    if referral.status not in (ReferralStatus.RECEIVED, ReferralStatus.SENT):
        raise ValidationError(f"Referral {referral.reference} is {_status(referral)}: it cannot be accepted now")
    not_in_future(on, field="on", what="The date it was accepted")
    not_before(on, referral.received_on, field="on", what="It", than="the day it was made")
    referral.accepted_on = on
    referral.status = ReferralStatus.ACCEPTED
    return _save_step(user, referral, ["accepted_on", "status"], "accepted", request)


@transaction.atomic
def referral_first_contact(
    *, user: User | AnonymousUser | ApiClient, referral: Referral, on: date, request: HttpRequest | None = None
) -> Referral:
    """The first contact with the family: by the centre (in) or by the partner (out). It
    accepts a referral that was not accepted yet, on the same day."""
    referral = _lock(user, referral)
    if referral.status not in OPEN_BEFORE_CONTACT:
        raise ValidationError(
            f"Referral {referral.reference} is {_status(referral)}: its first contact cannot be recorded"
        )
    not_in_future(on, field="on", what="The first contact")
    than = "the referral was accepted" if referral.accepted_on else "the day it was made"
    not_before(on, referral.accepted_on or referral.received_on, field="on", what="The first contact", than=than)
    changed = ["first_contact_on", "status"]
    if referral.accepted_on is None:
        referral.accepted_on = on
        changed.append("accepted_on")
    referral.first_contact_on = on
    referral.status = ReferralStatus.CONTACTED
    days = days_between(referral.received_on, on)
    return _save_step(user, referral, changed, f"first contact after {days} days", request)


@transaction.atomic
def referral_close(
    *,
    user: User | AnonymousUser | ApiClient,
    referral: Referral,
    on: date,
    outcome: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """Close an open referral with its outcome (at any step: one not accepted closes too)."""
    referral = _lock(user, referral)
    if not referral.is_open:
        raise ValidationError(f"Referral {referral.reference} is already closed")
    not_in_future(on, field="on", what="The closing date")
    latest = max(d for d in (referral.received_on, referral.accepted_on, referral.first_contact_on) if d)
    not_before(on, latest, field="on", what="The closing date", than="the referral's last step")
    referral.closed_on = on
    referral.outcome = outcome
    referral.status = ReferralStatus.CLOSED
    changed = ["closed_on", "outcome", "status"]
    if note.strip():
        referral.notes = f"{referral.notes}\n\nClosing note ({on:%d/%m/%Y}): {note.strip()}".strip()
        changed.append("notes")
    return _save_step(user, referral, changed, f"closed: {outcome}", request)


@transaction.atomic
def referral_link_family(
    *, user: User | AnonymousUser | ApiClient, referral: Referral, family: Family, request: HttpRequest | None = None
) -> Referral:
    """Link a referral in about a person not yet registered to their family (found, or just
    registered). The details the partner sent stay on the referral, restricted."""
    referral = _lock(user, referral)
    if referral.family_id is not None:
        raise ValidationError(f"Referral {referral.reference} is already linked to family {referral.family}")
    family = lock_family(user, family)
    referral.family = family
    return _save_step(user, referral, ["family"], f"linked to family {family.pk}", request)
